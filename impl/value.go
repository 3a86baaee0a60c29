package impl

import (
	"fmt"
	"math/big"
	"strconv"
	"unicode/utf8"
)

// The data model (spec rules DM-1 to DM-5).
//
// A definition is a JSON-like tree. In Go its nodes are:
//
//	null      nil
//	bool      bool
//	integer   int, int8, int16, int32, int64, uint, uint8, uint16, uint32,
//	          uint64 or a non-nil *big.Int (any size)
//	float     float64 or float32 (NaN and ±Inf included)
//	string    string (valid UTF-8)
//	list      []any
//	map       map[string]any
//
// Anything else (a struct, a []string, a nil *big.Int) is not a tree node:
// every operation reports it as an error instead of guessing (DM-1). A bool
// is never an integer (DM-2). Trees deeper than MaxDepth are refused (DM-4).

// MaxDepth is the deepest nesting of lists and maps a definition may have
// (DM-4). The definition map itself is depth 1.
const MaxDepth = 100

type kind uint8

const (
	kindUnsupported kind = iota
	kindNull
	kindBool
	kindInt
	kindFloat
	kindString
	kindList
	kindMap
)

func kindOf(v any) kind {
	switch v := v.(type) {
	case nil:
		return kindNull
	case bool:
		return kindBool
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return kindInt
	case *big.Int:
		if v == nil {
			return kindUnsupported
		}
		return kindInt
	case float64, float32:
		return kindFloat
	case string:
		return kindString
	case []any:
		return kindList
	case map[string]any:
		return kindMap
	}
	return kindUnsupported
}

// typeName names a node's type the way messages speak of it.
func typeName(v any) string {
	switch kindOf(v) {
	case kindNull:
		return "null"
	case kindBool:
		return "a bool"
	case kindInt:
		return "an integer"
	case kindFloat:
		return "a float"
	case kindString:
		return "a string"
	case kindList:
		return "a list"
	case kindMap:
		return "a map"
	}
	return "an unsupported Go value"
}

// intValue returns an integer node as an int64 when it fits; big is set
// when it does not. ok is false for anything that is not an integer node.
func intValue(v any) (i int64, fits bool, ok bool) {
	switch v := v.(type) {
	case int:
		return int64(v), true, true
	case int8:
		return int64(v), true, true
	case int16:
		return int64(v), true, true
	case int32:
		return int64(v), true, true
	case int64:
		return v, true, true
	case uint:
		return int64(v), uint64(v) <= 1<<63-1, true
	case uint8:
		return int64(v), true, true
	case uint16:
		return int64(v), true, true
	case uint32:
		return int64(v), true, true
	case uint64:
		return int64(v), v <= 1<<63-1, true
	case *big.Int:
		if v == nil {
			return 0, false, false
		}
		if v.IsInt64() {
			return v.Int64(), true, true
		}
		return 0, false, true
	}
	return 0, false, false
}

// appendInt writes an integer node in decimal.
func appendInt(dst []byte, v any) []byte {
	switch v := v.(type) {
	case uint:
		return strconv.AppendUint(dst, uint64(v), 10)
	case uint64:
		return strconv.AppendUint(dst, v, 10)
	case *big.Int:
		return v.Append(dst, 10)
	}
	i, _, _ := intValue(v)
	return strconv.AppendInt(dst, i, 10)
}

// intFloat converts an integer node to the nearest binary64, rounding half
// to even as Python's float(int) does; overflow gives ±Inf.
func intFloat(v any) float64 {
	switch v := v.(type) {
	case uint:
		return float64(v)
	case uint64:
		return float64(v)
	case *big.Int:
		if v.IsInt64() {
			return float64(v.Int64())
		}
		f, _ := new(big.Float).SetInt(v).Float64()
		return f
	}
	i, _, _ := intValue(v)
	return float64(i)
}

func floatValue(v any) float64 {
	switch v := v.(type) {
	case float64:
		return v
	case float32:
		return float64(v)
	}
	return 0
}

// checkTree checks that v is a well-formed tree (DM-1, DM-3, DM-4) and
// returns the first fault, its Field relative to v. depth is the depth of v
// itself. It allocates only when it finds a fault.
//
// Every operation that takes a definition runs it, so it is written for
// speed: one type switch per node, the common leaves (strings, ints,
// bools) of a list or map checked in the loop without a call, and ASCII
// text accepted without decoding.
func checkTree(v any, depth int) *Error {
	switch v := v.(type) {
	case string:
		if !validText(v) {
			return errorv("", "DM-3", v, "is not valid UTF-8; definitions hold Unicode text only")
		}
		return nil
	case map[string]any:
		if depth > MaxDepth {
			return errorf("", "DM-4", "", "nests deeper than "+strconv.Itoa(MaxDepth)+" lists and maps; flatten the definition")
		}
		// Report the fault under the smallest key, so the answer does not
		// depend on map iteration order.
		var first *Error
		var firstKey string
		for k, e := range v {
			if first != nil && k >= firstKey {
				continue
			}
			var err *Error
			if !validText(k) {
				err = errorf("", "DM-3", strconv.Quote(k), "key is not valid UTF-8; definitions hold Unicode text only")
			} else if s, ok := e.(string); ok {
				if validText(s) {
					continue
				}
				err = checkTree(s, depth+1)
			} else if !isScalarNode(e) {
				err = checkTree(e, depth+1)
			}
			if err != nil {
				err.Field = prefixField(k, err.Field)
				first, firstKey = err, k
			}
		}
		return first
	case []any:
		if depth > MaxDepth {
			return errorf("", "DM-4", "", "nests deeper than "+strconv.Itoa(MaxDepth)+" lists and maps; flatten the definition")
		}
		for i, e := range v {
			if s, ok := e.(string); ok && validText(s) || isScalarNode(e) {
				continue
			}
			if err := checkTree(e, depth+1); err != nil {
				err.Field = prefixField(index("", i), err.Field)
				return err
			}
		}
		return nil
	}
	if kindOf(v) == kindUnsupported {
		return errorf("", "DM-1", "", "is "+goType(v)+", which is not a definition value; use nil, bool, an integer, float64, string, []any or map[string]any")
	}
	return nil
}

// isScalarNode reports whether v is one of the scalar nodes a definition
// read from YAML or JSON holds (null, bool, int, int64, float64), which
// need no check. Other nodes go through checkTree.
func isScalarNode(v any) bool {
	switch v.(type) {
	case nil, bool, int, int64, float64:
		return true
	}
	return false
}

// validText reports whether s is valid UTF-8, without decoding ASCII: it
// reads eight bytes at a time while they are ASCII.
func validText(s string) bool {
	n := len(s)
	var or uint64 // the bytes read, or'ed: their high bits set when one is not ASCII
	switch {
	case n >= 8:
		for i := 0; i+8 <= n; i += 8 {
			or |= load64(s[i:])
		}
		or |= load64(s[n-8:]) // the last bytes, read again in part
	case n >= 4:
		or = uint64(load32(s) | load32(s[n-4:]))
	default:
		for i := 0; i < n; i++ {
			or |= uint64(s[i])
		}
	}
	return or&highs == 0 || utf8.ValidString(s)
}

// prefixField puts a parent path in front of a relative field path.
func prefixField(parent, rel string) string {
	switch {
	case rel == "":
		return parent
	case parent == "":
		return rel
	case rel[0] == '[':
		return parent + rel
	}
	return parent + "." + rel
}

func goType(v any) string {
	if b, ok := v.(*big.Int); ok && b == nil {
		return "a nil *big.Int"
	}
	return "a Go " + fmt.Sprintf("%T", v)
}
