package main

import (
	"fmt"
	"io"

	"github.com/tongref/tongref/load"
)

func init() {
	register(&command{name: "validate", summary: "check tong definitions against the schema", run: runValidate})
}

func runValidate(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("validate", "[--spec 1] [--json] FILE...", `
Validate reads each tong definition (YAML .yaml/.yml or JSON .json; the tong
is named after the file, without its extension) and checks it as a launcher
would before starting it: under spec version 2 (impl.ValidateTongV2,
spec/SPEC-v2.md), the version tongref argv builds by default, or under
version 1 (impl.ValidateTong, spec/SPEC.md) with --spec 1. Every error is
printed to stderr as

  FILE:LINE: TONG: FIELD: INPUT: MESSAGE [RULE]

(without LINE when no line applies), RULE naming the rule of the spec it
breaks. The exit status is 1 if any definition is invalid; otherwise
validate prints "ok: N tong(s) valid" and exits 0. With --json it prints one
record per file to stdout instead.`, `
tongref validate tongs/github.yaml tongs/postgres.yaml
tongref validate --json tongs/*.yaml
tongref validate --spec 1 tongs/github.yaml`)
	spec := fs.Int("spec", 2, "the spec `VERSION` to validate against: 2, or 1")
	asJSON := fs.Bool("json", false, "print the results as JSON: [{file, tong, valid, errors: [{line, field, rule, input, message}]}]")
	files, code, done := fs.parse(args, true, stdout, stderr)
	if done {
		return code
	}
	if len(files) == 0 {
		return fs.usageError(stderr, "name at least one definition file")
	}
	if *spec != 1 && *spec != 2 {
		return fs.usageError(stderr, fmt.Sprintf("--spec %d: the spec versions are 1 and 2", *spec))
	}
	type result struct {
		File   string    `json:"file"`
		Tong   string    `json:"tong"`
		Valid  bool      `json:"valid"`
		Errors []finding `json:"errors"`
	}
	results := make([]result, 0, len(files))
	invalid := 0
	for _, f := range files {
		r := result{File: f, Tong: load.Name(f), Errors: []finding{}}
		d, err := load.File(f)
		if err == nil && *spec == 1 {
			err = d.Validate()
		} else if err == nil {
			err = d.ValidateV2()
		}
		if err != nil {
			r.Errors = findings(f, err)
		}
		r.Valid = len(r.Errors) == 0
		if !r.Valid {
			invalid++
		}
		results = append(results, r)
	}
	if *asJSON {
		writeJSON(stdout, results)
	} else {
		for _, r := range results {
			for _, e := range r.Errors {
				fmt.Fprintln(stderr, e.text)
			}
		}
		if invalid == 0 {
			fmt.Fprintf(stdout, "ok: %d tong(s) valid\n", len(files))
		} else {
			fmt.Fprintf(stderr, "tongref validate: %d of %d tong(s) invalid\n", invalid, len(files))
		}
	}
	if invalid > 0 {
		return exitInvalid
	}
	return exitOK
}
