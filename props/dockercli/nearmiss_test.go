package dockercli

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/docker/cli/opts"
	"pgregory.net/rapid"

	"github.com/tongref/tongref/impl"
)

// Near misses: definitions ValidateTong refuses under issue 6's rules.
// Built by a naive launcher (the Python builder's layout, no checks,
// Python's str() for values), each gives an argv that docker reads
// differently from the definition's intent, or cannot launch: each rule
// is necessary. A few rules guard what the docker CLI does not check
// (the daemon or the embedded DNS does); those rows say so, and assert
// that the CLI indeed passes the value through unchanged.

// pyStr renders a value as Python's str() does, for the values a
// definition holds.
func pyStr(v any) string {
	switch v := v.(type) {
	case nil:
		return "None"
	case bool:
		if v {
			return "True"
		}
		return "False"
	case float64: // Python's repr: shortest digits, exponent from 1e16
		if a := math.Abs(v); a >= 1e16 || (a != 0 && a < 1e-4) {
			return strings.Replace(strconv.FormatFloat(v, 'e', -1, 64), "e+0", "e+", 1)
		}
		s := strconv.FormatFloat(v, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = pyStr(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v)
}

// naiveArgv builds a tong's docker run argv as the Python builder does,
// with no validation: a string is written as is, anything else through
// str().
func naiveArgv(name string, def map[string]any, network, alias string) []string {
	argv := []string{"docker", "run", "-d", "--name", "c1"}
	if network != "" {
		argv = append(argv, "--network", network)
	}
	if alias != "" {
		argv = append(argv, "--network-alias", alias)
	}
	argv = append(argv, "--label", impl.LabelName+"="+name)
	env, _ := def["env"].(map[string]any)
	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		argv = append(argv, "-e", k+"="+pyStr(env[k]))
	}
	mounts, _ := def["mounts"].([]any)
	for _, m := range mounts {
		word, mode, has := strings.Cut(m.(string), ":")
		spec := "/var/run/docker.sock:/var/run/docker.sock"
		if word == "workspace" {
			spec = "/home/me/project:/workspace"
		}
		if has {
			spec += ":" + mode
		}
		argv = append(argv, "-v", spec)
	}
	if res, ok := def["resources"].(map[string]any); ok {
		argv = append(argv, "--memory", pyStr(res["memory"]))
	}
	return append(argv, pyStr(def["image"]))
}

func baseDef() map[string]any {
	return map[string]any{"lifecycle": "session", "image": "alpine", "interface": map[string]any{"kind": "port", "port": 8080}}
}

// dockerEnv returns docker's create request's env as a map.
func dockerEnv(c *Created) map[string]string {
	m := map[string]string{}
	for _, kv := range c.Config.Env {
		k, v, _ := strings.Cut(kv, "=")
		m[k] = v
	}
	return m
}

func TestNearMisses(t *testing.T) {
	for _, c := range []struct {
		rule  string
		name  string // tong name; "db" when empty
		edit  func(map[string]any)
		alias string // the alias the naive builder writes; the tong name when empty
		// misread runs docker on the naive argv and says how docker's
		// reading differs from the intent ("" when it does not).
		misread func(argv []string) string
		// cliNeutral: docker's CLI passes the value through; the rule
		// guards what the daemon or the DNS does with it.
		cliNeutral string
	}{
		{rule: "IMG-2", edit: func(d map[string]any) { d["image"] = "--privileged" }, misread: imageMisread("--privileged")},
		{rule: "IMG-2", edit: func(d map[string]any) { d["image"] = "-v/:/host" }, misread: imageMisread("-v/:/host")},
		{rule: "IMG-2", edit: func(d map[string]any) { d["image"] = "alpine --privileged" }, misread: imageMisread("alpine --privileged")},
		{rule: "IMG-2", edit: func(d map[string]any) { d["image"] = "alpine\n" }, misread: imageMisread("alpine\n")},
		{rule: "IF-7", name: "my db", cliNeutral: "docker's CLI adds any --network-alias text to the endpoint; only the embedded DNS cannot answer \"my db\"",
			misread: aliasMisread("my db")},
		{rule: "IF-7", edit: func(d map[string]any) {
			d["interface"] = map[string]any{"kind": "mcp", "port": 80, "name": "git_hub"}
		}, alias: "git_hub", cliNeutral: "the alias reaches the endpoint unchanged; \"_\" is not a DNS label character", misread: aliasMisread("git_hub")},
		{rule: "ENV-2", edit: func(d map[string]any) { d["env"] = map[string]any{"": "x"} }, misread: func(argv []string) string {
			if _, err := Create(argv); err != nil {
				return "docker refuses -e =x: " + firstLine(err)
			}
			return ""
		}},
		{rule: "ENV-2", edit: func(d map[string]any) { d["env"] = map[string]any{"A=B": "c"} }, misread: func(argv []string) string {
			c, err := Create(argv)
			if err != nil {
				return "docker refuses: " + firstLine(err)
			}
			if v, ok := dockerEnv(c)["A=B"]; !ok || v != "c" {
				return fmt.Sprintf("docker sets A to %q, not A=B to \"c\"", dockerEnv(c)["A"])
			}
			return ""
		}},
		{rule: "ENV-3", edit: func(d map[string]any) { d["env"] = map[string]any{"DEBUG": true} }, misread: envMisread("DEBUG", "true")},
		{rule: "ENV-3", edit: func(d map[string]any) { d["env"] = map[string]any{"TOKEN": nil} }, misread: envMisread("TOKEN", "null")},
		{rule: "ENV-3", edit: func(d map[string]any) { d["env"] = map[string]any{"RATIO": 1.0} }, misread: envMisread("RATIO", "1")},
		{rule: "ENV-3", edit: func(d map[string]any) { d["env"] = map[string]any{"LIST": []any{1, "a"}} }, misread: envMisread("LIST", `[1,"a"]`)},
		{rule: "MNT-3", edit: func(d map[string]any) { d["mounts"] = []any{"workspace:rw,rshared"} },
			cliNeutral: "docker's CLI forwards the bind spec whole; the daemon parses (and may accept) the mode", misread: bindMisread("/home/me/project:/workspace:rw,rshared")},
		{rule: "MNT-3", edit: func(d map[string]any) { d["mounts"] = []any{"docker-socket:bogus"} },
			cliNeutral: "docker's CLI forwards the bind spec whole; the daemon refuses the mode", misread: bindMisread("/var/run/docker.sock:/var/run/docker.sock:bogus")},
		// A float's fraction is dropped; a large float is written with an
		// exponent, which docker reads through int64 (overflow). An
		// integral float below 2^53 (1.5e9, "1500000000.0") docker reads
		// exactly: the rule refuses floats because launchers render them
		// differently (ENV-3's reason), not because docker must misread.
		{rule: "RES-2", edit: func(d map[string]any) { d["resources"] = map[string]any{"memory": 536870912.5} }, misread: memoryMisread("536870912.5")},
		{rule: "RES-2", edit: func(d map[string]any) { d["resources"] = map[string]any{"memory": 1e21} }, misread: memoryMisread("1e21")},
		{rule: "RES-2", edit: func(d map[string]any) { d["resources"] = map[string]any{"memory": true} }, misread: memoryMisread("")},
		{rule: "RES-3", edit: func(d map[string]any) { d["resources"] = map[string]any{"memory": "9007199254740993"} }, misread: memoryMisread("9007199254740993")},
		{rule: "RES-3", edit: func(d map[string]any) { d["resources"] = map[string]any{"memory": "-1"} }, misread: memoryMisread("-1")},
		{rule: "RES-3", edit: func(d map[string]any) { d["resources"] = map[string]any{"memory": "1x"} }, misread: memoryMisread("")},
		{rule: "RES-3", edit: func(d map[string]any) { d["resources"] = map[string]any{"memory": "5m"} },
			cliNeutral: "docker's CLI sends 5 MiB; the daemon refuses less than 6 MiB", misread: memoryMisread("5242880")},
		// A network entry is joined with "docker network connect NET
		// CONTAINER", where a value beginning with "-" is an option.
		{rule: "NET-2", edit: func(d map[string]any) { d["networks"] = []any{"-x"} }, misread: connectMisread("-x")},
		{rule: "NET-2", edit: func(d map[string]any) { d["networks"] = []any{"--help"} }, misread: connectMisread("--help")},
		{rule: "NET-2", edit: func(d map[string]any) { d["networks"] = []any{""} }, misread: connectMisread(""),
			cliNeutral: "docker network connect passes \"\" to the daemon, which has no such network"},
	} {
		name := c.name
		if name == "" {
			name = "db"
		}
		def := baseDef()
		if c.edit != nil {
			c.edit(def)
		}
		errs := impl.ValidateTong(name, def)
		hasRule := false
		for _, e := range errs {
			hasRule = hasRule || e.Rule == c.rule
		}
		if !hasRule {
			t.Errorf("ValidateTong(%q, %v) = %v, want an error with rule %s", name, def, errs, c.rule)
			continue
		}
		alias := c.alias
		if alias == "" {
			alias = name
		}
		argv := naiveArgv(name, def, "tongs", alias)
		got := c.misread(argv)
		switch {
		case c.cliNeutral == "" && got == "":
			t.Errorf("%s: docker reads the naive argv %q as intended: the rule is not shown necessary", c.rule, argv)
		case c.cliNeutral != "" && got != "":
			t.Errorf("%s: docker's CLI misreads %q (%s), which the row says it passes through", c.rule, argv, got)
		case c.cliNeutral != "":
			t.Logf("%s %q: CLI passes it through: %s", c.rule, argv, c.cliNeutral)
		default:
			t.Logf("%s %q: %s", c.rule, argv, got)
		}
	}
}

func firstLine(err error) string { return strings.SplitN(err.Error(), "\n", 2)[0] }

// imageMisread: docker must run the image as written, and create it.
func imageMisread(image string) func([]string) string {
	return func(argv []string) string {
		p, err := Parse(argv)
		if err != nil {
			return "docker reads the image as options and has none: " + firstLine(err)
		}
		if p.Image() != image {
			return fmt.Sprintf("docker's image is %q", p.Image())
		}
		good := append(append([]string(nil), argv[:len(argv)-1]...), "alpine")
		q, err := Parse(good)
		if err != nil {
			return "docker refuses even " + strings.Join(good, " ")
		}
		if !reflect.DeepEqual(StateOf(p.Flags), StateOf(q.Flags)) {
			return "docker sets other options than with image alpine"
		}
		if _, err := Create(argv); err != nil {
			return "docker run cannot start it: " + firstLine(err)
		}
		return ""
	}
}

// aliasMisread: the alias must reach the endpoint unchanged.
func aliasMisread(alias string) func([]string) string {
	return func(argv []string) string {
		c, err := Create(argv)
		if err != nil {
			return "docker refuses: " + firstLine(err)
		}
		if ep := c.NetworkingConfig.EndpointsConfig["tongs"]; ep == nil || len(ep.Aliases) != 1 || ep.Aliases[0] != alias {
			return fmt.Sprintf("docker sends endpoints %+v", c.NetworkingConfig.EndpointsConfig)
		}
		return ""
	}
}

// envMisread: a launcher rendering the value as JSON (want) and the
// Python builder start different containers.
func envMisread(key, jsonText string) func([]string) string {
	return func(argv []string) string {
		c, err := Create(argv)
		if err != nil {
			return "docker refuses: " + firstLine(err)
		}
		if got := dockerEnv(c)[key]; got != jsonText {
			return fmt.Sprintf("docker sets %s=%q from Python's str(), %q from a JSON launcher", key, got, jsonText)
		}
		return ""
	}
}

func bindMisread(spec string) func([]string) string {
	return func(argv []string) string {
		c, err := Create(argv)
		if err != nil {
			return "docker refuses: " + firstLine(err)
		}
		if len(c.HostConfig.Binds) != 1 || c.HostConfig.Binds[0] != spec {
			return fmt.Sprintf("docker sends binds %q", c.HostConfig.Binds)
		}
		return ""
	}
}

// memoryMisread: docker must limit memory to exactly want bytes, a
// decimal integer ("" when the definition states no byte count).
func memoryMisread(want string) func([]string) string {
	return func(argv []string) string {
		c, err := Create(argv)
		if err != nil {
			return "docker refuses: " + firstLine(err)
		}
		if got := strconv.FormatInt(c.HostConfig.Memory, 10); got != want {
			return fmt.Sprintf("docker limits memory to %s bytes, the definition says %q", got, want)
		}
		return ""
	}
}

// connectMisread: the naive launcher runs "docker network connect NET
// c1"; docker must connect c1 to exactly NET.
func connectMisread(network string) func([]string) string {
	return func([]string) string {
		net, ctr, err := NetworkConnect([]string{network, "c1"})
		cmd := fmt.Sprintf("docker network connect %q c1", network)
		switch {
		case errors.Is(err, ErrHelp):
			return cmd + " prints its usage and connects nothing"
		case err != nil:
			return cmd + " refuses: " + firstLine(err)
		case net != network || ctr != "c1":
			return fmt.Sprintf("%s connects %q to %q", cmd, ctr, net)
		}
		return ""
	}
}

// Memory: every resources.memory impl accepts, docker's --memory
// (opts.MemBytes, go-units RAMInBytes) accepts with the same byte count.

func propMemory(t *rapid.T) {
	var v any
	switch rapid.IntRange(0, 2).Draw(t, "form") {
	case 0:
		v = rapid.Custom(func(t *rapid.T) string {
			if rapid.Bool().Draw(t, "boundary?") {
				// near the bounds: 6 MiB and 2^53 bytes, in each unit
				unit := rapid.SampledFrom([]string{"", "b", "k", "m", "g"}).Draw(t, "unit")
				shift := map[string]uint{"": 0, "b": 0, "k": 10, "m": 20, "g": 30}[unit]
				base := rapid.SampledFrom([]int64{6 << 20, 1 << 53}).Draw(t, "bound") >> shift
				return strconv.FormatInt(base+rapid.Int64Range(-2, 2).Draw(t, "delta"), 10) + unit
			}
			return rapid.StringMatching(`0{0,3}[0-9]{1,17}[bBkKmMgG]?`).Draw(t, "memory")
		}).Draw(t, "memory")
	case 1:
		v = rapid.Int64Range(0, 1<<62).Draw(t, "memory")
	default:
		v = rapid.StringOf(rapid.RuneFrom([]rune("0123456789.bkmgtpBKMGTPi e+-x"))).Draw(t, "memory")
	}
	def := baseDef()
	def["resources"] = map[string]any{"memory": v}
	flags, err := impl.TongResourceFlags(def)
	if s, ok := v.(string); ok && memoryGrammar.MatchString(s) {
		// In RES-2's grammar, RES-3 decides: 6 MiB to 2^53 bytes, exactly.
		n := exactBytes(s)
		inRange := n.Cmp(big.NewInt(6<<20)) >= 0 && n.Cmp(big.NewInt(1<<53)) <= 0
		if (err == nil) != inRange {
			t.Fatalf("TongResourceFlags(memory %q) = %v for %v bytes; RES-3 accepts 6 MiB to 2^53", s, err, n)
		}
	}
	if err != nil {
		return
	}
	if len(flags) != 2 || flags[0] != "--memory" {
		t.Fatalf("TongResourceFlags(memory %v) = %q", v, flags)
	}
	text, want := memoryBytes(v)
	if flags[1] != text {
		t.Fatalf("TongResourceFlags(memory %v) = %q, want the value as written, %q", v, flags, text)
	}
	var m opts.MemBytes
	if err := m.Set(flags[1]); err != nil {
		t.Fatalf("impl accepts memory %q, docker refuses it: %v", flags[1], err)
	}
	if m.Value() != want {
		t.Fatalf("docker reads memory %q as %d bytes, want %d", flags[1], m.Value(), want)
	}
}

func TestMemory(t *testing.T) { rapid.Check(t, propMemory) }

// memoryGrammar is RES-2's grammar for a memory string.
var memoryGrammar = regexp.MustCompile(`^[0-9]+[bBkKmMgG]?$`)

// exactBytes is the byte count of a string in memoryGrammar, in exact
// arithmetic.
func exactBytes(s string) *big.Int {
	shift := uint(0)
	switch s[len(s)-1] | 0x20 {
	case 'b':
		s = s[:len(s)-1]
	case 'k':
		s, shift = s[:len(s)-1], 10
	case 'm':
		s, shift = s[:len(s)-1], 20
	case 'g':
		s, shift = s[:len(s)-1], 30
	}
	n, _ := new(big.Int).SetString(s, 10)
	return n.Lsh(n, shift)
}

// TestMemoryGrammar records where RES-2/RES-3 and docker's grammar
// differ: values docker reads exactly that impl refuses (impl is
// stricter), and the bounds.
func TestMemoryGrammar(t *testing.T) {
	for _, c := range []struct {
		in     string
		bytes  int64 // docker's reading; -1 refused
		implOK bool
	}{
		// docker reads these exactly; impl refuses them (stricter).
		{"1.5g", 1610612736, false},
		{"512mb", 512 << 20, false},
		{"512MiB", 512 << 20, false},
		{"512 m", 512 << 20, false},
		{"1t", 1 << 40, false},
		{"1e9", 1e9, false},
		{"512.", 512, false},
		// docker misreads or refuses these; impl refuses them.
		{"5m", 5 << 20, false},                        // below the daemon's 6 MiB minimum
		{"9007199254740993", 9007199254740992, false}, // rounded through float64
		{"8388609g", 8388609 << 30, false},            // over 2^53
		{"-1", -1, false},
		{"1x", -1, false},
		{"", -1, false},
		// the bounds impl accepts, read exactly.
		{"6m", 6 << 20, true},
		{"6291456", 6 << 20, true},
		{"9007199254740992", 1 << 53, true},
		{"8388608g", 1 << 53, true},
		{"0512m", 512 << 20, true},
		{"6144k", 6 << 20, true},
		{"6143k", 6143 << 10, false},
		{"6291455", 6<<20 - 1, false},
		{"8796093022208k", 1 << 53, true},
		{"8796093022209k", 8796093022209 << 10, false},
		{"8589934592m", 1 << 53, true},
		{"9007199254740992b", 1 << 53, true},
	} {
		var m opts.MemBytes
		got := int64(-1)
		if err := m.Set(c.in); err == nil {
			got = m.Value()
		}
		if got != c.bytes {
			t.Errorf("docker reads memory %q as %d, want %d", c.in, got, c.bytes)
		}
		def := baseDef()
		def["resources"] = map[string]any{"memory": c.in}
		if _, err := impl.TongResourceFlags(def); (err == nil) != c.implOK {
			t.Errorf("TongResourceFlags(memory %q) = %v, want accepted = %v", c.in, err, c.implOK)
		}
	}
}
