package impl

import "strings"

// Image references (rule IMG-3): the grammar docker's CLI reads an image
// with (github.com/distribution/reference, as docker v29.9.3 vendors it),
// so that every image ValidateTong accepts is one docker run can parse.
//
//	reference  = name [":" tag] ["@" digest]
//	name       = [domain "/"] component {"/" component}      (at most 255 bytes)
//	domain     = host [":" port]
//	host       = dcomp {"." dcomp} | "[" ipv6 "]"
//	dcomp      = [a-zA-Z0-9] | [a-zA-Z0-9] [a-zA-Z0-9-]* [a-zA-Z0-9]
//	component  = alnum {separator alnum}
//	alnum      = [a-z0-9]+                                    (lower case only)
//	separator  = "." | "_" | "__" | "-"+
//	tag        = [A-Za-z0-9_] [A-Za-z0-9_.-]{0,127}
//	digest     = "sha256:" 64 hex | "sha384:" 96 hex | "sha512:" 128 hex   (lower-case hex)
//
// A name of 64 lower-case hex digits is read by docker run as an image ID,
// which the grammar accepts as it is. matchImageGrammar (imagegrammar.go)
// reads the grammar by hand, without a regular expression; TestImageGrammar
// holds it to one, on generated strings.

// isImageReference reports whether docker's CLI reads s as an image
// reference (IMG-3). It does not allocate.
func isImageReference(s string) bool {
	if !matchImageGrammar(s) {
		return false
	}
	// the name: s without "@digest", then without ":tag" (a ":" after the
	// last "/"; one before it is the registry's port)
	name := s
	if i := strings.IndexByte(name, '@'); i >= 0 {
		name = name[:i]
	}
	if i := strings.LastIndexByte(name, ':'); i > strings.LastIndexByte(name, '/') {
		name = name[:i]
	}
	return len(name) <= 255
}
