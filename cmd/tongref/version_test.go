package main

import (
	"bytes"
	"encoding/json"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/internal/conform"
)

var buildTests = []struct {
	name string
	info *debug.BuildInfo
	ok   bool
	want conform.Build
}{
	{"no build info", nil, false, conform.Build{}},
	{"checkout without VCS stamp", &debug.BuildInfo{Main: debug.Module{Path: "example.com/t", Version: "(devel)"}}, true,
		conform.Build{Module: "example.com/t", Version: "(devel)"}},
	{"go install at a tag", &debug.BuildInfo{Main: debug.Module{Path: "example.com/t", Version: "v1.2.3"}}, true,
		conform.Build{Module: "example.com/t", Version: "v1.2.3"}},
	{"checkout, clean", &debug.BuildInfo{
		Main:     debug.Module{Path: "example.com/t", Version: "v0.0.0-20261130165650-6a42390085db"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "6a42390085dba67bb1de657ab72465345e4ca60d"}, {Key: "vcs.modified", Value: "false"}},
	}, true, conform.Build{Module: "example.com/t", Version: "v0.0.0-20261130165650-6a42390085db", Revision: "6a42390085db"}},
	{"checkout, dirty", &debug.BuildInfo{
		Main:     debug.Module{Path: "example.com/t", Version: "v0.0.0-20261130165650-6a42390085db+dirty"},
		Settings: []debug.BuildSetting{{Key: "vcs.modified", Value: "true"}, {Key: "vcs.revision", Value: "6a42390"}},
	}, true, conform.Build{Module: "example.com/t", Version: "v0.0.0-20261130165650-6a42390085db+dirty", Revision: "6a42390+dirty"}},
	{"modified but no revision", &debug.BuildInfo{Settings: []debug.BuildSetting{{Key: "vcs.modified", Value: "true"}}}, true, conform.Build{}},
}

func TestBuildOf(t *testing.T) {
	for _, tt := range buildTests {
		if got := buildOf(tt.info, tt.ok); got != tt.want {
			t.Errorf("%s: buildOf = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

// TestVersion checks tongref version's text and JSON against the values
// they come from: the spec versions, the protocol and the docker CLI.
func TestVersion(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"version"}, nil, &stdout, &stderr); code != exitOK || stderr.Len() > 0 {
		t.Fatalf("tongref version: exit %d, stderr %q", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{
		"\nspec:       v" + strings.Join(impl.SpecVersions(), ", v") + " (spec/)\n",
		"\nprotocol:   1 (spec/PROTOCOL.md)\n",
		"\ndocker CLI: " + impl.DockerCLIVersion + "\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("tongref version printed\n%s\nwant a line %q", out, strings.TrimSpace(want))
		}
	}
	if !strings.HasPrefix(out, "tongref ") {
		t.Errorf("tongref version printed\n%s\nwant it to begin with tongref VERSION", out)
	}

	stdout.Reset()
	if code := run([]string{"version", "--json"}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("tongref version --json: exit %d, stderr %q", code, stderr.String())
	}
	var got map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("tongref version --json printed %q: %v", stdout.String(), err)
	}
	spec := []any{}
	for _, v := range impl.SpecVersions() {
		spec = append(spec, v)
	}
	want := map[string]any{"spec": spec, "protocol": 1.0, "docker_cli": impl.DockerCLIVersion}
	for k, w := range want {
		if diff := cmp.Diff(w, got[k]); diff != "" {
			t.Errorf("tongref version --json: %s differs (-want +got):\n%s", k, diff)
		}
	}
	for _, k := range []string{"module", "version", "revision", "go"} {
		if _, ok := got[k]; !ok {
			t.Errorf("tongref version --json has no %q: %s", k, stdout.String())
		}
	}

	stderr.Reset()
	if code := run([]string{"version", "extra"}, nil, &stdout, &stderr); code != exitUsage || !strings.Contains(stderr.String(), `unexpected argument "extra"`) {
		t.Errorf("tongref version extra: exit %d, stderr %q; want exit 2 naming the argument", code, stderr.String())
	}
}

// TestConformReportsVersions checks that conform's report, text and JSON,
// says what it checked against.
func TestConformReportsVersions(t *testing.T) {
	line := "checked against: " + conform.VersionsOf(buildOf(debug.ReadBuildInfo())).String() + "\n"
	var stdout, stderr bytes.Buffer
	code := run([]string{"conform", "--in-process", "--cases", "2", "--seed", "1", "--ops", "parse_duration"}, nil, &stdout, &stderr)
	if code != exitOK || !strings.Contains(stdout.String(), line) {
		t.Errorf("tongref conform --in-process: exit %d, want 0 and the line %q:\n%s%s", code, line, stdout.String(), stderr.String())
	}
	stdout.Reset()
	code = run([]string{"conform", "--in-process", "--cases", "2", "--seed", "1", "--ops", "parse_duration", "--json"}, nil, &stdout, &stderr)
	var rep struct {
		Versions map[string]any `json:"versions"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &rep); code != exitOK || err != nil {
		t.Fatalf("tongref conform --json: exit %d, %v:\n%s", code, err, stdout.String())
	}
	if rep.Versions["protocol"] != 1.0 || rep.Versions["docker_cli"] != impl.DockerCLIVersion || rep.Versions["spec"] == nil {
		t.Errorf("tongref conform --json: versions = %v, want the spec, protocol 1 and docker CLI %s", rep.Versions, impl.DockerCLIVersion)
	}
}
