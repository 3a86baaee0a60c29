package gen

import (
	"math"
	"math/big"
	"reflect"
	"sort"
)

// CopyTree returns a deep copy of a data-model tree; values outside the
// model are shared.
func CopyTree(v any) any {
	switch v := v.(type) {
	case []any:
		if v == nil {
			return v
		}
		c := make([]any, len(v))
		for i, e := range v {
			c[i] = CopyTree(e)
		}
		return c
	case map[string]any:
		if v == nil {
			return v
		}
		c := make(map[string]any, len(v))
		for k, e := range v {
			c[k] = CopyTree(e)
		}
		return c
	case *big.Int:
		if v == nil {
			return v
		}
		return new(big.Int).Set(v)
	}
	return v
}

// SameTree reports whether a and b are the same tree, node type for node
// type: floats are compared bit for bit (so NaN equals itself and -0 is
// not 0), *big.Int by value, and nil maps and lists differ from empty ones.
func SameTree(a, b any) bool {
	switch a := a.(type) {
	case []any:
		b, ok := b.([]any)
		if !ok || len(a) != len(b) || (a == nil) != (b == nil) {
			return false
		}
		for i := range a {
			if !SameTree(a[i], b[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) || (a == nil) != (b == nil) {
			return false
		}
		for k, e := range a {
			f, ok := b[k]
			if !ok || !SameTree(e, f) {
				return false
			}
		}
		return true
	case *big.Int:
		b, ok := b.(*big.Int)
		if !ok || (a == nil) != (b == nil) {
			return false
		}
		return a == nil || a.Cmp(b) == 0
	case float64:
		b, ok := b.(float64)
		return ok && math.Float64bits(a) == math.Float64bits(b)
	case float32:
		b, ok := b.(float32)
		return ok && math.Float32bits(a) == math.Float32bits(b)
	}
	return reflect.DeepEqual(a, b) // also values outside the model
}

// Rebuild returns a copy of v built differently but equal in the data
// model (DM-2, DM-6): maps are filled in a drawn key order, and integers
// that fit are given another Go integer type.
func Rebuild(t T, v any) any {
	switch v := v.(type) {
	case []any:
		c := make([]any, len(v))
		for i, e := range v {
			c[i] = Rebuild(t, e)
		}
		return c
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		// a permutation: each key swapped with one at or after it
		for i := range keys {
			j := Int(t, "key_order", i, len(keys)-1)
			keys[i], keys[j] = keys[j], keys[i]
		}
		c := make(map[string]any, len(v))
		for _, k := range keys {
			c[k] = Rebuild(t, v[k])
		}
		return c
	}
	if n, ok := Int64Of(v); ok {
		return intNode(t, "retype", n)
	}
	return CopyTree(v)
}

// Int64Of returns an integer node's value when it fits an int64.
func Int64Of(v any) (int64, bool) {
	switch v := v.(type) {
	case int:
		return int64(v), true
	case int8:
		return int64(v), true
	case int16:
		return int64(v), true
	case int32:
		return int64(v), true
	case int64:
		return v, true
	case uint:
		return int64(v), v <= math.MaxInt64
	case uint8:
		return int64(v), true
	case uint16:
		return int64(v), true
	case uint32:
		return int64(v), true
	case uint64:
		return int64(v), v <= math.MaxInt64
	case *big.Int:
		if v != nil && v.IsInt64() {
			return v.Int64(), true
		}
	}
	return 0, false
}

// Path is the way to one node of a tree: map keys (string) and list
// indices (int).
type Path []any

// Leaves lists the paths of every node of v, the root included, in a
// fixed order.
func Leaves(v any) []Path {
	var out []Path
	var walk func(v any, p Path)
	walk = func(v any, p Path) {
		out = append(out, append(Path(nil), p...))
		switch v := v.(type) {
		case []any:
			for i, e := range v {
				walk(e, append(p, i))
			}
		case map[string]any:
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				walk(v[k], append(p, k))
			}
		}
	}
	walk(v, nil)
	return out
}

// Replace returns a copy of v with the node at p replaced by n.
func Replace(v any, p Path, n any) any {
	if len(p) == 0 {
		return n
	}
	c := CopyTree(v)
	parent := c
	for _, step := range p[:len(p)-1] {
		switch s := step.(type) {
		case int:
			parent = parent.([]any)[s]
		case string:
			parent = parent.(map[string]any)[s]
		}
	}
	switch s := p[len(p)-1].(type) {
	case int:
		parent.([]any)[s] = n
	case string:
		parent.(map[string]any)[s] = n
	}
	return c
}

// At returns the node of v at p.
func At(v any, p Path) any {
	for _, step := range p {
		switch s := step.(type) {
		case int:
			v = v.([]any)[s]
		case string:
			v = v.(map[string]any)[s]
		}
	}
	return v
}

// Changed returns a node whose canonical form differs from v's: another
// number, string, bool or kind of node.
func Changed(v any) any {
	switch v := v.(type) {
	case nil:
		return false
	case bool:
		return !v
	case string:
		return v + "x"
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) || v == 0 {
			return 1.5
		}
		return v * 2
	case float32:
		if v != v || v == 0 || math.IsInf(float64(v), 0) {
			return 1.5
		}
		return float64(v) * 2
	case *big.Int:
		return new(big.Int).Add(v, big.NewInt(1))
	case []any:
		return append(append([]any(nil), v...), nil)
	case map[string]any:
		c := CopyTree(v).(map[string]any)
		c["\x00new"] = nil
		return c
	}
	if n, ok := Int64Of(v); ok {
		if n == math.MaxInt64 {
			return n - 1
		}
		return n + 1
	}
	return nil // a uint64 beyond int64
}
