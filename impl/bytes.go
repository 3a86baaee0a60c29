package impl

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
