package impl

import (
	"testing"

	"github.com/tongref/tongref/internal/testtables"
)

// nameTests is the table of internal/testtables, which the fuzz target
// FuzzContainerNames is seeded from too.
var nameTests = testtables.Names

var _ = rowTable(func(cite citeFunc) {
	for _, r := range nameTests {
		cite(r.Rule, r.Want != "", "")
	}
}, "shared_container_name", "session_container_name")

func TestContainerNames(t *testing.T) {
	for _, tt := range nameTests {
		if tt.Session == "shared" {
			if got := SharedContainerName(tt.Name); got != tt.Want {
				t.Errorf("%s: SharedContainerName(%q) = %q, want %q", tt.Rule, tt.Name, got, tt.Want)
			}
			continue
		}
		got, err := SessionContainerName(tt.Session, tt.Name)
		if tt.Want == "" {
			if ruleOf(err) != "NAME-4" {
				t.Errorf("%s: SessionContainerName(%q, %q) = %q, %v; want a NAME-4 error", tt.Rule, tt.Session, tt.Name, got, err)
			}
			continue
		}
		if err != nil || got != tt.Want {
			t.Errorf("%s: SessionContainerName(%q, %q) = %q, %v; want %q", tt.Rule, tt.Session, tt.Name, got, err, tt.Want)
		}
	}
}

// TestContainerNamesInjective checks NAME-6 on names that collide in the
// Swarmforge launcher.
func TestContainerNamesInjective(t *testing.T) {
	names := []string{"", "a", "a b", "a-b", "a_b", "a__b", "a_20b", "_a_20b", "@@@", "!!!", "a.", "a", "a-", "-a", "é", "e\u0301", "tong", "-", "_", ".", "__"}
	seen := map[string]string{}
	for _, n := range names {
		for _, c := range []string{SharedContainerName(n), mustSession(t, "s1", n)} {
			if prev, dup := seen[c]; dup && prev != n {
				t.Errorf("NAME-6: %q and %q share the container name %q", prev, n, c)
			}
			seen[c] = n
			if err := checkContainerName("", c, ""); err != nil {
				t.Errorf("NAME-6: the container name of %q, %q, is not a docker name", n, c)
			}
			if c == "s1" {
				t.Errorf("NAME-6: the container name of %q equals the session id", n)
			}
		}
	}
}

func mustSession(t *testing.T, s, n string) string {
	t.Helper()
	c, err := SessionContainerName(s, n)
	if err != nil {
		t.Fatalf("SessionContainerName(%q, %q): %v", s, n, err)
	}
	return c
}
