package load_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/internal/modtest"
	"github.com/tongref/tongref/load"
)

// TestOutsideModule uses tongref as a Go launcher does: a module of its own
// (testdata/launcher) that requires tongref through a replace directive,
// loads definition files with package load, validates them, builds their
// docker argvs and injects the tongs' network into an anvil's argv. It is
// built with the go command, offline, and run; its output must equal the
// same calls made here, inside tongref.
func TestOutsideModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a separate module")
	}
	modPath, modDir := modtest.ThisModule(t)
	dir := t.TempDir()
	src, err := os.ReadFile("testdata/launcher/main.go")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(modDir, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	gomod := "module example.com/launcher\n\ngo 1.26\n\nrequire " + modPath + " v0.0.0\n\nreplace " + modPath + " => " + modDir + "\n"
	for name, data := range map[string][]byte{"main.go": src, "go.mod": []byte(gomod), "go.sum": sum} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Offline: tongref comes from the replace directory, its dependencies
	// from the module cache its own build filled; -mod=mod lets the go
	// command add the indirect requirement on the YAML reader.
	offline := []string{"GOPROXY=off", "GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=local"}
	launcher := filepath.Join(dir, "launcher")
	modtest.Go(t, dir, offline, "build", "-o", launcher, ".")

	bad := filepath.Join(dir, "ambiguous.yaml")
	if err := os.WriteFile(bad, []byte("lifecycle: session\nimage: a\ninterface: {kind: none}\nenv: {DEBUG: yes}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	files := []string{
		filepath.Join(modDir, "golden/testdata/catalogue/github.yaml"), // a session mcp tong with a secret
		filepath.Join(modDir, "golden/testdata/catalogue/broker.yaml"), // a shared tong with the docker socket
		filepath.Join(modDir, "golden/testdata/catalogue/search.json"), // JSON
		filepath.Join(modDir, "golden/testdata/invalid/env-bool.yaml"), // invalid: ENV-3
		bad, // refused by the reader: yes is ambiguous
	}
	cmd := exec.Command(launcher, files...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("launcher: %v, want exit status 1 (two files are invalid)\nstderr: %s", err, stderr.String())
	}
	type tong struct {
		File   string   `json:"file"`
		Argv   []string `json:"argv,omitempty"`
		Errors []string `json:"errors,omitempty"`
		Rules  []string `json:"rules,omitempty"`
	}
	var got struct {
		Tongs []tong   `json:"tongs"`
		Anvil []string `json:"anvil"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("launcher printed %s: %v", out, err)
	}

	// The same calls, made inside tongref.
	var want []tong
	for _, f := range files {
		w := tong{File: f}
		d, err := load.File(f)
		if err != nil {
			w.Errors = []string{err.Error()}
			want = append(want, w)
			continue
		}
		if faults := impl.ValidateTong(d.Name, d.Value); len(faults) > 0 {
			for _, e := range faults {
				w.Errors = append(w.Errors, e.Error())
				w.Rules = append(w.Rules, e.Rule)
			}
			want = append(want, w)
			continue
		}
		name, err := load.ContainerName(d, "s1")
		if err != nil {
			t.Fatal(err)
		}
		o, err := load.LaunchOptions(d, name, load.Launch{Network: "tongs-s1", Workspace: "/home/me/project"})
		if err != nil {
			t.Fatal(err)
		}
		if w.Argv, err = impl.TongRunArgv(d.Name, d.Value, o); err != nil {
			t.Fatal(err)
		}
		want = append(want, w)
	}
	if diff := cmp.Diff(want, got.Tongs); diff != "" {
		t.Errorf("the outside module's tongs differ from tongref's own (-inside +outside):\n%s", diff)
	}

	// What a launcher relies on, checked by hand against spec/SPEC.md.
	gh := strings.Join(got.Tongs[0].Argv, " ")
	for _, part := range []string{
		"docker run -d --name s1-tong-github --network tongs-s1 --network-alias github ", // NAME-2, RUN-8
		" --tmpfs /run/swarmforge/secrets -e GITHUB_PERSONAL_ACCESS_TOKEN_FILE=/run/swarmforge/secrets/GITHUB_PERSONAL_ACCESS_TOKEN ",
		" -v /home/me/project:/workspace:rw ghcr.io/github/github-mcp-server:latest",
	} {
		if !strings.Contains(gh, part) {
			t.Errorf("github's argv %q lacks %q", gh, part)
		}
	}
	if strings.Contains(gh, "op://vault") {
		t.Errorf("github's argv %q holds the secret reference itself", gh)
	}
	if br := got.Tongs[1].Argv; len(br) < 5 || br[4] != "swarmforge-shared-broker" { // NAME-1
		t.Errorf("broker's argv %q: want the shared container name swarmforge-shared-broker", br)
	}
	if r := got.Tongs[3].Rules; !slices.Equal(r, []string{"ENV-3"}) {
		t.Errorf("env-bool.yaml's rules = %q, want [ENV-3]", r)
	}
	if e := got.Tongs[4].Errors; len(e) != 1 || !strings.Contains(e[0], "ambiguous.yaml:4") || !strings.Contains(e[0], "quote it") {
		t.Errorf("ambiguous.yaml's errors = %q, want the reader's error at line 4 asking to quote yes", e)
	}
	wantAnvil := []string{"docker", "run", "--rm", "-it", "--network", "tongs-s1", "-v", "/home/me/project:/workspace", "ghcr.io/acme/anvil:1", "claude", "--network", "keep"}
	if diff := cmp.Diff(wantAnvil, got.Anvil); diff != "" {
		t.Errorf("the injected anvil argv differs (-want +got):\n%s", diff)
	}
}
