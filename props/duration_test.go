package props

import (
	"math"
	"strconv"

	"pgregory.net/rapid"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/props/gen"
)

// ---------------------------------------------------------------- durations

// durationIsPositiveFinite: ParseDuration returns a finite number greater
// than zero, or zero with an *impl.Error naming a DUR rule, for any value
// and any default; never a panic (DUR-1 to DUR-5).
func durationIsPositiveFinite(t *rapid.T) {
	v := Draw(t, "value", gen.DurationValue)
	def := pick(t, "default", 30.0, 0.001, 1e300, 0.0, -1.0, math.NaN(), math.Inf(1))
	got, err := impl.ParseDuration(v, def)
	if err != nil {
		checkError(t, "ParseDuration", err, "DUR-")
		if got != 0 {
			t.Fatalf("ParseDuration(%#v, %v) = %v, %v: want 0 with an error", v, def, got, err)
		}
		return
	}
	if !(got > 0) || math.IsInf(got, 0) {
		t.Fatalf("ParseDuration(%#v, %v) = %v, want a finite number greater than zero (DUR-4)", v, def, got)
	}
	if s, ok := v.(string); ok {
		if got2, err2 := impl.ParseDurationString(s); got2 != got || err2 != nil {
			t.Fatalf("ParseDurationString(%q) = %v, %v but ParseDuration = %v", s, got2, err2, got)
		}
	}
}

// durationModel: ParseDuration agrees with an independent model of DUR-1
// to DUR-4: nil gives the default; a number is float64(n), ties to even;
// a string of the grammar is ParseFloat(number) × factor; the result must
// be finite and positive.
func durationModel(t *rapid.T) {
	v := Draw(t, "value", gen.DurationValue)
	want, ok := ModelDuration(v)
	got, err := impl.ParseDuration(v, 30)
	if ok != (err == nil) || (ok && math.Float64bits(got) != math.Float64bits(want)) {
		t.Fatalf("ParseDuration(%#v, 30) = %v, %v, want %v (accepted: %v)", v, got, err, want, ok)
	}
}

// durationRoundTrip: a positive finite number of seconds, formatted in
// the grammar with any unit, parses back to that number times the unit's
// factor, bit for bit (DUR-3).
func durationRoundTrip(t *rapid.T) {
	var f float64
	if rapid.Bool().Draw(t, "any_float?") {
		f = math.Abs(rapid.Float64().Draw(t, "seconds"))
	} else {
		f = pick(t, "seconds", 30, 0.1, 1.1, 5e-324, math.MaxFloat64, 1e21, 123456789.125, 1e-7)
	}
	if !(f > 0) || math.IsInf(f, 0) {
		return
	}
	unit := pick(t, "unit", "s", "", "ms", "m", "h")
	s := strconv.FormatFloat(f, 'f', -1, 64) + unit
	factor := map[string]float64{"": 1, "s": 1, "ms": 0.001, "m": 60, "h": 3600}[unit]
	want := f * factor
	got, err := impl.ParseDurationString(s)
	if !(want > 0) || math.IsInf(want, 0) {
		if err == nil {
			t.Fatalf("ParseDurationString(%q) = %v, want a DUR-4 error (out of range)", s, got)
		}
		return
	}
	if err != nil || math.Float64bits(got) != math.Float64bits(want) {
		t.Fatalf("ParseDurationString(%q) = %v, %v, want %v", s, got, err, want)
	}
}

// readinessTimeoutPositive: ReadinessSettings resolves every valid tong,
// its mode defaulting by kind, and on any definition its timeout is finite
// and greater than zero whenever it answers (RDY-8, DUR-4).
func readinessTimeoutPositive(t *rapid.T) {
	var def any
	valid := false
	switch pick(t, "def", "valid", "near", "tree") {
	case "valid":
		tong := Draw(t, "tong", gen.ValidTong)
		def, valid = tong.Def, true
	case "near":
		def = Draw(t, "tong", gen.NearTong).Def
	default:
		def = Draw(t, "def", gen.Tree)
	}
	r, err := impl.ReadinessSettings(def)
	if err != nil {
		if valid {
			t.Fatalf("ReadinessSettings(%v) = %v, want it to resolve a valid tong", def, err)
		}
		checkError(t, "ReadinessSettings", err)
		return
	}
	if !(r.TimeoutS > 0) || math.IsInf(r.TimeoutS, 0) {
		t.Fatalf("ReadinessSettings(%v).TimeoutS = %v, want finite and > 0", def, r.TimeoutS)
	}
	switch r.Mode {
	case impl.ModeTCP, impl.ModeHealthcheck, impl.ModeNone:
	default:
		t.Fatalf("ReadinessSettings(%v).Mode = %q, want tcp, healthcheck or none", def, r.Mode)
	}
	if valid {
		m := def.(map[string]any)
		rm, _ := m["readiness"].(map[string]any)
		want, _ := rm["mode"].(string)
		if want == "" {
			want = impl.ModeNone
			if k := m["interface"].(map[string]any)["kind"]; k == impl.KindMCP || k == impl.KindPort {
				want = impl.ModeTCP
			}
		}
		if r.Mode != want {
			t.Fatalf("ReadinessSettings(%v).Mode = %q, want %q (RDY-8)", def, r.Mode, want)
		}
	}
}
