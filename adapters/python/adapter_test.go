// Package python_test checks the Python conformance adapter
// (swarmforge_adapter.py) by speaking the protocol to it, driving two test
// modules: testdata/swarmforge_tongs.py, which behaves as the Swarmforge
// launcher's PR #11 does (spec 1), and testdata/swarmforge_tongs_head.py,
// which behaves as the launcher at 42246cf does (spec 2). Expected answers
// are written out by hand in the form Python's json module writes them
// (", " and ": " separators, ASCII only), so every answer is compared byte
// for byte.
package python_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tongref/tongref/internal/conform"
)

const testModule = "testdata/swarmforge_tongs.py"

// adapter is one running swarmforge_adapter.py.
type adapter struct {
	t      *testing.T
	cmd    *exec.Cmd
	in     io.WriteCloser
	lines  chan string // answer lines, without their newline; closed at EOF
	stderr *bytes.Buffer
	nextID int
}

// startAdapter runs the adapter on module, with any further command-line
// arguments, and checks nothing yet.
func startAdapter(t *testing.T, module string, args ...string) *adapter {
	t.Helper()
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	cmd := exec.Command(python, append([]string{"swarmforge_adapter.py", "--module", module}, args...)...)
	a := &adapter{t: t, cmd: cmd, stderr: new(bytes.Buffer), nextID: 1}
	cmd.Stderr = a.stderr
	if a.in, err = cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	a.lines = make(chan string, 1024)
	go func() {
		defer close(a.lines)
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 1<<16), 1<<24)
		for sc.Scan() {
			a.lines <- sc.Text()
		}
	}()
	t.Cleanup(func() {
		a.in.Close()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("adapter exited with %v; stderr:\n%s", err, a.stderr)
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Errorf("adapter did not exit 10 s after its input closed; stderr:\n%s", a.stderr)
		}
	})
	return a
}

// send writes one raw request line.
func (a *adapter) send(line string) {
	a.t.Helper()
	if _, err := io.WriteString(a.in, line+"\n"); err != nil {
		a.t.Fatalf("writing %s: %v; stderr:\n%s", line, err, a.stderr)
	}
}

// recv reads one response line, without its newline.
func (a *adapter) recv() string {
	a.t.Helper()
	timer := time.NewTimer(20 * time.Second)
	defer timer.Stop()
	select {
	case line, ok := <-a.lines:
		if !ok {
			a.t.Fatalf("the adapter closed its output; stderr:\n%s", a.stderr)
		}
		return line
	case <-timer.C:
		a.t.Fatalf("no answer within 20 s; stderr:\n%s", a.stderr)
	}
	return ""
}

// call sends op with args (raw JSON) and returns the raw answer line and
// the id it used.
func (a *adapter) call(op, args string) (line string, id int) {
	a.t.Helper()
	id = a.nextID
	a.nextID++
	a.send(fmt.Sprintf(`{"id": %d, "op": %q, "args": %s}`, id, op, args))
	return a.recv(), id
}

// response is an answer decoded loosely enough for error checks.
type response struct {
	ID     *json.RawMessage `json:"id"`
	Result json.RawMessage  `json:"result"`
	Error  *struct {
		Kind    string `json:"kind"`
		Message string `json:"message"`
	} `json:"error"`
}

// id is the answer's id as JSON text ("null" when it is null or absent).
func (r response) id() string {
	if r.ID == nil {
		return "null"
	}
	return string(*r.ID)
}

func decode(t *testing.T, line string) response {
	t.Helper()
	var r response
	if err := json.Unmarshal([]byte(line), &r); err != nil {
		t.Fatalf("answer %s is not JSON Go can read: %v", line, err)
	}
	return r
}

// opCase is one request and its expected answer: either the exact result
// text, or an error kind with a fragment of its message.
type opCase struct {
	name    string
	op      string
	args    string // raw JSON
	result  string // raw JSON as Python writes it; "" when an error is expected
	kind    string // expected error kind
	message string // a fragment the error message must hold
}

// A definition every check of the test module accepts.
const portTong = `{"lifecycle": "session", "image": "postgres:16", "interface": {"kind": "port", "port": 5432}}`

var opCases = []opCase{
	// --- parse_duration ---
	{name: "DUR-3 string with unit", op: "parse_duration", args: `{"value": "1.1h", "default": null}`, result: `3960.0000000000005`},
	{name: "DUR-3 milliseconds", op: "parse_duration", args: `{"value": "100ms", "default": null}`, result: `0.1`},
	{name: "DUR-3 no unit, surrounding space", op: "parse_duration", args: `{"value": " 30\t", "default": null}`, result: `30.0`},
	{name: "DUR-2 integer", op: "parse_duration", args: `{"value": 5, "default": null}`, result: `5.0`},
	{name: "DUR-1 null gives the default", op: "parse_duration", args: `{"value": null, "default": 7.5}`, result: `7.5`},
	{name: "DUR-1 null and no default", op: "parse_duration", args: `{"value": null, "default": null}`, result: `null`},
	{name: "D1 Arabic-Indic digits", op: "parse_duration", args: `{"value": "\u0663\u0660s", "default": null}`, result: `30.0`},
	{name: "D1 em space", op: "parse_duration", args: `{"value": "\u20035s", "default": null}`, result: `5.0`},
	{name: "D2 NaN", op: "parse_duration", args: `{"value": NaN, "default": null}`, result: `NaN`},
	{name: "D2 Infinity", op: "parse_duration", args: `{"value": Infinity, "default": null}`, result: `Infinity`},
	{name: "D2 overflowing string", op: "parse_duration", args: `{"value": "1` + strings.Repeat("0", 400) + `s", "default": null}`, result: `Infinity`},
	{name: "D3 huge integer", op: "parse_duration", args: `{"value": 1` + strings.Repeat("0", 400) + `, "default": null}`, kind: "crash", message: "OverflowError"},
	{name: "D4 bool is one second", op: "parse_duration", args: `{"value": true, "default": null}`, result: `1.0`},
	{name: "DUR-3 sign", op: "parse_duration", args: `{"value": "-5s", "default": null}`, kind: "invalid", message: "ValueError"},
	{name: "DUR-4 zero", op: "parse_duration", args: `{"value": 0, "default": null}`, kind: "invalid", message: "greater than zero"},
	{name: "DUR-5 list", op: "parse_duration", args: `{"value": [1], "default": null}`, kind: "invalid", message: "ValueError"},

	// --- readiness_settings ---
	{name: "RDY-8 port default", op: "readiness_settings", args: `{"definition": ` + portTong + `}`,
		result: `{"mode": "tcp", "command": null, "timeout_s": 30.0}`},
	{name: "RDY-8 stated", op: "readiness_settings", args: `{"definition": {"lifecycle": "shared", "image": "cache:1", "interface": {"kind": "volume", "volume": "cache", "mountpoint": "/cache"}, "readiness": {"mode": "healthcheck", "command": ["test", "-d", "/cache"], "timeout": "2m"}}}`,
		result: `{"mode": "healthcheck", "command": ["test", "-d", "/cache"], "timeout_s": 120.0}`},
	{name: "RDY-8 none default", op: "readiness_settings", args: `{"definition": {"interface": {"kind": "none"}}}`,
		result: `{"mode": "none", "command": null, "timeout_s": 30.0}`},

	// --- validate_tong ---
	{name: "valid port tong", op: "validate_tong", args: `{"name": "db", "definition": ` + portTong + `}`, result: `{"errors": []}`},
	{name: "LIFE-1 missing", op: "validate_tong", args: `{"name": "db", "definition": {"image": "postgres:16", "interface": {"kind": "port", "port": 5432}}}`,
		result: `{"errors": ["tong db: lifecycle must be 'session' or 'shared'"]}`},
	{name: "DEF-1 not a map", op: "validate_tong", args: `{"name": "db", "definition": [1]}`,
		result: `{"errors": ["tong db: definition must be a mapping"]}`},
	{name: "D5 list lifecycle", op: "validate_tong", args: `{"name": "db", "definition": {"lifecycle": ["session"]}}`, kind: "crash", message: "TypeError: unhashable type: 'list'"},
	{name: "D5 map kind", op: "validate_tong", args: `{"name": "db", "definition": {"lifecycle": "session", "image": "x", "interface": {"kind": {}}}}`, kind: "crash", message: "TypeError: unhashable type: 'dict'"},
	{name: "D6 port 70000", op: "validate_tong", args: `{"name": "db", "definition": {"lifecycle": "session", "image": "x", "interface": {"kind": "port", "port": 70000}}}`, result: `{"errors": []}`},
	{name: "D6 integer mcp name", op: "validate_tong", args: `{"name": "gh", "definition": {"lifecycle": "session", "image": "x", "interface": {"kind": "mcp", "port": 80, "name": 5}}}`, result: `{"errors": []}`},
	{name: "D4 bool port", op: "validate_tong", args: `{"name": "db", "definition": {"lifecycle": "session", "image": "x", "interface": {"kind": "port", "port": true}}}`, result: `{"errors": []}`},
	{name: "D3 huge timeout", op: "validate_tong", args: `{"name": "db", "definition": {"lifecycle": "session", "image": "x", "interface": {"kind": "port", "port": 1}, "readiness": {"timeout": 1` + strings.Repeat("0", 400) + `}}}`, kind: "crash", message: "OverflowError"},
	{name: "D18 null env", op: "validate_tong", args: `{"name": "db", "definition": {"lifecycle": "session", "image": "x", "interface": {"kind": "port", "port": 1}, "env": null}}`,
		result: `{"errors": ["tong db: env must be a mapping"]}`},
	{name: "RDY-4 tcp on a volume", op: "validate_tong", args: `{"name": "v", "definition": {"lifecycle": "session", "image": "x", "interface": {"kind": "volume", "volume": "v", "mountpoint": "/v"}, "readiness": {"mode": "tcp"}}}`,
		result: `{"errors": ["tong v: readiness.mode tcp needs a port, and a volume tong has none"]}`},
	{name: "ENV-6 secret file", op: "validate_tong", args: `{"name": "gh", "definition": {"lifecycle": "session", "image": "x", "interface": {"kind": "port", "port": 1}, "env": {"T": "${secret:op:ref}", "T_FILE": "/tmp/t"}}}`,
		result: `{"errors": ["tong gh: env.T_FILE must be /run/swarmforge/secrets/T"]}`},

	// --- canonical_alias ---
	{name: "ALIAS-1 mcp", op: "canonical_alias", args: `{"name": "gh", "definition": {"interface": {"kind": "mcp", "name": "github"}}}`, result: `"github"`},
	{name: "ALIAS-1 port", op: "canonical_alias", args: `{"name": "db", "definition": ` + portTong + `}`, result: `"db"`},
	{name: "D6 integer alias", op: "canonical_alias", args: `{"name": "gh", "definition": {"interface": {"kind": "mcp", "name": 5}}}`, result: `5`},

	// --- alias_collisions ---
	{name: "ALIAS-2 collision", op: "alias_collisions", args: `{"tongs": {"b": {"interface": {"kind": "mcp", "name": "a", "port": 1}}, "a": {"interface": {"kind": "port", "port": 2}}, "v": {"interface": {"kind": "volume"}}, "w": {"interface": {"kind": "mcp", "name": "v"}}}}`,
		result: `{"a": ["a", "b"]}`},
	{name: "D14 case-sensitive", op: "alias_collisions", args: `{"tongs": {"GitHub": {"interface": {"kind": "port", "port": 1}}, "github": {"interface": {"kind": "port", "port": 2}}}}`, result: `{}`},

	// --- tong_mount_specs ---
	{name: "MNT words", op: "tong_mount_specs", args: `{"definition": {"mounts": ["workspace:ro", "docker-socket"]}, "workspace": "/home/me/p", "socket_path": "/var/run/docker.sock"}`,
		result: `["/home/me/p:/workspace:ro", "/var/run/docker.sock:/var/run/docker.sock"]`},
	{name: "MNT-5 no workspace", op: "tong_mount_specs", args: `{"definition": {"mounts": ["workspace"]}, "workspace": null, "socket_path": "/s"}`, kind: "invalid", message: "workspace"},
	{name: "D19 empty workspace", op: "tong_mount_specs", args: `{"definition": {"mounts": ["workspace"]}, "workspace": "", "socket_path": "/s"}`, result: `[":/workspace"]`},
	{name: "no mounts", op: "tong_mount_specs", args: `{"definition": {}, "workspace": null, "socket_path": "/s"}`, result: `[]`},

	// --- tong_resource_flags ---
	{name: "RES-4 memory", op: "tong_resource_flags", args: `{"definition": {"resources": {"memory": "512m", "cpus": 2}}}`, result: `["--memory", "512m"]`},
	{name: "D16 float memory", op: "tong_resource_flags", args: `{"definition": {"resources": {"memory": 1.5}}}`, result: `["--memory", "1.5"]`},
	{name: "RES-4 none", op: "tong_resource_flags", args: `{"definition": {}}`, result: `[]`},

	// --- tong_run_argv ---
	{name: "RUN-8 everything", op: "tong_run_argv", args: `{"name": "gh", "definition": {"lifecycle": "shared", "image": "ghcr.io/acme/gh:1", "interface": {"kind": "mcp", "port": 80, "name": "github"}, "mounts": ["workspace:ro"], "resources": {"memory": "1g"}}, "container_name": "swarmforge-shared-gh", "network": "tongs", "alias": "github", "env": {"Z": "1", "A": "x=y"}, "tmpfs_dirs": ["/run/swarmforge/secrets"], "label_hash": "abc", "workspace": "/w", "socket_path": "/var/run/docker.sock"}`,
		result: `["docker", "run", "-d", "--name", "swarmforge-shared-gh", "--network", "tongs", "--network-alias", "github", "--label", "swarmforge.tong.name=gh", "--label", "swarmforge.tong.config-hash=abc", "--tmpfs", "/run/swarmforge/secrets", "-e", "A=x=y", "-e", "Z=1", "-v", "/w:/workspace:ro", "--memory", "1g", "ghcr.io/acme/gh:1"]`},
	{name: "RUN-9 no alias for a volume tong", op: "tong_run_argv", args: `{"name": "v", "definition": {"image": "cache:1", "interface": {"kind": "volume"}}, "container_name": "s-tong-v", "network": null, "alias": "v", "env": {}, "tmpfs_dirs": [], "label_hash": null, "workspace": null, "socket_path": "/var/run/docker.sock"}`,
		result: `["docker", "run", "-d", "--name", "s-tong-v", "--label", "swarmforge.tong.name=v", "cache:1"]`},

	// --- container names ---
	{name: "NAME-2 clean", op: "shared_container_name", args: `{"name": "github"}`, result: `"swarmforge-shared-github"`},
	{name: "D12 a b", op: "shared_container_name", args: `{"name": "a b"}`, result: `"swarmforge-shared-a-b"`},
	{name: "D12 @@@", op: "shared_container_name", args: `{"name": "@@@"}`, result: `"swarmforge-shared"`},
	{name: "D12 non-ASCII", op: "shared_container_name", args: `{"name": "caf\u00e9"}`, result: `"swarmforge-shared-caf"`},
	{name: "NAME-5 session", op: "session_container_name", args: `{"session_id": "s1", "name": " x!"}`, result: `"s1-tong-x"`},
	{name: "NAME-5 empty token", op: "session_container_name", args: `{"session_id": "s1", "name": "..."}`, result: `"s1-tong"`},
	{name: "D13 session id as given", op: "session_container_name", args: `{"session_id": "s\u00e9 1", "name": "x"}`, result: `"s\u00e9 1-tong-x"`},

	// --- inject_anvil_argv ---
	{name: "INJ-1 identity", op: "inject_anvil_argv", args: `{"argv": ["ls", "-l"], "network": null, "pre_image_args": [], "post_image_args": []}`, result: `["ls", "-l"]`},
	{name: "D7 --user taken for the image", op: "inject_anvil_argv", args: `{"argv": ["docker", "run", "--user", "1000", "--network", "n0", "img"], "network": "tongs", "pre_image_args": [], "post_image_args": []}`,
		result: `["docker", "run", "--network", "tongs", "--user", "1000", "--network", "n0", "img"]`},
	{name: "INJ-4 replace, pre and post", op: "inject_anvil_argv", args: `{"argv": ["docker", "run", "--network=n0", "img", "--network", "x"], "network": "t", "pre_image_args": ["-e", "A=1"], "post_image_args": ["--flag"]}`,
		result: `["docker", "run", "-e", "A=1", "--network=t", "img", "--network", "x", "--flag"]`},
	{name: "D9 second network kept", op: "inject_anvil_argv", args: `{"argv": ["docker", "run", "--network", "a", "--network", "b", "img"], "network": "t", "pre_image_args": [], "post_image_args": []}`,
		result: `["docker", "run", "--network", "t", "--network", "b", "img"]`},
	{name: "D11 not a docker run", op: "inject_anvil_argv", args: `{"argv": ["ls"], "network": "t", "pre_image_args": [], "post_image_args": []}`,
		result: `["ls", "--network", "t"]`},

	// --- anvil_option_value ---
	{name: "OPT-3 D8 first value", op: "anvil_option_value", args: `{"argv": ["docker", "run", "--network", "a", "--network=b", "img"], "flag": "--network"}`, result: `"a"`},
	{name: "OPT-3 = form", op: "anvil_option_value", args: `{"argv": ["docker", "run", "--name=x", "img"], "flag": "--name"}`, result: `"x"`},
	{name: "OPT-2 after the image", op: "anvil_option_value", args: `{"argv": ["docker", "run", "img", "--network", "a"], "flag": "--network"}`, result: `null`},

	// --- config_hash: each digest is sha256sum of the canonical text in the comment ---
	// {}
	{name: "HASH-1 empty", op: "config_hash", args: `{"definition": {}}`, result: `"44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"`},
	// {"a":[1e+16,1e-05,"é"],"b":1.0}
	{name: "HASH-2 floats", op: "config_hash", args: `{"definition": {"b": 1.0, "a": [1e16, 0.00001, "\u00e9"]}}`, result: `"fce4dae1c00778d73794a72bc3534ca7c31a2908f5fef1217efa802ad57e2575"`},
	// {"x":NaN}
	{name: "HASH-2 NaN", op: "config_hash", args: `{"definition": {"x": NaN}}`, result: `"c238cb6e9ac5407491b0988102620ab9445290d2ed7713c516a2b28bd2388968"`},
	// {"z":2,"é":1}
	{name: "HASH-1 keys by code point", op: "config_hash", args: `{"definition": {"\u00e9": 1, "z": 2}}`, result: `"ebf5b3ac2125f90b74510656202151eacb0fa0dcdf14105494181e8969b802d5"`},
	// {"s":"a\"b\\c\n\u0001"}
	{name: "HASH-3 escapes", op: "config_hash", args: `{"definition": {"s": "a\"b\\c\n\u0001"}}`, result: `"bbe54c9c73120828ff25c5eb31b59be40031eea10574421aadf601bb1ec76cf2"`},
	// {"n":123456789012345678901234567890}
	{name: "HASH-1 big integer", op: "config_hash", args: `{"definition": {"n": 123456789012345678901234567890}}`, result: `"03b8f78ef5e8a305f4cda82942db0c6accec4046b40457ae19055ea5e4fff2ac"`},
	// {"n":1000…000} (5000 digits: beyond Python's default int-to-text limit of 4300)
	{name: "HASH-1 5000-digit integer", op: "config_hash", args: `{"definition": {"n": 1` + strings.Repeat("0", 4999) + `}}`, result: `"81c5daf257cae558ea6d80b1cfbc232fe97644a1c9dd508c429a51fe49463bde"`},
	{name: "D20 invalid UTF-8", op: "config_hash", args: `{"definition": "\udc80"}`, kind: "crash", message: "UnicodeEncodeError"},
}

func TestOps(t *testing.T) {
	runOpCases(t, startAdapter(t, testModule), opCases)
}

// runOpCases sends each case and checks its answer.
func runOpCases(t *testing.T, a *adapter, cases []opCase) {
	t.Helper()
	for _, c := range cases {
		line, id := a.call(c.op, c.args)
		if c.kind == "" {
			want := fmt.Sprintf(`{"id": %d, "result": %s}`, id, c.result)
			if line != want {
				t.Errorf("%s: %s(%.200s) = %s, want %s; (-want +got):\n%s", c.name, c.op, c.args, line, want, cmp.Diff(want, line))
			}
			continue
		}
		r := decode(t, line)
		if r.Error == nil || r.Error.Kind != c.kind || !strings.Contains(r.Error.Message, c.message) || r.id() != fmt.Sprint(id) {
			t.Errorf("%s: %s(%s) = %s, want id %d and a %s error holding %q", c.name, c.op, c.args, line, id, c.kind, c.message)
		}
	}
}

func TestHello(t *testing.T) {
	a := startAdapter(t, testModule)
	a.send(`{"id": 0, "op": "hello", "args": {"protocol": 1}}`)
	checkHello(t, a.recv(), 1, conform.OpNames(1))
}

// checkHello checks a hello answer to a request of id 0: the line
// swarmforge_adapter.py writes for spec version spec, byte for byte,
// listing the ops of conform's op table given (the adapter's module
// defining them all) in the adapter's own order.
func checkHello(t *testing.T, got string, spec int, ops []string) {
	t.Helper()
	var hello struct{ Result struct{ Ops []string } }
	if err := json.Unmarshal([]byte(got), &hello); err != nil {
		t.Fatalf("hello = %s: %v", got, err)
	}
	listed := hello.Result.Ops
	if diff := cmp.Diff(slices.Sorted(slices.Values(ops)), slices.Sorted(slices.Values(listed))); diff != "" {
		t.Errorf("hello lists other ops than spec version %d's of the op table (-table +hello):\n%s", spec, diff)
	}
	want := fmt.Sprintf(`{"id": 0, "result": {"name": "swarmforge-python", "protocol": 1, "spec": %d, "ops": [%s], "values": "plain", "pipeline": true}}`,
		spec, `"`+strings.Join(listed, `", "`)+`"`)
	if got != want {
		t.Errorf("hello =\n%s\nwant\n%s", got, want)
	}
}

// A partial module: some functions missing, one that raises an exception
// no launcher documents, one that returns what the protocol cannot carry.
const partialModule = `
def parse_duration(value, default=None):
    raise ValueError("no durations here")

def config_hash(defn):
    return defn["missing"]

def canonical_alias(name, defn):
    import json
    return json.loads("{")

def shared_container_name(name):
    return object()
`

func TestErrorKinds(t *testing.T) {
	module := filepath.Join(t.TempDir(), "partial.py")
	if err := os.WriteFile(module, []byte(partialModule), 0o644); err != nil {
		t.Fatal(err)
	}
	a := startAdapter(t, module)
	a.send(`{"id": 0, "op": "hello", "args": {"protocol": 1}}`)
	if got, want := a.recv(), `{"id": 0, "result": {"name": "swarmforge-python", "protocol": 1, "spec": 1, "ops": ["parse_duration", "canonical_alias", "shared_container_name", "config_hash"], "values": "plain", "pipeline": true}}`; got != want {
		t.Errorf("hello =\n%s\nwant\n%s", got, want)
	}
	tests := []struct {
		name, line string
		id         string // the id the answer must carry, as JSON
		kind, msg  string
	}{
		{"ValueError is invalid", `{"id": 1, "op": "parse_duration", "args": {"value": "1s", "default": null}}`, "1", "invalid", "ValueError: no durations here"},
		{"a ValueError subclass is invalid", `{"id": 11, "op": "canonical_alias", "args": {"name": "x", "definition": {}}}`, "11", "invalid", "JSONDecodeError"},
		{"KeyError is a crash", `{"id": 2, "op": "config_hash", "args": {"definition": {}}}`, "2", "crash", "KeyError: 'missing'"},
		{"missing function", `{"id": 3, "op": "validate_tong", "args": {"name": "x", "definition": {}}}`, "3", "unsupported", "the module defines no validate_tong"},
		{"unknown op", `{"id": 4, "op": "frobnicate", "args": {}}`, "4", "unsupported", "not a protocol op"},
		{"result not JSON", `{"id": 5, "op": "shared_container_name", "args": {"name": "x"}}`, "5", "crash", "result cannot be written as JSON"},
		{"missing argument", `{"id": 6, "op": "parse_duration", "args": {"value": "1s"}}`, "6", "crash", "bad request: missing argument 'default'"},
		{"not JSON", `{"id": 7, "op": "parse_duration", "args": {`, "7", "crash", "bad request: not JSON"},
		{"garbage", `hello?`, "null", "crash", "bad request: not JSON"},
		{"too deep for json", `{"id": 9, "op": "config_hash", "args": {"definition": ` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + `}}`, "9", "crash", "RecursionError"},
		{"still serving", `{"id": 10, "op": "parse_duration", "args": {"value": null, "default": null}}`, "10", "invalid", "ValueError"},
	}
	for _, tt := range tests {
		a.send(tt.line)
		line := a.recv()
		r := decode(t, line)
		if r.id() != tt.id || r.Error == nil || r.Error.Kind != tt.kind || !strings.Contains(r.Error.Message, tt.msg) {
			t.Errorf("%s: answer to %.80s = %s, want id %s and a %s error holding %q", tt.name, tt.line, line, tt.id, tt.kind, tt.msg)
		}
	}
	if !strings.Contains(a.stderr.String(), "KeyError") {
		t.Errorf("stderr does not show the KeyError traceback:\n%s", a.stderr)
	}
}

// TestPipelined writes many requests without waiting, as the runner does,
// and checks every answer in order. It logs the rate.
func TestPipelined(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 2000
	}
	a := startAdapter(t, testModule)
	// Time the requests, not the interpreter's start.
	a.send(`{"id": 0, "op": "hello", "args": {"protocol": 1}}`)
	a.recv()
	start := time.Now()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		w := bufio.NewWriter(a.in)
		for i := 1; i <= n; i++ {
			fmt.Fprintf(w, `{"id": %d, "op": "shared_container_name", "args": {"name": "tong %d"}}`+"\n", i, i)
		}
		w.Flush()
	}()
	var diffs []string
	for i := 1; i <= n; i++ {
		got := a.recv()
		want := fmt.Sprintf(`{"id": %d, "result": "swarmforge-shared-tong-%d"}`, i, i)
		if got != want && len(diffs) < 5 {
			diffs = append(diffs, cmp.Diff(want, got))
		}
	}
	elapsed := time.Since(start)
	wg.Wait()
	if len(diffs) > 0 {
		t.Errorf("pipelined answers differ (-want +got), first %d:\n%s", len(diffs), strings.Join(diffs, "\n"))
	}
	t.Logf("%d pipelined shared_container_name requests in %v: %.0f requests/s", n, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds())
}
