package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/tongref/tongref/internal/conform"
	"github.com/tongref/tongref/spec/vectors"
)

func init() {
	register(&command{
		name:    "conform",
		summary: "check a launcher's adapter against the reference (spec/PROTOCOL.md)",
		run:     runConform,
	})
}

func runConform(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fset := newFlagSet("conform", "--adapter CMD|--in-process [--cases N] [--seed S] [--ops a,b] [--time D] [--expect FILE] [--json] [--out-of-domain] [--timeout D] [--max-line BYTES] [--max-restarts N] [--vectors DIR] [--spec N]", `
Conform sends the vector corpus, then N generated cases per op, to the
adapter (spec/PROTOCOL.md); it compares each answer with the reference and
shrinks each divergence to a minimal request. The spec version checked is
the one the adapter's hello answer names (1 when it names none); --spec
asks for one, refusing an adapter of another, and picks the version an
--in-process run checks. The exit status is 0 when nothing unexpected
diverged, 1 otherwise (and when no case was compared at all), 130 or 143
when SIGINT or SIGTERM ends the run (the adapter is killed first). The
limits (--timeout, --max-line, --max-restarts) are in spec/PROTOCOL.md.`, `
tongref conform --adapter 'python3 adapters/python/swarmforge_adapter.py --module tongs.py' --cases 10000
tongref conform --adapter 'tongref adapter' --cases 7700 --seed 1`)
	adapter := fset.String("adapter", "", "the adapter command, run with sh -c")
	inProcess := fset.Bool("in-process", false, "run with no adapter: the reference answers each case in process, with no pipe or JSON (measures what the runner costs)")
	cases := fset.Int("cases", 1000, "generated cases per op")
	seed := fset.Uint64("seed", 0, "seed of the generated cases (0: pick one and print it)")
	ops := fset.String("ops", "", "comma-separated ops to check (default all)")
	limit := fset.Duration("time", 0, "stop generating cases after about this long, each op getting a share and at least 256 cases (0: no limit)")
	expect := fset.String("expect", "", "JSON Lines file of known divergences {op, args, reason}")
	asJSON := fset.Bool("json", false, "write the report as JSON")
	ood := fset.Bool("out-of-domain", false, "also send inputs outside each op's domain (only crashes and hangs count there)")
	timeout := fset.Duration("timeout", 5*time.Second, "per-request timeout")
	maxLine := fset.Int("max-line", conform.DefaultMaxLine, "the longest answer line read, in bytes; a longer one is a protocol fault (garbage)")
	maxRestarts := fset.Int("max-restarts", 20, "give up after the adapter failed this many times (each failure restarts it)")
	vecDir := fset.String("vectors", "", "read the vector corpus from this directory instead of the built-in copy")
	cpuProfile := fset.String("cpuprofile", "", "write a CPU profile of the run to this file (go tool pprof reads it)")
	spec := fset.Int("spec", 0, "the spec `VERSION` to check (default: the adapter's; 1 in process)")
	pos, code, done := fset.parse(args, false, stdout, stderr)
	if done {
		return code
	}
	if len(pos) > 0 {
		return fset.usageError(stderr, fmt.Sprintf("unexpected argument %q", pos[0]))
	}
	if (*adapter == "") == !*inProcess {
		return fset.usageError(stderr, "give --adapter CMD, or --in-process")
	}
	if *cases < 0 {
		return fset.usageError(stderr, "--cases must not be negative")
	}
	if *maxRestarts < 0 {
		return fset.usageError(stderr, "--max-restarts must not be negative")
	}
	if *spec != 0 && !slices.Contains(conform.SpecVersions(), *spec) {
		return fset.usageError(stderr, fmt.Sprintf("--spec %d: the spec versions are %v", *spec, conform.SpecVersions()))
	}
	if *maxLine <= 0 {
		return fset.usageError(stderr, "--max-line must be a number of bytes greater than zero")
	}
	opts := conform.Options{Adapter: *adapter, Cases: *cases, Seed: *seed, Time: *limit, Timeout: *timeout, OutOfDomain: *ood, MaxRestarts: *maxRestarts, MaxLine: *maxLine, Spec: *spec, Build: buildOf(debug.ReadBuildInfo())}
	if opts.MaxRestarts == 0 {
		opts.MaxRestarts = -1 // Options' zero is the default
	}
	if opts.Seed == 0 {
		opts.Seed = uint64(time.Now().UnixNano())
	}
	if *ops != "" {
		for _, op := range strings.Split(*ops, ",") {
			op = strings.TrimSpace(op)
			if !conform.IsAnyOp(op) {
				return fset.usageError(stderr, fmt.Sprintf("unknown op %q; the ops are %s", op, strings.Join(conform.Ops, ", ")))
			}
			opts.Ops = append(opts.Ops, op)
		}
	}
	var vfs fs.FS = vectors.Files
	if *vecDir != "" {
		// a corpus that is not there would make a run that sends no
		// vector and still passes
		if fi, err := os.Stat(*vecDir); err != nil || !fi.IsDir() {
			return fset.usageError(stderr, fmt.Sprintf("--vectors %s: not a directory; give the directory of the OP.jsonl files (spec/vectors)", *vecDir))
		}
		vfs = os.DirFS(*vecDir)
	}
	vecs, err := loadVectors(vfs)
	if err != nil {
		fmt.Fprintf(stderr, "tongref conform: %v\n", err)
		return exitInvalid
	}
	if len(vecs) == 0 {
		return fset.usageError(stderr, fmt.Sprintf("--vectors %s holds no vector (no OP.jsonl file, or only empty ones)", *vecDir))
	}
	opts.Vectors = vecs
	if *expect != "" {
		b, err := os.ReadFile(*expect)
		if err != nil {
			fmt.Fprintf(stderr, "tongref conform: %v\n", err)
			return exitUsage
		}
		if opts.Expect, err = conform.ParseExpect(b, *expect); err != nil {
			fmt.Fprintf(stderr, "tongref conform: %v\n", err)
			return exitUsage
		}
	}
	if isTerminal(stderr) {
		total := *cases*len(opsOrAll(opts.Ops)) + len(vecs)
		opts.Progress = func(done int) {
			fmt.Fprintf(stderr, "\r%d/%d cases", done, total)
		}
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "tongref conform: %v\n", err)
			return exitUsage
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "tongref conform: %v\n", err)
			return exitUsage
		}
		defer pprof.StopCPUProfile()
	}
	defer onInterrupt(stderr)()
	rep, err := conform.Run(opts)
	if opts.Progress != nil {
		fmt.Fprint(stderr, "\r\033[K")
	}
	if err != nil {
		fmt.Fprintf(stderr, "tongref conform: %v\n", err)
		return exitInvalid
	}
	if *asJSON {
		stdout.Write(rep.JSON())
	} else {
		rep.WriteText(stdout)
	}
	if rep.Unexpected() {
		return exitInvalid
	}
	return exitOK
}

// onInterrupt makes SIGINT and SIGTERM end the run at once: the adapters
// run in process groups of their own, which a terminal's Ctrl-C does not
// reach, so they are killed first; the exit status is 128 plus the
// signal's number, as a shell reports a command a signal ended. It
// returns the function that restores the default handling.
func onInterrupt(stderr io.Writer) func() {
	sigs := make(chan os.Signal, 1)
	done := make(chan struct{})
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		select {
		case sig := <-sigs:
			conform.KillAdapters()
			fmt.Fprintf(stderr, "tongref conform: %v: the adapter was stopped, the run abandoned\n", sig)
			os.Exit(128 + int(sig.(syscall.Signal)))
		case <-done:
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(done)
	}
}

func opsOrAll(ops []string) []string {
	if ops == nil {
		return conform.Ops
	}
	return ops
}

// loadVectors reads every OP.jsonl of a corpus directory, in op order,
// then every vN/OP.jsonl (spec version N's).
func loadVectors(fsys fs.FS) ([]conform.Vector, error) {
	names, err := fs.Glob(fsys, "*.jsonl")
	if err != nil {
		return nil, err
	}
	later, err := fs.Glob(fsys, "v[0-9]*/*.jsonl")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	sort.Strings(later)
	names = append(names, later...)
	var out []conform.Vector
	for _, name := range names {
		f, err := fsys.Open(name)
		if err != nil {
			return nil, err
		}
		v, err := conform.ReadVectors(f, path.Join("spec/vectors", name))
		f.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, v...)
	}
	return out, nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
