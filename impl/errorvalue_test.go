package impl

import (
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// An error keeps the offending input as the caller gave it (Value) beside
// its rendering for a person (Input), which cuts a long string.
func TestErrorKeepsValue(t *testing.T) {
	long := strings.Repeat("x", 100) + ":ro"
	huge, _ := new(big.Int).SetString("123456789012345678901234567890", 10)
	def := map[string]any{"lifecycle": "session", "image": "postgres:16", "interface": map[string]any{"kind": "port", "port": huge},
		"mounts": []any{long}, "readiness": map[string]any{"mode": "tcp", "timeout": "30 sec"}}
	got := map[string]any{}
	for _, e := range ValidateTong("db", def) {
		got[e.Field] = e.Value
	}
	want := map[string]any{"interface.port": huge, "mounts[0]": long, "readiness.timeout": "30 sec"}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b *big.Int) bool { return a.Cmp(b) == 0 })); diff != "" {
		t.Errorf("ValidateTong errors' values (-want +got):\n%s", diff)
	}
	_, err := ParseDuration(-2.5, 30)
	var e *Error
	if !errors.As(err, &e) || e.Value != -2.5 || e.Input != "-2.5" {
		t.Errorf("ParseDuration(-2.5) error = %#v, want Value -2.5 and Input -2.5", err)
	}
}
