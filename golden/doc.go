// Package golden pins the reference's output for a catalogue of example
// tong definitions in golden files under testdata/, so any change to an
// argv, a readiness setting, a hash or an error list shows up as a diff to
// review. Run `make golden` (go test ./golden ./cmd/tongref -update) to
// rewrite them after a reviewed change, then read `git diff golden/`.
//
// testdata/catalogue holds valid definitions, one of each interface kind
// and lifecycle; testdata/invalid holds invalid ones, one fault each, named
// after the fault. See README.md, "The command".
package golden
