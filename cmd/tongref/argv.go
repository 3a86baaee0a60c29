package main

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/load"
)

func init() {
	register(&command{name: "argv", summary: "print the docker run command the reference builds for a tong", run: runArgv})
}

// placeholderSession is the session id argv uses for a session tong when
// --session is not given.
const placeholderSession = "SESSION"

func runArgv(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("argv", "FILE [--session ID | --shared] [--network NET] [--workspace PATH] [--socket PATH] [--env K=V]... [--tmpfs DIR]... [--label-hash HASH | --hash] [--json]", `
Argv prints the docker run command that starts the tong defined in FILE,
exactly as the reference builds it (impl.TongRunArgv), as one line a POSIX
shell reads back into the same words; --json prints the words as a JSON
array.

The launcher's choices come from the flags:

  container name  --shared gives the shared name (swarmforge-shared-TONG),
                  --session ID the session name (ID-tong-TONG). Without
                  either, the definition's lifecycle decides: a shared tong
                  gets its shared name, a session tong the session name of
                  the placeholder session id SESSION.
  network         --network NET joins the network, under the tong's
                  canonical alias (interface.name for mcp, the tong name for
                  port; volume and none tongs get no alias). Without it the
                  tong joins no network and gets no alias, which docker
                  only allows on a user-defined network.
  env             as the launcher delivers it: a plain value as -e NAME=VALUE
                  (integers in decimal); a secret value (one holding
                  ${secret:...}) never itself, but as
                  -e NAME_FILE=/run/swarmforge/secrets/NAME, with
                  --tmpfs /run/swarmforge/secrets. --env K=V adds a variable
                  the definition does not set (never a secret, nor its
                  NAME_FILE), each name once.
  tmpfs           --tmpfs DIR adds a tmpfs mount, after the secrets' one.
  config hash     --hash stamps the definition's config hash label
                  (tongref hash FILE); --label-hash HASH stamps HASH.
  mounts          a workspace mount needs --workspace PATH; a docker-socket
                  mount binds --socket PATH (default /var/run/docker.sock).`, `
tongref argv tongs/github.yaml --session s1 --network tongs --workspace "$PWD"
tongref argv tongs/broker.yaml --hash --json`)
	session := fs.String("session", "", "the session `ID`: name the container ID-tong-TONG")
	shared := fs.Bool("shared", false, "name the container as a shared tong: swarmforge-shared-TONG")
	network := fs.String("network", "", "the docker `NETWORK` to join, under the tong's canonical alias")
	workspace := fs.String("workspace", "", "the workspace `PATH` a workspace mount binds")
	socket := fs.String("socket", impl.DefaultSocketPath, "the docker socket `PATH` a docker-socket mount binds")
	var envs, tmpfs listFlag
	fs.Var(&envs, "env", "add the environment variable `K=V` (repeatable)")
	fs.Var(&tmpfs, "tmpfs", "add a tmpfs mount at `DIR` (repeatable)")
	labelHash := fs.String("label-hash", "", "stamp `HASH` as the config hash label")
	hash := fs.Bool("hash", false, "stamp the definition's config hash as the config hash label")
	asJSON := fs.Bool("json", false, "print the argv as a JSON array of strings")
	files, code, done := fs.parse(args, true, stdout, stderr)
	if done {
		return code
	}
	switch {
	case len(files) != 1:
		return fs.usageError(stderr, "name exactly one definition file")
	case *shared && *session != "":
		return fs.usageError(stderr, "give --session or --shared, not both")
	case *hash && *labelHash != "":
		return fs.usageError(stderr, "give --hash or --label-hash, not both")
	}
	d, err := load.File(files[0])
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitInvalid
	}
	if err := d.Validate(); err != nil {
		for _, f := range findings(d.File, err) {
			fmt.Fprintln(stderr, f.text)
		}
		fmt.Fprintf(stderr, "tongref argv: %s is not a valid definition; fix the errors above (tongref validate %s)\n", d.File, shellQuote(d.File))
		return exitInvalid
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "tongref argv: %s: %s\n", d.File, explainOption(err))
		return exitInvalid
	}

	var container string
	lifecycle, _ := d.Value.(map[string]any)["lifecycle"].(string)
	switch {
	case *shared, *session == "" && lifecycle == "shared":
		container = impl.SharedContainerName(d.Name)
	default:
		id := *session
		if id == "" {
			id = placeholderSession
		}
		if container, err = impl.SessionContainerName(id, d.Name); err != nil {
			return fail(err)
		}
	}
	o, err := load.LaunchOptions(d, container, load.Launch{Network: *network, Workspace: *workspace, SocketPath: *socket, Tmpfs: tmpfs, Hash: *hash})
	if err != nil {
		return fail(err)
	}
	if len(o.TmpfsDirs) > len(tmpfs) && slices.Contains(tmpfs, impl.SecretDir) {
		return fs.usageError(stderr, "--tmpfs "+impl.SecretDir+": the secrets' tmpfs is mounted there already")
	}
	if *labelHash != "" {
		o.LabelHash = *labelHash
	}
	// --env only adds names: not one the definition sets (a secret
	// above all, whose value never goes on the command line), not one the
	// launcher delivers (a secret's NAME_FILE), not one given twice.
	defEnv, _ := d.Value.(map[string]any)["env"].(map[string]any)
	given := make(map[string]string, len(envs))
	for _, kv := range envs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return fs.usageError(stderr, fmt.Sprintf("--env %s: write NAME=VALUE", shellQuote(kv)))
		}
		if first, dup := given[k]; dup {
			return fs.usageError(stderr, fmt.Sprintf("--env %s: %s is given twice (first as --env %s); give it once", shellQuote(kv), k, shellQuote(first)))
		}
		given[k] = kv
		if dv, set := defEnv[k]; set && impl.IsSecretValue(dv) {
			return fs.usageError(stderr, fmt.Sprintf("--env %s: %s is a secret of the definition, which the launcher delivers only as %s_FILE; a secret's value never goes on the command line", shellQuote(kv), k, k))
		}
		if _, set := o.Env[k]; set {
			return fs.usageError(stderr, fmt.Sprintf("--env %s: the definition already sets %s (as the launcher delivers it); choose another name", shellQuote(kv), k))
		}
		o.Env[k] = v
	}
	argv, err := impl.TongRunArgv(d.Name, d.Value, o)
	if err != nil {
		return fail(err)
	}
	if *asJSON {
		writeJSON(stdout, argv)
	} else {
		fmt.Fprintln(stdout, shellJoin(argv))
	}
	return exitOK
}

// optionFlags names the flag behind each RunOptions field impl's errors
// speak of.
var optionFlags = map[string]string{
	"container_name": "--session",
	"session_id":     "--session",
	"network":        "--network",
	"alias":          "--network",
	"workspace":      "--workspace",
	"socket_path":    "--socket",
	"label_hash":     "--label-hash",
	"tmpfs_dirs":     "--tmpfs",
	"env":            "--env",
}

// explainOption adds, to an impl error about a launcher choice, the flag
// that sets it.
func explainOption(err error) string {
	var e *impl.Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	f := e.Field
	if i := strings.IndexAny(f, ".["); i >= 0 {
		f = f[:i]
	}
	if flag, ok := optionFlags[f]; ok {
		return err.Error() + " (set by " + flag + ")"
	}
	return err.Error()
}
