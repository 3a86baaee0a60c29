package impl

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/tongref/tongref/internal/testtables"
)

// durationTests is the table of internal/testtables, which the fuzz
// target FuzzParseDuration is seeded from too.
var durationTests = testtables.Durations

var _ = rowTable(func(cite citeFunc) {
	for _, r := range durationTests {
		cite(r.Rule, r.OK, "")
	}
}, "parse_duration")

func TestParseDuration(t *testing.T) {
	for _, tt := range durationTests {
		got, err := ParseDuration(tt.Value, 30)
		if tt.OK {
			if err != nil || math.Float64bits(got) != math.Float64bits(tt.Want) {
				t.Errorf("%s: ParseDuration(%s, 30) = %v, %v; want %v", tt.Rule, show(tt.Value), got, err, tt.Want)
			}
			continue
		}
		if r := ruleOf(err); r != tt.Rule || got != 0 {
			t.Errorf("%s: ParseDuration(%s, 30) = %v, %v; want an error of %s", tt.Rule, show(tt.Value), got, err, tt.Rule)
		}
	}
}

// TestParseDurationDefault checks DUR-1's rule on the default itself.
func TestParseDurationDefault(t *testing.T) {
	for _, def := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		if _, err := ParseDuration(nil, def); ruleOf(err) != "DUR-1" {
			t.Errorf("ParseDuration(nil, %v) = %v, want a DUR-1 error", def, err)
		}
		// The default is not read when there is a value.
		if got, err := ParseDuration("2s", def); err != nil || got != 2 {
			t.Errorf("ParseDuration(\"2s\", %v) = %v, %v; want 2", def, got, err)
		}
	}
}

// TestParseDurationStringAgreesWithTime checks the grammar's numbers against
// the standard library's parser, where both grammars accept the text.
func TestParseDurationStringAgreesWithTime(t *testing.T) {
	for _, s := range []string{"30s", "500ms", "2m", "1h", "1.5h", "0.5s", "90m", "100ms", "3600s"} {
		got, err := ParseDurationString(s)
		d, derr := time.ParseDuration(s)
		if err != nil || derr != nil {
			t.Fatalf("ParseDurationString(%q) = %v, %v; time.ParseDuration = %v, %v", s, got, err, d, derr)
		}
		if math.Abs(got-d.Seconds()) > 1e-9*d.Seconds() {
			t.Errorf("ParseDurationString(%q) = %v, want about %v", s, got, d.Seconds())
		}
	}
}

// DUR-4's message names the fault: -Inf is not positive, +Inf too large.
func TestParseDurationNonFiniteMessage(t *testing.T) {
	for _, tt := range []struct {
		in   float64
		want string
	}{
		{math.Inf(-1), "-Infinity: is not greater than zero"},
		{-math.MaxFloat64, "-1.7976931348623157e+308: is not greater than zero"},
		{math.Inf(1), "Infinity: is too large"},
		{math.NaN(), "NaN: is not a number"},
	} {
		_, err := ParseDuration(tt.in, 30)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("ParseDuration(%v) error = %v, want it to begin %q", tt.in, err, tt.want)
		}
	}
}

// DUR-1's error quotes the default in full, as strconv writes it.
func TestParseDurationDefaultInput(t *testing.T) {
	for def, want := range map[float64]string{-2.5: "-2.5", -0.125: "-0.125", math.Inf(1): "+Inf"} {
		_, err := ParseDuration(nil, def)
		if e, ok := err.(*Error); !ok || e.Rule != "DUR-1" || e.Input != want {
			t.Errorf("ParseDuration(nil, %v) = %#v, want a DUR-1 error quoting %s", def, err, want)
		}
	}
}
