package fuzz

import (
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/load"
)

// Fuzz targets for the launch plan (spec/SPEC-v2.md §9): the tong set's
// checks against a model written from PLAN-1 to PLAN-4, and the launch's
// commands against what every accepted launch must hold.

// tongSetSeeds: each golden launch's tongs (golden/testdata/plan/NAME,
// its files at any depth), the version 2 catalogue as one set, and the
// sets of the plan_network and plan_injection vectors, each as a JSON
// object of tong names to definitions.
func tongSetSeeds(tb testing.TB) *seeder {
	s := &seeder{tb: tb}
	addSet := func(set map[string]any) {
		if hasNonFinite(set) {
			return
		}
		j, err := json.Marshal(set)
		if err != nil {
			tb.Fatalf("a tong set as JSON: %v", err)
		}
		s.add(j)
	}
	loadDir := func(dir string) map[string]any {
		set := map[string]any{}
		err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if d, err := load.Definition(p, data); err == nil {
				set[d.Name] = d.Value
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
		return set
	}
	s.from("golden/testdata/plan", func() {
		dirs, err := filepath.Glob("../golden/testdata/plan/*")
		if err != nil {
			tb.Fatal(err)
		}
		for _, d := range dirs {
			if set := loadDir(d); len(set) > 0 {
				addSet(set)
			}
		}
	})
	s.from("golden/testdata/catalogue-v2", func() { addSet(loadDir("../golden/testdata/catalogue-v2")) })
	for _, op := range []string{"v2/plan_network", "v2/plan_injection"} {
		s.from("spec/vectors "+op, func() {
			for _, a := range vectorArgs(tb, op) {
				if set, ok := a["tongs"].(map[string]any); ok {
					addSet(set)
				}
			}
		})
	}
	return s
}

// envTokenRE is what PLAN-1 replaces in a tong name.
var envTokenRE = regexp.MustCompile(`[^A-Za-z0-9]+`)

// resolvedLocallyRE is PLAN-2's labels getaddrinfo answers without DNS
// (lower case): all digits, or 0x and hex digits.
var resolvedLocallyRE = regexp.MustCompile(`^([0-9]*|0x[0-9a-f]*)$`)

// setModel applies PLAN-3 and PLAN-4 as the spec writes them to a set
// whose every tong passes ValidateTongV2, and reports whether the set is
// accepted.
func setModel(set map[string]any) bool {
	aliases, vars, mounts := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for name, def := range set {
		im := def.(map[string]any)["interface"].(map[string]any)
		kind := im["kind"].(string)
		var suffixes []string
		switch kind {
		case impl.KindMCP, impl.KindPort:
			alias := name
			if kind == impl.KindMCP {
				alias = im["name"].(string)
			}
			l := strings.ToLower(alias) // an alias is ASCII (IF-7)
			if aliases[l] || l == "localhost" || resolvedLocallyRE.MatchString(l) {
				return false
			}
			aliases[l] = true
			if kind == impl.KindPort {
				suffixes = []string{"HOST", "PORT"}
			}
		case impl.KindVolume:
			suffixes = []string{"PATH"}
			mp := path.Clean(im["mountpoint"].(string))
			if mounts[mp] {
				return false
			}
			mounts[mp] = true
		}
		token := strings.ToUpper(strings.Trim(envTokenRE.ReplaceAllString(name, "_"), "_"))
		for _, s := range suffixes {
			v := "SWARMFORGE_TONG_" + token + "_" + s
			if token == "" || vars[v] {
				return false
			}
			vars[v] = true
		}
	}
	return true
}

// FuzzCheckTongSet: on any JSON object of tongs, CheckTongSet is total
// and deterministic, each fault names its tong and rule, PlanInjection
// and PlanNetwork report its first fault; a set of valid tongs is
// accepted exactly when setModel accepts it, and then every network-facing
// tong is reachable under exactly one alias, its own, on the session
// network (PLAN-3, PLAN-5), and each port tong's variables hold its own
// host and port (PLAN-4, PLAN-6).
func FuzzCheckTongSet(f *testing.F) {
	tongSetSeeds(f).seed(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		v, ok := decodeJSON(data)
		set, isMap := v.(map[string]any)
		if !ok || !isMap {
			return
		}
		errs := impl.CheckTongSet(set)
		if d := cmp.Diff(errText(errs), errText(impl.CheckTongSet(set))); d != "" {
			t.Fatalf("CheckTongSet is not deterministic (-first +second):\n%s", d)
		}
		valid := true
		for name, def := range set {
			valid = valid && len(impl.ValidateTongV2(name, def)) == 0
		}
		for _, e := range errs {
			checkErr(t, "CheckTongSet", e)
			if !strings.HasPrefix(e.Field, "tongs.") {
				t.Fatalf("CheckTongSet's fault %q names no tong", e)
			}
		}
		_, ierr := impl.PlanInjection(set, impl.HarnessClaude)
		net, nerr := impl.PlanNetwork(set, "", "s1")
		if len(errs) > 0 {
			if ierr == nil || nerr == nil || ierr.Error() != errs[0].Error() || nerr.Error() != errs[0].Error() {
				t.Fatalf("CheckTongSet's first fault %q, but PlanInjection %v and PlanNetwork %v", errs[0], ierr, nerr)
			}
		} else if ierr != nil || nerr != nil {
			t.Fatalf("CheckTongSet accepts the set, PlanInjection %v, PlanNetwork %v", ierr, nerr)
		}
		if !valid {
			if len(errs) == 0 {
				t.Fatal("CheckTongSet accepts a set with an invalid tong")
			}
			return
		}
		if model := setModel(set); model != (len(errs) == 0) {
			t.Fatalf("the model accepts the set: %v; CheckTongSet: %v", model, errs)
		}
		if len(errs) > 0 {
			return
		}
		inj, _ := impl.PlanInjection(set, impl.HarnessClaude)
		planned := map[string]int{}
		for _, ta := range slices.Concat(net.SessionAliases, net.SharedConnect) {
			planned[ta.Name]++
			if want, _ := impl.CanonicalAlias(ta.Name, set[ta.Name]); ta.Alias != want {
				t.Fatalf("tong %q is planned under %q, want its alias %q", ta.Name, ta.Alias, want)
			}
		}
		session := net.Create != ""
		for name, def := range set {
			m := def.(map[string]any)
			im := m["interface"].(map[string]any)
			kind := im["kind"]
			facing := kind == impl.KindMCP || kind == impl.KindPort
			want := 0
			if session && facing {
				want = 1
			}
			if planned[name] != want {
				t.Fatalf("tong %q (%v, session network %v) is planned %d times", name, kind, session, planned[name])
			}
			if kind == impl.KindPort {
				host, _ := impl.TongEnvVar(name, "HOST")
				port, _ := impl.TongEnvVar(name, "PORT")
				if inj.Env[host] != name || inj.Env[port] == "" {
					t.Fatalf("port tong %q: %s=%q, %s=%q", name, host, inj.Env[host], port, inj.Env[port])
				}
			}
		}
	})
}

// FuzzLaunchCommands: on any set, anvil argv, session id and harness,
// LaunchCommands is total and deterministic; a refusal names a field and
// a rule and leaves no steps; an accepted launch's steps are docker
// commands or the launcher's own, hold no secret reference, end with
// network and container operands docker cannot read as options, and
// connect each shared tong under the very container its run created.
func FuzzLaunchCommands(f *testing.F) {
	anvils := [][]string{
		{"docker", "run", "-it", "--rm", "--name", "claude-x", "anvil:latest"},
		{"docker", "run", "-it", "--rm", "--name", "opencode-1", "--network", "tongs", "anvil:latest"},
		{"docker", "run", "-d", "--network", "tongs", "anvil:latest"},
	}
	anvils = append(anvils, extraArgvs...)
	// a shared tong whose unscoped container NAME-8 escapes, connected to
	// the session network
	f.Add([]byte(`{"deadbeef":{"lifecycle":"shared","image":"redis:7","interface":{"kind":"port","port":6379}},"pg":{"lifecycle":"session","image":"postgres:16","interface":{"kind":"port","port":5432}}}`),
		nul(anvils[0]), "", "claude")
	for i, seed := range tongSetSeeds(f).seeds {
		f.Add(seed[0].([]byte), nul(anvils[i%len(anvils)]), []string{"", "s1", "claude-x"}[i%3], []string{"claude", "opencode", "codex"}[i%3])
	}
	f.Fuzz(func(t *testing.T, data, anvil []byte, session, harness string) {
		v, ok := decodeJSON(data)
		set, isMap := v.(map[string]any)
		if !ok || !isMap {
			return
		}
		in := impl.LaunchInput{Tongs: set, Anvil: strings.Split(string(anvil), "\x00"), SessionID: session, Harness: harness, Workspace: "/w"}
		p, errs := impl.LaunchCommands(in)
		p2, errs2 := impl.LaunchCommands(in)
		if !reflect.DeepEqual(p, p2) || !reflect.DeepEqual(errText(errs), errText(errs2)) {
			t.Fatal("LaunchCommands is not deterministic")
		}
		if len(errs) > 0 {
			for _, e := range errs {
				checkErr(t, "LaunchCommands", e)
				if e.Field == "" {
					t.Fatalf("LaunchCommands's refusal %q names no field", e)
				}
			}
			if p.Steps != nil {
				t.Fatalf("a refused launch has steps")
			}
			return
		}
		runs := map[string]string{} // tong: container
		for _, s := range p.Steps {
			if s.Argv != nil && s.Argv[0] != "docker" && s.Kind != impl.StepAnvilRun && s.Kind != impl.StepAnvilCreate {
				t.Fatalf("step %s runs %q", s.Kind, s.Argv)
			}
			for _, w := range s.Argv {
				if strings.Contains(w, "${secret:") {
					t.Fatalf("step %s holds a secret reference: %q", s.Kind, s.Argv)
				}
			}
			operands := 0 // the network and container operands ending the command
			switch s.Kind {
			case impl.StepSessionNetwork, impl.StepScopeNetwork, impl.StepAnvilStart:
				operands = 1
			case impl.StepConnect, impl.StepDisconnect, impl.StepAnvilConnect:
				operands = 2
			}
			for _, w := range s.Argv[len(s.Argv)-operands:] {
				if w == "" || w[0] == '-' {
					t.Fatalf("step %s: docker would read the operand %q of %q as an option, or refuse it", s.Kind, w, s.Argv)
				}
			}
			switch s.Kind {
			case impl.StepTongRun:
				if s.Argv[3] != "--name" || s.Argv[4] != s.Container {
					t.Fatalf("%q's run %q does not name its container %q", s.Tong, s.Argv, s.Container)
				}
				runs[s.Tong] = s.Container
			case impl.StepConnect, impl.StepDisconnect:
				if c := s.Argv[len(s.Argv)-1]; c != runs[s.Tong] || s.Container != c {
					t.Fatalf("%s of %q names %q, but its run created %q", s.Kind, s.Tong, c, runs[s.Tong])
				}
			}
		}
		if last := p.Steps[len(p.Steps)-1].Kind; last != impl.StepAnvilRun && last != impl.StepAnvilStart {
			t.Fatalf("the launch ends with %s, not the anvil", last)
		}
	})
}
