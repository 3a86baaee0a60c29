package dockercli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	_ "unsafe" // for go:linkname

	"github.com/docker/cli/cli"
	"github.com/docker/cli/cli/command"
	cliflags "github.com/docker/cli/cli/flags"
	"github.com/moby/moby/client"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

//go:linkname newContainerCommand github.com/docker/cli/cli/command/container.newContainerCommand
func newContainerCommand(dockerCLI command.Cli) *cobra.Command

// Parsed is what docker's command tree read from an argv that reached
// the run or create command.
type Parsed struct {
	Global *pflag.FlagSet // the docker command's own options, as parsed
	Path   []string       // the command path, such as [docker container run]
	Sub    int            // the index in argv of the run or create token
	Flags  *pflag.FlagSet // the run (or create) options, as parsed
	Args   []string       // the operands: the image, then its arguments
}

// Command returns the subcommand, "run" or "create".
func (p *Parsed) Command() string { return p.Path[len(p.Path)-1] }

// Image returns the image operand.
func (p *Parsed) Image() string { return p.Args[0] }

// errCaptured stops a command once its input has been captured.
var errCaptured = errors.New("captured")

// ErrHelp is Parse's error when docker printed a usage instead of running
// the command (--help among the options).
var ErrHelp = errors.New("docker printed help and ran nothing")

// newRoot builds docker's top-level command as cmd/docker/docker.go's
// newDockerCommand does (that file is package main, so it is mirrored
// here), with only the commands an anvil or tong argv can name: "run",
// "create" (a legacy top-level command) and "container" with all its
// subcommands. Building them is most of the cost of a parse, and cobra
// looks only at the commands an argv names on its path, so with
// only set, each is built only when only(name) reports the argv holds
// the token name; an argv naming none of them fails as an unknown command
// either way. Each run and create command gets hook as its RunE when hook
// is not nil, and keeps docker's own RunE otherwise.
func newRoot(dockerCLI command.Cli, only func(name string) bool, hook func(*cobra.Command, []string) error) (*cobra.Command, *cliflags.ClientOptions) {
	defer forgetCompletions()
	if only == nil {
		only = func(string) bool { return true }
	}
	root := &cobra.Command{
		Use:              "docker [OPTIONS] COMMAND [ARG...]",
		SilenceUsage:     true,
		SilenceErrors:    true,
		TraverseChildren: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return errors.New("docker: no command")
			}
			return fmt.Errorf("docker: unknown command: docker %s", args[0])
		},
	}
	root.SetOut(io.Discard)
	root.SetErr(io.Discard)
	opts, _ := cli.SetupRootCommand(root)
	// cmd/docker/docker.go, newDockerCommand (v29.9.3, lines 180-183).
	root.Flags().BoolP("version", "v", false, "Print version information and quit")
	root.Flags().String("cloud", "", "Use a cloud context, provisioning it if necessary (optionally --cloud=NAME)")
	root.Flags().Lookup("cloud").NoOptDefVal = "default"
	root.Flags().Lookup("cloud").Hidden = true

	for _, c := range []struct {
		name string
		new  func(command.Cli) *cobra.Command
	}{{"run", newRunCommand}, {"create", newCreateCommand}, {"container", newContainerCommand}} {
		if only(c.name) {
			root.AddCommand(c.new(dockerCLI))
		}
	}
	if hook != nil {
		var all []*cobra.Command
		for _, c := range root.Commands() {
			all = append(all, c)
			all = append(all, c.Commands()...)
		}
		for _, c := range all {
			if c.Name() == "run" || c.Name() == "create" {
				c.RunE = hook
			}
		}
	}
	return root, opts
}

// Parse reads argv ("docker", then its arguments) the way the docker CLI
// v29.9.3 does, up to the point where run or create would act: first
// handleGlobalFlags reads the global options (pflag, interspersed off),
// as cmd/docker/docker.go's runDocker does through
// cli.TopLevelCommand.HandleGlobalFlags, then
// cobra's Execute walks the command tree with the remaining arguments,
// parses the subcommand's flags, checks its arguments (run needs an image)
// and calls RunE, which here records what it was given instead of
// contacting a daemon. An argv that does not reach run or create (another
// command, --help, a parse error) gives an error.
//
// Skipped from runDocker: Initialize (client and context setup),
// plugins and aliases from the config file, and PersistentPreRunE's
// check of flags against the daemon's API version. None of them changes
// how the argv is split into options and operands. (runDocker's plugin
// check also calls cmd.Find(args), which gives the commands it reaches
// the root's help flag and so changes how the lookup reads -h after a
// "--" (ARGV-3); cobra's ExecuteC makes the same Find call, through
// initCompleteCmd, so Execute here has that effect too.)
//
// argv[0] is the program: docker never reads it.
func Parse(argv []string) (*Parsed, error) {
	if len(argv) == 0 {
		return nil, errors.New("empty argv")
	}
	dockerCLI := newCli()
	var got *Parsed
	root, _ := newRoot(dockerCLI, holds(argv), func(cmd *cobra.Command, args []string) error {
		got = &Parsed{Flags: cmd.Flags(), Args: args}
		for c := cmd; c != nil; c = c.Parent() {
			got.Path = append([]string{c.Name()}, got.Path...)
		}
		return errCaptured
	})
	cmd, args, err := handleGlobalFlags(root, argv[1:])
	if err != nil {
		return nil, err
	}
	cmd.SetArgs(args)
	err = cmd.Execute()
	if got == nil {
		if err == nil {
			err = ErrHelp
		}
		return nil, err
	}
	if !errors.Is(err, errCaptured) {
		return nil, fmt.Errorf("unexpected result after capture: %v", err)
	}
	got.Path[0] = "docker"
	got.Sub = subIndex(argv, len(argv)-len(args), len(argv)-len(got.Args), got.Command())
	got.Global = pflag.NewFlagSet("docker", pflag.ContinueOnError)
	got.Global.AddFlagSet(root.Flags())
	got.Global.AddFlagSet(root.PersistentFlags())
	return got, nil
}

// subIndex returns the index of the token that docker read as the
// command word cmd, "run" or "create", in argv, which docker runs with the
// image at image: the first token equal to cmd from from (the first token
// after the global options) on, unless another before the image is too.
// Then it asks docker which: the subcommand is the token that, spelled
// otherwise, stops docker running cmd on that image. (After a "--" among
// the global options, "docker -- --context run run img" runs the second
// run: the first is --context's value.)
func subIndex(argv []string, from, image int, cmd string) int {
	var candidates []int
	for k := from; k < image; k++ {
		if argv[k] == cmd {
			candidates = append(candidates, k)
		}
	}
	if len(candidates) == 1 {
		return candidates[0]
	}
	for _, k := range candidates {
		other := slices.Clone(argv)
		other[k] = "not-" + cmd
		p, err := Parse(other)
		if err != nil || p.Command() != cmd || len(other)-len(p.Args) != image {
			return k
		}
	}
	panic(fmt.Sprintf("docker runs %s on %q, and reads none of its %q tokens as the subcommand", cmd, argv, cmd))
}

// Created is what docker run would send the daemon to create the
// container.
type Created = client.ContainerCreateOptions

// fakeClient answers the two calls docker run makes before it creates a
// container, Ping and DaemonHost, and captures the create request. Any
// other call panics on the nil embedded interface: docker run made a call
// this harness does not expect.
type fakeClient struct {
	client.APIClient
	created *Created
}

func (*fakeClient) DaemonHost() string { return "unix:///var/run/docker.sock" }

func (*fakeClient) Ping(context.Context, client.PingOptions) (client.PingResult, error) {
	return client.PingResult{APIVersion: "1.52", OSType: "linux"}, nil
}

func (f *fakeClient) ContainerCreate(_ context.Context, o client.ContainerCreateOptions) (client.ContainerCreateResult, error) {
	f.created = &o
	return client.ContainerCreateResult{}, errCaptured
}

// Create runs argv through docker's real run (or create) command, its
// own RunE included, against a fake daemon, and returns the create
// request docker run would send: the container's Config, HostConfig,
// NetworkingConfig and name, as docker's opts.go parse builds them.
// Global options are refused (the tong argvs have none).
func Create(argv []string) (*Created, error) {
	if len(argv) < 2 || argv[0] != "docker" || (len(argv[1]) > 0 && argv[1][0] == '-') {
		return nil, errors.New("Create takes docker [container] run|create ..., without global options")
	}
	fake := &fakeClient{}
	c, err := command.NewDockerCli(command.WithOutputStream(io.Discard), command.WithErrorStream(io.Discard),
		command.WithInputStream(io.NopCloser(eofReader{})))
	if err != nil {
		return nil, err
	}
	if err := c.Initialize(cliflags.NewClientOptions(), command.WithAPIClient(fake)); err != nil {
		return nil, err
	}
	root, _ := newRoot(c, holds(argv), nil)
	root.SetArgs(argv[1:])
	err = root.ExecuteContext(context.Background())
	if fake.created == nil {
		if err == nil {
			err = errors.New("docker run returned without creating a container")
		}
		return nil, err
	}
	if !errors.Is(err, errCaptured) {
		return nil, fmt.Errorf("unexpected result after create: %v", err)
	}
	return fake.created, nil
}

// handleGlobalFlags is the parse of cli.TopLevelCommand.HandleGlobalFlags
// (v29.9.3 cli/cobra.go), whose lines TestRootFlagsMirror checks. Docker's
// own, on a parse error, calls Initialize to format the error, which sets
// process-wide state from the half-parsed options (the config directory,
// debug mode, the log level) and exits the process on an unknown log
// level; a harness parsing thousands of argvs in one process cannot have
// that. Either way docker refuses the argv.
func handleGlobalFlags(cmd *cobra.Command, args []string) (*cobra.Command, []string, error) {
	flags := pflag.NewFlagSet(cmd.Name(), pflag.ContinueOnError)
	flags.SetOutput(io.Discard)
	flags.SetInterspersed(false)
	flags.AddFlagSet(cmd.Flags())
	flags.AddFlagSet(cmd.PersistentFlags())
	if err := flags.Parse(args); err != nil {
		return nil, nil, cmd.FlagErrorFunc()(cmd, err)
	}
	return cmd, flags.Args(), nil
}

// holds returns a function reporting whether argv holds a token.
func holds(argv []string) func(string) bool {
	return func(tok string) bool { return slices.Contains(argv, tok) }
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }

// Isolate points the docker CLI's configuration at an empty temporary
// directory and clears the environment variables that change how it
// parses or what it sends, so results do not depend on the machine. Call
// it from TestMain; it returns a cleanup function.
func Isolate() (func(), error) {
	dir, err := os.MkdirTemp("", "dockercli-config-")
	if err != nil {
		return nil, err
	}
	for _, k := range []string{"DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH",
		"DOCKER_DEFAULT_PLATFORM", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "FTP_PROXY", "ALL_PROXY",
		"http_proxy", "https_proxy", "no_proxy", "ftp_proxy", "all_proxy"} {
		os.Unsetenv(k)
	}
	os.Setenv("DOCKER_CONFIG", dir)
	return func() { os.RemoveAll(dir) }, nil
}

//go:linkname newNetworkConnectCommand github.com/docker/cli/cli/command/network.newConnectCommand
func newNetworkConnectCommand(dockerCLI command.Cli) *cobra.Command

// NetworkConnect parses the arguments of "docker network connect" (after
// "connect") with docker's own command, up to where it would call the
// daemon, and returns the network and container it would connect.
// ErrHelp means docker printed its usage and connected nothing.
func NetworkConnect(args []string) (network, container string, err error) {
	cmd := newNetworkConnectCommand(newCli())
	forgetCompletions()
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	captured := false
	cmd.RunE = func(_ *cobra.Command, args []string) error {
		network, container, captured = args[0], args[1], true
		return errCaptured
	}
	cmd.SetArgs(args)
	err = cmd.Execute()
	switch {
	case captured:
		return network, container, nil
	case err == nil:
		return "", "", ErrHelp
	}
	return "", "", err
}
