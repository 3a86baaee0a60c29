package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The Python adapter on its test module, as the README runs it, and the
// known divergences CI tracks for it (adapters/python).
const (
	pyAdapter = "python3 adapters/python/swarmforge_adapter.py --module adapters/python/testdata/swarmforge_tongs.py"
	pyExpect  = "adapters/python/testdata/expected-divergences.jsonl"
)

// conformPython runs tongref conform on the Python test module from the
// repository root, with --expect FILE, and returns the exit code and the
// report.
func conformPython(t *testing.T, expect string) (int, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run([]string{"conform", "--adapter", pyAdapter, "--expect", expect, "--cases", "200", "--seed", "1"}, strings.NewReader(""), &stdout, &stderr)
	if stderr.Len() > 0 {
		t.Logf("stderr: %s", stderr.String())
	}
	return code, stdout.String()
}

// TestConformExpectPython checks --expect at the command line: with the
// committed list of the Python module's known divergences the run exits 0,
// every divergence known; with one entry deleted it exits 1 and names the
// divergence NEW; with an entry that does not diverge added it exits 1 and
// says the entry is fixed.
func TestConformExpectPython(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the Python adapter")
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed")
	}
	t.Chdir("../..")
	code, out := conformPython(t, pyExpect)
	if code != exitOK || !strings.Contains(out, "OK: only known divergences") || strings.Contains(out, "[NEW]") {
		t.Fatalf("tongref conform --adapter %q --expect %s = exit %d, want 0:\n%s", pyAdapter, pyExpect, code, out)
	}

	committed, err := os.ReadFile(pyExpect)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(committed), "\n")
	dir := t.TempDir()

	// D4 for durations: the only entry whose cause is parse_duration's
	// DUR-5 (an entry sharing its cause with another one is covered by it)
	const dur5 = `{"op": "parse_duration", "args": {"default": null, "value": true}`
	var kept []string
	for _, l := range lines {
		if !strings.HasPrefix(l, dur5) {
			kept = append(kept, l)
		}
	}
	if len(kept) != len(lines)-1 {
		t.Fatalf("%s has %d lines beginning %s, want 1", pyExpect, len(lines)-len(kept), dur5)
	}
	deleted := filepath.Join(dir, "deleted.jsonl")
	if err := os.WriteFile(deleted, []byte(strings.Join(kept, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out = conformPython(t, deleted)
	if want := "parse_duration: reference rejects [DUR-5], adapter accepts"; code != exitInvalid || !strings.Contains(out, want) || !strings.Contains(out, "[NEW]") {
		t.Errorf("with the DUR-5 entry deleted: exit %d, want 1 and %q as NEW:\n%s", code, want, out)
	}

	bogus := filepath.Join(dir, "bogus.jsonl")
	extra := `{"op": "shared_container_name", "args": {"name": "db"}, "reason": "no such difference"}` + "\n"
	if err := os.WriteFile(bogus, append(committed, extra...), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out = conformPython(t, bogus)
	if want := `--- fixed: shared_container_name {"name":"db"} no longer diverges`; code != exitInvalid || !strings.Contains(out, want) {
		t.Errorf("with a bogus entry added: exit %d, want 1 and %q:\n%s", code, want, out)
	}
}

// TestConformVectorsDir: --vectors names a directory of OP.jsonl files; a
// directory that is not there, or holds no vector, is a usage error, not a
// run that sends no vector and passes.
func TestConformVectorsDir(t *testing.T) {
	empty := t.TempDir()
	if err := os.WriteFile(filepath.Join(empty, "parse_duration.jsonl"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ dir, want string }{
		{filepath.Join(empty, "missing"), "not a directory"},
		{filepath.Join(empty, "parse_duration.jsonl"), "not a directory"},
		{t.TempDir(), "holds no vector"},
		{empty, "holds no vector"},
	} {
		var stdout, stderr bytes.Buffer
		code := run([]string{"conform", "--in-process", "--cases", "1", "--seed", "1", "--vectors", tc.dir}, strings.NewReader(""), &stdout, &stderr)
		if code != exitUsage || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("tongref conform --vectors %s = exit %d, stderr %q; want exit 2 and %q", tc.dir, code, stderr.String(), tc.want)
		}
	}
}

// TestConformMaxRestarts: --max-restarts N gives up after N restarts of an
// adapter that dies on every request; 0 gives up at the first death.
func TestConformMaxRestarts(t *testing.T) {
	if testing.Short() {
		t.Skip("runs adapters")
	}
	// answers hello (the id is the request's first member), then exits
	const dies = `sh -c 'read l; id=${l#*:}; echo "{\"id\":${id%%,*},\"result\":{\"name\":\"dies\",\"protocol\":1,\"ops\":[\"shared_container_name\"]}}"'`
	for _, tc := range []struct {
		n    string
		want string
	}{
		{"0", "the adapter failed 1 times; giving up"},
		{"2", "the adapter failed 3 times; giving up"},
	} {
		var stdout, stderr bytes.Buffer
		code := run([]string{"conform", "--adapter", dies, "--ops", "shared_container_name", "--cases", "5", "--seed", "1", "--max-restarts", tc.n}, strings.NewReader(""), &stdout, &stderr)
		if code != exitInvalid || !strings.Contains(stdout.String(), tc.want) {
			t.Errorf("tongref conform --max-restarts %s = exit %d; want 1 and %q:\n%s%s", tc.n, code, tc.want, stdout.String(), stderr.String())
		}
	}
	var stderr bytes.Buffer
	if code := run([]string{"conform", "--in-process", "--max-restarts", "-1"}, strings.NewReader(""), io.Discard, &stderr); code != exitUsage {
		t.Errorf("--max-restarts -1 = exit %d, want 2 (%s)", code, stderr.String())
	}
}
