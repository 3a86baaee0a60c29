package dockercli

import (
	"context"
	"errors"
	"fmt"
	"io"
	_ "unsafe" // for go:linkname

	"github.com/docker/cli/cli/command"
	cliflags "github.com/docker/cli/cli/flags"
	"github.com/moby/moby/client"
	"github.com/spf13/cobra"
)

//go:linkname newNetworkCommand github.com/docker/cli/cli/command/network.newNetworkCommand
func newNetworkCommand(dockerCLI command.Cli) *cobra.Command

//go:linkname newStartCommand github.com/docker/cli/cli/command/container.newStartCommand
func newStartCommand(dockerCLI command.Cli) *cobra.Command

// Request is what one of the launch's other docker commands (network
// create, connect and disconnect, start) would send the daemon, as
// docker's own command builds it.
type Request struct {
	Path []string // the command path, such as [docker network connect]
	// Network is the network operand of network create, connect and
	// disconnect.
	Network    string
	Create     *client.NetworkCreateOptions
	Connect    *client.NetworkConnectOptions
	Disconnect *client.NetworkDisconnectOptions
	Start      *StartRequest
}

// StartRequest is what docker start read: the container it inspects
// first (to attach) or starts, and whether it attaches its output and
// its input.
type StartRequest struct {
	Container           string
	Attach, Interactive bool
}

// launchClient answers the calls of docker's network and start commands
// and captures the first request that would change something. Any other
// call panics on the nil embedded interface: the command made a call this
// harness does not expect.
type launchClient struct {
	client.APIClient
	req Request
}

func (*launchClient) DaemonHost() string { return "unix:///var/run/docker.sock" }

func (*launchClient) Ping(context.Context, client.PingOptions) (client.PingResult, error) {
	return client.PingResult{APIVersion: "1.52", OSType: "linux"}, nil
}

func (f *launchClient) NetworkCreate(_ context.Context, name string, o client.NetworkCreateOptions) (client.NetworkCreateResult, error) {
	f.req.Network, f.req.Create = name, &o
	return client.NetworkCreateResult{}, errCaptured
}

func (f *launchClient) NetworkConnect(_ context.Context, network string, o client.NetworkConnectOptions) (client.NetworkConnectResult, error) {
	f.req.Network, f.req.Connect = network, &o
	return client.NetworkConnectResult{}, errCaptured
}

func (f *launchClient) NetworkDisconnect(_ context.Context, network string, o client.NetworkDisconnectOptions) (client.NetworkDisconnectResult, error) {
	f.req.Network, f.req.Disconnect = network, &o
	return client.NetworkDisconnectResult{}, errCaptured
}

// ContainerInspect is docker start's first call when it attaches.
func (f *launchClient) ContainerInspect(_ context.Context, container string, _ client.ContainerInspectOptions) (client.ContainerInspectResult, error) {
	f.req.Start = &StartRequest{Container: container}
	return client.ContainerInspectResult{}, errCaptured
}

// ContainerStart is docker start's call when it does not attach.
func (f *launchClient) ContainerStart(_ context.Context, container string, _ client.ContainerStartOptions) (client.ContainerStartResult, error) {
	f.req.Start = &StartRequest{Container: container}
	return client.ContainerStartResult{}, errCaptured
}

// Command runs argv ("docker network create|connect|disconnect ..." or
// "docker start ...", without global options) through docker's own
// command, its RunE included, against a fake daemon, and returns the
// request it would send: the command parses its flags and operands and
// builds the request exactly as the docker CLI v29.9.3 does.
func Command(argv []string) (*Request, error) {
	if len(argv) < 2 || argv[0] != "docker" || (argv[1] != "network" && argv[1] != "start") {
		return nil, errors.New("Command takes docker network ... or docker start ..., without global options")
	}
	fake := &launchClient{}
	c, err := command.NewDockerCli(command.WithOutputStream(io.Discard), command.WithErrorStream(io.Discard),
		command.WithInputStream(io.NopCloser(eofReader{})))
	if err != nil {
		return nil, err
	}
	if err := c.Initialize(cliflags.NewClientOptions(), command.WithAPIClient(fake)); err != nil {
		return nil, err
	}
	root, _ := newRoot(c, func(string) bool { return false }, nil)
	start := newStartCommand(c)
	root.AddCommand(newNetworkCommand(c), start)
	forgetCompletions()
	root.SetArgs(argv[1:])
	cmd, err := root.ExecuteContextC(context.Background())
	if !errors.Is(err, errCaptured) {
		if err == nil {
			err = errors.New("docker ran the command without calling the daemon")
		}
		return nil, err
	}
	r := fake.req
	for x := cmd; x != nil; x = x.Parent() {
		r.Path = append([]string{x.Name()}, r.Path...)
	}
	r.Path[0] = "docker"
	if r.Start != nil {
		if cmd != start {
			return nil, fmt.Errorf("docker %v inspected or started a container", r.Path)
		}
		r.Start.Attach, _ = start.Flags().GetBool("attach")
		r.Start.Interactive, _ = start.Flags().GetBool("interactive")
	}
	return &r, nil
}
