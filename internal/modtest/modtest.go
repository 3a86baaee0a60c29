// Package modtest is test support for the tests that use tongref as its
// users get it, from outside the module: it runs the go command and names
// the module under test. Only tests import it.
package modtest

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Go runs the go command in dir with extra environment settings and
// returns its standard output; it fails the test, with the command's
// stderr, when the command fails.
func Go(t testing.TB, dir string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go %s (in %s): %v\n%s", strings.Join(args, " "), dir, err, stderr.String())
	}
	return string(out)
}

// ThisModule returns the path and directory of the module under test, as
// go.mod declares it (go list -m): go.mod is the one place that spells
// the path, so no test spells it itself.
func ThisModule(t testing.TB) (path, dir string) {
	t.Helper()
	out := strings.Fields(Go(t, ".", nil, "list", "-m", "-f", "{{.Path}} {{.Dir}}"))
	if len(out) != 2 {
		t.Fatalf("go list -m printed %q, want the module path and directory", out)
	}
	return out[0], out[1]
}
