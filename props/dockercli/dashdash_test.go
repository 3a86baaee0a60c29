package dockercli

import (
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/tongref/tongref/internal/testtables"
)

// The tokens after a "--" among docker's global options, where docker finds
// the subcommand by its command lookup (cobra's Traverse) and not by its
// flag parser (ARGV-3).

// dashTokens are the tokens the lookup and the flag parser may read
// differently: options that take a value, long and two-letter, known and
// unknown; options that take none, which may still be a value; clusters,
// "=" forms, "--" and "-", operands, and the command words.
var dashTokens = []string{
	"--config", "-x", "/tmp/d", "-", "", "--", "-D", "-Dl", "-l", "-lD", "debug", "-ldebug",
	"--config=-x", "--config=", "--debug", "--debug=false", "-D=true", "--tls", "--context", "-c",
	"-h", "--help", "-v", "--version", "--cloud", "-H", "--log-level", "--bogus", "-Z", "-x=", "-=",
	"---x", "--=x", "-test.v", "-Dtest.x", "run", "container", "create", "x", "é", "help",
}

// dashTails end a dashdash argv: a run or create with an image, or less.
var dashTails = [][]string{
	{"run", "--name", "a", "img"}, {"container", "run", "img"}, {"create", "--init", "img"},
	{"run", "img"}, {"run"}, {"img"}, {},
}

// DashDashArgv draws "docker [OPTION...] -- [TOKEN...] TAIL", the options
// and tokens from dashTokens: argvs that sit on the boundary between
// docker's two readings of its global options.
func DashDashArgv(t *rapid.T) []string {
	argv := []string{"docker"}
	argv = append(argv, rapid.SliceOfN(rapid.SampledFrom(dashTokens), 0, 2).Draw(t, "before")...)
	argv = append(argv, "--")
	after := rapid.SliceOfN(rapid.SampledFrom(dashTokens), 0, 5).Draw(t, "after")
	argv = append(argv, after...)
	return append(argv, rapid.SampledFrom(dashTails).Draw(t, "tail")...)
}

// dashdashContainerHelp are argvs whose "-h" or "--help" after a
// container docker's lookup reaches after a "--" reads differently: as the
// help flag when cobra's Find (which ExecuteC runs first, through
// initCompleteCmd, and docker's runDocker too) reached container and gave
// it the root's help flag, otherwise as an unknown option that takes the
// next token (ARGV-3).
var dashdashContainerHelp = [][]string{
	{"docker", "--", "--config", "x", "container", "-h", "run", "img"},                    // Find reaches container: -h is the help flag, run the subcommand
	{"docker", "--", "--config", "--config", "x", "container", "-h", "run", "img"},        // Find stops at x: -h takes run, and img is no subcommand
	{"docker", "--", "--config", "--config", "x", "container", "-h", "run", "run", "img"}, // -h takes the first run; docker runs the second
	{"docker", "--", "--config", "x", "container", "-h", "run", "run", "img"},             // -h is the help flag: run runs the image run
	{"docker", "--", "-l", "--config", "x", "container", "--help", "run", "img"},          // Find takes --config as -l's value and stops at x
	{"docker", "--", "--help", "container", "-h", "run", "img"},                           // --help takes no value: Find reaches container
	{"docker", "--", "-D", "x", "container", "-h", "run", "img"},                          // x is no command
	{"docker", "--", "--config"},                                  // an option with nothing after it ends Find
	{"docker", "--", "--config", "container", "-h", "run", "img"}, // --config takes container, to Find and to the lookup
	{"docker", "--", "--config", "--config", "x", "container", "-h", "--", "run", "img"},
}

// TestDashDashContainerHelp: docker and impl read dashdashContainerHelp
// alike, as checkAnvil says.
func TestDashDashContainerHelp(t *testing.T) {
	for _, argv := range dashdashContainerHelp {
		checkAnvil(t, argv, false)
	}
}

// propDashDashArgv: on argvs around a "--" among the global options,
// docker and impl agree as checkAnvil says.
func propDashDashArgv(t *rapid.T) { checkAnvil(t, DashDashArgv(t), false) }

func TestDashDashArgv(t *testing.T) { rapid.Check(t, propDashDashArgv) }

// propDashDashInject: InjectAnvilArgv keeps its promise (propInject) on
// those argvs: it splices after the subcommand docker's lookup found.
func propDashDashInject(t *rapid.T) { checkInject(t, DashDashArgv(t)) }

func TestDashDashInject(t *testing.T) { rapid.Check(t, propDashDashInject) }

// TestOptionRows: docker reads every argv of AnvilOptionValue's table
// (internal/testtables) as impl does, within the reviewed divergences: a
// row whose expectation is wrong about docker fails here.
func TestOptionRows(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range testtables.Options {
		argv := testtables.Words(r.Argv)
		if seen[r.Argv] || len(argv) == 0 || argv[0] != "docker" {
			continue // the program is ARGV-1's, which docker never sees
		}
		if !slices.Contains(argv, "run") && !slices.Contains(argv, "create") {
			continue // another command (container ls): docker's own would run, not the harness's hook
		}
		seen[r.Argv] = true
		t.Run(r.Rule+" "+r.Argv, func(t *testing.T) { checkAnvil(t, argv, false) })
	}
}
