package impl

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// pyNormpath and sanitizeToken are OrgScopeToken's helpers as first
// written, with strings.Split, Join and TrimFunc: the oracles of
// TestScopeOnStack.

// pyNormpath normalises an absolute POSIX path lexically, as Python's
// posixpath.normpath does.
func pyNormpath(p string) string {
	prefix := "/"
	if strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "///") {
		prefix = "//"
	}
	var comps []string
	for _, c := range strings.Split(p, "/") {
		switch {
		case c == "" || c == ".":
		case c != "..":
			comps = append(comps, c)
		case len(comps) > 0:
			comps = comps[:len(comps)-1]
		}
	}
	return prefix + strings.Join(comps, "/")
}

// sanitizeToken is the Swarmforge launcher's container name token: every
// run of bytes outside [A-Za-z0-9_.-] becomes one "-", then "-", "_" and
// "." are stripped from both ends. Its result is always clean.
func sanitizeToken(s string) string {
	b := make([]byte, 0, len(s))
	bad := false
	for i := 0; i < len(s); i++ {
		if isNameByte(s[i]) {
			b = append(b, s[i])
			bad = false
		} else if !bad {
			b = append(b, '-')
			bad = true
		}
	}
	return strings.TrimFunc(string(b), func(r rune) bool { return r == '-' || r == '_' || r == '.' })
}

// TestScopeOnStack holds appendNormpath and appendSanitized, which write
// into a buffer, to the string versions, on random paths of every kind of
// element (past the buffers' stack sizes too).
func TestScopeOnStack(t *testing.T) {
	elems := []string{"", ".", "..", "a", "acme", "...", "x y", "-a_", "é", ".swarmforge", "tongs", strings.Repeat("p", 100)}
	r := rand.New(rand.NewPCG(15, 16))
	for range 30_000 {
		var b strings.Builder
		b.WriteString(strings.Repeat("/", 1+r.IntN(3)))
		for n := r.IntN(45); n > 0; n-- {
			b.WriteString(elems[r.IntN(len(elems))])
			b.WriteString(strings.Repeat("/", r.IntN(3)))
		}
		p := b.String()
		if got, want := string(appendNormpath(nil, p)), pyNormpath(p); got != want {
			t.Fatalf("appendNormpath(%q) = %q, want %q", p, got, want)
		}
		prefix := []byte("x")
		if got, want := string(appendSanitized(prefix, p)), "x"+sanitizeToken(p); got != want {
			t.Fatalf("appendSanitized(%q) = %q, want %q", p, got, want)
		}
	}
}
