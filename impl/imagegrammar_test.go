package impl

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// imageGrammarRegexp is the IMG-3 grammar of image.go as a regular
// expression, the way distribution/reference writes it: the oracle
// matchImageGrammar is held to.
var imageGrammarRegexp = func() *regexp.Regexp {
	const (
		alnum     = `[a-z0-9]+`
		separator = `(?:[._]|__|-+)`
		component = alnum + `(?:` + separator + alnum + `)*`
		dcomp     = `(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])`
		host      = `(?:` + dcomp + `(?:\.` + dcomp + `)*|\[[a-fA-F0-9:]+\])`
		domain    = host + `(?::[0-9]+)?`
		name      = `(?:` + domain + `/)?` + component + `(?:/` + component + `)*`
		tag       = `[\w][\w.-]{0,127}`
		digest    = `sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128}`
	)
	return regexp.MustCompile(`^` + name + `(?::` + tag + `)?(?:@(?:` + digest + `))?$`)
}()

// imagePieces are the tokens generated references are made of: every
// character class of the grammar, its separators and delimiters, and runs
// at the length limits of tags and digests.
var imagePieces = []string{
	"a", "z", "0", "9", "A", "Z", "f", "F", "ghcr.io", "localhost", "library", "acme", "x-y",
	".", "_", "__", "___", "-", "--", "/", "//", ":", "::", "@", "[", "]", "[::1]", "[fe80::1]", "[]", "[g]",
	"5000", ":5000", "sha256:", "sha384:", "sha512:", "md5:",
	strings.Repeat("a", 64), strings.Repeat("0", 63), strings.Repeat("e", 96), strings.Repeat("9", 128),
	strings.Repeat("A", 64), strings.Repeat("t", 127), strings.Repeat("t", 128), strings.Repeat("t", 129),
	" ", "\x00", "é", "\xff",
}

func TestImageGrammar(t *testing.T) {
	rows := []string{
		"ghcr.io/acme/github-mcp:latest", "postgres:16", "busybox", "localhost:5000/x", "[::1]:5000/a/b:t",
		"Registry.Example/a", "a__b", "a___b", "a--b", "a._b", "-a", "a-", "UPPER", "a:" + strings.Repeat("t", 128),
		"a:" + strings.Repeat("t", 129), "a@sha256:" + strings.Repeat("0", 64), "a@sha256:" + strings.Repeat("0", 63),
		"a:b@sha512:" + strings.Repeat("f", 128), "host:port/a", "host:/a", "a/b:c/d", "a:b:c", "[::1]", "[::1]/a", "[]/a",
		"a..b", "a.b.c", "h-.x/a", "h.-x/a", ":tag", "a/", "/a", "", "@", "a@", "a/b/c/d:e-f.g_h",
	}
	check := func(s string) {
		t.Helper()
		if got, want := matchImageGrammar(s), imageGrammarRegexp.MatchString(s); got != want {
			t.Errorf("matchImageGrammar(%q) = %v, the grammar's regular expression says %v", s, got, want)
		}
	}
	for _, s := range rows {
		check(s)
	}
	r := rand.New(rand.NewPCG(1, 2))
	matched := 0
	for range 40_000 {
		var b strings.Builder
		for n := 1 + r.IntN(10); n > 0; n-- {
			b.WriteString(imagePieces[r.IntN(len(imagePieces))])
		}
		s := b.String()
		if r.IntN(4) == 0 { // a valid reference with one byte changed
			s = rows[r.IntN(5)]
			i := r.IntN(len(s))
			p := imagePieces[r.IntN(len(imagePieces))]
			s = s[:i] + p[:1] + s[i+r.IntN(2):]
		}
		if imageGrammarRegexp.MatchString(s) {
			matched++
		}
		check(s)
	}
	// The generator must reach both answers often, or the check is idle.
	t.Logf("%d of 40000 generated strings match", matched)
	if matched < 4_000 || matched > 36_000 {
		t.Errorf("%d of 40000 generated strings match the grammar; the generator is off balance", matched)
	}
}
