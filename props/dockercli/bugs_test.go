package dockercli

import (
	"regexp"
	"strings"
	"testing"

	"github.com/distribution/reference"
	"github.com/docker/cli/opts"
	"github.com/moby/moby/api/types/container"

	"tongref/impl"
)

// Known impl bugs that docker's parser shows, each with the inputs the
// properties skip until it is fixed. TestImplBugs fails when a bug is
// gone, so the skip goes with it.

// bugLongSyntax: impl accepts a network name (NET-2, RUN-3, INJ-4) that
// docker's --network reads in its long syntax, as comma-separated
// key=value fields (opts.NetworkOpt.Set, v29.9.3 opts/network.go, which
// switches on this very regexp): "a=b" is refused ("invalid field key
// a"), and "name=host" attaches the container to the host network.
func bugLongSyntax(network string) bool { return longSyntax.MatchString(network) }

var longSyntax = regexp.MustCompile(`\w+=\w+(,\w+=\w+)*`)

func TestImplBugs(t *testing.T) {
	for _, net := range []string{"a=b", "name=host", "name=tongs,alias=admin"} {
		out, err := impl.InjectAnvilArgv([]string{"docker", "run", "img"}, net, nil, nil)
		if err != nil {
			t.Errorf("InjectAnvilArgv(..., %q) = %v: the long-syntax bug is fixed for it; drop bugLongSyntax's skips if it is fixed everywhere", net, err)
			continue
		}
		p, err := Parse(out)
		if err != nil {
			t.Logf("docker refuses %q: %v", out, err)
			continue
		}
		n := StateOf(p.Flags)["network"]
		if len(n.List) != 1 {
			t.Fatalf("docker reads %q with networks %+v", out, n.List)
		}
		t.Logf("docker reads --network %q as %+v", net, n.List[0])
		if target := n.List[0].(opts.NetworkAttachmentOpts).Target; target == net {
			t.Errorf("docker reads --network %q as that network: not the bug any more", net)
		}
	}
}

// bugAliasNetwork: impl writes --network-alias (RUN-4) on any network
// but none, and docker run refuses an alias on a network that is not
// user-defined: "bridge", "host", "none", "default" or "container:ID" ("network-scoped aliases are only
// supported for user-defined networks", v29.9.3 cli/command/container/
// opts.go, parseNetworkAttachmentOpt).
func bugAliasNetwork(network string) bool {
	return network == "" || !container.NetworkMode(network).IsUserDefined()
}

func TestImplBugAliasNetwork(t *testing.T) {
	port := map[string]any{"lifecycle": "session", "image": "postgres", "interface": map[string]any{"kind": "port", "port": 5432}}
	for _, network := range []string{"bridge", "host", "none", "default", "container:db"} {
		argv, err := impl.TongRunArgv("db", port, impl.RunOptions{ContainerName: "c1", Network: network, Alias: "db", SocketPath: impl.DefaultSocketPath})
		if err != nil {
			t.Errorf("TongRunArgv with network %q and an alias = %v: the bug is fixed for it; drop bugAliasNetwork's skip if it is fixed everywhere", network, err)
			continue
		}
		_, err = Create(argv)
		if err == nil {
			t.Errorf("docker run %q creates a container: not the bug", argv)
			continue
		}
		t.Logf("docker run %q: %v", argv, strings.SplitN(err.Error(), "\n", 2)[0])
	}
}

// bugImageReference: impl accepts an image (IMG-1, IMG-2) that docker run
// refuses before it contacts the daemon ("docker: invalid reference
// format", from reference.ParseAnyReference in createContainer, v29.9.3
// cli/command/container/create.go): a launch that cannot work.
func bugImageReference(image string) bool {
	_, err := reference.ParseAnyReference(image)
	return err != nil
}

func TestImplBugImageReference(t *testing.T) {
	for _, image := range []string{"é", "Alpine", "redis@sha256:0123456789abcdef", "a..b", "a:b:c"} {
		def := map[string]any{"lifecycle": "session", "image": image, "interface": map[string]any{"kind": "none"}, "readiness": map[string]any{"mode": "none"}}
		if errs := impl.ValidateTong("t", def); errs != nil {
			t.Errorf("ValidateTong refuses image %q (%v): the bug is fixed for it; drop bugImageReference's skip if it is fixed everywhere", image, errs[0])
			continue
		}
		_, err := Create([]string{"docker", "run", "-d", image})
		if err == nil {
			t.Errorf("docker run -d %q creates a container: not the bug", image)
			continue
		}
		t.Logf("ValidateTong accepts image %q; docker run refuses it: %v", image, strings.SplitN(err.Error(), "\n", 2)[0])
	}
}

// Fixed: the docker socket at /workspace collided with the workspace
// mount (two -v specs with the target /workspace: docker run's CLI
// collects -v specs in a map, so two equal specs became one bind, and two
// different ones reach a daemon that refuses a duplicate mount point).
// MNT-6 now refuses it; this keeps it refused.
func TestMountTargetRefused(t *testing.T) {
	def := map[string]any{"lifecycle": "session", "image": "alpine", "interface": map[string]any{"kind": "none"},
		"readiness": map[string]any{"mode": "none"}, "mounts": []any{"workspace", "docker-socket"}}
	for _, ws := range []string{"/workspace", "/home/me/project"} {
		argv, err := impl.TongRunArgv("t", def, impl.RunOptions{ContainerName: "c1", Workspace: ws, SocketPath: "/workspace"})
		if err == nil {
			var binds []string
			if c, cerr := Create(argv); cerr == nil {
				binds = c.HostConfig.Binds
			}
			t.Errorf("TongRunArgv with socket path /workspace = %q; docker run sends binds %q for two mounts at /workspace", argv, binds)
		}
	}
}
