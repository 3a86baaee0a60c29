package gen_test

import (
	"testing"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/props/gen"
)

// LaunchInput keeps its promises: its anvil names the session (but one
// time in eight) right after the subcommand, and most of its launches
// are planned: over 500 seeds, a third or more, and some refused.
func TestLaunchInputsLaunch(t *testing.T) {
	planned, refused := 0, 0
	for seed := uint64(0); seed < 500; seed++ {
		in := gen.LaunchInput(gen.New(seed))
		if len(in.Anvil) < 3 {
			t.Fatalf("gen.New(%d): anvil %q", seed, in.Anvil)
		}
		if _, errs := impl.LaunchCommands(in); errs == nil {
			planned++
		} else {
			refused++
		}
	}
	if planned*3 < 500 || refused == 0 {
		t.Errorf("of 500 launches, %d planned and %d refused; want a third or more planned, and some refused", planned, refused)
	}
}
