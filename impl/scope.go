package impl

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Spec version 2: org scopes, scoped shared container names and the two
// network names (rules SCOPE-1 to SCOPE-3, NAME-7 to NAME-9, NET-3 to
// NET-5 of spec/SPEC-v2.md).
//
// A scope keeps one org's shared tongs apart from another's and from the
// unscoped ones. Its form is
//
//	scope = [HINT "-"] DIGEST
//	DIGEST = 8 lowercase hex digits
//	HINT   = a clean token (NAME-2) none of whose "-"-separated segments is
//	         8 lowercase hex digits
//
// so the scope's digest is the first "-"-separated segment of a scoped
// name that is 8 lowercase hex digits, and a name can be read back into
// its scope and its token. An unscoped name whose clean token has such a
// segment is escaped (NAME-8), so no unscoped name can spell a scoped one.

// Network name prefixes (NET-3, NET-4).
const (
	SessionNetworkPrefix = "swarmforge-session"
	SharedNetworkPrefix  = "swarmforge-shared-net"
)

// MaxOrgTongsDir bounds OrgScopeToken's argument (SCOPE-2): 4095 bytes,
// Linux's PATH_MAX less its NUL, the longest path a system call takes.
const MaxOrgTongsDir = 4095

// OrgScopeToken returns the scope of the org whose tongs live in
// orgTongsDir, such as /home/me/orgs/acme/.swarmforge/tongs (rules SCOPE-2
// and SCOPE-3), or "" when orgTongsDir is "" (no org layer: the launch uses
// unscoped names).
//
// First, the path must be absolute, valid UTF-8, free of NUL (a relative
// path would name a different org in every working directory) and at most
// MaxOrgTongsDir bytes.
// Second, it is normalised lexically as Python's os.path.normpath does
// ("." and empty segments dropped, ".." removes the segment before it, a
// leading "//" kept, three or more leading slashes made one). Third, the
// digest is the first 8 hex digits of the SHA-256 of that text. Fourth,
// the hint is the last segment of the path two levels up (the org's root
// above .swarmforge/tongs), sanitized as container name tokens are; the
// result is HINT-DIGEST, or DIGEST alone when the hint is empty or has a
// segment of 8 lowercase hex digits (SCOPE-1). For every path whose hint
// has no such segment, the token is the Swarmforge launcher's, byte for
// byte.
func OrgScopeToken(orgTongsDir string) (string, error) {
	const f = "org_tongs_dir"
	switch {
	case orgTongsDir == "":
		return "", nil
	case !utf8.ValidString(orgTongsDir):
		return "", errorv(f, "SCOPE-2", orgTongsDir, "is not valid UTF-8; pass the org's tongs directory as text")
	case strings.IndexByte(orgTongsDir, 0) >= 0:
		return "", errorv(f, "SCOPE-2", orgTongsDir, "holds a NUL byte, which no path can; pass the org's tongs directory, such as /home/me/orgs/acme/.swarmforge/tongs")
	case len(orgTongsDir) > MaxOrgTongsDir:
		return "", errorf(f, "SCOPE-2", "", "is "+strconv.Itoa(len(orgTongsDir))+" bytes long, more than "+strconv.Itoa(MaxOrgTongsDir)+" (Linux's PATH_MAX less its NUL), so no directory has it; pass the org's tongs directory as the system names it, such as /home/me/orgs/acme/.swarmforge/tongs")
	case orgTongsDir[0] != '/':
		return "", errorv(f, "SCOPE-2", orgTongsDir, "is not an absolute path, so it would name a different org from every working directory; make it absolute, such as /home/me/orgs/acme/.swarmforge/tongs")
	}
	// The path, its digest and the token are written on the stack; the
	// token is the one string made.
	var pathBuf [256]byte
	canonical := appendNormpath(pathBuf[:0], orgTongsDir)
	sum := sha256.Sum256(canonical)
	var digest [8]byte
	hex.Encode(digest[:], sum[:4])
	var tokBuf [128]byte
	tok := appendSanitized(tokBuf[:0], pyBasename(pyDirname(pyDirname(string(canonical)))))
	if len(tok) == 0 || hasHexSegment(string(tok)) {
		return string(digest[:]), nil
	}
	tok = append(tok, '-')
	return string(append(tok, digest[:]...)), nil
}

// appendNormpath writes the absolute POSIX path p normalised lexically, as
// Python's posixpath.normpath does, to dst.
func appendNormpath(dst []byte, p string) []byte {
	prefix := "/"
	if strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "///") {
		prefix = "//"
	}
	dst = append(dst, prefix...)
	base := len(dst)
	var markStack [32]int
	marks := markStack[:0] // where each element kept begins, its "/" included
	for rest := p; rest != ""; {
		c := rest
		if k := strings.IndexByte(rest, '/'); k >= 0 {
			c, rest = rest[:k], rest[k+1:]
		} else {
			rest = ""
		}
		switch {
		case c == "" || c == ".":
		case c != "..":
			marks = append(marks, len(dst))
			if len(dst) > base {
				dst = append(dst, '/')
			}
			dst = append(dst, c...)
		case len(marks) > 0:
			dst = dst[:marks[len(marks)-1]]
			marks = marks[:len(marks)-1]
		}
	}
	return dst
}

// appendSanitized writes the Swarmforge launcher's container name token of
// s to dst: every run of bytes outside [A-Za-z0-9_.-] becomes one "-",
// then "-", "_" and "." are stripped from both ends. Its result is always
// clean.
func appendSanitized(dst []byte, s string) []byte {
	start := len(dst)
	bad := false
	for i := 0; i < len(s); i++ {
		if isNameByte(s[i]) {
			dst = append(dst, s[i])
			bad = false
		} else if !bad {
			dst = append(dst, '-')
			bad = true
		}
	}
	// strip "-", "_" and "." from both ends
	tok := dst[start:]
	for len(tok) > 0 && isTrimByte(tok[len(tok)-1]) {
		tok = tok[:len(tok)-1]
	}
	lead := 0
	for lead < len(tok) && isTrimByte(tok[lead]) {
		lead++
	}
	n := copy(dst[start:], tok[lead:])
	return dst[:start+n]
}

// pyDirname is Python's posixpath.dirname.
func pyDirname(p string) string {
	head := p[:strings.LastIndexByte(p, '/')+1]
	if head != "" && strings.Trim(head, "/") != "" {
		head = strings.TrimRight(head, "/")
	}
	return head
}

// pyBasename is Python's posixpath.basename.
func pyBasename(p string) string { return p[strings.LastIndexByte(p, '/')+1:] }

// isHex8 reports whether s is 8 lowercase hex digits, a scope's digest.
func isHex8(s string) bool {
	if len(s) != 8 {
		return false
	}
	for i := 0; i < 8; i++ {
		if !('0' <= s[i] && s[i] <= '9' || 'a' <= s[i] && s[i] <= 'f') {
			return false
		}
	}
	return true
}

// hasHexSegment reports whether one "-"-separated segment of s is 8
// lowercase hex digits.
func hasHexSegment(s string) bool {
	for len(s) > 0 {
		seg, rest, _ := strings.Cut(s, "-")
		if isHex8(seg) {
			return true
		}
		s = rest
	}
	return false
}

// checkScope applies SCOPE-1: scope = [HINT "-"] DIGEST.
func checkScope(field, scope, rule string) *Error {
	const want = "write a scope as OrgScopeToken makes it, 8 lowercase hex digits after an optional hint and \"-\", such as acme-cebc22fa"
	if scope == "" {
		return errorf(field, rule, `""`, "is empty; "+want)
	}
	k := strings.LastIndexByte(scope, '-')
	digest, hint := scope[k+1:], ""
	if k >= 0 {
		hint = scope[:k]
	}
	switch {
	case !isHex8(digest):
		return errorv(field, rule, scope, "does not end in 8 lowercase hex digits; "+want)
	case k >= 0 && (hint == "" || !isClean(hint)):
		return errorv(field, rule, scope, "has a hint that is not a clean token (letters, digits, \"_\", \".\" and \"-\", not beginning or ending with \"-\", \"_\" or \".\"); "+want)
	case hasHexSegment(hint):
		return errorv(field, rule, scope, "has a hint with a segment of 8 hex digits, which would make scoped names ambiguous; "+want)
	}
	return nil
}

// SharedContainerNameV2 returns a shared tong's container name under spec
// version 2 (rules NAME-7 to NAME-9). With scope "" (no scope) it is
// "swarmforge-shared-TOKEN" (or "swarmforge-shared" for the empty name),
// TOKEN as in SharedContainerName except that a clean name with a "-"-
// separated segment of 8 lowercase hex digits is escaped too (NAME-8);
// with a scope (SCOPE-1) it is "swarmforge-shared-SCOPE-TOKEN" (or
// "swarmforge-shared-SCOPE"), TOKEN as in SharedContainerName. So two
// different (name, scope) pairs never share a container, and a clean name
// keeps the Swarmforge launcher's bytes whenever it has no such segment.
// The only error is a scope that breaks SCOPE-1.
func SharedContainerNameV2(name, scope string) (string, error) {
	if scope == "" {
		if name == "" {
			return SharedPrefix, nil
		}
		var buf [128]byte // on the stack: only the string is allocated
		b := append(buf[:0], SharedPrefix...)
		b = append(b, '-')
		if isClean(name) && hasHexSegment(name) {
			return string(appendEscaped(b, name)), nil
		}
		return string(appendToken(b, name)), nil
	}
	if err := checkScope("scope", scope, "NAME-7"); err != nil {
		return "", err
	}
	var buf [128]byte // on the stack: only the string is allocated
	b := append(buf[:0], SharedPrefix...)
	b = append(b, '-')
	b = append(b, scope...)
	if name == "" {
		return string(b), nil
	}
	b = append(b, '-')
	return string(appendToken(b, name)), nil
}

// SessionNetworkName returns the network of one session's tongs, rule
// NET-3: "swarmforge-session-SESSION", the session id unchanged. The
// session id follows NAME-4, as for SessionContainerName.
func SessionNetworkName(sessionID string) (string, error) {
	if err := checkSessionID(sessionID); err != nil {
		err.Rule = "NET-3"
		return "", err
	}
	return SessionNetworkPrefix + "-" + sessionID, nil
}

// SharedNetworkName returns the network that isolates one scope's shared
// tongs, rule NET-4: "swarmforge-shared-net-SCOPE". The scope follows
// SCOPE-1; "" (no scope) is an error, as no unscoped tong has a network of
// its own.
func SharedNetworkName(scope string) (string, error) {
	if err := checkScope("scope", scope, "NET-4"); err != nil {
		return "", err
	}
	return SharedNetworkPrefix + "-" + scope, nil
}
