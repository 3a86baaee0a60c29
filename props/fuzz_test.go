package props

import (
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// Fuzz targets that run properties with the fuzzer's bytes as rapid's
// choices instead of its random source, so coverage guidance reaches what
// random draws miss (`make fuzz` runs them beside tongref/fuzz's). A
// crasher the fuzzer finds goes under testdata/fuzz/TARGET/, a
// regression test to keep.

// fuzzSeeds are the rapid-driven targets' seeds: no bytes, all zero bytes
// (every generator's simplest value), a repeated pattern, all 0xff bytes.
func fuzzSeeds(f *testing.F) {
	for _, s := range []string{"", strings.Repeat("\x00", 64), strings.Repeat("\x01\x02\x03\x04\x05\x06\x07\x08", 32), strings.Repeat("\xff", 256)} {
		f.Add([]byte(s))
	}
}

// FuzzInjectMachine runs injectMachine (INJ-1 to INJ-7, OPT-3).
func FuzzInjectMachine(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(rapid.MakeFuzz(injectMachine))
}

// FuzzValidateProp runs validateIsTotalAndDeterministic (§5, DM-6).
func FuzzValidateProp(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(rapid.MakeFuzz(validateIsTotalAndDeterministic))
}

// FuzzOptionValueProp runs optionValueMatchesModel (OPT-1, OPT-3, OPT-4).
func FuzzOptionValueProp(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(rapid.MakeFuzz(optionValueMatchesModel))
}
