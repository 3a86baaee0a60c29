package dockercli

import (
	"regexp"
	"testing"

	"github.com/docker/cli/opts"

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
