package conform

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"unicode/utf8"

	"github.com/tongref/tongref/internal/jsonstr"
)

// The protocol's JSON (spec/PROTOCOL.md, "Values"): the data model of
// package impl, read and written exactly.
//
//	null            nil
//	true, false     bool
//	12, -7          int64, or *big.Int when it does not fit
//	1.5, 1e+16      float64; NaN, Infinity, -Infinity included
//	"text"          string (\udcXX lone surrogates are raw bytes: package
//	                jsonstr reads the escapes, as load's reader does)
//	[...]           []any
//	{...}           map[string]any; a repeated key is an error
//
// encoding/json cannot read NaN, turns every number into a float64 and
// keeps the last of two equal keys, so the protocol has its own reader.

// maxNesting bounds the reader's recursion; impl refuses trees deeper than
// impl.MaxDepth (100) itself, so a little room above it is enough.
const maxNesting = 200

// MaxIntDigits bounds the digits of an integer the reader accepts: reading
// an integer's text takes time that grows with the square of its length
// (a million digits cost tens of seconds), so a longer one is an error.
// It is Python's own default limit on integer text (sys.int_info's
// default_max_str_digits), far above any integer the data model needs (the
// generators' largest are about 330 digits; 2^1024, past every float, has
// 309).
const MaxIntDigits = 4300

// Decode reads one JSON value that makes up the whole of b (surrounding
// whitespace allowed).
func Decode(b []byte) (any, error) {
	d := decoder{b: b}
	d.ws()
	v, err := d.value(0)
	if err != nil {
		return nil, err
	}
	d.ws()
	if d.i != len(d.b) {
		return nil, d.errorf("unexpected %q after the value", d.b[d.i])
	}
	return v, nil
}

// clipBytes shortens text an error quotes: the reader's input may be
// megabytes long.
func clipBytes(b []byte) string {
	const max = 64
	if len(b) > max {
		return fmt.Sprintf("%s… (%d bytes)", b[:max], len(b))
	}
	return string(b)
}

type decoder struct {
	b []byte
	i int
	// s, when shared, is b as one string: a string without escapes is
	// then a substring of it, not a copy of its own (one allocation for
	// the line instead of one for each string; the strings keep the
	// whole line alive)
	s      string
	shared bool
}

// sharedDecoder reads b, its strings cut from one copy of it.
func sharedDecoder(b []byte) decoder {
	return decoder{b: b, s: string(b), shared: true}
}

func (d *decoder) errorf(format string, args ...any) error {
	return fmt.Errorf("json: offset %d: %s", d.i, fmt.Sprintf(format, args...))
}

func (d *decoder) ws() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *decoder) lit(s string) bool {
	if len(d.b)-d.i >= len(s) && string(d.b[d.i:d.i+len(s)]) == s {
		d.i += len(s)
		return true
	}
	return false
}

func (d *decoder) value(depth int) (any, error) {
	if depth > maxNesting {
		return nil, d.errorf("nested deeper than %d", maxNesting)
	}
	if d.i >= len(d.b) {
		return nil, d.errorf("unexpected end of input")
	}
	switch c := d.b[d.i]; {
	case c == '{':
		return d.object(depth)
	case c == '[':
		return d.array(depth)
	case c == '"':
		return d.str()
	case c == 't' && d.lit("true"):
		return true, nil
	case c == 'f' && d.lit("false"):
		return false, nil
	case c == 'n' && d.lit("null"):
		return nil, nil
	case c == 'N' && d.lit("NaN"):
		return math.NaN(), nil
	case c == 'I' && d.lit("Infinity"):
		return math.Inf(1), nil
	case c == '-' && d.lit("-Infinity"):
		return math.Inf(-1), nil
	case c == '-' || '0' <= c && c <= '9':
		return d.number()
	}
	return nil, d.errorf("unexpected %q", d.b[d.i])
}

func (d *decoder) object(depth int) (any, error) {
	d.i++ // consume '{'
	m := make(map[string]any)
	d.ws()
	if d.i < len(d.b) && d.b[d.i] == '}' {
		d.i++
		return m, nil
	}
	for {
		d.ws()
		if d.i >= len(d.b) || d.b[d.i] != '"' {
			return nil, d.errorf("want a string key")
		}
		k, err := d.strKey(true)
		if err != nil {
			return nil, err
		}
		if _, dup := m[k]; dup {
			return nil, d.errorf("key %q repeated", clipBytes([]byte(k)))
		}
		d.ws()
		if d.i >= len(d.b) || d.b[d.i] != ':' {
			return nil, d.errorf("want ':' after a key")
		}
		d.i++
		d.ws()
		v, err := d.value(depth + 1)
		if err != nil {
			return nil, err
		}
		m[k] = v
		d.ws()
		if d.i >= len(d.b) {
			return nil, d.errorf("unexpected end of input in an object")
		}
		switch d.b[d.i] {
		case ',':
			d.i++
		case '}':
			d.i++
			return m, nil
		default:
			return nil, d.errorf("want ',' or '}' in an object")
		}
	}
}

func (d *decoder) array(depth int) (any, error) {
	d.i++ // consume '['
	l := []any{}
	d.ws()
	if d.i < len(d.b) && d.b[d.i] == ']' {
		d.i++
		return l, nil
	}
	for {
		d.ws()
		v, err := d.value(depth + 1)
		if err != nil {
			return nil, err
		}
		l = append(l, v)
		d.ws()
		if d.i >= len(d.b) {
			return nil, d.errorf("unexpected end of input in an array")
		}
		switch d.b[d.i] {
		case ',':
			d.i++
		case ']':
			d.i++
			return l, nil
		default:
			return nil, d.errorf("want ',' or ']' in an array")
		}
	}
}

// number reads JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (d *decoder) number() (any, error) {
	start := d.i
	if d.b[d.i] == '-' {
		d.i++
	}
	digits := func() int {
		n := 0
		for d.i < len(d.b) && '0' <= d.b[d.i] && d.b[d.i] <= '9' {
			d.i++
			n++
		}
		return n
	}
	intStart := d.i
	nInt := digits()
	if nInt == 0 || (nInt > 1 && d.b[intStart] == '0') {
		return nil, d.errorf("malformed number %q", clipBytes(d.b[start:d.i]))
	}
	isFloat := false
	if d.i < len(d.b) && d.b[d.i] == '.' {
		d.i++
		isFloat = true
		if digits() == 0 {
			return nil, d.errorf("malformed number %q", clipBytes(d.b[start:d.i]))
		}
	}
	if d.i < len(d.b) && (d.b[d.i] == 'e' || d.b[d.i] == 'E') {
		d.i++
		isFloat = true
		if d.i < len(d.b) && (d.b[d.i] == '+' || d.b[d.i] == '-') {
			d.i++
		}
		if digits() == 0 {
			return nil, d.errorf("malformed number %q", clipBytes(d.b[start:d.i]))
		}
	}
	if !isFloat && nInt > MaxIntDigits {
		return nil, d.errorf("an integer of more than %d digits (%d)", MaxIntDigits, nInt)
	}
	if !isFloat && nInt <= 18 {
		// fits an int64: read without a string
		var n int64
		for _, c := range d.b[intStart:d.i] {
			n = n*10 + int64(c-'0')
		}
		if d.b[start] == '-' {
			n = -n
		}
		return n, nil
	}
	var s string
	if d.shared {
		s = d.s[start:d.i]
	} else {
		s = string(d.b[start:d.i])
	}
	if isFloat {
		// ParseFloat rounds correctly; overflow gives ±Inf, as Python's
		// float() does for "1e400".
		f, err := parseFloat(s)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return nil, d.errorf("malformed number %q", clipBytes([]byte(s)))
		}
		return f, nil
	}
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return i, nil
	}
	n, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return nil, d.errorf("malformed number %q", clipBytes([]byte(s)))
	}
	return n, nil
}

// knownKeys are the map keys of requests, answers and definitions: a decoded
// key that is one of them is not allocated again.
var knownKeys = func() map[string]string {
	m := map[string]string{}
	for _, k := range []string{"id", "op", "args", "result", "error", "kind", "message", "errors",
		"hello", "protocol", "name", "ops", "values", "pipeline", "type", "value",
		"lifecycle", "image", "interface", "port", "transport", "volume", "mountpoint",
		"readiness", "mode", "command", "timeout", "timeout_s", "env", "mounts", "networks", "resources", "memory", "cpus"} {
		m[k] = k
	}
	for _, o := range opTable {
		for _, a := range o.Args {
			m[a.Name] = a.Name
		}
	}
	return m
}()

func (d *decoder) str() (string, error) {
	return d.strKey(false)
}

// strKey reads a string; a map key among knownKeys is not allocated.
func (d *decoder) strKey(key bool) (string, error) {
	d.i++ // consume '"'
	start := d.i
	ascii := true
	// fast path: no escapes
	d.i = plainEndBytes(d.b, d.i)
	for d.i < len(d.b) {
		c := d.b[d.i]
		if c == '"' {
			b := d.b[start:d.i]
			d.i++
			if d.shared {
				if !ascii && !utf8.Valid(b) {
					return "", d.errorf("string is not valid UTF-8")
				}
				return d.s[start : d.i-1], nil
			}
			if key {
				if k, ok := knownKeys[string(b)]; ok {
					return k, nil
				}
			}
			if !ascii && !utf8.Valid(b) {
				return "", d.errorf("string is not valid UTF-8")
			}
			return string(b), nil
		}
		if c >= 0x80 {
			ascii = false
		}
		if c == '\\' || c < 0x20 {
			break
		}
		d.i++
	}
	buf := append([]byte(nil), d.b[start:d.i]...)
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			d.i++
			return string(buf), nil
		case c < 0x20:
			return "", d.errorf("control character %#x in a string", c)
		case c == '\\':
			// the escapes as package load reads them too
			var err error
			if buf, d.i, err = jsonstr.AppendEscape(buf, d.b, d.i); err != nil {
				return "", d.errorf("%v", err)
			}
		default:
			// copy one UTF-8 sequence, checking it
			r, n := utf8.DecodeRune(d.b[d.i:])
			if r == utf8.RuneError && n <= 1 {
				return "", d.errorf("string is not valid UTF-8")
			}
			buf = append(buf, d.b[d.i:d.i+n]...)
			d.i += n
		}
	}
	return "", d.errorf("unexpected end of input in a string")
}
