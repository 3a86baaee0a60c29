// Package golden pins the reference's output for a catalogue of example
// tong definitions in golden files under testdata/, so any change to an
// argv, a readiness setting, a hash or an error list shows up as a diff to
// review. Run `make golden` (go test ./golden ./cmd/tongref -update) to
// rewrite them after a reviewed change, then read `git diff golden/`.
//
// testdata/catalogue holds valid definitions, one of each interface kind
// and lifecycle; testdata/invalid holds invalid ones, one fault each, named
// after the fault. testdata/catalogue-v2 holds definitions that need spec
// version 2 (a session broker holding the docker socket, a declared
// entrypoint and command, a secret delivered over a FIFO), pinned with
// version 2's argv; it is a directory of its own because the version 1
// vector corpus (spec/vectors) is derived from every file of catalogue/,
// and must not change. testdata/invalid-v2 holds definitions version 1
// accepts and version 2 refuses, one fault each, pinned with version 2's
// error list. See README.md, "The command".
package golden
