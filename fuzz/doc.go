// Package fuzz holds tongref's native Go fuzz targets. Each target checks
// the invariants of spec/SPEC.md (a round trip, a model, an identity), not
// only that nothing panics; its seed corpus, under testdata/fuzz/TARGET/,
// holds the rows of impl's tables and every case a failure taught us, so
// plain `go test ./fuzz` replays them all. `make fuzz` runs each target for
// FUZZTIME.
//
// Argvs come from the fuzzer's bytes split on NUL: a NUL cannot appear in
// a real argv token, so every argv is reachable.
package fuzz
