package impl

import (
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tongref/tongref/internal/testtables"
)

type validateTest struct {
	rule string // the rule the row checks
	ok   bool   // true: the definition is valid; false: exactly one fault, of rule
	name string
	def  any
}

var huge = testtables.Huge // an integer beyond int64 and uint64

var validateTests = []validateTest{
	// The catalogue's shapes are valid.
	{"IF-2", true, "github", mcpTong()},
	{"IF-2", true, "db", portTong()},
	{"IF-2", true, "cache", volumeTong()},
	{"IF-2", true, "broker", noneTong()},

	// TONG-1: the tong name.
	{"TONG-1", true, "github-2", mcpTong()},
	{"TONG-1", true, "a b", volumeTong()}, // not an alias for a volume tong
	{"TONG-1", false, "", volumeTong()},
	{"TONG-1", false, "a\nb", volumeTong()},
	{"TONG-1", false, "ABCDEFG\x01", volumeTong()}, // a whole 8-byte chunk below 0x60: no byte carries into the high bit
	{"TONG-1", false, "a\x80", volumeTong()},       // 0x80 is the first byte that is not ASCII
	{"TONG-1", true, "café au lait", volumeTong()}, // a space after the first non-ASCII character is no control

	// DEF-1: a definition is a map.
	{"DEF-1", true, "db", portTong()},
	{"DEF-1", false, "x", nil},
	{"DEF-1", false, "x", []any{"lifecycle"}},
	{"DEF-1", false, "x", "lifecycle: session"},

	// DEF-2: null is absent.
	{"DEF-2", true, "db", set(portTong(), "env", nil)},
	{"DEF-2", true, "db", set(portTong(), "readiness", nil)},
	{"DEF-2>IMG-1", false, "db", set(portTong(), "image", nil)}, // a required field is then missing

	// DM-2: integer, float and bool are three types.
	{"DM-2", true, "db", set(portTong(), "interface.port", int64(5432))},
	{"DM-2>IF-3", false, "db", set(portTong(), "interface.port", true)},
	{"DM-2>IF-3", false, "db", set(portTong(), "interface.port", 5432.0)},

	// DM-1, DM-3, DM-4: the tree.
	{"DM-1", true, "db", set(portTong(), "x-note", []any{nil, true, 1, 1.5, "s", map[string]any{}})},
	{"DM-1", false, "db", set(portTong(), "x-note", []string{"a"})},
	{"DM-1", false, "db", set(portTong(), "x-note", struct{}{})},
	{"DM-1", false, "db", set(portTong(), "x-note", (*big.Int)(nil))},
	{"DM-3", true, "db", set(portTong(), "x-note", "héllo ✓")},
	{"DM-3", false, "db", set(portTong(), "x-note", "\xff")},
	{"DM-3", false, "db", set(portTong(), "x-note", "a\x80")}, // the first byte past ASCII, alone
	{"DM-3", false, "db", set(portTong(), "x-\xfe", "v")},
	{"DM-4", true, "db", set(portTong(), "x-deep", nest(99))}, // 100 levels with the definition
	{"DM-4", false, "db", set(portTong(), "x-deep", nest(100))},

	// LIFE-1
	{"LIFE-1", true, "db", set(portTong(), "lifecycle", "shared")},
	{"LIFE-1", false, "db", del(portTong(), "lifecycle")},
	{"LIFE-1", false, "db", set(portTong(), "lifecycle", "forever")},
	{"LIFE-1", false, "db", set(portTong(), "lifecycle", []any{"session"})},
	{"LIFE-1", false, "db", set(portTong(), "lifecycle", map[string]any{"a": 1})},

	// IMG-1, IMG-2
	{"IMG-1", true, "db", set(portTong(), "image", "registry.example:5000/a/b")},
	{"IMG-1", false, "db", del(portTong(), "image")},
	{"IMG-1", false, "db", set(portTong(), "image", "")},
	{"IMG-1", false, "db", set(portTong(), "image", 16)},
	{"IMG-2", true, "db", set(portTong(), "image", "postgres")},
	{"IMG-2", false, "db", set(portTong(), "image", "--privileged")},
	{"IMG-2", false, "db", set(portTong(), "image", "-v/:/host")},
	{"IMG-2", false, "db", set(portTong(), "image", "postgres 16")},
	{"IMG-2", false, "db", set(portTong(), "image", "postgres\t")},
	{"IMG-2", false, "db", set(portTong(), "image", "post\u00a0gres")},
	// IMG-3: docker's reference grammar.
	{"IMG-3", true, "db", set(portTong(), "image", "registry.example:5000/team/a.b_c__d--e:v1.2-rc_3@sha256:"+strings.Repeat("0a", 32))},
	{"IMG-3", true, "db", set(portTong(), "image", "localhost/x")},
	{"IMG-3", true, "db", set(portTong(), "image", "[::1]:5000/x:latest")},
	{"IMG-3", true, "db", set(portTong(), "image", "[a]/x")}, // the shortest bracketed host
	{"IMG-3", false, "db", set(portTong(), "image", "[]/x")},
	{"IMG-3", true, "db", set(portTong(), "image", "x@sha256:"+strings.Repeat("0123456789abcdef", 4))}, // every hex digit
	{"IMG-3", true, "db", set(portTong(), "image", "Registry.Example/x")},
	{"IMG-3", true, "db", set(portTong(), "image", "x@sha512:"+strings.Repeat("f", 128))},
	{"IMG-3", true, "db", set(portTong(), "image", "x@sha384:"+strings.Repeat("0", 96))},
	{"IMG-3", false, "db", set(portTong(), "image", "Alpine")},
	{"IMG-3", false, "db", set(portTong(), "image", "é")},
	{"IMG-3", false, "db", set(portTong(), "image", "a..b")},
	{"IMG-3", false, "db", set(portTong(), "image", "a:b:c")},
	{"IMG-3", false, "db", set(portTong(), "image", "redis@sha256:0123456789abcdef")},
	{"IMG-3", false, "db", set(portTong(), "image", "redis@sha256:"+strings.Repeat("A", 64))},
	{"IMG-3", false, "db", set(portTong(), "image", "redis@md5:"+strings.Repeat("a", 32))},
	{"IMG-3", false, "db", set(portTong(), "image", "x:"+strings.Repeat("t", 129))},
	{"IMG-3", true, "db", set(portTong(), "image", strings.Repeat("a", 64))}, // an image ID
	{"IMG-3", false, "db", set(portTong(), "image", strings.Repeat("a/", 128)+"a")},
	{"IMG-3", false, "db", set(portTong(), "image", "x/")},
	{"IMG-3", false, "db", set(portTong(), "image", "x_-y")},

	// IF-1 .. IF-7
	{"IF-1", true, "db", portTong()},
	{"IF-1", false, "db", del(portTong(), "interface")},
	{"IF-1", false, "db", set(portTong(), "interface", "port")},
	{"IF-2", false, "db", set(portTong(), "interface.kind", "tcp")},
	{"IF-2", false, "db", set(portTong(), "interface.kind", []any{"port"})},
	{"IF-2", false, "db", del(portTong(), "interface.kind")},
	{"IF-3", true, "db", set(portTong(), "interface.port", 65535)},
	{"IF-3", true, "db", set(portTong(), "interface.port", int64(1))},
	{"IF-3", true, "db", set(portTong(), "interface.port", big.NewInt(80))},
	{"IF-3", true, "db", set(portTong(), "interface.port", uint64(5432))}, // an unsigned integer that fits
	{"IF-3", true, "db", set(portTong(), "interface.port", uint(5432))},
	{"IF-3", false, "db", set(portTong(), "interface.port", uint64(1<<63))}, // fits no int64
	{"IF-3", false, "db", set(portTong(), "interface.port", 0)},
	{"IF-3", false, "db", set(portTong(), "interface.port", 65536)},
	{"IF-3", false, "db", set(portTong(), "interface.port", -1)},
	{"IF-3", false, "db", set(portTong(), "interface.port", huge)},
	{"IF-3", false, "db", set(portTong(), "interface.port", true)},
	{"IF-3", false, "db", set(portTong(), "interface.port", 5432.0)},
	{"IF-3", false, "db", set(portTong(), "interface.port", "5432")},
	{"IF-3", false, "db", del(portTong(), "interface.port")},
	{"IF-3", false, "github", del(mcpTong(), "interface.port")},
	{"IF-4", true, "x", set(mcpTong(), "interface.name", "gh")},
	{"IF-4", false, "x", del(mcpTong(), "interface.name")},
	{"IF-4", false, "x", set(mcpTong(), "interface.name", 7)},
	{"IF-4", false, "x", set(mcpTong(), "interface.name", "")},
	{"IF-5", true, "github", del(mcpTong(), "interface.transport")},
	{"IF-5", false, "github", set(mcpTong(), "interface.transport", "stdio")},
	{"IF-5", false, "github", set(mcpTong(), "interface.transport", []any{"http"})},
	{"IF-6", true, "cache", set(volumeTong(), "interface.volume", "my_cache.v2")},
	{"IF-6", true, "cache", set(volumeTong(), "interface.mountpoint", "/my cache")}, // a space is no control character
	{"IF-6", false, "cache", del(volumeTong(), "interface.volume")},
	{"IF-6", false, "cache", set(volumeTong(), "interface.volume", "c")},
	{"IF-6", false, "cache", set(volumeTong(), "interface.volume", "-cache")},
	{"IF-6", false, "cache", set(volumeTong(), "interface.volume", 3)},
	{"IF-6", false, "cache", del(volumeTong(), "interface.mountpoint")},
	{"IF-6", false, "cache", set(volumeTong(), "interface.mountpoint", "cache")},
	{"IF-6", false, "cache", set(volumeTong(), "interface.mountpoint", "/cache:ro")},
	{"IF-6", false, "cache", set(volumeTong(), "interface.mountpoint", []any{"/cache"})},
	{"IF-7", true, "pg-16", portTong()},
	{"IF-7", true, "x", set(mcpTong(), "interface.name", "GitHub-2")},
	{"IF-7", true, "db", set(portTong(), "interface.port", 1)},
	{"IF-7", false, "my db", portTong()},
	{"IF-7", false, "db.internal", portTong()},
	{"IF-7", false, "-db", portTong()},
	{"IF-7", false, "db_1", portTong()},
	{"IF-7", true, "d", portTong()}, // 1 to 63 characters, both ends
	{"IF-7", true, strings.Repeat("d", 63), portTong()},
	{"IF-7", false, strings.Repeat("d", 64), portTong()},
	{"IF-7", false, "x", set(mcpTong(), "interface.name", "git hub")},
	{"IF-7", false, "x", set(mcpTong(), "interface.name", "gît")},

	// RDY-1 .. RDY-7 (RDY-5 carries the DUR rule of its timeout)
	{"RDY-1", true, "db", set(portTong(), "readiness", map[string]any{})},
	{"RDY-1", false, "db", set(portTong(), "readiness", "tcp")},
	{"RDY-2", true, "db", set(set(portTong(), "readiness.mode", "healthcheck"), "readiness.command", []any{"pg_isready"})},
	{"RDY-2", true, "db", set(portTong(), "readiness.mode", "none")},
	{"RDY-2", false, "db", set(portTong(), "readiness.mode", "http")},
	{"RDY-2", false, "db", set(portTong(), "readiness.mode", []any{"tcp"})},
	{"RDY-3", true, "cache", set(volumeTong(), "readiness.mode", "none")},
	{"RDY-3", false, "cache", del(volumeTong(), "readiness")},
	{"RDY-3", false, "cache", set(volumeTong(), "readiness", map[string]any{"timeout": "5s"})},
	{"RDY-4", true, "db", set(portTong(), "readiness.mode", "tcp")},
	{"RDY-4", false, "cache", set(volumeTong(), "readiness.mode", "tcp")},
	{"RDY-4", false, "broker", set(noneTong(), "readiness.mode", "tcp")},
	{"RDY-5", true, "db", set(portTong(), "readiness.timeout", "2m")},
	{"DUR-3", false, "db", set(portTong(), "readiness.timeout", "30 s")},
	{"DUR-4", false, "db", set(portTong(), "readiness.timeout", 0)},
	{"DUR-4", false, "db", set(portTong(), "readiness.timeout", math.NaN())},
	{"DUR-5", false, "db", set(portTong(), "readiness.timeout", true)},
	{"RDY-6", true, "db", set(portTong(), "readiness.command", []any{"pg_isready"})},
	{"RDY-6", false, "db", set(portTong(), "readiness.command", []any{})},
	{"RDY-6", false, "db", set(portTong(), "readiness.command", "pg_isready")},
	{"RDY-6", false, "db", set(portTong(), "readiness.command", []any{"pg_isready", 5432})},
	{"RDY-6", false, "db", set(portTong(), "readiness.command", []any{"a\x00b"})},
	{"RDY-6", false, "db", set(portTong(), "readiness.command", []any{"\x00a"})}, // a NUL as the first byte
	{"RDY-7", true, "broker", noneTong()},
	{"RDY-7", false, "broker", del(noneTong(), "readiness.command")},

	// ENV-1 .. ENV-6
	{"ENV-1", true, "db", set(portTong(), "env", map[string]any{})},
	{"ENV-1", false, "db", set(portTong(), "env", []any{"A=1"})},
	{"ENV-2", true, "db", set(portTong(), "env", map[string]any{"lower.dots-ok": "1"})},
	{"ENV-2", false, "db", set(portTong(), "env", map[string]any{"": "1"})},
	{"ENV-2", false, "db", set(portTong(), "env", map[string]any{"A=B": "1"})},
	{"ENV-2", false, "db", set(portTong(), "env", map[string]any{"A\x00": "1"})},
	{"ENV-3", true, "db", set(portTong(), "env", map[string]any{"PORT": 5432, "BIG": huge, "S": ""})},
	{"ENV-3", false, "db", set(portTong(), "env", map[string]any{"DEBUG": true})},
	{"ENV-3", false, "db", set(portTong(), "env", map[string]any{"X": nil})},
	{"ENV-3", false, "db", set(portTong(), "env", map[string]any{"RATE": 1.0})},
	{"ENV-3", false, "db", set(portTong(), "env", map[string]any{"L": []any{"a"}})},
	{"ENV-3", false, "db", set(portTong(), "env", map[string]any{"M": map[string]any{}})},
	{"ENV-3", false, "db", set(portTong(), "env", map[string]any{"N": "a\x00"})},
	{"ENV-3", false, "db", set(portTong(), "env", map[string]any{"N": "\x00a"})},
	{"ENV-4", true, "db", set(portTong(), "env", map[string]any{"AUTH": "Bearer ${secret:vault:kv/data/x} and ${secret:op:y}"})},
	{"ENV-4", true, "db", set(portTong(), "env", map[string]any{"PRICE": "$5 {secret}"})},
	{"ENV-4", false, "db", set(portTong(), "env", map[string]any{"T": "${secret:op}"})},
	{"ENV-4", false, "db", set(portTong(), "env", map[string]any{"T": "${secret::ref}"})},
	{"ENV-4", false, "db", set(portTong(), "env", map[string]any{"T": "${secret:op:}"})},
	{"ENV-4", false, "db", set(portTong(), "env", map[string]any{"T": "${secret:op:ref"})},
	{"ENV-4", false, "db", set(portTong(), "env", map[string]any{"T": "${secret:op:a} ${secret:"})},
	{"ENV-5", true, "db", set(portTong(), "env", map[string]any{"_T0": "${secret:op:x}"})},
	{"ENV-5", false, "db", set(portTong(), "env", map[string]any{"0T": "${secret:op:x}"})},
	{"ENV-5", false, "db", set(portTong(), "env", map[string]any{"9T": "${secret:op:x}"})},
	{"ENV-5", false, "db", set(portTong(), "env", map[string]any{"T-1": "${secret:op:x}"})},
	{"ENV-6", true, "db", set(portTong(), "env", map[string]any{"T": "${secret:op:x}", "T_FILE": "/run/swarmforge/secrets/T"})},
	{"ENV-6", true, "db", set(portTong(), "env", map[string]any{"T_FILE": "/elsewhere"})}, // T is no secret
	{"ENV-6", false, "db", set(portTong(), "env", map[string]any{"T": "${secret:op:x}", "T_FILE": "/tmp/T"})},
	{"ENV-6", false, "db", set(portTong(), "env", map[string]any{"T": "${secret:op:x}", "T_FILE": 1})},

	// MNT-1 .. MNT-4
	{"MNT-1", true, "db", set(portTong(), "mounts", []any{})},
	{"MNT-1", false, "db", set(portTong(), "mounts", "workspace")},
	{"MNT-1", false, "db", set(portTong(), "mounts", []any{map[string]any{"workspace": "ro"}})},
	{"MNT-2", true, "db", set(portTong(), "mounts", []any{"workspace", "docker-socket:ro"})},
	{"MNT-2", false, "db", set(portTong(), "mounts", []any{"/etc:/etc"})},
	{"MNT-2", false, "db", set(portTong(), "mounts", []any{"Workspace"})},
	{"MNT-3", true, "db", set(portTong(), "mounts", []any{"workspace:ro"})},
	{"MNT-3", true, "db", set(portTong(), "mounts", []any{"workspace:"})},
	{"MNT-3", false, "db", set(portTong(), "mounts", []any{"workspace:z"})},
	{"MNT-3", false, "db", set(portTong(), "mounts", []any{"workspace:ro,z"})},
	{"MNT-3", false, "db", set(portTong(), "mounts", []any{"docker-socket:rw:x"})},
	{"MNT-4", true, "db", set(portTong(), "mounts", []any{"workspace:ro", "docker-socket:ro"})},
	{"MNT-4", false, "db", set(portTong(), "mounts", []any{"workspace:ro", "workspace:rw"})},

	// NET-1, NET-2
	{"NET-1", true, "db", set(portTong(), "networks", []any{"tongs", "backend"})},
	{"NET-1", false, "db", set(portTong(), "networks", "tongs")},
	{"NET-1", false, "db", set(portTong(), "networks", []any{7})},
	{"NET-2", true, "db", set(portTong(), "networks", []any{"container:abc"})},
	{"NET-2", false, "db", set(portTong(), "networks", []any{""})},
	{"NET-2", false, "db", set(portTong(), "networks", []any{"--privileged"})},
	{"NET-2", false, "db", set(portTong(), "networks", []any{"a b"})},
	{"NET-2", false, "db", set(portTong(), "networks", []any{"name=host"})},

	// RES-1 .. RES-3
	{"RES-1", true, "db", set(portTong(), "resources", map[string]any{"cpus": 2})},
	{"RES-1", false, "db", set(portTong(), "resources", "512m")},
	{"RES-2", true, "db", set(portTong(), "resources.memory", 6291456)},
	{"RES-2", false, "db", set(portTong(), "resources.memory", 512.0)},
	{"RES-2", false, "db", set(portTong(), "resources.memory", true)},
	{"RES-3", true, "db", set(portTong(), "resources.memory", "2G")},
	{"RES-3", true, "db", set(portTong(), "resources.memory", "6m")},
	{"RES-3", true, "db", set(portTong(), "resources.memory", "8388608k")},
	{"RES-3", true, "db", set(portTong(), "resources.memory", "9007199254740992b")},
	{"RES-3", false, "db", set(portTong(), "resources.memory", "9007199254740993")},
	{"RES-3", false, "db", set(portTong(), "resources.memory", "5m")},
	{"RES-3", false, "db", set(portTong(), "resources.memory", 6291455)},
	{"RES-3", false, "db", set(portTong(), "resources.memory", "1.5g")},
	{"RES-3", false, "db", set(portTong(), "resources.memory", "512 m")},
	{"RES-3", false, "db", set(portTong(), "resources.memory", "512mb")},
	{"RES-3", false, "db", set(portTong(), "resources.memory", "1t")},
	{"RES-3", false, "db", set(portTong(), "resources.memory", "m")},
	{"RES-3", false, "db", set(portTong(), "resources.memory", "")},
	{"RES-3", false, "db", set(portTong(), "resources.memory", "-512m")},
	{"RES-3", false, "db", set(portTong(), "resources.memory", "99999999999999999999999g")},
	{"RES-3", false, "db", set(portTong(), "resources.memory", huge)},
}

var _ = rowTable(func(cite citeFunc) {
	for _, r := range validateTests {
		cite(r.rule, r.ok, "")
	}
}, "validate_tong")

// nest returns a list nested n levels deep: nest(0) is "leaf".
func nest(n int) any {
	var v any = "leaf"
	for i := 0; i < n; i++ {
		v = []any{v}
	}
	return v
}

func TestValidateTong(t *testing.T) {
	for _, tt := range validateTests {
		errs := ValidateTong(tt.name, tt.def)
		if tt.ok {
			if errs != nil {
				t.Errorf("%s: ValidateTong(%q, %s) = %v, want no error", tt.rule, tt.name, show(tt.def), errs)
			}
			continue
		}
		_, fault := citeFault(tt.rule)
		want := []string{fault}
		if diff := cmp.Diff(want, rulesOf(errs)); diff != "" {
			t.Errorf("%s: ValidateTong(%q, %s) = %v; rules (-want +got):\n%s", tt.rule, tt.name, show(tt.def), errs, diff)
		}
	}
}

// TestValidateTongMessages checks the parts of an error a person reads:
// the field, the input and the way out.
func TestValidateTongMessages(t *testing.T) {
	tests := []struct {
		def  any
		want string
	}{
		{set(portTong(), "interface.port", "5432"), `interface.port: "5432": is a string; write an integer from 1 to 65535, such as port: 8080 (no quotes, no fraction) [IF-3]`},
		{set(portTong(), "image", "--privileged"), `image: "--privileged": begins with "-", so docker would read it as an option, not an image; write an image reference such as ghcr.io/acme/github-mcp:latest [IMG-2]`},
		{set(portTong(), "readiness.timeout", "30 s"), `readiness.timeout: "30 s": is not a duration; write ASCII digits with an optional .fraction and an optional unit ms, s, m or h, such as "30s", "1.5m" or "500ms" [DUR-3]`},
		{set(portTong(), "x", map[string]any{"y": []any{1, []string{}}}), `x.y[1]: is a Go []string, which is not a definition value; use nil, bool, an integer, float64, string, []any or map[string]any [DM-1]`},
		{set(portTong(), "x", (*big.Int)(nil)), `x: is a nil *big.Int, which is not a definition value; use nil, bool, an integer, float64, string, []any or map[string]any [DM-1]`},
	}
	for _, tt := range tests {
		errs := ValidateTong("db", tt.def)
		if len(errs) != 1 {
			t.Errorf("ValidateTong(db, %s) = %v, want one error", show(tt.def), errs)
			continue
		}
		if got := errs[0].Error(); got != tt.want {
			t.Errorf("ValidateTong(db, %s):\n got %s\nwant %s", show(tt.def), got, tt.want)
		}
	}
}

// TestValidateTongOrder checks that faults come in the documented order,
// and that map order does not change them.
func TestValidateTongOrder(t *testing.T) {
	def := map[string]any{
		"lifecycle": "daily",
		"image":     "",
		"interface": map[string]any{"kind": "port", "port": 0},
		"env":       map[string]any{"B": true, "A": 1.5, "C=": "x"},
		"mounts":    []any{"home"},
		"networks":  []any{"-n"},
		"resources": map[string]any{"memory": 1.5},
	}
	want := []string{"lifecycle", "image", "interface.port", "env.A", "env.B", "env.C=", "mounts[0]", "networks[0]", "resources.memory"}
	for i := 0; i < 20; i++ {
		var got []string
		for _, e := range ValidateTong("db", def) {
			got = append(got, e.Field)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("ValidateTong fields (-want +got):\n%s", diff)
		}
	}
}

// RES-3's two faults read differently: text that is no size at all, and a
// size docker refuses.
func TestMemoryValueMessage(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"m", "is not a memory size"},
		{"", "is not a memory size"},
		{"12x", "is not a memory size"},
		{"1.5g", "is not a memory size"}, // digits, then more than a unit
		{"512 m", "is not a memory size"},
		{"0m", "is outside what docker accepts"},
		{"1k", "is outside what docker accepts"},
	} {
		_, err := memoryValue(tt.in)
		if err == nil || err.Rule != "RES-3" || !strings.Contains(err.Msg, tt.want) {
			t.Errorf("memoryValue(%q) = %v, want a RES-3 error saying %q", tt.in, err, tt.want)
		}
	}
}

// TestAliasErrorNamesItsSource checks that IF-7's message says where the
// alias came from, so the author knows what to rename: the tong's name, or
// its interface.name.
func TestAliasErrorNamesItsSource(t *testing.T) {
	for _, c := range []struct{ field, want string }{
		{"name", "make the tong name (the definition file's name)"},
		{"interface.name", "make the interface name"},
	} {
		err := checkAlias(c.field, "-x", "IF-7")
		if err == nil || !strings.Contains(err.Msg, c.want) {
			t.Errorf("checkAlias(%q, \"-x\") = %v; want a message saying %q", c.field, err, c.want)
		}
	}
}
