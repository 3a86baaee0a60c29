package load

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/internal/jsonstr"
)

// readJSON reads one JSON value (RFC 8259, as encoding/json reads it) into
// the data model, with the line of every field. Strings are read as the
// protocol reads them (spec/PROTOCOL.md, "Values"), by the protocol
// reader's own escape decoder (internal/jsonstr): a lone surrogate escape
// \udc80 to \udcff is the byte 0x80 to 0xff, any other lone surrogate its
// three-byte encoding, so DM-3 refuses the string in validation exactly as
// it does in the protocol, where encoding/json would substitute U+FFFD.
func readJSON(data []byte) (any, map[string]int, *Error) {
	r := &jsonReader{data: data, dec: json.NewDecoder(bytes.NewReader(data)), lines: map[string]int{}}
	r.dec.UseNumber()
	r.lines[""] = r.lineAt(r.start())
	v, err := r.value("", 1)
	if err != nil {
		return nil, nil, err
	}
	if _, err := r.dec.Token(); !errors.Is(err, io.EOF) {
		return nil, nil, errAt(r.lineAt(r.start()), "", "LOAD-2", "", "holds more after its JSON value; a definition file holds one JSON object")
	}
	return v, r.lines, nil
}

type jsonReader struct {
	data  []byte
	dec   *json.Decoder
	nodes int
	size  int // bytes of scalars and field paths (MaxExpandedSize)
	lines map[string]int
	// the line at offset lineOff, so that lines are counted once through
	// the file rather than from its start at every value
	lineOff, line int
}

// lineAt returns the 1-based line of byte offset i, counting on from the
// last offset asked when i is past it.
func (r *jsonReader) lineAt(i int) int {
	if i > len(r.data) {
		i = len(r.data)
	}
	if i < r.lineOff || r.line == 0 {
		r.lineOff, r.line = 0, 1
	}
	r.line += bytes.Count(r.data[r.lineOff:i], []byte{'\n'})
	r.lineOff = i
	return r.line
}

// grow counts n more bytes of text at a value, failing over
// MaxExpandedSize. A JSON file's scalars are never longer than the file;
// the field paths of a deep, wide file can be.
func (r *jsonReader) grow(n, line int, path string) *Error {
	r.size += n
	if r.size > MaxExpandedSize {
		return sizeError(line, path, "(its paths are long: keys nested deep, and many values under them); a tong definition is small")
	}
	return nil
}

// start returns the offset of the next token: past whitespace, "," and ":".
func (r *jsonReader) start() int {
	i := int(r.dec.InputOffset())
	for i < len(r.data) && strings.IndexByte(" \t\r\n,:", r.data[i]) >= 0 {
		i++
	}
	return i
}

func (r *jsonReader) token() (json.Token, *Error) {
	off := r.start()
	tok, err := r.dec.Token()
	if err == nil {
		if s, ok := tok.(string); ok {
			tok = r.str(s, off)
		}
		return tok, nil
	}
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return nil, errAt(r.lineAt(int(se.Offset)), "", "LOAD-2", "", "is not valid JSON: "+se.Error())
	case errors.Is(err, io.EOF) && off == 0:
		return nil, errAt(0, "", "LOAD-2", "", "holds no JSON value; write a definition object such as {\"lifecycle\": \"session\", ...}")
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return nil, errAt(r.lineAt(len(r.data)), "", "LOAD-2", "", "is truncated: the JSON value does not end")
	}
	return nil, errAt(r.lineAt(off), "", "LOAD-2", "", "is not valid JSON: "+err.Error())
}

// str returns the string token s, which starts at offset off, read again
// from its source when it escapes a surrogate (which s holds as U+FFFD).
func (r *jsonReader) str(s string, off int) string {
	end := int(r.dec.InputOffset())
	if off >= end || end > len(r.data) || r.data[off] != '"' {
		return s
	}
	raw := r.data[off+1 : end-1]
	if !hasSurrogateEscape(raw) {
		return s
	}
	if u, ok := unquote(raw); ok {
		return u
	}
	return s
}

// hasSurrogateEscape reports whether raw may hold \uD800 to \uDFFF.
func hasSurrogateEscape(raw []byte) bool {
	for i := 0; i+2 < len(raw); i++ {
		if raw[i] == '\\' && raw[i+1] == 'u' && (raw[i+2] == 'd' || raw[i+2] == 'D') {
			return true
		}
	}
	return false
}

// unquote reads the body of a JSON string that encoding/json has already
// checked, its escapes as the protocol's reader reads them (package
// jsonstr); false, never reached, for a bad escape.
func unquote(raw []byte) (string, bool) {
	buf := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); {
		if raw[i] != '\\' {
			buf = append(buf, raw[i])
			i++
			continue
		}
		var err error
		if buf, i, err = jsonstr.AppendEscape(buf, raw, i); err != nil {
			return "", false
		}
	}
	return string(buf), true
}

func (r *jsonReader) value(path string, depth int) (any, *Error) {
	line := r.lineAt(r.start())
	tok, err := r.token()
	if err != nil {
		return nil, err
	}
	r.nodes++
	if r.nodes > MaxNodes {
		return nil, errAt(line, path, "LOAD-4", "", fmt.Sprintf("makes the definition more than %d values; a tong definition is small", MaxNodes))
	}
	switch t := tok.(type) {
	case json.Delim:
		if depth > impl.MaxDepth {
			return nil, errAt(line, path, "LOAD-4", "", fmt.Sprintf("nests arrays and objects deeper than %d; flatten the definition", impl.MaxDepth))
		}
		if t == '[' {
			list := []any{}
			for i := 0; r.dec.More(); i++ {
				p := path + "[" + strconv.Itoa(i) + "]"
				l := r.lineAt(r.start())
				if err := r.grow(len(p), l, p); err != nil {
					return nil, err
				}
				r.lines[p] = l
				v, err := r.value(p, depth+1)
				if err != nil {
					return nil, err
				}
				list = append(list, v)
			}
			if _, err := r.token(); err != nil { // consume "]"
				return nil, err
			}
			return list, nil
		}
		m := map[string]any{}
		keyLine := map[string]int{}
		for r.dec.More() {
			kl := r.lineAt(r.start())
			kt, err := r.token()
			if err != nil {
				return nil, err
			}
			k := kt.(string)
			p := joinPath(path, k)
			if first, dup := keyLine[k]; dup {
				return nil, errAt(kl, p, "LOAD-3", "", fmt.Sprintf("is a key written twice in one object (first on line %d); keep one", first))
			}
			keyLine[k] = kl
			if err := r.grow(len(k)+len(p), kl, p); err != nil {
				return nil, err
			}
			r.lines[p] = kl
			v, err := r.value(p, depth+1)
			if err != nil {
				return nil, err
			}
			m[k] = v
		}
		if _, err := r.token(); err != nil { // consume "}"
			return nil, err
		}
		return m, nil
	case json.Number:
		s := t.String()
		if err := r.grow(len(s), line, path); err != nil {
			return nil, err
		}
		if !strings.ContainsAny(s, ".eE") {
			b, ok := new(big.Int).SetString(s, 10)
			if !ok {
				return nil, errAt(line, path, "LOAD-2", showText(s), "is not valid JSON: a bad number")
			}
			return normalize(b), nil
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, errAt(line, path, "LOAD-5", showText(s), "is outside the range of a float; write a smaller number")
		}
		return f, nil
	case string:
		if err := r.grow(len(t), line, path); err != nil {
			return nil, err
		}
		return t, nil
	case bool, nil:
		return t, nil
	}
	return nil, errAt(line, path, "LOAD-2", "", fmt.Sprintf("is not valid JSON: unexpected %v", tok))
}
