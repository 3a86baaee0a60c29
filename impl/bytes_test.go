package impl

import (
	"math/rand/v2"
	"path"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestByteClasses holds each byte class of the table to the grammar it
// stands for, written out as range tests, for all 256 bytes.
func TestByteClasses(t *testing.T) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		upper, lower, digit := 'A' <= b && b <= 'Z', 'a' <= b && b <= 'z', '0' <= b && b <= '9'
		alnum := upper || lower || digit
		want := map[uint16]bool{
			bAlnum:      alnum,
			bLowerAlnum: lower || digit,
			bHex:        digit || 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F',
			bName:       alnum || b == '_' || b == '.' || b == '-',
			bLabel:      alnum || b == '-',
			bIdent:      alnum || b == '_',
			bProvider:   alnum || b == '_' || b == '-',
			bPath:       alnum || b != 0 && strings.IndexByte("-._~!$&'()*+,;=:@/", b) >= 0,
			bJSONPlain:  b >= 0x20 && b < 0x80 && b != '"' && b != '\\',
			bImageCut:   b == '@' || b == ':' || b == '/',
			bDomainMark: b == '.' || b == ':' || upper,
			bNameStop:   b == 0 || b == '=',
			bValueStop:  b == 0 || b == '$',
		}
		for class, w := range want {
			if got := byteClass[b]&class != 0; got != w {
				t.Errorf("byte %#02x in class %#x: %v, want %v", b, class, got, w)
			}
		}
	}
}

// TestValidTextFast holds validText, which reads ASCII eight bytes at a
// time, to utf8.ValidString on strings of 0 to 40 bytes with a non-ASCII
// byte, valid or not, at every position.
func TestValidTextFast(t *testing.T) {
	pieces := []string{"é", "日", "\xff", "\xc3", "\xe2\x80", "\U0001F600", "\x80"}
	for n := 0; n <= 40; n++ {
		ascii := strings.Repeat("a", n)
		if !validText(ascii) {
			t.Fatalf("validText(%q) = false", ascii)
		}
		for at := 0; at <= n; at++ {
			for _, p := range pieces {
				s := ascii[:at] + p + ascii[at:]
				if got, want := validText(s), utf8.ValidString(s); got != want {
					t.Fatalf("validText(%q) = %v, want %v", s, got, want)
				}
			}
		}
	}
}

// TestPlainChunks holds hasControl and hasSpaceOrControl, which skip
// printable ASCII eight bytes at a time, to rune-by-rune versions on
// strings of up to 60 bytes with every ASCII byte, DEL, non-ASCII and
// invalid UTF-8 at every position.
func TestPlainChunks(t *testing.T) {
	controlRunes := func(s string) bool {
		for _, r := range s {
			if r < ' ' || r == 0x7f || r == 0xfffd {
				return true
			}
		}
		return false
	}
	var odd []string
	for c := 0; c < 0x80; c++ {
		odd = append(odd, string(rune(c)))
	}
	odd = append(odd, "\u00a0", "\u2028", "é", "\xff", "\xc3", "\ufffd", "\u3000")
	for n := 0; n <= 60; n += 3 {
		base := strings.Repeat("a~!Z", 16)[:n]
		for at := 0; at <= n; at++ {
			for _, o := range odd {
				s := base[:at] + o + base[at:]
				if got, want := hasControl(s), controlRunes(s); got != want {
					t.Fatalf("hasControl(%q) = %v, want %v", s, got, want)
				}
				if got, want := hasSpaceOrControl(s), hasSpaceOrControlRunes(s); got != want {
					t.Fatalf("hasSpaceOrControl(%q) = %v, want %v", s, got, want)
				}
			}
		}
	}
}

// TestCleanPath holds cleanPath, which returns a clean absolute path as it
// is, to path.Clean on paths built from elements that clean away.
func TestCleanPath(t *testing.T) {
	elems := []string{"", ".", "..", "a", "run", "...", ".x", "x.", "/", "//"}
	r := rand.New(rand.NewPCG(13, 14))
	clean := 0
	for range 50_000 {
		var b strings.Builder
		if r.IntN(8) > 0 {
			b.WriteByte('/')
		}
		for n := r.IntN(6); n > 0; n-- {
			b.WriteString(elems[r.IntN(len(elems))])
			if r.IntN(3) > 0 {
				b.WriteByte('/')
			}
		}
		p := b.String()
		if isCleanAbs(p) {
			clean++
		}
		if got, want := cleanPath(p), path.Clean(p); got != want {
			t.Fatalf("cleanPath(%q) = %q, want %q", p, got, want)
		}
		if isCleanAbs(p) && path.Clean(p) != p {
			t.Fatalf("isCleanAbs(%q), but path.Clean gives %q", p, path.Clean(p))
		}
	}
	if clean < 2000 {
		t.Errorf("%d of 50000 paths clean; the generator is off balance", clean)
	}
}

// appendPyTextOld is appendPyText as first written, a branch per byte: the
// oracle of TestJSONPlainChunks.
func appendPyTextOld(dst []byte, s string) ([]byte, bool) {
	const hexDigits = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	var or byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		or |= c
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
	return append(dst, '"'), or < utf8.RuneSelf || utf8.ValidString(s)
}

// TestJSONPlainChunks holds appendPyText, which copies plain ASCII eight
// bytes at a time, to the byte-by-byte version, on strings of up to 40
// bytes with every byte value at every position.
func TestJSONPlainChunks(t *testing.T) {
	for n := 0; n <= 40; n += 3 {
		base := strings.Repeat("aZ~ 9/", 7)[:n]
		for at := 0; at <= n; at++ {
			for c := 0; c < 256; c++ {
				s := base[:at] + string([]byte{byte(c)}) + base[at:]
				want, wantOK := appendPyTextOld(nil, s)
				got, ok := appendPyText(nil, s)
				if string(got) != string(want) || ok != wantOK {
					t.Fatalf("appendPyText(%q) = %q, %v, want %q, %v", s, got, ok, want, wantOK)
				}
			}
		}
	}
}

// TestHasIn holds hasIn to strings.IndexByte for both of its bytes.
func TestHasIn(t *testing.T) {
	pieces := []string{"a", "=", "\x00", "$", "é", "AB", "=$"}
	r := rand.New(rand.NewPCG(17, 18))
	for range 20_000 {
		var b strings.Builder
		for n := r.IntN(8); n > 0; n-- {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		for _, c := range []struct {
			class  uint16
			c1, c2 byte
		}{{bNameStop, 0, '='}, {bValueStop, 0, '$'}} {
			h1, h2 := hasIn(s, c.class, c.c1, c.c2)
			if h1 != (strings.IndexByte(s, c.c1) >= 0) || h2 != (strings.IndexByte(s, c.c2) >= 0) {
				t.Fatalf("hasIn(%q, %q, %q) = %v, %v", s, c.c1, c.c2, h1, h2)
			}
		}
	}
}
