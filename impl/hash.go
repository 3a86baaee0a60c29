package impl

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ConfigHash returns the SHA-256, in lowercase hex, of the canonical JSON
// form of a definition (rules HASH-1 to HASH-3). A launcher stamps it on a
// shared tong's container as the swarmforge.tong.config-hash label and
// compares it on a later launch to find a stale container, so every
// launcher must compute it byte for byte alike.
//
// The canonical form is what Python writes with
//
//	json.dumps(defn, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
//
// encoded as UTF-8 (HASH-1): map keys sorted by code point; no whitespace;
// integers in decimal, any size; floats as Python's repr writes them
// ("1.0", "1e+16", "1e-05", "-0.0", "NaN", "Infinity", "-Infinity")
// (HASH-2); strings with only '"', '\\' and the control characters U+0000
// to U+001F escaped, as \b \f \n \r \t or \u00xx, everything else written
// as itself (HASH-3). Any tree is accepted, valid tong or not; a value
// outside the data model is an error.
func ConfigHash(def any) (string, error) {
	var buf [1024]byte // most definitions' canonical form fits
	b, err := appendCanonicalTree(buf[:0], def, 1)
	if err != nil {
		err.Field = prefixField("definition", err.Field)
		return "", err
	}
	sum := sha256.Sum256(b)
	var digits [2 * sha256.Size]byte
	hex.Encode(digits[:], sum[:])
	return string(digits[:]), nil
}

// CanonicalJSON returns the canonical form ConfigHash hashes.
func CanonicalJSON(def any) ([]byte, error) {
	b, err := appendCanonicalTree(nil, def, 1)
	if err != nil {
		err.Field = prefixField("definition", err.Field)
		return nil, err
	}
	return b, nil
}

// appendCanonicalTree writes v, at the given depth of its tree, in the
// canonical form and checks it as it goes: one walk instead of checkTree's
// and appendCanonical's. Its fault is exactly checkTree's (DM-1, DM-3,
// DM-4): it visits a map's keys in sorted order and a list in order, so the
// first fault it meets is the one under the smallest key, the one checkTree
// reports. It allocates only for a map of more than 16 keys, a buffer that
// grows, or a fault.
func appendCanonicalTree(dst []byte, v any, depth int) ([]byte, *Error) {
	switch v := v.(type) {
	case string:
		dst, ok := appendPyText(dst, v)
		if !ok {
			return dst, checkTree(v, depth)
		}
		return dst, nil
	case map[string]any:
		if depth > MaxDepth {
			return dst, checkTree(v, depth)
		}
		// The entries, sorted by key: Go compares strings bytewise, and
		// UTF-8 bytewise order is code point order, the order Python's
		// sort_keys uses. Keeping each value beside its key saves a map
		// lookup per key.
		var stack [16]entry
		entries := stack[:0]
		for k, e := range v {
			entries = append(entries, entry{k, e})
		}
		sortEntries(entries)
		dst = append(dst, '{')
		for i, kv := range entries {
			if i > 0 {
				dst = append(dst, ',')
			}
			var ok bool
			if dst, ok = appendPyText(dst, kv.k); !ok {
				err := errorf("", "DM-3", strconv.Quote(kv.k), "key is not valid UTF-8; definitions hold Unicode text only")
				err.Field = prefixField(kv.k, err.Field)
				return dst, err
			}
			dst = append(dst, ':')
			var err *Error
			if dst, err = appendCanonicalTree(dst, kv.v, depth+1); err != nil {
				err.Field = prefixField(kv.k, err.Field)
				return dst, err
			}
		}
		return append(dst, '}'), nil
	case []any:
		if depth > MaxDepth {
			return dst, checkTree(v, depth)
		}
		dst = append(dst, '[')
		for i, e := range v {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err *Error
			if dst, err = appendCanonicalTree(dst, e, depth+1); err != nil {
				err.Field = prefixField(index("", i), err.Field)
				return dst, err
			}
		}
		return append(dst, ']'), nil
	case nil:
		return append(dst, "null"...), nil
	case bool:
		if v {
			return append(dst, "true"...), nil
		}
		return append(dst, "false"...), nil
	case int:
		return strconv.AppendInt(dst, int64(v), 10), nil
	case float64:
		return AppendPythonFloat(dst, v), nil
	}
	switch kindOf(v) {
	case kindInt:
		return appendInt(dst, v), nil
	case kindFloat:
		return AppendPythonFloat(dst, floatValue(v)), nil
	}
	return dst, checkTree(v, depth) // DM-1
}

// entry is one key and value of a map.
type entry struct {
	k string
	v any
}

// sortEntries sorts a map's entries by key (keys are distinct): by
// insertion for the handful of keys a definition's maps hold.
func sortEntries(es []entry) {
	if len(es) > 16 {
		slices.SortFunc(es, func(a, b entry) int { return strings.Compare(a.k, b.k) })
		return
	}
	for i := 1; i < len(es); i++ {
		for j := i; j > 0 && es[j].k < es[j-1].k; j-- {
			es[j], es[j-1] = es[j-1], es[j]
		}
	}
}

// appendCanonical writes v in the canonical form. It checks kinds as it
// goes, so show() may call it on any value.
func appendCanonical(dst []byte, v any, depth int) ([]byte, error) {
	if depth > MaxDepth+1 {
		return dst, errorf("", "DM-4", "", "nests too deeply")
	}
	switch kindOf(v) {
	case kindNull:
		return append(dst, "null"...), nil
	case kindBool:
		if v.(bool) {
			return append(dst, "true"...), nil
		}
		return append(dst, "false"...), nil
	case kindInt:
		return appendInt(dst, v), nil
	case kindFloat:
		return AppendPythonFloat(dst, floatValue(v)), nil
	case kindString:
		return appendPyString(dst, v.(string)), nil
	case kindList:
		dst = append(dst, '[')
		for i, e := range v.([]any) {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err error
			if dst, err = appendCanonical(dst, e, depth+1); err != nil {
				return dst, err
			}
		}
		return append(dst, ']'), nil
	case kindMap:
		m := v.(map[string]any)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		// Go compares strings bytewise, and UTF-8 bytewise order is code
		// point order, the order Python's sort_keys uses.
		sort.Strings(keys)
		dst = append(dst, '{')
		for i, k := range keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendPyString(dst, k)
			dst = append(dst, ':')
			var err error
			if dst, err = appendCanonical(dst, m[k], depth+1); err != nil {
				return dst, err
			}
		}
		return append(dst, '}'), nil
	}
	return dst, errorf("", "DM-1", "", "is "+goType(v)+", which is not a definition value")
}

// AppendPythonFloat appends f as Python's float.__repr__ writes it
// (HASH-2): the shortest digits that read back as f, in fixed notation when
// the decimal exponent is from -4 to 15, else as d.ddde±XX with at least
// two exponent digits; NaN, Infinity and -Infinity as Python's json module
// writes them. The config hash and the conformance protocol both write
// floats this way.
func AppendPythonFloat(dst []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "NaN"...)
	case math.IsInf(f, 1):
		return append(dst, "Infinity"...)
	case math.IsInf(f, -1):
		return append(dst, "-Infinity"...)
	}
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], f, 'e', -1, 64) // [-]d[.ddd]e±XX
	if e[0] == '-' {
		dst = append(dst, '-')
		e = e[1:]
	}
	// split the mantissa digits from the exponent
	var digits [24]byte
	nd := 0
	k := 0
	for ; e[k] != 'e'; k++ {
		if e[k] != '.' {
			digits[nd] = e[k]
			nd++
		}
	}
	exp, _ := strconv.Atoi(string(e[k+1:]))
	decpt := exp + 1 // f = 0.DIGITS × 10^decpt
	d := digits[:nd]
	if -4 < decpt && decpt <= 16 {
		switch {
		case decpt <= 0:
			dst = append(dst, "0."...)
			for i := 0; i < -decpt; i++ {
				dst = append(dst, '0')
			}
			dst = append(dst, d...)
		case decpt >= nd:
			dst = append(dst, d...)
			for i := nd; i < decpt; i++ {
				dst = append(dst, '0')
			}
			dst = append(dst, ".0"...)
		default:
			dst = append(dst, d[:decpt]...)
			dst = append(dst, '.')
			dst = append(dst, d[decpt:]...)
		}
		return dst
	}
	dst = append(dst, d[0])
	if nd > 1 {
		dst = append(dst, '.')
		dst = append(dst, d[1:]...)
	}
	dst = append(dst, 'e')
	x := decpt - 1
	if x < 0 {
		dst = append(dst, '-')
		x = -x
	} else {
		dst = append(dst, '+')
	}
	if x < 10 {
		dst = append(dst, '0')
	}
	return strconv.AppendInt(dst, int64(x), 10)
}

// appendPyString writes s as json.dumps(..., ensure_ascii=False) does
// (HASH-3). Invalid UTF-8 is written as it is; checkTree refuses it first.
func appendPyString(dst []byte, s string) []byte {
	dst, _ = appendPyText(dst, s)
	return dst
}

// appendPyText is appendPyString that also reports whether s is valid
// UTF-8 (DM-3), in the same pass over its bytes.
func appendPyText(dst []byte, s string) ([]byte, bool) {
	const hexDigits = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	ascii := true
	for i := jsonPlainPrefix(s); i < len(s); i++ {
		c := s[i]
		if byteClass[c]&bJSONPlain != 0 {
			continue
		}
		if c >= utf8.RuneSelf {
			ascii = false
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
		start = i + 1
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"'), ascii || utf8.ValidString(s)
}
