package impl

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// stepLine writes one step for the table: its kind, tong and argv, the
// config hash label as H and the secret wrapper's script as SCRIPT
// (checked apart: TestLaunchHashLabels).
func stepLine(s LaunchStep) string {
	head := string(s.Kind)
	if s.Tong != "" {
		head += " " + s.Tong
	}
	switch s.Kind {
	case StepSecrets:
		return head + ": " + strings.Join(s.Secrets, ",") + " > " + s.Path
	case StepMCPConfig:
		return head + ": " + s.Path
	case StepWait:
		w := s.Wait
		switch w.Mode {
		case ModeTCP:
			return fmt.Sprintf("%s: tcp %s:%d on %s, %gs", head, w.Host, w.Port, w.Network, w.TimeoutS)
		case ModeHealthcheck:
			return fmt.Sprintf("%s: exec %s in %s, %gs", head, strings.Join(w.Command, " "), s.Container, w.TimeoutS)
		}
		return fmt.Sprintf("%s: %s running, %gs", head, s.Container, w.TimeoutS)
	}
	a := strings.Join(s.Argv, " ")
	a = hashLabel.ReplaceAllString(a, LabelConfigHash+"=H")
	return head + ": " + strings.ReplaceAll(a, SecretScript, "SCRIPT")
}

var hashLabel = regexp.MustCompile(LabelConfigHash + `=[0-9a-f]{64}`)

func words(s string) []string { return strings.Fields(s) }

var launchTests = []struct {
	rule string
	in   LaunchInput
	want []string // the steps (stepLine)
	err  string   // the first refusal's rule
}{
	// PLAN-10 to PLAN-12: a session tong, a shared port tong and a shared
	// broker on the anvil's network, so the anvil joins two networks.
	{"PLAN-10", LaunchInput{
		Tongs:   map[string]any{"pg": portTong(), "redis": sharedPort(), "broker": noneTong()},
		Anvil:   words("docker run -it --name s1 --network tongs anvil:1"),
		Harness: HarnessClaude,
	}, []string{
		"session-network: docker network create swarmforge-session-s1",
		"tong-run broker: docker run -d --name swarmforge-shared-broker --network tongs --label swarmforge.tong.name=broker --label swarmforge.tong.config-hash=H -v /var/run/docker.sock:/var/run/docker.sock acme/broker:2",
		"tong-run pg: docker run -d --name s1-tong-pg --network swarmforge-session-s1 --network-alias pg --label swarmforge.tong.name=pg --label swarmforge.tong.config-hash=H --memory 512m postgres:16",
		"tong-run redis: docker run -d --name swarmforge-shared-redis --network tongs --network-alias redis --label swarmforge.tong.name=redis --label swarmforge.tong.config-hash=H --memory 512m postgres:16",
		"network-disconnect redis: docker network disconnect swarmforge-session-s1 swarmforge-shared-redis",
		"network-connect redis: docker network connect --alias redis swarmforge-session-s1 swarmforge-shared-redis",
		"wait broker: exec broker ping in swarmforge-shared-broker, 10s",
		"wait pg: tcp pg:5432 on swarmforge-session-s1, 30s",
		"wait redis: tcp redis:5432 on swarmforge-session-s1, 30s",
		"anvil-create: docker create -e SWARMFORGE_TONG_PG_HOST=pg -e SWARMFORGE_TONG_PG_PORT=5432 -e SWARMFORGE_TONG_REDIS_HOST=redis -e SWARMFORGE_TONG_REDIS_PORT=5432 -it --name s1 --network swarmforge-session-s1 anvil:1",
		"anvil-connect: docker network connect tongs s1",
		"anvil-start: docker start --attach --interactive s1",
	}, ""},
	// PLAN-11: an unscoped shared tong whose name NAME-8 escapes is
	// connected under the container its run names.
	{"PLAN-11", LaunchInput{
		Tongs: map[string]any{"pg": portTong(), "deadbeef": sharedPort()},
		Anvil: words("docker run --name s1 anvil:1"),
	}, []string{
		"session-network: docker network create swarmforge-session-s1",
		"tong-run deadbeef: docker run -d --name swarmforge-shared-_deadbeef --label swarmforge.tong.name=deadbeef --label swarmforge.tong.config-hash=H --memory 512m postgres:16",
		"tong-run pg: docker run -d --name s1-tong-pg --network swarmforge-session-s1 --network-alias pg --label swarmforge.tong.name=pg --label swarmforge.tong.config-hash=H --memory 512m postgres:16",
		"network-disconnect deadbeef: docker network disconnect swarmforge-session-s1 swarmforge-shared-_deadbeef",
		"network-connect deadbeef: docker network connect --alias deadbeef swarmforge-session-s1 swarmforge-shared-_deadbeef",
		"wait deadbeef: tcp deadbeef:5432 on swarmforge-session-s1, 30s",
		"wait pg: tcp pg:5432 on swarmforge-session-s1, 30s",
		"anvil-run: docker run -e SWARMFORGE_TONG_DEADBEEF_HOST=deadbeef -e SWARMFORGE_TONG_DEADBEEF_PORT=5432 -e SWARMFORGE_TONG_PG_HOST=pg -e SWARMFORGE_TONG_PG_PORT=5432 --network swarmforge-session-s1 --name s1 anvil:1",
	}, ""},
	// PLAN-11: a secret tong's FIFO and wrapper; PLAN-12: claude's MCP
	// file and flag, one network.
	{"PLAN-12", LaunchInput{
		Tongs:     map[string]any{"gh": mcpTong()},
		Anvil:     words("docker run --rm -it --name s1 anvil:1 --verbose"),
		Harness:   HarnessClaude,
		Workspace: "/home/me/project",
		Images:    map[string]ImageConfig{"gh": {Entrypoint: []string{"/srv/mcp"}, Cmd: []string{"serve"}}},
	}, []string{
		"session-network: docker network create swarmforge-session-s1",
		"tong-run gh: docker run -d --name s1-tong-gh --network swarmforge-session-s1 --network-alias github --entrypoint /bin/sh --label swarmforge.tong.name=gh --label swarmforge.tong.config-hash=H -v /tmp/swarmforge-secrets/s1-tong-gh.fifo:/run/swarmforge/secret-env:ro -e LOG_LEVEL=info -v /home/me/project:/workspace:rw ghcr.io/acme/github-mcp:latest -c SCRIPT swarmforge-tong /srv/mcp serve",
		"secrets gh: GITHUB_TOKEN > /tmp/swarmforge-secrets/s1-tong-gh.fifo",
		"wait gh: tcp github:8080 on swarmforge-session-s1, 30s",
		"mcp-config: /tmp/swarmforge-mcp/tong-mcp.json",
		"anvil-run: docker run -v /tmp/swarmforge-mcp/tong-mcp.json:/tmp/swarmforge-tong-mcp.json:ro --network swarmforge-session-s1 --rm -it --name s1 anvil:1 --verbose --mcp-config /tmp/swarmforge-tong-mcp.json",
	}, ""},
	// PLAN-12: opencode reads the file from a variable; the paths given.
	{"PLAN-12", LaunchInput{
		Tongs:       map[string]any{"gh": set(del(del(mcpTong(), "env"), "mounts"), "lifecycle", "shared")},
		Anvil:       words("docker run --network tongs anvil:1"),
		Harness:     HarnessOpencode,
		MCPHostPath: "/run/user/1000/mcp.json",
		SessionID:   "s1",
	}, []string{
		"tong-run gh: docker run -d --name swarmforge-shared-gh --network tongs --network-alias github --label swarmforge.tong.name=gh --label swarmforge.tong.config-hash=H ghcr.io/acme/github-mcp:latest",
		"wait gh: tcp github:8080 on tongs, 30s",
		"mcp-config: /run/user/1000/mcp.json",
		"anvil-run: docker run -v /run/user/1000/mcp.json:/tmp/swarmforge-tong-mcp.json:ro -e SWARMFORGE_TONG_MCP_FILE=/tmp/swarmforge-tong-mcp.json --network tongs anvil:1",
	}, ""},
	// PLAN-10: an org-scoped shared broker beside a session tong: the
	// scope's network, no connect for the broker, the anvil joins it.
	{"PLAN-10", LaunchInput{
		Tongs: map[string]any{"broker": noneTong(), "pg": portTong()},
		Org:   map[string]bool{"broker": true, "pg": true},
		Scope: "acme-cebc22fa",
		Anvil: words("docker run --name s1 anvil:1"),
	}, []string{
		"session-network: docker network create swarmforge-session-s1",
		"scope-network: docker network create swarmforge-shared-net-acme-cebc22fa",
		"tong-run broker: docker run -d --name swarmforge-shared-acme-cebc22fa-broker --network swarmforge-shared-net-acme-cebc22fa --label swarmforge.tong.name=broker --label swarmforge.tong.config-hash=H -v /var/run/docker.sock:/var/run/docker.sock acme/broker:2",
		"tong-run pg: docker run -d --name s1-tong-pg --network swarmforge-session-s1 --network-alias pg --label swarmforge.tong.name=pg --label swarmforge.tong.config-hash=H --memory 512m postgres:16",
		"wait broker: exec broker ping in swarmforge-shared-acme-cebc22fa-broker, 10s",
		"wait pg: tcp pg:5432 on swarmforge-session-s1, 30s",
		"anvil-create: docker create -e SWARMFORGE_TONG_PG_HOST=pg -e SWARMFORGE_TONG_PG_PORT=5432 --network swarmforge-session-s1 --name s1 anvil:1",
		"anvil-connect: docker network connect swarmforge-shared-net-acme-cebc22fa s1",
		"anvil-start: docker start --attach --interactive s1",
	}, ""},
	// PLAN-10: an org tong that is a session tong is not scoped, and a
	// scope without a scoped tong makes no network.
	{"PLAN-10", LaunchInput{
		Tongs: map[string]any{"pg": portTong()},
		Org:   map[string]bool{"pg": true},
		Scope: "acme-cebc22fa",
		Anvil: words("docker run --name s1 anvil:1"),
	}, []string{
		"session-network: docker network create swarmforge-session-s1",
		"tong-run pg: docker run -d --name s1-tong-pg --network swarmforge-session-s1 --network-alias pg --label swarmforge.tong.name=pg --label swarmforge.tong.config-hash=H --memory 512m postgres:16",
		"wait pg: tcp pg:5432 on swarmforge-session-s1, 30s",
		"anvil-run: docker run -e SWARMFORGE_TONG_PG_HOST=pg -e SWARMFORGE_TONG_PG_PORT=5432 --network swarmforge-session-s1 --name s1 anvil:1",
	}, ""},
	// PLAN-9: no tongs, the anvil as written; a shared none tong on no
	// network is fine (nothing dials it).
	{"PLAN-9", LaunchInput{Anvil: words("docker run -it anvil:1")}, []string{"anvil-run: docker run -it anvil:1"}, ""},
	{"PLAN-9", LaunchInput{Tongs: map[string]any{"broker": noneTong()}, Anvil: words("docker run anvil:1")}, []string{
		"tong-run broker: docker run -d --name swarmforge-shared-broker --label swarmforge.tong.name=broker --label swarmforge.tong.config-hash=H -v /var/run/docker.sock:/var/run/docker.sock acme/broker:2",
		"wait broker: exec broker ping in swarmforge-shared-broker, 10s",
		"anvil-run: docker run anvil:1",
	}, ""},

	// PLAN-9: one network given twice is one network; --detach=false and
	// a detached anvil with no tongs run as written.
	{"PLAN-9", LaunchInput{Anvil: words("docker run -d --network a --net=a anvil:1")}, []string{"anvil-run: docker run -d --network a anvil:1"}, ""},
	{"PLAN-9", LaunchInput{Tongs: map[string]any{"broker": noneTong()}, Anvil: words("docker run --detach=false anvil:1")}, []string{
		"tong-run broker: docker run -d --name swarmforge-shared-broker --label swarmforge.tong.name=broker --label swarmforge.tong.config-hash=H -v /var/run/docker.sock:/var/run/docker.sock acme/broker:2",
		"wait broker: exec broker ping in swarmforge-shared-broker, 10s",
		"anvil-run: docker run --detach=false anvil:1",
	}, ""},

	// Refusals.
	{"PLAN-9", LaunchInput{Tongs: map[string]any{"cache": volumeTong()}, Anvil: words("docker run anvil:1")}, nil, "PLAN-9"},
	{"PLAN-9", LaunchInput{Tongs: map[string]any{"pg": set(sharedPort(), "mounts", []any{"workspace:ro"})}, Anvil: words("docker run --network tongs anvil:1")}, nil, "PLAN-9"},
	{"PLAN-9", LaunchInput{Tongs: map[string]any{"pg": portTong()}, Anvil: words("docker run --name s1 anvil:1"), SessionID: "s2"}, nil, "PLAN-9"},
	{"PLAN-9", LaunchInput{Tongs: map[string]any{"pg": sharedPort()}, Anvil: words("docker run --name s1 anvil:1")}, nil, "PLAN-9"},
	{"PLAN-9", LaunchInput{Tongs: map[string]any{"broker": noneTong()}, Org: map[string]bool{"broker": true}, Scope: "acme-cebc22fa", Anvil: words("docker run anvil:1")}, nil, "PLAN-9"},
	{"PLAN-9>NET-4", LaunchInput{Tongs: map[string]any{"broker": noneTong()}, Org: map[string]bool{"broker": true}, Scope: "acme", Anvil: words("docker run --name s1 anvil:1")}, nil, "NET-4"},
	{"PLAN-9>ARGV-4", LaunchInput{Anvil: words("docker run --name")}, nil, "ARGV-4"},
	{"PLAN-9>PLAN-5", LaunchInput{Tongs: map[string]any{"pg": portTong()}, Anvil: words("docker run anvil:1")}, nil, "PLAN-5"},
	{"PLAN-9>PLAN-8", LaunchInput{Tongs: map[string]any{"gh": mcpTong()}, Anvil: words("docker run --name s1 anvil:1"), Harness: "codex"}, nil, "PLAN-8"},
	{"PLAN-9>PLAN-3", LaunchInput{Tongs: map[string]any{"gh": mcpTong(), "github": portTong()}, Anvil: words("docker run --name s1 anvil:1")}, nil, "PLAN-3"},
	{"PLAN-11", LaunchInput{Tongs: map[string]any{"pg": portTong()}, Anvil: words("docker run --name s1 anvil:1"), FIFODir: "secrets"}, nil, "PLAN-11"},
	{"PLAN-11>EXEC-3", LaunchInput{Tongs: map[string]any{"gh": mcpTong()}, Anvil: words("docker run --name s1 anvil:1"), Harness: HarnessClaude}, nil, "EXEC-3"},
	{"PLAN-11>RUN-4", LaunchInput{Tongs: map[string]any{"pg": sharedPort()}, Anvil: words("docker run --network bridge anvil:1")}, nil, "RUN-4"},
	{"PLAN-12", LaunchInput{Tongs: map[string]any{"pg": portTong()}, Anvil: words("docker run --name s1 anvil:1"), MCPHostPath: "/a:b"}, nil, "PLAN-12"},
	{"PLAN-12", LaunchInput{Tongs: map[string]any{"pg": portTong()}, Anvil: words("docker run --network tongs anvil:1"), SessionID: "s1"}, nil, "PLAN-12"},
	{"PLAN-12", LaunchInput{Tongs: map[string]any{"broker": noneTong()}, Org: map[string]bool{"broker": true}, Scope: "acme-cebc22fa", Anvil: words("docker run --name s1 --name -x anvil:1")}, nil, "PLAN-12"},
	{"PLAN-12", LaunchInput{Tongs: map[string]any{"broker": noneTong()}, Org: map[string]bool{"broker": true}, Scope: "acme-cebc22fa", Anvil: words("docker run --name x anvil:1")}, nil, "PLAN-12"},
	{"PLAN-12>CREATE-2", LaunchInput{Tongs: map[string]any{"pg": portTong()}, Anvil: words("docker run --sig-proxy=false --name s1 --network tongs anvil:1")}, nil, "CREATE-2"},
	{"PLAN-12>CREATE-2", LaunchInput{Tongs: map[string]any{"pg": portTong()}, Anvil: words("docker run --detach=false --name s1 --network tongs anvil:1")}, nil, "CREATE-2"},
	// PLAN-12: an anvil on another container's network stack joins no
	// further network.
	{"PLAN-12", LaunchInput{Tongs: map[string]any{"pg": portTong()}, Anvil: words("docker run --name s1 --network=container:db anvil:1")}, nil, "PLAN-12"},
	{"PLAN-12", LaunchInput{Tongs: map[string]any{"pg": portTong()}, Anvil: words("docker run --name s1 --net container:s1-tong-pg anvil:1")}, nil, "PLAN-12"},
	// PLAN-9: two networks, of which the launch would keep one; a
	// detached anvil, whose tongs would be removed under it.
	{"PLAN-9", LaunchInput{Tongs: map[string]any{"pg": portTong()}, Anvil: words("docker run --name s1 --network a --net=b anvil:1")}, nil, "PLAN-9"},
	{"PLAN-9", LaunchInput{Anvil: words("docker run --network a --network b anvil:1")}, nil, "PLAN-9"},
	{"PLAN-9", LaunchInput{Tongs: map[string]any{"pg": portTong()}, Anvil: words("docker run -itd --name s1 anvil:1")}, nil, "PLAN-9"},
	{"PLAN-9", LaunchInput{Tongs: map[string]any{"pg": portTong()}, Anvil: words("docker run --detach=1 --name s1 anvil:1")}, nil, "PLAN-9"},
}

func TestLaunchCommands(t *testing.T) {
	for i, r := range launchTests {
		p, errs := LaunchCommands(r.in)
		var rule string
		if len(errs) > 0 {
			rule = errs[0].Rule
		}
		if rule != r.err {
			t.Errorf("row %d (%s): LaunchCommands refusals %v, want the first %s", i, r.rule, errs, r.err)
			continue
		}
		if len(errs) > 0 {
			if p.Steps != nil || p.MCP != nil {
				t.Errorf("row %d (%s): a refused launch has steps %v, MCP %v", i, r.rule, p.Steps, p.MCP)
			}
			continue
		}
		var got []string
		for _, s := range p.Steps {
			got = append(got, stepLine(s))
		}
		if d := cmp.Diff(r.want, got); d != "" {
			t.Errorf("row %d (%s): LaunchCommands steps -want +got:\n%s", i, r.rule, d)
		}
		if again, errs := LaunchCommands(r.in); errs != nil || !reflect.DeepEqual(again, p) {
			t.Errorf("row %d (%s): a second call differs: %v", i, r.rule, errs)
		}
	}
}

// TestLaunchHashLabels: each tong's run carries its own config hash, and
// the MCP step's document is PlanInjection's.
func TestLaunchHashLabels(t *testing.T) {
	for i, r := range launchTests {
		p, errs := LaunchCommands(r.in)
		if errs != nil {
			continue
		}
		for _, s := range p.Steps {
			if s.Kind != StepTongRun {
				continue
			}
			h, _ := ConfigHash(r.in.Tongs[s.Tong])
			if !slices.Contains(s.Argv, LabelConfigHash+"="+h) {
				t.Errorf("row %d: %s's run %q has not its hash %s", i, s.Tong, s.Argv, h)
			}
		}
		inj, _ := PlanInjection(r.in.Tongs, r.in.Harness)
		if !reflect.DeepEqual(p.MCP, inj.MCP) {
			t.Errorf("row %d: MCP %v, want PlanInjection's %v", i, p.MCP, inj.MCP)
		}
	}
}

// TestLaunchEveryReason: each stage reports all of its faults, in order.
func TestLaunchEveryReason(t *testing.T) {
	in := LaunchInput{
		Tongs: map[string]any{"GitHub": set(mcpTong(), "interface.name", "GitHub"), "gh": mcpTong(), "cache": volumeTong(),
			"pg": set(sharedPort(), "mounts", []any{"workspace"})},
		Anvil:     words("docker run --name s1 anvil:1"),
		SessionID: "s2",
		FIFODir:   "rel",
	}
	_, errs := LaunchCommands(in)
	var got []string
	for _, e := range errs {
		got = append(got, e.Field+" "+e.Rule)
	}
	want := []string{"tongs.gh PLAN-3", "tongs.cache PLAN-9", "tongs.pg.mounts PLAN-9", "session_id PLAN-9", "fifo_dir PLAN-11"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("refusals -want +got:\n%s\n%v", d, errs)
	}
	// the second stage: both operations' errors
	_, errs = LaunchCommands(LaunchInput{Tongs: map[string]any{"gh": mcpTong()}, Anvil: words("docker run anvil:1"), Harness: "codex"})
	if len(errs) != 2 || errs[0].Rule != "PLAN-5" || errs[1].Rule != "PLAN-8" {
		t.Errorf("refusals %v, want PLAN-5 then PLAN-8", errs)
	}
	// the tongs' own, each
	_, errs = LaunchCommands(LaunchInput{Tongs: map[string]any{"a": mcpTong(), "b": set(mcpTong(), "interface.name", "b")}, Anvil: words("docker run --name s1 anvil:1"), Harness: "claude"})
	if len(errs) != 2 || !strings.HasPrefix(errs[0].Field, "tongs.a.") || !strings.HasPrefix(errs[1].Field, "tongs.b.") {
		t.Errorf("refusals %v, want EXEC-3 for tongs.a and tongs.b", errs)
	}
}

// TestLaunchKeepsInput: the plan shares no slice with the caller's input,
// and changes none of it.
func TestLaunchKeepsInput(t *testing.T) {
	anvil := words("docker run -it anvil:1")
	tongs := map[string]any{"broker": noneTong()}
	before := fmt.Sprint(tongs)
	p, errs := LaunchCommands(LaunchInput{Tongs: tongs, Anvil: anvil})
	if errs != nil {
		t.Fatal(errs)
	}
	last := p.Steps[len(p.Steps)-1].Argv
	last[0] = "podman"
	if anvil[0] != "docker" || fmt.Sprint(tongs) != before {
		t.Errorf("LaunchCommands's result shares the caller's argv, or changed the set: %q, %v", anvil, tongs)
	}
}

// LaunchCommands is total: on inputs of every wrong type and shape it
// refuses or plans, never panics.
func TestLaunchTotal(t *testing.T) {
	for _, tongs := range []map[string]any{nil, {"x": nil}, {"x": 3}, {"": portTong()}, {"x": map[string]any{"interface": "mcp"}}} {
		for _, anvil := range [][]string{nil, {}, {"docker"}, {"docker", "run", "img"}, {"docker", "run", "--name", "s1", "img"}} {
			p, errs := LaunchCommands(LaunchInput{Tongs: tongs, Anvil: anvil, Org: map[string]bool{"x": true}, Scope: "acme-cebc22fa"})
			if errs == nil && len(p.Steps) == 0 {
				t.Errorf("LaunchCommands(%v, %q) neither plans nor refuses", tongs, anvil)
			}
		}
	}
}

// TestLaunchJoinsCount checks that PLAN-12's refusal of an anvil without
// --name counts the networks it would join: the session network and its
// own --network.
func TestLaunchJoinsCount(t *testing.T) {
	_, errs := LaunchCommands(LaunchInput{Tongs: map[string]any{"pg": portTong()}, Anvil: words("docker run --network tongs anvil:1"), SessionID: "s1"})
	if len(errs) == 0 || errs[0].Rule != "PLAN-12" || !strings.Contains(errs[0].Msg, "joins 2 networks") {
		t.Errorf("LaunchCommands refusals %v; want PLAN-12 saying the anvil joins 2 networks", errs)
	}
}
