// Package jsonstr decodes the escapes of a JSON string as the tong
// protocol reads them (spec/PROTOCOL.md, "Values"). The protocol's reader
// (internal/conform) and the definition reader (package load) both call
// it, so a definition file and a request read every string alike.
//
// The escapes are RFC 8259's, with one deviation from encoding/json: a
// \u escape of a UTF-16 surrogate that is not half of a pair is kept, not
// replaced by U+FFFD. \udc80 to \udcff is the byte 0x80 to 0xff (Python's
// surrogateescape writes a stray byte so, and reads it back to the same
// byte), and any other lone surrogate is its three-byte generalised UTF-8
// (WTF-8) form. Either way the string is not valid UTF-8, which the data
// model refuses (DM-3) as the protocol's other implementations do.
package jsonstr

import (
	"errors"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

var (
	// ErrTruncated: the input ends after the backslash.
	ErrTruncated = errors.New("unexpected end of input in a string")
	// ErrBadUnicode: \u is not followed by four hexadecimal digits.
	ErrBadUnicode = errors.New("malformed \\u escape")
)

// AppendEscape decodes the escape that starts at b[i], a backslash,
// appends its text to buf, and returns buf and the offset just past the
// escape. A high surrogate's escape followed by a low one's is one escape:
// their pair's code point.
//
// A bad escape returns an error and the offset of the fault: ErrTruncated
// at the end of b, ErrBadUnicode just past the "u", or, for a character
// that escapes nothing, an error naming it, just past it.
func AppendEscape(buf, b []byte, i int) ([]byte, int, error) {
	i++ // consume '\\'
	if i >= len(b) {
		return buf, i, ErrTruncated
	}
	e := b[i]
	i++
	switch e {
	case '"', '\\', '/':
		return append(buf, e), i, nil
	case 'b':
		return append(buf, '\b'), i, nil
	case 'f':
		return append(buf, '\f'), i, nil
	case 'n':
		return append(buf, '\n'), i, nil
	case 'r':
		return append(buf, '\r'), i, nil
	case 't':
		return append(buf, '\t'), i, nil
	case 'u':
		r, ok := hex4(b, i)
		if !ok {
			return buf, i, ErrBadUnicode
		}
		i += 4
		if 0xd800 <= r && r < 0xdc00 && i+1 < len(b) && b[i] == '\\' && b[i+1] == 'u' {
			// a high surrogate, and a low one may follow
			if r2, ok := hex4(b, i+2); ok && 0xdc00 <= r2 && r2 <= 0xdfff {
				return utf8.AppendRune(buf, utf16.DecodeRune(r, r2)), i + 6, nil
			}
		}
		switch {
		case 0xdc80 <= r && r <= 0xdcff:
			return append(buf, byte(r-0xdc00)), i, nil // surrogateescape
		case utf16.IsSurrogate(r):
			return append(buf, 0xed, byte(0x80|(r>>6)&0x3f), byte(0x80|r&0x3f)), i, nil // WTF-8
		}
		return utf8.AppendRune(buf, r), i, nil
	}
	return buf, i, fmt.Errorf("unknown escape \\%c", e)
}

// hex4 reads the four hexadecimal digits at b[i:].
func hex4(b []byte, i int) (rune, bool) {
	if len(b)-i < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		r <<= 4
		switch {
		case '0' <= c && c <= '9':
			r |= rune(c - '0')
		case 'a' <= c && c <= 'f':
			r |= rune(c - 'a' + 10)
		case 'A' <= c && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	return r, true
}
