package main

import (
	"encoding/json"
	"flag"
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

// planImageNote names what --image-entrypoint and --image-cmd stand for.
const planImageNote = "the image's ENTRYPOINT and CMD, as docker image inspect reports them"

// planStep is one command of a launch: a docker argv, or a step the
// launcher takes itself (a readiness wait, writing a file or a FIFO).
type planStep struct {
	Kind string   `json:"kind"`           // impl.StepKind: session-network, tong-run, wait, anvil-run...
	Tong string   `json:"tong,omitempty"` // the tong a tong's step is about
	Argv []string `json:"argv,omitempty"`
	Note string   `json:"note,omitempty"`
}

// maxPlanFiles bounds the definition files one plan reads (FILEs, each
// DIR's and --org's together): each may hold up to load.MaxExpandedSize
// of text, and a launch starts a container per tong, so a set this large
// is a mistake (a wrong directory) rather than a launch.
const maxPlanFiles = 64

// launchPlan is what tongref plan prints, and --json's document.
type launchPlan struct {
	Session  string         `json:"session,omitempty"`
	Scope    string         `json:"scope,omitempty"`
	Steps    []planStep     `json:"steps"`
	MCP      map[string]any `json:"mcp_config,omitempty"`
	Refusals []finding      `json:"-"`
}

// planRefused is --json's document for a launch the launcher would
// refuse, or whose definitions do not load: every reason as a finding (a
// file and line for a definition that does not load; a field, a rule and
// the input for a rule the set breaks).
type planRefused struct {
	Refusals []finding `json:"refusals"`
}

func runPlan(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("plan", "[--session ID] [--org DIR] [--harness NAME] [--workspace PATH] [--socket PATH] [--image-entrypoint WORD]... [--image-cmd WORD]... [--json] FILE|DIR... -- ANVIL-ARGV...", `
Plan prints, in order, every command one anvil launch runs with the tongs
defined in the FILEs and DIRs (each DIR's *.yaml, *.yml and *.json), as
the Swarmforge launcher at 42246cf runs them (scripts/run_anvil.py) with
tongref's rules (spec/SPEC-v2.md, PLAN-1 to PLAN-12): the session network's
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
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	switch {
	case set["org"] && *org == "":
		return fs.usageError(stderr, "--org: give the org layer's tongs directory, such as --org ~/.swarmforge/tongs; leave --org out for a launch without an org layer")
	case set["scope"] && *scope == "":
		return fs.usageError(stderr, "--scope: give the org layer's scope, such as --scope acme-cebc22fa; leave --scope out to derive it from --org's path")
	case set["scope"] && *org == "":
		return fs.usageError(stderr, "--scope names the org layer's scope, which only --org DIR brings; give --org too, or leave --scope out")
	}
	if len(paths) == 0 && *org == "" {
		return fs.usageError(stderr, "name at least one tong definition file or directory")
	}
	files, err := expandTongPaths(paths, maxPlanFiles)
	if err != nil {
		return fs.usageError(stderr, err.Error())
	}
	var orgFiles []string
	if *org != "" {
		if orgFiles, err = expandTongPaths([]string{*org}, maxPlanFiles-len(files)); err != nil {
			return fs.usageError(stderr, err.Error())
		}
	}
	var loadErrs []finding
	docs := loadPlanFiles(files, &loadErrs)
	orgDocs := loadPlanFiles(orgFiles, &loadErrs)
	var tongs map[string]any
	if len(loadErrs) == 0 {
		if tongs, err = load.Tongs(append(slices.Clone(docs), orgDocs...)); err != nil {
			loadErrs = append(loadErrs, findingOf("", err))
		}
	}
	if len(loadErrs) > 0 {
		if *asJSON {
			writeJSON(stdout, planRefused{loadErrs})
			fmt.Fprintf(stderr, "tongref plan: %d definition error(s), in the JSON document\n", len(loadErrs))
		} else {
			for _, f := range loadErrs {
				fmt.Fprintln(stderr, f.text)
			}
		}
		return exitInvalid
	}
	orgNames := map[string]bool{}
	for _, d := range orgDocs {
		orgNames[d.Name] = true
	}
	p := buildPlan(planInput{tongs: tongs, org: orgNames, orgDir: *org, scope: *scope, anvil: anvil, session: *session,
		harness: *harness, workspace: *workspace, socket: *socket, imageEntrypoint: imageEntrypoint, imageCmd: imageCmd})
	if len(p.Refusals) > 0 {
		where := "above"
		if *asJSON {
			writeJSON(stdout, planRefused{p.Refusals})
			where = "in the JSON document"
		} else {
			for _, r := range p.Refusals {
				fmt.Fprintln(stderr, "tongref plan: "+r.text)
			}
		}
		fmt.Fprintf(stderr, "tongref plan: the launcher would refuse this launch (%d reason(s) %s)\n", len(p.Refusals), where)
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

// loadPlanFiles loads each file, adding a finding to errs for each that
// does not load.
func loadPlanFiles(files []string, errs *[]finding) []load.Doc {
	var docs []load.Doc
	for _, f := range files {
		d, err := load.File(f)
		if err != nil {
			*errs = append(*errs, findingOf(f, err))
			continue
		}
		docs = append(docs, d)
	}
	return docs
}

// expandTongPaths lists the definition files of paths: a file as itself,
// a directory's *.yaml, *.yml and *.json entries in name order. More than
// max files in all is an error; a directory is read in batches, so one
// holding millions of other entries costs time, never memory.
func expandTongPaths(paths []string, max int) ([]string, error) {
	var files []string
	tooMany := func() error {
		return fmt.Errorf("the FILEs, DIRs and --org hold more than %d tong definition files (*.yaml, *.yml, *.json), the most one plan reads; name the launch's own tong files or directories", maxPlanFiles)
	}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			if files = append(files, p); len(files) > max {
				return nil, tooMany()
			}
			continue
		}
		d, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		var in []string
		for {
			ents, err := d.ReadDir(256)
			for _, e := range ents {
				switch filepath.Ext(e.Name()) {
				case ".yaml", ".yml", ".json":
					if !e.IsDir() {
						in = append(in, filepath.Join(p, e.Name()))
					}
				}
			}
			if len(files)+len(in) > max {
				d.Close()
				return nil, tooMany()
			}
			if err == io.EOF || len(ents) == 0 {
				break
			}
			if err != nil {
				d.Close()
				return nil, err
			}
		}
		d.Close()
		slices.Sort(in)
		files = append(files, in...)
	}
	return files, nil
}

type planInput struct {
	tongs                     map[string]any
	org                       map[string]bool
	orgDir, scope             string
	anvil                     []string
	session, harness          string
	workspace, socket         string
	imageEntrypoint, imageCmd []string
}

// buildPlan computes the launch with impl.LaunchCommands (PLAN-9 to
// PLAN-12) and words each step for a person: a docker command with a note
// saying when or why it runs, or a step the launcher takes itself.
func buildPlan(in planInput) launchPlan {
	var p launchPlan
	l := impl.LaunchInput{Tongs: in.tongs, Anvil: in.anvil, SessionID: in.session, Harness: in.harness,
		Workspace: in.workspace, SocketPath: in.socket, Images: map[string]impl.ImageConfig{}}
	if in.orgDir != "" {
		l.Org, l.Scope = in.org, in.scope
		if l.Scope == "" {
			dir, err := filepath.Abs(in.orgDir)
			if err == nil {
				l.Scope, err = impl.OrgScopeToken(dir)
			}
			if err != nil {
				p.Refusals = append(p.Refusals, finding{Field: "--org", Message: err.Error(), text: "--org: " + err.Error()})
				return p
			}
		}
	}
	for n := range in.tongs {
		l.Images[n] = impl.ImageConfig{Entrypoint: in.imageEntrypoint, Cmd: in.imageCmd}
	}
	lp, errs := impl.LaunchCommands(l)
	p.Session, p.Scope, p.MCP = lp.SessionID, lp.Scope, lp.MCP
	for _, e := range errs {
		r := e.Error()
		if e.Rule == "EXEC-3" {
			r += " (for a secret tong, give " + planImageNote + " with --image-entrypoint and --image-cmd, or declare its command)"
		}
		p.Refusals = append(p.Refusals, finding{Field: e.Field, Rule: e.Rule, Input: e.Input, Message: r, text: r})
	}
	if len(errs) > 0 {
		return p
	}
	for _, s := range lp.Steps {
		note := ""
		switch s.Kind {
		case impl.StepSessionNetwork:
			note = "the session network (removed when the anvil exits)"
		case impl.StepScopeNetwork:
			note = "the org scope's network, unless it exists"
		case impl.StepTongRun:
			if m, _ := in.tongs[s.Tong].(map[string]any); m["lifecycle"] == "shared" {
				note = "shared: only when no running " + s.Container + " has this config-hash label (else it is reused; a stale one is removed first)"
			}
		case impl.StepSecrets:
			note = fmt.Sprintf("the launcher writes the secrets %s, resolved by their providers, into the FIFO %s (export lines, SEC-2); the tong's wrapper reads it once", strings.Join(s.Secrets, ", "), s.Path)
		case impl.StepDisconnect:
			note = "best effort: a stale endpoint from an earlier session would make connect fail"
		case impl.StepWait:
			note = waitNote(s)
		case impl.StepMCPConfig:
			b, _ := json.Marshal(lp.MCP)
			note = "the launcher writes the MCP configuration to " + s.Path + ":\n" + string(b)
		case impl.StepAnvilRun:
			note = "the anvil"
		case impl.StepAnvilCreate:
			note = "the anvil, created on its first network"
		case impl.StepAnvilStart:
			note = "the anvil, started attached"
		}
		p.Steps = append(p.Steps, planStep{Kind: string(s.Kind), Tong: s.Tong, Argv: s.Argv, Note: note})
	}
	return p
}

// waitNote words a readiness wait.
func waitNote(s impl.LaunchStep) string {
	tong, w := s.Tong, s.Wait
	switch w.Mode {
	case impl.ModeTCP:
		return fmt.Sprintf("wait up to %gs for %s: a TCP connection to %s:%d from a container on %s", w.TimeoutS, tong, w.Host, w.Port, w.Network)
	case impl.ModeHealthcheck:
		return fmt.Sprintf("wait up to %gs for %s: docker exec %s %s succeeds", w.TimeoutS, tong, s.Container, shellJoin(w.Command))
	}
	return fmt.Sprintf("wait up to %gs for %s: its container is running", w.TimeoutS, tong)
}
