package conform

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The answer fast path (expect.go) must give the verdict the full reading
// gives, for every line: a line it takes must read, in full, as an answer
// compare judges Agree.

// fullVerdict is the verdict of the full reading of line as the answer to
// request id of case c: parseAnswer, then compare.
func fullVerdict(r *runner, c *Case, line []byte, id int64) (Verdict, bool) {
	a, err := parseAnswer(line)
	if err != nil || !sameID(a.id, id) {
		return Crash, false
	}
	v, _ := r.compare(c, a.resp)
	return v, true
}

// fastAgrees is what receiveCase decides from the bytes alone.
func fastAgrees(r *runner, c *Case, line []byte, id int64) bool {
	if c.expected.b == nil || !matchesExpected(line, id, c.expected) {
		return false
	}
	v, _ := r.compare(c, c.Expected)
	return v == Agree
}

// mutations returns variants of an answer line: other ids, spacing, bytes
// changed, dropped or added, other kinds and results.
func mutations(line []byte, id int64) [][]byte {
	s := string(line)
	idText := strconv.FormatInt(id, 10)
	out := []string{
		strings.Replace(s, `"id":`+idText, `"id":`+strconv.FormatInt(id+1, 10), 1),
		strings.Replace(s, `"id":`+idText, `"id":`+idText+`.0`, 1),
		strings.Replace(s, `"id":`+idText, `"id":0`+idText, 1),
		strings.Replace(s, `"id":`+idText, `"id": `+idText, 1),
		strings.Replace(s, ",", ", ", -1),
		strings.Replace(s, ":", ": ", -1),
		s + " ",
		" " + s,
		s + "}",
		s[:len(s)-1],
		strings.Replace(s, `"kind":"invalid"`, `"kind":"crash"`, 1),
		strings.Replace(s, `"kind":"invalid"`, `"kind":"unsupported"`, 1),
		strings.Replace(s, `"message":"`, `"message":1,"x":"`, 1),
		strings.Replace(s, `"message":"`, `"message":"\x01`, 1),
		strings.Replace(s, `"message":"`, `"message":"\ud800`, 1),
		strings.Replace(s, `"message":"`, `"message":"\`, 1),
		strings.Replace(s, `"errors":[]`, `"errors":["x"]`, 1),
		strings.Replace(s, `"errors":[`, `"errors":["x",`, 1),
		strings.Replace(s, `"result":`, `"result":null,"result":`, 1),
		strings.Replace(s, `"result":`, `"error":{"kind":"invalid","message":""},"result":`, 1),
		strings.Replace(s, `"`, `\"`, 1),
		strings.Replace(s, `}`, `,"x":1}`, 1),
	}
	var b [][]byte
	for _, m := range out {
		if m != s {
			b = append(b, []byte(m))
		}
	}
	// every single byte changed, for short lines
	if len(line) < 200 {
		for i := range line {
			for _, c := range []byte{'"', '}', '\\', 'x', '0', ' '} {
				if line[i] != c {
					m := bytes.Clone(line)
					m[i] = c
					b = append(b, m)
				}
			}
		}
	}
	return b
}

// TestFastAnswerAgreesWithFullReading: for the generated cases of every
// op, the reference adapter's own answer line (Serve's) is taken by the
// fast path, and every mutation of it is taken only where the full
// reading judges it Agree too; where the fast path does not take a line,
// the runner reads it in full, so the verdict is the full reading's.
func TestFastAnswerAgreesWithFullReading(t *testing.T) {
	for _, spec := range SpecVersions() {
		r := &runner{opts: Options{Cases: 80, Seed: 11, Gen: PropsGenerator{InDomain: true, Spec: spec}, Ops: OpNames(spec)},
			spec: spec, rep: &Report{}}
		src := r.generated(time.Now())
		hits, cases, mutated, taken := 0, 0, 0, 0
		for c := src(); c != nil; c = src() {
			cases++
			id := int64(cases * 7919)
			var out bytes.Buffer
			req := appendRequest(nil, id, c.Op, c.argsJSON)
			if err := Serve(bytes.NewReader(req), &out, ServeOptions{Spec: spec}); err != nil {
				t.Fatal(err)
			}
			line := bytes.TrimSuffix(out.Bytes(), []byte("\n"))
			want, ok := fullVerdict(r, c, line, id)
			if !ok || want != Agree {
				t.Fatalf("spec %d: %s %s: the reference adapter's answer %s does not agree", spec, c.Op, Marshal(c.Args), line)
			}
			if fastAgrees(r, c, line, id) {
				hits++
			}
			for _, m := range mutations(line, id) {
				mutated++
				if !fastAgrees(r, c, m, id) {
					continue
				}
				taken++
				if v, ok := fullVerdict(r, c, m, id); !ok || v != Agree {
					t.Errorf("spec %d: %s: the fast path takes %s as agreeing; read in full it is %v (read: %v)", spec, c.Op, m, v, ok)
				}
			}
		}
		// a NaN result is the one case encoded but not taken from bytes
		if hits < cases*99/100 {
			t.Errorf("spec %d: the fast path took %d of %d reference answers", spec, hits, cases)
		}
		t.Logf("spec %d: %d cases, fast path took %d; %d of %d mutated lines (each read in full as Agree too)", spec, cases, hits, taken, mutated)
	}
}

// TestSameAfterDecode: a value whose decoded encoding would not equal it
// as it equals itself is never taken from bytes.
func TestSameAfterDecode(t *testing.T) {
	odd := math.Float64frombits(math.Float64bits(math.NaN()) ^ 1)
	for _, tc := range []struct {
		v    any
		want bool
	}{
		{nil, true}, {"a", true}, {int64(3), true}, {1.5, true}, {math.Inf(-1), true}, {math.NaN(), true},
		{[]any{"a", map[string]any{"b": []any{int64(1), 2.5}}}, true},
		{odd, false},
		{[]any{"a", odd}, false},
		{map[string]any{"x": map[string]any{"y": odd}}, false},
		{float32(1.5), false},
		{[]string{"a"}, false},
	} {
		if got := sameAfterDecode(tc.v); got != tc.want {
			t.Errorf("sameAfterDecode(%#v) = %v, want %v", tc.v, got, tc.want)
		}
		// where it says true, the full reading gives an equal value
		if tc.want {
			d, err := Decode(Marshal(tc.v))
			if err != nil || !Equal(tc.v, d) {
				t.Errorf("%#v: decoded %#v (%v), not equal", tc.v, d, err)
			}
		}
	}
	// the non-canonical NaN equals itself, but not its decoded form: the
	// fast path would have agreed where the full reading diverges
	if d, _ := Decode(Marshal(odd)); !Equal(odd, odd) || Equal(odd, d) {
		t.Errorf("Equal no longer compares NaNs bit for bit; sameAfterDecode's NaN rule is out of date")
	}
}

// TestParseRunnerRequestMatchesFull: the request reader's fast path gives
// what the full reading gives, on the runner's requests and variants.
func TestParseRunnerRequestMatchesFull(t *testing.T) {
	r := &runner{opts: Options{Cases: 100, Seed: 4, Gen: PropsGenerator{InDomain: true}, Ops: Ops}, rep: &Report{}}
	src := r.generated(time.Now())
	var lines [][]byte
	id := int64(-5)
	for c := src(); c != nil; c = src() {
		req := appendRequest(nil, id, c.Op, c.argsJSON)
		lines = append(lines, req[:len(req)-1])
		id += 999999999937
	}
	extra := []string{
		`{"id":123456789012345678901234567890,"op":"config_hash","args":{"definition":{}}}`,
		`{"id":-0,"op":"x\"y","args":{}}`,
		`{"id":1.5,"op":"config_hash","args":{}}`,
		`{"id":1e3,"op":"config_hash","args":{}}`,
		`{"id":-Infinity,"op":"config_hash","args":{}}`,
		`{"id":01,"op":"config_hash","args":{}}`,
		`{"id":1,"op":"a","args":{"k":1,"k":2}}`,
		`{"id":1,"op":"a","args":{}} `,
		`{"id":1,"op":"a","args":{}}}`,
		`{"id":1,"op":"a","args":{},"id":2}`,
		`{"id":1,"op":"\ud800","args":{}}`,
		`{"id":1,"op":"` + "\xff" + `","args":{}}`,
		`{"id":1,"op":"a","args":{"v":` + tooDeep + `}}`,
		`{"id":1,"op":"a","args":[]}`,
	}
	for _, e := range extra {
		lines = append(lines, []byte(e))
	}
	fast := 0
	for _, line := range lines {
		variants := append([][]byte{line}, mutations(line, 0)...)
		for _, l := range variants {
			fid, fop, fargs, ok := parseRunnerRequest(l)
			if !ok {
				continue
			}
			fast++
			v, err := Decode(l)
			m, isMap := v.(map[string]any)
			if err != nil || !isMap || !Equal(m["id"], fid.v) || m["op"] != fop || !Equal(m["args"], fargs) || len(m) != 3 {
				t.Errorf("%.200s: the fast reading gives id %v, op %q, args %s; the full reading %v (%v)", l, fid.v, fop, Marshal(fargs), v, err)
			}
		}
	}
	if fast < len(lines)-len(extra) {
		t.Errorf("the fast reading took %d lines, fewer than the %d runner requests", fast, len(lines)-len(extra))
	}
}

// TestBatchedReaderHoldsNoArrivedAnswer: an answer that has arrived is
// handed to the runner at once, even when the adapter has written part of
// the next line and then waits.
func TestBatchedReaderHoldsNoArrivedAnswer(t *testing.T) {
	// the rest of the third line only once the test writes a line
	p, err := startProcess(`printf 'one\ntwo\nthr'; read x; printf 'ee\n'`, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer p.stop()
	for _, want := range []string{"one", "two"} {
		b, err := p.recv(30 * time.Second)
		if err != nil || string(b) != want {
			t.Fatalf("recv = %q, %v; want %q, which has arrived", b, err, want)
		}
	}
	if b, err := p.recv(100 * time.Millisecond); err != errTimeout {
		t.Fatalf("recv = %q, %v; want a timeout: the third line is not whole yet", b, err)
	}
	p.send([]byte("go\n"))
	p.flush()
	if b, err := p.recv(10 * time.Second); err != nil || string(b) != "three" {
		t.Fatalf("recv = %q, %v; want %q", b, err, "three")
	}
	if b, err := p.recv(5 * time.Second); err == nil {
		t.Fatalf("recv = %q after the output ended; want its end", b)
	}
}

// TestPoolEncodingsMatch: a request encoded with its op's pool encodings
// (encCache) has the bytes Append gives it, for the cases of every op
// (pools of 20 to 30 members, most cases recombined from them).
func TestPoolEncodingsMatch(t *testing.T) {
	for _, spec := range SpecVersions() {
		r := &runner{opts: Options{Cases: 700, Seed: 12, Gen: PropsGenerator{InDomain: true, Spec: spec}, Ops: OpNames(spec)},
			spec: spec, rep: &Report{}}
		src := r.generated(time.Now())
		n := 0
		for c := src(); c != nil; c = src() {
			n++
			if want := Marshal(c.Args); !bytes.Equal(c.argsJSON, want) {
				t.Fatalf("spec %d: %s (%s): sent %s, Append gives %s", spec, c.Op, c.Source, c.argsJSON, want)
			}
		}
		if n < 600*len(OpNames(spec)) {
			t.Errorf("spec %d: %d cases", spec, n)
		}
	}
}
