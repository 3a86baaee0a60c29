// Package props holds tongref's properties: rapid tests (in its _test.go
// files) that check package impl against models of the spec's rules, and
// the little the other test suites share with them: the models themselves
// (ModelDuration, TokenModel, ValidSessionID; model.go), which the fuzz
// targets of package fuzz check against too, and the glue that runs the
// generators of package props/gen under rapid (T, Draw; rapid.go), so
// rapid labels and shrinks every choice.
//
// The generators are not here but in props/gen, which the conformance
// runner uses as well; spec/TESTING.md, "Properties", says what each
// property checks. `go test ./props` runs each property 100 times;
// `make props` runs them 100,000 times.
package props
