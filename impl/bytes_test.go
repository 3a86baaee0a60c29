package impl

import (
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
