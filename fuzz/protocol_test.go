package fuzz

import (
	"bytes"
	"math/big"
	"regexp"
	"testing"
	"time"

	"github.com/tongref/tongref/internal/conform"
)

// serveLimit bounds the time one request may take: a request line of the
// fuzzer's size is answered in microseconds, so a second is a hang.
const serveLimit = time.Second

// FuzzProtocol drives the protocol's reader and the reference adapter with
// one request line (spec/PROTOCOL.md). The reader: a value it reads is
// written back and read again to the same value (Decode, Append). The
// adapter (Serve, plain or tagged): any line is answered within
// serveLimit by exactly one line, a JSON object of an id and exactly one
// of result and error; the error's kind is invalid, unsupported or crash;
// the id is the request's when the request is an object with an integer
// id, or begins with one (the id read before a fault is echoed), and null
// or an integer otherwise.
func FuzzProtocol(f *testing.F) {
	protocolSeeds(f).seed(f)
	f.Fuzz(func(t *testing.T, line []byte, tagged bool) {
		if bytes.IndexByte(line, '\n') >= 0 {
			return // one request per line
		}
		req, reqErr := conform.Decode(line)
		if reqErr == nil {
			b, err := conform.Append(nil, req)
			if err != nil {
				t.Fatalf("Append(Decode(%q)) = %v", line, err)
			}
			again, err := conform.Decode(b)
			if err != nil || !conform.Equal(req, again) {
				t.Fatalf("Decode(%q) = %v, written %q, read back %v (%v)", line, req, b, again, err)
			}
		}

		var out bytes.Buffer
		start := time.Now()
		err := conform.Serve(bytes.NewReader(append(line, '\n')), &out, conform.ServeOptions{Tagged: tagged})
		if d := time.Since(start); d > serveLimit {
			t.Fatalf("Serve(%q) took %v", line, d)
		}
		if err != nil {
			t.Fatalf("Serve(%q) = %v", line, err)
		}
		ans := out.Bytes()
		if bytes.Count(ans, []byte("\n")) != 1 || ans[len(ans)-1] != '\n' {
			t.Fatalf("Serve(%q) wrote %q, want one line", line, ans)
		}
		v, err := conform.Decode(ans[:len(ans)-1])
		m, ok := v.(map[string]any)
		if err != nil || !ok {
			t.Fatalf("Serve(%q) answered %q, not a JSON object (%v)", line, ans, err)
		}
		_, hasRes := m["result"]
		e, hasErr := m["error"]
		if len(m) != 2 || hasRes == hasErr {
			t.Fatalf("Serve(%q) answered %q, want an id and exactly one of result and error", line, ans)
		}
		if hasErr {
			em, _ := e.(map[string]any)
			switch em["kind"] {
			case conform.KindInvalid, conform.KindUnsupported, conform.KindCrash:
			default:
				t.Fatalf("Serve(%q) answered %q: error kind %v", line, ans, em["kind"])
			}
		}
		id, hasID := m["id"]
		if !hasID {
			t.Fatalf("Serve(%q) answered %q without an id", line, ans)
		}
		rm, _ := req.(map[string]any)
		switch lead := leadingID.FindSubmatch(line); {
		case reqErr == nil && isInt(rm["id"]):
			if !conform.Equal(id, rm["id"]) {
				t.Fatalf("Serve(%q) answered %q: id %v, want the request's %v", line, ans, id, rm["id"])
			}
		case lead != nil && len(lead[1]) <= conform.MaxIntDigits+1:
			// the id was read before the fault: it is echoed
			want, _ := conform.Decode(lead[1])
			if !conform.Equal(id, want) {
				t.Fatalf("Serve(%q) answered %q: id %v, want %s, read before the fault", line, ans, id, lead[1])
			}
		case id != nil && !isInt(id):
			t.Fatalf("Serve(%q) answered %q: id %v, want null or an integer", line, ans, id)
		}
	})
}

// leadingID matches a request that begins with an integer id.
var leadingID = regexp.MustCompile(`^[ \t\r]*\{[ \t\r]*"id"[ \t\r]*:[ \t\r]*(-?(?:0|[1-9][0-9]*))[ \t\r]*,`)

func isInt(v any) bool {
	switch v.(type) {
	case int64, *big.Int:
		return true
	}
	return false
}
