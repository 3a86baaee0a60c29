package impl

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tongref/tongref/internal/testtables"
)

// w splits a command line on spaces; "␣" stands for a space inside a token
// and "∅" for the empty token.
func w(s string) []string { return testtables.Words(s) }

// optTests is the table of internal/testtables, which the fuzz target
// FuzzAnvilOptionValue is seeded from too.
var optTests = testtables.Options

var _ = rowTable(func(cite citeFunc) {
	for _, r := range optTests {
		cite(r.Rule, !r.Error, "")
	}
}, "anvil_option_value")

func TestAnvilOptionValue(t *testing.T) {
	for _, tt := range optTests {
		argv := w(tt.Argv)
		before := append([]string(nil), argv...)
		v, found, err := AnvilOptionValue(argv, tt.Flag)
		got := v
		if !found {
			got = "<nil>"
		}
		switch {
		case tt.Error && err == nil:
			t.Errorf("%s: AnvilOptionValue(%q, %q) = %q, want an error", tt.Rule, argv, tt.Flag, got)
		case !tt.Error && (err != nil || got != tt.Want):
			t.Errorf("%s: AnvilOptionValue(%q, %q) = %q, %v; want %q", tt.Rule, argv, tt.Flag, got, err, tt.Want)
		}
		if !cmp.Equal(before, argv) {
			t.Errorf("%s: AnvilOptionValue(%q, %q) changed its argv", tt.Rule, before, tt.Flag)
		}
	}
}

// injectTests is the table of internal/testtables, which the fuzz target
// FuzzInject is seeded from too.
var injectTests = testtables.Injects

var _ = rowTable(func(cite citeFunc) {
	for _, r := range injectTests {
		cite(r.Rule, r.Want != "", "")
	}
}, "inject_anvil_argv")

func TestInjectAnvilArgv(t *testing.T) {
	for _, tt := range injectTests {
		argv, pre, post := w(tt.Argv), w(tt.Pre), w(tt.Post)
		before := append([]string(nil), argv...)
		got, err := InjectAnvilArgv(argv, tt.Network, pre, post)
		if tt.Want == "" {
			if err == nil {
				t.Errorf("%s: InjectAnvilArgv(%q, %q, %q, %q) = %q, want an error", tt.Rule, argv, tt.Network, pre, post, got)
			}
		} else if diff := cmp.Diff(w(tt.Want), got); err != nil || diff != "" {
			t.Errorf("%s: InjectAnvilArgv(%q, %q, %q, %q) = %q, %v; (-want +got):\n%s", tt.Rule, argv, tt.Network, pre, post, got, err, diff)
		}
		if !cmp.Equal(before, argv) {
			t.Errorf("%s: InjectAnvilArgv changed its argv %q to %q", tt.Rule, before, argv)
		}
	}
}

// TestInjectIdentityShares checks INJ-1's promise in Go: the identity path
// returns the argv itself and allocates nothing.
func TestInjectIdentityShares(t *testing.T) {
	argv := w("docker run -it img")
	got, _ := InjectAnvilArgv(argv, "", nil, nil)
	if &got[0] != &argv[0] {
		t.Errorf("InjectAnvilArgv with nothing to inject copied its argv")
	}
	if n := testing.AllocsPerRun(100, func() { InjectAnvilArgv(argv, "", nil, nil) }); n != 0 {
		t.Errorf("InjectAnvilArgv with nothing to inject allocated %v times", n)
	}
}

func TestInjectCreateTable(t *testing.T) {
	// ARGV-7 applies to the pre-image arguments too.
	if got, err := InjectAnvilArgv(w("docker create img"), "", w("-d"), nil); err == nil {
		t.Errorf("InjectAnvilArgv(docker create img, pre -d) = %q, want an error: create has no -d", got)
	}
}

// INJ-3's errors point at the offending pre-image argument.
func TestInjectPreImageErrorField(t *testing.T) {
	for _, tt := range []struct{ pre, field string }{
		{"--", "pre_image_args[0]"},
		{"-e A=1 --", "pre_image_args[2]"},
		{"-e A=1 stray", "pre_image_args[2]"},
		{"-i --network=n", "pre_image_args[1]"},
	} {
		_, err := InjectAnvilArgv(w("docker run img"), "", w(tt.pre), nil)
		if e, ok := err.(*Error); !ok || e.Rule != "INJ-3" || e.Field != tt.field {
			t.Errorf("InjectAnvilArgv(docker run img, pre %q) = %v, want an INJ-3 error at %s", tt.pre, err, tt.field)
		}
	}
}
