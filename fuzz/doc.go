// Package fuzz holds tongref's native Go fuzz targets. Each target checks
// the invariants of spec/SPEC.md and spec/SPEC-v2.md (a round trip, a
// model, an identity), not only that nothing panics. Its seeds come from
// the tables themselves (seeds_test.go): the rows of impl's tables in
// internal/testtables, the vector corpus, the golden catalogue and the
// cases a failure taught us, added with f.Add, so plain `go test ./fuzz`
// runs them all. A crasher the fuzzer finds is committed under
// testdata/fuzz/TARGET/. `make fuzz` runs each target for FUZZTIME.
//
// Argvs come from the fuzzer's bytes split on NUL: a NUL cannot appear in
// a real argv token, so every argv is reachable.
package fuzz
