package impl

import (
	"math"
	"strconv"
)

// ParseDuration resolves a readiness duration to a number of seconds
// (rules DUR-1 to DUR-5).
//
// First, a nil value gives def (DUR-1). Second, an integer or a float (never
// a bool) is that many seconds (DUR-2). Third, a string follows the grammar
// of ParseDurationString (DUR-3). Last, the result must be finite and
// greater than zero (DUR-4); any other value is an error (DUR-5). def itself
// must be finite and greater than zero, so ParseDuration never returns a
// value a probe cannot wait for.
//
// The number is converted to binary64 and then multiplied by the unit's
// factor, rounding to nearest as the Swarmforge launcher does, so "1.1h" is
// 3960.0000000000005 seconds, not 3960.
func ParseDuration(value any, def float64) (float64, error) {
	if value == nil {
		if !(def > 0) || math.IsInf(def, 0) {
			return 0, errorf("default", "DUR-1", strconv.FormatFloat(def, 'g', -1, 64), "the default duration must be a finite number of seconds greater than zero")
		}
		return def, nil
	}
	var secs float64
	switch kindOf(value) {
	case kindString:
		return ParseDurationString(value.(string))
	case kindInt:
		secs = intFloat(value)
	case kindFloat:
		secs = floatValue(value)
	default:
		return 0, errorv("", "DUR-5", value, "is "+typeName(value)+", not a duration; write a string such as \"30s\", \"500ms\", \"2m\" or \"1h\", or a number of seconds")
	}
	if err := checkSeconds(secs); err != nil {
		err.Input, err.Value = show(value), value
		return 0, err
	}
	return secs, nil
}

// ParseDurationString parses the string form of a duration (DUR-3, DUR-4):
//
//	duration = [ws] digits ["." digits] [unit] [ws]
//	digits   = "0"…"9" { "0"…"9" }
//	unit     = "ms" | "s" | "m" | "h"          (none means seconds)
//	ws       = { " " | "\t" | "\n" | "\v" | "\f" | "\r" }
//
// Only ASCII digits and ASCII whitespace count; there is no sign, no
// exponent and no space between the number and its unit. The result is
// float64(number) × factor (0.001, 1, 60 or 3600), which must be finite and
// greater than zero. It does not allocate unless it fails.
func ParseDurationString(s string) (float64, error) {
	// consume leading whitespace
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	// consume digits ["." digits]
	start := i
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	if i == start {
		return 0, badDuration(s)
	}
	if i < len(s) && s[i] == '.' {
		i++
		frac := i
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		if i == frac {
			return 0, badDuration(s)
		}
	}
	number := s[start:i]
	// consume the unit
	factor := 1.0
	switch {
	case i+1 < len(s) && s[i] == 'm' && s[i+1] == 's':
		factor, i = 0.001, i+2
	case i < len(s) && s[i] == 's':
		i++
	case i < len(s) && s[i] == 'm':
		factor, i = 60, i+1
	case i < len(s) && s[i] == 'h':
		factor, i = 3600, i+1
	}
	// consume trailing whitespace, then nothing may remain
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	if i != len(s) {
		return 0, badDuration(s)
	}
	// ParseFloat rounds correctly and returns ±Inf (with an error we do not
	// need) when the number overflows; checkSeconds refuses that below.
	f, ok := exactDecimal(number)
	if !ok {
		f, _ = strconv.ParseFloat(number, 64)
	}
	secs := f * factor
	if err := checkSeconds(secs); err != nil {
		err.Input, err.Value = show(s), s
		return 0, err
	}
	return secs, nil
}

// exactDecimal converts digits ["." digits] of at most 15 digits in all
// without strconv: such a mantissa and its power of ten (at most 10^15) are
// exact in binary64, so one correctly rounded division gives the
// correctly rounded value, the one ParseFloat returns (Clinger's fast path,
// which strconv takes too, after more parsing).
func exactDecimal(number string) (float64, bool) {
	var mant uint64
	digits, frac := 0, -1 // frac counts the digits after the point
	for i := 0; i < len(number); i++ {
		if number[i] == '.' {
			frac = 0
			continue
		}
		mant = mant*10 + uint64(number[i]-'0')
		digits++
		if frac >= 0 {
			frac++
		}
	}
	if digits > 15 {
		return 0, false
	}
	if frac <= 0 {
		return float64(mant), true
	}
	return float64(mant) / pow10[frac], true
}

var pow10 = [16]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

func badDuration(s string) *Error {
	return errorv("", "DUR-3", s, "is not a duration; write ASCII digits with an optional .fraction and an optional unit ms, s, m or h, such as \"30s\", \"1.5m\" or \"500ms\"")
}

// checkSeconds applies DUR-4.
func checkSeconds(secs float64) *Error {
	switch {
	case math.IsNaN(secs):
		return errorf("", "DUR-4", "", "is not a number; write a duration such as \"30s\"")
	case secs <= 0: // -Inf included
		return errorf("", "DUR-4", "", "is not greater than zero: a readiness deadline must give the probe time; write a duration such as \"30s\"")
	case math.IsInf(secs, 1):
		return errorf("", "DUR-4", "", "is too large: it overflows a float64 number of seconds; write a duration such as \"30s\"")
	}
	return nil
}
