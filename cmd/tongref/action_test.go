package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/tongref/tongref/internal/modtest"
)

// action is the part of action.yml's metadata the test reads.
type action struct {
	Inputs map[string]struct {
		Required bool   `yaml:"required"`
		Default  string `yaml:"default"`
	} `yaml:"inputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []struct {
			Name  string            `yaml:"name"`
			If    string            `yaml:"if"`
			Uses  string            `yaml:"uses"`
			Shell string            `yaml:"shell"`
			Run   string            `yaml:"run"`
			Env   map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

var expr = regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)

// runAction runs the composite action at the repository's root the way a
// runner does, as far as a test can: each run step's script with bash -eo
// pipefail in the workspace, its env evaluated from the inputs and
// github.action_path, RUNNER_TEMP and GITHUB_PATH set. The setup-go step is
// skipped: the go command running this test is on the PATH. It returns the
// steps' combined output, the directories written to GITHUB_PATH, and the
// error of the step that failed, if one did (the later ones do not run).
func runAction(t *testing.T, root string, inputs map[string]string, env []string) (out, path string, err error) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a action
	if err := yaml.Unmarshal(b, &a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	if a.Runs.Using != "composite" {
		t.Fatalf("action.yml: runs.using = %q, want composite", a.Runs.Using)
	}
	in := map[string]string{}
	for name, def := range a.Inputs {
		in[name] = def.Default
		if def.Required {
			if _, ok := inputs[name]; !ok {
				t.Fatalf("the test gives no value for the required input %s", name)
			}
		}
	}
	for name, v := range inputs {
		if _, ok := a.Inputs[name]; !ok {
			t.Fatalf("action.yml has no input %s", name)
		}
		in[name] = v
	}
	eval := func(s string) string {
		return expr.ReplaceAllStringFunc(s, func(m string) string {
			e := expr.FindStringSubmatch(m)[1]
			if name, ok := strings.CutPrefix(e, "inputs."); ok {
				if v, ok := in[name]; ok {
					return v
				}
			}
			if e == "github.action_path" {
				return root
			}
			t.Fatalf("action.yml: the test cannot evaluate %s", m)
			return ""
		})
	}
	tmp := t.TempDir()
	ghPath := filepath.Join(tmp, "github_path")
	var buf bytes.Buffer
	for _, st := range a.Runs.Steps {
		if st.Uses != "" {
			if !strings.HasPrefix(st.Uses, "actions/setup-go@") {
				t.Fatalf("action.yml: step %q uses %s, which the test cannot run", st.Name, st.Uses)
			}
			continue
		}
		if st.If != "" || st.Shell != "bash" {
			t.Fatalf("action.yml: step %q: if %q, shell %q; the test runs bash steps without a condition", st.Name, st.If, st.Shell)
		}
		if expr.MatchString(st.Run) {
			t.Fatalf("action.yml: step %q puts an expression into its script; pass it through env", st.Name)
		}
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", st.Run)
		cmd.Dir = root // the workspace: this test's adapter paths are relative to it
		cmd.Env = append(os.Environ(), env...)
		cmd.Env = append(cmd.Env, "RUNNER_TEMP="+tmp, "GITHUB_PATH="+ghPath, "GITHUB_WORKSPACE="+root)
		for k, v := range st.Env {
			cmd.Env = append(cmd.Env, k+"="+eval(v))
		}
		cmd.Stdout, cmd.Stderr = &buf, &buf
		if err := cmd.Run(); err != nil {
			return buf.String(), "", fmt.Errorf("step %q: %w", st.Name, err)
		}
	}
	p, _ := os.ReadFile(ghPath)
	return buf.String(), string(p), nil
}

// TestAction runs action.yml as the README's launcher step and tongref's
// own CI use it: the Python adapter, given through $TONGREF_ADAPTERS, on
// the module with PR #11's behaviour and its known divergences. First with
// no version (the action's own files), then with a version installed by go
// install from a module proxy on disk serving this checkout.
func TestAction(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and installs tongref, runs the Python adapter")
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed")
	}
	modPath, root := modtest.ThisModule(t)
	inputs := map[string]string{
		"adapter": `python3 "$TONGREF_ADAPTERS/python/swarmforge_adapter.py" --module adapters/python/testdata/swarmforge_tongs.py`,
		"expect":  "adapters/python/testdata/expected-divergences.jsonl",
		"cases":   "100",
	}
	out, path, err := runAction(t, root, inputs, nil)
	if err != nil {
		t.Fatalf("the action (version empty): %v\n%s", err, out)
	}
	for _, want := range []string{"\nmodule:     " + modPath + "\n", "checked against: tongref ", "OK: only known divergences"} {
		if !strings.Contains(out, want) {
			t.Errorf("the action (version empty) printed no %q:\n%s", want, out)
		}
	}
	if !strings.HasSuffix(strings.TrimSpace(path), "tongref-bin") {
		t.Errorf("the action added %q to GITHUB_PATH, want its tongref-bin directory", path)
	}

	inputs["version"] = localVersion
	out, _, err = runAction(t, root, inputs, localProxy(t))
	if err != nil {
		t.Fatalf("the action (version %s): %v\n%s", localVersion, err, out)
	}
	for _, want := range []string{"tongref " + localVersion + "\n", "checked against: tongref " + localVersion + ",", "OK: only known divergences"} {
		if !strings.Contains(out, want) {
			t.Errorf("the action (version %s) printed no %q:\n%s", localVersion, want, out)
		}
	}

	// Without the expect file the module's divergences are new: the step
	// fails, and the job with it.
	delete(inputs, "version")
	inputs["expect"] = ""
	out, _, err = runAction(t, root, inputs, nil)
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitInvalid || !strings.Contains(out, "[NEW]") || !strings.HasSuffix(strings.TrimSpace(out), "FAIL") {
		t.Errorf("the action without --expect: %v, want the conform step to exit %d with NEW divergences:\n%s", err, exitInvalid, out)
	}
}
