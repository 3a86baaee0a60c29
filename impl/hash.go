package impl

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"sort"
	"strconv"
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
	if err := checkTree(def, 1); err != nil {
		err.Field = prefixField("definition", err.Field)
		return "", err
	}
	b, err := appendCanonical(make([]byte, 0, 512), def, 0)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// CanonicalJSON returns the canonical form ConfigHash hashes.
func CanonicalJSON(def any) ([]byte, error) {
	if err := checkTree(def, 1); err != nil {
		err.Field = prefixField("definition", err.Field)
		return nil, err
	}
	return appendCanonical(nil, def, 0)
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
	const hexDigits = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
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
	return append(dst, '"')
}
