package dockercli

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/docker/cli/opts"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/spf13/pflag"
	"pgregory.net/rapid"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/props"
	"github.com/tongref/tongref/props/gen"
)

// The launch property: docker's own commands read every command of a
// generated launch plan (impl.LaunchCommands) as the launch intends it,
// an intent worked out here from the inputs, the spec's rules and
// docker's own reading of the user's anvil argv.

// anvilSettings is what docker reads from an anvil argv: its container
// name, its networks (every --network and --net, in order), its env and
// volume lists.
func anvilSettings(fs *pflag.FlagSet) (name string, networks, env, volumes []string) {
	name = fs.Lookup("name").Value.String()
	for _, a := range fs.Lookup("network").Value.(*opts.NetworkOpt).Value() {
		networks = append(networks, a.Target)
	}
	env = fs.Lookup("env").Value.(*opts.ListOpts).GetSlice()
	volumes = fs.Lookup("volume").Value.(*opts.ListOpts).GetSlice()
	return name, networks, env, volumes
}

// wordsOf returns a definition's list of strings (entrypoint, command,
// mounts), nil when absent.
func wordsOf(def map[string]any, key string) []string {
	l, _ := def[key].([]any)
	var w []string
	for _, v := range l {
		w = append(w, v.(string))
	}
	return w
}

// launchTong is what the launch intends for one tong.
type launchTong struct {
	name, container, network, probe string
	canon, alias                    string // its canonical alias; the alias it registers on its network
	def                             map[string]any
	facing, shared, scoped          bool
	secrets                         []string
}

func propLaunchCommands(t *rapid.T) {
	in := props.Draw(t, "launch", gen.LaunchInput)
	launchCases.Add(1)
	plan, errs := impl.LaunchCommands(in)
	if len(errs) > 0 {
		for _, e := range errs {
			if e.Rule == "" || e.Field == "" || e.Msg == "" {
				t.Fatalf("a refusal without its field, rule or message: %#v", e)
			}
		}
		if plan.Steps != nil {
			t.Fatalf("a refused launch has steps: %v", plan.Steps)
		}
		launchRefused.Add(1)
		return
	}
	user, err := Parse(in.Anvil)
	if err != nil {
		// the scanner and docker disagree on the user's own argv:
		// TestAnvilArgv's known divergences
		if divergence(in.Anvil, err, nil) == "" {
			t.Fatalf("LaunchCommands planned the anvil %q, which docker refuses: %v", in.Anvil, err)
		}
		return
	}
	uName, uNets, uEnv, uVolumes := anvilSettings(user.Flags)
	base := ""
	if len(uNets) > 0 {
		base = uNets[len(uNets)-1]
	}
	sid := in.SessionID
	if sid == "" {
		sid = uName
	}
	socket := in.SocketPath
	if socket == "" {
		socket = impl.DefaultSocketPath
	}
	fifoDir := strings.TrimSuffix(in.FIFODir, "/")
	if fifoDir == "" {
		fifoDir = impl.PlanFIFODir
	}
	mcpHost := in.MCPHostPath
	if mcpHost == "" {
		mcpHost = impl.PlanMCPHostPath
	}

	// The intent.
	names := slices.Sorted(maps.Keys(in.Tongs))
	session, scopeNet := "", ""
	for _, n := range names {
		def := in.Tongs[n].(map[string]any)
		if def["lifecycle"] == "session" {
			session = "swarmforge-session-" + sid
		} else if in.Scope != "" && in.Org[n] {
			scopeNet = "swarmforge-shared-net-" + in.Scope
		}
	}
	primary := base
	if session != "" {
		primary = session
	}
	var tongs []launchTong
	env := map[string]string{} // the anvil's variables
	mcp := false
	for _, n := range names {
		def := in.Tongs[n].(map[string]any)
		im := def["interface"].(map[string]any)
		lt := launchTong{name: n, def: def, shared: def["lifecycle"] == "shared"}
		lt.scoped = lt.shared && in.Scope != "" && in.Org[n]
		kind := im["kind"].(string)
		lt.facing = kind == impl.KindMCP || kind == impl.KindPort
		var err error
		switch {
		case !lt.shared:
			lt.container, err = impl.SessionContainerName(sid, n)
			lt.network, lt.probe = session, session
		case lt.scoped:
			lt.container, err = impl.SharedContainerNameV2(n, in.Scope)
			lt.network, lt.probe = scopeNet, scopeNet
		default:
			lt.container, err = impl.SharedContainerNameV2(n, "")
			lt.network, lt.probe = base, primary
		}
		if err != nil {
			t.Fatalf("tong %q has no container name: %v", n, err)
		}
		if lt.facing {
			lt.canon = n
			if kind == impl.KindMCP {
				lt.canon = im["name"].(string)
			}
			if lt.network != "" {
				lt.alias = lt.canon
			}
		}
		em, _ := def["env"].(map[string]any)
		for k, v := range em {
			if impl.IsSecretValue(v) {
				lt.secrets = append(lt.secrets, k)
			}
		}
		slices.Sort(lt.secrets)
		switch kind {
		case impl.KindPort:
			host, _ := impl.TongEnvVar(n, "HOST")
			port, _ := impl.TongEnvVar(n, "PORT")
			env[host] = n
			env[port] = fmt.Sprint(im["port"]) // any Go integer, or a *big.Int, in decimal
		case impl.KindMCP:
			mcp = true
		}
		tongs = append(tongs, lt)
	}

	// Walk the steps.
	steps := plan.Steps
	next := func(kind impl.StepKind, tong string) impl.LaunchStep {
		t.Helper()
		if len(steps) == 0 {
			t.Fatalf("the plan ends before its %s step for %q:\n%s", kind, tong, planText(plan))
		}
		s := steps[0]
		steps = steps[1:]
		if s.Kind != kind || s.Tong != tong {
			t.Fatalf("step %s %q, want %s %q:\n%s", s.Kind, s.Tong, kind, tong, planText(plan))
		}
		for _, w := range s.Argv {
			if strings.Contains(w, "${secret:") {
				t.Fatalf("a secret reference in %q", s.Argv)
			}
		}
		return s
	}
	request := func(s impl.LaunchStep, path ...string) *Request {
		t.Helper()
		r, err := Command(s.Argv)
		if err != nil {
			t.Fatalf("docker refuses %q: %v", s.Argv, err)
		}
		if !slices.Equal(r.Path, path) {
			t.Fatalf("docker runs %v for %q, want %v", r.Path, s.Argv, path)
		}
		return r
	}
	for _, want := range []string{session, scopeNet} {
		if want == "" {
			continue
		}
		kind := impl.StepSessionNetwork
		if want == scopeNet {
			kind = impl.StepScopeNetwork
		}
		s := next(kind, "")
		r := request(s, "docker", "network", "create")
		if r.Network != want || r.Create.Driver != "bridge" || r.Create.Internal || r.Create.Attachable {
			t.Fatalf("docker network create reads %q as %q with %+v, want the bridge network %q", s.Argv, r.Network, r.Create, want)
		}
	}
	containers := map[string]string{} // by tong, the container docker creates
	for _, lt := range tongs {
		s := next(impl.StepTongRun, lt.name)
		containers[lt.name] = checkTongRun(t, s.Argv, lt, in, socket, fifoDir)
		if len(lt.secrets) > 0 {
			s := next(impl.StepSecrets, lt.name)
			if want := fifoDir + "/" + lt.container + ".fifo"; !slices.Equal(s.Secrets, lt.secrets) || s.Path != want {
				t.Fatalf("%q's secrets step writes %q into %q, want %q into %q", lt.name, s.Secrets, s.Path, lt.secrets, want)
			}
		}
	}
	for _, lt := range tongs {
		if !lt.shared || lt.scoped || !lt.facing || session == "" {
			continue
		}
		r := request(next(impl.StepDisconnect, lt.name), "docker", "network", "disconnect")
		if r.Network != session || r.Disconnect.Container != containers[lt.name] || r.Disconnect.Force {
			t.Fatalf("docker disconnects %q from %q (%+v), want %q (the container its run created) from %q", r.Disconnect.Container, r.Network, r.Disconnect, containers[lt.name], session)
		}
		r = request(next(impl.StepConnect, lt.name), "docker", "network", "connect")
		if r.Network != session || r.Connect.Container != containers[lt.name] || !slices.Equal(r.Connect.EndpointConfig.Aliases, []string{lt.canon}) {
			t.Fatalf("docker connects %q to %q with aliases %q, want %q (the container its run created) to %q as %q", r.Connect.Container, r.Network, r.Connect.EndpointConfig.Aliases, containers[lt.name], session, lt.canon)
		}
	}
	for _, lt := range tongs {
		s := next(impl.StepWait, lt.name)
		if s.Container != lt.container {
			t.Fatalf("%q's wait is on the container %q, want %q", lt.name, s.Container, lt.container)
		}
		if s.Wait.Mode == impl.ModeTCP && (s.Wait.Network != lt.probe || s.Wait.Network == "" || s.Wait.Port == 0 || s.Wait.Host == "") {
			t.Fatalf("%q's tcp wait dials %s:%d on %q, want its alias on %q", lt.name, s.Wait.Host, s.Wait.Port, s.Wait.Network, lt.probe)
		}
	}
	var pre, post []string
	for _, k := range slices.Sorted(maps.Keys(env)) {
		pre = append(pre, k+"="+env[k])
	}
	var wantVolumes []string
	if mcp {
		s := next(impl.StepMCPConfig, "")
		if s.Path != mcpHost {
			t.Fatalf("the MCP file is written to %q, want %q", s.Path, mcpHost)
		}
		wantVolumes = append(wantVolumes, mcpHost+":"+impl.MCPConfigPath+":ro")
		if in.Harness == impl.HarnessClaude {
			post = []string{"--mcp-config", impl.MCPConfigPath}
		} else {
			pre = append(pre, impl.MCPFileEnv+"="+impl.MCPConfigPath)
		}
	}

	// The anvil: as the user wrote it, but for its one network, the
	// variables and the MCP file (PLAN-12).
	var extra []string
	if session != "" && base != "" {
		extra = append(extra, base)
	}
	if scopeNet != "" {
		extra = append(extra, scopeNet)
	}
	kind, command := impl.StepAnvilRun, user.Command()
	if len(extra) > 0 {
		kind, command = impl.StepAnvilCreate, "create"
	}
	s := next(kind, "")
	a, err := Parse(s.Argv)
	if err != nil {
		t.Fatalf("docker refuses the anvil %q: %v", s.Argv, err)
	}
	aName, aNets, aEnv, aVolumes := anvilSettings(a.Flags)
	wantNets := uNets
	if primary != "" {
		wantNets = []string{primary}
	}
	for _, d := range []struct {
		what      string
		got, want any
	}{
		{"command", a.Command(), command},
		{"image and arguments", a.Args, slices.Concat(user.Args, post)},
		{"name", aName, uName},
		{"networks", aNets, wantNets},
		{"env", aEnv, slices.Concat(pre, uEnv)},
		{"volumes", aVolumes, slices.Concat(wantVolumes, uVolumes)},
	} {
		if diff := cmp.Diff(d.want, d.got, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("docker reads the anvil %q (from %q) with %s (-want +got):\n%s", s.Argv, in.Anvil, d.what, diff)
		}
	}
	if got, want := StateOf(a.Global), StateOf(user.Global); !reflect.DeepEqual(got, want) {
		t.Fatalf("docker reads the anvil %q (from %q) with other global options:\n%s", s.Argv, in.Anvil, stateDiff(want, got))
	}
	if got, want := otherOptions(a.Flags), otherOptions(user.Flags); !reflect.DeepEqual(got, want) {
		t.Fatalf("docker reads the anvil %q (from %q) with other options:\n%s", s.Argv, in.Anvil, stateDiff(want, got))
	}
	if len(extra) > 0 {
		for _, x := range extra {
			r := request(next(impl.StepAnvilConnect, ""), "docker", "network", "connect")
			if r.Network != x || r.Connect.Container != uName || len(r.Connect.EndpointConfig.Aliases) != 0 {
				t.Fatalf("docker connects %q to %q with aliases %q, want the anvil %q to %q", r.Connect.Container, r.Network, r.Connect.EndpointConfig.Aliases, uName, x)
			}
		}
		r := request(next(impl.StepAnvilStart, ""), "docker", "start")
		if *r.Start != (StartRequest{Container: uName, Attach: true, Interactive: true}) {
			t.Fatalf("docker start reads %+v, want the anvil %q attached and interactive", r.Start, uName)
		}
	}
	if len(steps) > 0 {
		t.Fatalf("the plan goes on after the anvil: %v", steps)
	}
	launchChecked.Add(1)
	if len(extra) > 0 {
		launchMulti.Add(1)
	}
}

// otherOptions is docker's reading of every option but the network, env
// and volume ones the launch sets.
func otherOptions(fs *pflag.FlagSet) State {
	s := StateOf(fs)
	delete(s, "network")
	delete(s, "env")
	delete(s, "volume")
	return s
}

// checkTongRun checks one tong's run -d as docker's run reads it and
// returns the container it creates: its name, image, network and alias,
// labels, env (the plain values, and RUN-14's workspace for a session
// broker), binds (its mounts and the secret FIFO), and the process it
// runs (the definition's, behind the secret wrapper when it has
// secrets).
func checkTongRun(t *rapid.T, argv []string, lt launchTong, in impl.LaunchInput, socket, fifoDir string) string {
	t.Helper()
	c, err := Create(argv)
	if err != nil {
		t.Fatalf("docker run refuses %q's %q: %v", lt.name, argv, err)
	}
	wantNet := lt.network
	if wantNet == "" {
		wantNet = "default"
	}
	var aliases []string
	for k, ep := range c.NetworkingConfig.EndpointsConfig {
		if k != wantNet {
			t.Fatalf("docker run %q joins %q, want only %q", argv, k, wantNet)
		}
		aliases = ep.Aliases
	}
	var wantAliases []string
	if lt.alias != "" {
		wantAliases = []string{lt.alias}
	}
	// env: the plain values, and a session broker's workspace
	var wantEnv []string
	em, _ := lt.def["env"].(map[string]any)
	for k, v := range em {
		if !impl.IsSecretValue(v) {
			wantEnv = append(wantEnv, k+"="+fmt.Sprint(v)) // a string, or an integer in decimal
		}
	}
	mounts := wordsOf(lt.def, "mounts")
	var binds []string
	socketMount := false
	for _, m := range mounts {
		word, mode, _ := strings.Cut(m, ":")
		spec := socket + ":" + socket
		if word == "workspace" {
			spec = in.Workspace + ":/workspace"
		} else {
			socketMount = true
		}
		if mode != "" {
			spec += ":" + mode
		}
		binds = append(binds, spec)
	}
	if v, set := em[impl.WorkspaceHostEnv]; !lt.shared && socketMount && in.Workspace != "" && (!set || impl.IsSecretValue(v)) {
		wantEnv = append(wantEnv, impl.WorkspaceHostEnv+"="+in.Workspace)
	}
	img := in.Images[lt.name]
	process := daemonProcess(wordsOf(lt.def, "entrypoint"), wordsOf(lt.def, "command"), gen.ImageExec{Entrypoint: img.Entrypoint, Cmd: img.Cmd})
	if len(lt.secrets) > 0 {
		binds = append(binds, fifoDir+"/"+lt.container+".fifo:"+impl.SecretEnvTarget+":ro")
		process = slices.Concat([]string{impl.SecretShell, "-c", impl.SecretScript, impl.SecretScriptName}, process)
	}
	hash, _ := impl.ConfigHash(lt.def)
	for _, d := range []struct {
		what      string
		got, want any
	}{
		{"name", c.Name, lt.container},
		{"image", c.Config.Image, lt.def["image"]},
		{"network mode", string(c.HostConfig.NetworkMode), wantNet},
		{"aliases", aliases, wantAliases},
		{"labels", c.Config.Labels, map[string]string{impl.LabelName: lt.name, impl.LabelConfigHash: hash}},
		{"env", sorted(c.Config.Env), sorted(wantEnv)},
		{"binds", sorted(c.HostConfig.Binds), sorted(binds)},
		{"process", daemonProcess(c.Config.Entrypoint, c.Config.Cmd, gen.ImageExec{Entrypoint: img.Entrypoint, Cmd: img.Cmd}), process},
	} {
		if diff := cmp.Diff(d.want, d.got, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("docker run reads %q's %q with %s (-want +got):\n%s", lt.name, argv, d.what, diff)
		}
	}
	if len(c.HostConfig.Tmpfs) > 0 {
		t.Fatalf("docker run %q mounts tmpfs %v: version 2 sends secrets over the FIFO", argv, c.HostConfig.Tmpfs)
	}
	return c.Name
}

// planText lists a plan's steps for a failure message.
func planText(p impl.LaunchPlan) string {
	var b strings.Builder
	for _, s := range p.Steps {
		b.WriteString("  " + string(s.Kind) + " " + s.Tong + ": " + strings.Join(s.Argv, " ") + "\n")
	}
	return b.String()
}

var launchCases, launchRefused, launchChecked, launchMulti atomic.Int64

func TestLaunchCommands(t *testing.T) {
	rapid.Check(t, propLaunchCommands)
	n, r, c, m := launchCases.Load(), launchRefused.Load(), launchChecked.Load(), launchMulti.Load()
	t.Logf("%d launches: %d refused, %d checked command by command (%d created, connected and started)", n, r, c, m)
	if c*4 < n || m*10 < c || r*10 < n {
		t.Errorf("of %d generated launches, %d were checked (%d with several networks) and %d refused: the generator no longer reaches one side", n, c, m, r)
	}
}
