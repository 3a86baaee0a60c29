package conform

import (
	"strings"
	"testing"
)

// TestHelloSpec checks how the runner reads the hello answer's "spec":
// absent is version 1, a version it knows is checked, anything else ends
// the exchange with an error naming it, and Options.Spec refuses an
// adapter of another version. Each adapter is a shell script answering
// the hello request only.
func TestHelloSpec(t *testing.T) {
	hello := func(extra string) string {
		return `read line; printf '%s\n' '{"id":0,"result":{"name":"fake","protocol":1` + extra + `,"ops":[],"values":"plain","pipeline":true}}'; cat >/dev/null`
	}
	tests := []struct {
		name, extra string
		spec        int    // Options.Spec
		want        int    // the version checked; 0 when the run must fail
		err         string // a fragment of the error
	}{
		{name: "absent is 1", extra: ``, want: 1},
		{name: "1", extra: `,"spec":1`, want: 1},
		{name: "asked for and given", extra: `,"spec":1`, spec: 1, want: 1},
		{name: "unknown version", extra: `,"spec":99`, err: "implements spec version 99; this runner knows"},
		{name: "not a number", extra: `,"spec":"2"`, err: `implements spec version "2"`},
		{name: "a float", extra: `,"spec":1.0`, err: "implements spec version 1.0"},
		{name: "another than asked", extra: ``, spec: 99, err: "implements spec version 1, not 99 as asked"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Run(Options{Adapter: hello(tt.extra), Spec: tt.spec, Cases: 0, Seed: 1})
			if tt.want == 0 {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Run = %v, want an error holding %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if rep.Spec != tt.want {
				t.Errorf("spec checked = %d, want %d", rep.Spec, tt.want)
			}
			if len(rep.Ops) != len(OpNames(tt.want)) {
				t.Errorf("ops checked = %d, want the %d of spec version %d", len(rep.Ops), len(OpNames(tt.want)), tt.want)
			}
		})
	}
}

// TestVectorSpecs checks which spec version a corpus file's cases are of,
// and which versions a vector applies to.
func TestVectorSpecs(t *testing.T) {
	for name, want := range map[string]int{
		"spec/vectors/config_hash.jsonl":      1,
		"spec/vectors/v2/config_hash.jsonl":   2,
		"v2/validate_tong.jsonl":              2,
		"validate_tong.jsonl":                 1,
		"spec/vectors/v0/x.jsonl":             1,
		"spec/vectors/v02/x.jsonl":            1,
		"/home/v2x/spec/vectors/a.jsonl":      1,
		"/home/me/v3/spec/vectors/v2/a.jsonl": 2,
	} {
		if got := SpecOfVectorFile(name); got != want {
			t.Errorf("SpecOfVectorFile(%q) = %d, want %d", name, got, want)
		}
	}
	v := Vector{Op: "config_hash", Spec: 1}
	if !v.AppliesTo(1) {
		t.Errorf("a version 1 vector of config_hash does not apply to version 1")
	}
	if (Vector{Op: "no_such_op"}).AppliesTo(1) {
		t.Errorf("a vector of an unknown op applies")
	}
}
