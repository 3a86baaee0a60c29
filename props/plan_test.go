package props

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/props/gen"
)

// The launch plan's properties (SPEC-v2.md §9).

// planModel is what a set must not hold, computed apart from impl: the
// tongs sharing one DNS alias (ASCII case-folded), the tongs sharing one
// anvil variable (the launcher's token rule, written as a regexp), the
// volume tongs sharing a mountpoint, the tongs given no token, and the
// aliases the anvil's resolver answers without DNS.
func planModel(tongs map[string]any) (clash bool) {
	nonAlnum := regexp.MustCompile(`[^A-Za-z0-9]+`)
	// aliases getaddrinfo answers without DNS (PLAN-2, PLAN-3)
	noDNS := regexp.MustCompile(`^(?i:localhost|[0-9]+|0x[0-9a-f]*)$`)
	aliases, vars, mounts := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for name, d := range tongs {
		im := d.(map[string]any)["interface"].(map[string]any)
		token := strings.ToUpper(strings.Trim(nonAlnum.ReplaceAllString(name, "_"), "_"))
		var suffixes []string
		switch im["kind"] {
		case impl.KindMCP, impl.KindPort:
			alias := name
			if im["kind"] == impl.KindMCP {
				alias = im["name"].(string)
			}
			if aliases[strings.ToLower(alias)] || noDNS.MatchString(alias) {
				clash = true
			}
			aliases[strings.ToLower(alias)] = true
			if im["kind"] == impl.KindPort {
				suffixes = []string{"HOST", "PORT"}
			}
		case impl.KindVolume:
			suffixes = []string{"PATH"}
			mp := path.Clean(im["mountpoint"].(string))
			if mounts[mp] {
				clash = true
			}
			mounts[mp] = true
		}
		for _, s := range suffixes {
			if token == "" || vars[token+"_"+s] {
				clash = true
			}
			vars[token+"_"+s] = true
		}
	}
	return clash
}

// PlanReachesEveryTong: a set the model finds no clash in is planned, and
// then every network-facing tong is reachable under exactly one alias (on
// the session network when one is created, in the MCP document when it is
// an mcp tong, at a URL whose host is that alias), and no two tongs share
// an anvil variable: each port and volume tong's variables hold its own
// values, and there are exactly as many variables as such tongs need. A
// set the model finds a clash in is refused by both operations and by
// CheckTongSet (PLAN-3, PLAN-4, PLAN-6, PLAN-7).
func PlanReachesEveryTong(t *rapid.T) {
	tongs := Draw(t, "tongs", gen.TongSetV2)
	session := Draw(t, "session_id", func(t gen.T) string { return gen.Pick(t, "session_id", "s1", "claude-x") })
	harness := Draw(t, "harness", func(t gen.T) string { return gen.Pick(t, "harness", impl.HarnessClaude, impl.HarnessOpencode) })
	net, nerr := impl.PlanNetwork(tongs, "tongs", session)
	inj, ierr := impl.PlanInjection(tongs, harness)
	errs := impl.CheckTongSet(tongs)
	if planModel(tongs) {
		if nerr == nil || ierr == nil || len(errs) == 0 {
			t.Fatalf("a set with a clash was planned: network %v, injection %v, CheckTongSet %v", nerr, ierr, errs)
		}
		return
	}
	if nerr != nil || ierr != nil || len(errs) != 0 {
		t.Fatalf("a set without a clash was refused: %v; %v; %v", nerr, ierr, errs)
	}
	// network: every network-facing tong once, under its alias
	seen := map[string]int{}
	hasSession := false
	for _, d := range tongs {
		hasSession = hasSession || d.(map[string]any)["lifecycle"] == "session"
	}
	for _, ta := range append(slices.Clone(net.SessionAliases), net.SharedConnect...) {
		seen[ta.Name]++
		if want, _ := impl.CanonicalAlias(ta.Name, tongs[ta.Name]); want != ta.Alias {
			t.Fatalf("tong %q planned under alias %q, want %q", ta.Name, ta.Alias, want)
		}
	}
	var want int // variables the set needs
	var mcpServers map[string]any
	if doc, ok := inj.MCP["mcpServers"]; ok {
		mcpServers = doc.(map[string]any)
	} else if doc, ok := inj.MCP["mcp"]; ok {
		mcpServers = doc.(map[string]any)
	}
	for name, d := range tongs {
		def := d.(map[string]any)
		im := def["interface"].(map[string]any)
		kind := im["kind"].(string)
		if kind == impl.KindMCP || kind == impl.KindPort {
			if hasSession && seen[name] != 1 {
				t.Fatalf("network-facing tong %q is planned %d times on the session network", name, seen[name])
			}
		}
		switch kind {
		case impl.KindMCP:
			alias := im["name"].(string)
			entry, ok := mcpServers[alias].(map[string]any)
			if !ok {
				t.Fatalf("mcp tong %q is not in the MCP document under %q: %v", name, alias, inj.MCP)
			}
			u, err := url.Parse(entry["url"].(string))
			if err != nil || u.Scheme != "http" || u.Hostname() != alias || u.Port() != fmt.Sprint(im["port"]) || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
				t.Fatalf("mcp tong %q: URL %q does not name http://%s:%v", name, entry["url"], alias, im["port"])
			}
		case impl.KindPort:
			want += 2
			host, _ := impl.TongEnvVar(name, "HOST")
			port, _ := impl.TongEnvVar(name, "PORT")
			if inj.Env[host] != name || inj.Env[port] != fmt.Sprint(im["port"]) {
				t.Fatalf("port tong %q: %s=%q %s=%q", name, host, inj.Env[host], port, inj.Env[port])
			}
		case impl.KindVolume:
			want++
			v, _ := impl.TongEnvVar(name, "PATH")
			if inj.Env[v] != im["mountpoint"] {
				t.Fatalf("volume tong %q: %s=%q, want %q", name, v, inj.Env[v], im["mountpoint"])
			}
		}
	}
	if len(inj.Env) != want {
		t.Fatalf("the anvil has %d variables, the set needs %d: two tongs share one: %v", len(inj.Env), want, inj.Env)
	}
}

func TestPlanReachesEveryTong(t *testing.T) { rapid.Check(t, PlanReachesEveryTong) }
