// Package dockercli builds docker's real `run` / `create` flag sets (and the
// top-level `docker` global flags) from github.com/docker/cli@v29.9.3+incompatible.
//
// Build/test (verified with go1.26): NO extra ldflags are needed. Go 1.23's
// -checklinkname restriction only guards pulls of standard-library symbols;
// pulling a third-party unexported func works as is (-ldflags=-checklinkname=0
// is harmless but unnecessary):
//
//	go test ./...
//	go test -count=1 -v -run TestDumpFlags . -args -dump | grep -E '^(run|create|global) --'
//
// Imports only cli, cli/command and cli/command/container (nothing that pulls
// github.com/moby/swarmkit/v2, which the module proxy does not serve).
package dockercli

import (
	"io"
	"sync"
	_ "unsafe" // for go:linkname

	"github.com/docker/cli/cli/command"
	_ "github.com/docker/cli/cli/command/container" // linkname targets live here
	_ "github.com/docker/cli/cli/command/network"   // and here
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

//go:linkname newRunCommand github.com/docker/cli/cli/command/container.newRunCommand
func newRunCommand(dockerCLI command.Cli) *cobra.Command

//go:linkname newCreateCommand github.com/docker/cli/cli/command/container.newCreateCommand
func newCreateCommand(dockerCLI command.Cli) *cobra.Command

// cobra keeps every flag that has a completion function in a
// package-level map (cobra v1.10.2 completions.go), so each command docker
// builds stays reachable for the life of the process: a 100,000-case run
// grew past 7 GB and was killed. Completion is never used here, so
// forgetCompletions empties that map once a command is built.

//go:linkname flagCompletionFunctions github.com/spf13/cobra.flagCompletionFunctions
var flagCompletionFunctions map[*pflag.Flag]cobra.CompletionFunc

//go:linkname flagCompletionMutex github.com/spf13/cobra.flagCompletionMutex
var flagCompletionMutex *sync.RWMutex

func forgetCompletions() {
	flagCompletionMutex.Lock()
	clear(flagCompletionFunctions)
	flagCompletionMutex.Unlock()
}

func newCli() command.Cli {
	c, err := command.NewDockerCli(command.WithOutputStream(io.Discard), command.WithErrorStream(io.Discard))
	if err != nil {
		panic(err)
	}
	return c
}

// RunFlags returns a fresh copy of `docker run`'s flag set.
func RunFlags() *pflag.FlagSet {
	defer forgetCompletions()
	return newRunCommand(newCli()).Flags()
}

// CreateFlags returns a fresh copy of `docker create`'s flag set.
func CreateFlags() *pflag.FlagSet {
	defer forgetCompletions()
	return newCreateCommand(newCli()).Flags()
}

// GlobalFlags returns a fresh flag set of the top-level docker options:
// those cli.SetupRootCommand installs (ClientOptions.InstallFlags from
// cli/flags/options.go plus the persistent --help/-h), and the two that
// cmd/docker/docker.go (package main, not importable) adds by hand,
// --version/-v and the hidden --cloud, mirrored in newRoot and checked
// against that file's text by TestRootFlagsMirror.
func GlobalFlags() *pflag.FlagSet {
	root, _ := newRoot(newCli(), nil, nil)
	fs := pflag.NewFlagSet("docker", pflag.ContinueOnError)
	fs.AddFlagSet(root.Flags())
	fs.AddFlagSet(root.PersistentFlags())
	return fs
}
