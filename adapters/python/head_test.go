package python_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tongref/tongref/internal/conform"
)

// The test module with the signatures of the launcher at 42246cf.
const headModule = "testdata/swarmforge_tongs_head.py"

// A session tong that mounts the docker socket: the launcher at 42246cf
// hands it the workspace's host path.
const brokerTong = `{"lifecycle": "session", "image": "img", "interface": {"kind": "port", "port": 8080}, "mounts": ["docker-socket"]}`

// What the launcher at 42246cf builds for brokerTong with label hash abc
// and workspace /w, whichever protocol form the request has.
const brokerArgv = `["docker", "run", "-d", "--name", "s-tong-broker", "--label", "swarmforge.tong.name=broker", "--label", "swarmforge.tong.config-hash=abc", "-e", "SWARMFORGE_WORKSPACE_HOST_PATH=/w", "-v", "/var/run/docker.sock:/var/run/docker.sock", "img"]`

var headCases = []opCase{
	// --- tong_run_argv: every argument reaches its own parameter ---
	// Given positionally in spec 1's order, label_hash would land in
	// workspace and socket_path in fifo_host_path (H17).
	{name: "H17 spec 1 request, bound by name", op: "tong_run_argv", args: `{"name": "broker", "definition": ` + brokerTong + `, "container_name": "s-tong-broker", "network": null, "alias": null, "env": {}, "tmpfs_dirs": [], "label_hash": "abc", "workspace": "/w", "socket_path": "/var/run/docker.sock"}`,
		result: brokerArgv},
	{name: "RUN v2 request", op: "tong_run_argv", args: `{"name": "broker", "definition": ` + brokerTong + `, "container_name": "s-tong-broker", "network": null, "alias": null, "env": {}, "label_hash": "abc", "workspace": "/w", "socket_path": "/var/run/docker.sock", "fifo_host_path": null, "entrypoint": null, "command": null}`,
		result: brokerArgv},
	{name: "spec 1 tmpfs has no counterpart", op: "tong_run_argv", args: `{"name": "broker", "definition": ` + brokerTong + `, "container_name": "c", "network": null, "alias": null, "env": {}, "tmpfs_dirs": ["/run/swarmforge/secrets"], "label_hash": null, "workspace": null, "socket_path": "/s"}`,
		kind: "unsupported", message: "no parameter for tmpfs_dirs"},
	{name: "FIFO, wrapper and command", op: "tong_run_argv", args: `{"name": "gh", "definition": {"lifecycle": "shared", "image": "gh:1", "interface": {"kind": "mcp", "port": 80, "name": "github"}, "resources": {"memory": "1g"}}, "container_name": "swarmforge-shared-gh", "network": "tongs", "alias": "github", "env": {"Z": "1"}, "label_hash": null, "workspace": null, "socket_path": "/s", "fifo_host_path": "/tmp/f", "entrypoint": "/bin/sh", "command": ["-c", "x"]}`,
		result: `["docker", "run", "-d", "--name", "swarmforge-shared-gh", "--network", "tongs", "--network-alias", "github", "--entrypoint", "/bin/sh", "--label", "swarmforge.tong.name=gh", "-v", "/tmp/f:/run/swarmforge/secret-env:ro", "-e", "Z=1", "--memory", "1g", "gh:1", "-c", "x"]`},
	{name: "declared overrides when none given", op: "tong_run_argv", args: `{"name": "t", "definition": {"lifecycle": "session", "image": "i", "interface": {"kind": "none"}, "readiness": {"mode": "none"}, "entrypoint": ["/srv", "-v"], "command": ["serve"]}, "container_name": "c", "network": null, "alias": "t", "env": {}, "label_hash": null, "workspace": null, "socket_path": "/s", "fifo_host_path": null, "entrypoint": null, "command": null}`,
		result: `["docker", "run", "-d", "--name", "c", "--entrypoint", "/srv", "--label", "swarmforge.tong.name=t", "i", "-v", "serve"]`},

	// --- names and scopes ---
	{name: "NAME scope", op: "shared_container_name", args: `{"name": "asana", "scope": "acme-1a2b3c4d"}`, result: `"swarmforge-shared-acme-1a2b3c4d-asana"`},
	{name: "NAME no scope", op: "shared_container_name", args: `{"name": "asana", "scope": null}`, result: `"swarmforge-shared-asana"`},
	{name: "H4 unscoped spells scoped", op: "shared_container_name", args: `{"name": "acme-1a2b3c4d-asana", "scope": null}`, result: `"swarmforge-shared-acme-1a2b3c4d-asana"`},
	{name: "spec 1 request", op: "shared_container_name", args: `{"name": "a b"}`, result: `"swarmforge-shared-a-b"`},
	{name: "shared network", op: "shared_network_name", args: `{"scope": "acme-1a2b3c4d"}`, result: `"swarmforge-shared-net-acme-1a2b3c4d"`},
	{name: "H13 null scope", op: "shared_network_name", args: `{"scope": null}`, result: `"swarmforge-shared-net-None"`},
	{name: "session network", op: "session_network_name", args: `{"session_id": "claude-x."}`, result: `"swarmforge-session-claude-x"`},
	{name: "org scope", op: "org_scope_token", args: `{"org_tongs_dir": "/home/me/orgs/acme/.swarmforge/tongs"}`, result: `"acme-cebc22fa"`},
	{name: "org scope none", op: "org_scope_token", args: `{"org_tongs_dir": null}`, result: `null`},
	{name: "H12 relative org dir, read from / (sha256 of /acme/.swarmforge/tongs)", op: "org_scope_token", args: `{"org_tongs_dir": "acme/.swarmforge/tongs"}`, result: `"acme-c60673a8"`},
	{name: "invalid UTF-8 is refused under spec 2", op: "org_scope_token", args: `{"org_tongs_dir": "/o/\udcff/.s/t"}`, kind: "invalid", message: "UnicodeEncodeError"},

	// --- create ---
	{name: "to_create_argv", op: "to_create_argv", args: `{"argv": ["docker", "run", "-it", "img", "run"]}`, result: `["docker", "create", "-it", "img", "run"]`},
	{name: "H9 -d kept", op: "to_create_argv", args: `{"argv": ["docker", "run", "-d", "img"]}`, result: `["docker", "create", "-d", "img"]`},
	{name: "not docker run", op: "to_create_argv", args: `{"argv": ["podman", "ps"]}`, kind: "invalid", message: "ValueError"},

	// --- the process a tong runs: tuples become objects ---
	{name: "run_override entrypoint", op: "run_override", args: `{"definition": {"entrypoint": ["/srv", "-v"], "command": ["serve"]}}`, result: `{"entrypoint": "/srv", "args": ["-v", "serve"]}`},
	{name: "run_override none", op: "run_override", args: `{"definition": {}}`, result: `{"entrypoint": null, "args": []}`},
	{name: "H8 exec_target keeps the image CMD", op: "exec_target", args: `{"definition": {"entrypoint": ["/srv"]}, "image_entrypoint": null, "image_cmd": ["serve"]}`, result: `["/srv", "serve"]`},
	{name: "exec_target empty", op: "exec_target", args: `{"definition": {"image": "i"}, "image_entrypoint": null, "image_cmd": []}`, kind: "invalid", message: "ValueError"},
	{name: "secret_inject_argv", op: "secret_inject_argv", args: `{"target_argv": ["node", "s.js"]}`,
		result: `{"entrypoint": "/bin/sh", "command": ["-c", "secret_env=$(cat /run/swarmforge/secret-env) || exit 1; eval \"$secret_env\" || exit 1; exec \"$@\"", "swarmforge-tong", "node", "s.js"]}`},

	// --- secrets ---
	{name: "render quoting", op: "render_secret_exports", args: `{"secrets": {"B": "it's", "A": "x\ny"}}`, result: `"export A='x\ny'\nexport B='it'\\''s'\n"`},
	{name: "H10 trailing newline passes", op: "render_secret_exports", args: `{"secrets": {"T\n": "v"}}`, result: `"export T\n='v'\n"`},
	{name: "render bad name", op: "render_secret_exports", args: `{"secrets": {"1x": "v"}}`, kind: "invalid", message: "ValueError"},
	{name: "H2 non-string value", op: "render_secret_exports", args: `{"secrets": {"A": 1}}`, kind: "crash", message: "AttributeError"},
	{name: "partition", op: "partition_secret_env", args: `{"env": {"A": "1", "T": "${secret:op:r}", "L": ["${secret:a:b}"]}}`, result: `{"plain": {"A": "1"}, "secret": {"T": "${secret:op:r}", "L": ["${secret:a:b}"]}}`},
	{name: "provider plain", op: "secret_provider_command", args: `{"providers": {"op": ["op", "read", "{ref}"]}, "provider": "op", "ref": "op://v/i"}`, result: `["op", "read", "op://v/i"]`},
	{name: "provider override", op: "secret_provider_command", args: `{"providers": {"s": {"default": ["pass", "{ref}"], "overrides": {"ci": ["doppler", "CI"]}}}, "provider": "s", "ref": "ci"}`, result: `["doppler", "CI"]`},
	{name: "unknown provider is a refusal", op: "secret_provider_command", args: `{"providers": {}, "provider": "op", "ref": "r"}`, kind: "invalid", message: "KeyError"},
	{name: "unmapped ref is a refusal", op: "secret_provider_command", args: `{"providers": {"s": {"overrides": {"a": ["x"]}}}, "provider": "s", "ref": "b"}`, kind: "invalid", message: "UnmappedSecretError"},
	{name: "the loader's rules apply", op: "secret_provider_command", args: `{"providers": {"s": {"default": ["x"], "bogus": 1}}, "provider": "s", "ref": "r"}`, kind: "invalid", message: "unknown key"},
	{name: "the loader refuses an empty command", op: "secret_provider_command", args: `{"providers": {"op": []}, "provider": "op", "ref": "r"}`, kind: "invalid", message: "non-empty"},
	{name: "no table", op: "secret_provider_command", args: `{"providers": null, "provider": "op", "ref": "r"}`, kind: "invalid", message: "KeyError"},
	{name: "H6 ref beginning with -", op: "secret_provider_command", args: `{"providers": {"op": ["op", "read", "{ref}"]}, "provider": "op", "ref": "--out-file=x"}`, result: `["op", "read", "--out-file=x"]`},

	// --- launch plans: pairs become arrays, tongs are wrapped ---
	{name: "plan_network", op: "plan_network", args: `{"tongs": {"db": {"lifecycle": "session", "interface": {"kind": "port", "port": 1}}, "gh": {"lifecycle": "shared", "interface": {"kind": "mcp", "port": 80, "name": "github"}}}, "base_network": "base", "session_id": "s1"}`,
		result: `{"network": "swarmforge-session-s1", "create": "swarmforge-session-s1", "extra_networks": ["base"], "session_aliases": [["db", "db"]], "shared_connect": [["gh", "github"]]}`},
	{name: "plan_injection", op: "plan_injection", args: `{"tongs": {"db": {"lifecycle": "session", "interface": {"kind": "port", "port": 5432}}, "gh": {"lifecycle": "shared", "interface": {"kind": "mcp", "port": 80, "name": "github"}}}, "harness": "claude"}`,
		result: `{"env": {"SWARMFORGE_TONG_DB_HOST": "db", "SWARMFORGE_TONG_DB_PORT": "5432"}, "mounts": [], "mcp": {"mcpServers": {"github": {"type": "http", "url": "http://github:80/mcp"}}}}`},
	{name: "mcp_url path", op: "mcp_url", args: `{"definition": {"interface": {"kind": "mcp", "port": 8080, "path": "v1"}}, "alias": "gh"}`, result: `"http://gh:8080/v1"`},
	{name: "H1 null path", op: "mcp_url", args: `{"definition": {"interface": {"kind": "mcp", "port": 8080, "path": null}}, "alias": "gh"}`, kind: "crash", message: "AttributeError"},
	{name: "H5 tong_env_var", op: "tong_env_var", args: `{"name": "a-b", "suffix": "port"}`, result: `"SWARMFORGE_TONG_A_B_PORT"`},

	// --- v2 validation ---
	{name: "MNT empty mode refused", op: "validate_tong", args: `{"name": "w", "definition": {"lifecycle": "session", "image": "i", "interface": {"kind": "port", "port": 1}, "mounts": ["workspace:"]}}`,
		result: `{"errors": ["w: mount 'workspace:': the mode after ':' is ro or rw"]}`},

	// --- requests that are not the protocol's ---
	{name: "spec 1 and 2 arguments mixed", op: "tong_run_argv", args: `{"name": "t", "definition": {}, "container_name": "c", "network": null, "alias": null, "env": {}, "tmpfs_dirs": [], "label_hash": null, "workspace": null, "socket_path": "/s", "fifo_host_path": null}`,
		kind: "crash", message: "bad request"},
	{name: "unknown argument", op: "shared_network_name", args: `{"scope": "s", "extra": 1}`, kind: "crash", message: "bad request: unknown argument 'extra'"},
}

func TestHeadOps(t *testing.T) {
	runOpCases(t, startAdapter(t, headModule), headCases)
}

// TestHeadHello checks that the module's signatures make it spec 2 and
// that every op of spec 2 it defines is offered.
func TestHeadHello(t *testing.T) {
	a := startAdapter(t, headModule)
	a.send(`{"id": 0, "op": "hello", "args": {"protocol": 1}}`)
	checkHello(t, a.recv(), 2, conform.OpNames(2))
}

// TestSpecFlag checks that --spec 1 serves the spec 1 ops of a spec 2
// module, with spec 1's error rule (an encode failure is a crash).
func TestSpecFlag(t *testing.T) {
	a := startAdapter(t, headModule, "--spec", "1")
	a.send(`{"id": 0, "op": "hello", "args": {"protocol": 1}}`)
	checkHello(t, a.recv(), 1, conform.OpNames(1))
	runOpCases(t, a, []opCase{
		{name: "spec 2 op under spec 1", op: "to_create_argv", args: `{"argv": ["docker", "run", "i"]}`, kind: "unsupported", message: "not an op of spec 1"},
		{name: "D20 under spec 1", op: "config_hash", args: `{"definition": "\udc80"}`, kind: "crash", message: "UnicodeEncodeError"},
	})
}

// Modules whose functions a keyword call cannot reach, or reach only in
// part: each op is unsupported, never called with its arguments moved.
const unbindableModule = `
def tong_run_argv(name, defn, container_name, network, alias, env=None,
                  label_hash=None, workspace=None, socket_path="/s",
                  fifo_host_path=None, entrypoint=None, command=None):
    return ["docker", "run", defn["image"]]

def shared_container_name(tong, scope=None):
    return "renamed parameter"

def session_container_name(session_id, name, /):
    return "positional only"

def canonical_alias(name, defn, extra):
    return "needs an argument the protocol has not"

def config_hash(*args):
    return "only *args"

def parse_duration(value, default=None, **more):
    return more.get("never", 1.0)
`

func TestUnbindable(t *testing.T) {
	module := filepath.Join(t.TempDir(), "unbindable.py")
	if err := os.WriteFile(module, []byte(unbindableModule), 0o644); err != nil {
		t.Fatal(err)
	}
	a := startAdapter(t, module)
	a.send(`{"id": 0, "op": "hello", "args": {"protocol": 1}}`)
	if got, want := a.recv(), `{"id": 0, "result": {"name": "swarmforge-python", "protocol": 1, "spec": 2, "ops": ["parse_duration", "tong_run_argv"], "values": "plain", "pipeline": true}}`; got != want {
		t.Errorf("hello =\n%s\nwant\n%s", got, want)
	}
	runOpCases(t, a, []opCase{
		{name: "renamed parameter", op: "shared_container_name", args: `{"name": "x", "scope": null}`, kind: "unsupported", message: "no parameter for 'name'"},
		{name: "positional only", op: "session_container_name", args: `{"session_id": "s", "name": "x"}`, kind: "unsupported", message: "no parameter for 'session_id'"},
		{name: "extra required parameter", op: "canonical_alias", args: `{"name": "x", "definition": {}}`, kind: "unsupported", message: "needs extra"},
		{name: "only *args", op: "config_hash", args: `{"definition": {}}`, kind: "unsupported", message: "no parameter for 'definition'"},
		{name: "a null v2 argument is left out", op: "tong_run_argv", args: `{"name": "t", "definition": {"image": "i"}, "container_name": "c", "network": null, "alias": null, "env": {}, "label_hash": null, "workspace": null, "socket_path": "/s", "fifo_host_path": null, "entrypoint": null, "command": null}`, result: `["docker", "run", "i"]`},
		{name: "**kwargs takes protocol names", op: "parse_duration", args: `{"value": "1s", "default": null}`, result: `1.0`},
	})
	for _, op := range []string{"shared_container_name", "session_container_name", "canonical_alias", "config_hash"} {
		if !strings.Contains(a.stderr.String(), op+" is unsupported") {
			t.Errorf("stderr does not say why %s is unsupported:\n%s", op, a.stderr)
		}
	}
}

// A spec 1 module never sees a spec 2 argument it cannot express.
func TestSpec1ModuleRefusesV2Arguments(t *testing.T) {
	runOpCases(t, startAdapter(t, testModule), []opCase{
		{name: "scope", op: "shared_container_name", args: `{"name": "x", "scope": "s"}`, kind: "unsupported", message: "no parameter for scope"},
		{name: "null scope is no scope", op: "shared_container_name", args: `{"name": "x", "scope": null}`, result: `"swarmforge-shared-x"`},
		{name: "FIFO", op: "tong_run_argv", args: `{"name": "t", "definition": {"image": "i", "interface": {"kind": "none"}}, "container_name": "c", "network": null, "alias": null, "env": {}, "label_hash": null, "workspace": null, "socket_path": "/s", "fifo_host_path": "/f", "entrypoint": null, "command": null}`,
			kind: "unsupported", message: "no parameter for fifo_host_path"},
		{name: "v2 form without v2 values", op: "tong_run_argv", args: `{"name": "t", "definition": {"image": "i", "interface": {"kind": "none"}}, "container_name": "c", "network": null, "alias": null, "env": {}, "label_hash": "h", "workspace": null, "socket_path": "/s", "fifo_host_path": null, "entrypoint": null, "command": null}`,
			result: `["docker", "run", "-d", "--name", "c", "--label", "swarmforge.tong.name=t", "--label", "swarmforge.tong.config-hash=h", "i"]`},
	})
}

// TestRealCheckout runs the binding cases against a Swarmforge checkout at
// 42246cf when SWARMFORGE names one (make conform-swarmforge does).
func TestRealCheckout(t *testing.T) {
	dir := os.Getenv("SWARMFORGE")
	if dir == "" {
		t.Skip("SWARMFORGE is not set to a Swarmforge checkout")
	}
	module, err := filepath.Abs(filepath.Join(dir, "scripts", "tongs.py"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []opCase
	for _, c := range headCases {
		if c.op == "tong_run_argv" || c.op == "shared_container_name" || c.op == "run_override" || c.op == "exec_target" || c.op == "secret_inject_argv" || c.op == "partition_secret_env" || c.op == "secret_provider_command" || c.op == "org_scope_token" {
			cases = append(cases, c)
		}
	}
	runOpCases(t, startAdapter(t, module), cases)
}
