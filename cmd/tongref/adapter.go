package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"slices"

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
	fs := newFlagSet("adapter", "[--tagged] [--spec N] [--cpuprofile FILE]", `
Adapter answers conformance requests (spec/PROTOCOL.md) with the reference:
one JSON request per line on stdin, one JSON answer per line on stdout,
until stdin ends. It serves spec version 1, or the version --spec names
(its hello answer says which). It is the adapter the conformance runner
checks itself with, and a model for a launcher's own adapter.`, `
tongref conform --adapter 'tongref adapter' --cases 1000 --seed 1
printf '%s\n' '{"id":1,"op":"parse_duration","args":{"value":"30s","default":null}}' | tongref adapter`)
	tagged := fs.Bool("tagged", false, "ask for tagged values (spec/PROTOCOL.md) and read them")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to this `FILE` when stdin ends")
	spec := fs.Int("spec", 1, "the spec `VERSION` to serve")
	pos, code, done := fs.parse(args, false, stdout, stderr)
	if done {
		return code
	}
	if len(pos) > 0 {
		return fs.usageError(stderr, fmt.Sprintf("unexpected argument %q", pos[0]))
	}
	if !slices.Contains(conform.SpecVersions(), *spec) {
		return fs.usageError(stderr, fmt.Sprintf("--spec %d: the spec versions are %v", *spec, conform.SpecVersions()))
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
	if err := conform.Serve(stdin, stdout, conform.ServeOptions{Tagged: *tagged, Spec: *spec}); err != nil {
		fmt.Fprintf(stderr, "tongref adapter: %v\n", err)
		return exitInvalid
	}
	return exitOK
}
