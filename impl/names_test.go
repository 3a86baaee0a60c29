package impl

import "testing"

type nameTest struct {
	rule    string
	session string // "shared" for SharedContainerName
	name    string
	want    string // "" when the row is an error
}

var nameTests = []nameTest{
	// NAME-1, NAME-2: clean names keep the Swarmforge launcher's form.
	{"NAME-1", "shared", "github", "swarmforge-shared-github"},
	{"NAME-1", "shared", "", "swarmforge-shared"},
	{"NAME-2", "shared", "a-b", "swarmforge-shared-a-b"},
	{"NAME-2", "shared", "Pg_16.x", "swarmforge-shared-Pg_16.x"},
	{"NAME-2", "s1", "github", "s1-tong-github"},
	// NAME-3: every other name is escaped, after "_".
	{"NAME-3", "shared", "a b", "swarmforge-shared-_a_20b"},
	{"NAME-3", "shared", "@@@", "swarmforge-shared-__40_40_40"},
	{"NAME-3", "shared", "!!!", "swarmforge-shared-__21_21_21"},
	{"NAME-3", "shared", "my_tong ", "swarmforge-shared-_my_5ftong_20"},
	{"NAME-3", "shared", "é", "swarmforge-shared-__c3_a9"},
	{"NAME-3", "shared", ".hidden", "swarmforge-shared-_.hidden"},
	{"NAME-3", "shared", "a/b", "swarmforge-shared-_a_2fb"},
	{"NAME-3", "shared", "_", "swarmforge-shared-__5f"},
	{"NAME-3", "s1", "a b", "s1-tong-_a_20b"},
	// NAME-4: the session id.
	{"NAME-4", "sess-01.a_b", "x", "sess-01.a_b-tong-x"},
	{"NAME-4", "s", "x", ""},
	{"NAME-4", "-s1", "x", ""},
	{"NAME-4", "s 1", "x", ""},
	{"NAME-4", "", "x", ""},
	{"NAME-4", "s1/", "x", ""},
	{"NAME-4", "swarmforge-shared", "x", ""},
	{"NAME-4", "swarmforge-shared-1", "x", ""},
	{"NAME-4", "swarmforge-share", "x", "swarmforge-share-tong-x"},
	// NAME-5: the session form.
	{"NAME-5", "s1", "", "s1-tong"},
	{"NAME-5", "s1", "@@@", "s1-tong-__40_40_40"},
}

func TestContainerNames(t *testing.T) {
	for _, tt := range nameTests {
		if tt.session == "shared" {
			if got := SharedContainerName(tt.name); got != tt.want {
				t.Errorf("%s: SharedContainerName(%q) = %q, want %q", tt.rule, tt.name, got, tt.want)
			}
			continue
		}
		got, err := SessionContainerName(tt.session, tt.name)
		if tt.want == "" {
			if ruleOf(err) != "NAME-4" {
				t.Errorf("%s: SessionContainerName(%q, %q) = %q, %v; want a NAME-4 error", tt.rule, tt.session, tt.name, got, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%s: SessionContainerName(%q, %q) = %q, %v; want %q", tt.rule, tt.session, tt.name, got, err, tt.want)
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
