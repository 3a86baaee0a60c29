package testtables

import (
	"math"
	"math/big"
	"strings"
)

// Duration is a row of ParseDuration's table (DUR-1 to DUR-5): the value
// and, when the row is accepted, the seconds it gives with the default 30;
// a refused row's Rule is the rule of the error.
type Duration struct {
	Rule  string
	Value any
	Want  float64 // when the row is accepted
	OK    bool
}

var (
	maxIntFloat, _ = new(big.Int).SetString("179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858367", 10) // 2^1024 - 2^970 - 1: rounds down to MaxFloat64
	halfwayInt, _  = new(big.Int).SetString("179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792", 10) // 2^1024 - 2^970: ties to even, up to 2^1024
)

// Huge is an integer beyond int64 and uint64.
var Huge, _ = new(big.Int).SetString("123456789012345678901234567890", 10)

// Durations is ParseDuration's table; the fuzz target FuzzParseDuration
// is seeded with its strings.
var Durations = []Duration{
	// DUR-1: null gives the default.
	{"DUR-1", nil, 30, true},

	// DUR-2: numbers are seconds.
	{"DUR-2", 5, 5, true},
	{"DUR-2", int64(1) << 53, 1 << 53, true},
	{"DUR-2", uint64(1<<64 - 1), 18446744073709551615, true},
	{"DUR-2", 0.25, 0.25, true},
	{"DUR-2", float32(0.5), 0.5, true},
	{"DUR-2", big.NewInt(7), 7, true},
	{"DUR-2", maxIntFloat, math.MaxFloat64, true},
	{"DUR-4", halfwayInt, 0, false},
	{"DUR-2", math.MaxFloat64, math.MaxFloat64, true},
	{"DUR-2", math.SmallestNonzeroFloat64, math.SmallestNonzeroFloat64, true},

	// DUR-3: the string grammar.
	{"DUR-3", "30s", 30, true},
	{"DUR-3", "30", 30, true},
	{"DUR-3", "500ms", 0.5, true},
	{"DUR-3", "100ms", 0.1, true},
	{"DUR-3", "0.1ms", 0.0001, true},
	{"DUR-3", "2m", 120, true},
	{"DUR-3", "1.5m", 90, true},
	{"DUR-3", "1h", 3600, true},
	{"DUR-3", "1.1h", 3960.0000000000005, true},
	{"DUR-3", "2.675h", 9630, true},
	{"DUR-3", " \t30s\r\n", 30, true},
	{"DUR-3", "\v\f1\f\v", 1, true},
	{"DUR-3", "007s", 7, true},
	{"DUR-3", "1.9s", 1.9, true}, // 9 is a digit after the point too
	{"DUR-3", "1.", 0, false},    // the point, then the end of the string
	{"DUR-3", "0.000000000000000000001s", 1e-21, true},
	{"DUR-3", "30 s", 0, false},
	{"DUR-3", "30S", 0, false},
	{"DUR-3", "30sec", 0, false},
	{"DUR-3", "30ss", 0, false},
	{"DUR-3", "1h30m", 0, false},
	{"DUR-3", "-5s", 0, false},
	{"DUR-3", "+5s", 0, false},
	{"DUR-3", ".5s", 0, false},
	{"DUR-3", "5.s", 0, false},
	{"DUR-3", "1e3", 0, false},
	{"DUR-3", "0x10", 0, false},
	{"DUR-3", "1_000", 0, false},
	{"DUR-3", "", 0, false},
	{"DUR-3", "   ", 0, false},
	{"DUR-3", "s", 0, false},
	{"DUR-3", "٣٠s", 0, false},       // Arabic-Indic digits
	{"DUR-3", "\u00a030s", 0, false}, // no-break space
	{"DUR-3", "30s\u2003", 0, false},
	{"DUR-3", "３０s", 0, false}, // fullwidth digits
	{"DUR-3", "NaN", 0, false},
	{"DUR-3", "inf", 0, false},
	{"DUR-3", "30s\x00", 0, false},

	// DUR-4: finite and greater than zero.
	{"DUR-4", 1e-300, 1e-300, true},
	{"DUR-4", "0.001ms", 0.001 * 0.001, true},
	{"DUR-4", "0", 0, false},
	{"DUR-4", "0.0ms", 0, false},
	{"DUR-4", "0." + strings.Repeat("0", 400) + "1ms", 0, false}, // underflows to zero
	{"DUR-4", "1" + strings.Repeat("0", 400), 0, false},
	{"DUR-4", "1" + strings.Repeat("0", 305) + "h", 0, false},
	{"DUR-4", 0, 0, false},
	{"DUR-4", -1, 0, false},
	{"DUR-4", 0.0, 0, false},
	{"DUR-4", math.Copysign(0, -1), 0, false},
	{"DUR-4", -0.5, 0, false},
	{"DUR-4", math.NaN(), 0, false},
	{"DUR-4", math.Inf(1), 0, false},
	{"DUR-4", math.Inf(-1), 0, false},
	{"DUR-4", new(big.Int).Lsh(big.NewInt(1), 2000), 0, false},
	{"DUR-4", new(big.Int).Neg(Huge), 0, false},

	// DUR-5: other types.
	{"DUR-5", true, 0, false},
	{"DUR-5", false, 0, false},
	{"DUR-5", []any{"30s"}, 0, false},
	{"DUR-5", map[string]any{"s": 30}, 0, false},
	{"DUR-5", struct{}{}, 0, false},
}
