package impl

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

type readinessTest struct {
	rule string
	def  any
	want Readiness
	err  string // the rule of the expected error, or ""
}

var readinessTests = []readinessTest{
	// RDY-8: defaults by kind.
	{"RDY-8", mcpTong(), Readiness{"tcp", nil, 30}, ""},
	{"RDY-8", del(portTong(), "readiness"), Readiness{"tcp", nil, 30}, ""},
	{"RDY-8", del(mcpTong(), "readiness"), Readiness{"tcp", nil, 30}, ""}, // an mcp tong is dialled too
	{"RDY-8", set(portTong(), "readiness", map[string]any{"timeout": "1.1h"}), Readiness{"tcp", nil, 3960.0000000000005}, ""},
	{"RDY-8", volumeTong(), Readiness{"none", nil, 30}, ""},
	{"RDY-8", noneTong(), Readiness{"healthcheck", []string{"broker", "ping"}, 10}, ""},
	{"RDY-8", set(portTong(), "readiness", map[string]any{"mode": "none", "timeout": 5}), Readiness{"none", nil, 5}, ""},
	{"RDY-8", map[string]any{"readiness": map[string]any{"mode": "none"}}, Readiness{"none", nil, 30}, ""}, // kind unknown
	// It checks what it reads.
	{"RDY-8", "x", Readiness{}, "DEF-1"},
	{"RDY-8", set(portTong(), "readiness", []any{}), Readiness{}, "RDY-1"},
	{"RDY-8", set(portTong(), "readiness.mode", "ping"), Readiness{}, "RDY-2"},
	{"RDY-8", set(volumeTong(), "readiness.mode", "tcp"), Readiness{}, "RDY-4"},
	{"RDY-8", set(portTong(), "readiness.timeout", -1), Readiness{}, "DUR-4"},
	{"RDY-8", set(portTong(), "readiness.timeout", math.Inf(1)), Readiness{}, "DUR-4"},
	{"RDY-8", set(portTong(), "readiness.command", []any{1}), Readiness{}, "RDY-6"},
	{"RDY-8", set(portTong(), "x", []string{}), Readiness{}, "DM-1"},
}

var _ = rowTable(func(cite citeFunc) {
	for _, r := range readinessTests {
		cite(r.rule, r.err == "", r.err)
	}
}, "readiness_settings")

func TestReadinessSettings(t *testing.T) {
	for _, tt := range readinessTests {
		got, err := ReadinessSettings(tt.def)
		if ruleOf(err) != tt.err {
			t.Errorf("%s: ReadinessSettings(%s) = %v, %v; want an error of %q", tt.rule, show(tt.def), got, err, tt.err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: ReadinessSettings(%s) (-want +got):\n%s", tt.rule, show(tt.def), diff)
		}
	}
}

type aliasTest struct {
	rule  string
	tongs map[string]any
	want  map[string][]string // nil when the row is an error
}

var aliasTests = []aliasTest{
	// ALIAS-1: interface.name for mcp, the tong name otherwise.
	{"ALIAS-1", map[string]any{"github": mcpTong(), "gh": set(portTong(), "interface.port", 1)}, map[string][]string{}},
	{"ALIAS-1", map[string]any{"a": mcpTong(), "github": portTong()}, map[string][]string{"github": {"a", "github"}}},
	{"ALIAS-1", map[string]any{"a": del(mcpTong(), "interface.name")}, nil},
	{"ALIAS-1", map[string]any{"a": set(mcpTong(), "interface.name", 3)}, nil},
	// ALIAS-2: volume and none tongs never collide.
	{"ALIAS-2", map[string]any{"cache": volumeTong(), "x": set(mcpTong(), "interface.name", "cache")}, map[string][]string{}},
	{"ALIAS-2", map[string]any{"cache": volumeTong(), "c2": set(volumeTong(), "interface.volume", "cache")}, map[string][]string{}},
	{"ALIAS-2", map[string]any{"a": "not a map", "b": map[string]any{"interface": "x"}}, map[string][]string{}},
	{"ALIAS-2", map[string]any{"x": set(mcpTong(), "interface.name", "db"), "db": portTong()}, map[string][]string{"db": {"db", "x"}}},
	// ALIAS-3: ASCII case does not matter, from A to Z.
	{"ALIAS-3", map[string]any{"A": portTong(), "a": portTong()}, map[string][]string{"a": {"A", "a"}}},
	{"ALIAS-3", map[string]any{"Z": portTong(), "z": portTong()}, map[string][]string{"z": {"Z", "z"}}},
	{"ALIAS-3", map[string]any{"@": portTong(), "`": portTong(), "[": portTong(), "{": portTong()}, map[string][]string{}},
	{"ALIAS-3", map[string]any{"a": set(mcpTong(), "interface.name", "GitHub"), "b": mcpTong()}, map[string][]string{"github": {"a", "b"}}},
	{"ALIAS-3", map[string]any{"a": set(mcpTong(), "interface.name", "É"), "b": set(mcpTong(), "interface.name", "é")}, map[string][]string{}},
	// ALIAS-4: names sorted; empty, not nil.
	{"ALIAS-4", map[string]any{"z": mcpTong(), "b": mcpTong(), "a": mcpTong(), "k": portTong()}, map[string][]string{"github": {"a", "b", "z"}}},
	{"ALIAS-4", map[string]any{}, map[string][]string{}},
	{"ALIAS-4", nil, map[string][]string{}},
}

var _ = rowTable(func(cite citeFunc) {
	for _, r := range aliasTests {
		cite(r.rule, r.want != nil, "")
	}
}, "alias_collisions")

// CanonicalAlias's errors say which fault it is (IF-4, DEF-1).
var canonicalAliasTests = []struct {
	rule, name string
	def        any
	want       string // the alias, or the beginning of the error
}{
	{"ALIAS-1", "gh", mcpTong(), "github"},
	{"ALIAS-1", "db", portTong(), "db"},
	{"IF-4", "a", del(mcpTong(), "interface.name"), "interface.name: is missing"},
	{"IF-4", "a", set(mcpTong(), "interface.name", 3), "interface.name: 3: is an integer"},
	{"DEF-1", "a", "x", "definition: is a string"},
}

var _ = rowTable(func(cite citeFunc) {
	for _, r := range canonicalAliasTests {
		cite(r.rule, r.rule == "ALIAS-1", "")
	}
}, "canonical_alias")

func TestCanonicalAlias(t *testing.T) {
	for _, tt := range canonicalAliasTests {
		got, err := CanonicalAlias(tt.name, tt.def)
		if err != nil {
			got = err.Error()
			if r := ruleOf(err); r != tt.rule {
				t.Errorf("%s: CanonicalAlias(%q, %s) = %v, want rule %s", tt.rule, tt.name, show(tt.def), err, tt.rule)
			}
		}
		if !strings.HasPrefix(got, tt.want) {
			t.Errorf("%s: CanonicalAlias(%q, %s) = %q, %v; want %q", tt.rule, tt.name, show(tt.def), got, err, tt.want)
		}
	}
}

func TestAliasCollisions(t *testing.T) {
	for _, tt := range aliasTests {
		got, err := AliasCollisions(tt.tongs)
		if tt.want == nil {
			if err == nil {
				t.Errorf("%s: AliasCollisions(%s) = %v, want an error", tt.rule, show(tt.tongs), got)
			}
			continue
		}
		if err != nil || got == nil {
			t.Errorf("%s: AliasCollisions(%s) = %#v, %v; want %v", tt.rule, show(tt.tongs), got, err, tt.want)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: AliasCollisions(%s) (-want +got):\n%s", tt.rule, show(tt.tongs), diff)
		}
	}
}

func TestAliasCollisionsErrorIsDeterministic(t *testing.T) {
	tongs := map[string]any{}
	for _, n := range []string{"q", "b", "x", "m", "c"} {
		tongs[n] = del(mcpTong(), "interface.name")
	}
	for i := 0; i < 20; i++ {
		_, err := AliasCollisions(tongs)
		if e, ok := err.(*Error); !ok || e.Field != "tongs.b.interface.name" {
			t.Fatalf("AliasCollisions(5 bad tongs) = %v, want the fault of tong b", err)
		}
	}
}

type mountTest struct {
	rule      string
	def       any
	workspace string
	socket    string
	want      []string
	err       string
}

var mountTests = []mountTest{
	{"MNT-5", mcpTong(), "/home/me/p", DefaultSocketPath, []string{"/home/me/p:/workspace:rw"}, ""},
	{"MNT-5", set(mcpTong(), "mounts", []any{"workspace", "workspace:"}), "/w", "", nil, "MNT-4"},
	{"MNT-5", set(mcpTong(), "mounts", []any{"workspace:"}), "/w", "", []string{"/w:/workspace"}, ""},
	{"MNT-5", mcpTong(), "", DefaultSocketPath, nil, "MNT-5"},
	{"MNT-5", mcpTong(), "home/me", DefaultSocketPath, nil, "MNT-5"},
	{"MNT-5", mcpTong(), "/a:b", DefaultSocketPath, nil, "MNT-5"},
	{"MNT-5", mcpTong(), "/a\nb", DefaultSocketPath, nil, "MNT-5"},
	{"MNT-6", noneTong(), "", DefaultSocketPath, []string{"/var/run/docker.sock:/var/run/docker.sock"}, ""},
	{"MNT-6", set(noneTong(), "mounts", []any{"docker-socket:ro", "workspace:ro"}), "/w", "/run/user/1000/docker.sock", []string{"/run/user/1000/docker.sock:/run/user/1000/docker.sock:ro", "/w:/workspace:ro"}, ""},
	{"MNT-6", noneTong(), "", "", nil, "MNT-6"},
	{"MNT-6", set(noneTong(), "mounts", []any{"docker-socket", "workspace"}), "/w", "/workspace/", nil, "MNT-6"},
	{"MNT-6", noneTong(), "", "/workspace", []string{"/workspace:/workspace"}, ""}, // no workspace mount to collide with
	{"MNT-6", noneTong(), "", "docker.sock", nil, "MNT-6"},
	{"MNT-6", portTong(), "", "", nil, ""}, // paths are checked only when used
	{"MNT-6", set(portTong(), "mounts", []any{"home"}), "", "", nil, "MNT-2"},
	{"MNT-6", 7, "", "", nil, "DEF-1"},
}

var _ = rowTable(func(cite citeFunc) {
	for _, r := range mountTests {
		cite(r.rule, r.err == "", r.err)
	}
}, "tong_mount_specs")

func TestTongMountSpecs(t *testing.T) {
	for _, tt := range mountTests {
		got, err := TongMountSpecs(tt.def, tt.workspace, tt.socket)
		if ruleOf(err) != tt.err {
			t.Errorf("%s: TongMountSpecs(%s, %q, %q) = %q, %v; want an error of %q", tt.rule, show(tt.def), tt.workspace, tt.socket, got, err, tt.err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: TongMountSpecs(%s, %q, %q) (-want +got):\n%s", tt.rule, show(tt.def), tt.workspace, tt.socket, diff)
		}
	}
}

type resourceTest struct {
	rule string
	def  any
	want []string
	err  string
}

var resourceTests = []resourceTest{
	{"RES-4", portTong(), []string{"--memory", "512m"}, ""},
	{"RES-4", set(portTong(), "resources.memory", 1073741824), []string{"--memory", "1073741824"}, ""},
	{"RES-4", set(portTong(), "resources.memory", huge), nil, "RES-3"},
	{"RES-4", set(portTong(), "resources", map[string]any{"cpus": 2}), nil, ""},
	{"RES-4", mcpTong(), nil, ""},
	{"RES-4", set(portTong(), "resources.memory", "1.5g"), nil, "RES-3"},
	{"RES-4", set(portTong(), "resources", 512), nil, "RES-1"},
	{"RES-4", nil, nil, "DEF-1"},
}

var _ = rowTable(func(cite citeFunc) {
	for _, r := range resourceTests {
		cite(r.rule, r.err == "", r.err)
	}
}, "tong_resource_flags")

func TestTongResourceFlags(t *testing.T) {
	for _, tt := range resourceTests {
		got, err := TongResourceFlags(tt.def)
		if ruleOf(err) != tt.err {
			t.Errorf("%s: TongResourceFlags(%s) = %q, %v; want an error of %q", tt.rule, show(tt.def), got, err, tt.err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: TongResourceFlags(%s) (-want +got):\n%s", tt.rule, show(tt.def), diff)
		}
	}
}

func runOpts() RunOptions {
	return RunOptions{
		ContainerName: "s1-tong-github",
		Network:       "tongs",
		Alias:         "github",
		Env:           map[string]string{"LOG_LEVEL": "info", "GITHUB_TOKEN_FILE": "/run/swarmforge/secrets/GITHUB_TOKEN", "A_B": "x", "A": "=y"},
		TmpfsDirs:     []string{"/run/swarmforge/secrets"},
		LabelHash:     "7130a57287187f08",
		Workspace:     "/home/me/project",
		SocketPath:    DefaultSocketPath,
	}
}

type runTest struct {
	rule string
	name string
	def  any
	opts func(*RunOptions)
	want string // w() form; "" when the row is an error
	err  string
}

var runTests = []runTest{
	// RUN-8: the whole argv, in order.
	{"RUN-8", "github", mcpTong(), nil,
		"docker run -d --name s1-tong-github --network tongs --network-alias github --label swarmforge.tong.name=github --label swarmforge.tong.config-hash=7130a57287187f08 --tmpfs /run/swarmforge/secrets -e A==y -e A_B=x -e GITHUB_TOKEN_FILE=/run/swarmforge/secrets/GITHUB_TOKEN -e LOG_LEVEL=info -v /home/me/project:/workspace:rw ghcr.io/acme/github-mcp:latest", ""},
	{"RUN-8", "db", portTong(), func(o *RunOptions) { *o = RunOptions{ContainerName: "swarmforge-shared-db"} },
		"docker run -d --name swarmforge-shared-db --label swarmforge.tong.name=db --memory 512m postgres:16", ""},
	{"RUN-8", "broker", noneTong(), func(o *RunOptions) { o.Env = nil; o.TmpfsDirs = nil; o.LabelHash = "" },
		"docker run -d --name s1-tong-github --network tongs --label swarmforge.tong.name=broker -v /var/run/docker.sock:/var/run/docker.sock acme/broker:2", ""},
	// RUN-9: an alias only for network-facing tongs.
	{"RUN-9", "cache", volumeTong(), func(o *RunOptions) { *o = RunOptions{ContainerName: "c1", Alias: "cache", Network: "n"} },
		"docker run -d --name c1 --network n --label swarmforge.tong.name=cache busybox:1.36", ""},
	{"RUN-9", "db", portTong(), func(o *RunOptions) { *o = RunOptions{ContainerName: "c1", Alias: "db", Network: "n"} },
		"docker run -d --name c1 --network n --network-alias db --label swarmforge.tong.name=db --memory 512m postgres:16", ""},
	{"RUN-4", "db", portTong(), func(o *RunOptions) { *o = RunOptions{ContainerName: "c1", Alias: "db"} }, "", "RUN-4"},
	// RUN-1: only valid definitions.
	{"RUN-1", "github", set(mcpTong(), "image", "--privileged"), nil, "", "IMG-2"},
	{"RUN-1", "my db", portTong(), nil, "", "IF-7"},
	{"RUN-1", "db", portTong(), nil, "ok", ""},
	// RUN-2 .. RUN-7: the launcher's arguments ("ok": accepted).
	{"RUN-2", "github", mcpTong(), func(o *RunOptions) { o.ContainerName = "a.b_c-1" }, "ok", ""},
	{"RUN-3", "github", mcpTong(), func(o *RunOptions) { o.Network = "backend.v2_x" }, "ok", ""},
	{"RUN-3", "github", mcpTong(), func(o *RunOptions) { o.Network = "container:abc"; o.Alias = "" }, "ok", ""},
	{"RUN-3", "github", mcpTong(), func(o *RunOptions) { o.Network = "a=b" }, "", "RUN-3"},
	{"RUN-3", "github", mcpTong(), func(o *RunOptions) { o.Network = "=tongs" }, "", "RUN-3"}, // "=" or "," as the first byte
	{"RUN-3", "github", mcpTong(), func(o *RunOptions) { o.Network = ",tongs" }, "", "RUN-3"},
	{"RUN-3", "github", mcpTong(), func(o *RunOptions) { o.Network = "name=tongs,alias=admin" }, "", "RUN-3"},
	{"RUN-4", "github", mcpTong(), func(o *RunOptions) { o.Network = "bridge" }, "", "RUN-4"},
	{"RUN-4", "github", mcpTong(), func(o *RunOptions) { o.Network = "container:abc" }, "", "RUN-4"},
	{"RUN-4", "cache", volumeTong(), func(o *RunOptions) { o.Network = "host"; o.Workspace = "" }, "ok", ""}, // the alias is ignored
	{"RUN-4", "github", mcpTong(), func(o *RunOptions) { o.Alias = "GitHub-2" }, "ok", ""},
	{"RUN-5", "github", mcpTong(), func(o *RunOptions) { o.LabelHash = "anything-without-spaces" }, "ok", ""},
	{"RUN-6", "github", mcpTong(), func(o *RunOptions) { o.TmpfsDirs = []string{"/tmp/a b"} }, "ok", ""},
	{"RUN-7", "github", mcpTong(), func(o *RunOptions) { o.Env = map[string]string{"a.b-c": "x y\nz", "E": ""} }, "ok", ""},
	{"RUN-2", "github", mcpTong(), func(o *RunOptions) { o.ContainerName = "" }, "", "RUN-2"},
	{"RUN-2", "github", mcpTong(), func(o *RunOptions) { o.ContainerName = "a b" }, "", "RUN-2"},
	{"RUN-3", "github", mcpTong(), func(o *RunOptions) { o.Network = "-x" }, "", "RUN-3"},
	{"RUN-4", "github", mcpTong(), func(o *RunOptions) { o.Alias = "git hub" }, "", "RUN-4"},
	{"RUN-5", "github", mcpTong(), func(o *RunOptions) { o.LabelHash = "a b" }, "", "RUN-5"},
	{"RUN-6", "github", mcpTong(), func(o *RunOptions) { o.TmpfsDirs = []string{"/run/s:size=1m"} }, "", "RUN-6"},
	{"RUN-6", "github", mcpTong(), func(o *RunOptions) { o.TmpfsDirs = []string{"run"} }, "", "RUN-6"},
	{"RUN-7", "github", mcpTong(), func(o *RunOptions) { o.Env = map[string]string{"A=B": "1"} }, "", "RUN-7"},
	{"RUN-7", "github", mcpTong(), func(o *RunOptions) { o.Env = map[string]string{"A": "\x00"} }, "", "RUN-7"},
	{"RUN-7", "github", mcpTong(), func(o *RunOptions) { o.Env = map[string]string{"": "1"} }, "", "RUN-7"},
	{"RUN-8", "github", mcpTong(), func(o *RunOptions) { o.Workspace = "" }, "", "MNT-5"},
	// RUN-10: no two mounts at one container path.
	{"RUN-10", "github", mcpTong(), func(o *RunOptions) { o.TmpfsDirs = []string{"/run/a", "/run/b", "/tmp"} }, "ok", ""},
	{"RUN-10", "github", mcpTong(), func(o *RunOptions) { o.TmpfsDirs = []string{"/run/a", "/run/a/"} }, "", "RUN-10"},
	{"RUN-10", "github", mcpTong(), func(o *RunOptions) { o.TmpfsDirs = []string{"/workspace"} }, "", "RUN-10"},
	{"RUN-10", "broker", noneTong(), func(o *RunOptions) { o.TmpfsDirs = []string{"/var/run/docker.sock"} }, "", "RUN-10"},
}

var _ = rowTable(func(cite citeFunc) {
	for _, r := range runTests {
		cite(r.rule, r.err == "", r.err)
	}
}, "tong_run_argv")

func TestTongRunArgv(t *testing.T) {
	for _, tt := range runTests {
		o := runOpts()
		if tt.opts != nil {
			tt.opts(&o)
		}
		got, err := TongRunArgv(tt.name, tt.def, o)
		if ruleOf(err) != tt.err {
			t.Errorf("%s: TongRunArgv(%q, %s, %+v) = %q, %v; want an error of %q", tt.rule, tt.name, show(tt.def), o, got, err, tt.err)
			continue
		}
		if tt.want == "ok" {
			continue
		}
		if diff := cmp.Diff(w(tt.want), got); diff != "" {
			t.Errorf("%s: TongRunArgv(%q, %s) (-want +got):\n%s", tt.rule, tt.name, show(tt.def), diff)
		}
	}
}

// TestTongRunArgvEnvErrorIsDeterministic: with several bad env names the
// error is always the smallest key's.
func TestTongRunArgvEnvErrorIsDeterministic(t *testing.T) {
	o := runOpts()
	o.Env = map[string]string{"": "", "A=B": "", "Z=": "", "B": "\x00"}
	for i := 0; i < 30; i++ {
		_, err := TongRunArgv("github", mcpTong(), o)
		if e, ok := err.(*Error); !ok || e.Field != "env." {
			t.Fatalf("TongRunArgv with four bad env entries = %v, want the fault of the empty name", err)
		}
	}
}

// RUN-8 sorts -e by KEY for any number of variables, a few or many.
func TestRunArgvEnvSorted(t *testing.T) {
	for _, n := range []int{2, 15, 16, 17, 40} {
		env := map[string]string{}
		for i := 0; i < n; i++ {
			env[string(rune('A'+i%26))+strings.Repeat("X", i/26)+"_V"] = "v"
		}
		argv, err := TongRunArgv("db", portTong(), RunOptions{ContainerName: "c1", Env: env})
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for i, a := range argv {
			if a == "-e" {
				k, _, _ := strings.Cut(argv[i+1], "=")
				keys = append(keys, k)
			}
		}
		if len(keys) != n || !slices.IsSorted(keys) {
			t.Errorf("RUN-8: TongRunArgv with %d env variables wrote -e keys %q, want all %d sorted", n, keys, n)
		}
	}
}

// TestRunArgvSizedOnce checks that TongRunArgv sizes its argv once, from
// every part it may hold: a tong holding every part (network, alias, both
// labels, tmpfs, env, mounts and memory) fills it exactly, so an estimate
// too small would grow the slice and allocate again (RUN-8's order is
// checked by the table; this is its cost).
func TestRunArgvSizedOnce(t *testing.T) {
	def := set(mcpTong(), "resources", map[string]any{"memory": "512m"})
	got, err := TongRunArgv("github", def, runOpts())
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{"--network", "--network-alias", "--tmpfs", "--memory", "-e", "-v"} {
		if !slices.Contains(got, part) {
			t.Fatalf("the case should hold every part of an argv, but has no %s: %q", part, got)
		}
	}
	if n := strings.Count(strings.Join(got, "\n"), "--label\n"); n != 2 {
		t.Fatalf("the case should hold both labels, but has %d: %q", n, got)
	}
	if cap(got) != len(got) {
		t.Errorf("TongRunArgv = %d words in a slice of capacity %d; want the capacity computed exactly", len(got), cap(got))
	}
}
