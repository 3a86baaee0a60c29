package gen

import (
	"github.com/tongref/tongref/impl"
)

// Anvil is a docker run or create argv together with what its generator
// put where: a model of the argv that the scanner's answers are checked
// against.
type Anvil struct {
	Argv    []string
	Sub     int      // index of the "run" or "create" token
	Image   int      // index of the image token
	Options []Option // the options between Sub and Image, in order
}

// Option is one option occurrence of an Anvil, as docker reads it.
type Option struct {
	Setting string // the setting it writes: impl.Flag.Option ("network" for --net)
	Value   string // the value docker takes; "true" or the text after "=" for a flag without value
	Tok     int    // index of the token that names the flag
	End     int    // index after its last token (a cluster's options share Tok and End)
}

// LastValue returns the value docker takes for a setting: the last
// occurrence wins (OPT-3).
func (a Anvil) LastValue(setting string) (string, bool) {
	value, found := "", false
	for _, o := range a.Options {
		if o.Setting == setting {
			value, found = o.Value, true
		}
	}
	return value, found
}

// FlagSet indexes one of the option tables the generators draw from.
// "help" is left out: docker prints its usage instead of running.
type FlagSet struct {
	Names  []string // sorted as the table is, network first so it shrinks there
	ByName map[string]impl.Flag
	// bool shorthands, and value shorthands
	boolShorts, valueShorts []impl.Flag
}

func newFlagSet(flags []impl.Flag, drop ...string) *FlagSet {
	s := &FlagSet{ByName: map[string]impl.Flag{}, Names: []string{"network"}}
	skip := map[string]bool{"help": true}
	for _, d := range drop {
		skip[d] = true
	}
	for _, f := range flags {
		if skip[f.Name] {
			continue
		}
		s.ByName[f.Name] = f
		if f.Name != "network" {
			s.Names = append(s.Names, f.Name)
		}
		if f.Short != 0 {
			if f.Value {
				s.valueShorts = append(s.valueShorts, f)
			} else {
				s.boolShorts = append(s.boolShorts, f)
			}
		}
	}
	if _, ok := s.ByName["network"]; !ok {
		s.Names = s.Names[1:]
	}
	return s
}

// FlagsOf returns the flags of docker's subcommand sub, "run" or
// "create".
func FlagsOf(sub string) *FlagSet {
	if sub == "create" {
		return createSet
	}
	return runSet
}

// PreOption draws one whole option a launcher may splice before the
// image (INJ-3), records it in rec and returns its tokens.
func PreOption(t T, rec *[]Option) []string { return appendOption(t, preSet, nil, rec) }

var (
	runSet    = newFlagSet(impl.RunFlags())
	createSet = newFlagSet(impl.CreateFlags())
	// whole options a launcher may splice before the image of either
	// command: no network (INJ-3), nothing only "docker run" knows
	preSet    = newFlagSet(impl.RunFlags(), "network", "net", "detach", "detach-keys", "sig-proxy")
	globalSet = newFlagSet(impl.GlobalFlags(), "version", "cloud")
)

// typedValues are values docker's own flag parsing accepts for the flags
// whose value it parses or validates when it reads the argv (numbers,
// sizes, durations, addresses...). The first of each is the simplest.
var typedValues = map[string][]string{
	"attach":                {"stdout", "stdin", "stderr"},
	"blkio-weight":          {"10", "0", "1000"},
	"blkio-weight-device":   {"/dev/sda:100"},
	"cpu-count":             {"1", "0"},
	"cpu-percent":           {"1", "0"},
	"cpu-period":            {"100000", "0"},
	"cpu-quota":             {"50000", "-1"},
	"cpu-rt-period":         {"1000", "0"},
	"cpu-rt-runtime":        {"950", "0"},
	"cpu-shares":            {"512", "0"},
	"cpus":                  {"1", "0.5"},
	"device-cgroup-rule":    {"c 1:3 mr"},
	"device-read-bps":       {"/dev/sda:1mb"},
	"device-write-bps":      {"/dev/sda:1mb"},
	"device-read-iops":      {"/dev/sda:1000"},
	"device-write-iops":     {"/dev/sda:1000"},
	"dns":                   {"1.1.1.1", "::1"},
	"dns-search":            {"example.com"},
	"add-host":              {"host:1.2.3.4", "gw:host-gateway"},
	"health-interval":       {"1s", "0s", "1m30s"},
	"health-timeout":        {"1s", "500ms"},
	"health-start-period":   {"1s", "0s"},
	"health-start-interval": {"1s", "2s"},
	"health-retries":        {"3", "0"},
	"stop-timeout":          {"10", "-1"},
	"oom-score-adj":         {"0", "-500", "1000"},
	"io-maxbandwidth":       {"1mb"},
	"io-maxiops":            {"1", "0"},
	"memory":                {"512m", "6m", "1g"},
	"memory-reservation":    {"256m"},
	"memory-swap":           {"1g", "-1"},
	"memory-swappiness":     {"-1", "0", "100"},
	"shm-size":              {"64m"},
	"kernel-memory":         {"64m"},
	"pids-limit":            {"-1", "100"},
	"label":                 {"a=b", "k", "-x=1", "--network=host", "é=1"},
	"link":                  {"db", "db:alias"},
	"sysctl":                {"net.ipv4.ip_forward=1"},
	"ulimit":                {"nofile=1024:1024"},
	"umask":                 {"0022"},
	"gpus":                  {"all"},
	"mount":                 {"type=tmpfs,target=/x"},
	"annotation":            {"k=v"},
	"env":                   {"A=1", "A", "-e=1", "--network=x", "A=", "é=é"},
	"network":               {"tongs", "host", "bridge", "none", "-x", "--rm", "net-é"},
	"net":                   {"tongs", "host", "bridge", "-x"},
	"restart":               {"no", "always", "on-failure:3"},
}

// stringValues are values for the flags whose value docker takes as
// written; many of them look like flags.
var stringValues = []string{"x", "-x", "--rm", "--network", "", "a b", "é", "run", "--", "-", "alpine", "-e", "=x"}

// boolValues are what "--flag=VALUE" may say of a flag without value.
var boolValues = []string{"true", "false", "1", "0"}

func drawValue(t T, f impl.Flag) string {
	if vs, ok := typedValues[f.Name]; ok {
		return pick(t, f.Name+"_value", vs...)
	}
	return pick(t, "value", stringValues...)
}

// drawOption renders one option of set as tokens, records it, and returns
// the tokens. base is the index the first token will have in the argv.
func drawOption(t T, set *FlagSet, base int, rec *[]Option) []string {
	var f impl.Flag
	if oneIn(t, "cluster?", 5) && len(set.boolShorts) > 0 {
		return drawCluster(t, set, base, rec)
	}
	f = set.ByName[pick(t, "flag", set.Names...)]
	add := func(v string) { *rec = append(*rec, Option{Setting: f.Option, Value: v, Tok: base}) }
	if !f.Value {
		forms := []string{"long"}
		if f.Short != 0 {
			forms = append(forms, "short")
		}
		forms = append(forms, "long=")
		if f.Short != 0 {
			forms = append(forms, "short=")
		}
		switch pick(t, "form", forms...) {
		case "long":
			add("true")
			return []string{"--" + f.Name}
		case "short":
			add("true")
			return []string{"-" + string(f.Short)}
		case "long=":
			v := pick(t, "bool_value", boolValues...)
			add(v)
			return []string{"--" + f.Name + "=" + v}
		}
		v := pick(t, "bool_value", boolValues...)
		add(v)
		return []string{"-" + string(f.Short) + "=" + v}
	}
	v := drawValue(t, f)
	add(v)
	forms := []string{"long", "long="}
	if f.Short != 0 {
		forms = append(forms, "short", "short_rest")
	}
	switch pick(t, "form", forms...) {
	case "long":
		return []string{"--" + f.Name, v}
	case "long=":
		return []string{"--" + f.Name + "=" + v}
	case "short":
		return []string{"-" + string(f.Short), v}
	}
	if v != "" && v[0] != '=' && !Bool(t, "short_eq?") {
		return []string{"-" + string(f.Short) + v}
	}
	if v == "" {
		return []string{"-" + string(f.Short), v}
	}
	return []string{"-" + string(f.Short) + "=" + v}
}

// appendOption draws one option of set, appends its tokens to argv and
// records it in rec with its token span.
func appendOption(t T, set *FlagSet, argv []string, rec *[]Option) []string {
	k := len(*rec)
	argv = append(argv, drawOption(t, set, len(argv), rec)...)
	for i := k; i < len(*rec); i++ {
		(*rec)[i].End = len(argv)
	}
	return argv
}

// drawCluster renders "-itd", "-dp80:80", "-dp 80:80" or "-ie=A=1": one to
// three shorthands without value, maybe ended by one that takes a value.
func drawCluster(t T, set *FlagSet, base int, rec *[]Option) []string {
	n := Int(t, "cluster_len", 1, 3)
	tok := "-"
	for i := 0; i < n; i++ {
		f := pick(t, "cluster_flag", set.boolShorts...)
		tok += string(f.Short)
		*rec = append(*rec, Option{Setting: f.Option, Value: "true", Tok: base})
	}
	if len(set.valueShorts) == 0 || !Bool(t, "cluster_value?") {
		return []string{tok}
	}
	f := pick(t, "cluster_value_flag", set.valueShorts...)
	v := drawValue(t, f)
	*rec = append(*rec, Option{Setting: f.Option, Value: v, Tok: base})
	tok += string(f.Short)
	switch {
	case v != "" && v[0] != '=' && Bool(t, "cluster_rest?"):
		return []string{tok + v}
	case v != "" && Bool(t, "cluster_eq?"):
		return []string{tok + "=" + v}
	}
	return []string{tok, v}
}

// globalValues are values for the global options that take one.
var globalValues = map[string][]string{
	"config":    {"/tmp/docker", "-x"},
	"context":   {"default", "remote"},
	"host":      {"unix:///var/run/docker.sock", "tcp://10.0.0.1:2376"},
	"log-level": {"debug", "info", "error"},
	"tlscacert": {"/tmp/ca.pem"},
	"tlscert":   {"/tmp/cert.pem"},
	"tlskey":    {"/tmp/key.pem"},
}

// drawGlobal renders one global option, never in a cluster, for an argv
// with no "--" among its global options. Docker reads clusters there too
// ("-Dl debug", ARGV-3); they, and options after a "--", which docker reads
// by its command lookup, are drawn by props/dockercli's DashDashArgv.
func drawGlobal(t T) []string {
	f := globalSet.ByName[pick(t, "global", globalSet.Names...)]
	if !f.Value {
		if f.Short != 0 && Bool(t, "global_short?") {
			return []string{"-" + string(f.Short)}
		}
		return []string{"--" + f.Name}
	}
	v := pick(t, "global_value", globalValues[f.Name]...)
	forms := []string{"long", "long="}
	if f.Short != 0 {
		forms = append(forms, "short", "short_rest")
	}
	switch pick(t, "global_form", forms...) {
	case "long=":
		return []string{"--" + f.Name + "=" + v}
	case "short":
		return []string{"-" + string(f.Short), v}
	case "short_rest":
		return []string{"-" + string(f.Short) + v}
	}
	return []string{"--" + f.Name, v}
}

// HarnessArgs are tokens after the image that look like docker's own.
var HarnessArgs = []string{"sh", "--network", "host", "-e", "X=1", "--name", "evil", "--", "run", "-it", "--net=x", "-c", "echo hi", "", "é", "--network=evil", "-v", "/:/host", "alpine"}

// AnvilParts generates docker run and create argvs as a launcher's user
// writes them, built from impl.RunFlags, CreateFlags and GlobalFlags:
// "docker" or a path to it, global options before the subcommand, "run",
// "create", "container run", long and short forms, "=" values, clusters of
// shorthands (some ending in one that takes a value), values that begin
// with "-", several --network and --net, "--" before the image, and
// harness arguments after the image that look like docker options. Values
// of typed flags are ones docker's parser accepts.
func AnvilParts(t T) Anvil {
	var a Anvil
	argv := []string{pick(t, "program", "docker", "/usr/bin/docker", "/usr/local/bin/docker")}
	for i, n := 0, Int(t, "globals", 0, 2); i < n && oneIn(t, "global?", 3); i++ {
		argv = append(argv, drawGlobal(t)...)
	}
	if oneIn(t, "container?", 4) {
		argv = append(argv, "container")
	}
	sub := pick(t, "subcommand", "run", "create")
	set := runSet
	if sub == "create" {
		set = createSet
	}
	a.Sub = len(argv)
	argv = append(argv, sub)
	n := Int(t, "options", 0, 6)
	for i := 0; i < n; i++ {
		if oneIn(t, "network_option?", 4) {
			v := pick(t, "network", typedValues["network"]...)
			name := pick(t, "network_flag", "--network", "--net")
			o := Option{Setting: "network", Value: v, Tok: len(argv)}
			if Bool(t, "network_eq?") {
				argv = append(argv, name+"="+v)
			} else {
				argv = append(argv, name, v)
			}
			o.End = len(argv)
			a.Options = append(a.Options, o)
			continue
		}
		argv = appendOption(t, set, argv, &a.Options)
	}
	dashdash := oneIn(t, "dashdash?", 5)
	if dashdash {
		argv = append(argv, "--")
	}
	a.Image = len(argv)
	if dashdash && oneIn(t, "dash_image?", 3) {
		argv = append(argv, pick(t, "image", "-image", "--network", "--", "-"))
	} else if oneIn(t, "odd_image?", 10) {
		argv = append(argv, pick(t, "image", "-", "", "é", "run"))
	} else {
		argv = append(argv, pick(t, "image", "alpine", "busybox:latest", "ghcr.io/acme/agent:1", "localhost:5000/x@sha256:abc"))
	}
	for i, n := 0, Int(t, "args", 0, 5); i < n; i++ {
		argv = append(argv, pick(t, "arg", HarnessArgs...))
	}
	a.Argv = argv
	return a
}

// AnvilArgv generates docker run and create argvs: AnvilParts without the
// model.
func AnvilArgv(t T) []string {
	return AnvilParts(t).Argv
}

// AnyArgv generates any []string: often a docker run argv, often one with a
// token inserted, removed or replaced, sometimes nil, empty, another
// docker command, another program or arbitrary text.
func AnyArgv(t T) []string {
	switch pick(t, "argv_kind", "anvil", "mutated", "broken", "text", "nil", "empty") {
	case "anvil":
		return AnvilArgv(t)
	case "mutated":
		argv := AnvilArgv(t)
		i := Int(t, "at", 0, len(argv)-1)
		tok := pick(t, "token", append([]string{"-"}, append(HarnessArgs, "--bogus", "-Z", "---x", "--=x", "-test.v", "-dtest.x", "container")...)...)
		switch pick(t, "mutation", "insert", "delete", "replace") {
		case "insert":
			return append(argv[:i:i], append([]string{tok}, argv[i:]...)...)
		case "delete":
			return append(argv[:i:i], argv[i+1:]...)
		}
		argv[i] = tok
		return argv
	case "broken":
		return pick(t, "argv", [][]string{
			{"docker"}, {"docker", "run"}, {"docker", "ps"}, {"podman", "run", "x"},
			{"docker", "run", "--name"}, {"docker", "--", "run", "x"}, {"docker", "-Dl", "debug", "run", "x"},
			{"docker", "run", "--bogus", "x"}, {"docker", "run", "---x", "img"}, {"docker", "run", "--=x", "img"},
			{"docker", "run", "-Z", "img"}, {"docker", "run", "-e"}, {"docker", "container"}, {"dockerd", "run", "x"},
			{"/usr/bin/docker/", "run", "x"}, {"docker", "run", "--", "--"}, {"docker", "create", "-d", "x"},
			{"docker", "run", "-test.v", "x"}, {"docker", "run", "-dtest.x", "img"},
		}...)
	case "text":
		argv := make([]string, Int(t, "argv_len", 0, 6))
		for i := range argv {
			argv[i] = Text(t)
		}
		return argv
	case "nil":
		return nil
	}
	return []string{}
}

// Injection is what a launcher passes to InjectAnvilArgv besides the argv.
type Injection struct {
	Network   string
	Pre, Post []string
}

// InjectionArgs generates injections: a network or none, pre-image
// arguments made of whole run options that docker create also knows and
// that never set the network (INJ-3), and arbitrary post-image arguments.
// About one in five is empty, which is the identity (INJ-1).
func InjectionArgs(t T) Injection {
	var in Injection
	if oneIn(t, "empty?", 5) {
		return in
	}
	if Int(t, "network?", 0, 3) > 0 {
		in.Network = NetworkName(t)
	}
	var rec []Option
	for i, n := 0, Int(t, "pre_len", 0, 3); i < n; i++ {
		in.Pre = appendOption(t, preSet, in.Pre, &rec)
	}
	for i, n := 0, Int(t, "post_len", 0, 3); i < n; i++ {
		if Bool(t, "post_text?") {
			in.Post = append(in.Post, Text(t))
		} else {
			in.Post = append(in.Post, pick(t, "post", HarnessArgs...))
		}
	}
	return in
}
