package props

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/tongref/tongref/impl"
)

// The properties. Each is a named func(*rapid.T), cites the spec rules it
// proves, and is run by rapid.Check in props_test.go and, for some, by
// rapid.MakeFuzz in tongref/fuzz.

var (
	ruleRE          = regexp.MustCompile(`^[A-Z]+-[0-9]+$`)
	containerNameRE = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_.-]+$`)
	pyUnsafeRE      = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)
)

// checkError fails unless err is an *impl.Error whose rule has one of the
// prefixes (§3: one typed error, naming its rule).
func checkError(t *rapid.T, what string, err error, prefixes ...string) *impl.Error {
	t.Helper()
	var e *impl.Error
	if !errors.As(err, &e) {
		t.Fatalf("%s: error %v (%T), want an *impl.Error", what, err, err)
	}
	if !ruleRE.MatchString(e.Rule) {
		t.Fatalf("%s: error %q has rule %q, want a rule id such as DUR-3", what, e.Error(), e.Rule)
	}
	if e.Msg == "" {
		t.Fatalf("%s: error %#v has no message", what, e)
	}
	if len(prefixes) > 0 {
		ok := false
		for _, p := range prefixes {
			ok = ok || strings.HasPrefix(e.Rule, p)
		}
		if !ok {
			t.Fatalf("%s: error %q has rule %s, want one of %v", what, e.Error(), e.Rule, prefixes)
		}
	}
	return e
}

// diff is cmp.Diff for argvs, fast when they are equal.
func diff(want, got []string) string {
	if slices.Equal(want, got) {
		return ""
	}
	return cmp.Diff(want, got)
}

func copyArgv(argv []string) []string {
	if argv == nil {
		return nil
	}
	return append([]string{}, argv...)
}

func sameSlice(a, b []string) bool {
	return (a == nil) == (b == nil) && reflect.ValueOf(a).Pointer() == reflect.ValueOf(b).Pointer() && len(a) == len(b)
}

// ---------------------------------------------------------------- inject

// InjectIdentity: with no network and no pre- or post-image arguments,
// InjectAnvilArgv returns the argv itself, whatever it is (INJ-1).
func InjectIdentity(t *rapid.T) {
	argv := AnyArgv().Draw(t, "argv")
	var pre, post []string
	if rapid.Bool().Draw(t, "empty_not_nil?") {
		pre, post = []string{}, []string{}
	}
	out, err := impl.InjectAnvilArgv(argv, "", pre, post)
	if err != nil {
		t.Fatalf("InjectAnvilArgv(%q, \"\", %q, %q) = %v, want the argv itself", argv, pre, post, err)
	}
	if !sameSlice(out, argv) {
		t.Fatalf("InjectAnvilArgv(%q, \"\", nil, nil) = %q, want the very same slice (INJ-1)", argv, out)
	}
}

// NoMutation: no operation mutates its inputs: the argv, the pre- and
// post-image arguments, the definition, the run options (INJ, OPT, RUN-1,
// DM: total functions of their inputs).
func NoMutation(t *rapid.T) {
	argv := AnyArgv().Draw(t, "argv")
	in := InjectionArgs().Draw(t, "injection")
	argv0, pre0, post0 := copyArgv(argv), copyArgv(in.Pre), copyArgv(in.Post)
	out, _ := impl.InjectAnvilArgv(argv, in.Network, in.Pre, in.Post)
	if len(out) > 0 && len(argv) > 0 && !sameSlice(out, argv) {
		out[0] = "\x00clobbered" // the result must not alias the input
	}
	impl.AnvilOptionValue(argv, pick(t, "flag", "--network", "--name", "-e", "--rm", "-x"))
	if d := diff(argv0, argv); d != "" {
		t.Fatalf("argv mutated (-before +after):\n%s", d)
	}
	if d := diff(pre0, in.Pre); d != "" {
		t.Fatalf("pre-image args mutated (-before +after):\n%s", d)
	}
	if d := diff(post0, in.Post); d != "" {
		t.Fatalf("post-image args mutated (-before +after):\n%s", d)
	}

	var tong Tong
	if rapid.Bool().Draw(t, "valid?") {
		tong = ValidTong().Draw(t, "tong")
	} else {
		tong = NearTong().Draw(t, "tong")
	}
	def0 := CopyTree(tong.Def)
	o := RunOptionsFor(tong).Draw(t, "options")
	env0 := make(map[string]string, len(o.Env))
	for k, v := range o.Env {
		env0[k] = v
	}
	tmpfs0 := copyArgv(o.TmpfsDirs)
	impl.ValidateTong(tong.Name, tong.Def)
	impl.ReadinessSettings(tong.Def)
	impl.CanonicalAlias(tong.Name, tong.Def)
	impl.AliasCollisions(map[string]any{tong.Name: tong.Def, "other": tong.Def})
	impl.TongMountSpecs(tong.Def, o.Workspace, o.SocketPath)
	impl.TongResourceFlags(tong.Def)
	impl.ConfigHash(tong.Def)
	impl.CanonicalJSON(tong.Def)
	impl.TongRunArgv(tong.Name, tong.Def, o)
	if !SameTree(def0, tong.Def) {
		t.Fatalf("definition mutated: before %v, after %v", def0, tong.Def)
	}
	if d := cmp.Diff(env0, o.Env); d != "" {
		t.Fatalf("RunOptions.Env mutated (-before +after):\n%s", d)
	}
	if d := diff(tmpfs0, o.TmpfsDirs); d != "" {
		t.Fatalf("RunOptions.TmpfsDirs mutated (-before +after):\n%s", d)
	}
}

// modelInject is what INJ-3 to INJ-7 say the result is, computed from the
// generator's model of the argv.
func modelInject(a Anvil, in Injection) []string {
	argv := a.Argv
	if in.Network == "" && len(in.Pre) == 0 && len(in.Post) == 0 {
		return argv
	}
	var nets []Option
	for _, o := range a.Options {
		if o.Setting == "network" {
			nets = append(nets, o)
		}
	}
	out := append([]string{}, argv[:a.Sub+1]...)
	out = append(out, in.Pre...)
	if in.Network != "" && len(nets) == 0 {
		out = append(out, "--network", in.Network)
	}
	for i := a.Sub + 1; i < a.Image; {
		if in.Network != "" && len(nets) > 0 && i == nets[0].Tok {
			if k := strings.IndexByte(argv[i], '='); k >= 0 {
				out = append(out, argv[i][:k]+"="+in.Network)
			} else {
				out = append(out, argv[i], in.Network)
			}
			i = nets[0].End
			continue
		}
		if in.Network != "" && isLaterNetwork(nets, i) {
			for _, o := range nets {
				if o.Tok == i {
					i = o.End
				}
			}
			continue
		}
		out = append(out, argv[i])
		i++
	}
	out = append(out, argv[a.Image:]...)
	return append(out, in.Post...)
}

func isLaterNetwork(nets []Option, i int) bool {
	if len(nets) == 0 {
		return false
	}
	for _, o := range nets[1:] {
		if o.Tok == i {
			return true
		}
	}
	return false
}

// InjectMatchesModel: the injected argv is exactly
// PROGRAM GLOBALS [container] run PRE [--network NET] OPTIONS' IMAGE ARGS POST,
// OPTIONS' having its first network option rewritten in its own spelling
// and the later ones removed (INJ-3 to INJ-7).
func InjectMatchesModel(t *rapid.T) {
	a := AnvilParts().Draw(t, "anvil")
	in := InjectionArgs().Draw(t, "injection")
	got, err := impl.InjectAnvilArgv(a.Argv, in.Network, in.Pre, in.Post)
	if err != nil {
		t.Fatalf("InjectAnvilArgv(%q, %q, %q, %q) = %v, want no error", a.Argv, in.Network, in.Pre, in.Post, err)
	}
	want := modelInject(a, in)
	if d := diff(want, got); d != "" {
		t.Fatalf("InjectAnvilArgv(%q, %q, %q, %q) differs from the model (-want +got):\n%s", a.Argv, in.Network, in.Pre, in.Post, d)
	}
}

// InjectKeepsImageAndTail: the image and every later token come out
// byte-identical and in order, followed by the post-image arguments; the
// pre-image arguments come right after the subcommand (INJ-3, INJ-6,
// INJ-7, ARGV-6).
func InjectKeepsImageAndTail(t *rapid.T) {
	a := AnvilParts().Draw(t, "anvil")
	in := InjectionArgs().Draw(t, "injection")
	got, err := impl.InjectAnvilArgv(a.Argv, in.Network, in.Pre, in.Post)
	if err != nil {
		t.Fatalf("InjectAnvilArgv(%q, %q, %q, %q) = %v, want no error", a.Argv, in.Network, in.Pre, in.Post, err)
	}
	tail := a.Argv[a.Image:]
	wantEnd := append(append([]string{}, tail...), in.Post...)
	if len(got) < len(wantEnd) {
		t.Fatalf("InjectAnvilArgv(%q, ...) = %q, shorter than the image, its args and the post-image args %q", a.Argv, got, wantEnd)
	}
	if d := diff(wantEnd, got[len(got)-len(wantEnd):]); d != "" {
		t.Fatalf("InjectAnvilArgv(%q, %q, %q, %q) = %q: the image on is not kept then post appended (-want +got):\n%s", a.Argv, in.Network, in.Pre, in.Post, got, d)
	}
	if d := diff(a.Argv[:a.Sub+1], got[:a.Sub+1]); d != "" {
		t.Fatalf("InjectAnvilArgv(%q, ...) = %q: the program, globals and subcommand changed (-want +got):\n%s", a.Argv, got, d)
	}
	if len(in.Pre) > 0 {
		if d := diff(in.Pre, got[a.Sub+1:a.Sub+1+len(in.Pre)]); d != "" {
			t.Fatalf("InjectAnvilArgv(%q, %q, %q, %q) = %q: the pre-image args are not right after the subcommand (-want +got):\n%s", a.Argv, in.Network, in.Pre, in.Post, got, d)
		}
	}
}

// InjectSetsOneNetwork: after injecting a network, the options before the
// image set the network exactly once, to the new value: docker reads it
// back, and the model counts one network option (INJ-4, INJ-5, OPT-3).
func InjectSetsOneNetwork(t *rapid.T) {
	a := AnvilParts().Draw(t, "anvil")
	in := InjectionArgs().Draw(t, "injection")
	in.Network = NetworkName().Draw(t, "network")
	got, err := impl.InjectAnvilArgv(a.Argv, in.Network, in.Pre, in.Post)
	if err != nil {
		t.Fatalf("InjectAnvilArgv(%q, %q, %q, %q) = %v, want no error", a.Argv, in.Network, in.Pre, in.Post, err)
	}
	v, found, err := impl.AnvilOptionValue(got, "--network")
	if err != nil || !found || v != in.Network {
		t.Fatalf("AnvilOptionValue(%q, --network) = %q, %v, %v, want %q, true, nil", got, v, found, err, in.Network)
	}
	// count the network options before the image, as the scanner's
	// model reads them: every --network/--net token that is an option
	// name (not a value) before the image
	n := countNetworkOptions(got, a.Sub, a.Image+len(got)-len(a.Argv)-len(in.Post))
	if n != 1 {
		t.Fatalf("InjectAnvilArgv(%q, %q, ...) = %q sets the network %d times before the image, want 1", a.Argv, in.Network, got, n)
	}
}

// countNetworkOptions counts the --network/--net options in argv[sub+1:image],
// skipping the value of every flag that takes one (ARGV-4).
func countNetworkOptions(argv []string, sub, image int) int {
	set := runSet
	if argv[sub] == "create" {
		set = createSet
	}
	n := 0
	for i := sub + 1; i < image; i++ {
		tok := argv[i]
		if tok == "--" {
			break
		}
		if strings.HasPrefix(tok, "--") {
			name, _, hasEq := strings.Cut(tok[2:], "=")
			f := set.byName[name]
			if f.Option == "network" {
				n++
			}
			if f.Value && !hasEq {
				i++
			}
			continue
		}
		// a cluster: find the first shorthand that takes a value
		for j := 1; j < len(tok); j++ {
			f, ok := shortFlag(set, tok[j])
			if !ok {
				break
			}
			if f.Value {
				if j == len(tok)-1 {
					i++
				}
				break
			}
		}
	}
	return n
}

func shortFlag(set *flagSet, c byte) (impl.Flag, bool) {
	for _, f := range set.byName {
		if f.Short == c {
			return f, true
		}
	}
	return impl.Flag{}, false
}

// InjectRefusesNetworkInPre: pre-image arguments that set the network, or
// that are not whole options, are refused (INJ-3), and a failed injection
// returns no argv.
func InjectRefusesBadPre(t *rapid.T) {
	argv := AnvilArgv().Draw(t, "argv")
	in := InjectionArgs().Draw(t, "injection")
	bad := pick(t, "bad", [][]string{
		{"--network", "x"}, {"--net=x"}, {"--network=host"}, {"alpine"}, {"--"}, {"-it", "x"}, {"--bogus"}, {"-e"}, {"--name"},
	}...)
	// a flag missing its value is bad at the end only; the others anywhere
	pre := append(append([]string{}, in.Pre...), bad...)
	if !(len(bad) == 1 && (bad[0] == "-e" || bad[0] == "--name")) && rapid.Bool().Draw(t, "at_front?") {
		pre = append(append([]string{}, bad...), in.Pre...)
	}
	out, err := impl.InjectAnvilArgv(argv, in.Network, pre, in.Post)
	if err == nil {
		t.Fatalf("InjectAnvilArgv(%q, %q, %q, %q) = %q, want an INJ-3 or ARGV-4 error", argv, in.Network, pre, in.Post, out)
	}
	checkError(t, "InjectAnvilArgv", err, "INJ-3", "ARGV-4")
	if out != nil {
		t.Fatalf("InjectAnvilArgv(...) = %q with error %v, want nil with the error", out, err)
	}
}

// InjectIsTotal: on any argv and any injection, InjectAnvilArgv returns an
// argv or an *impl.Error naming a rule, never both, never a panic (INJ-2).
func InjectIsTotal(t *rapid.T) {
	argv := AnyArgv().Draw(t, "argv")
	in := InjectionArgs().Draw(t, "injection")
	if rapid.Bool().Draw(t, "odd_injection?") {
		in.Network = Text().Draw(t, "network")
		in.Pre = rapid.SliceOfN(rapid.SampledFrom(HarnessArgs), 0, 3).Draw(t, "pre")
	}
	out, err := impl.InjectAnvilArgv(argv, in.Network, in.Pre, in.Post)
	if err != nil {
		checkError(t, "InjectAnvilArgv", err)
		if out != nil {
			t.Fatalf("InjectAnvilArgv(%q, ...) = %q, %v: want nil with an error", argv, out, err)
		}
		return
	}
	if in.Network == "" && len(in.Pre) == 0 && len(in.Post) == 0 {
		return
	}
	// a successful injection is itself an anvil argv, whose network is the new one
	v, found, err := impl.AnvilOptionValue(out, "--network")
	if err != nil {
		t.Fatalf("AnvilOptionValue(%q, --network) = %v: the injected argv does not scan", out, err)
	}
	if in.Network != "" && (!found || v != in.Network) {
		t.Fatalf("AnvilOptionValue(%q, --network) = %q, %v, want %q", out, v, found, in.Network)
	}
}

// ---------------------------------------------------------------- options

// flagsToAsk draws the flags to ask AnvilOptionValue about: every setting
// the argv gives, and a few it may not, in their long and short spellings.
func flagsToAsk(t *rapid.T, a Anvil) []impl.Flag {
	set := runSet
	if a.Argv[a.Sub] == "create" {
		set = createSet
	}
	var fs []impl.Flag
	seen := map[string]bool{}
	for _, name := range set.names {
		f := set.byName[name]
		for _, o := range a.Options {
			if o.Setting == f.Option && !seen[f.Name] {
				seen[f.Name] = true
				fs = append(fs, f)
			}
		}
	}
	for i := 0; i < 2; i++ {
		fs = append(fs, set.byName[pick(t, "other_flag", set.names...)])
	}
	return fs
}

// OptionValueMatchesModel: AnvilOptionValue returns, for every spelling of
// every flag, the value of the setting's last occurrence before the image,
// or not found (OPT-1, OPT-3, OPT-4, ARGV-4).
func OptionValueMatchesModel(t *rapid.T) {
	a := AnvilParts().Draw(t, "anvil")
	for _, f := range flagsToAsk(t, a) {
		want, wantFound := a.LastValue(f.Option)
		spellings := []string{"--" + f.Name}
		if f.Short != 0 {
			spellings = append(spellings, "-"+string(f.Short))
		}
		for _, s := range spellings {
			got, found, err := impl.AnvilOptionValue(a.Argv, s)
			if err != nil || got != want || found != wantFound {
				t.Fatalf("AnvilOptionValue(%q, %q) = %q, %v, %v, want %q, %v, nil", a.Argv, s, got, found, err, want, wantFound)
			}
		}
	}
}

// OptionValueNeverReadsAfterImage: replacing every token after the image
// by others (docker-like or not) changes no option value; and no value
// found is taken from a token after the image that the options do not
// also hold (OPT-2, ARGV-6).
func OptionValueNeverReadsAfterImage(t *rapid.T) {
	a := AnvilParts().Draw(t, "anvil")
	other := append(append([]string{}, a.Argv[:a.Image+1]...), rapid.SliceOfN(rapid.SampledFrom(HarnessArgs), 0, 6).Draw(t, "other_args")...)
	for _, f := range flagsToAsk(t, a) {
		flag := "--" + f.Name
		v1, found1, err1 := impl.AnvilOptionValue(a.Argv, flag)
		v2, found2, err2 := impl.AnvilOptionValue(other, flag)
		if v1 != v2 || found1 != found2 || (err1 == nil) != (err2 == nil) {
			t.Fatalf("AnvilOptionValue(%q, %q) = %q, %v, %v but with other args after the image AnvilOptionValue(%q, %q) = %q, %v, %v", a.Argv, flag, v1, found1, err1, other, flag, v2, found2, err2)
		}
	}
}

// OptionValueIsTotal: on any argv and any flag spelling, AnvilOptionValue
// returns a value or an *impl.Error naming an ARGV or OPT rule, never a
// panic (OPT-1, ARGV-1 to ARGV-5).
func OptionValueIsTotal(t *rapid.T) {
	argv := AnyArgv().Draw(t, "argv")
	flag := pick(t, "flag", "--network", "--net", "-e", "--name", "-d", "--detach", "network", "-", "--", "-ee", "--bogus", "", "--help", "-h", "--NETWORK")
	v, found, err := impl.AnvilOptionValue(argv, flag)
	if err != nil {
		checkError(t, "AnvilOptionValue", err, "ARGV-", "OPT-")
		if v != "" || found {
			t.Fatalf("AnvilOptionValue(%q, %q) = %q, %v, %v: want nothing with an error", argv, flag, v, found, err)
		}
	} else if !found && v != "" {
		t.Fatalf("AnvilOptionValue(%q, %q) = %q, false, nil: a value not found must be empty", argv, flag, v)
	}
}

// ---------------------------------------------------------------- inject, stateful

// group is a run of option tokens in the state machine's model.
type group struct {
	toks []string
	opts []Option // Setting and Value only
}

// InjectMachine applies successive injections to one argv and checks each
// result against a model of the argv (head, option groups, image and
// tail): its exact tokens, and every option value docker reads from it
// (INJ-1 to INJ-7, OPT-3).
func InjectMachine(t *rapid.T) {
	a := AnvilParts().Draw(t, "anvil")
	m := &injectModel{head: copyArgv(a.Argv[:a.Sub+1]), tail: copyArgv(a.Argv[a.Image:]), cur: a.Argv}
	for i := a.Sub + 1; i < a.Image; {
		g := group{}
		end := i + 1
		for _, o := range a.Options {
			if o.Tok == i {
				g.opts = append(g.opts, o)
				end = o.End
			}
		}
		g.toks = copyArgv(a.Argv[i:end])
		m.groups = append(m.groups, g)
		i = end
	}
	m.set = runSet
	if a.Argv[a.Sub] == "create" {
		m.set = createSet
	}
	t.Repeat(map[string]func(*rapid.T){
		"identity":   m.identity,
		"network":    func(t *rapid.T) { m.inject(t, NetworkName().Draw(t, "network")) },
		"no_network": func(t *rapid.T) { m.inject(t, "") },
		"":           m.check,
	})
}

type injectModel struct {
	head   []string
	groups []group
	tail   []string
	cur    []string
	set    *flagSet
	// networked is set once a network was injected
	networked bool
}

func (m *injectModel) render() []string {
	out := copyArgv(m.head)
	for _, g := range m.groups {
		out = append(out, g.toks...)
	}
	return append(out, m.tail...)
}

func (m *injectModel) identity(t *rapid.T) {
	out, err := impl.InjectAnvilArgv(m.cur, "", nil, nil)
	if err != nil || !sameSlice(out, m.cur) {
		t.Fatalf("InjectAnvilArgv(%q, \"\", nil, nil) = %q, %v, want the argv itself", m.cur, out, err)
	}
}

func (m *injectModel) inject(t *rapid.T, network string) {
	var pre []group
	var preToks []string
	for i, n := 0, rapid.IntRange(0, 1).Draw(t, "pre_len"); i < n; i++ {
		var rec []Option
		toks := appendOption(t, preSet, nil, &rec)
		pre = append(pre, group{toks: toks, opts: rec})
		preToks = append(preToks, toks...)
	}
	post := rapid.SliceOfN(rapid.SampledFrom(HarnessArgs), 0, 1).Draw(t, "post")
	if network == "" && len(pre) == 0 && len(post) == 0 {
		post = []string{"x"}
	}
	out, err := impl.InjectAnvilArgv(m.cur, network, preToks, post)
	if err != nil {
		t.Fatalf("InjectAnvilArgv(%q, %q, %q, %q) = %v, want no error", m.cur, network, preToks, post, err)
	}
	groups := pre
	if network != "" {
		first := true
		var rest []group
		for _, g := range m.groups {
			if len(g.opts) != 1 || g.opts[0].Setting != "network" {
				rest = append(rest, g)
				continue
			}
			if !first {
				continue // later network options are removed (INJ-4)
			}
			first = false
			if k := strings.IndexByte(g.toks[0], '='); k >= 0 {
				g = group{toks: []string{g.toks[0][:k] + "=" + network}}
			} else {
				g = group{toks: []string{g.toks[0], network}}
			}
			g.opts = []Option{{Setting: "network", Value: network}}
			rest = append(rest, g)
		}
		if first {
			groups = append(groups, group{toks: []string{"--network", network}, opts: []Option{{Setting: "network", Value: network}}})
		}
		groups = append(groups, rest...)
	} else {
		groups = append(groups, m.groups...)
	}
	m.groups = groups
	m.networked = m.networked || network != ""
	m.tail = append(m.tail, post...)
	m.cur = out
}

func (m *injectModel) check(t *rapid.T) {
	if d := diff(m.render(), m.cur); d != "" {
		t.Fatalf("the argv differs from the model (-model +argv):\n%s", d)
	}
	last := map[string]string{}
	nets := 0
	for _, g := range m.groups {
		for _, o := range g.opts {
			last[o.Setting] = o.Value
			if o.Setting == "network" {
				nets++
			}
		}
	}
	if m.networked && nets != 1 {
		t.Fatalf("%q sets the network %d times after a network injection, want once (INJ-4)", m.cur, nets)
	}
	settings := make([]string, 0, len(last))
	for s := range last {
		settings = append(settings, s)
	}
	sort.Strings(settings)
	// ask for the network and for one other setting of the network and of one other setting
	ask := []string{}
	if _, ok := last["network"]; ok {
		ask = append(ask, "network")
	}
	if len(settings) > 0 {
		ask = append(ask, pick(t, "ask", settings...))
	}
	for _, s := range ask {
		flag := "--" + settingFlag(m.set, s)
		v, found, err := impl.AnvilOptionValue(m.cur, flag)
		if err != nil || !found || v != last[s] {
			t.Fatalf("AnvilOptionValue(%q, %q) = %q, %v, %v, want %q, true, nil", m.cur, flag, v, found, err, last[s])
		}
	}
}

// settingFlag names a flag that writes the setting.
func settingFlag(set *flagSet, setting string) string {
	if _, ok := set.byName[setting]; ok {
		return setting
	}
	for _, name := range set.names {
		if set.byName[name].Option == setting {
			return name
		}
	}
	return setting
}

// ---------------------------------------------------------------- durations

// DurationIsPositiveFinite: ParseDuration returns a finite number greater
// than zero, or zero with an *impl.Error naming a DUR rule, for any value
// and any default; never a panic (DUR-1 to DUR-5).
func DurationIsPositiveFinite(t *rapid.T) {
	v := DurationValue().Draw(t, "value")
	def := pick(t, "default", 30.0, 0.001, 1e300, 0.0, -1.0, math.NaN(), math.Inf(1))
	got, err := impl.ParseDuration(v, def)
	if err != nil {
		checkError(t, "ParseDuration", err, "DUR-")
		if got != 0 {
			t.Fatalf("ParseDuration(%#v, %v) = %v, %v: want 0 with an error", v, def, got, err)
		}
		return
	}
	if !(got > 0) || math.IsInf(got, 0) {
		t.Fatalf("ParseDuration(%#v, %v) = %v, want a finite number greater than zero (DUR-4)", v, def, got)
	}
	if s, ok := v.(string); ok {
		if got2, err2 := impl.ParseDurationString(s); got2 != got || err2 != nil {
			t.Fatalf("ParseDurationString(%q) = %v, %v but ParseDuration = %v", s, got2, err2, got)
		}
	}
}

// DurationModel: ParseDuration agrees with an independent model of DUR-1
// to DUR-4: nil gives the default; a number is float64(n), ties to even;
// a string of the grammar is ParseFloat(number) × factor; the result must
// be finite and positive.
func DurationModel(t *rapid.T) {
	v := DurationValue().Draw(t, "value")
	want, ok := ModelDuration(v)
	got, err := impl.ParseDuration(v, 30)
	if ok != (err == nil) || (ok && math.Float64bits(got) != math.Float64bits(want)) {
		t.Fatalf("ParseDuration(%#v, 30) = %v, %v, want %v (accepted: %v)", v, got, err, want, ok)
	}
}

var durationRE = regexp.MustCompile(`^[ \t\n\v\f\r]*([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)?[ \t\n\v\f\r]*$`)

// ModelDuration is DUR-1 to DUR-4 written from the spec, with a default
// of 30: the seconds a value means, and whether it is accepted.
func ModelDuration(v any) (float64, bool) {
	var f float64
	switch v := v.(type) {
	case nil:
		return 30, true
	case string:
		m := durationRE.FindStringSubmatch(v)
		if m == nil {
			return 0, false
		}
		n, _ := strconv.ParseFloat(m[1], 64)
		f = n * map[string]float64{"": 1, "s": 1, "ms": 0.001, "m": 60, "h": 3600}[m[2]]
	case float64:
		f = v
	case float32:
		f = float64(v)
	case *big.Int:
		if v == nil {
			return 0, false
		}
		f, _ = new(big.Float).SetInt(v).Float64()
	case uint64:
		f = float64(v)
	case uint:
		f = float64(v)
	default:
		n, ok := int64Of(v)
		if !ok {
			return 0, false
		}
		f = float64(n)
	}
	if !(f > 0) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// DurationRoundTrip: a positive finite number of seconds, formatted in
// the grammar with any unit, parses back to that number times the unit's
// factor, bit for bit (DUR-3).
func DurationRoundTrip(t *rapid.T) {
	var f float64
	if rapid.Bool().Draw(t, "any_float?") {
		f = math.Abs(rapid.Float64().Draw(t, "seconds"))
	} else {
		f = pick(t, "seconds", 30, 0.1, 1.1, 5e-324, math.MaxFloat64, 1e21, 123456789.125, 1e-7)
	}
	if !(f > 0) || math.IsInf(f, 0) {
		return
	}
	unit := pick(t, "unit", "s", "", "ms", "m", "h")
	s := strconv.FormatFloat(f, 'f', -1, 64) + unit
	factor := map[string]float64{"": 1, "s": 1, "ms": 0.001, "m": 60, "h": 3600}[unit]
	want := f * factor
	got, err := impl.ParseDurationString(s)
	if !(want > 0) || math.IsInf(want, 0) {
		if err == nil {
			t.Fatalf("ParseDurationString(%q) = %v, want a DUR-4 error (out of range)", s, got)
		}
		return
	}
	if err != nil || math.Float64bits(got) != math.Float64bits(want) {
		t.Fatalf("ParseDurationString(%q) = %v, %v, want %v", s, got, err, want)
	}
}

// ReadinessTimeoutPositive: ReadinessSettings resolves every valid tong,
// its mode defaulting by kind, and on any definition its timeout is finite
// and greater than zero whenever it answers (RDY-8, DUR-4).
func ReadinessTimeoutPositive(t *rapid.T) {
	var def any
	valid := false
	switch pick(t, "def", "valid", "near", "tree") {
	case "valid":
		tong := ValidTong().Draw(t, "tong")
		def, valid = tong.Def, true
	case "near":
		def = NearTong().Draw(t, "tong").Def
	default:
		def = Tree().Draw(t, "def")
	}
	r, err := impl.ReadinessSettings(def)
	if err != nil {
		if valid {
			t.Fatalf("ReadinessSettings(%v) = %v, want it to resolve a valid tong", def, err)
		}
		checkError(t, "ReadinessSettings", err)
		return
	}
	if !(r.TimeoutS > 0) || math.IsInf(r.TimeoutS, 0) {
		t.Fatalf("ReadinessSettings(%v).TimeoutS = %v, want finite and > 0", def, r.TimeoutS)
	}
	switch r.Mode {
	case impl.ModeTCP, impl.ModeHealthcheck, impl.ModeNone:
	default:
		t.Fatalf("ReadinessSettings(%v).Mode = %q, want tcp, healthcheck or none", def, r.Mode)
	}
	if valid {
		m := def.(map[string]any)
		rm, _ := m["readiness"].(map[string]any)
		want, _ := rm["mode"].(string)
		if want == "" {
			want = impl.ModeNone
			if k := m["interface"].(map[string]any)["kind"]; k == impl.KindMCP || k == impl.KindPort {
				want = impl.ModeTCP
			}
		}
		if r.Mode != want {
			t.Fatalf("ReadinessSettings(%v).Mode = %q, want %q (RDY-8)", def, r.Mode, want)
		}
	}
}

// ---------------------------------------------------------------- names

// pyToken is the Swarmforge launcher's sanitizer, the model of NAME-2.
func pyToken(name string) string {
	return strings.Trim(pyUnsafeRE.ReplaceAllString(name, "-"), "-_.")
}

// escapeModel is NAME-3's escaped form, written from the spec.
func escapeModel(name string) string {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-' {
			b.WriteByte(c)
		} else {
			b.WriteString("_" + hex.EncodeToString([]byte{c}))
		}
	}
	return b.String()
}

// TokenModel is the container-name token of NAME-2 and NAME-3, written
// from the spec.
func TokenModel(name string) string {
	if utf8Clean(name) && pyToken(name) == name {
		return name
	}
	return "_" + escapeModel(name)
}

// utf8Clean guards pyToken, which reads invalid UTF-8 as U+FFFD runs.
func utf8Clean(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// ValidSessionID is NAME-4: a docker container name not beginning with
// "swarmforge-shared".
func ValidSessionID(id string) bool {
	return containerNameRE.MatchString(id) && !strings.HasPrefix(id, impl.SharedPrefix)
}

// NamesMatchModel: container names are "swarmforge-shared-T" and
// "SESSION-tong-T", T being a clean name itself (the Swarmforge launcher's
// form) and any other name "_" and its escaped form; a session id is
// accepted exactly when it is a docker container name not beginning with
// "swarmforge-shared" (NAME-1 to NAME-5).
func NamesMatchModel(t *rapid.T) {
	name := TongName().Draw(t, "name")
	id := SessionID().Draw(t, "session_id")
	wantShared := impl.SharedPrefix
	if name != "" {
		wantShared += "-" + TokenModel(name)
	}
	if got := impl.SharedContainerName(name); got != wantShared {
		t.Fatalf("SharedContainerName(%q) = %q, want %q", name, got, wantShared)
	}
	if name != "" && utf8Clean(name) && pyToken(name) == name && wantShared != "swarmforge-shared-"+pyToken(name) {
		t.Fatalf("SharedContainerName(%q) = %q, want the Swarmforge launcher's %q (NAME-2)", name, wantShared, "swarmforge-shared-"+pyToken(name))
	}
	got, err := impl.SessionContainerName(id, name)
	if !ValidSessionID(id) {
		if err == nil {
			t.Fatalf("SessionContainerName(%q, %q) = %q, want a NAME-4 error", id, name, got)
		}
		checkError(t, "SessionContainerName", err, "NAME-4")
		return
	}
	want := id + "-tong"
	if name != "" {
		want += "-" + TokenModel(name)
	}
	if err != nil || got != want {
		t.Fatalf("SessionContainerName(%q, %q) = %q, %v, want %q", id, name, got, err, want)
	}
}

// NamesNeverCollide: for one session id, distinct tong names give
// distinct container names; distinct names give distinct shared names; a
// session tong's container never equals a shared tong's, nor the session
// id; every name is a valid docker container name (NAME-6).
func NamesNeverCollide(t *rapid.T) {
	id := SessionID().Draw(t, "session_id")
	if !ValidSessionID(id) {
		id = "s1"
	}
	a := TongName().Draw(t, "a")
	// b is often a name built to collide with a under a wrong encoding:
	// a's Swarmforge token, a's escaped form taken as a name, "_" + a
	var b string
	switch pick(t, "b_kind", "any", "token", "escaped", "underscore") {
	case "token":
		b = pyToken(a)
	case "escaped":
		b = escapeModel(a)
	case "underscore":
		b = "_" + a
	default:
		b = TongName().Draw(t, "b")
	}
	sa, err := impl.SessionContainerName(id, a)
	if err != nil {
		t.Fatalf("SessionContainerName(%q, %q) = %v", id, a, err)
	}
	sb, _ := impl.SessionContainerName(id, b)
	ha, hb := impl.SharedContainerName(a), impl.SharedContainerName(b)
	for _, n := range []string{sa, sb, ha, hb} {
		if !containerNameRE.MatchString(n) {
			t.Fatalf("container name %q (session %q, names %q, %q) is not a valid docker container name", n, id, a, b)
		}
	}
	if a != b && sa == sb {
		t.Fatalf("SessionContainerName(%q, %q) = SessionContainerName(%q, %q) = %q", id, a, id, b, sa)
	}
	if a != b && ha == hb {
		t.Fatalf("SharedContainerName(%q) = SharedContainerName(%q) = %q", a, b, ha)
	}
	if sa == hb || sb == ha {
		t.Fatalf("a session name equals a shared name: %q/%q vs %q/%q", sa, sb, ha, hb)
	}
	if sa == id {
		t.Fatalf("SessionContainerName(%q, %q) = the session id", id, a)
	}
}

// ---------------------------------------------------------------- validate, build

// ValidateIsTotalAndDeterministic: ValidateTong answers every name and
// tree, valid or not, with *impl.Errors that each name a rule, and gives
// the same answer for the same tree however its maps were built (DM-6).
func ValidateIsTotalAndDeterministic(t *rapid.T) {
	var name string
	var def any
	switch pick(t, "def", "near", "tree", "valid") {
	case "near":
		tong := NearTong().Draw(t, "tong")
		name, def = tong.Name, tong.Def
	case "valid":
		tong := ValidTong().Draw(t, "tong")
		name, def = tong.Name, tong.Def
	default:
		name, def = TongName().Draw(t, "name"), Tree().Draw(t, "def")
	}
	errs1 := impl.ValidateTong(name, def)
	errs2 := impl.ValidateTong(name, Rebuild(t, def))
	if d := cmp.Diff(errorTexts(errs1), errorTexts(errs2)); d != "" {
		t.Fatalf("ValidateTong(%q, def) differs with the same tree built differently (-first +second):\n%s", name, d)
	}
	for _, e := range errs1 {
		checkError(t, "ValidateTong", e)
	}
	if errs1 != nil && len(errs1) == 0 {
		t.Fatalf("ValidateTong(%q, def) = empty non-nil slice, want nil when valid", name)
	}
}

func errorTexts(errs []*impl.Error) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Field+"|"+e.Rule+"|"+e.Error())
	}
	return out
}

// ValidTongBuilds: every definition ValidateTong accepts builds, with
// valid options, into exactly the argv RUN-8 lists, and every other
// operation on it succeeds (RUN-1 to RUN-9, MNT-5, RES-4, ALIAS-1).
func ValidTongBuilds(t *rapid.T) {
	tong := ValidTong().Draw(t, "tong")
	o := RunOptionsFor(tong).Draw(t, "options")
	got, err := impl.TongRunArgv(tong.Name, tong.Def, o)
	if err != nil {
		t.Fatalf("TongRunArgv(%q, %v, %+v) = %v, want an argv", tong.Name, tong.Def, o, err)
	}
	want := runArgvModel(tong, o)
	if d := diff(want, got); d != "" {
		t.Fatalf("TongRunArgv(%q, %v, %+v) differs from RUN-8 (-want +got):\n%s", tong.Name, tong.Def, o, d)
	}
	// docker reads back what the launcher asked for
	if v, found, err := impl.AnvilOptionValue(got, "--name"); err != nil || !found || v != o.ContainerName {
		t.Fatalf("AnvilOptionValue(%q, --name) = %q, %v, %v, want %q", got, v, found, err, o.ContainerName)
	}
	if v, found, err := impl.AnvilOptionValue(got, "--network"); err != nil || found != (o.Network != "") || v != o.Network {
		t.Fatalf("AnvilOptionValue(%q, --network) = %q, %v, %v, want %q", got, v, found, err, o.Network)
	}
	if _, err := impl.ConfigHash(tong.Def); err != nil {
		t.Fatalf("ConfigHash(%v) = %v", tong.Def, err)
	}
	if _, err := impl.CanonicalAlias(tong.Name, tong.Def); err != nil {
		t.Fatalf("CanonicalAlias(%q, %v) = %v", tong.Name, tong.Def, err)
	}
}

// runArgvModel is RUN-8, written from the spec.
func runArgvModel(tong Tong, o impl.RunOptions) []string {
	im := tong.Def["interface"].(map[string]any)
	facing := im["kind"] == impl.KindMCP || im["kind"] == impl.KindPort
	out := []string{"docker", "run", "-d", "--name", o.ContainerName}
	if o.Network != "" {
		out = append(out, "--network", o.Network)
	}
	if o.Alias != "" && facing {
		out = append(out, "--network-alias", o.Alias)
	}
	out = append(out, "--label", impl.LabelName+"="+tong.Name)
	if o.LabelHash != "" {
		out = append(out, "--label", impl.LabelConfigHash+"="+o.LabelHash)
	}
	for _, d := range o.TmpfsDirs {
		out = append(out, "--tmpfs", d)
	}
	keys := make([]string, 0, len(o.Env))
	for k := range o.Env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		out = append(out, "-e", k+"="+o.Env[k])
	}
	mounts, _ := tong.Def["mounts"].([]any)
	for _, m := range mounts {
		word, mode, _ := strings.Cut(m.(string), ":")
		spec := o.SocketPath + ":" + o.SocketPath
		if word == "workspace" {
			spec = o.Workspace + ":/workspace"
		}
		if mode != "" {
			spec += ":" + mode
		}
		out = append(out, "-v", spec)
	}
	if rm, ok := tong.Def["resources"].(map[string]any); ok && rm["memory"] != nil {
		mem, ok := rm["memory"].(string)
		if !ok {
			n, _ := CanonicalInt(rm["memory"])
			mem = n
		}
		out = append(out, "--memory", mem)
	}
	return append(out, tong.Def["image"].(string))
}

// CanonicalInt writes an integer node in decimal.
func CanonicalInt(v any) (string, bool) {
	switch v := v.(type) {
	case *big.Int:
		return v.String(), v != nil
	case uint64:
		return strconv.FormatUint(v, 10), true
	case uint:
		return strconv.FormatUint(uint64(v), 10), true
	}
	n, ok := int64Of(v)
	return strconv.FormatInt(n, 10), ok
}

// InvalidTongDoesNotBuild: TongRunArgv refuses every definition
// ValidateTong refuses, with the first fault it reports (RUN-1).
func InvalidTongDoesNotBuild(t *rapid.T) {
	tong := NearTong().Draw(t, "tong")
	errs := impl.ValidateTong(tong.Name, tong.Def)
	o := impl.RunOptions{ContainerName: "c1", Workspace: "/w", SocketPath: impl.DefaultSocketPath}
	got, err := impl.TongRunArgv(tong.Name, tong.Def, o)
	if len(errs) == 0 {
		if err != nil {
			t.Fatalf("TongRunArgv(%q, %v) = %v, but ValidateTong accepts the tong", tong.Name, tong.Def, err)
		}
		return
	}
	if err == nil {
		t.Fatalf("TongRunArgv(%q, %v) = %q, want the error %v", tong.Name, tong.Def, got, errs[0])
	}
	if err.Error() != errs[0].Error() {
		t.Fatalf("TongRunArgv(%q, %v) = %v, want ValidateTong's first fault %v (RUN-1)", tong.Name, tong.Def, err, errs[0])
	}
}

// ---------------------------------------------------------------- aliases

// AliasCollisionsMatchModel: AliasCollisions groups the network-facing
// tongs by alias, ASCII case folded, and keeps the groups of more than
// one, names sorted; volume and none tongs never take part (ALIAS-1 to
// ALIAS-4).
func AliasCollisionsMatchModel(t *rapid.T) {
	aliases := []string{"db", "DB", "Db", "github", "GitHub", "web-1"}
	n := rapid.IntRange(0, 6).Draw(t, "tongs")
	tongs := map[string]any{}
	for i := 0; i < n; i++ {
		kind := pick(t, "kind", Kinds...)
		tong := ValidTongOf(kind).Draw(t, "tong")
		name := pick(t, "name", aliases...)
		if kind == impl.KindMCP {
			tong.Def["interface"].(map[string]any)["name"] = pick(t, "alias", aliases...)
			name = pick(t, "mcp_name", "mcp-a", "mcp-b", "db", "c")
		}
		tongs[name] = tong.Def
	}
	got, err := impl.AliasCollisions(tongs)
	if err != nil {
		t.Fatalf("AliasCollisions(%v) = %v", tongs, err)
	}
	groups := map[string][]string{}
	for name, def := range tongs {
		im := def.(map[string]any)["interface"].(map[string]any)
		alias := name
		switch im["kind"] {
		case impl.KindMCP:
			alias = im["name"].(string)
		case impl.KindPort:
		default:
			continue
		}
		key := strings.Map(func(r rune) rune {
			if 'A' <= r && r <= 'Z' {
				return r + 'a' - 'A'
			}
			return r
		}, alias)
		groups[key] = append(groups[key], name)
	}
	want := map[string][]string{}
	for k, names := range groups {
		if len(names) > 1 {
			sort.Strings(names)
			want[k] = names
		}
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("AliasCollisions(%v) differs from the model (-want +got):\n%s", tongs, d)
	}
	if got == nil {
		t.Fatalf("AliasCollisions(%v) = nil, want an empty map (ALIAS-4)", tongs)
	}
}

// ---------------------------------------------------------------- hash

// HashIgnoresHowTheTreeWasBuilt: ConfigHash and CanonicalJSON are the same
// for the same tree whatever the order its maps were filled in and
// whatever Go integer types hold its integers (HASH-1, DM-2, DM-6); the
// hash is the SHA-256 of the canonical JSON.
func HashIgnoresHowTheTreeWasBuilt(t *rapid.T) {
	def := Tree().Draw(t, "def")
	h1, err1 := impl.ConfigHash(def)
	h2, err2 := impl.ConfigHash(Rebuild(t, def))
	if err1 != nil || err2 != nil {
		t.Fatalf("ConfigHash(%v) = %v / %v, want a hash of every tree", def, err1, err2)
	}
	if h1 != h2 {
		t.Fatalf("ConfigHash(%v) = %s, but %s for the same tree built differently", def, h1, h2)
	}
	canon, err := impl.CanonicalJSON(def)
	if err != nil {
		t.Fatalf("CanonicalJSON(%v) = %v", def, err)
	}
	sum := sha256.Sum256(canon)
	if hex.EncodeToString(sum[:]) != h1 {
		t.Fatalf("ConfigHash(%v) = %s, want sha256(CanonicalJSON) = %x", def, h1, sum)
	}
	if !hasNonFinite(def) && !json.Valid(canon) {
		t.Fatalf("CanonicalJSON(%v) = %s, not JSON", def, canon)
	}
}

func hasNonFinite(v any) bool {
	switch v := v.(type) {
	case float64:
		return math.IsNaN(v) || math.IsInf(v, 0)
	case float32:
		return v != v || math.IsInf(float64(v), 0)
	case []any:
		for _, e := range v {
			if hasNonFinite(e) {
				return true
			}
		}
	case map[string]any:
		for _, e := range v {
			if hasNonFinite(e) {
				return true
			}
		}
	}
	return false
}

// HashChangesWithAnyValue: changing any one node of a tree (a number, a
// string, a bool, null, a list, a map) changes its hash (HASH-1).
func HashChangesWithAnyValue(t *rapid.T) {
	var def any
	if rapid.Bool().Draw(t, "tong?") {
		def = ValidTong().Draw(t, "tong").Def
	} else {
		def = Tree().Draw(t, "def")
	}
	paths := Leaves(def)
	p := paths[rapid.IntRange(0, len(paths)-1).Draw(t, "node")]
	changed := Replace(def, p, Changed(At(def, p)))
	h1, _ := impl.ConfigHash(def)
	h2, err := impl.ConfigHash(changed)
	if err != nil {
		t.Fatalf("ConfigHash(%v) = %v", changed, err)
	}
	if h1 == h2 {
		c1, _ := impl.CanonicalJSON(def)
		c2, _ := impl.CanonicalJSON(changed)
		t.Fatalf("ConfigHash is %s both before and after changing the node at %v:\n%s\n%s", h1, p, c1, c2)
	}
}

// AliasNeedsNetwork: a network-facing tong given an alias but no network
// builds nothing: docker gives aliases only on a user-defined network
// (RUN-4); a portless tong ignores the alias (RUN-9).
func AliasNeedsNetwork(t *rapid.T) {
	tong := ValidTong().Draw(t, "tong")
	o := RunOptionsFor(tong).Draw(t, "options")
	o.Network, o.Alias = "", DNSLabel().Draw(t, "alias")
	got, err := impl.TongRunArgv(tong.Name, tong.Def, o)
	kind := tong.Def["interface"].(map[string]any)["kind"]
	if kind == impl.KindMCP || kind == impl.KindPort {
		if err == nil {
			t.Fatalf("TongRunArgv(%q, %v, alias %q, no network) = %q, want a RUN-4 error", tong.Name, tong.Def, o.Alias, got)
		}
		checkError(t, "TongRunArgv", err, "RUN-4")
		return
	}
	if err != nil || slices.Contains(got, "--network-alias") {
		t.Fatalf("TongRunArgv(%q, %v, alias %q) = %q, %v, want an argv without --network-alias (RUN-9)", tong.Name, tong.Def, o.Alias, got, err)
	}
}
