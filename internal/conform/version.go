package conform

import (
	"strconv"
	"strings"

	"github.com/tongref/tongref/impl"
)

// ProtocolVersion is the version of the adapter protocol, spec/PROTOCOL.md,
// that the runner and the reference adapter speak: the runner's hello
// sends it and refuses an adapter that answers another.
const ProtocolVersion = 1

// Build is the tongref binary a run is made with. Only the binary knows it
// (runtime/debug.ReadBuildInfo), so the command fills it in and passes it
// in Options.
type Build struct {
	Module   string // the module path
	Version  string // the module version: its tag when installed with go install, "(devel)" when built in a checkout
	Revision string // the VCS revision built from, when known, with "+dirty" for uncommitted changes
}

// Versions says what a run checks against: the build, the spec versions
// package impl implements, the protocol version, and the docker CLI
// release whose grammar the spec follows. `tongref version` prints it and
// every conform report repeats it, so a CI log shows what an adapter was
// measured against.
type Versions struct {
	Build
	Spec      []string // impl.SpecVersions
	Protocol  int      // ProtocolVersion
	DockerCLI string   // impl.DockerCLIVersion
}

// VersionsOf returns the versions of a run made with build b.
func VersionsOf(b Build) Versions {
	return Versions{Build: b, Spec: impl.SpecVersions(), Protocol: ProtocolVersion, DockerCLI: impl.DockerCLIVersion}
}

// String is the versions in one line, such as
// "tongref (devel) (rev 1a2b3c4), spec v1, protocol 1, docker CLI v29.9.3".
func (v Versions) String() string {
	var b strings.Builder
	b.WriteString("tongref ")
	b.WriteString(orUnknown(v.Version))
	if v.Revision != "" {
		b.WriteString(" (rev " + v.Revision + ")")
	}
	b.WriteString(", spec ")
	if len(v.Spec) == 0 {
		b.WriteString("unknown")
	}
	for i, s := range v.Spec {
		if i > 0 {
			b.WriteString(" and ")
		}
		b.WriteString("v" + s)
	}
	b.WriteString(", protocol " + strconv.Itoa(v.Protocol))
	b.WriteString(", docker CLI " + orUnknown(v.DockerCLI))
	return b.String()
}

// JSON is the versions as the --json outputs give them: module, version,
// revision, spec (a list), protocol (an integer) and docker_cli.
func (v Versions) JSON() map[string]any {
	return map[string]any{
		"module": v.Module, "version": v.Version, "revision": v.Revision,
		"spec": strsToAny(v.Spec), "protocol": int64(v.Protocol), "docker_cli": v.DockerCLI,
	}
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
