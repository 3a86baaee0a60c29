package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// runIn runs one command line in-process.
func runIn(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, strings.NewReader(""), &o, &e)
	return code, o.String(), e.String()
}

// catalogue returns the path of a definition in the golden catalogue.
func catalogue(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("../../golden/testdata/catalogue", name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// --env adds a variable the definition does not set; a secret is never
// overridden with a plain value on the command line (version 1 or 2), and
// a name given twice is named as given twice (before the file is read).
func TestArgvEnvRefused(t *testing.T) {
	gh := catalogue(t, "github.yaml")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"argv", gh, "--workspace", "/w", "--env", "GITHUB_PERSONAL_ACCESS_TOKEN=x", "--spec", "1"}, "--env GITHUB_PERSONAL_ACCESS_TOKEN=x: GITHUB_PERSONAL_ACCESS_TOKEN is a secret of the definition, which the launcher delivers only as GITHUB_PERSONAL_ACCESS_TOKEN_FILE; a secret's value never goes on the command line"},
		{[]string{"argv", gh, "--workspace", "/w", "--env", "GITHUB_PERSONAL_ACCESS_TOKEN_FILE=/tmp/x", "--spec", "1"}, "--env GITHUB_PERSONAL_ACCESS_TOKEN_FILE=/tmp/x: the definition already sets GITHUB_PERSONAL_ACCESS_TOKEN_FILE"},
		{[]string{"argv", gh, "--workspace", "/w", "--env", "GITHUB_TOOLSETS=all", "--spec", "1"}, "--env GITHUB_TOOLSETS=all: the definition already sets GITHUB_TOOLSETS"},
		{[]string{"argv", gh, "--workspace", "/w", "--env", "GITHUB_PERSONAL_ACCESS_TOKEN=x", "--image-cmd", "stdio"}, "--env GITHUB_PERSONAL_ACCESS_TOKEN=x: GITHUB_PERSONAL_ACCESS_TOKEN is a secret of the definition, which the launcher delivers over the FIFO; a secret's value never goes on the command line"},
		{[]string{"argv", gh, "--workspace", "/w", "--env", "GITHUB_TOOLSETS=all", "--image-cmd", "stdio"}, "--env GITHUB_TOOLSETS=all: the definition already sets GITHUB_TOOLSETS"},
		{[]string{"argv", gh, "--workspace", "/w", "--env", "A=1", "--env", "A=2"}, "--env A=2: A is given twice (first as --env A=1); give it once"},
	} {
		code, out, errOut := runIn(tt.args...)
		if code != exitUsage || out != "" || !strings.Contains(errOut, tt.want) {
			t.Errorf("tongref %s: exit %d, stdout %q, stderr %q; want exit %d and %q", strings.Join(tt.args[4:], " "), code, out, errOut, exitUsage, tt.want)
		}
	}
}

// --json writes every string losslessly: bytes that are not UTF-8 (here in
// the file and tong name) as the protocol's \udcXX escapes, which Python's
// surrogateescape reads back to the same bytes.
func TestJSONKeepsBytes(t *testing.T) {
	src, err := os.ReadFile(catalogue(t, "postgres.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "pg\xff.yaml")
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Skipf("cannot name a file with a non-UTF-8 byte here: %v", err)
	}
	for _, args := range [][]string{
		{"validate", "--json", file},
		{"hash", "--json", file},
		{"readiness", "--json", file},
		{"names", "--shared", "--json", "pg\xff"},
	} {
		// The name is not UTF-8, so the tong is invalid (TONG-1) to
		// validate and names; the output still names it as it is.
		code, out, errOut := runIn(args...)
		if code != exitOK && code != exitInvalid || out == "" {
			t.Errorf("tongref %s: exit %d, stdout %q, stderr %q", args[0], code, out, errOut)
			continue
		}
		if strings.Contains(out, "\ufffd") || strings.Contains(out, `\ufffd`) {
			t.Errorf("tongref %s --json replaced a byte with U+FFFD:\n%s", args[0], out)
		}
		if !strings.Contains(out, `pg\udcff`) {
			t.Errorf("tongref %s --json does not write the byte 0xff as \\udcff:\n%s", args[0], out)
		}
		if !json.Valid([]byte(out)) {
			t.Errorf("tongref %s --json is not JSON:\n%s", args[0], out)
		}
	}
	// argv's words: the container name holds the byte, escaped.
	code, out, errOut := runIn("argv", file, "--shared", "--json")
	if code != exitInvalid && code != exitOK {
		t.Fatalf("tongref argv: exit %d, stderr %q", code, errOut)
	}
	if strings.Contains(out, `\ufffd`) {
		t.Errorf("tongref argv --json replaced a byte with U+FFFD:\n%s", out)
	}
}

// staleCorpus fills dir with a stale corpus: every file the reference
// writes (a later spec version's in its vN directory), holding "old".
func staleCorpus(t *testing.T, dir string) []string {
	t.Helper()
	golden, _ := filepath.Abs("../../golden/testdata")
	code, _, errOut := runIn("vectors", "--golden", golden, "--out", dir)
	if code != exitOK {
		t.Fatalf("tongref vectors: exit %d: %s", code, errOut)
	}
	var names []string
	for _, n := range treeOf(t, dir) {
		if fi, err := os.Stat(filepath.Join(dir, n)); err != nil || fi.IsDir() {
			continue
		}
		names = append(names, n)
		if err := os.WriteFile(filepath.Join(dir, n), []byte("old\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if len(names) < 10 {
		t.Fatalf("tongref vectors wrote %d files, want 10 or more", len(names))
	}
	return names
}

// vectors --out replaces the corpus whole or not at all: it checks its
// inputs and every target before writing, refuses a symlink at a target,
// writes each file to a temporary file renamed over the target, and leaves
// no directory behind when it fails.
func TestVectorsOut(t *testing.T) {
	golden, _ := filepath.Abs("../../golden/testdata")

	// A symlink at a target is refused, and nothing is written: not the
	// file it points to, not the other files.
	dir := t.TempDir()
	names := staleCorpus(t, dir)
	victim := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(victim, []byte("precious\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, names[len(names)-1])
	os.Remove(link)
	if err := os.Symlink(victim, link); err != nil {
		t.Skipf("symlink: %v", err)
	}
	code, _, errOut := runIn("vectors", "--golden", golden, "--out", dir)
	if code != exitInvalid || !strings.Contains(errOut, "is a symbolic link") {
		t.Errorf("vectors over a symlink: exit %d, stderr %q; want %d and a symbolic link", code, errOut, exitInvalid)
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious\n" {
		t.Errorf("vectors wrote through a symlink: the target now holds %.40q", b)
	}
	for _, n := range names[:len(names)-1] {
		if b, _ := os.ReadFile(filepath.Join(dir, n)); string(b) != "old\n" {
			t.Errorf("vectors refused the corpus but rewrote %s", n)
		}
	}

	// A target that cannot be replaced (a directory) leaves every other
	// file as it was: no half-rewritten corpus.
	dir = t.TempDir()
	names = staleCorpus(t, dir)
	blocked := filepath.Join(dir, names[len(names)-1])
	os.Remove(blocked)
	if err := os.Mkdir(blocked, 0o755); err != nil {
		t.Fatal(err)
	}
	before := treeOf(t, dir)
	code, _, errOut = runIn("vectors", "--golden", golden, "--out", dir)
	if code != exitInvalid {
		t.Errorf("vectors with a directory at a target: exit %d, want %d (stderr %q)", code, exitInvalid, errOut)
	}
	for _, n := range names[:len(names)-1] {
		if b, _ := os.ReadFile(filepath.Join(dir, n)); string(b) != "old\n" {
			t.Errorf("vectors failed but rewrote %s", n)
		}
	}
	if got := treeOf(t, dir); len(got) != len(before) {
		t.Errorf("vectors left %d entries in the corpus, want %d (no temporary files): %v", len(got), len(before), got)
	}

	// A missing catalogue (run outside the repository) creates nothing.
	out := filepath.Join(t.TempDir(), "new", "vectors")
	code, _, errOut = runIn("vectors", "--golden", filepath.Join(t.TempDir(), "nope"), "--out", out)
	if code != exitInvalid {
		t.Errorf("vectors with no catalogue: exit %d, want %d (stderr %q)", code, exitInvalid, errOut)
	}
	if _, err := os.Lstat(filepath.Dir(out)); !os.IsNotExist(err) {
		t.Errorf("vectors with no catalogue left %s behind (%v)", filepath.Dir(out), err)
	}

	// And a good run replaces every file, leaving no temporary file.
	dir = t.TempDir()
	names = staleCorpus(t, dir)
	before = treeOf(t, dir)
	if code, _, errOut := runIn("vectors", "--golden", golden, "--out", dir); code != exitOK {
		t.Fatalf("vectors: exit %d: %s", code, errOut)
	}
	if got, want := len(treeOf(t, dir)), len(before); got != want {
		t.Errorf("vectors left %d entries, want %d", got, want)
	}
	for _, n := range names {
		if b, _ := os.ReadFile(filepath.Join(dir, n)); string(b) == "old\n" {
			t.Errorf("vectors did not rewrite %s", n)
		}
	}
}

// treeOf lists every file and directory below dir, as paths relative to it.
func treeOf(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// writeJSON writes what encoding/json writes for valid UTF-8, omitempty
// and nil slices included, so the --json outputs keep their shape.
func TestWriteJSONMatchesEncodingJSON(t *testing.T) {
	secs := 1.5
	type rec struct {
		S     string            `json:"s"`
		E     string            `json:"e,omitempty"`
		N     int               `json:"n,omitempty"`
		F     *float64          `json:"f,omitempty"`
		G     *float64          `json:"g,omitempty"`
		L     []string          `json:"l"`
		Empty []string          `json:"empty,omitempty"`
		Nil   []string          `json:"nil"`
		M     map[string][]int  `json:"m"`
		B     bool              `json:"b"`
		X     float64           `json:"x"`
		I     any               `json:"i"`
		P     map[string]string `json:"p,omitempty"`
		u     string
	}
	v := []any{rec{S: "é \" \\ \n\t\x01", F: &secs, L: []string{"a", ""}, Empty: []string{}, M: map[string][]int{"b": {2}, "a": {1}}, B: true, X: 1e21, I: int64(7), u: "hidden"}, nil, "x", map[string]any{}}
	var got bytes.Buffer
	writeJSON(&got, v)
	want, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != string(want)+"\n" {
		t.Errorf("writeJSON:\n%s\nencoding/json:\n%s", got.String(), want)
	}
}

// plan reads at most maxPlanFiles definition files (README, Limits):
// one more, in a directory or split between the FILEs and --org, is a
// usage error naming the limit, read before any file is loaded; a
// directory's other entries are not counted.
func TestPlanFileLimit(t *testing.T) {
	def := []byte("lifecycle: shared\nimage: redis:7\ninterface:\n  kind: none\nreadiness:\n  mode: none\n")
	fill := func(dir string, n int, ext string) {
		t.Helper()
		for i := 0; i < n; i++ {
			if err := os.WriteFile(filepath.Join(dir, "t"+strconv.Itoa(i)+ext), def, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	anvil := []string{"--", "docker", "run", "--name", "s1", "anvil:1"}
	full, over, org := t.TempDir(), t.TempDir(), t.TempDir()
	fill(full, 64, ".yaml") // the limit README.md documents
	fill(full, 500, ".txt")
	fill(over, 65, ".yml")
	fill(org, 1, ".json")
	for _, tt := range []struct {
		args []string
		code int
	}{
		{append([]string{"plan", full}, anvil...), exitOK},
		{append([]string{"plan", over}, anvil...), exitUsage},
		{append([]string{"plan", "--org", org, full}, anvil...), exitUsage},
	} {
		code, out, errOut := runIn(tt.args...)
		limit := strings.Contains(errOut, "more than 64 tong definition files")
		if code != tt.code || limit != (tt.code == exitUsage) || (code == exitOK) != (out != "") {
			t.Errorf("tongref %s: exit %d, stdout %d bytes, stderr %q; want exit %d", strings.Join(tt.args, " "), code, len(out), errOut, tt.code)
		}
	}
}
