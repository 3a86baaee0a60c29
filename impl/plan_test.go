package impl

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Launch plan tables (SPEC-v2.md §9). The accepting rows' results were
// worked out by hand from the rules; where the Swarmforge launcher at
// 42246cf answers the same, the row says so.

var envVarTests = []struct {
	rule, name, suffix, want, err string
}{
	{"PLAN-1", "pg", "port", "SWARMFORGE_TONG_PG_PORT", ""}, // the launcher's too
	{"PLAN-1", "zk", "az", "SWARMFORGE_TONG_ZK_AZ", ""},
	{"PLAN-1", "github-creds", "HOST", "SWARMFORGE_TONG_GITHUB_CREDS_HOST", ""}, // the launcher's too
	{"PLAN-1", "--a..b__c--", "Path_2", "SWARMFORGE_TONG_A_B_C_PATH_2", ""},
	{"PLAN-1", "é-x", "PORT", "SWARMFORGE_TONG_X_PORT", ""},
	{"PLAN-1", "a\xffb", "PORT", "SWARMFORGE_TONG_A_B_PORT", ""},
	{"PLAN-1", "@@@", "PORT", "", "PLAN-1"},
	{"PLAN-1", "", "PORT", "", "PLAN-1"},
	{"PLAN-1", "pg", "", "", "PLAN-1"},
	{"PLAN-1", "pg", "PO RT", "", "PLAN-1"},
	{"PLAN-1", "pg", "ß", "", "PLAN-1"},
}

var _ = rowTable(func(cite citeFunc) {
	for _, r := range envVarTests {
		cite(r.rule, r.err == "", r.err)
	}
}, "tong_env_var")

func TestTongEnvVar(t *testing.T) {
	for _, r := range envVarTests {
		got, err := TongEnvVar(r.name, r.suffix)
		if got != r.want || ruleOf(err) != r.err {
			t.Errorf("TongEnvVar(%q, %q) = %q, %v; want %q, %s", r.name, r.suffix, got, err, r.want, r.err)
		}
	}
}

var mcpURLTests = []struct {
	rule  string
	def   map[string]any
	alias string
	want  string
	err   string
}{
	{"PLAN-2", mcpTong(), "github", "http://github:8080/mcp", ""}, // the launcher's too
	{"PLAN-2", set(mcpTong(), "interface.path", "api/v1"), "gh", "http://gh:8080/api/v1", ""},
	{"PLAN-2", set(mcpTong(), "interface.path", "/x%20y"), "gh", "http://gh:8080/x%20y", ""},
	{"PLAN-2", set(mcpTong(), "interface.path", ""), "gh", "http://gh:8080/", ""},
	{"PLAN-2", del(mcpTong(), "interface.transport"), "gh", "http://gh:8080/mcp", ""},
	{"PLAN-2", portTong(), "pg", "", "PLAN-2"},
	{"PLAN-2>IF-7", mcpTong(), "github@evil.example", "", "IF-7"},
	// PLAN-2: labels getaddrinfo answers without docker's DNS.
	{"PLAN-2", mcpTong(), "0x7f000001", "", "PLAN-2"}, // 127.0.0.1
	{"PLAN-2", mcpTong(), "1234", "", "PLAN-2"},       // 0.0.4.210
	{"PLAN-2", mcpTong(), "0177", "", "PLAN-2"},
	{"PLAN-2", mcpTong(), "19", "", "PLAN-2"},   // 0.0.0.19: 9 is a digit
	{"PLAN-2", mcpTong(), "0xaf", "", "PLAN-2"}, // 0.0.0.175: a and f are hex digits
	{"PLAN-2", mcpTong(), "0X7F", "", "PLAN-2"},
	{"PLAN-2", mcpTong(), "LocalHost", "", "PLAN-2"},
	{"PLAN-2", mcpTong(), "0x7g", "http://0x7g:8080/mcp", ""},
	{"PLAN-2", mcpTong(), "1234-5", "http://1234-5:8080/mcp", ""},
	{"PLAN-2", mcpTong(), "deadbeef", "http://deadbeef:8080/mcp", ""},
	{"PLAN-2", mcpTong(), "localhost2", "http://localhost2:8080/mcp", ""},
	{"PLAN-2>IF-8", set(mcpTong(), "interface.path", nil), "gh", "http://gh:8080/mcp", ""}, // null is absent (DEF-2)
	{"PLAN-2>IF-8", set(mcpTong(), "interface.path", 7), "gh", "", "IF-8"},
	{"PLAN-2>IF-8", set(mcpTong(), "interface.path", "/a?b"), "gh", "", "IF-8"},
	{"PLAN-2>IF-3", set(mcpTong(), "interface.port", "8080"), "gh", "", "IF-3"},
	{"PLAN-2>IF-5", set(mcpTong(), "interface.transport", "stdio"), "gh", "", "IF-5"},
	{"PLAN-2>IF-1", set(mcpTong(), "interface", "mcp"), "gh", "", "IF-1"},
}

var _ = rowTable(func(cite citeFunc) {
	for _, r := range mcpURLTests {
		cite(r.rule, r.err == "", r.err)
	}
}, "mcp_url")

func TestMCPURL(t *testing.T) {
	for _, r := range mcpURLTests {
		got, err := MCPURL(r.def, r.alias)
		if got != r.want || ruleOf(err) != r.err {
			t.Errorf("MCPURL(%v, %q) = %q, %v; want %q, %s", r.def, r.alias, got, err, r.want, r.err)
		}
	}
	if _, err := MCPURL(nil, "gh"); ruleOf(err) != "DEF-1" {
		t.Errorf("MCPURL(nil) = %v, want DEF-1", err)
	}
}

func sharedPort() map[string]any { return set(portTong(), "lifecycle", "shared") }

var planNetworkTests = []struct {
	rule          string
	tongs         map[string]any
	base, session string
	want          NetworkPlan
	err           string
	names         []string // tongs an error names
}{
	{"PLAN-5", map[string]any{}, "", "s1", NetworkPlan{ExtraNetworks: []string{}, SessionAliases: []TongAlias{}, SharedConnect: []TongAlias{}}, "", nil},
	{"PLAN-5", map[string]any{"pg": sharedPort(), "cache": volumeTong()}, "tongs", "", NetworkPlan{Network: "tongs", ExtraNetworks: []string{}, SessionAliases: []TongAlias{}, SharedConnect: []TongAlias{}}, "", nil},
	{"PLAN-5", map[string]any{"pg": portTong(), "gh": mcpTong(), "cache": volumeTong(), "broker": noneTong(), "redis": sharedPort()}, "tongs", "claude-x",
		NetworkPlan{Network: "swarmforge-session-claude-x", Create: "swarmforge-session-claude-x", ExtraNetworks: []string{"tongs"},
			SessionAliases: []TongAlias{{"gh", "github"}, {"pg", "pg"}}, SharedConnect: []TongAlias{{"redis", "redis"}}}, "", nil},
	{"PLAN-5", map[string]any{"pg": portTong()}, "", "claude-x",
		NetworkPlan{Network: "swarmforge-session-claude-x", Create: "swarmforge-session-claude-x", ExtraNetworks: []string{},
			SessionAliases: []TongAlias{{"pg", "pg"}}, SharedConnect: []TongAlias{}}, "", nil},
	{"PLAN-5", map[string]any{"pg": portTong()}, "", "", NetworkPlan{}, "PLAN-5", []string{"pg"}},
	{"PLAN-5", map[string]any{"pg": portTong()}, "", "swarmforge-shared-x", NetworkPlan{}, "PLAN-5", nil},
	{"PLAN-5", map[string]any{"pg": portTong()}, "swarmforge-session-s1", "s1", NetworkPlan{}, "PLAN-5", nil},
	{"PLAN-5", map[string]any{"pg": portTong()}, "host", "s1", NetworkPlan{}, "PLAN-5", nil},
	{"PLAN-5", map[string]any{"pg": sharedPort()}, "name=host", "s1", NetworkPlan{}, "PLAN-5", nil},
	{"PLAN-3", map[string]any{"GitHub": set(mcpTong(), "interface.name", "GitHub"), "gitlab": set(mcpTong(), "interface.name", "gitlab")}, "", "s1",
		NetworkPlan{Network: "swarmforge-session-s1", Create: "swarmforge-session-s1", ExtraNetworks: []string{},
			SessionAliases: []TongAlias{{"GitHub", "GitHub"}, {"gitlab", "gitlab"}}, SharedConnect: []TongAlias{}}, "", nil},
	{"PLAN-3", map[string]any{"GitHub": set(mcpTong(), "interface.name", "GitHub"), "gh": mcpTong()}, "", "s1", NetworkPlan{}, "PLAN-3", []string{"GitHub", "gh"}},
	{"PLAN-3", map[string]any{"github": sharedPort(), "gh": mcpTong()}, "", "s1", NetworkPlan{}, "PLAN-3", []string{"gh", "github"}},
	{"PLAN-3>IF-7", map[string]any{"gh": set(mcpTong(), "interface.name", "github@evil.example")}, "", "s1", NetworkPlan{}, "IF-7", []string{"gh"}},
	{"PLAN-3", map[string]any{"gh": set(mcpTong(), "interface.name", "0x7f000001")}, "", "s1", NetworkPlan{}, "PLAN-3", []string{"gh"}},
	{"PLAN-3", map[string]any{"1234": portTong()}, "", "s1", NetworkPlan{}, "PLAN-3", []string{"1234"}},
	{"PLAN-3>IF-8", map[string]any{"gh": set(mcpTong(), "interface.path", 3)}, "", "s1", NetworkPlan{}, "IF-8", []string{"gh"}},
	{"PLAN-3>DEF-1", map[string]any{"gh": nil}, "", "s1", NetworkPlan{}, "DEF-1", []string{"gh"}},
	{"PLAN-4", map[string]any{"a-b": volumeTong(), "a_b": set(volumeTong(), "interface.mountpoint", "/other")}, "", "s1", NetworkPlan{}, "PLAN-4", []string{"a-b", "a_b"}},
}

var _ = rowTable(func(cite citeFunc) {
	for _, r := range planNetworkTests {
		cite(r.rule, r.err == "", r.err)
	}
}, "plan_network")

func TestPlanNetwork(t *testing.T) {
	for _, r := range planNetworkTests {
		got, err := PlanNetwork(r.tongs, r.base, r.session)
		if ruleOf(err) != r.err {
			t.Errorf("PlanNetwork(%v, %q, %q) error %v, want %s", r.tongs, r.base, r.session, err, r.err)
			continue
		}
		if err != nil {
			for _, n := range r.names {
				if !strings.Contains(err.Error(), n) {
					t.Errorf("PlanNetwork(%v) error %q does not name tong %q", r.tongs, err, n)
				}
			}
			continue
		}
		if d := cmp.Diff(r.want, got); d != "" {
			t.Errorf("PlanNetwork(%v, %q, %q) -want +got:\n%s", r.tongs, r.base, r.session, d)
		}
	}
}

var planInjectionTests = []struct {
	rule    string
	tongs   map[string]any
	harness string
	want    InjectionPlan
	err     string
	names   []string
}{
	{"PLAN-6", map[string]any{}, "claude", InjectionPlan{Env: map[string]string{}, Mounts: []VolumeMount{}, MCP: map[string]any{}}, "", nil},
	{"PLAN-6", map[string]any{"pg-main": portTong(), "cache": volumeTong(), "broker": noneTong()}, "claude",
		InjectionPlan{Env: map[string]string{"SWARMFORGE_TONG_PG_MAIN_HOST": "pg-main", "SWARMFORGE_TONG_PG_MAIN_PORT": "5432", "SWARMFORGE_TONG_CACHE_PATH": "/cache"},
			Mounts: []VolumeMount{{"cache", "/cache"}}, MCP: map[string]any{}}, "", nil},
	{"PLAN-7", map[string]any{"gh": mcpTong(), "pg": portTong()}, "claude",
		InjectionPlan{Env: map[string]string{"SWARMFORGE_TONG_PG_HOST": "pg", "SWARMFORGE_TONG_PG_PORT": "5432"}, Mounts: []VolumeMount{},
			MCP: map[string]any{"mcpServers": map[string]any{"github": map[string]any{"type": "http", "url": "http://github:8080/mcp"}}}}, "", nil},
	{"PLAN-7", map[string]any{"gh": mcpTong(), "jira": set(set(mcpTong(), "interface.name", "jira"), "interface.path", "rpc")}, "opencode",
		InjectionPlan{Env: map[string]string{}, Mounts: []VolumeMount{},
			MCP: map[string]any{"mcp": map[string]any{
				"github": map[string]any{"type": "remote", "url": "http://github:8080/mcp", "enabled": true},
				"jira":   map[string]any{"type": "remote", "url": "http://jira:8080/rpc", "enabled": true}}}}, "", nil},
	{"PLAN-8", map[string]any{"pg": portTong()}, "codex", InjectionPlan{Env: map[string]string{"SWARMFORGE_TONG_PG_HOST": "pg", "SWARMFORGE_TONG_PG_PORT": "5432"}, Mounts: []VolumeMount{}, MCP: map[string]any{}}, "", nil},
	{"PLAN-8", map[string]any{"gh": mcpTong()}, "codex", InjectionPlan{}, "PLAN-8", []string{"gh"}},
	{"PLAN-8", map[string]any{"gh": mcpTong()}, "Claude", InjectionPlan{}, "PLAN-8", []string{"gh"}},
	{"PLAN-4", map[string]any{"a-b": volumeTong(), "a_b": set(volumeTong(), "interface.mountpoint", "/b")}, "claude", InjectionPlan{}, "PLAN-4", []string{"a-b", "a_b"}},
	{"PLAN-4", map[string]any{"a": volumeTong(), "b": set(volumeTong(), "interface.mountpoint", "/cache/")}, "claude", InjectionPlan{}, "PLAN-4", []string{"a", "b"}},
	{"PLAN-4", map[string]any{"@@": volumeTong()}, "claude", InjectionPlan{}, "PLAN-4", []string{"@@"}},
	{"PLAN-4", map[string]any{"@@": noneTong(), "..": set(mcpTong(), "interface.name", "x")}, "claude",
		InjectionPlan{Env: map[string]string{}, Mounts: []VolumeMount{}, MCP: map[string]any{"mcpServers": map[string]any{"x": map[string]any{"type": "http", "url": "http://x:8080/mcp"}}}}, "", nil},
	{"PLAN-3", map[string]any{"GitHub": set(mcpTong(), "interface.name", "GitHub"), "gh": mcpTong()}, "claude", InjectionPlan{}, "PLAN-3", []string{"GitHub", "gh"}},
}

var _ = rowTable(func(cite citeFunc) {
	for _, r := range planInjectionTests {
		cite(r.rule, r.err == "", r.err)
	}
}, "plan_injection")

func TestPlanInjection(t *testing.T) {
	for _, r := range planInjectionTests {
		got, err := PlanInjection(r.tongs, r.harness)
		if ruleOf(err) != r.err {
			t.Errorf("PlanInjection(%v, %q) error %v, want %s", r.tongs, r.harness, err, r.err)
			continue
		}
		if err != nil {
			for _, n := range r.names {
				if !strings.Contains(err.Error(), strconv.Quote(n)) {
					t.Errorf("PlanInjection(%v) error %q does not name tong %q", r.tongs, err, n)
				}
			}
			continue
		}
		if d := cmp.Diff(r.want, got); d != "" {
			t.Errorf("PlanInjection(%v, %q) -want +got:\n%s", r.tongs, r.harness, d)
		}
	}
}

// TestCheckTongSetEveryReason checks that a set with several faults gets
// each of them, in order: validation, aliases, variables.
func TestCheckTongSetEveryReason(t *testing.T) {
	tongs := map[string]any{
		"bad":    set(portTong(), "image", ""),
		"GitHub": set(mcpTong(), "interface.name", "GitHub"),
		"gh":     mcpTong(),
		"v-1":    volumeTong(),
		"v_1":    set(volumeTong(), "interface.mountpoint", "/v"),
	}
	var got []string
	for _, e := range CheckTongSet(tongs) {
		got = append(got, e.Field+" "+e.Rule)
	}
	want := []string{"tongs.bad.image IMG-1", "tongs.gh PLAN-3", "tongs.v_1 PLAN-4"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("CheckTongSet -want +got:\n%s", d)
	}
	if errs := CheckTongSet(map[string]any{"pg": portTong(), "gh": mcpTong()}); errs != nil {
		t.Errorf("CheckTongSet(valid) = %v, want nil", errs)
	}
}
