package impl

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

type overrideTest struct {
	rule string
	def  any
	want Override
	err  string // the rule of the expected error, or ""
}

var overrideTests = []overrideTest{
	// EXEC-4: --entrypoint takes the first word; the rest and the command
	// follow the image.
	{"EXEC-4", portTong(), Override{Args: []string{}}, ""},
	{"EXEC-4", set(portTong(), "command", []any{"serve", "--port", "80"}), Override{Args: []string{"serve", "--port", "80"}}, ""},
	{"EXEC-4", set(portTong(), "entrypoint", []any{"/srv"}), Override{Entrypoint: "/srv", Args: []string{}}, ""},
	{"EXEC-4", set(set(portTong(), "entrypoint", []any{"/bin/sh", "-c"}), "command", []any{"exec srv"}), Override{Entrypoint: "/bin/sh", Args: []string{"-c", "exec srv"}}, ""},
	{"EXEC-4", set(set(portTong(), "entrypoint", []any{"/srv"}), "command", []any{"a", "b"}), Override{Entrypoint: "/srv", Args: []string{"a", "b"}}, ""},
	{"EXEC-4", set(portTong(), "entrypoint", nil), Override{Args: []string{}}, ""}, // DEF-2
	// EXEC-1: lists of non-empty words without NUL.
	{"EXEC-1", set(portTong(), "entrypoint", []any{}), Override{}, "EXEC-1"},
	{"EXEC-1", set(portTong(), "command", []any{}), Override{}, "EXEC-1"},
	{"EXEC-1", set(portTong(), "entrypoint", []any{""}), Override{}, "EXEC-1"},
	{"EXEC-1", set(portTong(), "command", []any{"a", ""}), Override{}, "EXEC-1"},
	{"EXEC-1", set(portTong(), "command", "node server.js"), Override{}, "EXEC-1"},
	{"EXEC-1", set(portTong(), "entrypoint", []any{"/srv", 8080}), Override{}, "EXEC-1"},
	{"EXEC-1", set(portTong(), "command", []any{"a\x00b"}), Override{}, "EXEC-1"},
	{"EXEC-1", set(portTong(), "command", []any{"é", "-x", " "}), Override{Args: []string{"é", "-x", " "}}, ""},
	// It checks what it reads.
	{"EXEC-4", "x", Override{}, "DEF-1"},
	{"EXEC-4", set(portTong(), "x", []string{}), Override{}, "DM-1"},
}

var _ = rowTable(func(cite citeFunc) {
	for _, r := range overrideTests {
		cite(r.rule, r.err == "", r.err)
	}
}, "run_override")

func TestRunOverride(t *testing.T) {
	for _, tt := range overrideTests {
		got, err := RunOverride(tt.def)
		if ruleOf(err) != tt.err {
			t.Errorf("%s: RunOverride(%s) = %v, %v; want an error of %q", tt.rule, show(tt.def), got, err, tt.err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); err == nil && diff != "" {
			t.Errorf("%s: RunOverride(%s) (-want +got):\n%s", tt.rule, show(tt.def), diff)
		}
	}
}

type execTest struct {
	rule     string
	def      any
	imageEP  []string
	imageCmd []string
	want     []string // nil when the row is an error
	err      string
}

var execTests = []execTest{
	// EXEC-2: docker's rule.
	{"EXEC-2", portTong(), []string{"/entry"}, []string{"serve"}, []string{"/entry", "serve"}, ""},
	{"EXEC-2", portTong(), nil, []string{"postgres"}, []string{"postgres"}, ""},
	{"EXEC-2", portTong(), []string{"/entry"}, nil, []string{"/entry"}, ""},
	{"EXEC-2", set(portTong(), "command", []any{"x"}), []string{"/entry"}, []string{"serve"}, []string{"/entry", "x"}, ""},
	{"EXEC-2", set(portTong(), "command", []any{"x"}), nil, []string{"serve"}, []string{"x"}, ""},
	// A declared entrypoint drops the image's CMD, as docker does (the
	// Swarmforge launcher appends it: ["/srv", "serve"]).
	{"EXEC-2", set(portTong(), "entrypoint", []any{"/srv"}), []string{"/entry"}, []string{"serve"}, []string{"/srv"}, ""},
	{"EXEC-2", set(set(portTong(), "entrypoint", []any{"/srv", "-v"}), "command", []any{"run"}), []string{"/entry"}, []string{"serve"}, []string{"/srv", "-v", "run"}, ""},
	{"EXEC-2", portTong(), []string{}, []string{"a", ""}, []string{"a", ""}, ""},
	// EXEC-3: something to run, no NUL.
	{"EXEC-3", portTong(), []string{"/entry"}, []string{}, []string{"/entry"}, ""},
	{"EXEC-3", portTong(), nil, nil, nil, "EXEC-3"},
	{"EXEC-3", portTong(), []string{}, []string{}, nil, "EXEC-3"},
	{"EXEC-3", portTong(), []string{"a\x00"}, nil, nil, "EXEC-3"},
	{"EXEC-3", portTong(), []string{"\x00a"}, nil, nil, "EXEC-3"},
	{"EXEC-3", portTong(), nil, []string{"\x00"}, nil, "EXEC-3"},
	{"EXEC-1", set(portTong(), "command", []any{}), nil, []string{"x"}, nil, "EXEC-1"},
	{"EXEC-1", set(portTong(), "entrypoint", "srv"), nil, []string{"x"}, nil, "EXEC-1"},
	{"EXEC-2", nil, nil, []string{"x"}, nil, "DEF-1"},
}

var _ = rowTable(func(cite citeFunc) {
	for _, r := range execTests {
		cite(r.rule, r.err == "", r.err)
	}
}, "exec_target")

func TestExecTarget(t *testing.T) {
	for _, tt := range execTests {
		got, err := ExecTarget(tt.def, tt.imageEP, tt.imageCmd)
		if ruleOf(err) != tt.err {
			t.Errorf("%s: ExecTarget(%s, %q, %q) = %q, %v; want an error of %q", tt.rule, show(tt.def), tt.imageEP, tt.imageCmd, got, err, tt.err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: ExecTarget(%s, %q, %q) (-want +got):\n%s", tt.rule, show(tt.def), tt.imageEP, tt.imageCmd, diff)
		}
	}
}

// dockerProcess is docker's entrypoint/CMD rule (moby's merge of a run
// config into the image config): the process a container runs, given the
// run's --entrypoint (nil: not given) and words after the image.
func dockerProcess(runEntrypoint, runArgs, imageEP, imageCmd []string) []string {
	var p []string
	if runEntrypoint != nil {
		p = append(p, runEntrypoint...)
		return append(p, runArgs...)
	}
	p = append(p, imageEP...)
	if len(runArgs) > 0 {
		return append(p, runArgs...)
	}
	return append(p, imageCmd...)
}

// TestRunOverrideRunsExecTarget checks EXEC-2 and EXEC-4 together on every
// accepted row: docker, given RunOverride's flags, runs ExecTarget's
// process, whatever the image's entrypoint and CMD.
func TestRunOverrideRunsExecTarget(t *testing.T) {
	images := [][2][]string{{nil, nil}, {{"/e"}, nil}, {nil, {"c"}}, {{"/e", "x"}, {"c", "d"}}}
	for _, tt := range overrideTests {
		ov, err := RunOverride(tt.def)
		if err != nil {
			continue
		}
		var ep []string
		if ov.Entrypoint != "" {
			ep = []string{ov.Entrypoint}
		}
		for _, im := range images {
			want := dockerProcess(ep, ov.Args, im[0], im[1])
			got, err := ExecTarget(tt.def, im[0], im[1])
			if len(want) == 0 {
				if ruleOf(err) != "EXEC-3" {
					t.Errorf("ExecTarget(%s, %q) = %q, %v; docker runs nothing, want an EXEC-3 error", show(tt.def), im, got, err)
				}
				continue
			}
			if diff := cmp.Diff(want, got); err != nil || diff != "" {
				t.Errorf("ExecTarget(%s, %q) = %v; docker runs (-want +got):\n%s", show(tt.def), im, err, diff)
			}
		}
	}
}

// TestArgvFieldExample checks that EXEC-1's error shows an example of the
// field it names: words of a command for command, a program's path first
// for entrypoint.
func TestArgvFieldExample(t *testing.T) {
	for _, c := range []struct{ key, example string }{
		{"command", "[serve, --port"},
		{"entrypoint", "[/usr/local/bin/server, --port"},
	} {
		_, err := RunOverride(set(portTong(), c.key, "srv --port 8080"))
		if err == nil || !strings.Contains(err.Error(), c.example) {
			t.Errorf("EXEC-1: RunOverride with %s as a string = %v; want an error showing %q", c.key, err, c.example)
		}
	}
}
