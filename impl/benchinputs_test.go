package impl_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tongref/tongref/impl"
)

// benchInputsFile holds the inputs of the per-operation benchmarks, read
// by the Go benchmarks and by adapters/python/bench_launcher.py alike.
const benchInputsFile = "testdata/bench-inputs.json"

// benchCase is one benchmark's input: the benchmark's name (family or
// family/SUB), the conformance protocol's name of the operation, the spec
// version whose form of the op it times (1, or 2 for spec/SPEC-v2.md's,
// which only a version 2 launcher is timed against), and its arguments as
// the protocol names them.
type benchCase struct {
	bench string
	op    string
	spec  int
	args  map[string]any
}

var benchCases = loadBenchCases(benchInputsFile)

// loadBenchCases reads the cases. A JSON number without a fraction or
// exponent becomes an int, as a YAML reader gives it; any other a float64.
func loadBenchCases(path string) []benchCase {
	data, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var file struct {
		Cases []struct {
			Bench string         `json:"bench"`
			Op    string         `json:"op"`
			Spec  int            `json:"spec"`
			Args  map[string]any `json:"args"`
		} `json:"cases"`
	}
	if err := dec.Decode(&file); err != nil {
		panic(fmt.Sprintf("%s: %v", path, err))
	}
	cases := make([]benchCase, len(file.Cases))
	for i, c := range file.Cases {
		cases[i] = benchCase{bench: c.Bench, op: c.Op, spec: max(c.Spec, 1), args: fromJSON(c.Args).(map[string]any)}
	}
	return cases
}

func fromJSON(v any) any {
	switch v := v.(type) {
	case json.Number:
		if i, err := strconv.ParseInt(string(v), 10, 64); err == nil {
			return int(i)
		}
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil {
			panic(err)
		}
		return f
	case []any:
		for i, e := range v {
			v[i] = fromJSON(e)
		}
	case map[string]any:
		for k, e := range v {
			v[k] = fromJSON(e)
		}
	}
	return v
}

func deepCopy(v any) any {
	switch v := v.(type) {
	case []any:
		c := make([]any, len(v))
		for i, e := range v {
			c[i] = deepCopy(e)
		}
		return c
	case map[string]any:
		c := make(map[string]any, len(v))
		for k, e := range v {
			c[k] = deepCopy(e)
		}
		return c
	}
	return v
}

// benchArgs returns the arguments of the named case; they are shared, so
// the caller must not change them.
func benchArgs(bench string) map[string]any {
	for _, c := range benchCases {
		if c.bench == bench {
			return c.args
		}
	}
	panic(benchInputsFile + " has no case " + bench)
}

// str reads a protocol string that may be null ("" then, as the Go API
// spells it).
func str(v any) string {
	s, _ := v.(string)
	return s
}

func strs(v any) []string {
	if v == nil {
		return nil
	}
	list := v.([]any)
	out := make([]string, len(list))
	for i, e := range list {
		out[i] = e.(string)
	}
	return out
}

// runArgs reads tong_run_argv's arguments.
func runArgs(args map[string]any) (string, any, impl.RunOptions) {
	env := map[string]string{}
	for k, v := range args["env"].(map[string]any) {
		env[k] = v.(string)
	}
	return str(args["name"]), args["definition"], impl.RunOptions{
		ContainerName: str(args["container_name"]),
		Network:       str(args["network"]),
		Alias:         str(args["alias"]),
		Env:           env,
		TmpfsDirs:     strs(args["tmpfs_dirs"]),
		LabelHash:     str(args["label_hash"]),
		Workspace:     str(args["workspace"]),
		SocketPath:    str(args["socket_path"]),
	}
}

// runArgsV2 reads tong_run_argv's arguments under spec version 2.
func runArgsV2(args map[string]any) (string, any, impl.RunOptionsV2) {
	env := map[string]string{}
	for k, v := range args["env"].(map[string]any) {
		env[k] = v.(string)
	}
	o := impl.RunOptionsV2{
		ContainerName: str(args["container_name"]),
		Network:       str(args["network"]),
		Alias:         str(args["alias"]),
		Env:           env,
		LabelHash:     str(args["label_hash"]),
		Workspace:     str(args["workspace"]),
		SocketPath:    str(args["socket_path"]),
		FIFOHostPath:  str(args["fifo_host_path"]),
	}
	if args["entrypoint"] != nil || args["command"] != nil {
		o.Override = &impl.Override{Entrypoint: str(args["entrypoint"]), Args: strs(args["command"])}
	}
	return str(args["name"]), args["definition"], o
}

// call returns a function that runs the case's operation once on its
// arguments, read beforehand, and keeps the result in a sink.
func (c benchCase) call() func() {
	if c.spec == 2 {
		return c.callV2()
	}
	a := c.args
	switch c.op {
	case "parse_duration":
		v, def := a["value"], a["default"]
		var d float64
		switch def := def.(type) {
		case int:
			d = float64(def)
		case float64:
			d = def
		}
		return func() { sinkF, sinkErr = impl.ParseDuration(v, d) }
	case "readiness_settings":
		def := a["definition"]
		return func() { sinkR, sinkErr = impl.ReadinessSettings(def) }
	case "validate_tong":
		name, def := str(a["name"]), a["definition"]
		return func() { sinkErrs = impl.ValidateTong(name, def) }
	case "canonical_alias":
		name, def := str(a["name"]), a["definition"]
		return func() { sinkS, sinkErr = impl.CanonicalAlias(name, def) }
	case "alias_collisions":
		tongs := a["tongs"].(map[string]any)
		return func() { sinkM, sinkErr = impl.AliasCollisions(tongs) }
	case "tong_mount_specs":
		def, ws, sock := a["definition"], str(a["workspace"]), str(a["socket_path"])
		return func() { sinkSS, sinkErr = impl.TongMountSpecs(def, ws, sock) }
	case "tong_resource_flags":
		def := a["definition"]
		return func() { sinkSS, sinkErr = impl.TongResourceFlags(def) }
	case "tong_run_argv":
		name, def, o := runArgs(a)
		return func() { sinkSS, sinkErr = impl.TongRunArgv(name, def, o) }
	case "shared_container_name":
		name := str(a["name"])
		return func() { sinkS = impl.SharedContainerName(name) }
	case "session_container_name":
		sid, name := str(a["session_id"]), str(a["name"])
		return func() { sinkS, sinkErr = impl.SessionContainerName(sid, name) }
	case "inject_anvil_argv":
		argv, network := strs(a["argv"]), str(a["network"])
		pre, post := strs(a["pre_image_args"]), strs(a["post_image_args"])
		return func() { sinkSS, sinkErr = impl.InjectAnvilArgv(argv, network, pre, post) }
	case "anvil_option_value":
		argv, flag := strs(a["argv"]), str(a["flag"])
		return func() { sinkS, sinkOK, sinkErr = impl.AnvilOptionValue(argv, flag) }
	case "config_hash":
		def := a["definition"]
		return func() { sinkS, sinkErr = impl.ConfigHash(def) }
	}
	panic(benchInputsFile + ": case " + c.bench + " has an unknown op " + c.op)
}

// callV2 is call for a case of spec version 2.
func (c benchCase) callV2() func() {
	a := c.args
	switch c.op {
	case "validate_tong":
		name, def := str(a["name"]), a["definition"]
		return func() { sinkErrs = impl.ValidateTongV2(name, def) }
	case "tong_run_argv":
		name, def, o := runArgsV2(a)
		return func() { sinkSS, sinkErr = impl.TongRunArgvV2(name, def, o) }
	case "tong_mount_specs":
		def, ws, sock := a["definition"], str(a["workspace"]), str(a["socket_path"])
		return func() { sinkSS, sinkErr = impl.TongMountSpecsV2(def, ws, sock) }
	case "shared_container_name":
		name, scope := str(a["name"]), str(a["scope"])
		return func() { sinkS, sinkErr = impl.SharedContainerNameV2(name, scope) }
	case "org_scope_token":
		dir := str(a["org_tongs_dir"])
		return func() { sinkS, sinkErr = impl.OrgScopeToken(dir) }
	case "shared_network_name":
		scope := str(a["scope"])
		return func() { sinkS, sinkErr = impl.SharedNetworkName(scope) }
	case "session_network_name":
		sid := str(a["session_id"])
		return func() { sinkS, sinkErr = impl.SessionNetworkName(sid) }
	case "tong_env_var":
		name, suffix := str(a["name"]), str(a["suffix"])
		return func() { sinkS, sinkErr = impl.TongEnvVar(name, suffix) }
	case "mcp_url":
		def, alias := a["definition"], str(a["alias"])
		return func() { sinkS, sinkErr = impl.MCPURL(def, alias) }
	case "run_override":
		def := a["definition"]
		return func() { sinkO, sinkErr = impl.RunOverride(def) }
	case "exec_target":
		def, ep, cmd := a["definition"], strs(a["image_entrypoint"]), strs(a["image_cmd"])
		return func() { sinkSS, sinkErr = impl.ExecTarget(def, ep, cmd) }
	case "secret_inject_argv":
		target := strs(a["target_argv"])
		return func() { sinkO, sinkErr = impl.SecretInjectArgv(target) }
	case "render_secret_exports":
		secrets := map[string]string{}
		for k, v := range a["secrets"].(map[string]any) {
			secrets[k] = v.(string)
		}
		return func() { sinkS, sinkErr = impl.RenderSecretExports(secrets) }
	case "partition_secret_env":
		env := a["env"]
		return func() { sinkAM, sinkAM2, sinkErr = impl.PartitionSecretEnv(env) }
	case "secret_provider_command":
		providers, provider, ref := a["providers"], str(a["provider"]), str(a["ref"])
		return func() { sinkSS, sinkErr = impl.SecretProviderCommand(providers, provider, ref) }
	case "to_create_argv":
		argv := strs(a["argv"])
		return func() { sinkSS, sinkErr = impl.ToCreateArgv(argv) }
	case "check_tong_set":
		tongs := a["tongs"].(map[string]any)
		return func() { sinkErrs = impl.CheckTongSet(tongs) }
	case "plan_network":
		tongs, base, sid := a["tongs"].(map[string]any), str(a["base_network"]), str(a["session_id"])
		return func() { sinkNP, sinkErr = impl.PlanNetwork(tongs, base, sid) }
	case "plan_injection":
		tongs, harness := a["tongs"].(map[string]any), str(a["harness"])
		return func() { sinkIP, sinkErr = impl.PlanInjection(tongs, harness) }
	}
	panic(benchInputsFile + ": case " + c.bench + " has an unknown spec 2 op " + c.op)
}

// TestBenchCases checks the input file: every case names a distinct
// benchmark, runs without an error, and the alias_collisions case is
// fleet(1000), the fleet the scaling benchmarks grow.
func TestBenchCases(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range benchCases {
		if seen[c.bench] {
			t.Errorf("%s: case %s appears twice", benchInputsFile, c.bench)
		}
		seen[c.bench] = true
		sinkErr, sinkErrs = nil, nil
		c.call()()
		if sinkErr != nil || sinkErrs != nil {
			t.Errorf("%s: %s(%v) fails: %v %v", c.bench, c.op, c.args, sinkErr, sinkErrs)
		}
	}
	if diff := cmp.Diff(fleet(1000), benchArgs("AliasCollisions")["tongs"]); diff != "" {
		t.Errorf("%s: the AliasCollisions case is not fleet(1000); diff (-fleet +file):\n%s", benchInputsFile, diff)
	}
}

// floor returns the bare work under the case's operation, or nil: for an
// operation on a definition (or on a set of them, or an env), a walk of
// every node of its tree (the least the tree checks, DM-1, DM-3 and DM-4,
// must do); for canonical_alias, its three map reads, and for mcp_url its
// five; for alias_collisions, reading each tong's interface.kind and
// interface.name (BenchmarkFleetWalkScaling's loop); for shared_network_name
// and secret_inject_argv, building their result alone (one allocation).
// An operation that cannot reach its ratio to Python is held within 2× of
// its floor (spec/PERFORMANCE.md).
func (c benchCase) floor() func() {
	a := c.args
	switch c.op {
	case "readiness_settings", "validate_tong", "tong_mount_specs", "tong_resource_flags", "tong_run_argv", "config_hash",
		"run_override", "exec_target":
		def := a["definition"]
		return func() { sinkN = walkTree(def) }
	case "partition_secret_env":
		env := a["env"]
		return func() { sinkN = walkTree(env) }
	case "check_tong_set", "plan_network", "plan_injection":
		// every definition of the set, as each is validated
		tongs := a["tongs"]
		return func() { sinkN = walkTree(tongs) }
	case "shared_network_name":
		// the result's one allocation: the prefix and the scope joined
		scope := str(a["scope"])
		return func() { sinkS = impl.SharedNetworkPrefix + "-" + scope }
	case "secret_inject_argv":
		// the result's one allocation: the wrapper's words and the target's
		target := strs(a["target_argv"])
		return func() {
			args := make([]string, 0, 3+len(target))
			sinkSS = append(append(args, "-c", impl.SecretScript, impl.SecretScriptName), target...)
		}
	case "mcp_url":
		def := a["definition"]
		return func() {
			m, _ := def.(map[string]any)
			im, _ := m["interface"].(map[string]any)
			kind, _ := im["kind"].(string)
			port, _ := im["port"].(int)
			t, _ := im["transport"].(string)
			p, _ := im["path"].(string)
			sinkN = len(kind) + port + len(t) + len(p)
		}
	case "canonical_alias":
		def := a["definition"]
		return func() {
			m, _ := def.(map[string]any)
			im, _ := m["interface"].(map[string]any)
			kind, _ := im["kind"].(string)
			s, _ := im["name"].(string)
			sinkN = len(kind) + len(s)
		}
	case "alias_collisions":
		tongs := a["tongs"].(map[string]any)
		return func() { sinkN = fleetWalk(tongs) }
	}
	return nil
}

// walkTree visits every node of a tree and every map key, reading no
// byte of any string.
func walkTree(v any) int {
	switch v := v.(type) {
	case string:
		return len(v)
	case map[string]any:
		n := 0
		for k, e := range v {
			n += len(k) + walkTree(e)
		}
		return n
	case []any:
		n := 0
		for _, e := range v {
			n += walkTree(e)
		}
		return n
	}
	return 1
}

// fleetWalk reads, for each tong, only what AliasCollisions must read:
// interface.kind and interface.name.
func fleetWalk(tongs map[string]any) int {
	names := 0
	for _, def := range tongs {
		im, _ := def.(map[string]any)["interface"].(map[string]any)
		if kind, _ := im["kind"].(string); kind == impl.KindMCP {
			if s, _ := im["name"].(string); s != "" {
				names++
			}
		}
	}
	return names
}
