package impl

import (
	"strings"
	"testing"
)

type scopeTest struct {
	rule string
	dir  string
	want string // "" with err "" means no scope
	err  string // the rule of the expected error, or ""
}

// The tokens of the accepting rows are the Swarmforge launcher's (Python
// os.path.normpath, hashlib.sha256), computed with Python 3.11 at 42246cf,
// except where the row says otherwise.
var scopeTests = []scopeTest{
	// SCOPE-2: the argument.
	{"SCOPE-2", "", "", ""},
	{"SCOPE-2", "orgs/acme/.swarmforge/tongs", "", "SCOPE-2"},
	{"SCOPE-2", "./tongs", "", "SCOPE-2"},
	{"SCOPE-2", "/a/b\x00/c", "", "SCOPE-2"},
	{"SCOPE-2", "/a/\xff/c", "", "SCOPE-2"},
	// SCOPE-2: at most 4095 bytes (PATH_MAX less its NUL); normalising a
	// longer one cost 50 bytes of memory per byte of path.
	{"SCOPE-2", "/o/acme/.s/" + strings.Repeat("t", 4095-11), "acme-7bc5ac87", ""},
	{"SCOPE-2", "/o/acme/.s/" + strings.Repeat("t", 4096-11), "", "SCOPE-2"},
	{"SCOPE-2", "/" + strings.Repeat("a/", 1<<20), "", "SCOPE-2"},
	// SCOPE-3: normalised, hashed, hinted.
	{"SCOPE-3", "/home/me/orgs/acme/.swarmforge/tongs", "acme-cebc22fa", ""},
	{"SCOPE-3", "/home/me/orgs/acme/.swarmforge/tongs/", "acme-cebc22fa", ""},
	{"SCOPE-3", "/home/me/orgs/./acme/x/../.swarmforge//tongs", "acme-cebc22fa", ""},
	{"SCOPE-3", "///home/me/orgs/acme/.swarmforge/tongs", "acme-cebc22fa", ""},
	{"SCOPE-3", "//a/b/c/d", "b-f47fe365", ""}, // normpath keeps two leading slashes
	{"SCOPE-3", "/", "8a5edab2", ""},
	{"SCOPE-3", "/x/../../y/./z/", "ad154c8e", ""},
	{"SCOPE-3", "/home/me/orgs/my org!/.swarmforge/tongs", "my-org-e2e2bdaa", ""},
	{"SCOPE-3", "/é é/x/y", "92c769a0", ""}, // the hint sanitizes to nothing
	// SCOPE-1: a hint with an 8-hex segment is left out (the launcher
	// gives deadbeef-3db1f241, which reads as a digest and a name).
	{"SCOPE-1", "/a/deadbeef/.s/t", "3db1f241", ""},
}

var _ = rowTable(func(cite citeFunc) {
	for _, r := range scopeTests {
		cite(r.rule, r.err == "", r.err)
	}
}, "org_scope_token")

func TestOrgScopeToken(t *testing.T) {
	for _, tt := range scopeTests {
		got, err := OrgScopeToken(tt.dir)
		if ruleOf(err) != tt.err || got != tt.want {
			t.Errorf("%s: OrgScopeToken(%q) = %q, %v; want %q, error of %q", tt.rule, tt.dir, got, err, tt.want, tt.err)
		}
		if err == nil && got != "" {
			if e := checkScope("", got, "SCOPE-1"); e != nil {
				t.Errorf("%s: OrgScopeToken(%q) = %q, which breaks SCOPE-1: %v", tt.rule, tt.dir, got, e)
			}
		}
	}
}

type sharedV2Test struct {
	rule  string
	name  string
	scope string
	want  string // "" when the row is an error
}

var sharedV2Tests = []sharedV2Test{
	// NAME-7: no scope gives the v1 form; a scope comes before the token.
	{"NAME-7", "github", "", "swarmforge-shared-github"},
	{"NAME-7", "", "", "swarmforge-shared"},
	{"NAME-7", "a b", "", "swarmforge-shared-_a_20b"},
	{"NAME-7", "asana", "acme-1a2b3c4d", "swarmforge-shared-acme-1a2b3c4d-asana"},
	{"NAME-7", "asana", "1a2b3c4d", "swarmforge-shared-1a2b3c4d-asana"},
	{"NAME-7", "", "acme-1a2b3c4d", "swarmforge-shared-acme-1a2b3c4d"},
	{"NAME-7", "@@@", "acme-1a2b3c4d", "swarmforge-shared-acme-1a2b3c4d-__40_40_40"},
	{"NAME-7", "x-deadbeef", "acme-1a2b3c4d", "swarmforge-shared-acme-1a2b3c4d-x-deadbeef"},
	{"NAME-7", "x", "my-org.v2-00000000", "swarmforge-shared-my-org.v2-00000000-x"},
	// SCOPE-1, through NAME-7: a scope OrgScopeToken cannot make.
	{"SCOPE-1>NAME-7", "x", "a", ""},
	{"SCOPE-1>NAME-7", "x", "a-1A2B3C4D", ""},
	{"SCOPE-1>NAME-7", "x", "a-1a2b3c4", ""},
	{"SCOPE-1>NAME-7", "x", "-1a2b3c4d", ""},
	{"SCOPE-1>NAME-7", "x", "a--1a2b3c4d", ""},
	{"SCOPE-1>NAME-7", "x", "a.-1a2b3c4d", ""},
	{"SCOPE-1>NAME-7", "x", "b-deadbeef-1a2b3c4d", ""},
	{"SCOPE-1>NAME-7", "x", "a=b-1a2b3c4d", ""},
	{"SCOPE-1>NAME-7", "x", "1a2b3c4d-", ""},
	// NAME-8: an unscoped clean name with an 8-hex segment is escaped,
	// so it never spells a scoped name.
	{"NAME-8", "acme-1a2b3c4d-asana", "", "swarmforge-shared-_acme-1a2b3c4d-asana"},
	{"NAME-8", "deadbeef", "", "swarmforge-shared-_deadbeef"},
	{"NAME-8", "my_org-00000000", "", "swarmforge-shared-_my_5forg-00000000"},
	{"NAME-8", "backup-20240101", "", "swarmforge-shared-_backup-20240101"},
	{"NAME-8", "DEADBEEF", "", "swarmforge-shared-DEADBEEF"},
	{"NAME-8", "deadbeef0", "", "swarmforge-shared-deadbeef0"},
	{"NAME-8", "a.deadbeef", "", "swarmforge-shared-a.deadbeef"},
}

var _ = rowTable(func(cite citeFunc) {
	for _, r := range sharedV2Tests {
		cite(r.rule, r.want != "", "")
	}
}, "shared_container_name")

func TestSharedContainerNameV2(t *testing.T) {
	for _, tt := range sharedV2Tests {
		got, err := SharedContainerNameV2(tt.name, tt.scope)
		_, fault := citeFault(tt.rule)
		if tt.want == "" {
			if ruleOf(err) != fault {
				t.Errorf("%s: SharedContainerNameV2(%q, %q) = %q, %v; want a %s error", tt.rule, tt.name, tt.scope, got, err, fault)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%s: SharedContainerNameV2(%q, %q) = %q, %v; want %q", tt.rule, tt.name, tt.scope, got, err, tt.want)
		}
	}
}

// TestSharedContainerNameV2KeepsV1 checks NAME-7: without a scope, every
// name without an 8-hex segment has its v1 container name.
func TestSharedContainerNameV2KeepsV1(t *testing.T) {
	for _, tt := range nameTests {
		if tt.Session != "shared" {
			continue
		}
		got, err := SharedContainerNameV2(tt.Name, "")
		if want := SharedContainerName(tt.Name); err != nil || got != want {
			t.Errorf("NAME-7: SharedContainerNameV2(%q, \"\") = %q, %v; want v1's %q", tt.Name, got, err, want)
		}
	}
}

type networkTest struct {
	rule string
	op   string // "session" or "shared"
	arg  string
	want string // "" when the row is an error
}

var networkTests = []networkTest{
	// NET-3: the session id as it is.
	{"NET-3", "session", "claude-x", "swarmforge-session-claude-x"},
	{"NET-3", "session", "claude-x.", "swarmforge-session-claude-x."},
	{"NET-3", "session", "s1_", "swarmforge-session-s1_"},
	{"NET-3", "session", "", ""},
	{"NET-3", "session", "x", ""},
	{"NET-3", "session", "a b", ""},
	{"NET-3", "session", "-ab", ""},
	{"NET-3", "session", "swarmforge-shared-net", ""},
	// NET-4: a scope's network.
	{"NET-4", "shared", "acme-cebc22fa", "swarmforge-shared-net-acme-cebc22fa"},
	{"NET-4", "shared", "cebc22fa", "swarmforge-shared-net-cebc22fa"},
	{"NET-4", "shared", "", ""},
	{"NET-4", "shared", "a=b-cebc22fa", ""},
	{"NET-4", "shared", "acme", ""},
	{"NET-4", "shared", "None", ""},
}

var _ = rowTable(func(cite citeFunc) {
	for _, r := range networkTests {
		cite(r.rule, r.want != "", "")
	}
}, "session_network_name", "shared_network_name")

func TestNetworkNames(t *testing.T) {
	for _, tt := range networkTests {
		var got string
		var err error
		if tt.op == "session" {
			got, err = SessionNetworkName(tt.arg)
		} else {
			got, err = SharedNetworkName(tt.arg)
		}
		if tt.want == "" {
			if ruleOf(err) != tt.rule {
				t.Errorf("%s: %s network of %q = %q, %v; want a %s error", tt.rule, tt.op, tt.arg, got, err, tt.rule)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%s: %s network of %q = %q, %v; want %q", tt.rule, tt.op, tt.arg, got, err, tt.want)
		}
	}
}

// TestScopedNamesInjective checks NAME-9 and NET-5 on the names that
// collide in the Swarmforge launcher: container names of every (name,
// scope) pair and of session tongs, and the network names, are pairwise
// different, and each is a docker name.
func TestScopedNamesInjective(t *testing.T) {
	names := []string{"", "asana", "acme-1a2b3c4d-asana", "1a2b3c4d-asana", "b-c", "c", "a-b-c", "@@@", "s", "x", "x.", "deadbeef", "_deadbeef", "_acme-1a2b3c4d-asana"}
	scopes := []string{"", "1a2b3c4d", "acme-1a2b3c4d", "a-1a2b3c4d", "a-b-1a2b3c4d", "s-00000000"}
	seen := map[string]string{}
	note := func(what, c string) {
		if prev, dup := seen[c]; dup && prev != what {
			t.Errorf("NAME-9: %s and %s share the name %q", prev, what, c)
		}
		seen[c] = what
		if err := checkContainerName("", c, ""); err != nil {
			t.Errorf("NAME-9: %s is %q, not a docker name", what, c)
		}
	}
	for _, s := range scopes {
		for _, n := range names {
			c, err := SharedContainerNameV2(n, s)
			if err != nil {
				t.Fatalf("SharedContainerNameV2(%q, %q): %v", n, s, err)
			}
			note("shared "+n+" scope "+s, c)
		}
	}
	for _, id := range []string{"s1", "swarmforge-share", "acme-1a2b3c4d"} {
		for _, n := range names {
			note("session "+id+" "+n, mustSession(t, id, n))
		}
	}
	nets := map[string]string{}
	for _, id := range []string{"s1", "s1.", "s1-", "swarmforge-session", "net-acme-1a2b3c4d"} {
		got, err := SessionNetworkName(id)
		if err != nil {
			t.Fatal(err)
		}
		if prev, dup := nets[got]; dup {
			t.Errorf("NET-5: session %q and %s share the network %q", id, prev, got)
		}
		nets[got] = "session " + id
	}
	for _, s := range scopes[1:] {
		got, err := SharedNetworkName(s)
		if err != nil {
			t.Fatal(err)
		}
		if prev, dup := nets[got]; dup {
			t.Errorf("NET-5: scope %q and %s share the network %q", s, prev, got)
		}
		nets[got] = "scope " + s
		if !strings.HasPrefix(got, SharedNetworkPrefix+"-") {
			t.Errorf("NET-4: %q", got)
		}
	}
}

// TestOrgScopeTokenNULMessage: SCOPE-2 names a NUL byte wherever it
// stands; one as the first byte makes the path relative too, but the NUL
// is what no directory can hold.
func TestOrgScopeTokenNULMessage(t *testing.T) {
	for _, dir := range []string{"\x00/home/me/tongs", "/home/me\x00/tongs"} {
		_, err := OrgScopeToken(dir)
		if ruleOf(err) != "SCOPE-2" || !strings.Contains(err.Error(), "holds a NUL byte") {
			t.Errorf("OrgScopeToken(%q) = %v; want a SCOPE-2 error saying it holds a NUL byte", dir, err)
		}
	}
}
