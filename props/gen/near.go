package gen

import (
	"math"
	"math/big"
	"strings"

	"github.com/tongref/tongref/impl"
)

// NearTong generates tongs that are mostly almost valid: a valid tong with
// exactly one fault (a field of the wrong type, an unknown word, an empty
// string, a number out of range, NaN, invalid UTF-8, a Go value outside the
// data model, a tree too deep...), and now and then an arbitrary tree. The
// fault drawn is labelled "fault", so a failure names it.
func NearTong(t T) Tong {
	if oneIn(t, "arbitrary?", 8) {
		def, _ := drawTree(t, 3).(map[string]any)
		if def == nil {
			def = map[string]any{}
		}
		return Tong{Name: TongName(t), Def: def}
	}
	tong := ValidTong(t)
	breakTong(t, &tong)
	return tong
}

// fault is one way to break a valid tong. Every fault makes ValidateTong
// report at least one error.
type fault struct {
	name string
	// applies reports whether the fault fits a tong of this kind
	applies func(kind string) bool
	apply   func(t T, tong *Tong)
}

func anyKind(string) bool { return true }

func kindIs(kinds ...string) func(string) bool {
	return func(k string) bool {
		for _, x := range kinds {
			if k == x {
				return true
			}
		}
		return false
	}
}

func iface(tong *Tong) map[string]any { return tong.Def["interface"].(map[string]any) }

func readinessOf(tong *Tong) map[string]any {
	r, _ := tong.Def["readiness"].(map[string]any)
	if r == nil {
		r = map[string]any{}
		tong.Def["readiness"] = r
	}
	return r
}

// deep nests a value n lists deep.
func deep(n int) any {
	var v any = "x"
	for i := 0; i < n; i++ {
		v = []any{v}
	}
	return v
}

// BadDurations are readiness timeouts DUR-3 to DUR-5 refuse.
var BadDurations = []any{
	"0s", "-1s", "1e3s", "30 s", "", "s", "５s", "30S", "1.s", ".5s", "\u00a030s", "1" + strings.Repeat("0", 400) + "h",
	0, -1, 0.0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), -0.5, true, false,
	[]any{"30s"}, map[string]any{}, new(big.Int).Neg(new(big.Int).Lsh(big.NewInt(1), 70)),
	new(big.Int).Lsh(big.NewInt(1), 1100),
}

var faults = []fault{
	{"name_empty", anyKind, func(t T, tong *Tong) { tong.Name = "" }},
	{"name_control", anyKind, func(t T, tong *Tong) {
		tong.Name += pick(t, "control", "\n", "\x00", "\x7f", "\ufffd", "\x1b", "\xff")
	}},
	{"lifecycle_missing", anyKind, func(t T, tong *Tong) {
		if Bool(t, "as_null?") {
			tong.Def["lifecycle"] = nil
		} else {
			delete(tong.Def, "lifecycle")
		}
	}},
	{"lifecycle_word", anyKind, func(t T, tong *Tong) {
		tong.Def["lifecycle"] = pick[any](t, "lifecycle", "Session", "daemon", "", 1, true, []any{"session"}, " shared")
	}},
	{"image_bad", anyKind, func(t T, tong *Tong) {
		tong.Def["image"] = pick[any](t, "image", "", "-alpine", "a b", "alpine\n", 5, []any{}, "\u00a0x", "x\u3000", nil, false)
	}},
	{"interface_bad", anyKind, func(t T, tong *Tong) {
		tong.Def["interface"] = pick[any](t, "interface", nil, "mcp", []any{}, 1, map[string]any{})
	}},
	{"kind_bad", anyKind, func(t T, tong *Tong) {
		iface(tong)["kind"] = pick[any](t, "kind", nil, "MCP", "tcp", "", 1, "http", " port")
	}},
	{"port_bad", kindIs(impl.KindMCP, impl.KindPort), func(t T, tong *Tong) {
		iface(tong)["port"] = pick[any](t, "port", nil, 0, 65536, -1, "8080", 8080.0, true, math.NaN(), new(big.Int).Lsh(big.NewInt(1), 70), uint64(math.MaxUint64), int8(-1))
	}},
	{"mcp_name_bad", kindIs(impl.KindMCP), func(t T, tong *Tong) {
		iface(tong)["name"] = pick[any](t, "interface.name", nil, "", "-x", "x-", "a_b", "é", strings.Repeat("a", 64), "a.b", 5, "a b")
	}},
	{"port_name_bad", kindIs(impl.KindPort), func(t T, tong *Tong) {
		tong.Name = pick(t, "name", "a_b", "a.b", "my tong", strings.Repeat("a", 64), "é", "-a", "a-", "@@@")
	}},
	{"transport_bad", kindIs(impl.KindMCP), func(t T, tong *Tong) {
		iface(tong)["transport"] = pick[any](t, "transport", "stdio", "HTTP", 1, "", []any{"http"})
	}},
	{"volume_bad", kindIs(impl.KindVolume), func(t T, tong *Tong) {
		iface(tong)["volume"] = pick[any](t, "volume", nil, "", "a", "-v", "a b", 1, "_v", "vé")
	}},
	{"mountpoint_bad", kindIs(impl.KindVolume), func(t T, tong *Tong) {
		iface(tong)["mountpoint"] = pick[any](t, "mountpoint", nil, "cache", "/a:b", "/a\n", "", 1)
	}},
	{"readiness_type", anyKind, func(t T, tong *Tong) {
		tong.Def["readiness"] = pick[any](t, "readiness", "tcp", []any{}, 30, true)
	}},
	{"readiness_mode", anyKind, func(t T, tong *Tong) {
		readinessOf(tong)["mode"] = pick[any](t, "mode", "TCP", "ready", "", 1, "http")
	}},
	{"readiness_portless", kindIs(impl.KindVolume, impl.KindNone), func(t T, tong *Tong) {
		switch pick(t, "portless", "tcp", "missing", "no_mode") {
		case "tcp":
			readinessOf(tong)["mode"] = "tcp"
		case "missing":
			delete(tong.Def, "readiness")
		default:
			delete(readinessOf(tong), "mode")
		}
	}},
	{"healthcheck_no_command", anyKind, func(t T, tong *Tong) {
		r := readinessOf(tong)
		r["mode"] = "healthcheck"
		delete(r, "command")
	}},
	{"command_bad", anyKind, func(t T, tong *Tong) {
		readinessOf(tong)["command"] = pick[any](t, "command", []any{}, "pg_isready", []any{1}, []any{"a\x00"}, []any{"ok", nil}, map[string]any{})
	}},
	{"timeout_bad", anyKind, func(t T, tong *Tong) {
		readinessOf(tong)["timeout"] = pick(t, "timeout", BadDurations...)
	}},
	{"env_type", anyKind, func(t T, tong *Tong) {
		tong.Def["env"] = pick[any](t, "env", "A=1", []any{"A=1"}, 1)
	}},
	{"env_entry", anyKind, func(t T, tong *Tong) {
		env, _ := tong.Def["env"].(map[string]any)
		if env == nil {
			env = map[string]any{}
			tong.Def["env"] = env
		}
		switch pick(t, "env_fault", "key", "value", "secret", "secret_name", "secret_file") {
		case "key":
			env[pick(t, "env_key", "", "A=B", "A\x00")] = "1"
		case "value":
			env["BAD_VALUE"] = pick[any](t, "env_value", 1.5, true, nil, []any{}, "a\x00b", map[string]any{})
		case "secret":
			env["BAD_SECRET"] = pick(t, "env_value", "${secret:op}", "${secret::x}", "${secret:op:}", "${secret:op:x", "${secret:", "${secret:o p:x}", "${secret:op:x} ${secret:")
		case "secret_name":
			env[pick(t, "env_key", "MY-TOKEN", "1TOKEN", "a.b", "é")] = "${secret:op:x}"
		default:
			env["TOKEN"] = "${secret:op:x}"
			env["TOKEN_FILE"] = pick[any](t, "env_file", "/run/secrets/TOKEN", "", impl.SecretDir+"/token", 1)
		}
	}},
	{"mounts_bad", anyKind, func(t T, tong *Tong) {
		tong.Def["mounts"] = pick[any](t, "mounts", "workspace", []any{"home"}, []any{"/etc:/etc"}, []any{"workspace:rx"}, []any{"workspace", "workspace:ro"}, []any{1}, []any{"docker-socket:ro:ro"}, []any{"Workspace"})
	}},
	{"networks_bad", anyKind, func(t T, tong *Tong) {
		tong.Def["networks"] = pick[any](t, "networks", "tongs", []any{""}, []any{"-n"}, []any{"a b"}, []any{1}, []any{"ok", "x\n"})
	}},
	{"resources_bad", anyKind, func(t T, tong *Tong) {
		if Bool(t, "resources_type?") {
			tong.Def["resources"] = pick[any](t, "resources", "512m", []any{}, 1)
			return
		}
		tong.Def["resources"] = map[string]any{"memory": pick[any](t, "memory", "512mb", "1.5g", "5m", "0", 1.5, true, "9007199254740993", -1, "m", "", "1t", "6291455", 6291455, "8388609g", " 512m", []any{})}
	}},
	{"tree_bad", anyKind, func(t T, tong *Tong) {
		switch pick(t, "tree_fault", "utf8_value", "utf8_key", "go_value", "nil_big", "too_deep") {
		case "utf8_value":
			tong.Def["x"] = "a\xffb"
		case "utf8_key":
			tong.Def["\xff"] = 1
		case "go_value":
			tong.Def["x"] = pick[any](t, "go_value", []string{"a"}, struct{}{}, map[string]string{}, 'x'+0i, &[]any{})
		case "nil_big":
			tong.Def["x"] = (*big.Int)(nil)
		default:
			tong.Def["x"] = deep(impl.MaxDepth)
		}
	}},
}

// FaultNames lists the faults NearTong applies.
func FaultNames() []string {
	names := make([]string, len(faults))
	for i, f := range faults {
		names[i] = f.name
	}
	return names
}

func breakTong(t T, tong *Tong) {
	kind := iface(tong)["kind"].(string)
	var fit []string
	byName := map[string]fault{}
	for _, f := range faults {
		if f.applies(kind) {
			fit = append(fit, f.name)
			byName[f.name] = f
		}
	}
	byName[pick(t, "fault", fit...)].apply(t, tong)
}
