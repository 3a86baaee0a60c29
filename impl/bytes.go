package impl

import (
	"path"
	"unicode/utf8"
)

// Byte classes of the grammars the rules name, one table for them all: a
// matcher reads one entry per byte instead of a chain of range tests.
// TestByteClasses holds each class to its grammar's definition.
const (
	bAlnum      uint16 = 1 << iota // [A-Za-z0-9]
	bLowerAlnum                    // [a-z0-9]: image name components (IMG-3)
	bHex                           // [0-9a-fA-F]
	bName                          // [A-Za-z0-9_.-]: container and volume names (NAME-4, IF-6), tags (IMG-3)
	bLabel                         // [A-Za-z0-9-]: DNS labels (IF-7), domain components (IMG-3)
	bIdent                         // [A-Za-z0-9_]: identifiers (ENV-5), suffixes (PLAN-1)
	bProvider                      // [A-Za-z0-9_-]: secret providers (ENV-4)
	bPath                          // RFC 3986 path characters but "%" (IF-8)
	bJSONPlain                     // printable ASCII but '"' and '\': written as itself (HASH-3)
	bImageCut                      // "@", ":" and "/": where an image reference is cut (IMG-3)
	bDomainMark                    // ".", ":" and A-Z: a first path component holding one is a domain (IMG-3)
	bNameStop                      // NUL and "=": no variable name holds one (ENV-2)
	bValueStop                     // NUL and "$": an env value holding one is refused or may be a secret (ENV-3, ENV-4)
)

var byteClass = func() (t [256]uint16) {
	for c := 0; c < 256; c++ {
		var k uint16
		alnum := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		if alnum {
			k |= bAlnum | bName | bLabel | bIdent | bProvider | bPath
		}
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			k |= bLowerAlnum
		}
		if '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' {
			k |= bHex
		}
		switch c {
		case '_':
			k |= bName | bIdent | bProvider
		case '.':
			k |= bName
		case '-':
			k |= bName | bLabel | bProvider
		}
		switch c {
		case '-', '.', '_', '~', '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=', ':', '@', '/':
			k |= bPath
		}
		if 0x20 <= c && c < 0x80 && c != '"' && c != '\\' {
			k |= bJSONPlain
		}
		if c == '@' || c == ':' || c == '/' {
			k |= bImageCut
		}
		if c == '.' || c == ':' || 'A' <= c && c <= 'Z' {
			k |= bDomainMark
		}
		if c == 0 || c == '=' {
			k |= bNameStop
		}
		if c == 0 || c == '$' {
			k |= bValueStop
		}
		t[c] = k
	}
	return t
}()

func isAlnum(c byte) bool      { return byteClass[c]&bAlnum != 0 }
func isLowerAlnum(c byte) bool { return byteClass[c]&bLowerAlnum != 0 }
func isHexDigit(c byte) bool   { return byteClass[c]&bHex != 0 }
func isNameByte(c byte) bool   { return byteClass[c]&bName != 0 }

// allIn reports whether every byte of s is in class.
func allIn(s string, class uint16) bool {
	for i := 0; i < len(s); i++ {
		if byteClass[s[i]]&class == 0 {
			return false
		}
	}
	return true
}

// allOut reports whether no byte of s is in class.
func allOut(s string, class uint16) bool {
	for i := 0; i < len(s); i++ {
		if byteClass[s[i]]&class != 0 {
			return false
		}
	}
	return true
}

// hasIn reports which of the bytes c1 and c2 s holds, reading the class
// table once per byte until it has seen both (class: the two bytes' class).
func hasIn(s string, class uint16, c1, c2 byte) (has1, has2 bool) {
	for i := 0; i < len(s); i++ {
		if byteClass[s[i]]&class == 0 {
			continue
		}
		if s[i] == c1 {
			has1 = true
		} else if s[i] == c2 {
			has2 = true
		}
		if has1 && has2 {
			break
		}
	}
	return has1, has2
}

// load64 reads eight bytes of s as one little-endian word (one load).
func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// load32 reads four bytes of s as one little-endian word.
func load32(s string) uint32 {
	_ = s[3]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// plainPrefix returns how many leading 8-byte chunks of s hold only bytes
// from lo to 0x7e (lo at most 0x80), in bytes: a chunk with a byte below
// lo, DEL or a non-ASCII byte ends it (a chunk may end it falsely, as a
// borrow between bytes can flag one; callers read on byte by byte).
func plainPrefix(s string, lo byte) int {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := load64(s[i:])
		// w's high bits: non-ASCII; w - lo: bytes below lo; w^0x7f - 1: DEL
		if (w|(w-ones*uint64(lo))|((w^(ones*0x7f))-ones))&highs != 0 {
			break
		}
	}
	return i
}

// jsonPlainPrefix returns how many leading 8-byte chunks of s, in bytes,
// hold only bytes appendPyText writes as they are (printable ASCII but
// '"' and '\\'); a chunk may end it falsely, as plainPrefix's.
func jsonPlainPrefix(s string) int {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := load64(s[i:])
		q, b := w^(ones*'"'), w^(ones*'\\') // a zero byte where w has '"' or '\\'
		if (w|(w-ones*0x20)|((q-ones)&^q)|((b-ones)&^b))&highs != 0 {
			break
		}
	}
	return i
}

// hasControl reports whether s holds a control character (below U+0020,
// DEL) or invalid UTF-8 (U+FFFD as it decodes, or the character itself).
func hasControl(s string) bool {
	for i := plainPrefix(s, ' '); i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			// s[:i] is ASCII, so s[i] begins a character
			for _, r := range s[i:] {
				if r < ' ' || r == 0x7f || r == 0xfffd {
					return true
				}
			}
			return false
		}
		if c < ' ' || c == 0x7f {
			return true
		}
	}
	return false
}

// cleanPath is path.Clean without its work for a path that is already
// clean: absolute, with no empty, "." or ".." element and no trailing "/".
func cleanPath(p string) string {
	if isCleanAbs(p) {
		return p
	}
	return path.Clean(p)
}

// isCleanAbs reports whether path.Clean leaves the absolute path p as it
// is.
func isCleanAbs(p string) bool {
	n := len(p)
	if n == 0 || p[0] != '/' {
		return false
	}
	if n == 1 {
		return true
	}
	if p[n-1] == '/' {
		return false
	}
	// after each "/" (never the last byte), no "/", "." or ".." element
	for i := 0; i < n; i++ {
		if p[i] != '/' {
			continue
		}
		switch {
		case p[i+1] == '/':
			return false
		case p[i+1] != '.':
		case i+2 == n || p[i+2] == '/':
			return false
		case p[i+2] == '.' && (i+3 == n || p[i+3] == '/'):
			return false
		}
	}
	return true
}
