package conform

import (
	"fmt"
	"math"
	"math/big"
	"reflect"
	"strconv"

	"github.com/tongref/tongref/props/gen"
)

// Equal compares two protocol values the way the runner compares results
// (spec/PROTOCOL.md, "Comparison"): strings byte for byte, lists in order,
// maps by key, and numbers as binary64 values bit for bit, so 30 and 30.0
// agree and 0.0 and -0.0 do not. An integer that no binary64 holds exactly
// equals only the same integer.
func Equal(a, b any) bool {
	switch a := a.(type) {
	case nil:
		return b == nil
	case bool:
		bb, ok := b.(bool)
		return ok && a == bb
	case string:
		bs, ok := b.(string)
		return ok && a == bs
	case []any:
		bl, ok := b.([]any)
		if !ok || len(a) != len(bl) {
			return false
		}
		for i := range a {
			if !Equal(a[i], bl[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok || len(a) != len(bm) {
			return false
		}
		for k, av := range a {
			bv, ok := bm[k]
			if !ok || !Equal(av, bv) {
				return false
			}
		}
		return true
	case int64:
		// the common cases without a big.Int
		if b, ok := b.(int64); ok {
			return a == b
		}
	case float64:
		if b, ok := b.(float64); ok {
			return math.Float64bits(a) == math.Float64bits(b)
		}
	}
	an, aok := number(a)
	bn, bok := number(b)
	if !aok || !bok {
		return false
	}
	if an.isInt && bn.isInt {
		return an.i.Cmp(bn.i) == 0
	}
	af, aexact := an.float()
	bf, bexact := bn.float()
	return aexact && bexact && math.Float64bits(af) == math.Float64bits(bf)
}

type num struct {
	isInt bool
	i     *big.Int
	f     float64
}

func number(v any) (num, bool) {
	switch v := v.(type) {
	case int64:
		return num{isInt: true, i: big.NewInt(v)}, true
	case int:
		return num{isInt: true, i: big.NewInt(int64(v))}, true
	case int8, int16, int32, uint, uint8, uint16, uint32, uint64:
		// a value an op returns as given (partition_secret_env's env
		// values), drawn by a generator in any integer type
		n, ok := gen.Int64Of(v)
		if !ok {
			return num{isInt: true, i: new(big.Int).SetUint64(reflect.ValueOf(v).Uint())}, true
		}
		return num{isInt: true, i: big.NewInt(n)}, true
	case *big.Int:
		return num{isInt: true, i: v}, v != nil
	case float64:
		return num{f: v}, true
	}
	return num{}, false
}

// float returns the number as a binary64 and whether that is exact.
func (n num) float() (float64, bool) {
	if !n.isInt {
		return n.f, true
	}
	f, acc := new(big.Float).SetInt(n.i).Float64()
	return f, acc == big.Exact
}

// Tag rewrites every scalar of v in the tagged form of spec/PROTOCOL.md
// ("Tagged values"); lists and maps keep their shape.
func Tag(v any) any {
	switch v := v.(type) {
	case nil:
		return map[string]any{"type": "null", "value": ""}
	case bool:
		return map[string]any{"type": "bool", "value": strconv.FormatBool(v)}
	case string:
		return map[string]any{"type": "string", "value": v}
	case float64:
		return map[string]any{"type": "float", "value": string(AppendFloat(nil, v))}
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = Tag(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = Tag(e)
		}
		return out
	}
	if n, ok := number(v); ok && n.isInt {
		return map[string]any{"type": "integer", "value": n.i.String()}
	}
	// another Go integer type, or a float32: as the protocol reads it
	if b, err := Append(nil, v); err == nil {
		if d, err := Decode(b); err == nil {
			return Tag(d)
		}
	}
	return v
}

// Untag reverses Tag.
func Untag(v any) (any, error) {
	switch v := v.(type) {
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			u, err := Untag(e)
			if err != nil {
				return nil, err
			}
			out[i] = u
		}
		return out, nil
	case map[string]any:
		if len(v) == 2 {
			t, tok := v["type"].(string)
			s, sok := v["value"].(string)
			if tok && sok {
				return untagScalar(t, s)
			}
		}
		out := make(map[string]any, len(v))
		for k, e := range v {
			u, err := Untag(e)
			if err != nil {
				return nil, err
			}
			out[k] = u
		}
		return out, nil
	}
	return nil, fmt.Errorf("tagged value: a bare scalar %s where a {\"type\", \"value\"} pair belongs", Marshal(v))
}

func untagScalar(t, s string) (any, error) {
	switch t {
	case "null":
		return nil, nil
	case "bool":
		switch s {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
	case "string":
		return s, nil
	case "integer", "float":
		v, err := Decode([]byte(s))
		if err != nil {
			break
		}
		if t == "float" {
			if _, ok := v.(float64); ok {
				return v, nil
			}
			break
		}
		if n, ok := number(v); ok && n.isInt {
			return v, nil
		}
	}
	return nil, fmt.Errorf("tagged value: bad {\"type\": %q, \"value\": %q}", t, s)
}
