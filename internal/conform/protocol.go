package conform

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strconv"
)

// The protocol's lines (spec/PROTOCOL.md): a request or an answer is one
// JSON object on one line. The runner writes requests and reads answers;
// Serve, the reference's adapter, reads requests and writes answers; both
// through the functions here.

// appendRequest writes the request line {"id":ID,"op":OP,"args":ARGS}
// and its newline; args is the arguments' encoding.
func appendRequest(dst []byte, id int64, op string, args []byte) []byte {
	dst = append(dst, `{"id":`...)
	dst = strconv.AppendInt(dst, id, 10)
	dst = append(dst, `,"op":`...)
	dst = AppendString(dst, op)
	dst = append(dst, `,"args":`...)
	dst = append(dst, args...)
	return append(dst, "}\n"...)
}

// readLineMax reads one line without its newline. A line longer than max
// bytes (max > 0) is errLineTooLong, with dst holding what was read of it
// before the chunk that went over; with skip, the rest of the line is
// read and dropped first, so the next read starts at the next line.
func readLineMax(r *bufio.Reader, dst []byte, max int, skip bool) ([]byte, error) {
	start := len(dst)
	for {
		chunk, err := r.ReadSlice('\n')
		if n := len(dst) - start + len(chunk); max > 0 && n > max && (n > max+1 || chunk[len(chunk)-1] != '\n') {
			if skip && err == bufio.ErrBufferFull {
				if err := skipLine(r); err != nil && !errors.Is(err, io.EOF) {
					return dst, err
				}
			}
			return dst, errLineTooLong
		}
		dst = append(dst, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if n := len(dst); n > 0 && dst[n-1] == '\n' {
			dst = dst[:n-1]
			if n := len(dst); n > 0 && dst[n-1] == '\r' {
				dst = dst[:n-1]
			}
		}
		return dst, err
	}
}

// requestID is a request's id as it was written (any JSON integer).
type requestID struct{ v any }

func (id requestID) idPlusOne() requestID {
	if i, ok := id.v.(int64); ok {
		return requestID{i + 1}
	}
	return requestID{int64(-1)}
}

func parseRequest(line []byte) (requestID, string, map[string]any, error) {
	if id, op, argm, ok := parseRunnerRequest(line); ok {
		return id, op, argm, nil
	}
	v, err := Decode(line)
	if err != nil {
		// the answer still carries the id when it was read before the
		// fault (the runner writes it first)
		return idBeforeFault(line), "", nil, fmt.Errorf("request is not JSON: %v", err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return requestID{}, "", nil, errors.New("request is not a JSON object")
	}
	id := requestID{m["id"]}
	switch m["id"].(type) {
	case int64, *big.Int:
	default:
		return requestID{}, "", nil, errors.New("request has no integer id")
	}
	op, ok := m["op"].(string)
	if !ok {
		return id, "", nil, errors.New("request has no op string")
	}
	argm, ok := m["args"].(map[string]any)
	if !ok {
		return id, op, nil, errors.New("request has no args object")
	}
	return id, op, argm, nil
}

// parseRunnerRequest reads a request line written the way the runner
// writes it (appendRequest: {"id":N,"op":"...","args":{...}}, no space)
// without the map of its three members; ok is false for any other line,
// which parseRequest then reads in full. Where ok, the result is the one
// parseRequest's full reading gives: the same value reader reads each
// member, and the members, in the runner's order, cannot repeat.
func parseRunnerRequest(line []byte) (id requestID, op string, argm map[string]any, ok bool) {
	d := sharedDecoder(line)
	if !d.lit(`{"id":`) || d.i >= len(d.b) || (d.b[d.i] != '-' && (d.b[d.i] < '0' || d.b[d.i] > '9')) {
		return requestID{}, "", nil, false
	}
	n, err := d.number()
	if err != nil {
		return requestID{}, "", nil, false
	}
	switch n.(type) {
	case int64, *big.Int:
	default:
		return requestID{}, "", nil, false
	}
	if !d.lit(`,"op":"`) {
		return requestID{}, "", nil, false
	}
	d.i-- // str reads the opening quote
	if op, err = d.str(); err != nil || !d.lit(`,"args":{`) {
		return requestID{}, "", nil, false
	}
	d.i--
	v, err := d.value(1)
	if err != nil || !d.lit("}") || d.i != len(d.b) {
		return requestID{}, "", nil, false
	}
	return requestID{n}, op, v.(map[string]any), true
}

func appendAnswer(dst []byte, id requestID, r Response) []byte {
	dst = append(dst, `{"id":`...)
	switch v := id.v.(type) {
	case int64:
		dst = strconv.AppendInt(dst, v, 10)
	case *big.Int:
		dst = v.Append(dst, 10)
	default:
		dst = append(dst, "null"...)
	}
	dst = append(dst, ',')
	dst = r.appendMembers(dst)
	return append(dst, '\n')
}

// answer is a decoded response line.
type answer struct {
	id   any
	resp Response
}

// parseAnswer reads a response line; err is a protocol fault.
func parseAnswer(line []byte) (answer, error) {
	v, err := Decode(line)
	if err != nil {
		return answer{}, fmt.Errorf("the answer is not JSON (%v): %s", err, clip(line))
	}
	m, ok := v.(map[string]any)
	if !ok {
		return answer{}, fmt.Errorf("the answer is not a JSON object: %s", clip(line))
	}
	a := answer{id: m["id"]}
	res, hasRes := m["result"]
	ev, hasErr := m["error"]
	switch {
	case hasRes && hasErr:
		return a, fmt.Errorf("the answer has both result and error: %s", clip(line))
	case hasRes:
		a.resp = Response{Result: res}
	case hasErr:
		em, ok := ev.(map[string]any)
		kind, _ := em["kind"].(string)
		if !ok || (kind != KindInvalid && kind != KindUnsupported && kind != KindCrash) {
			return a, fmt.Errorf("the answer's error is not {\"kind\": invalid|unsupported|crash, ...}: %s", clip(line))
		}
		msg, _ := em["message"].(string)
		a.resp = Response{Err: &RespError{Kind: kind, Message: msg}}
	default:
		return a, fmt.Errorf("the answer has neither result nor error: %s", clip(line))
	}
	return a, nil
}

func sameID(v any, id int64) bool {
	switch v := v.(type) {
	case int64:
		return v == id
	case *big.Int:
		return v.IsInt64() && v.Int64() == id
	}
	return false
}

func clip(b []byte) string {
	const max = 200
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}

// skipLine reads and drops the rest of a line, its newline included.
func skipLine(r *bufio.Reader) error {
	for {
		if _, err := r.ReadSlice('\n'); err != bufio.ErrBufferFull {
			return err
		}
	}
}

// errLineTooLong is readLineMax's error for a line over its limit.
var errLineTooLong = errors.New("line too long")

// idBeforeFault reads the members of a request object in order up to the
// first fault, and returns the id when an integer id came before it; an
// id null otherwise.
func idBeforeFault(line []byte) requestID {
	d := decoder{b: line}
	d.ws()
	if !d.lit("{") {
		return requestID{}
	}
	for {
		d.ws()
		if d.i >= len(d.b) || d.b[d.i] != '"' {
			return requestID{}
		}
		k, err := d.strKey(true)
		if err != nil {
			return requestID{}
		}
		d.ws()
		if !d.lit(":") {
			return requestID{}
		}
		d.ws()
		v, err := d.value(1)
		if err != nil {
			return requestID{}
		}
		if k == "id" {
			switch v.(type) {
			case int64, *big.Int:
				return requestID{v}
			}
			return requestID{}
		}
		d.ws()
		if !d.lit(",") {
			return requestID{}
		}
	}
}
