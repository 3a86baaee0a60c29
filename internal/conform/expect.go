package conform

import (
	"math"
	"math/big"
	"strconv"
	"sync/atomic"
)

// Agreement read from the bytes. An adapter that writes its answers the
// way tongref's own does (compact JSON, keys sorted, Serve's appendAnswer)
// sends, for a case it agrees on, the very bytes the reference's answer
// encodes to. The runner encodes that answer beside the request, while it
// generates the case, and a line equal to it is judged without decoding:
// the verdict is the one compare gives the reference's answer against
// itself. Only an Agree verdict is taken that way; any other line, and
// any other verdict, goes through parseAnswer and compare as before, so
// every report, divergence and fault reads exactly as it did. The answer
// is encoded only where decoding those bytes gives back a value equal to
// it (sameAfterDecode), so the two paths cannot disagree.
//
// For an error answer the message is not part of the comparison
// (spec/PROTOCOL.md, "Comparison": only the kind counts), so the line
// must only start with the id and the error's kind, hold a well-formed
// JSON string as its message, and end there.

// expectedAnswer is a case's reference answer as an answer line writes
// it after `{"id":N,`: for a result, the rest of the line,
// `"result":...}`; for an error, `"error":{"kind":"K","message":`, a
// string and `}}` following.
type expectedAnswer struct {
	b     []byte
	isErr bool
}

// appendExpected appends the bytes of resp as expectedAnswer, reporting
// false when the fast path must not be used for it.
func appendExpected(dst []byte, resp Response) ([]byte, bool) {
	if resp.Err != nil {
		dst = append(dst, `"error":{"kind":`...)
		dst = AppendString(dst, resp.Err.Kind)
		return append(dst, `,"message":`...), true
	}
	if !sameAfterDecode(resp.Result) {
		return dst, false
	}
	dst = append(dst, `"result":`...)
	dst, err := Append(dst, resp.Result)
	if err != nil {
		return dst, false
	}
	return append(dst, '}'), true
}

// canonicalNaN is the NaN the reader returns for "NaN".
var canonicalNaN = math.Float64bits(math.NaN())

// sameAfterDecode reports whether Decode(Append(v)) equals v by Equal
// exactly when v equals itself: every node is one the reader returns, up
// to the integer types Equal compares by value, and every NaN is the one
// the reader returns (Equal compares floats bit for bit).
func sameAfterDecode(v any) bool {
	switch v := v.(type) {
	case nil, bool, string, int64, int:
		return true
	case *big.Int:
		return v != nil
	case float64:
		return v == v || math.Float64bits(v) == canonicalNaN
	case []any:
		for _, e := range v {
			if !sameAfterDecode(e) {
				return false
			}
		}
		return true
	case map[string]any:
		for _, e := range v {
			if !sameAfterDecode(e) {
				return false
			}
		}
		return true
	}
	return false
}

// matchesExpected reports whether line is the answer to request id that
// e describes.
func matchesExpected(line []byte, id int64, e expectedAnswer) bool {
	const head = `{"id":`
	if len(line) < len(head) || string(line[:len(head)]) != head {
		return false
	}
	var num [20]byte
	n := strconv.AppendInt(num[:0], id, 10)
	rest := line[len(head):]
	if len(rest) < len(n)+1 || string(rest[:len(n)]) != string(n) || rest[len(n)] != ',' {
		return false
	}
	rest = rest[len(n)+1:]
	if !e.isErr {
		return string(rest) == string(e.b)
	}
	if len(rest) < len(e.b) || string(rest[:len(e.b)]) != string(e.b) {
		return false
	}
	d := decoder{b: rest, i: len(e.b)}
	if d.i >= len(d.b) || d.b[d.i] != '"' {
		return false
	}
	if _, err := d.str(); err != nil {
		return false
	}
	return string(d.b[d.i:]) == "}}"
}

// answerBytes decides whether the runner keeps encoding the reference's
// answers: it stops when an adapter's lines rarely match them (another
// adapter's JSON spacing or key order), so such a run pays nothing for
// the fast path after its first few thousand answers.
type answerBytes struct {
	off   atomic.Bool
	tries int
	hits  int
}

// note counts one answer that had an expected encoding.
func (a *answerBytes) note(hit bool) {
	a.tries++
	if hit {
		a.hits++
	}
	if a.tries == 4096 && a.hits < a.tries/4 {
		a.off.Store(true)
	}
}
