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
)

// readJSON reads one JSON value (RFC 8259, as encoding/json reads it) into
// the data model, with the line of every field.
func readJSON(data []byte) (any, map[string]int, error) {
	r := &jsonReader{data: data, dec: json.NewDecoder(bytes.NewReader(data)), lines: map[string]int{}}
	r.dec.UseNumber()
	r.lines[""] = lineAt(data, r.start())
	v, err := r.value("", 1)
	if err != nil {
		return nil, nil, err
	}
	if _, err := r.dec.Token(); !errors.Is(err, io.EOF) {
		return nil, nil, &Error{Line: lineAt(data, r.start()), Msg: "holds more after its JSON value; a definition file holds one JSON object"}
	}
	return v, r.lines, nil
}

type jsonReader struct {
	data  []byte
	dec   *json.Decoder
	nodes int
	lines map[string]int
}

// start returns the offset of the next token: past whitespace, "," and ":".
func (r *jsonReader) start() int {
	i := int(r.dec.InputOffset())
	for i < len(r.data) && strings.IndexByte(" \t\r\n,:", r.data[i]) >= 0 {
		i++
	}
	return i
}

func (r *jsonReader) token() (json.Token, error) {
	off := r.start()
	tok, err := r.dec.Token()
	if err == nil {
		return tok, nil
	}
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return nil, &Error{Line: lineAt(r.data, int(se.Offset)), Msg: "is not valid JSON: " + se.Error()}
	case errors.Is(err, io.EOF) && off == 0:
		return nil, &Error{Msg: "holds no JSON value; write a definition object such as {\"lifecycle\": \"session\", ...}"}
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return nil, &Error{Line: lineAt(r.data, len(r.data)), Msg: "is truncated: the JSON value does not end"}
	}
	return nil, &Error{Line: lineAt(r.data, off), Msg: "is not valid JSON: " + err.Error()}
}

func (r *jsonReader) value(path string, depth int) (any, error) {
	line := lineAt(r.data, r.start())
	tok, err := r.token()
	if err != nil {
		return nil, err
	}
	r.nodes++
	if r.nodes > MaxNodes {
		return nil, &Error{Line: line, Msg: fmt.Sprintf("holds more than %d values; a tong definition is small", MaxNodes)}
	}
	switch t := tok.(type) {
	case json.Delim:
		if depth > impl.MaxDepth {
			return nil, &Error{Line: line, Msg: fmt.Sprintf("nests arrays and objects deeper than %d; flatten the definition", impl.MaxDepth)}
		}
		if t == '[' {
			list := []any{}
			for i := 0; r.dec.More(); i++ {
				p := path + "[" + strconv.Itoa(i) + "]"
				r.lines[p] = lineAt(r.data, r.start())
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
			kl := lineAt(r.data, r.start())
			kt, err := r.token()
			if err != nil {
				return nil, err
			}
			k := kt.(string)
			if first, dup := keyLine[k]; dup {
				return nil, &Error{Line: kl, Msg: fmt.Sprintf("has the key %q twice (first on line %d); keep one", k, first)}
			}
			keyLine[k] = kl
			p := joinPath(path, k)
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
		if !strings.ContainsAny(s, ".eE") {
			b, ok := new(big.Int).SetString(s, 10)
			if !ok {
				return nil, &Error{Line: line, Msg: "is not valid JSON: bad number " + s}
			}
			return normalize(b), nil
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, &Error{Line: line, Msg: s + " is outside the range of a float; write a smaller number"}
		}
		return f, nil
	case string, bool, nil:
		return t, nil
	}
	return nil, &Error{Line: line, Msg: fmt.Sprintf("is not valid JSON: unexpected %v", tok)}
}
