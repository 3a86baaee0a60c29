package jsonstr

import (
	"encoding/json"
	"errors"
	"testing"
	"unicode/utf8"
)

// Each escape, with the text before it kept and the offset past it.
var escapeTests = []struct {
	in   string // b; the escape starts at 1, after "x"
	want string // buf after the call, "x" first
	next int
	err  error // nil, a sentinel, or errUnknown for an unknown escape
}{
	// the short escapes
	{`x\"y`, `x"`, 3, nil},
	{`x\\`, `x\`, 3, nil},
	{`x\/`, "x/", 3, nil},
	{`x\b\f`, "x\b", 3, nil},
	{`x\f`, "x\f", 3, nil},
	{`x\n`, "x\n", 3, nil},
	{`x\r`, "x\r", 3, nil},
	{`x\t`, "x\t", 3, nil},
	// \u: a code point, upper or lower case
	{`x\u00e9`, "xé", 7, nil},
	{`x\u00E9z`, "xé", 7, nil},
	{`x\u0000`, "x\x00", 7, nil},
	{`x\uffff`, "x\uffff", 7, nil},
	// a surrogate pair is one escape, its code point
	{`x\ud83d\ude00`, "x😀", 13, nil},
	{`x\uD83D\uDE00!`, "x😀", 13, nil},
	// lone surrogates: \udc80 to \udcff a byte, others WTF-8
	{`x\udc80`, "x\x80", 7, nil},
	{`x\udcff`, "x\xff", 7, nil},
	{`x\udc7f`, "x\xed\xb1\xbf", 7, nil},
	{`x\udd00`, "x\xed\xb4\x80", 7, nil},
	{`x\ud800`, "x\xed\xa0\x80", 7, nil},
	{`x\udbff`, "x\xed\xaf\xbf", 7, nil},
	// a high surrogate not followed by a low one stands alone
	{`x\ud83d\u0041`, "x\xed\xa0\xbd", 7, nil},
	{`x\ud83d\ud83d`, "x\xed\xa0\xbd", 7, nil},
	{`x\ud83d\ude0`, "x\xed\xa0\xbd", 7, nil},
	{`x\ud83d\`, "x\xed\xa0\xbd", 7, nil},
	{`x\ud83dA`, "x\xed\xa0\xbd", 7, nil},
	// a low surrogate first is lone too
	{`x\ude00\ud83d`, "x\xed\xb8\x80", 7, nil},
	// faults
	{`x\`, "x", 2, ErrTruncated},
	{`x\u12`, "x", 3, ErrBadUnicode},
	{`x\u12g4`, "x", 3, ErrBadUnicode},
	{`x\u`, "x", 3, ErrBadUnicode},
	{`x\a`, "x", 3, errUnknown},
	{`x\U00e9`, "x", 3, errUnknown},
	{"x\\\xff", "x", 3, errUnknown},
}

var errUnknown = errors.New("unknown escape")

func TestAppendEscape(t *testing.T) {
	for _, tt := range escapeTests {
		buf, next, err := AppendEscape([]byte("x"), []byte(tt.in), 1)
		switch {
		case tt.err == errUnknown:
			if err == nil || err.Error() != "unknown escape \\"+string(rune(tt.in[2])) {
				t.Errorf("AppendEscape(%q) error = %v, want unknown escape \\%c", tt.in, err, tt.in[2])
			}
		case !errors.Is(err, tt.err):
			t.Errorf("AppendEscape(%q) error = %v, want %v", tt.in, err, tt.err)
		}
		if string(buf) != tt.want || next != tt.next {
			t.Errorf("AppendEscape(%q) = %q, %d; want %q, %d", tt.in, buf, next, tt.want, tt.next)
		}
	}
}

// FuzzAppendEscape checks AppendEscape against encoding/json: an escape
// either fails, consuming at most the rest of b and appending nothing, or
// consumes at least two bytes and appends what encoding/json reads for
// it, except that a lone surrogate's escape, six bytes, appends invalid
// UTF-8 where encoding/json reads U+FFFD.
func FuzzAppendEscape(f *testing.F) {
	for _, tt := range escapeTests {
		f.Add([]byte(tt.in))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) < 2 || b[1] != '\\' {
			return
		}
		buf, next, err := AppendEscape(nil, b, 1)
		if err != nil {
			if next < 2 || next > len(b) || len(buf) != 0 {
				t.Fatalf("AppendEscape(%q) = %q, %d, %v; want nothing appended and an offset within b", b, buf, next, err)
			}
			return
		}
		if next < 3 || next > len(b) {
			t.Fatalf("AppendEscape(%q) = %q, %d; want an offset past the escape, within b", b, buf, next)
		}
		esc := b[1:next]
		if !utf8.Valid(buf) {
			if len(esc) != 6 || esc[1] != 'u' {
				t.Fatalf("AppendEscape(%q) = %q from %q; invalid UTF-8 only from one lone surrogate's escape", b, buf, esc)
			}
			return
		}
		var want string
		if err := json.Unmarshal([]byte(`"`+string(esc)+`"`), &want); err != nil || want != string(buf) {
			t.Fatalf("AppendEscape(%q) = %q from %q; encoding/json reads %q, %v", b, buf, esc, want, err)
		}
	})
}
