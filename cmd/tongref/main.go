// Command tongref is the tong launch toolkit's reference on the command
// line: it validates tong definitions, prints the docker argv the reference
// builds for them, rewrites anvil argvs, and runs the conformance suite
// against other launchers. validate and argv follow spec version 2
// (spec/SPEC-v2.md) unless --spec 1 asks for version 1 (spec/SPEC.md);
// tongref SUBCOMMAND --help says each one's flags, and README.md, "The
// command", all of them.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"

	"github.com/tongref/tongref/internal/conform"
)

// Exit codes, the same for every subcommand.
const (
	exitOK      = 0 // success
	exitInvalid = 1 // invalid input, or findings (errors, divergences)
	exitUsage   = 2 // the command line itself is wrong
)

// command is one subcommand. Each lives in a file of its own and adds
// itself to the table with register, from an init function.
type command struct {
	name    string
	summary string // one line for the command list
	// run executes the subcommand with its arguments (after the name) and
	// returns the exit code. It writes results to stdout and errors to
	// stderr.
	run func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

var commands = map[string]*command{}

func register(c *command) {
	if _, dup := commands[c.name]; dup {
		panic("tongref: subcommand registered twice: " + c.name)
	}
	commands[c.name] = c
}

func main() {
	lessGC()
	if len(os.Args) > 1 && os.Args[1] == "conform" && adoptOrphans() {
		// a process an adapter leaves behind becomes tongref's child
		// when its parent exits, and is killed with the adapter
		conform.Adopting.Store(true)
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "tongref: unknown subcommand %q; run tongref --help for the list\n", args[0])
		return exitUsage
	}
	return c.run(args[1:], stdin, stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "tongref: the tong launch toolkit's reference implementation")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: tongref SUBCOMMAND [FLAGS] [ARGS]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Subcommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run tongref SUBCOMMAND --help for its flags and an example.")
	fmt.Fprintln(w, "Exit status: 0 success, 1 invalid input or findings, 2 usage error.")
}

// lessGC lets the heap grow to 5 times the live data between collections
// instead of 2 (GOGC=400), unless GOGC is set. The subcommands that run
// long, conform and adapter, keep small live heaps (the runner's pool and
// window, one request at a time), and at the default the collector took a
// fifth of a conformance run's CPU time; the others end in milliseconds.
// A process-wide setting, so main makes it, not the library.
func lessGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
}
