package fuzz

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tongref/tongref/impl"
)

// scopeRE is SCOPE-1's form, [HINT "-"] DIGEST, HINT a clean token.
var scopeRE = regexp.MustCompile(`^(?:[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?-)?[0-9a-f]{8}$`)

// FuzzOrgScopeToken checks SCOPE-1 to SCOPE-3 on any path: refused exactly
// when not absolute, not UTF-8, holding NUL or longer than MaxOrgTongsDir
// (SCOPE-2); otherwise a scope of SCOPE-1's form that SharedNetworkName
// accepts, unchanged by a lexical rewrite the normalisation removes (a
// "./" segment, a doubled slash, a trailing slash).
func FuzzOrgScopeToken(f *testing.F) {
	for _, s := range []string{"", "/home/me/orgs/acme/.swarmforge/tongs", "rel/x", "/a\x00b", "//a/b/c", "/x/deadbeef/.s/t", "/é é/x/y", "/../x/.swarmforge/tongs", "/a/\xff/c", "///a"} {
		f.Add(s)
	}
	f.Add("/o/acme/.s/" + strings.Repeat("t", impl.MaxOrgTongsDir-11))
	f.Add("/o/acme/.s/" + strings.Repeat("t", impl.MaxOrgTongsDir-10))
	f.Fuzz(func(t *testing.T, dir string) {
		got, err := impl.OrgScopeToken(dir)
		bad := dir != "" && (dir[0] != '/' || !utf8.ValidString(dir) || strings.IndexByte(dir, 0) >= 0 || len(dir) > impl.MaxOrgTongsDir)
		switch {
		case bad:
			if err == nil {
				t.Fatalf("OrgScopeToken(%q) = %q; want a SCOPE-2 error", dir, got)
			}
			return
		case err != nil:
			t.Fatalf("OrgScopeToken(%q): %v", dir, err)
		case dir == "":
			if got != "" {
				t.Fatalf(`OrgScopeToken("") = %q, want "" (no scope)`, got)
			}
			return
		}
		if !scopeRE.MatchString(got) {
			t.Fatalf("OrgScopeToken(%q) = %q, not SCOPE-1's form", dir, got)
		}
		if _, err := impl.SharedNetworkName(got); err != nil {
			t.Fatalf("OrgScopeToken(%q) = %q, which SharedNetworkName refuses: %v", dir, got, err)
		}
		// "/" + "./" + rest, and rest + "/", normalise to the same path
		// (a leading "//" is kept by normpath, so insert after the first
		// byte only when that does not make one).
		if len(dir)+2 <= impl.MaxOrgTongsDir && !strings.HasPrefix(dir, "//") {
			for _, same := range []string{"/./" + dir[1:], dir + "/", "/" + strings.ReplaceAll(dir[1:], "/", "//")} {
				if len(same) > impl.MaxOrgTongsDir || strings.HasPrefix(same, "//") && !strings.HasPrefix(same, "///") {
					continue
				}
				if g2, err := impl.OrgScopeToken(same); err != nil || g2 != got {
					t.Fatalf("OrgScopeToken(%q) = %q but OrgScopeToken(%q) = %q, %v; one normalised path, one scope (SCOPE-3)", dir, got, same, g2, err)
				}
			}
		}
	})
}

// FuzzToCreateArgv checks CREATE-1 to CREATE-3 on any argv (words split at
// NUL): the input is never mutated; an accepted argv comes back with the
// same length and exactly one token changed, a "run" or "create" made
// "create" (or none, for a create argv); and a run argv whose first option
// is a short cluster of i, t and d ending in d (-d, -itd) is refused.
func FuzzToCreateArgv(f *testing.F) {
	for _, s := range []string{"docker\x00run\x00-itd\x00img", "docker\x00run\x00--detach=false\x00img", "docker\x00--config\x00run\x00run\x00img",
		"docker\x00container\x00run\x00-e\x00-d\x00img", "docker\x00run\x00img\x00-d", "docker\x00create\x00img", "docker\x00run\x00--sig-proxy=false\x00img", "docker\x00exec\x00c\x00run"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		argv := strings.Split(s, "\x00")
		keep := slices.Clone(argv)
		out, err := impl.ToCreateArgv(argv)
		if !slices.Equal(argv, keep) {
			t.Fatalf("ToCreateArgv mutated its argument: %q became %q", keep, argv)
		}
		if err != nil {
			return
		}
		if len(out) != len(argv) {
			t.Fatalf("ToCreateArgv(%q) = %q, a different length", argv, out)
		}
		changed := -1
		for i := range argv {
			if argv[i] == out[i] {
				continue
			}
			if changed >= 0 || argv[i] != "run" || out[i] != "create" {
				t.Fatalf("ToCreateArgv(%q) = %q: want at most one token changed, run made create (CREATE-3)", argv, out)
			}
			changed = i
		}
		if changed < 0 && !slices.Contains(argv, "create") {
			t.Fatalf("ToCreateArgv(%q) = %q: a run argv unchanged, or an argv with no subcommand accepted (CREATE-1, CREATE-3)", argv, out)
		}
		// -d (alone or ending a short cluster) right after "run" is an
		// option docker reads, never a value: refused (CREATE-2).
		if changed >= 0 && changed+1 < len(argv) {
			w := argv[changed+1]
			if len(w) >= 2 && w[0] == '-' && w[1] != '-' && strings.HasSuffix(w, "d") && strings.Trim(w[1:], "dit") == "" {
				t.Fatalf("ToCreateArgv(%q) = %q, keeping %s, which docker create refuses (CREATE-2)", argv, out, w)
			}
		}
	})
}
