package impl

import "strings"

// Image references (rule IMG-3): the grammar docker's CLI reads an image
// with (github.com/distribution/reference, as docker v29.9.3 vendors it),
// so that every image ValidateTong accepts is one docker run can parse.
//
//	reference  = name [":" tag] ["@" digest]
//	name       = [domain "/"] component {"/" component}      (path at most 255 bytes)
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
// which the grammar accepts as it is.
//
// The limit of 255 bytes is on the name's path as docker normalises it
// (reference.ParseNormalizedNamed, which docker run reaches through
// reference.ParseAnyReference): the domain is never counted, and a name on
// docker.io with one component is read as library/NAME. imagePath gives
// that path. matchImageGrammar (imagegrammar.go)
// reads the grammar by hand, without a regular expression; TestImageGrammar
// holds it to one, on generated strings.

// isImageReference reports whether docker's CLI reads s as an image
// reference (IMG-3). It does not allocate.
func isImageReference(s string) bool {
	name, ok := imageName(s)
	return ok && imagePathLen(name) <= 255
}

// imagePathLen returns the length of the path docker normalises an image
// name (without tag or digest) to, as distribution/reference v0.6.0's
// splitDockerDomain does. First, a name without "/" is docker.io's
// library/NAME. Second, a first component that is "localhost", or holds
// "." or ":", or upper case, is a domain, and the path is the rest; any
// other first component is part of a docker.io path. Last, a docker.io
// path (index.docker.io is docker.io) with one component gets library/.
func imagePathLen(name string) int {
	const library = len("library/")
	first, rest, ok := strings.Cut(name, "/")
	if !ok {
		return library + len(name)
	}
	path, dockerIO := name, true
	if first == "localhost" || !allOut(first, bDomainMark) {
		path = rest
		dockerIO = first == "docker.io" || first == "index.docker.io"
	}
	if dockerIO && strings.IndexByte(path, '/') < 0 {
		return library + len(path)
	}
	return len(path)
}
