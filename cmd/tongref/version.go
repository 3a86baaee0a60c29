package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/tongref/tongref/internal/conform"
)

func init() {
	register(&command{name: "version", summary: "print tongref's version and the spec and protocol versions it implements", run: runVersion})
}

func runVersion(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("version", "[--json]", `
Version prints the module version this binary was built from (its tag when
installed with go install PATH@VERSION; a pseudo-version such as
v0.0.0-20261130164512-6a42390c1b2d, with +dirty for uncommitted changes,
when built in a checkout; "(devel)" when no version control information
was recorded), the VCS revision when known, the versions of the spec it
implements (spec/SPEC.md is v1, spec/SPEC-v2.md v2), the version of the
adapter protocol (spec/PROTOCOL.md), and the docker CLI release whose
option grammar the spec follows. tongref conform's report repeats them.`, `
tongref version
tongref version --json`)
	asJSON := fs.Bool("json", false, "print {module, version, revision, spec, protocol, docker_cli, go} as JSON")
	pos, code, done := fs.parse(args, true, stdout, stderr)
	if done {
		return code
	}
	if len(pos) > 0 {
		return fs.usageError(stderr, fmt.Sprintf("unexpected argument %q; version takes no arguments", pos[0]))
	}
	v := conform.VersionsOf(buildOf(debug.ReadBuildInfo()))
	if *asJSON {
		m := v.JSON()
		m["go"] = runtime.Version()
		stdout.Write(append(conform.Marshal(m), '\n'))
		return exitOK
	}
	fmt.Fprintf(stdout, "tongref %s\n", orUnknown(v.Version))
	fmt.Fprintf(stdout, "module:     %s\n", orUnknown(v.Module))
	if v.Revision != "" {
		fmt.Fprintf(stdout, "revision:   %s\n", v.Revision)
	}
	fmt.Fprintf(stdout, "spec:       v%s (spec/)\n", strings.Join(v.Spec, ", v"))
	fmt.Fprintf(stdout, "protocol:   %d (spec/PROTOCOL.md)\n", v.Protocol)
	fmt.Fprintf(stdout, "docker CLI: %s\n", v.DockerCLI)
	fmt.Fprintf(stdout, "go:         %s\n", runtime.Version())
	return exitOK
}

// buildOf reads the module path, version and VCS revision from a binary's
// build information (debug.ReadBuildInfo's results). A revision is cut to
// 12 hex digits, as pseudo-versions write it, and marked "+dirty" when the
// tree had uncommitted changes.
func buildOf(info *debug.BuildInfo, ok bool) conform.Build {
	if !ok || info == nil {
		return conform.Build{}
	}
	b := conform.Build{Module: info.Main.Path, Version: info.Main.Version}
	dirty := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
			if len(b.Revision) > 12 {
				b.Revision = b.Revision[:12]
			}
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if dirty && b.Revision != "" {
		b.Revision += "+dirty"
	}
	return b
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
