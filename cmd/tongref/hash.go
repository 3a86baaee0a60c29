package main

import (
	"fmt"
	"io"

	"github.com/tongref/tongref/impl"
)

func init() {
	register(&command{name: "hash", summary: "print the config hash of tong definitions", run: runHash})
}

func runHash(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("hash", "[--canonical] [--json] FILE...", `
Hash prints the config hash of each definition (impl.ConfigHash: the
SHA-256 of its canonical JSON form, which a launcher stamps on a shared
tong's container to find a stale one later), as "HASH  FILE" lines like
sha256sum's. --canonical prints the canonical JSON form itself instead.
Any well-formed definition has a hash, valid or not.`, `
tongref hash tongs/broker.yaml
tongref hash --canonical tongs/broker.yaml`)
	canonical := fs.Bool("canonical", false, "print the canonical JSON form that is hashed, one line per file")
	asJSON := fs.Bool("json", false, "print [{file, tong, hash, canonical}] as JSON")
	files, code, done := fs.parse(args, true, stdout, stderr)
	if done {
		return code
	}
	if len(files) == 0 {
		return fs.usageError(stderr, "name at least one definition file")
	}
	docs, ok := loadFiles(files, stderr)
	if !ok {
		return exitInvalid
	}
	type result struct {
		File      string `json:"file"`
		Tong      string `json:"tong"`
		Hash      string `json:"hash"`
		Canonical string `json:"canonical"`
	}
	results := make([]result, 0, len(docs))
	for _, d := range docs {
		h, err := impl.ConfigHash(d.Value)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", d.File, err)
			return exitInvalid
		}
		c, err := impl.CanonicalJSON(d.Value)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", d.File, err)
			return exitInvalid
		}
		results = append(results, result{d.File, d.Name, h, string(c)})
	}
	for _, r := range results {
		switch {
		case *asJSON:
		case *canonical:
			fmt.Fprintln(stdout, r.Canonical)
		default:
			fmt.Fprintf(stdout, "%s  %s\n", r.Hash, r.File)
		}
	}
	if *asJSON {
		writeJSON(stdout, results)
	}
	return exitOK
}
