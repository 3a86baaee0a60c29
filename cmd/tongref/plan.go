package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/load"
)

func init() {
	register(&command{name: "plan", summary: "print every docker command one anvil launch with these tongs runs", run: runPlan})
}

// The paths a plan names for what the launcher makes at run time.
const (
	planFIFODir     = "/tmp/swarmforge-secrets"           // NAME.fifo: a tong's secret FIFO
	planMCPHostPath = "/tmp/swarmforge-mcp/tong-mcp.json" // the MCP config on the host
	planMCPPath     = "/tmp/swarmforge-tong-mcp.json"     // the MCP config in the anvil
	planMCPFileEnv  = "SWARMFORGE_TONG_MCP_FILE"          // where opencode's entrypoint reads it
	planImageNote   = "the image's ENTRYPOINT and CMD, as docker image inspect reports them"
)

// planStep is one command of a launch: a docker argv, or a step the
// launcher takes itself (a readiness wait, writing a file or a FIFO).
type planStep struct {
	Argv []string `json:"argv,omitempty"`
	Note string   `json:"note,omitempty"`
}

// launchPlan is what tongref plan prints, and --json's document.
type launchPlan struct {
	Session  string         `json:"session,omitempty"`
	Scope    string         `json:"scope,omitempty"`
	Steps    []planStep     `json:"steps"`
	MCP      map[string]any `json:"mcp_config,omitempty"`
	Refusals []string       `json:"-"`
}

func runPlan(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("plan", "[--session ID] [--org DIR] [--harness NAME] [--workspace PATH] [--socket PATH] [--image-entrypoint WORD]... [--image-cmd WORD]... [--json] FILE|DIR... -- ANVIL-ARGV...", `
Plan prints, in order, every command one anvil launch runs with the tongs
defined in the FILEs and DIRs (each DIR's *.yaml, *.yml and *.json), as
the Swarmforge launcher at 42246cf runs them (scripts/run_anvil.py) with
tongref's rules (spec/SPEC-v2.md, PLAN-1 to PLAN-8): the session network's
creation, each tong's docker run -d in name order with its readiness wait,
the network connections of shared tongs, the MCP configuration file, and
the anvil's own command, rewritten by inject_anvil_argv, or created,
connected to each further network and started when it joins several. A
secret appears only as its delivery: the FIFO a tong reads it from.

The tongs are one layer: layering (workspace, user, org) and the approval
of workspace tongs are out of scope. --org DIR loads DIR's tongs as the
org layer, whose shared tongs get DIR's scope (tongref names --org) and a
network of their own. The session id is --session, else the anvil's
--name. A set the launcher would refuse is refused with every reason
(exit 1); a bad command line exits 2.`, `
tongref plan --harness claude --workspace "$PWD" tongs/ -- docker run -it --rm --name claude-x --network tongs anvil:latest`)
	session := fs.String("session", "", "the session `ID` (default: the anvil's --name)")
	org := fs.String("org", "", "the org layer's tongs `DIR`, whose shared tongs are scoped")
	scope := fs.String("scope", "", "the org layer's `SCOPE` (default: org_scope_token of --org's absolute path)")
	harness := fs.String("harness", impl.HarnessClaude, "the anvil's `HARNESS`: claude or opencode")
	workspace := fs.String("workspace", "", "the workspace `PATH` workspace mounts bind")
	socket := fs.String("socket", impl.DefaultSocketPath, "the docker socket `PATH`")
	var imageEntrypoint, imageCmd listFlag
	fs.Var(&imageEntrypoint, "image-entrypoint", "a `WORD` of a secret tong's image ENTRYPOINT (repeatable)")
	fs.Var(&imageCmd, "image-cmd", "a `WORD` of a secret tong's image CMD (repeatable)")
	asJSON := fs.Bool("json", false, "print the plan as one JSON document")
	dash := slices.Index(args, "--")
	if dash < 0 {
		if slices.Contains(args, "-h") || slices.Contains(args, "--help") || slices.Contains(args, "-help") {
			fs.usage(stdout)
			return exitOK
		}
		return fs.usageError(stderr, "give the anvil's argv after --, such as -- docker run -it --name claude-x anvil:latest")
	}
	anvil := args[dash+1:]
	paths, code, done := fs.parse(args[:dash], true, stdout, stderr)
	if done {
		return code
	}
	if len(paths) == 0 && *org == "" {
		return fs.usageError(stderr, "name at least one tong definition file or directory")
	}
	files, err := expandTongPaths(paths)
	if err != nil {
		return fs.usageError(stderr, err.Error())
	}
	var orgFiles []string
	if *org != "" {
		if orgFiles, err = expandTongPaths([]string{*org}); err != nil {
			return fs.usageError(stderr, err.Error())
		}
	}
	docs, ok := loadFiles(files, stderr)
	orgDocs, ok2 := loadFiles(orgFiles, stderr)
	if !ok || !ok2 {
		return exitInvalid
	}
	tongs, err := load.Tongs(append(slices.Clone(docs), orgDocs...))
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitInvalid
	}
	orgNames := map[string]bool{}
	for _, d := range orgDocs {
		orgNames[d.Name] = true
	}
	byName := map[string]load.Doc{}
	for _, d := range append(slices.Clone(docs), orgDocs...) {
		byName[d.Name] = d
	}
	p := buildPlan(planInput{tongs: tongs, docs: byName, org: orgNames, orgDir: *org, scope: *scope, anvil: anvil, session: *session,
		harness: *harness, workspace: *workspace, socket: *socket, imageEntrypoint: imageEntrypoint, imageCmd: imageCmd})
	if len(p.Refusals) > 0 {
		for _, r := range p.Refusals {
			fmt.Fprintln(stderr, "tongref plan: "+r)
		}
		fmt.Fprintf(stderr, "tongref plan: the launcher would refuse this launch (%d reason(s) above)\n", len(p.Refusals))
		return exitInvalid
	}
	if *asJSON {
		writeJSON(stdout, p)
		return exitOK
	}
	for _, s := range p.Steps {
		if s.Note != "" {
			fmt.Fprintln(stdout, "# "+strings.ReplaceAll(s.Note, "\n", "\n# "))
		}
		if s.Argv != nil {
			fmt.Fprintln(stdout, shellJoin(s.Argv))
		}
	}
	return exitOK
}

// expandTongPaths lists the definition files of paths: a file as itself,
// a directory's *.yaml, *.yml and *.json files in name order.
func expandTongPaths(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		ents, err := os.ReadDir(p)
		if err != nil {
			return nil, err
		}
		for _, e := range ents {
			switch filepath.Ext(e.Name()) {
			case ".yaml", ".yml", ".json":
				if !e.IsDir() {
					files = append(files, filepath.Join(p, e.Name()))
				}
			}
		}
	}
	return files, nil
}

type planInput struct {
	tongs                     map[string]any
	docs                      map[string]load.Doc
	org                       map[string]bool
	orgDir, scope             string
	anvil                     []string
	session, harness          string
	workspace, socket         string
	imageEntrypoint, imageCmd []string
}

// buildPlan computes the launch, collecting every reason the launcher
// would refuse it instead of stopping at the first.
func buildPlan(in planInput) launchPlan {
	var p launchPlan
	refuse := func(format string, a ...any) { p.Refusals = append(p.Refusals, fmt.Sprintf(format, a...)) }
	for _, e := range impl.CheckTongSet(in.tongs) {
		refuse("%v", e)
	}
	names := make([]string, 0, len(in.tongs))
	for n := range in.tongs {
		names = append(names, n)
	}
	slices.Sort(names)
	// what the launcher at 42246cf refuses before it starts anything
	for _, n := range names {
		m, _ := in.tongs[n].(map[string]any)
		im, _ := m["interface"].(map[string]any)
		if im["kind"] == impl.KindVolume {
			refuse("tongs.%s: is a volume tong, which the launcher does not wire into the anvil yet; leave it out of the launch", n)
		}
		if mounts, _ := m["mounts"].([]any); m["lifecycle"] == "shared" {
			for _, w := range mounts {
				if s, _ := w.(string); strings.HasPrefix(s, "workspace") {
					refuse("tongs.%s.mounts: a shared tong mounts the workspace, and its container outlives the session; make it a session tong or drop the mount", n)
				}
			}
		}
	}
	base, _, err := impl.AnvilOptionValue(in.anvil, "--network")
	if err != nil {
		refuse("the anvil's argv: %v", err)
	}
	name, _, _ := impl.AnvilOptionValue(in.anvil, "--name")
	sid := in.session
	switch {
	case sid == "":
		sid = name
	case name != "" && name != sid:
		refuse("--session %s differs from the anvil's --name %s; the launcher keys the session by the anvil's name: give one of them", shellQuote(sid), shellQuote(name))
	}
	p.Session = sid
	if in.orgDir != "" && in.scope != "" {
		p.Scope = in.scope
		if _, err := impl.SharedNetworkName(in.scope); err != nil {
			refuse("--scope: %v", err)
		}
	} else if in.orgDir != "" {
		dir, err := filepath.Abs(in.orgDir)
		if err == nil {
			p.Scope, err = impl.OrgScopeToken(dir)
		}
		if err != nil {
			refuse("--org: %v", err)
		}
	}
	if len(p.Refusals) > 0 {
		return p
	}
	net, err := impl.PlanNetwork(in.tongs, base, sid)
	if err != nil {
		refuse("%v", err)
	}
	inj, err := impl.PlanInjection(in.tongs, in.harness)
	if err != nil {
		refuse("%v", err)
	}
	if len(p.Refusals) > 0 {
		return p
	}
	var sharedNet string
	if p.Scope != "" && len(in.org) > 0 {
		if sid == "" {
			refuse("org-scoped shared tongs join the anvil to their scope's network, which needs the anvil's --name (or --session)")
			return p
		}
		sharedNet, _ = impl.SharedNetworkName(p.Scope)
	}
	step := func(argv []string, note string) { p.Steps = append(p.Steps, planStep{Argv: argv, Note: note}) }
	if net.Create != "" {
		step([]string{"docker", "network", "create", net.Create}, "the session network (removed when the anvil exits)")
	}
	if sharedNet != "" {
		step([]string{"docker", "network", "create", sharedNet}, "the org scope's network, unless it exists")
	}
	var waits []planStep
	for _, n := range names {
		d := in.docs[n]
		m := in.tongs[n].(map[string]any)
		alias, _ := impl.CanonicalAlias(n, m)
		var container, network, probeNet string
		if m["lifecycle"] == "session" {
			container, err = impl.SessionContainerName(sid, n)
			network, probeNet = net.Network, net.Network
		} else {
			scope := ""
			if in.org[n] {
				scope = p.Scope
			}
			container, err = impl.SharedContainerNameV2(n, scope)
			network, probeNet = base, net.Network
			if scope != "" {
				network, probeNet = sharedNet, sharedNet
			}
		}
		if err != nil {
			refuse("tongs.%s: %v", n, err)
			continue
		}
		o, secrets, err := load.LaunchOptionsV2(d, container, load.LaunchV2{Network: network, Workspace: in.workspace, SocketPath: in.socket, Hash: true,
			FIFO: planFIFODir + "/" + container + ".fifo", ImageEntrypoint: in.imageEntrypoint, ImageCmd: in.imageCmd})
		if err == nil && network == "" {
			o.Alias = ""
		}
		if err != nil {
			refuse("tongs.%s: %v (for a secret tong, give %s with --image-entrypoint and --image-cmd, or declare its command)", n, err, planImageNote)
			continue
		}
		argv, err := impl.TongRunArgvV2(n, m, o)
		if err != nil {
			refuse("tongs.%s: %v", n, err)
			continue
		}
		note := ""
		if m["lifecycle"] == "shared" {
			note = "shared: only when no running " + container + " has this config-hash label (else it is reused; a stale one is removed first)"
		}
		step(argv, note)
		if len(secrets) > 0 {
			step(nil, fmt.Sprintf("the launcher writes the secrets %s, resolved by their providers, into the FIFO %s (export lines, SEC-2); the tong's wrapper reads it once", strings.Join(secrets, ", "), o.FIFOHostPath))
		}
		r, _ := impl.ReadinessSettings(m)
		var wait string
		switch r.Mode {
		case impl.ModeTCP:
			port := m["interface"].(map[string]any)["port"]
			wait = fmt.Sprintf("wait up to %gs for %s: a TCP connection to %s:%v from a container on %s", r.TimeoutS, n, alias, port, probeNet)
		case impl.ModeHealthcheck:
			wait = fmt.Sprintf("wait up to %gs for %s: docker exec %s %s succeeds", r.TimeoutS, n, container, shellJoin(r.Command))
		default:
			wait = fmt.Sprintf("wait up to %gs for %s: its container is running", r.TimeoutS, n)
		}
		waits = append(waits, planStep{Note: wait})
	}
	for _, ta := range net.SharedConnect {
		if in.org[ta.Name] && sharedNet != "" {
			continue // on its scope's network, which the anvil joins; never on the session's
		}
		c := impl.SharedContainerName(ta.Name)
		step([]string{"docker", "network", "disconnect", net.Network, c}, "best effort: a stale endpoint from an earlier session would make connect fail")
		step([]string{"docker", "network", "connect", "--alias", ta.Alias, net.Network, c}, "")
	}
	p.Steps = append(p.Steps, waits...)
	var pre, post []string
	for _, k := range sortedKeys(inj.Env) {
		pre = append(pre, "-e", k+"="+inj.Env[k])
	}
	if len(inj.MCP) > 0 {
		p.MCP = inj.MCP
		b, _ := json.Marshal(inj.MCP)
		step(nil, "the launcher writes the MCP configuration to "+planMCPHostPath+":\n"+string(b))
		pre = append(pre, "-v", planMCPHostPath+":"+planMCPPath+":ro")
		if in.harness == impl.HarnessClaude {
			post = append(post, "--mcp-config", planMCPPath)
		} else {
			pre = append(pre, "-e", planMCPFileEnv+"="+planMCPPath)
		}
	}
	injected, err := impl.InjectAnvilArgv(in.anvil, net.Network, pre, post)
	if err != nil {
		refuse("the anvil's argv: %v", err)
		return p
	}
	extra := slices.Clone(net.ExtraNetworks)
	if sharedNet != "" {
		extra = append(extra, sharedNet)
	}
	if len(extra) == 0 {
		step(injected, "the anvil")
		return p
	}
	if name == "" {
		refuse("the anvil joins %d networks, so the launcher creates it, connects it and starts it by name: add --name %s to the anvil's argv", len(extra)+1, shellQuote(sid))
		return p
	}
	if _, err := impl.ToCreateArgv(in.anvil); err != nil { // the user's argv, so an error's index is theirs
		refuse("the anvil joins several networks, so the launcher runs docker create with its argv: %v", err)
		return p
	}
	created, err := impl.ToCreateArgv(injected)
	if err != nil {
		refuse("the anvil joins several networks, so the launcher runs docker create with its argv: %v", err)
		return p
	}
	step(created, "the anvil, created on its first network")
	for _, n := range extra {
		step([]string{"docker", "network", "connect", n, name}, "")
	}
	step([]string{"docker", "start", "--attach", "--interactive", name}, "the anvil, started attached")
	return p
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
