package impl

import "strings"

// matchImageGrammar reports whether s is a reference of the IMG-3 grammar
// (image.go states it), its length limits aside. It reads s once, left to
// right, without backtracking and without allocating: the grammar is
// deterministic once s is cut at its first "@" (the digest), at a ":"
// after the last "/" (the tag; a ":" before a "/" can only be the domain's
// port), and at its first "/" (a domain, or the first component).
func matchImageGrammar(s string) bool {
	if at := strings.IndexByte(s, '@'); at >= 0 {
		if !isDigest(s[at+1:]) {
			return false
		}
		s = s[:at]
	}
	if c := strings.LastIndexByte(s, ':'); c > strings.LastIndexByte(s, '/') {
		if !isTag(s[c+1:]) {
			return false
		}
		s = s[:c]
	}
	// name = [domain "/"] component {"/" component}
	first, rest, more := strings.Cut(s, "/")
	if !isComponent(first) && !(more && isDomain(first)) {
		return false
	}
	for more {
		var c string
		c, rest, more = strings.Cut(rest, "/")
		if !isComponent(c) {
			return false
		}
	}
	return true
}

func isLowerAlnum(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }

// isComponent matches component = alnum {separator alnum}, alnum being
// [a-z0-9]+ and separator ".", "_", "__" or one or more "-".
func isComponent(s string) bool {
	if s == "" || !isLowerAlnum(s[0]) || !isLowerAlnum(s[len(s)-1]) {
		return false
	}
	for i := 1; i < len(s); {
		if isLowerAlnum(s[i]) {
			i++
			continue
		}
		// a separator, then an alnum (the last byte is one)
		j := i
		for j < len(s) && !isLowerAlnum(s[j]) {
			j++
		}
		switch sep := s[i:j]; {
		case sep == "." || sep == "_" || sep == "__":
		case strings.Trim(sep, "-") == "":
		default:
			return false
		}
		i = j
	}
	return true
}

// isDomain matches domain = host [":" port], host being dcomp {"." dcomp}
// or "[" [a-fA-F0-9:]+ "]", and port [0-9]+.
func isDomain(s string) bool {
	var host string
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 2 {
			return false
		}
		for i := 1; i < end; i++ {
			if c := s[i]; !(isHexDigit(c) || c == ':') {
				return false
			}
		}
		s = s[end+1:]
	} else {
		k := strings.IndexByte(s, ':')
		if k < 0 {
			k = len(s)
		}
		host, s = s[:k], s[k:]
		for {
			dc, next, dot := strings.Cut(host, ".")
			if !isDomainComponent(dc) {
				return false
			}
			if !dot {
				break
			}
			host = next
		}
	}
	if s == "" {
		return true
	}
	if s[0] != ':' || len(s) == 1 {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isDomainComponent matches dcomp: letters, digits and "-", beginning and
// ending with a letter or digit.
func isDomainComponent(s string) bool {
	if s == "" || !isAlnum(s[0]) || !isAlnum(s[len(s)-1]) {
		return false
	}
	for i := 1; i < len(s)-1; i++ {
		if !isAlnum(s[i]) && s[i] != '-' {
			return false
		}
	}
	return true
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// isTag matches tag = [A-Za-z0-9_] [A-Za-z0-9_.-]{0,127}.
func isTag(s string) bool {
	if s == "" || len(s) > 128 || !(isAlnum(s[0]) || s[0] == '_') {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !(isAlnum(c) || c == '_' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

// isDigest matches "sha256:" and 64, "sha384:" and 96, or "sha512:" and
// 128 lower-case hex digits.
func isDigest(s string) bool {
	alg, hex, ok := strings.Cut(s, ":")
	if !ok {
		return false
	}
	switch {
	case alg == "sha256" && len(hex) == 64:
	case alg == "sha384" && len(hex) == 96:
	case alg == "sha512" && len(hex) == 128:
	default:
		return false
	}
	for i := 0; i < len(hex); i++ {
		if c := hex[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
