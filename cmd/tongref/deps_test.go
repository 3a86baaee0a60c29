package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestBinaryHasNoTestCode checks the tongref binary links no test code:
// not the properties (package props), not the test libraries (go-cmp,
// gotest.tools, rapid), not package testing. The runner's generators are
// package props/gen, which draws from a source of its own.
func TestBinaryHasNoTestCode(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not installed")
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list -deps listed %d packages, want the binary's: %q", len(deps), deps)
	}
	found := false
	for _, p := range deps {
		found = found || p == "github.com/tongref/tongref/props/gen"
		switch {
		case p == "github.com/tongref/tongref/props",
			p == "testing",
			strings.HasPrefix(p, "github.com/google/go-cmp/"),
			strings.HasPrefix(p, "gotest.tools/"),
			p == "pgregory.net/rapid":
			t.Errorf("the tongref binary links %s", p)
		}
	}
	if !found {
		t.Errorf("the tongref binary does not link props/gen; the test lost its reach")
	}
}
