package impl

import (
	"slices"
	"strconv"
	"strings"
)

// The launch as commands (rules PLAN-9 to PLAN-12 of spec/SPEC-v2.md):
// every docker command one anvil launch runs with a set of tongs, in the
// launcher's order, and the steps the launcher takes itself between them.

// The paths a launch plan names for what the launcher makes at run time
// (the Swarmforge launcher makes them in fresh temporary directories; a
// plan names these unless LaunchInput says otherwise), and where the
// anvil reads its MCP configuration.
const (
	// PlanFIFODir holds each secret tong's FIFO, CONTAINER.fifo.
	PlanFIFODir = "/tmp/swarmforge-secrets"
	// PlanMCPHostPath is the MCP configuration file on the host.
	PlanMCPHostPath = "/tmp/swarmforge-mcp/tong-mcp.json"
	// MCPConfigPath is where the anvil sees the MCP configuration file:
	// claude reads it with --mcp-config, opencode's entrypoint from
	// MCPFileEnv (PLAN-12).
	MCPConfigPath = "/tmp/swarmforge-tong-mcp.json"
	// MCPFileEnv is the anvil variable that names MCPConfigPath for the
	// opencode harness.
	MCPFileEnv = "SWARMFORGE_TONG_MCP_FILE"
)

// StepKind says what one step of a launch is.
type StepKind string

// The steps of a launch, in the order PLAN-10 gives them.
const (
	StepSessionNetwork StepKind = "session-network"    // docker network create SESSION_NETWORK
	StepScopeNetwork   StepKind = "scope-network"      // docker network create SCOPE_NETWORK, unless it exists
	StepTongRun        StepKind = "tong-run"           // a tong's docker run -d (a shared one only when not running with its config hash)
	StepSecrets        StepKind = "secrets"            // the launcher writes a tong's resolved secrets into its FIFO
	StepDisconnect     StepKind = "network-disconnect" // best effort: a stale endpoint of an earlier session
	StepConnect        StepKind = "network-connect"    // a shared tong joins the session network under its alias
	StepWait           StepKind = "wait"               // the launcher waits for a tong to be ready
	StepMCPConfig      StepKind = "mcp-config"         // the launcher writes the MCP configuration file
	StepAnvilRun       StepKind = "anvil-run"          // the anvil's own command (run, or create), injected
	StepAnvilCreate    StepKind = "anvil-create"       // the anvil's docker create, injected
	StepAnvilConnect   StepKind = "anvil-connect"      // the created anvil joins a further network
	StepAnvilStart     StepKind = "anvil-start"        // docker start --attach --interactive ANVIL
)

// ImageConfig is an image's ENTRYPOINT and CMD as docker image inspect
// reports them (nil when the image has none).
type ImageConfig struct {
	Entrypoint, Cmd []string
}

// LaunchInput is what one anvil launch is planned from.
type LaunchInput struct {
	// Tongs is the set, one layer already merged (PLAN-3), by tong name.
	Tongs map[string]any
	// Org names the tongs of the org layer. With a Scope, each of its
	// shared tongs is scoped (NAME-7) and runs on its scope's network
	// (NET-4), which the anvil joins; without one, Org is not read.
	Org map[string]bool
	// Scope is the org layer's scope (SCOPE-1, as OrgScopeToken gives
	// it), or "" for a launch without one.
	Scope string
	// Anvil is the anvil's docker run (or create) argv, as the user wrote
	// it (ARGV-1 to ARGV-8).
	Anvil []string
	// SessionID keys the session; "" means the anvil's --name.
	SessionID string
	// Harness is the anvil's harness, claude or opencode (PLAN-8).
	Harness string
	// Workspace is the workspace path that workspace mounts bind, or ""
	// when unknown (MNT-5).
	Workspace string
	// SocketPath is the docker socket's path; "" means DefaultSocketPath.
	SocketPath string
	// Images gives, by tong name, the image config of a tong whose
	// secrets make the wrapper exec its process (EXEC-2): needed when the
	// definition declares no entrypoint (or no command and the image has
	// an ENTRYPOINT).
	Images map[string]ImageConfig
	// FIFODir holds the secret FIFOs; "" means PlanFIFODir.
	FIFODir string
	// MCPHostPath is the MCP configuration file on the host; "" means
	// PlanMCPHostPath.
	MCPHostPath string
}

// LaunchStep is one step of a launch: a docker command, or a step the
// launcher takes itself. Only the fields its Kind names are set.
type LaunchStep struct {
	Kind StepKind
	// Tong and Container are the tong and its container of a
	// StepTongRun, StepSecrets, StepDisconnect, StepConnect or StepWait.
	Tong, Container string
	// Argv is the docker command; nil for StepSecrets, StepWait and
	// StepMCPConfig.
	Argv []string
	// Secrets are a StepSecrets' secret names, sorted: their values,
	// resolved by their providers, are never in a plan.
	Secrets []string
	// Path is the host path a StepSecrets' FIFO or a StepMCPConfig's file
	// is at.
	Path string
	// Wait is a StepWait's readiness check.
	Wait *LaunchWait
}

// LaunchWait is how the launcher waits for one tong (RDY, PLAN-11).
type LaunchWait struct {
	// Readiness is the tong's (ReadinessSettings): a healthcheck is
	// docker exec of its command in the step's container, mode none
	// waits for that container to run.
	Readiness
	// Host, Port and Network are a tcp check's: a container on Network
	// connects to Host:Port, Host being the tong's alias.
	Host    string
	Port    int64
	Network string
}

// LaunchPlan is every step of one launch, in order.
type LaunchPlan struct {
	SessionID string
	Scope     string
	Steps     []LaunchStep
	// MCP is the harness's MCP configuration document (PLAN-7), written
	// by the StepMCPConfig step; empty when no mcp tong exists.
	MCP map[string]any
}

// LaunchCommands returns every step one anvil launch with a set of tongs
// runs, in the launcher's order (rules PLAN-9 to PLAN-12), or every reason
// the launcher would refuse the launch.
//
// First (PLAN-9), it collects the faults that stop a launch before
// anything starts: CheckTongSet's; each volume tong, and each shared tong
// that mounts the workspace; an anvil argv the scanner refuses, or whose
// network options name more than one network, or that runs detached with
// tongs to start; a SessionID other than the anvil's --name; a Scope that breaks SCOPE-1.
// Then PlanNetwork's and PlanInjection's errors with the session id
// (SessionID, else the anvil's --name) and the anvil's --network; a
// network-facing tong the launch puts on no network; org-scoped shared
// tongs without a session id; and the tongs' own (their container names,
// run options and argvs). Second (PLAN-10), it lists the steps: the
// session network, the scope's network, each tong's run -d and secrets in
// name order (PLAN-11), each shared tong's connection to the session
// network, each tong's wait, the MCP file, and the anvil (PLAN-12), run
// injected or, when it joins more than one network, created, connected
// and started by name.
//
// The result names no secret value: a secret tong's step says which
// secrets the launcher writes into which FIFO. Both results are
// deterministic; the refusals come in the order above, all of them within
// one stage. A refused launch has no steps (its SessionID and Scope are
// still set) and a planned one no refusals (nil).
func LaunchCommands(in LaunchInput) (LaunchPlan, []*Error) {
	p, errs := launchCommands(in)
	if len(errs) > 0 {
		p.Steps, p.MCP = nil, nil
	}
	return p, errs
}

func launchCommands(in LaunchInput) (LaunchPlan, []*Error) {
	var p LaunchPlan
	var errs []*Error
	refuse := func(e *Error) { errs = append(errs, e) }
	names := make([]string, 0, len(in.Tongs))
	for n := range in.Tongs {
		names = append(names, n)
	}
	slices.Sort(names)

	// PLAN-9, first stage: what the launcher refuses before it starts
	// anything.
	errs = append(errs, CheckTongSet(in.Tongs)...)
	for _, n := range names {
		m, _ := in.Tongs[n].(map[string]any)
		im, _ := m["interface"].(map[string]any)
		if im["kind"] == KindVolume {
			refuse(errorf("tongs."+n, "PLAN-9", "", "is a volume tong, which the launcher does not wire into the anvil yet; leave it out of the launch"))
		}
		if m["lifecycle"] == "shared" && mountsWorkspace(m) {
			refuse(errorf("tongs."+n+".mounts", "PLAN-9", "", "mounts the workspace into a shared tong, whose container outlives the session and would show this workspace to later ones; make it a session tong, or drop the mount"))
		}
	}
	base, _, err := AnvilOptionValue(in.Anvil, "--network")
	if err != nil {
		refuse(inAnvil(err, ""))
	}
	if nets := anvilNetworks(in.Anvil); len(nets) > 1 {
		refuse(errorv("anvil.network", "PLAN-9", strings.Join(nets, ", "), "sets the anvil's network more than once; docker would join each, but the launch keeps one base network and drops the others (INJ-4); give one --network, and let tongs reach the others"))
	}
	if len(in.Tongs) > 0 && anvilDetached(in.Anvil) {
		refuse(errorf("anvil.detach", "PLAN-9", "", "runs the anvil detached (-d), so docker run returns at once and the launcher removes the session's tongs and network while the anvil still runs; drop -d (or --detach)"))
	}
	name, _, _ := AnvilOptionValue(in.Anvil, "--name")
	sid := in.SessionID
	switch {
	case sid == "":
		sid = name
	case name != "" && name != sid:
		refuse(errorv("session_id", "PLAN-9", sid, "differs from the anvil's --name "+show(name)+", and the launcher keys the session by the anvil's name; give one of them, or the same in both"))
	}
	p.SessionID = sid
	var scopeNet string
	if in.Scope != "" {
		p.Scope = in.Scope
		if scopeNet, err = SharedNetworkName(in.Scope); err != nil {
			refuse(asError(err))
		}
	}
	socket := in.SocketPath
	if socket == "" {
		socket = DefaultSocketPath
	}
	fifoDir := in.FIFODir
	if fifoDir == "" {
		fifoDir = PlanFIFODir
	} else if e := checkPath("fifo_dir", fifoDir, "PLAN-11", PlanFIFODir); e != nil {
		refuse(e)
	}
	mcpHost := in.MCPHostPath
	if mcpHost == "" {
		mcpHost = PlanMCPHostPath
	} else if e := checkPath("mcp_host_path", mcpHost, "PLAN-12", PlanMCPHostPath); e != nil {
		refuse(e)
	}
	if len(errs) > 0 {
		return p, errs
	}

	// PLAN-9, second stage: the plan's own operations.
	net, err := PlanNetwork(in.Tongs, base, sid)
	if err != nil {
		refuse(asError(err))
	}
	inj, err := PlanInjection(in.Tongs, in.Harness)
	if err != nil {
		refuse(asError(err))
	}
	if len(errs) > 0 {
		return p, errs
	}
	scoped := func(n string) bool {
		return scopeNet != "" && in.Org[n] && in.Tongs[n].(map[string]any)["lifecycle"] == "shared"
	}
	if !slices.ContainsFunc(names, scoped) {
		scopeNet = "" // no tong runs on it: not created, not joined
	}
	if scopeNet != "" && sid == "" {
		return p, []*Error{errorf("session_id", "PLAN-9", "", "is missing, and the org's shared tongs run on their scope's network, which the launcher joins the anvil to by its name; give the anvil a --name")}
	}
	for _, n := range names {
		m := in.Tongs[n].(map[string]any)
		if isNetworkFacing(m) && m["lifecycle"] == "shared" && !scoped(n) && base == "" && net.Create == "" {
			refuse(errorf("tongs."+n, "PLAN-9", "", "is a network-facing shared tong, and this launch puts it on no network (no session tong, and the anvil has no --network), where no container can resolve its alias; give the anvil a user-defined --network, such as --network tongs"))
		}
	}
	if len(errs) > 0 {
		return p, errs
	}

	// PLAN-10: the steps.
	if net.Create != "" {
		p.Steps = append(p.Steps, LaunchStep{Kind: StepSessionNetwork, Argv: []string{"docker", "network", "create", net.Create}})
	}
	if scopeNet != "" {
		p.Steps = append(p.Steps, LaunchStep{Kind: StepScopeNetwork, Argv: []string{"docker", "network", "create", scopeNet}})
	}
	containers := make(map[string]string, len(names))
	var waits []LaunchStep
	for _, n := range names {
		m := in.Tongs[n].(map[string]any)
		// PLAN-11: the tong's container, network and probe network.
		var container, network, probe string
		if m["lifecycle"] == "session" {
			container, err = SessionContainerName(sid, n)
			network, probe = net.Network, net.Network
		} else if scoped(n) {
			container, err = SharedContainerNameV2(n, in.Scope)
			network, probe = scopeNet, scopeNet
		} else {
			container, err = SharedContainerNameV2(n, "")
			network, probe = base, net.Network
		}
		if err != nil {
			refuse(inTong(n, err))
			continue
		}
		containers[n] = container
		o, secrets, err := launchOptions(n, m, container, network, in, socket, fifoDir)
		if err != nil {
			refuse(inTong(n, err))
			continue
		}
		argv, err := TongRunArgvV2(n, m, o)
		if err != nil {
			refuse(inTong(n, err))
			continue
		}
		p.Steps = append(p.Steps, LaunchStep{Kind: StepTongRun, Tong: n, Container: container, Argv: argv})
		if len(secrets) > 0 {
			p.Steps = append(p.Steps, LaunchStep{Kind: StepSecrets, Tong: n, Container: container, Secrets: secrets, Path: o.FIFOHostPath})
		}
		r, _ := ReadinessSettings(m) // the set passed CheckTongSet
		w := &LaunchWait{Readiness: r}
		if r.Mode == ModeTCP {
			w.Host, _ = CanonicalAlias(n, m)
			w.Port, _, _ = intValue(m["interface"].(map[string]any)["port"])
			w.Network = probe
		}
		waits = append(waits, LaunchStep{Kind: StepWait, Tong: n, Container: container, Wait: w})
	}
	for _, ta := range net.SharedConnect {
		if scoped(ta.Name) {
			continue // on its scope's network, which the anvil joins; never on the session's
		}
		c := containers[ta.Name]
		p.Steps = append(p.Steps,
			LaunchStep{Kind: StepDisconnect, Tong: ta.Name, Container: c, Argv: []string{"docker", "network", "disconnect", net.Network, c}},
			LaunchStep{Kind: StepConnect, Tong: ta.Name, Container: c, Argv: []string{"docker", "network", "connect", "--alias", ta.Alias, net.Network, c}})
	}
	p.Steps = append(p.Steps, waits...)

	// PLAN-12: the anvil.
	var pre, post []string
	keys := make([]string, 0, len(inj.Env))
	for k := range inj.Env {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		pre = append(pre, "-e", k+"="+inj.Env[k])
	}
	p.MCP = inj.MCP
	if len(inj.MCP) > 0 {
		p.Steps = append(p.Steps, LaunchStep{Kind: StepMCPConfig, Path: mcpHost})
		pre = append(pre, "-v", mcpHost+":"+MCPConfigPath+":ro")
		if in.Harness == HarnessClaude {
			post = append(post, "--mcp-config", MCPConfigPath)
		} else {
			pre = append(pre, "-e", MCPFileEnv+"="+MCPConfigPath)
		}
	}
	injected, err := InjectAnvilArgv(in.Anvil, net.Network, pre, post)
	if err != nil {
		refuse(inAnvil(err, ""))
		return p, errs
	}
	extra := slices.Clone(net.ExtraNetworks)
	if scopeNet != "" {
		extra = append(extra, scopeNet)
	}
	if len(extra) == 0 {
		p.Steps = append(p.Steps, LaunchStep{Kind: StepAnvilRun, Argv: slices.Clone(injected)}) // never the caller's own slice
		return p, errs
	}
	for _, n := range extra {
		if strings.HasPrefix(n, "container:") {
			refuse(errorv("anvil.network", "PLAN-12", n, "shares another container's network stack, which joins no further network, and this launch also puts the anvil on "+net.Network+"; give a user-defined --network, or none"))
			return p, errs
		}
	}
	joins := strconv.Itoa(len(extra)+1) + " networks, so the launcher creates it with docker create, connects it to the others and starts it by name"
	if name == "" {
		refuse(errorf("anvil", "PLAN-12", "", "has no --name, and it joins "+joins+"; add --name "+sid+" to the anvil's argv"))
		return p, errs
	}
	if e := checkContainerName("anvil.name", name, "PLAN-12"); e != nil {
		e.Msg += "; the launcher connects and starts the anvil by its --name, as it joins " + joins
		refuse(e)
		return p, errs
	}
	if _, err := ToCreateArgv(in.Anvil); err != nil { // the user's argv, so an error's index is theirs
		refuse(inAnvil(err, "; it joins "+joins))
		return p, errs
	}
	created, err := ToCreateArgv(injected)
	if err != nil {
		refuse(inAnvil(err, "; it joins "+joins))
		return p, errs
	}
	p.Steps = append(p.Steps, LaunchStep{Kind: StepAnvilCreate, Argv: created})
	for _, n := range extra {
		p.Steps = append(p.Steps, LaunchStep{Kind: StepAnvilConnect, Argv: []string{"docker", "network", "connect", n, name}})
	}
	p.Steps = append(p.Steps, LaunchStep{Kind: StepAnvilStart, Argv: []string{"docker", "start", "--attach", "--interactive", name}})
	return p, errs
}

// mountsWorkspace reports whether a definition's mounts name the
// workspace (MNT-2: the word before the first ":").
func mountsWorkspace(m map[string]any) bool {
	mounts, _ := m["mounts"].([]any)
	for _, v := range mounts {
		if s, ok := v.(string); ok {
			if word, _, _ := strings.Cut(s, ":"); word == "workspace" {
				return true
			}
		}
	}
	return false
}

// launchOptions derives one tong's run options (PLAN-11): the canonical
// alias on its network, the plain env (integers in decimal), the config
// hash label, the workspace and socket, and with secrets the FIFO and the
// wrapper around the process docker would run. secrets lists the secrets'
// names, sorted.
func launchOptions(n string, m map[string]any, container, network string, in LaunchInput, socket, fifoDir string) (RunOptionsV2, []string, error) {
	o := RunOptionsV2{ContainerName: container, Network: network, Workspace: in.Workspace, SocketPath: socket}
	var err error
	if network != "" {
		if o.Alias, err = CanonicalAlias(n, m); err != nil {
			return o, nil, err
		}
	}
	plain, secret, err := PartitionSecretEnv(m["env"])
	if err != nil {
		return o, nil, err
	}
	o.Env = make(map[string]string, len(plain))
	for k, v := range plain {
		if s, ok := v.(string); ok {
			o.Env[k] = s
		} else if _, _, ok := intValue(v); ok {
			o.Env[k] = string(appendInt(nil, v))
		} else {
			return o, nil, errorv("env."+k, "ENV-3", v, "is not a string or an integer; write the value as text")
		}
	}
	if o.LabelHash, err = ConfigHash(m); err != nil {
		return o, nil, err
	}
	secrets := make([]string, 0, len(secret))
	for k := range secret {
		secrets = append(secrets, k)
	}
	slices.Sort(secrets)
	if len(secrets) == 0 {
		return o, nil, nil
	}
	o.FIFOHostPath = strings.TrimSuffix(fifoDir, "/") + "/" + container + ".fifo"
	img := in.Images[n]
	target, err := ExecTarget(m, img.Entrypoint, img.Cmd)
	if err != nil {
		return o, nil, err
	}
	over, err := SecretInjectArgv(target)
	if err != nil {
		return o, nil, err
	}
	o.Override = &over
	return o, secrets, nil
}

// asError returns err as an *Error.
func asError(err error) *Error {
	if e, ok := err.(*Error); ok {
		return e
	}
	return &Error{Msg: err.Error(), Err: err}
}

// inTong puts an error of one tong's under tongs.NAME.
func inTong(n string, err error) *Error {
	e, ok := err.(*Error)
	if !ok {
		return &Error{Field: "tongs." + n, Msg: err.Error(), Err: err}
	}
	c := *e
	c.Field = prefixField("tongs."+n, e.Field)
	return &c
}

// inAnvil puts an error of the anvil's argv under anvil, with more of
// its context in the message.
func inAnvil(err error, more string) *Error {
	e, ok := err.(*Error)
	if !ok {
		return &Error{Field: "anvil", Msg: err.Error() + more, Err: err}
	}
	c := *e
	c.Field = prefixField("anvil", e.Field)
	c.Msg += more
	return &c
}

// anvilNetworks lists the distinct values the options of an anvil argv
// give its network (--network and --net, every occurrence), in order; nil
// for an argv the scanner refuses (AnvilOptionValue reports that).
func anvilNetworks(argv []string) []string {
	var nets []string
	_, err := scanAnvilOptions(argv, func(o occurrence) {
		if o.flag.Option == "network" && !slices.Contains(nets, o.value) {
			nets = append(nets, o.value)
		}
	})
	if err != nil {
		return nil
	}
	return nets
}

// anvilDetached reports whether an anvil argv runs detached: docker run's
// --detach (-d) given, and not as false (docker create has no --detach).
func anvilDetached(argv []string) bool {
	v, found, err := AnvilOptionValue(argv, "--detach")
	if err != nil || !found {
		return false
	}
	b, err := strconv.ParseBool(v)
	return err != nil || b
}
