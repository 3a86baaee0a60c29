package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gotest.tools/v3/golden"
)

// The CLI's output for the catalogue in golden/testdata, pinned. Each
// golden file holds one subcommand's cases: the command line, the exit
// status, stdout and stderr.
var cliCases = map[string][][]string{
	"validate": {
		{"validate", "catalogue/broker.yaml", "catalogue/github.yaml", "catalogue/indexer.yaml", "catalogue/models.yaml", "catalogue/postgres.yaml", "catalogue/search.json"},
		{"validate", "catalogue/github.yaml", "invalid/port-quoted.yaml", "invalid/mounts-host-path.yaml", "invalid/load-duplicate-key.yaml", "invalid/image-missing.yaml"},
		{"validate", "--json", "catalogue/github.yaml", "invalid/port-quoted.yaml", "invalid/load-ambiguous-yes.yaml"},
		{"validate", "invalid-v2/mounts-empty-mode.yaml", "invalid-v2/command-empty.yaml", "invalid-v2/secret-name-optind.yaml"},
		{"validate", "--spec", "1", "invalid-v2/mounts-empty-mode.yaml", "invalid-v2/command-empty.yaml", "invalid-v2/secret-name-optind.yaml"},
		{"validate", "--spec", "3", "catalogue/github.yaml"},
		{"validate", "catalogue/missing.yaml"},
		{"validate"},
	},
	"argv": {
		{"argv", "catalogue/github.yaml", "--session", "s1", "--network", "tongs", "--workspace", "/home/me/project", "--image-cmd", "stdio"},
		{"argv", "catalogue/github.yaml", "--workspace", "/home/me/project", "--fifo", "/tmp/s1/github.fifo", "--image-entrypoint", "/server/github-mcp-server", "--image-cmd", "stdio"},
		{"argv", "catalogue/github.yaml", "--session", "s1", "--workspace", "/home/me/my project", "--env", "SESSION_ID=s1", "--env", "GREETING=it's here", "--tmpfs", "/tmp/scratch", "--hash", "--spec", "1"},
		{"argv", "catalogue/github.yaml", "--session", "s1", "--network", "tongs", "--workspace", "/home/me/project", "--spec", "1"},
		{"argv", "catalogue/github.yaml", "--workspace", "/home/me/project"},
		{"argv", "catalogue/github.yaml", "--image-cmd", "stdio"},
		{"argv", "catalogue/postgres.yaml", "--session", "s1", "--network", "tongs", "--image-entrypoint", "docker-entrypoint.sh", "--image-cmd", "postgres"},
		{"argv", "catalogue/postgres.yaml", "--shared", "--label-hash", "0123abcd", "--image-cmd", "postgres"},
		{"argv", "catalogue/models.yaml", "--network", "tongs", "--hash"},
		{"argv", "catalogue/indexer.yaml", "--session", "s1", "--network", "tongs", "--workspace", "/home/me/project"},
		{"argv", "catalogue/broker.yaml", "--network", "tongs", "--hash", "--json", "--spec", "1"},
		{"argv", "catalogue/broker.yaml", "--shared", "--scope", "acme-cebc22fa", "--network", "swarmforge-shared-net-acme-cebc22fa", "--image-cmd", "/broker"},
		{"argv", "catalogue/broker.yaml", "--socket", "/run/user/1000/docker.sock", "--image-cmd", "/broker"},
		{"argv", "catalogue/search.json", "--session", "s1", "--network", "tongs", "--image-cmd", "serve"},
		{"argv", "catalogue/search.json", "--session", "s1", "--network", "tongs"},
		{"argv", "catalogue-v2/docker-broker.yaml", "--session", "s1", "--network", "swarmforge-session-s1", "--workspace", "/home/me/project", "--hash"},
		{"argv", "catalogue-v2/docker-broker.yaml", "--session", "s1", "--spec", "1"},
		{"argv", "catalogue-v2/ollama.yaml", "--session", "s1", "--network", "tongs"},
		{"argv", "catalogue-v2/linear.yaml", "--session", "s1", "--network", "tongs", "--fifo", "/run/user/1000/swarmforge/s1/linear.fifo"},
		{"argv", "invalid/port-quoted.yaml", "--session", "s1"},
		{"argv", "catalogue/postgres.yaml", "--network", "-bad", "--image-cmd", "postgres"},
		{"argv", "catalogue/postgres.yaml", "--session", "swarmforge-shared-x"},
		{"argv", "catalogue/postgres.yaml", "--env", "POSTGRES_DB=other", "--image-cmd", "postgres"},
		{"argv", "catalogue/postgres.yaml", "--env", "POSTGRES_PASSWORD=x", "--image-cmd", "postgres"},
		{"argv", "catalogue/postgres.yaml", "--env", "NOVALUE"},
		{"argv", "catalogue/postgres.yaml", "--shared", "--session", "s1"},
		{"argv", "catalogue/postgres.yaml", "catalogue/github.yaml"},
		{"argv", "catalogue/postgres.yaml", "--shared", "--scope", "acme", "--image-cmd", "postgres"},
		{"argv", "catalogue/postgres.yaml", "--session", "s1", "--scope", "acme-cebc22fa"},
		{"argv", "catalogue/postgres.yaml", "--fifo", "rel/fifo", "--image-cmd", "postgres"},
		{"argv", "catalogue/postgres.yaml", "--tmpfs", "/tmp/scratch"},
		{"argv", "catalogue/postgres.yaml", "--scope", "acme-cebc22fa", "--spec", "1"},
		{"argv", "catalogue/postgres.yaml", "--spec", "3"},
	},
	"inject": {
		{"inject", "--network", "tongs", "--pre", "-e", "--pre", "MCP_GITHUB_URL=http://github:8080", "--post", "--mcp-config", "--post", "/run/swarmforge/mcp.json", "--", "docker", "run", "--rm", "-it", "--user", "1000:1000", "--net=host", "ghcr.io/acme/anvil:latest", "--net=host"},
		{"inject", "--json", "--network", "tongs", "--", "docker", "--context", "remote", "run", "-it", "ghcr.io/acme/anvil:latest"},
		{"inject", "--", "docker", "run", "anything at all"},
		{"inject", "--network", "tongs", "--", "docker", "ps"},
		{"inject", "--network", "tongs"},
	},
	"duration": {
		{"duration", "30s", "500ms", "1.5m", "2h", "45", "1.1h"},
		{"duration", "--json", "30s", "30 sec"},
		{"duration", "--", "-5s", "0"},
	},
	"names": {
		{"names", "--session", "s1", "github", "my tong", "a_b", ""},
		{"names", "--shared", "--json", "broker", "Broker!"},
		{"names", "--session", "swarmforge-shared", "github"},
		{"names", "github"},
	},
	"collisions": {
		{"collisions", "catalogue/broker.yaml", "catalogue/github.yaml", "catalogue/indexer.yaml", "catalogue/models.yaml", "catalogue/postgres.yaml", "catalogue/search.json"},
		{"collisions", "catalogue/postgres.yaml", "collide/pgadmin.yaml", "catalogue/github.yaml"},
		{"collisions", "--json", "catalogue/postgres.yaml", "collide/pgadmin.yaml"},
		{"collisions", "catalogue/github.yaml", "catalogue/github.yaml"},
	},
	"hash": {
		{"hash", "catalogue/broker.yaml", "catalogue/github.yaml", "catalogue/search.json"},
		{"hash", "--canonical", "catalogue/postgres.yaml"},
		{"hash", "--json", "catalogue/models.yaml"},
		{"hash", "invalid/load-binary.yaml"},
	},
	"plan": {
		{"plan", "--harness", "claude", "--workspace", "/home/me/project", "plan/claude", "--", "docker", "run", "-it", "--rm", "--name", "claude-x", "anvil:latest"},
		{"plan", "--json", "--harness", "claude", "--workspace", "/home/me/project", "plan/claude/github.yaml", "--", "docker", "run", "-it", "--rm", "--name", "claude-x", "anvil:latest"},
		{"plan", "--harness", "opencode", "--org", "plan/org/.swarmforge/tongs", "--scope", "acme-cebc22fa", "plan/org-session", "--", "docker", "run", "-it", "--rm", "--name", "opencode-1", "--network", "tongs", "anvil:latest"},
		{"plan", "--harness", "claude", "--workspace", "/home/me/project", "plan/shared-session", "--", "docker", "run", "-it", "--rm", "--name", "claude-y", "--network", "tongs", "anvil:latest"},
		{"plan", "--harness", "claude", "plan/shared-session", "--", "docker", "run", "-it", "--rm", "--name", "claude-y", "anvil:latest"},
		{"plan", "plan/refused", "--", "docker", "run", "-it", "--name", "c", "anvil:latest"},
		{"plan", "--json", "plan/refused", "--", "docker", "run", "-it", "--name", "c", "anvil:latest"},
		{"plan", "invalid/load-duplicate-key.yaml", "catalogue/github.yaml", "--", "docker", "run", "--name", "c", "anvil:latest"},
		{"plan", "--json", "invalid/load-duplicate-key.yaml", "catalogue/github.yaml", "--", "docker", "run", "--name", "c", "anvil:latest"},
		{"plan", "--harness", "codex", "plan/claude", "--", "docker", "run", "--network", "tongs", "anvil:latest"},
		{"plan", "plan/claude", "--", "docker", "run", "--sig-proxy=false", "--name", "s1", "--network", "tongs", "anvil:latest"},
		{"plan", "plan/claude", "--", "docker", "run", "-itd", "--name", "s1", "--network", "a", "--net=b", "anvil:latest"},
		{"plan", "plan/claude", "--", "docker", "run", "--name", "s1", "--network", "container:db", "anvil:latest"},
		{"plan", "plan/claude"},
		{"plan", "--org", "", "plan/claude", "--", "docker", "run", "--name", "c", "anvil:latest"},
		{"plan", "--org", "plan/org/.swarmforge/tongs", "--scope=", "plan/claude", "--", "docker", "run", "--name", "c", "anvil:latest"},
		{"plan", "--scope", "acme-cebc22fa", "plan/claude", "--", "docker", "run", "--name", "c", "anvil:latest"},
	},
	"readiness": {
		{"readiness", "catalogue/broker.yaml", "catalogue/github.yaml", "catalogue/indexer.yaml", "catalogue/models.yaml", "catalogue/postgres.yaml", "catalogue/search.json"},
		{"readiness", "--json", "catalogue/indexer.yaml", "catalogue/github.yaml"},
		{"readiness", "invalid/readiness-timeout-typo.yaml"},
	},
}

// runCase runs one command line in-process and renders what it did.
func runCase(args []string) string {
	var stdout, stderr bytes.Buffer
	code := run(args, strings.NewReader(""), &stdout, &stderr)
	return fmt.Sprintf("$ tongref %s\nexit %d\n--- stdout\n%s--- stderr\n%s\n", shellJoin(args), code, stdout.String(), stderr.String())
}

func TestCLIGolden(t *testing.T) {
	dir, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir("../../golden/testdata") // so file names in the output are short
	for name, cases := range cliCases {
		t.Run(name, func(t *testing.T) {
			var b strings.Builder
			for _, args := range cases {
				b.WriteString(runCase(args))
			}
			golden.Assert(t, b.String(), filepath.Join(dir, name+".golden"))
		})
	}
}

// Every registered subcommand answers --help and -h with its usage, its
// flags and an example of itself, on stdout, with exit status 0 and nothing
// on stderr; an unknown flag is a usage error (2) that points to --help. The
// test walks the command table, so a subcommand added without help fails.
func TestHelp(t *testing.T) {
	if len(commands) < 11 {
		t.Fatalf("%d subcommands registered, want at least 11", len(commands))
	}
	for name := range commands {
		for _, help := range []string{"--help", "-h"} {
			var stdout, stderr bytes.Buffer
			if code := run([]string{name, help}, strings.NewReader(""), &stdout, &stderr); code != exitOK {
				t.Errorf("tongref %s %s: exit %d, want %d (stderr %q)", name, help, code, exitOK, stderr.String())
			}
			out := stdout.String()
			if !strings.HasPrefix(out, "Usage: tongref "+name+" ") || !strings.Contains(out, "\nExample:\n  tongref ") {
				t.Errorf("tongref %s %s printed no usage with an example:\n%s", name, help, out)
			}
			if !strings.Contains(out[strings.Index(out, "\nExample:\n")+1:], "tongref "+name) {
				t.Errorf("tongref %s %s: the example does not run tongref %s:\n%s", name, help, name, out)
			}
			if stderr.Len() > 0 {
				t.Errorf("tongref %s %s wrote to stderr: %q", name, help, stderr.String())
			}
		}
		var stdout, stderr bytes.Buffer
		if code := run([]string{name, "--no-such-flag"}, strings.NewReader(""), &stdout, &stderr); code != exitUsage {
			t.Errorf("tongref %s --no-such-flag: exit %d, want %d", name, code, exitUsage)
		}
		if want := "Run tongref " + name + " --help for the flags and an example."; !strings.Contains(stderr.String(), want) {
			t.Errorf("tongref %s --no-such-flag: stderr %q does not say %q", name, stderr.String(), want)
		}
		if stdout.Len() > 0 {
			t.Errorf("tongref %s --no-such-flag wrote to stdout: %q", name, stdout.String())
		}
	}
}

// The top-level help lists every subcommand with its summary.
func TestUsageListsCommands(t *testing.T) {
	var stdout bytes.Buffer
	if code := run([]string{"--help"}, nil, &stdout, io.Discard); code != exitOK {
		t.Errorf("tongref --help: exit %d, want %d", code, exitOK)
	}
	for name, c := range commands {
		if c.summary == "" || !strings.Contains(stdout.String(), fmt.Sprintf("  %-12s %s\n", name, c.summary)) {
			t.Errorf("tongref --help does not list %s with its summary:\n%s", name, stdout.String())
		}
	}
}

// Flags are listed as flag.PrintDefaults lists them. tongref ships no
// faulty adapter: the defects the runner is tested against are test code
// (internal/conform/defects_test.go), so adapter has no --break.
func TestHelpListsFlags(t *testing.T) {
	var stdout bytes.Buffer
	run([]string{"adapter", "--help"}, nil, &stdout, io.Discard)
	if !strings.Contains(stdout.String(), "  -tagged\n    \task for tagged values") {
		t.Errorf("tongref adapter --help does not list --tagged:\n%s", stdout.String())
	}
	var stderr bytes.Buffer
	if code := run([]string{"adapter", "--break", "crash"}, strings.NewReader(""), io.Discard, &stderr); code != exitUsage {
		t.Errorf("tongref adapter --break crash: exit %d, stderr %q; want %d, an unknown flag", code, stderr.String(), exitUsage)
	}
}

// writeFlag prints what flag.PrintDefaults prints for each kind of flag.
func TestWriteFlagMatchesPrintDefaults(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.String("s", "", "a string")
	fs.String("d", "dir/x", "a string with a `PATH` default")
	fs.Bool("b", false, "a bool")
	fs.Int("n", 7, "an int")
	fs.Int("z", 0, "a zero int")
	fs.Duration("t", 5*time.Second, "a duration")
	fs.Duration("u", 0, "a zero duration")
	fs.Uint64("w", 0, "a uint64")
	var l listFlag
	fs.Var(&l, "l", "a list\nover two lines")
	var want, got strings.Builder
	fs.SetOutput(&want)
	fs.PrintDefaults()
	fs.VisitAll(func(f *flag.Flag) { writeFlag(&got, f) })
	if got.String() != want.String() {
		t.Errorf("writeFlag:\n%s\nflag.PrintDefaults:\n%s", got.String(), want.String())
	}
}

var quoteTests = []struct{ in, want string }{
	{"", "''"},
	{"docker", "docker"},
	{"--net=host", "--net=host"},
	{"a b", "'a b'"},
	{"it's", `'it'\''s'`},
	{"$HOME", "'$HOME'"},
	{"~", "'~'"},
	{"#x", "'#x'"},
	{"a\nb", "'a\nb'"},
	{"é", "'é'"},
	{"${secret:op:op://vault/item/token}", "'${secret:op:op://vault/item/token}'"},
}

func TestShellQuote(t *testing.T) {
	for _, tt := range quoteTests {
		if got := shellQuote(tt.in); got != tt.want {
			t.Errorf("shellQuote(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// A real POSIX shell reads each quoted word back as the word itself.
func TestShellQuoteRoundTrip(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	for _, tt := range quoteTests {
		out, err := exec.Command(sh, "-c", "printf %s "+shellQuote(tt.in)).Output()
		if err != nil || string(out) != tt.in {
			t.Errorf("sh -c 'printf %%s %s' = %q, %v; want %q", shellQuote(tt.in), out, err, tt.in)
		}
	}
}
