package conform

import (
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/tongref/tongref/impl"
)

// The protocol's JSON written (json.go reads it).

// Append writes v in the protocol's JSON, map keys sorted, on one line. It
// accepts every node of impl's data model (any Go integer type, float32);
// anything else, []string included, is an error, as it is to impl (DM-1).
func Append(dst []byte, v any) ([]byte, error) { return appendValue(dst, v, nil) }

// appendValue is Append, taking the encoding of a map or list that c
// holds from c.
func appendValue(dst []byte, v any, c encCache) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(dst, "null"...), nil
	case bool:
		if v {
			return append(dst, "true"...), nil
		}
		return append(dst, "false"...), nil
	case int:
		return strconv.AppendInt(dst, int64(v), 10), nil
	case int8:
		return strconv.AppendInt(dst, int64(v), 10), nil
	case int16:
		return strconv.AppendInt(dst, int64(v), 10), nil
	case int32:
		return strconv.AppendInt(dst, int64(v), 10), nil
	case int64:
		return strconv.AppendInt(dst, v, 10), nil
	case uint:
		return strconv.AppendUint(dst, uint64(v), 10), nil
	case uint8:
		return strconv.AppendUint(dst, uint64(v), 10), nil
	case uint16:
		return strconv.AppendUint(dst, uint64(v), 10), nil
	case uint32:
		return strconv.AppendUint(dst, uint64(v), 10), nil
	case uint64:
		return strconv.AppendUint(dst, v, 10), nil
	case *big.Int:
		if v == nil {
			return dst, errors.New("json: nil *big.Int")
		}
		return v.Append(dst, 10), nil
	case float64:
		return AppendFloat(dst, v), nil
	case float32:
		return AppendFloat(dst, float64(v)), nil
	case string:
		return AppendString(dst, v), nil
	case []any:
		if c != nil && len(v) > 0 {
			if b, ok := c[nodeKey{reflect.ValueOf(v).Pointer(), len(v)}]; ok {
				return append(dst, b...), nil
			}
		}
		dst = append(dst, '[')
		for i, e := range v {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err error
			if dst, err = appendValue(dst, e, c); err != nil {
				return dst, err
			}
		}
		return append(dst, ']'), nil
	case map[string]any:
		if c != nil && v != nil {
			if b, ok := c[nodeKey{reflect.ValueOf(v).Pointer(), -1}]; ok {
				return append(dst, b...), nil
			}
		}
		if len(v) <= maxStackMembers {
			return appendSmallMap(dst, v, c)
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		dst = append(dst, '{')
		for i, k := range keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendString(dst, k)
			dst = append(dst, ':')
			var err error
			if dst, err = appendValue(dst, v[k], c); err != nil {
				return dst, err
			}
		}
		return append(dst, '}'), nil
	}
	return dst, fmt.Errorf("json: cannot write a Go %T", v)
}

// maxStackMembers is the most members of a map Append sorts on the stack.
const maxStackMembers = 16

// mapMember is a map's key and value, as Append sorts them.
type mapMember struct {
	k string
	v any
}

// appendSmallMap writes a map of at most maxStackMembers members: its
// members gathered on the stack in one pass of the map and sorted there,
// so no value is looked up again and nothing is allocated.
func appendSmallMap(dst []byte, v map[string]any, c encCache) ([]byte, error) {
	var stack [maxStackMembers]mapMember
	ms := stack[:0]
	for k, e := range v {
		ms = append(ms, mapMember{k, e})
	}
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].k < ms[j-1].k; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
	dst = append(dst, '{')
	for i := range ms {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = AppendString(dst, ms[i].k)
		dst = append(dst, ':')
		var err error
		if dst, err = appendValue(dst, ms[i].v, c); err != nil {
			return dst, err
		}
	}
	return append(dst, '}'), nil
}

// Marshal is Append to a new slice; it panics on a value outside the data
// model, which only a programming error can produce.
func Marshal(v any) []byte {
	b, err := Append(nil, v)
	if err != nil {
		panic(err)
	}
	return b
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// AppendFloat writes f as Python's repr does: the shortest digits that read
// back as f, always with a "." or an exponent so it reads back as a float
// (impl.AppendPythonFloat, the form the config hash uses too).
func AppendFloat(dst []byte, f float64) []byte {
	return impl.AppendPythonFloat(dst, f)
}

// AppendString writes s as a JSON string: '"', '\\' and control characters
// escaped, other valid UTF-8 written as itself, and each byte that is not
// part of valid UTF-8 written as the lone surrogate \udcXX.
func AppendString(dst []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if i = plainEndString(s, i); i == len(s) {
			break
		}
		c := s[i]
		if c >= 0x80 {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || n > 1 {
				i += n
				continue
			}
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', 'd', 'c', hexDigits[c>>4], hexDigits[c&15])
			i++
			start = i
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"':
			dst = append(dst, '\\', '"')
		case '\\':
			dst = append(dst, '\\', '\\')
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
		}
		i++
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// An encCache holds the encodings of maps and lists that no one changes
// while it is in use, keyed by identity: a map by its pointer, a list by
// its first element's address and its length (a list that shares another's
// backing array shows the same elements). The runner keeps one per op
// for the maps and lists of the op's pool (schedule.go): a recombined
// request is built of them, and encoding it copies their bytes instead
// of walking them again.
type encCache map[nodeKey][]byte

type nodeKey struct {
	p uintptr
	n int // a list's length; -1 for a map
}

// add encodes the maps and lists of v, at most depth levels down, into c.
// v is one of the values c's user keeps unchanged and alive as long as c.
func (c encCache) add(v any, depth int) {
	if depth < 0 {
		return
	}
	var k nodeKey
	switch x := v.(type) {
	case map[string]any:
		if x == nil {
			return
		}
		for _, e := range x {
			c.add(e, depth-1)
		}
		k = nodeKey{reflect.ValueOf(v).Pointer(), -1}
	case []any:
		if len(x) == 0 {
			return
		}
		for _, e := range x {
			c.add(e, depth-1)
		}
		k = nodeKey{reflect.ValueOf(v).Pointer(), len(x)}
	default:
		return
	}
	if _, ok := c[k]; ok {
		return
	}
	if b, err := appendValue(nil, v, c); err == nil {
		c[k] = b
	}
}
