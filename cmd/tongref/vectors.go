package main

import (
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
	fs := newFlagSet("vectors", "[--out DIR] [--golden DIR]", `
Vectors writes the vector corpus, one JSON Lines file per op: each request
with the rule it covers and the reference's answer. The corpus is the
hand-picked cases and every case of the golden catalogue; run it from the
repository's root (make vectors does).`, `
tongref vectors --out spec/vectors`)
	out := fs.String("out", "spec/vectors", "write the OP.jsonl files into `DIR`")
	golden := fs.String("golden", "golden/testdata", "the golden catalogue, whose definitions and cases join the corpus")
	pos, code, done := fs.parse(args, false, stdout, stderr)
	if done {
		return code
	}
	if len(pos) > 0 {
		return fs.usageError(stderr, fmt.Sprintf("unexpected argument %q", pos[0]))
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
