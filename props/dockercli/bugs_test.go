package dockercli

import (
	"regexp"
	"strings"
	"testing"

	"github.com/distribution/reference"
	"github.com/docker/cli/opts"
	"github.com/moby/moby/api/types/container"

	"github.com/tongref/tongref/impl"
)

// Inputs docker's parser showed impl wrongly accepted, now refused. Each
// test checks that impl refuses the input and that docker, given it,
// would read or run something other than intended, so the rule is needed.

// longSyntax: a network name docker's --network reads in its long syntax,
// as comma-separated key=value fields (opts.NetworkOpt.Set, v29.9.3
// opts/network.go, which switches on this very regexp): "a=b" is refused
// ("invalid field key a"), and "name=host" attaches the container to the
// host network. NET-2, RUN-3 and INJ-4 refuse "=" and ",".
func longSyntax(network string) bool { return longSyntaxRE.MatchString(network) }

var longSyntaxRE = regexp.MustCompile(`\w+=\w+(,\w+=\w+)*`)

func TestLongSyntaxNetworkRefused(t *testing.T) {
	for _, net := range []string{"a=b", "name=host", "name=tongs,alias=admin"} {
		if out, err := impl.InjectAnvilArgv([]string{"docker", "run", "img"}, net, nil, nil); err == nil {
			t.Errorf("InjectAnvilArgv(..., %q) = %q, want an INJ-4 error", net, out)
		}
		// what a builder without the rule would give docker
		p, err := Parse([]string{"docker", "run", "--network", net, "img"})
		if err != nil {
			t.Logf("docker refuses --network %q: %v", net, err)
			continue
		}
		n := StateOf(p.Flags)["network"]
		if len(n.List) != 1 {
			t.Fatalf("docker reads --network %q with networks %+v", net, n.List)
		}
		if target := n.List[0].(opts.NetworkAttachmentOpts).Target; target == net {
			t.Errorf("docker reads --network %q as that network: the rule would not be needed", net)
		} else {
			t.Logf("docker reads --network %q as %+v", net, n.List[0])
		}
	}
}

// aliasNeedsUserNetwork: docker run refuses --network-alias on a network
// that is not user-defined: "bridge", "host", "none", "default" or
// "container:ID" ("network-scoped aliases are only supported for
// user-defined networks", v29.9.3 cli/command/container/opts.go,
// parseNetworkAttachmentOpt). RUN-4 refuses it.
func aliasNeedsUserNetwork(network string) bool {
	return network == "" || !container.NetworkMode(network).IsUserDefined()
}

func TestAliasOnBuiltInNetworkRefused(t *testing.T) {
	port := map[string]any{"lifecycle": "session", "image": "postgres", "interface": map[string]any{"kind": "port", "port": 5432}}
	for _, network := range []string{"bridge", "host", "none", "default", "container:db"} {
		if argv, err := impl.TongRunArgv("db", port, impl.RunOptions{ContainerName: "c1", Network: network, Alias: "db", SocketPath: impl.DefaultSocketPath}); err == nil {
			t.Errorf("TongRunArgv with network %q and an alias = %q, want a RUN-4 error", network, argv)
		}
		argv := []string{"docker", "run", "-d", "--name", "c1", "--network", network, "--network-alias", "db", "postgres"}
		if _, err := Create(argv); err == nil {
			t.Errorf("docker run %q creates a container: the rule would not be needed", argv)
		}
	}
}

// badImageReference: docker run refuses an image before it contacts the
// daemon ("docker: invalid reference format", from
// reference.ParseAnyReference in createContainer, v29.9.3
// cli/command/container/create.go): IMG-3 refuses it.
func badImageReference(image string) bool {
	_, err := reference.ParseAnyReference(image)
	return err != nil
}

func TestUnparsableImageRefused(t *testing.T) {
	for _, image := range []string{"é", "Alpine", "redis@sha256:0123456789abcdef", "a..b", "a:b:c"} {
		def := map[string]any{"lifecycle": "session", "image": image, "interface": map[string]any{"kind": "none"}, "readiness": map[string]any{"mode": "none"}}
		if errs := impl.ValidateTong("t", def); errs == nil {
			t.Errorf("ValidateTong accepts image %q, want an IMG-3 error", image)
		}
		if _, err := Create([]string{"docker", "run", "-d", image}); err == nil {
			t.Errorf("docker run -d %q creates a container: the rule would not be needed", image)
		}
	}
}

// TestImageGrammarAgrees: IMG-3's grammar and docker's reference parser
// agree on images near the grammar's edges.
func TestImageGrammarAgrees(t *testing.T) {
	for _, image := range []string{
		"alpine", "Alpine", "a..b", "a__b", "a___b", "a--b", "a-", "-a", "a/b/c", "a//b", "localhost:5000/a", "localhost:/a",
		"[::1]:5000/a", "Registry.Example/a", "registry.example:5000/a:tag", "a:" + strings.Repeat("t", 128), "a:" + strings.Repeat("t", 129),
		"a:-x", "a:_x", "a@sha256:" + strings.Repeat("a", 64), "a@sha256:" + strings.Repeat("A", 64), "a@sha512:" + strings.Repeat("a", 128),
		"a@md5:" + strings.Repeat("a", 32), "a:b@sha256:" + strings.Repeat("0", 64), strings.Repeat("a", 64), strings.Repeat("a", 63),
		"x/" + strings.Repeat("a", 64), strings.Repeat("ab/", 85) + "a", strings.Repeat("ab/", 86) + "a", "é", "a.b.c/d_e", "1.2.3.4:80/x",
	} {
		def := map[string]any{"lifecycle": "session", "image": image, "interface": map[string]any{"kind": "none"}, "readiness": map[string]any{"mode": "none"}}
		implOK := impl.ValidateTong("t", def) == nil
		_, derr := Create([]string{"docker", "run", "-d", image})
		if implOK != (derr == nil) {
			t.Errorf("image %q: impl accepts %v, docker run accepts %v (%v)", image, implOK, derr == nil, derr)
		}
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
