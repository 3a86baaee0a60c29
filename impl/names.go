package impl

// Container names (rules NAME-1 to NAME-6).
//
// The Swarmforge launcher names a shared tong "swarmforge-shared-TOKEN" and
// a session tong "SESSION-tong-TOKEN", TOKEN being the tong name with each
// run of characters outside [A-Za-z0-9_.-] replaced by "-" and "-", "_" and
// "." stripped from both ends. That is not injective ("a b" and "a-b" share
// a container). The reference keeps that exact form for every clean name,
// one TOKEN leaves unchanged (NAME-2), and writes every other name as "_"
// followed by an escaped form (NAME-3):
//
//	escape(name) = for each byte b of name:
//	                 b                 if b is in [A-Za-z0-9.-]
//	                 "_" + hex(b)      otherwise (two lowercase hex digits)
//
// "_" is never literal in the escaped form, so escape is injective, and a
// clean TOKEN never begins with "_", so an escaped token never equals a
// clean one. The empty name is clean: TOKEN leaves it unchanged, and the
// Swarmforge launcher's bare "swarmforge-shared" and "SESSION-tong" are
// kept.

// SharedPrefix begins the container name of every shared tong.
const SharedPrefix = "swarmforge-shared"

// SharedContainerName returns the session-independent container name of a
// shared tong (NAME-1 to NAME-3): "swarmforge-shared-TOKEN", or
// "swarmforge-shared" for the empty name. It accepts every string.
func SharedContainerName(name string) string {
	if name == "" {
		return SharedPrefix
	}
	b := make([]byte, 0, len(SharedPrefix)+1+tokenLen(name))
	b = append(b, SharedPrefix...)
	b = append(b, '-')
	return string(appendToken(b, name))
}

// SessionContainerName returns the per-session container name of a
// session tong (NAME-1 to NAME-5): "SESSION-tong-TOKEN", or "SESSION-tong"
// for the empty name. The session id must be a valid docker container name
// that does not begin with "swarmforge-shared" (NAME-4), so that no session
// tong's name can equal a shared tong's.
func SessionContainerName(sessionID, name string) (string, error) {
	if err := checkSessionID(sessionID); err != nil {
		return "", err
	}
	if name == "" {
		return sessionID + "-tong", nil
	}
	b := make([]byte, 0, len(sessionID)+6+tokenLen(name))
	b = append(b, sessionID...)
	b = append(b, "-tong-"...)
	return string(appendToken(b, name)), nil
}

// checkSessionID applies NAME-4 to a session id.
func checkSessionID(sessionID string) *Error {
	if err := checkContainerName("session_id", sessionID, "NAME-4"); err != nil {
		return err
	}
	if len(sessionID) >= len(SharedPrefix) && sessionID[:len(SharedPrefix)] == SharedPrefix {
		return errorv("session_id", "NAME-4", sessionID, "begins with \"swarmforge-shared\", which only shared tongs' containers may; choose another session id")
	}
	return nil
}

// isClean reports whether the Swarmforge sanitizer leaves name unchanged:
// every byte in [A-Za-z0-9_.-] and no "-", "_" or "." at either end.
func isClean(name string) bool {
	if name == "" {
		return true
	}
	return allIn(name, bName) && !isTrimByte(name[0]) && !isTrimByte(name[len(name)-1])
}

func isTrimByte(c byte) bool { return c == '-' || c == '_' || c == '.' }

// tokenLen is the length of the token appendToken writes for a non-empty name.
func tokenLen(name string) int {
	if isClean(name) {
		return len(name)
	}
	n := 1
	for i := 0; i < len(name); i++ {
		if isEscapeFree(name[i]) {
			n++
		} else {
			n += 3
		}
	}
	return n
}

func isEscapeFree(c byte) bool { return isNameByte(c) && c != '_' }

// appendToken writes the token of a non-empty name: the name itself when
// clean (NAME-2), "_" and its escaped form otherwise (NAME-3).
func appendToken(b []byte, name string) []byte {
	if isClean(name) {
		return append(b, name...)
	}
	return appendEscaped(b, name)
}

// appendEscaped writes "_" and the escaped form of name (NAME-3).
func appendEscaped(b []byte, name string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '_')
	for i := 0; i < len(name); i++ {
		c := name[i]
		if isEscapeFree(c) {
			b = append(b, c)
		} else {
			b = append(b, '_', hex[c>>4], hex[c&15])
		}
	}
	return b
}

// checkContainerName applies docker's container name grammar,
// [a-zA-Z0-9][a-zA-Z0-9_.-]+ (NAME-4, RUN-2).
func checkContainerName(field, s, rule string) *Error {
	if len(s) < 2 || !isAlnum(s[0]) || !allIn(s[1:], bName) {
		return errorv(field, rule, s, "is not a docker container name; write a letter or digit, then one or more letters, digits, \"_\", \".\" or \"-\"")
	}
	return nil
}
