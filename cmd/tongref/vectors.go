package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/tongref/tongref/internal/conform"
)

func init() {
	register(&command{
		name:    "vectors",
		summary: "write the conformance vector corpus (spec/vectors) from the reference",
		run:     runVectors,
	})
}

func runVectors(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tongref vectors", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "spec/vectors", "directory to write OP.jsonl files into")
	golden := fs.String("golden", "golden/testdata", "the golden catalogue, whose definitions and cases join the corpus")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: tongref vectors [--out DIR]")
		fmt.Fprintln(stderr, "Writes the vector corpus, one JSON Lines file per op: each request with the rule it covers and the reference's answer.")
		fmt.Fprintln(stderr, "The corpus is the hand-picked cases and every case of the golden catalogue; run it from the repository's root.")
		fmt.Fprintln(stderr, "Example: tongref vectors --out spec/vectors")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "tongref vectors: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintf(stderr, "tongref vectors: %v\n", err)
		return exitInvalid
	}
	files, err := conform.CorpusFiles(*golden)
	if err != nil {
		fmt.Fprintf(stderr, "tongref vectors: %v\n", err)
		return exitInvalid
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(*out, n), files[n], 0o644); err != nil {
			fmt.Fprintf(stderr, "tongref vectors: %v\n", err)
			return exitInvalid
		}
	}
	fmt.Fprintf(stdout, "wrote %d files to %s\n", len(names), *out)
	return exitOK
}
