package impl

import "strings"

// matchImageGrammar reports whether s is a reference of the IMG-3 grammar
// (image.go states it), its length limits aside.
func matchImageGrammar(s string) bool {
	_, ok := imageName(s)
	return ok
}

// imageName matches s against the IMG-3 grammar and returns its name, s
// without ":tag" and "@digest". It reads s once, left to right, without
// backtracking and without allocating: the grammar is deterministic once s
// is cut at its first "@" (the digest), at a ":" after the last "/" (the
// tag; a ":" before a "/" can only be the domain's port), and at its first
// "/" (a domain, or the first component).
func imageName(s string) (string, bool) {
	end, colon, firstSlash, lastSlash := len(s), -1, -1, -1
	for i := 0; i < len(s); i++ {
		if byteClass[s[i]]&bImageCut == 0 {
			continue
		}
		switch s[i] {
		case '@':
			end = i
		case ':':
			colon = i
			continue
		case '/':
			lastSlash = i
			if firstSlash < 0 {
				firstSlash = i
			}
			continue
		default:
			continue
		}
		break
	}
	if end < len(s) && !isDigest(s[end+1:]) {
		return "", false
	}
	name := s[:end]
	if colon > lastSlash {
		if !isTag(name[colon+1:]) {
			return "", false
		}
		name = name[:colon]
	}
	// name = [domain "/"] component {"/" component}
	if firstSlash < 0 {
		return name, isComponent(name)
	}
	if first := name[:firstSlash]; !isComponent(first) && !isDomain(first) {
		return "", false
	}
	for rest := name[firstSlash+1:]; ; {
		k := strings.IndexByte(rest, '/')
		if k < 0 {
			return name, isComponent(rest)
		}
		if !isComponent(rest[:k]) {
			return "", false
		}
		rest = rest[k+1:]
	}
}

// isComponent matches component = alnum {separator alnum}, alnum being
// [a-z0-9]+ and separator ".", "_", "__" or one or more "-", in one pass:
// each separator must be followed by an alnum, and the first and last
// bytes are alnums.
func isComponent(s string) bool {
	if s == "" || !isLowerAlnum(s[0]) || !isLowerAlnum(s[len(s)-1]) {
		return false
	}
	// s[i] is never the last byte at a separator, so s[i+1] exists.
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case isLowerAlnum(c):
			continue
		case c == '.':
		case c == '_':
			if s[i+1] == '_' {
				i++
			}
		case c == '-':
			for s[i+1] == '-' {
				i++
			}
		default:
			return false
		}
		if !isLowerAlnum(s[i+1]) {
			return false
		}
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
	return len(s) <= 2 || allIn(s[1:len(s)-1], bLabel)
}

// isTag matches tag = [A-Za-z0-9_] [A-Za-z0-9_.-]{0,127}.
func isTag(s string) bool {
	return s != "" && len(s) <= 128 && (isAlnum(s[0]) || s[0] == '_') && allIn(s[1:], bName)
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
