package props

import (
	"sort"
	"strings"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/props/gen"
)

// ---------------------------------------------------------------- inject

// injectIdentity: with no network and no pre- or post-image arguments,
// InjectAnvilArgv returns the argv itself, whatever it is (INJ-1).
func injectIdentity(t *rapid.T) {
	argv := Draw(t, "argv", gen.AnyArgv)
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

// noMutation: no operation mutates its inputs: the argv, the pre- and
// post-image arguments, the definition, the run options (INJ, OPT, RUN-1,
// DM: total functions of their inputs).
func noMutation(t *rapid.T) {
	argv := Draw(t, "argv", gen.AnyArgv)
	in := Draw(t, "injection", gen.InjectionArgs)
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

	var tong gen.Tong
	if rapid.Bool().Draw(t, "valid?") {
		tong = Draw(t, "tong", gen.ValidTong)
	} else {
		tong = Draw(t, "tong", gen.NearTong)
	}
	def0 := gen.CopyTree(tong.Def)
	o := Draw(t, "options", func(s gen.T) impl.RunOptions { return gen.RunOptionsFor(s, tong) })
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
	if !gen.SameTree(def0, tong.Def) {
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
func modelInject(a gen.Anvil, in gen.Injection) []string {
	argv := a.Argv
	if in.Network == "" && len(in.Pre) == 0 && len(in.Post) == 0 {
		return argv
	}
	var nets []gen.Option
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

func isLaterNetwork(nets []gen.Option, i int) bool {
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

// injectMatchesModel: the injected argv is exactly
// PROGRAM GLOBALS [container] run PRE [--network NET] OPTIONS' IMAGE ARGS POST,
// OPTIONS' having its first network option rewritten in its own spelling
// and the later ones removed (INJ-3 to INJ-7).
func injectMatchesModel(t *rapid.T) {
	a := Draw(t, "anvil", gen.AnvilParts)
	in := Draw(t, "injection", gen.InjectionArgs)
	got, err := impl.InjectAnvilArgv(a.Argv, in.Network, in.Pre, in.Post)
	if err != nil {
		t.Fatalf("InjectAnvilArgv(%q, %q, %q, %q) = %v, want no error", a.Argv, in.Network, in.Pre, in.Post, err)
	}
	want := modelInject(a, in)
	if d := diff(want, got); d != "" {
		t.Fatalf("InjectAnvilArgv(%q, %q, %q, %q) differs from the model (-want +got):\n%s", a.Argv, in.Network, in.Pre, in.Post, d)
	}
}

// injectKeepsImageAndTail: the image and every later token come out
// byte-identical and in order, followed by the post-image arguments; the
// pre-image arguments come right after the subcommand (INJ-3, INJ-6,
// INJ-7, ARGV-6).
func injectKeepsImageAndTail(t *rapid.T) {
	a := Draw(t, "anvil", gen.AnvilParts)
	in := Draw(t, "injection", gen.InjectionArgs)
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

// injectSetsOneNetwork: after injecting a network, the options before the
// image set the network exactly once, to the new value: docker reads it
// back, and the model counts one network option (INJ-4, INJ-5, OPT-3).
func injectSetsOneNetwork(t *rapid.T) {
	a := Draw(t, "anvil", gen.AnvilParts)
	in := Draw(t, "injection", gen.InjectionArgs)
	in.Network = Draw(t, "network", gen.NetworkName)
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
	set := gen.FlagsOf(argv[sub])
	n := 0
	for i := sub + 1; i < image; i++ {
		tok := argv[i]
		if tok == "--" {
			break
		}
		if strings.HasPrefix(tok, "--") {
			name, _, hasEq := strings.Cut(tok[2:], "=")
			f := set.ByName[name]
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

func shortFlag(set *gen.FlagSet, c byte) (impl.Flag, bool) {
	for _, f := range set.ByName {
		if f.Short == c {
			return f, true
		}
	}
	return impl.Flag{}, false
}

// InjectRefusesNetworkInPre: pre-image arguments that set the network, or
// that are not whole options, are refused (INJ-3), and a failed injection
// returns no argv.
func injectRefusesBadPre(t *rapid.T) {
	argv := Draw(t, "argv", gen.AnvilArgv)
	in := Draw(t, "injection", gen.InjectionArgs)
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

// injectIsTotal: on any argv and any injection, InjectAnvilArgv returns an
// argv or an *impl.Error naming a rule, never both, never a panic (INJ-2).
func injectIsTotal(t *rapid.T) {
	argv := Draw(t, "argv", gen.AnyArgv)
	in := Draw(t, "injection", gen.InjectionArgs)
	if rapid.Bool().Draw(t, "odd_injection?") {
		in.Network = Draw(t, "network", gen.Text)
		in.Pre = rapid.SliceOfN(rapid.SampledFrom(gen.HarnessArgs), 0, 3).Draw(t, "pre")
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
func flagsToAsk(t *rapid.T, a gen.Anvil) []impl.Flag {
	set := gen.FlagsOf(a.Argv[a.Sub])
	var fs []impl.Flag
	seen := map[string]bool{}
	for _, name := range set.Names {
		f := set.ByName[name]
		for _, o := range a.Options {
			if o.Setting == f.Option && !seen[f.Name] {
				seen[f.Name] = true
				fs = append(fs, f)
			}
		}
	}
	for i := 0; i < 2; i++ {
		fs = append(fs, set.ByName[pick(t, "other_flag", set.Names...)])
	}
	return fs
}

// optionValueMatchesModel: AnvilOptionValue returns, for every spelling of
// every flag, the value of the setting's last occurrence before the image,
// or not found (OPT-1, OPT-3, OPT-4, ARGV-4).
func optionValueMatchesModel(t *rapid.T) {
	a := Draw(t, "anvil", gen.AnvilParts)
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

// optionValueNeverReadsAfterImage: replacing every token after the image
// by others (docker-like or not) changes no option value; and no value
// found is taken from a token after the image that the options do not
// also hold (OPT-2, ARGV-6).
func optionValueNeverReadsAfterImage(t *rapid.T) {
	a := Draw(t, "anvil", gen.AnvilParts)
	other := append(append([]string{}, a.Argv[:a.Image+1]...), rapid.SliceOfN(rapid.SampledFrom(gen.HarnessArgs), 0, 6).Draw(t, "other_args")...)
	for _, f := range flagsToAsk(t, a) {
		flag := "--" + f.Name
		v1, found1, err1 := impl.AnvilOptionValue(a.Argv, flag)
		v2, found2, err2 := impl.AnvilOptionValue(other, flag)
		if v1 != v2 || found1 != found2 || (err1 == nil) != (err2 == nil) {
			t.Fatalf("AnvilOptionValue(%q, %q) = %q, %v, %v but with other args after the image AnvilOptionValue(%q, %q) = %q, %v, %v", a.Argv, flag, v1, found1, err1, other, flag, v2, found2, err2)
		}
	}
}

// optionValueIsTotal: on any argv and any flag spelling, AnvilOptionValue
// returns a value or an *impl.Error naming an ARGV or OPT rule, never a
// panic (OPT-1, ARGV-1 to ARGV-5).
func optionValueIsTotal(t *rapid.T) {
	argv := Draw(t, "argv", gen.AnyArgv)
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
	opts []gen.Option // Setting and Value only
}

// injectMachine applies successive injections to one argv and checks each
// result against a model of the argv (head, option groups, image and
// tail): its exact tokens, and every option value docker reads from it
// (INJ-1 to INJ-7, OPT-3).
func injectMachine(t *rapid.T) {
	a := Draw(t, "anvil", gen.AnvilParts)
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
	m.set = gen.FlagsOf(a.Argv[a.Sub])
	t.Repeat(map[string]func(*rapid.T){
		"identity":   m.identity,
		"network":    func(t *rapid.T) { m.inject(t, Draw(t, "network", gen.NetworkName)) },
		"no_network": func(t *rapid.T) { m.inject(t, "") },
		"":           m.check,
	})
}

type injectModel struct {
	head   []string
	groups []group
	tail   []string
	cur    []string
	set    *gen.FlagSet
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
		var rec []gen.Option
		toks := gen.PreOption(T(t), &rec)
		pre = append(pre, group{toks: toks, opts: rec})
		preToks = append(preToks, toks...)
	}
	post := rapid.SliceOfN(rapid.SampledFrom(gen.HarnessArgs), 0, 1).Draw(t, "post")
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
			g.opts = []gen.Option{{Setting: "network", Value: network}}
			rest = append(rest, g)
		}
		if first {
			groups = append(groups, group{toks: []string{"--network", network}, opts: []gen.Option{{Setting: "network", Value: network}}})
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
func settingFlag(set *gen.FlagSet, setting string) string {
	if _, ok := set.ByName[setting]; ok {
		return setting
	}
	for _, name := range set.Names {
		if set.ByName[name].Option == setting {
			return name
		}
	}
	return setting
}
