package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"

	"github.com/tongref/tongref/internal/conform"
)

func init() {
	register(&command{
		name:    "adapter",
		summary: "serve the conformance protocol (spec/PROTOCOL.md) with the reference",
		run:     runAdapter,
	})
}

func runAdapter(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tongref adapter", flag.ContinueOnError)
	fs.SetOutput(stderr)
	tagged := fs.Bool("tagged", false, "ask for tagged values (spec/PROTOCOL.md) and read them")
	// --break builds one known defect into the reference, to test the
	// runner; it is deliberately left out of the usage text.
	brk := fs.String("break", "", "")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to this file when stdin ends")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: tongref adapter [--tagged]")
		fmt.Fprintln(stderr, "Answers conformance requests on stdin with the reference, one JSON line each, on stdout.")
		fmt.Fprintln(stderr, "Example: tongref conform --adapter 'tongref adapter'")
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "tongref adapter: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	if *brk != "" {
		if _, ok := conform.Faults[*brk]; !ok {
			fmt.Fprintf(stderr, "tongref adapter: unknown defect %q\n", *brk)
			return exitUsage
		}
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "tongref adapter: %v\n", err)
			return exitUsage
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "tongref adapter: %v\n", err)
			return exitUsage
		}
		defer pprof.StopCPUProfile()
	}
	if err := conform.Serve(stdin, stdout, conform.ServeOptions{Tagged: *tagged, Break: *brk}); err != nil {
		fmt.Fprintf(stderr, "tongref adapter: %v\n", err)
		return exitInvalid
	}
	return exitOK
}
