package impl

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// validateV2Tests are the rows where spec version 2 differs from version
// 1; every row of validateTests is also checked against ValidateTongV2
// (TestValidateTongV2KeepsV1), except those of the rules v2 replaces.
var validateV2Tests = []validateTest{
	// MNT-7: a mode after ":" is exactly ro or rw.
	{"MNT-7", true, "db", set(portTong(), "mounts", []any{"workspace:ro", "docker-socket:rw"})},
	{"MNT-7", true, "db", set(portTong(), "mounts", []any{"workspace"})},
	{"MNT-7", false, "db", set(portTong(), "mounts", []any{"workspace:"})},
	{"MNT-7", false, "db", set(portTong(), "mounts", []any{"docker-socket:"})},
	{"MNT-7", false, "db", set(portTong(), "mounts", []any{"workspace:RO"})},
	{"MNT-7", false, "db", set(portTong(), "mounts", []any{"workspace:/target"})},
	{"MNT-7", false, "db", set(portTong(), "mounts", []any{"workspace:rw,z"})},
	// ENV-7: ENV-6 is gone; a NAME_FILE entry is a plain value.
	{"ENV-7", true, "github", set(mcpTong(), "env.GITHUB_TOKEN_FILE", "/etc/other")},
	{"ENV-7", true, "github", set(mcpTong(), "env.GITHUB_TOKEN_FILE", 3)},
	{"ENV-7", false, "github", set(mcpTong(), "env", map[string]any{"OPTIND": "${secret:op:x}"})},
	{"ENV-7", true, "github", set(mcpTong(), "env", map[string]any{"OPTIND": "1"})},
	{"ENV-7", false, "github", set(mcpTong(), "env", map[string]any{"RANDOM": "${secret:op:x}"})},
	{"ENV-7", false, "github", set(mcpTong(), "env", map[string]any{"BASH_ENV": "${secret:op:x}"})},
	{"ENV-7", true, "github", set(mcpTong(), "env", map[string]any{"BASH_ENV": "/etc/x", "SECONDS": "3"})},
	{"ENV-5", false, "github", set(mcpTong(), "env", map[string]any{"TOKEN\n": "${secret:op:x}"})},
	{"ENV-5", false, "github", set(mcpTong(), "env", map[string]any{"1TOKEN": "${secret:op:x}"})},
	{"ENV-3", false, "github", set(mcpTong(), "env", map[string]any{"TOKEN": []any{"${secret:op:x}"}})},
	// EXEC-1: entrypoint and command.
	{"EXEC-1", true, "db", set(set(portTong(), "entrypoint", []any{"/srv", "-v"}), "command", []any{"serve"})},
	{"EXEC-1", true, "db", set(set(portTong(), "entrypoint", nil), "command", nil)},
	{"EXEC-1", false, "db", set(portTong(), "entrypoint", []any{})},
	{"EXEC-1", false, "db", set(portTong(), "entrypoint", []any{""})},
	{"EXEC-1", false, "db", set(portTong(), "command", []any{"a\x00"})},
	{"EXEC-1", false, "db", set(portTong(), "command", []any{"\x00a"})}, // a NUL as the first byte
	{"EXEC-1", false, "db", set(portTong(), "command", "serve")},
	{"EXEC-1", false, "db", set(portTong(), "command", []any{"serve", 1})},
	// IF-8: interface.path of an mcp tong.
	{"IF-8", true, "github", set(mcpTong(), "interface.path", "/api/v1/mcp")},
	{"IF-8", true, "github", set(mcpTong(), "interface.path", "mcp")},
	{"IF-8", true, "github", set(mcpTong(), "interface.path", "")},
	{"IF-8", true, "github", set(mcpTong(), "interface.path", "/a%20b/~x;y=1:@!$&'()*+,")},
	{"IF-8", true, "github", set(mcpTong(), "interface.path", nil)},
	{"IF-8", true, "db", set(portTong(), "interface.path", 3)}, // only an mcp tong's URL has a path
	{"IF-8", false, "github", set(mcpTong(), "interface.path", 3)},
	{"IF-8", false, "github", set(mcpTong(), "interface.path", "/mcp?x=1")},
	{"IF-8", false, "github", set(mcpTong(), "interface.path", "/mcp#f")},
	{"IF-8", false, "github", set(mcpTong(), "interface.path", "/a b")},
	{"IF-8", false, "github", set(mcpTong(), "interface.path", "/%2")},
	{"IF-8", false, "github", set(mcpTong(), "interface.path", "/%zz")},
	{"IF-8", false, "github", set(mcpTong(), "interface.path", "/é")},
	{"IF-8", false, "github", set(mcpTong(), "interface.path", "/x\n")},
	{"IF-8", false, "github", set(mcpTong(), "interface.path", `/a\b`)},
}

var _ = rowTable(func(cite citeFunc) {
	for _, r := range validateV2Tests {
		cite(r.rule, r.ok, "")
	}
}, "validate_tong")

func TestValidateTongV2(t *testing.T) {
	for _, tt := range validateV2Tests {
		errs := ValidateTongV2(tt.name, tt.def)
		if tt.ok {
			if errs != nil {
				t.Errorf("%s: ValidateTongV2(%q, %s) = %v, want no error", tt.rule, tt.name, show(tt.def), errs)
			}
			continue
		}
		if diff := cmp.Diff([]string{tt.rule}, rulesOf(errs)); diff != "" {
			t.Errorf("%s: ValidateTongV2(%q, %s) = %v; rules (-want +got):\n%s", tt.rule, tt.name, show(tt.def), errs, diff)
		}
	}
}

// TestValidateTongV2KeepsV1 checks that version 2 answers every row of
// version 1's table as version 1 does, but for the rules it replaces:
// ENV-6 (gone) and MNT-3 (MNT-7 refuses an empty mode too).
func TestValidateTongV2KeepsV1(t *testing.T) {
	for _, tt := range validateTests {
		_, fault := citeFault(tt.rule)
		if fault == "ENV-6" || fault == "MNT-3" {
			continue
		}
		v1, v2 := rulesOf(ValidateTong(tt.name, tt.def)), rulesOf(ValidateTongV2(tt.name, tt.def))
		if m, isMap := tt.def.(map[string]any); isMap && tt.ok {
			if l, _ := m["mounts"].([]any); len(l) > 0 && strings.HasSuffix(l[0].(string), ":") {
				continue // an empty mode: MNT-7
			}
		}
		if diff := cmp.Diff(v1, v2); diff != "" {
			t.Errorf("%s: ValidateTongV2(%q, %s) differs from v1 (-v1 +v2):\n%s", tt.rule, tt.name, show(tt.def), diff)
		}
	}
}

func TestTongMountSpecsV2(t *testing.T) {
	got, err := TongMountSpecsV2(set(portTong(), "mounts", []any{"workspace:ro", "docker-socket"}), "/w", DefaultSocketPath)
	if want := []string{"/w:/workspace:ro", "/var/run/docker.sock:/var/run/docker.sock"}; err != nil || !cmp.Equal(want, got) {
		t.Errorf("MNT-7: TongMountSpecsV2 = %q, %v; want %q", got, err, want)
	}
	for _, m := range []string{"workspace:", "docker-socket:", "workspace:z"} {
		got, err := TongMountSpecsV2(set(portTong(), "mounts", []any{m}), "/w", DefaultSocketPath)
		if ruleOf(err) != "MNT-7" {
			t.Errorf("MNT-7: TongMountSpecsV2(mounts [%q]) = %q, %v; want an MNT-7 error", m, got, err)
		}
	}
	if got, err := TongMountSpecs(set(portTong(), "mounts", []any{"workspace:"}), "/w", ""); err != nil || !cmp.Equal(got, []string{"/w:/workspace"}) {
		t.Errorf("MNT-3: v1 TongMountSpecs(workspace:) = %q, %v; want v1's [/w:/workspace]", got, err)
	}
}

type runV2Test struct {
	rule string
	name string
	def  any
	opts func(*RunOptionsV2)
	want string // the argv joined by spaces; "" when the row is an error
	err  string
}

func runOptsV2() RunOptionsV2 {
	return RunOptionsV2{
		ContainerName: "s1-tong-github",
		Network:       "tongs",
		Alias:         "github",
		Env:           map[string]string{"LOG_LEVEL": "info", "A_B": "x", "A": "=y"},
		LabelHash:     "7130a57287187f08",
		Workspace:     "/home/me/project",
		SocketPath:    DefaultSocketPath,
	}
}

func broker() map[string]any {
	return map[string]any{
		"lifecycle": "session",
		"image":     "ghcr.io/acme/docker-broker:1",
		"interface": map[string]any{"kind": "mcp", "port": 8080, "name": "docker-broker"},
		"mounts":    []any{"docker-socket"},
	}
}

var wrapper = Override{Entrypoint: "/bin/sh", Args: []string{"-c", SecretScript, "swarmforge-tong", "/srv", "serve"}}

var runV2Tests = []runV2Test{
	// RUN-11: the whole argv, in order.
	{"RUN-11", "github", mcpTong(), nil,
		"docker run -d --name s1-tong-github --network tongs --network-alias github --label swarmforge.tong.name=github --label swarmforge.tong.config-hash=7130a57287187f08 -e A==y -e A_B=x -e LOG_LEVEL=info -v /home/me/project:/workspace:rw ghcr.io/acme/github-mcp:latest", ""},
	{"RUN-11", "github", mcpTong(), func(o *RunOptionsV2) { o.FIFOHostPath = "/tmp/sf-1/fifo"; o.Override = &wrapper },
		"docker run -d --name s1-tong-github --network tongs --network-alias github --entrypoint /bin/sh --label swarmforge.tong.name=github --label swarmforge.tong.config-hash=7130a57287187f08 -v /tmp/sf-1/fifo:/run/swarmforge/secret-env:ro -e A==y -e A_B=x -e LOG_LEVEL=info -v /home/me/project:/workspace:rw ghcr.io/acme/github-mcp:latest -c " + SecretScript + " swarmforge-tong /srv serve", ""},
	{"RUN-11", "db", portTong(), func(o *RunOptionsV2) { *o = RunOptionsV2{ContainerName: "swarmforge-shared-db"} },
		"docker run -d --name swarmforge-shared-db --label swarmforge.tong.name=db --memory 512m postgres:16", ""},
	// RUN-13: the definition's override, or the given one.
	{"RUN-13", "db", set(set(portTong(), "entrypoint", []any{"/srv", "-v"}), "command", []any{"serve"}), func(o *RunOptionsV2) { *o = RunOptionsV2{ContainerName: "c1"} },
		"docker run -d --name c1 --entrypoint /srv --label swarmforge.tong.name=db --memory 512m postgres:16 -v serve", ""},
	{"RUN-13", "db", set(portTong(), "command", []any{"serve"}), func(o *RunOptionsV2) { *o = RunOptionsV2{ContainerName: "c1"} },
		"docker run -d --name c1 --label swarmforge.tong.name=db --memory 512m postgres:16 serve", ""},
	{"RUN-13", "db", set(portTong(), "command", []any{"serve"}), func(o *RunOptionsV2) { *o = RunOptionsV2{ContainerName: "c1", Override: &Override{}} },
		"docker run -d --name c1 --label swarmforge.tong.name=db --memory 512m postgres:16", ""},
	{"RUN-13", "db", portTong(), func(o *RunOptionsV2) {
		*o = RunOptionsV2{ContainerName: "c1", Override: &Override{Entrypoint: "-x", Args: []string{"--privileged"}}}
	}, "docker run -d --name c1 --entrypoint -x --label swarmforge.tong.name=db --memory 512m postgres:16 --privileged", ""},
	{"RUN-13", "db", portTong(), func(o *RunOptionsV2) {
		*o = RunOptionsV2{ContainerName: "c1", Override: &Override{Entrypoint: "a\x00"}}
	}, "", "RUN-13"},
	{"RUN-13", "db", portTong(), func(o *RunOptionsV2) {
		*o = RunOptionsV2{ContainerName: "c1", Override: &Override{Args: []string{"\x00"}}}
	}, "", "RUN-13"},
	{"RUN-13", "db", portTong(), func(o *RunOptionsV2) {
		*o = RunOptionsV2{ContainerName: "c1", Override: &Override{Entrypoint: "\x00a"}}
	}, "", "RUN-13"},
	// RUN-12: the FIFO.
	{"RUN-12", "db", portTong(), func(o *RunOptionsV2) { *o = RunOptionsV2{ContainerName: "c1", FIFOHostPath: "fifo"} }, "", "RUN-12"},
	{"RUN-12", "db", portTong(), func(o *RunOptionsV2) { *o = RunOptionsV2{ContainerName: "c1", FIFOHostPath: "/t/a:b"} }, "", "RUN-12"},
	{"RUN-12", "db", portTong(), func(o *RunOptionsV2) { *o = RunOptionsV2{ContainerName: "c1", FIFOHostPath: "/t/a\nb"} }, "", "RUN-12"},
	{"RUN-12", "broker", noneTong(), func(o *RunOptionsV2) {
		*o = RunOptionsV2{ContainerName: "c1", FIFOHostPath: "/t/f", SocketPath: "/run/swarmforge/secret-env/"}
	}, "", "RUN-12"},
	{"RUN-12", "broker", noneTong(), func(o *RunOptionsV2) {
		*o = RunOptionsV2{ContainerName: "c1", SocketPath: "/run/swarmforge/secret-env"}
	},
		"docker run -d --name c1 --label swarmforge.tong.name=broker -v /run/swarmforge/secret-env:/run/swarmforge/secret-env acme/broker:2", ""},
	// RUN-14: a session tong holding the docker socket learns the
	// workspace's host path.
	{"RUN-14", "docker-broker", broker(), func(o *RunOptionsV2) { o.Alias = "docker-broker"; o.Env = nil },
		"docker run -d --name s1-tong-github --network tongs --network-alias docker-broker --label swarmforge.tong.name=docker-broker --label swarmforge.tong.config-hash=7130a57287187f08 -e SWARMFORGE_WORKSPACE_HOST_PATH=/home/me/project -v /var/run/docker.sock:/var/run/docker.sock ghcr.io/acme/docker-broker:1", ""},
	{"RUN-14", "docker-broker", broker(), func(o *RunOptionsV2) {
		*o = RunOptionsV2{ContainerName: "c1", Workspace: "/w", SocketPath: DefaultSocketPath, Env: map[string]string{WorkspaceHostEnv: "/mine", "Z": "1"}}
	},
		"docker run -d --name c1 --label swarmforge.tong.name=docker-broker -e SWARMFORGE_WORKSPACE_HOST_PATH=/mine -e Z=1 -v /var/run/docker.sock:/var/run/docker.sock ghcr.io/acme/docker-broker:1", ""},
	{"RUN-14", "docker-broker", set(broker(), "lifecycle", "shared"), func(o *RunOptionsV2) {
		*o = RunOptionsV2{ContainerName: "c1", Workspace: "/w", SocketPath: DefaultSocketPath}
	},
		"docker run -d --name c1 --label swarmforge.tong.name=docker-broker -v /var/run/docker.sock:/var/run/docker.sock ghcr.io/acme/docker-broker:1", ""},
	{"RUN-14", "docker-broker", broker(), func(o *RunOptionsV2) { *o = RunOptionsV2{ContainerName: "c1", SocketPath: DefaultSocketPath} },
		"docker run -d --name c1 --label swarmforge.tong.name=docker-broker -v /var/run/docker.sock:/var/run/docker.sock ghcr.io/acme/docker-broker:1", ""},
	{"RUN-14", "docker-broker", broker(), func(o *RunOptionsV2) { *o = RunOptionsV2{ContainerName: "c1", Workspace: "w"} }, "", "RUN-14"},
	{"RUN-14", "docker-broker", broker(), func(o *RunOptionsV2) { *o = RunOptionsV2{ContainerName: "c1", Workspace: "/a:b"} }, "", "RUN-14"},
	// RUN-1 to RUN-7 as in version 1.
	{"RUN-1", "db", set(portTong(), "mounts", []any{"workspace:"}), nil, "", "MNT-7"},
	{"RUN-1", "db", set(portTong(), "command", []any{}), nil, "", "EXEC-1"},
	{"RUN-2", "db", portTong(), func(o *RunOptionsV2) { o.ContainerName = "-c" }, "", "RUN-2"},
	{"RUN-3", "db", portTong(), func(o *RunOptionsV2) { o.Network = "name=host" }, "", "RUN-3"},
	{"RUN-4", "db", portTong(), func(o *RunOptionsV2) { o.Network = "bridge" }, "", "RUN-4"},
	{"RUN-5", "db", portTong(), func(o *RunOptionsV2) { o.LabelHash = "a b" }, "", "RUN-5"},
	{"RUN-7", "db", portTong(), func(o *RunOptionsV2) { o.Env = map[string]string{"A": "\x00"} }, "", "RUN-7"},
	{"MNT-5", "github", mcpTong(), func(o *RunOptionsV2) { o.Workspace = "" }, "", "MNT-5"},
}

var _ = rowTable(func(cite citeFunc) {
	for _, r := range runV2Tests {
		cite(r.rule, r.err == "", r.err)
	}
}, "tong_run_argv")

func TestTongRunArgvV2(t *testing.T) {
	for _, tt := range runV2Tests {
		o := runOptsV2()
		if tt.opts != nil {
			tt.opts(&o)
		}
		got, err := TongRunArgvV2(tt.name, tt.def, o)
		if ruleOf(err) != tt.err {
			t.Errorf("%s: TongRunArgvV2(%q, %s, %+v) = %q, %v; want an error of %q", tt.rule, tt.name, show(tt.def), o, got, err, tt.err)
			continue
		}
		if err != nil {
			continue
		}
		if diff := cmp.Diff(tt.want, strings.Join(got, " ")); diff != "" {
			t.Errorf("%s: TongRunArgvV2(%q, %s) (-want +got):\n%s", tt.rule, tt.name, show(tt.def), diff)
		}
	}
}

// TestTongRunArgvV2DoesNotMutate checks that the env map given is not
// changed by RUN-14's addition.
func TestTongRunArgvV2DoesNotMutate(t *testing.T) {
	env := map[string]string{"A": "1"}
	if _, err := TongRunArgvV2("b", broker(), RunOptionsV2{ContainerName: "c1", Workspace: "/w", SocketPath: DefaultSocketPath, Env: env}); err != nil {
		t.Fatal(err)
	}
	if len(env) != 1 {
		t.Errorf("RUN-14: TongRunArgvV2 changed its env: %v", env)
	}
}

// TestRunArgvV2SizedOnce checks that TongRunArgvV2 sizes its argv once,
// from every part it may hold: a tong holding every part (network, alias,
// entrypoint, both labels, the FIFO, env, mounts, memory and arguments)
// fills it exactly, so an estimate too small would grow the slice and
// allocate again.
func TestRunArgvV2SizedOnce(t *testing.T) {
	def := set(mcpTong(), "resources", map[string]any{"memory": "512m"})
	o := runOptsV2()
	o.FIFOHostPath = "/tmp/sf-1/fifo"
	o.Override = &wrapper
	got, err := TongRunArgvV2("github", def, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{"--network", "--network-alias", "--entrypoint", "--memory", "-e", "-v"} {
		if !slices.Contains(got, part) {
			t.Fatalf("the case should hold every part of an argv, but has no %s: %q", part, got)
		}
	}
	if cap(got) != len(got) {
		t.Errorf("TongRunArgvV2 = %d words in a slice of capacity %d; want the capacity computed exactly", len(got), cap(got))
	}

	// Without an override, the definition's own entrypoint (past its
	// first word) and command (EXEC-1) follow the image instead.
	def = set(def, "entrypoint", []any{"/bin/server", "--stdio", "--verbose"})
	def = set(def, "command", []any{"serve", "--port", "8080"})
	o.Override = nil
	got, err = TongRunArgvV2("github", def, o)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"ghcr.io/acme/github-mcp:latest", "--stdio", "--verbose", "serve", "--port", "8080"}; !slices.Equal(got[len(got)-len(want):], want) {
		t.Fatalf("the case should end in the image, the entrypoint's other words and the command, %q; got %q", want, got)
	}
	if cap(got) != len(got) {
		t.Errorf("TongRunArgvV2 with a declared entrypoint and command = %d words in a slice of capacity %d; want the capacity computed exactly", len(got), cap(got))
	}
}
