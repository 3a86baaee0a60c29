package gen

import (
	"math"
	"math/big"
	"path"
	"sort"
	"strings"

	"github.com/tongref/tongref/impl"
)

// Tong is a tong name with its definition.
type Tong struct {
	Name string
	Def  map[string]any
}

// Kinds lists the interface kinds, simplest first.
var Kinds = []string{impl.KindNone, impl.KindPort, impl.KindMCP, impl.KindVolume}

// ValidTong generates tongs that ValidateTong accepts: every interface
// kind and lifecycle, every optional field present, null or absent, every
// integer type, unknown keys.
func ValidTong(t T) Tong {
	return drawValidTong(t, pick(t, "kind", Kinds...))
}

// ValidTongOf generates valid tongs of one interface kind.
func ValidTongOf(t T, kind string) Tong { return drawValidTong(t, kind) }

func drawValidTong(t T, kind string) Tong {
	var name string
	if kind == impl.KindPort || !oneIn(t, "odd_name?", 4) {
		// a port tong's name is its alias (IF-7)
		name = DNSLabel(t)
	} else {
		name = pick(t, "name", "my tong", "a/b", ".a", "a.", "_x", "日本", "@@@", "a\u00a0b", "-", "é")
	}
	def := map[string]any{
		"lifecycle": pick(t, "lifecycle", "session", "shared"),
		"image":     drawImage(t),
	}
	im := map[string]any{"kind": kind}
	switch kind {
	case impl.KindMCP:
		im["port"] = drawPort(t)
		im["name"] = DNSLabel(t)
		switch pick(t, "transport", "absent", "http", "null") {
		case "http":
			im["transport"] = "http"
		case "null":
			im["transport"] = nil
		}
	case impl.KindPort:
		im["port"] = drawPort(t)
	case impl.KindVolume:
		im["volume"] = ContainerName(t)
		im["mountpoint"] = AbsPath(t)
	}
	if oneIn(t, "interface_extra?", 6) {
		im["x-doc"] = Tree(t)
	}
	def["interface"] = im

	portless := kind == impl.KindVolume || kind == impl.KindNone
	if r, ok := drawReadiness(t, portless); ok {
		def["readiness"] = r
	}
	optional := func(key string, gen func() any) {
		switch pick(t, key+"?", "absent", "present", "null") {
		case "present":
			def[key] = gen()
		case "null":
			def[key] = nil // null is absent (DEF-2)
		}
	}
	optional("env", func() any { return drawEnvDef(t) })
	optional("mounts", func() any { return drawMounts(t) })
	optional("networks", func() any {
		n := Int(t, "networks_len", 0, 3)
		l := make([]any, n)
		for i := range l {
			l[i] = NetworkName(t)
		}
		return l
	})
	optional("resources", func() any { return drawResources(t) })
	if oneIn(t, "extra_key?", 6) {
		def[pick(t, "extra_key", "description", "x-owner", "version", "")] = Tree(t)
	}
	return Tong{Name: name, Def: def}
}

func drawImage(t T) string {
	if Bool(t, "image_simple?") {
		return pick(t, "image", "alpine", "ghcr.io/acme/github-mcp:latest", "postgres:16",
			"redis@sha256:"+strings.Repeat("0a", 32), "localhost:5000/x", "Registry.Example:443/team/app_x:v1.2-rc")
	}
	// IMG-3's grammar: lower-case path components, a tag starting with a
	// word character
	image := Matching(t, "image", `[a-z0-9]+([._/-][a-z0-9]+){0,3}(:[a-zA-Z0-9_][a-zA-Z0-9._-]{0,9})?`)
	return image
}

func drawPort(t T) any {
	var p int64
	if Bool(t, "port_simple?") {
		p = pick[int64](t, "port", 8080, 1, 65535, 5432, 80)
	} else {
		p = Int64Range(t, "port", 1, 65535)
	}
	return intNode(t, "port_type", p)
}

// drawGoodDuration draws a readiness.timeout that DUR-1 to DUR-4 accept, by
// construction: a positive number of seconds or a string of the grammar
// whose number is not zero.
func drawGoodDuration(t T) any {
	switch pick(t, "timeout_kind", "string", "int", "float") {
	case "int":
		return intNode(t, "timeout_type", Int64Range(t, "timeout", 1, 1<<40))
	case "float":
		return pick(t, "timeout", 0.5, 1e-300, 5e-324, 1e300, 30.25)
	}
	ws := []string{"", " ", "\t", "\n\r\v\f"}
	return pick(t, "timeout_lead", ws...) +
		Matching(t, "timeout", `0{0,2}[1-9][0-9]{0,6}(\.[0-9]{1,6})?`) +
		pick(t, "timeout_unit", "s", "", "ms", "m", "h") +
		pick(t, "timeout_trail", ws...)
}

func drawReadiness(t T, portless bool) (any, bool) {
	shape := "absent"
	if portless {
		shape = pick(t, "readiness", "none", "healthcheck")
	} else {
		shape = pick(t, "readiness", "absent", "none", "tcp", "healthcheck", "no_mode", "null")
	}
	r := map[string]any{}
	switch shape {
	case "absent":
		return nil, false
	case "null":
		return nil, true
	case "no_mode":
	default:
		r["mode"] = shape
	}
	if shape == "healthcheck" || oneIn(t, "command?", 4) {
		n := Int(t, "command_len", 1, 4)
		cmd := make([]any, n)
		for i := range cmd {
			cmd[i] = strings.ReplaceAll(pick(t, "word", "pg_isready", "-h", "localhost", "", "a b", "é")+Text(t), "\x00", "")
		}
		r["command"] = cmd
	}
	switch pick(t, "timeout?", "absent", "present", "null") {
	case "present":
		r["timeout"] = drawGoodDuration(t)
	case "null":
		r["timeout"] = nil
	}
	return r, true
}

// secretValue draws a string holding well-formed secret references (ENV-4).
func secretValue(t T) string {
	ref := "${secret:" + pick(t, "provider", "op", "env", "a_b-C9") + ":" + pick(t, "ref", "op://vault/item/token", "x", "a:b{c", "é") + "}"
	switch pick(t, "secret_shape", "alone", "prefixed", "two") {
	case "prefixed":
		return "Bearer " + ref
	case "two":
		return ref + ":" + ref
	}
	return ref
}

// envKey draws variable names: identifiers mostly, sometimes any name
// docker's -e KEY=VALUE can carry (ENV-2).
func envKey(t T) string {
	if Int(t, "env_key_odd?", 0, 3) < 3 {
		return Matching(t, "env_key", `[A-Z_][A-Z0-9_]{0,8}`)
	}
	return pick(t, "env_key", "lower", "A.B", "a b", "-x", "é", "1X", "a$b", "X_FILE")
}

// cleanText draws Text with NUL and secret markers removed.
func cleanText(t T, label string) string {
	s := strings.ReplaceAll(Text(t), "\x00", "")
	return strings.ReplaceAll(s, "${secret:", "${secret")
}

func drawEnvDef(t T) map[string]any {
	n := Int(t, "env_len", 0, 4)
	env := make(map[string]any, n)
	for i := 0; i < n; i++ {
		k := envKey(t)
		switch pick(t, "env_value", "string", "int", "secret") {
		case "string":
			env[k] = cleanText(t, "value")
		case "int":
			env[k] = intNode(t, "value_type", t.Int64("value"))
		case "secret":
			if !isIdentifier(k) {
				k = "TOKEN"
			}
			env[k] = secretValue(t)
		}
	}
	// a secret's K_FILE, when present, must be the file the launcher
	// delivers (ENV-6); keys are visited in order so draws stay replayable
	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if s, ok := env[k].(string); ok && strings.Contains(s, "${secret:") {
			if _, has := env[k+"_FILE"]; has || oneIn(t, "secret_file?", 3) {
				env[k+"_FILE"] = impl.SecretDir + "/" + k
			}
		}
	}
	return env
}

func isIdentifier(s string) bool {
	if s == "" || ('0' <= s[0] && s[0] <= '9') {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func drawMounts(t T) []any {
	words := pick(t, "mounts", []string{}, []string{"workspace"}, []string{"docker-socket"}, []string{"workspace", "docker-socket"}, []string{"docker-socket", "workspace"})
	l := make([]any, len(words))
	for i, w := range words {
		l[i] = w + pick(t, "mount_mode", "", ":ro", ":rw", ":")
	}
	return l
}

func drawResources(t T) map[string]any {
	r := map[string]any{}
	if oneIn(t, "resources_extra?", 4) {
		r["cpus"] = 2
	}
	switch pick(t, "memory?", "string", "int", "absent", "null") {
	case "string":
		unit := pick(t, "memory_unit", "m", "g", "k", "b", "", "M", "G", "K", "B")
		shift := map[string]uint{"m": 20, "g": 30, "k": 10, "b": 0, "": 0}[strings.ToLower(unit)]
		lo := int64(math.Ceil(float64(6<<20) / float64(int64(1)<<shift)))
		hi := int64(1) << (53 - shift)
		n := Int64Range(t, "memory", lo, hi)
		r["memory"] = pick(t, "memory_zeros", "", "0", "00") + big.NewInt(n).String() + unit
	case "int":
		r["memory"] = intNode(t, "memory_type", Int64Range(t, "memory", 6<<20, 1<<53))
	case "null":
		r["memory"] = nil
	}
	return r
}

// Env generates the environment a launcher passes to TongRunArgv
// (RunOptions.Env, RUN-7): names without "=" or NUL, values without NUL.
func Env(t T) map[string]string {
	n := Int(t, "env_len", 0, 4)
	env := make(map[string]string, n)
	for i := 0; i < n; i++ {
		env[envKey(t)] = cleanText(t, "env_value")
	}
	return env
}

// RunOptionsFor generates options TongRunArgv accepts for tong t (RUN-2 to
// RUN-7, RUN-10, MNT-5, MNT-6): a workspace whenever the tong mounts it, a valid
// container name, network, alias (only with a network for a
// network-facing tong), tmpfs dirs and label hash.
func RunOptionsFor(t T, tong Tong) impl.RunOptions {
	o := impl.RunOptions{
		ContainerName: ContainerName(t),
		Env:           Env(t),
		SocketPath:    impl.DefaultSocketPath,
	}
	if Bool(t, "network?") {
		o.Network = NetworkName(t)
	}
	// an alias needs a network (RUN-4), but a portless tong ignores it
	facing := false
	if im, ok := tong.Def["interface"].(map[string]any); ok {
		facing = im["kind"] == impl.KindMCP || im["kind"] == impl.KindPort
	}
	// and docker gives aliases only on user-defined networks
	userDefined := o.Network != "" && o.Network != "bridge" && o.Network != "host" &&
		o.Network != "none" && o.Network != "default" && !strings.HasPrefix(o.Network, "container:")
	if (userDefined || !facing) && Bool(t, "alias?") {
		if a, err := impl.CanonicalAlias(tong.Name, tong.Def); err == nil && Bool(t, "canonical_alias?") {
			o.Alias = a
		} else {
			o.Alias = DNSLabel(t)
		}
	}
	mounts, _ := tong.Def["mounts"].([]any)
	needsWorkspace, needsSocket := false, false
	for _, m := range mounts {
		s, _ := m.(string)
		needsWorkspace = needsWorkspace || strings.HasPrefix(s, "workspace")
		needsSocket = needsSocket || strings.HasPrefix(s, "docker-socket")
	}
	if needsWorkspace || oneIn(t, "workspace?", 2) {
		o.Workspace = AbsPath(t)
	}
	if oneIn(t, "socket_path?", 4) {
		o.SocketPath = AbsPath(t)
		if needsWorkspace && needsSocket && path.Clean(o.SocketPath) == "/workspace" {
			o.SocketPath = impl.DefaultSocketPath // MNT-6
		}
	}
	// tmpfs dirs: distinct, and none at a -v target (RUN-10); a draw
	// that would collide is dropped, which shrinks as well as any.
	taken := map[string]bool{}
	if needsWorkspace {
		taken["/workspace"] = true
	}
	if needsSocket {
		taken[path.Clean(o.SocketPath)] = true
	}
	n := Int(t, "tmpfs_len", 0, 2)
	for i := 0; i < n; i++ {
		d := AbsPath(t)
		if !taken[path.Clean(d)] {
			taken[path.Clean(d)] = true
			o.TmpfsDirs = append(o.TmpfsDirs, d)
		}
	}
	if Bool(t, "label_hash?") {
		o.LabelHash = Matching(t, "label_hash", `[0-9a-f]{64}`)
	}
	return o
}
