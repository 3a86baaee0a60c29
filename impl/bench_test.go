package impl_test

// Benchmarks of every operation on realistic inputs, and of how the argv
// and collision operations scale (spec/PERFORMANCE.md states the budget and
// shows a run). Run them with
//
//	go test -run '^$' -bench . -benchmem ./impl
//
// The scaling benchmarks report ns/token (or ns/tong) beside ns/op: the
// figure stays flat when the cost grows linearly.

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tongref/tongref/impl"
)

// The inputs of the per-operation benchmarks live in
// testdata/bench-inputs.json, one case per benchmark, with the arguments
// named as the conformance protocol names them (spec/PROTOCOL.md). The
// Python launcher's timing script, adapters/python/bench_launcher.py, reads
// the same file, so TestSideBySide (make bench-python) times both on
// exactly these inputs. benchinputs_test.go reads the file and turns each
// case into a call.

// githubTong is the GitHub-like mcp tong of the golden catalogue: a session
// tong with a secret and a plain env value, the workspace mounted rw and a
// tcp readiness probe. Each call returns a fresh tree.
func githubTong() map[string]any {
	return deepCopy(benchArgs("ValidateTong")["definition"]).(map[string]any)
}

// githubRunOptions are the choices a launcher makes for githubTong: the
// secret becomes a _FILE variable under the tmpfs secret directory.
func githubRunOptions() impl.RunOptions {
	_, _, o := runArgs(benchArgs("TongRunArgv"))
	return o
}

// anvilArgv is a 30-token anvil argv: global options, the container run
// subcommand, --user, -it, --net=…, and harness arguments after the image
// (one of them spelled like a network option, which must not be read).
var anvilArgv = strs(benchArgs("AnvilOptionValue")["argv"])

// The pre- and post-image arguments a launcher passes for two tongs.
var (
	preImage  = strs(benchArgs("InjectAnvilArgv/path=rewrite")["pre_image_args"])
	postImage = strs(benchArgs("InjectAnvilArgv/path=rewrite")["post_image_args"])
)

// TestBenchInputs checks that the benchmarks measure the success paths
// they claim to: the inputs are valid and the results are the ones a
// person checked by hand.
func TestBenchInputs(t *testing.T) {
	if errs := impl.ValidateTong("github", githubTong()); errs != nil {
		t.Fatalf("ValidateTong(github) = %v, want nil", errs)
	}
	got, err := impl.TongRunArgv("github", githubTong(), githubRunOptions())
	want := []string{
		"docker", "run", "-d", "--name", "s-1a2b3c-tong-github",
		"--network", "swarmforge-s-1a2b3c", "--network-alias", "github",
		"--label", "swarmforge.tong.name=github",
		"--label", "swarmforge.tong.config-hash=3f0b1e7c5a9d2e4f6a8b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f",
		"--tmpfs", "/run/swarmforge/secrets",
		"-e", "GITHUB_TOKEN_FILE=/run/swarmforge/secrets/GITHUB_TOKEN",
		"-e", "LOG_LEVEL=info",
		"-v", "/home/me/project:/workspace:rw",
		"ghcr.io/acme/github-mcp:latest",
	}
	if diff := cmp.Diff(want, got); err != nil || diff != "" {
		t.Errorf("TongRunArgv(github) = %v; diff (-want +got):\n%s", err, diff)
	}

	if len(anvilArgv) != 30 {
		t.Fatalf("len(anvilArgv) = %d, want 30", len(anvilArgv))
	}
	v, found, err := impl.AnvilOptionValue(anvilArgv, "--network")
	if v != "bridge" || !found || err != nil {
		t.Errorf("AnvilOptionValue(anvilArgv, %q) = %q, %v, %v, want %q, true, nil", "--network", v, found, err, "bridge")
	}
	got, err = impl.InjectAnvilArgv(anvilArgv, "tongs", preImage, postImage)
	want = []string{
		"docker", "--context", "default", "--log-level", "warn",
		"container", "run",
		"-e", "MCP_GITHUB_URL=http://github:8080", "-v", "/run/swarmforge/s-1a2b3c:/run/tongs:ro",
		"--rm", "-it", "--user", "1000:1000",
		"--net=tongs", "--name", "anvil-s-1a2b3c", "-e", "HOME=/home/agent",
		"-v", "/home/me/project:/workspace", "-w", "/workspace", "--init",
		"ghcr.io/acme/harness:1.2",
		"claude", "--model", "opus", "--network", "none", "-p", "fix the tests", "--verbose",
		"--mcp-config", "/run/tongs/mcp.json",
	}
	if diff := cmp.Diff(want, got); err != nil || diff != "" {
		t.Errorf("InjectAnvilArgv(anvilArgv) = %v; diff (-want +got):\n%s", err, diff)
	}

	for _, n := range scales {
		argv := longArgv(n)
		v, found, err := impl.AnvilOptionValue(argv, "--network")
		if v != "host" || !found || err != nil {
			t.Errorf("AnvilOptionValue(longArgv(%d), %q) = %q, %v, %v, want %q, true, nil", n, "--network", v, found, err, "host")
		}
		// The second network option goes, and pre and post come in.
		got, err := impl.InjectAnvilArgv(argv, "tongs", preImage, postImage)
		if err != nil || len(got) != n-1+len(preImage)+len(postImage) || got[2+len(preImage)] != "--net=tongs" {
			t.Errorf("InjectAnvilArgv(longArgv(%d)) = %d tokens, %v, want %d tokens with --net=tongs", n, len(got), err, n-1+len(preImage)+len(postImage))
		}
	}

	// fleet(n): tong-10 claims MCP-8, tong-8's alias, and so on.
	cols, err := impl.AliasCollisions(fleet(30))
	wantCols := map[string][]string{
		"mcp-8":  {"tong-10", "tong-8"},
		"mcp-18": {"tong-18", "tong-20"},
	}
	if diff := cmp.Diff(wantCols, cols); err != nil || diff != "" {
		t.Errorf("AliasCollisions(fleet(30)) = %v; diff (-want +got):\n%s", err, diff)
	}
	big := fleet(1000)
	for name, def := range big {
		if errs := impl.ValidateTong(name, def); errs != nil {
			t.Fatalf("ValidateTong(%q) = %v, want nil", name, errs)
		}
	}
	if cols, err := impl.AliasCollisions(big); len(cols) != 99 || err != nil {
		t.Errorf("AliasCollisions(fleet(1000)) = %d aliases, %v, want 99, nil", len(cols), err)
	}
}

// allocBudget is the allocation budget of spec/PERFORMANCE.md for each
// case of testdata/bench-inputs.json: an operation allocates only its
// result (the slice, map or string it returns and the strings it builds
// for it), nothing to check or read its input.
var allocBudget = map[string]float64{
	"ParseDuration/in=30s":   0,
	"ParseDuration/in=500ms": 0,
	"ParseDuration/in=1.5h":  0,
	"ParseDuration/in=2m":    0,
	"ParseDuration/in=int":   0,
	"ParseDuration/in=nil":   0,
	"ReadinessSettings":      0, // no command: the result holds only strings of the definition
	"ValidateTong":           0,
	"CanonicalAlias":         0,
	// fleet(1000): the result map (with its growth), the table of first
	// claimants and its slice, a slice of names for each of the 99
	// collisions and a lower-cased string for each of the 100 upper-case
	// aliases: at most 16 + 99 + 100
	"AliasCollisions":                   215,
	"TongMountSpecs":                    2, // the result and its one spec
	"TongResourceFlags":                 1, // the result ("512m" is the definition's)
	"TongRunArgv":                       2, // the result and one string its labels, -e KEY=VALUE pairs and -v spec are cut from
	"SharedContainerName/name=github":   1,
	"SharedContainerName/name=my_tong":  1,
	"SessionContainerName/name=github":  1,
	"SessionContainerName/name=my_tong": 1,
	"InjectAnvilArgv/path=identity":     0, // argv itself
	"InjectAnvilArgv/path=rewrite":      2, // the result and "--net=NET"
	"InjectAnvilArgv/path=insert":       1, // the result
	"AnvilOptionValue":                  0,
	"ConfigHash":                        1, // the digest's hex string
	// spec version 2
	"ValidateTongV2":                   0,
	"TongRunArgvV2":                    2, // as TongRunArgv; the override's words are the definition's
	"TongMountSpecsV2":                 2,
	"SharedContainerNameV2/scope=acme": 1,
	"OrgScopeToken":                    1, // the token; the path and its digest are written on the stack
	"SharedNetworkName":                1,
	"SessionNetworkName":               1,
	"TongEnvVar":                       1,
	"MCPURL":                           1,
	"RunOverride":                      1, // the words after the image
	"ExecTarget":                       1,
	"SecretInjectArgv":                 1,
	"RenderSecretExports":              1, // the text
	"PartitionSecretEnv":               4, // the two maps
	"SecretProviderCommand":            4,
	"ToCreateArgv":                     1,
	"CheckTongSet":                     5,
	"PlanNetwork":                      9,
	"PlanInjection":                    20,
}

// TestAllocBudget holds every benchmarked case to its allocation budget
// (at most the budget for AliasCollisions, whose map growth is the
// runtime's; exactly it for the others), and fails for a case without one.
func TestAllocBudget(t *testing.T) {
	for _, c := range benchCases {
		want, ok := allocBudget[c.bench]
		if !ok {
			t.Errorf("%s: no allocation budget; add one to allocBudget and spec/PERFORMANCE.md", c.bench)
			continue
		}
		got := testing.AllocsPerRun(100, c.call())
		if got != want && (c.op != "alias_collisions" || got > want) {
			t.Errorf("%s: %v allocations, want %v", c.bench, got, want)
		}
	}
	// ParseDuration reads a string or a number without allocating.
	if got := testing.AllocsPerRun(100, func() { sinkF, sinkErr = impl.ParseDuration("1.5h", 30) }); got != 0 {
		t.Errorf(`ParseDuration("1.5h"): %v allocations, want 0`, got)
	}
}

// Sinks keep the compiler from discarding the benchmarked calls.
var (
	sinkF    float64
	sinkD    time.Duration
	sinkS    string
	sinkSS   []string
	sinkB    []byte
	sinkOK   bool
	sinkErr  error
	sinkErrs []*impl.Error
	sinkM    map[string][]string
	sinkR    impl.Readiness
	sinkN    int
	sinkO    impl.Override
	sinkAM   map[string]any
	sinkAM2  map[string]any
	sinkNP   impl.NetworkPlan
	sinkIP   impl.InjectionPlan
)

// durations are the string inputs of the ParseDuration cases: equivalent
// inputs for ParseDurationString and time.ParseDuration.
var durations = func() []string {
	var ds []string
	for _, c := range benchCases {
		if v, ok := c.args["value"].(string); ok && c.op == "parse_duration" {
			ds = append(ds, v)
		}
	}
	return ds
}()

// runCases benchmarks every case of testdata/bench-inputs.json named
// family or family/SUB, the latter as sub-benchmarks SUB.
func runCases(b *testing.B, family string) {
	ran := false
	for _, c := range benchCases {
		switch {
		case c.bench == family:
			runCall(b, c)
		case strings.HasPrefix(c.bench, family+"/"):
			b.Run(strings.TrimPrefix(c.bench, family+"/"), func(b *testing.B) { runCall(b, c) })
		default:
			continue
		}
		ran = true
	}
	if !ran {
		b.Fatalf("testdata/bench-inputs.json has no case %s", family)
	}
}

func runCall(b *testing.B, c benchCase) {
	f := c.call()
	b.ReportAllocs()
	for b.Loop() {
		f()
	}
}

func BenchmarkParseDuration(b *testing.B) { runCases(b, "ParseDuration") }

func BenchmarkParseDurationString(b *testing.B) {
	for _, s := range durations {
		b.Run("in="+s, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkF, sinkErr = impl.ParseDurationString(s)
			}
		})
	}
}

// BenchmarkTimeParseDuration is the standard library's parser on the same
// inputs: the bar ParseDuration is held to.
func BenchmarkTimeParseDuration(b *testing.B) {
	for _, s := range durations {
		b.Run("in="+s, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkD, sinkErr = time.ParseDuration(s)
			}
		})
	}
}

func BenchmarkReadinessSettings(b *testing.B)    { runCases(b, "ReadinessSettings") }
func BenchmarkValidateTong(b *testing.B)         { runCases(b, "ValidateTong") }
func BenchmarkCanonicalAlias(b *testing.B)       { runCases(b, "CanonicalAlias") }
func BenchmarkAliasCollisions(b *testing.B)      { runCases(b, "AliasCollisions") }
func BenchmarkTongMountSpecs(b *testing.B)       { runCases(b, "TongMountSpecs") }
func BenchmarkTongResourceFlags(b *testing.B)    { runCases(b, "TongResourceFlags") }
func BenchmarkTongRunArgv(b *testing.B)          { runCases(b, "TongRunArgv") }
func BenchmarkSharedContainerName(b *testing.B)  { runCases(b, "SharedContainerName") }
func BenchmarkSessionContainerName(b *testing.B) { runCases(b, "SessionContainerName") }
func BenchmarkInjectAnvilArgv(b *testing.B)      { runCases(b, "InjectAnvilArgv") }
func BenchmarkAnvilOptionValue(b *testing.B)     { runCases(b, "AnvilOptionValue") }
func BenchmarkConfigHash(b *testing.B)           { runCases(b, "ConfigHash") }

// Spec version 2's operations (spec/SPEC-v2.md).

func BenchmarkValidateTongV2(b *testing.B)        { runCases(b, "ValidateTongV2") }
func BenchmarkTongRunArgvV2(b *testing.B)         { runCases(b, "TongRunArgvV2") }
func BenchmarkTongMountSpecsV2(b *testing.B)      { runCases(b, "TongMountSpecsV2") }
func BenchmarkSharedContainerNameV2(b *testing.B) { runCases(b, "SharedContainerNameV2") }
func BenchmarkOrgScopeToken(b *testing.B)         { runCases(b, "OrgScopeToken") }
func BenchmarkSharedNetworkName(b *testing.B)     { runCases(b, "SharedNetworkName") }
func BenchmarkSessionNetworkName(b *testing.B)    { runCases(b, "SessionNetworkName") }
func BenchmarkTongEnvVar(b *testing.B)            { runCases(b, "TongEnvVar") }
func BenchmarkMCPURL(b *testing.B)                { runCases(b, "MCPURL") }
func BenchmarkRunOverride(b *testing.B)           { runCases(b, "RunOverride") }
func BenchmarkExecTarget(b *testing.B)            { runCases(b, "ExecTarget") }
func BenchmarkSecretInjectArgv(b *testing.B)      { runCases(b, "SecretInjectArgv") }
func BenchmarkRenderSecretExports(b *testing.B)   { runCases(b, "RenderSecretExports") }
func BenchmarkPartitionSecretEnv(b *testing.B)    { runCases(b, "PartitionSecretEnv") }
func BenchmarkSecretProviderCommand(b *testing.B) { runCases(b, "SecretProviderCommand") }
func BenchmarkToCreateArgv(b *testing.B)          { runCases(b, "ToCreateArgv") }
func BenchmarkCheckTongSet(b *testing.B)          { runCases(b, "CheckTongSet") }
func BenchmarkPlanNetwork(b *testing.B)           { runCases(b, "PlanNetwork") }
func BenchmarkPlanInjection(b *testing.B)         { runCases(b, "PlanInjection") }

// BenchmarkFloor runs the floor of each case that has one (floor in
// benchinputs_test.go): the bare map reads or tree walk under an operation.
func BenchmarkFloor(b *testing.B) {
	for _, c := range benchCases {
		f := c.floor()
		if f == nil {
			continue
		}
		b.Run(c.bench, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f()
			}
		})
	}
}

func BenchmarkCanonicalJSON(b *testing.B) {
	def := githubTong()
	b.ReportAllocs()
	for b.Loop() {
		sinkB, sinkErr = impl.CanonicalJSON(def)
	}
}

func BenchmarkIsSecretValue(b *testing.B) {
	var v any = "${secret:op:op://vault/item/token}"
	b.ReportAllocs()
	for b.Loop() {
		sinkOK = impl.IsSecretValue(v)
	}
}

// fleet returns n tongs: mostly mcp tongs with distinct interface names,
// every fourth a port tong, every fifth a volume tong (no alias), and every
// tenth tong (an mcp one) claims the alias of the mcp tong two before it,
// in upper case: fleet(n) has (n-1)/10 collisions.
func fleet(n int) map[string]any {
	tongs := make(map[string]any, n)
	for i := range n {
		name := "tong-" + strconv.Itoa(i)
		var def map[string]any
		switch {
		case i%5 == 4:
			def = map[string]any{
				"lifecycle": "shared",
				"image":     "busybox",
				"interface": map[string]any{"kind": "volume", "volume": "cache-" + strconv.Itoa(i), "mountpoint": "/cache"},
				"readiness": map[string]any{"mode": "none"},
			}
		case i%4 == 3:
			def = map[string]any{
				"lifecycle": "session",
				"image":     "postgres:16",
				"interface": map[string]any{"kind": "port", "port": 5432},
			}
		default:
			alias := "mcp-" + strconv.Itoa(i)
			if i%10 == 0 && i > 0 {
				alias = "MCP-" + strconv.Itoa(i-2)
			}
			d := githubTong()
			d["interface"].(map[string]any)["name"] = alias
			def = d
		}
		tongs[name] = def
	}
	return tongs
}

// Scaling.

// longArgv returns an n-token docker run argv (n ≥ 6): a --net=bridge
// option first, "-e KEY=VALUE" pairs and --rm flags after it, a second
// network option last (which inject removes), then the image.
func longArgv(n int) []string {
	argv := make([]string, 0, n)
	argv = append(argv, "docker", "run", "--net=bridge")
	for len(argv) < n-2 {
		if n-2-len(argv) == 1 {
			argv = append(argv, "--rm")
			continue
		}
		argv = append(argv, "-e", "VAR_"+strconv.Itoa(len(argv))+"=value")
	}
	argv = append(argv, "--network=host", "ghcr.io/acme/harness:1.2")
	if len(argv) != n {
		panic(fmt.Sprintf("longArgv(%d) has %d tokens", n, len(argv)))
	}
	return argv
}

var scales = []int{10, 1_000, 10_000, 100_000}

func BenchmarkInjectAnvilArgvScaling(b *testing.B) {
	for _, n := range scales {
		argv := longArgv(n)
		b.Run("tokens="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkSS, sinkErr = impl.InjectAnvilArgv(argv, "swarmforge-s-1a2b3c", preImage, postImage)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/token")
		})
	}
}

func BenchmarkAnvilOptionValueScaling(b *testing.B) {
	for _, n := range scales {
		argv := longArgv(n)
		b.Run("tokens="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkS, sinkOK, sinkErr = impl.AnvilOptionValue(argv, "--network")
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/token")
		})
	}
}

// BenchmarkFleetWalkScaling reads, for each tong, only what
// AliasCollisions must read (interface.kind and interface.name): the floor
// under AliasCollisionsScaling. Its ns/tong grows with n too, as the
// fleet's maps outgrow the CPU caches.
func BenchmarkFleetWalkScaling(b *testing.B) {
	for _, n := range []int{10, 1_000, 100_000} {
		tongs := fleet(n)
		b.Run("tongs="+strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				sinkN = fleetWalk(tongs)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/tong")
		})
	}
}

func BenchmarkAliasCollisionsScaling(b *testing.B) {
	for _, n := range []int{10, 1_000, 100_000} {
		tongs := fleet(n)
		b.Run("tongs="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkM, sinkErr = impl.AliasCollisions(tongs)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/tong")
		})
	}
}
