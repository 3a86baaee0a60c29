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

// placeholderFIFO is the FIFO argv mounts for a tong with secrets under
// spec version 2 when --fifo is not given.
const placeholderFIFO = "/tmp/swarmforge-secrets/FIFO"

func runArgv(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("argv", "FILE [--session ID | --shared [--scope SCOPE]] [--network NET] [--workspace PATH] [--socket PATH] [--env K=V]... [--fifo PATH] [--image-entrypoint WORD]... [--image-cmd WORD]... [--label-hash HASH | --hash] [--spec 1 [--tmpfs DIR]...] [--json]", `
Argv prints the docker run command that starts the tong defined in FILE,
exactly as the reference builds it under spec version 2 (impl.TongRunArgvV2,
spec/SPEC-v2.md), as one line a POSIX shell reads back into the same words;
--json prints the words as a JSON array. --spec 1 builds version 1's argv
(impl.TongRunArgv, spec/SPEC.md) instead.

The launcher's choices come from the flags:

  container name  --shared gives the shared name (swarmforge-shared-TONG, or
                  swarmforge-shared-SCOPE-TONG with --scope SCOPE, an org's
                  scope as tongref names prints it), --session ID the
                  session name (ID-tong-TONG). Without either, the
                  definition's lifecycle decides: a shared tong gets its
                  shared name, a session tong the session name of the
                  placeholder session id SESSION.
  network         --network NET joins the network, under the tong's
                  canonical alias (interface.name for mcp, the tong name for
                  port; volume and none tongs get no alias). Without it the
                  tong joins no network and gets no alias, which docker
                  only allows on a user-defined network.
  env             a plain value as -e NAME=VALUE (integers in decimal);
                  --env K=V adds a variable the definition does not set. A
                  secret value (one holding ${secret:...}) never goes on the
                  command line: under version 2 the launcher writes it into
                  a FIFO, mounted with -v FIFO:/run/swarmforge/secret-env:ro
                  (--fifo PATH, default `+placeholderFIFO+`), and
                  the tong runs behind /bin/sh -c WRAPPER, which reads the
                  FIFO and execs the tong's process: its declared entrypoint
                  and command, else the image's (--image-entrypoint WORD and
                  --image-cmd WORD, repeatable, as docker image inspect
                  reports them). Under version 1 it is
                  -e NAME_FILE=/run/swarmforge/secrets/NAME, with
                  --tmpfs /run/swarmforge/secrets.
  process         without secrets, a declared entrypoint and command become
                  --entrypoint WORD and words after the image, as docker
                  needs them to run exactly that process (version 2).
  tmpfs           --tmpfs DIR adds a tmpfs mount (version 1 only).
  config hash     --hash stamps the definition's config hash label
                  (tongref hash FILE); --label-hash HASH stamps HASH.
  mounts          a workspace mount needs --workspace PATH; a docker-socket
                  mount binds --socket PATH (default /var/run/docker.sock);
                  a session tong that mounts the socket also gets
                  SWARMFORGE_WORKSPACE_HOST_PATH=PATH (version 2).`, `
tongref argv tongs/github.yaml --session s1 --network tongs --workspace "$PWD" --fifo /tmp/s1/github.fifo
tongref argv tongs/asana.yaml --shared --scope acme-cebc22fa --network swarmforge-shared-net-acme-cebc22fa
tongref argv tongs/broker.yaml --hash --json --spec 1`)
	session := fs.String("session", "", "the session `ID`: name the container ID-tong-TONG")
	shared := fs.Bool("shared", false, "name the container as a shared tong: swarmforge-shared-TONG")
	scope := fs.String("scope", "", "the org `SCOPE` of a shared tong: swarmforge-shared-SCOPE-TONG (version 2)")
	network := fs.String("network", "", "the docker `NETWORK` to join, under the tong's canonical alias")
	workspace := fs.String("workspace", "", "the workspace `PATH` a workspace mount binds")
	socket := fs.String("socket", impl.DefaultSocketPath, "the docker socket `PATH` a docker-socket mount binds")
	fifo := fs.String("fifo", "", "the host `PATH` of the FIFO that delivers the secrets (version 2; default "+placeholderFIFO+")")
	var envs, tmpfs, imageEntrypoint, imageCmd listFlag
	fs.Var(&envs, "env", "add the environment variable `K=V` (repeatable)")
	fs.Var(&tmpfs, "tmpfs", "add a tmpfs mount at `DIR` (repeatable; version 1)")
	fs.Var(&imageEntrypoint, "image-entrypoint", "a `WORD` of the image's ENTRYPOINT, for the secret wrapper (repeatable; version 2)")
	fs.Var(&imageCmd, "image-cmd", "a `WORD` of the image's CMD, for the secret wrapper (repeatable; version 2)")
	labelHash := fs.String("label-hash", "", "stamp `HASH` as the config hash label")
	hash := fs.Bool("hash", false, "stamp the definition's config hash as the config hash label")
	spec := fs.Int("spec", 2, "the spec `VERSION` whose argv to build: 2, or 1")
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
	case *spec != 1 && *spec != 2:
		return fs.usageError(stderr, fmt.Sprintf("--spec %d: the spec versions are 1 and 2", *spec))
	case *spec == 2 && len(tmpfs) > 0:
		return fs.usageError(stderr, "--tmpfs is version 1's; version 2 delivers secrets over a FIFO (--fifo), with no tmpfs (add --spec 1 for version 1's argv)")
	case *spec == 1 && (*scope != "" || *fifo != "" || len(imageEntrypoint) > 0 || len(imageCmd) > 0):
		return fs.usageError(stderr, "--scope, --fifo, --image-entrypoint and --image-cmd are version 2's; drop --spec 1")
	case *scope != "" && *session != "":
		return fs.usageError(stderr, "--scope names a shared tong's container; give --shared, not --session")
	}
	// --env's form first: NAME=VALUE, each name once
	given := make(map[string]string, len(envs))
	for _, kv := range envs {
		k, _, ok := strings.Cut(kv, "=")
		if !ok {
			return fs.usageError(stderr, fmt.Sprintf("--env %s: write NAME=VALUE", shellQuote(kv)))
		}
		if first, dup := given[k]; dup {
			return fs.usageError(stderr, fmt.Sprintf("--env %s: %s is given twice (first as --env %s); give it once", shellQuote(kv), k, shellQuote(first)))
		}
		given[k] = kv
	}
	d, err := load.File(files[0])
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitInvalid
	}
	validate := d.ValidateV2
	if *spec == 1 {
		validate = d.Validate
	}
	if err := validate(); err != nil {
		for _, f := range findings(d.File, err) {
			fmt.Fprintln(stderr, f.text)
		}
		fmt.Fprintf(stderr, "tongref argv: %s is not a valid definition of spec version %d; fix the errors above (tongref validate %s)\n", d.File, *spec, shellQuote(d.File))
		return exitInvalid
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "tongref argv: %s: %s\n", d.File, explainOption(err))
		return exitInvalid
	}

	var container string
	lifecycle, _ := d.Value.(map[string]any)["lifecycle"].(string)
	switch {
	case *shared, *session == "" && (lifecycle == "shared" || *scope != ""):
		if *spec == 1 {
			container = impl.SharedContainerName(d.Name)
		} else if container, err = impl.SharedContainerNameV2(d.Name, *scope); err != nil {
			return fail(err)
		}
	default:
		id := *session
		if id == "" {
			id = placeholderSession
		}
		if container, err = impl.SessionContainerName(id, d.Name); err != nil {
			return fail(err)
		}
	}
	var env map[string]string
	var run func() ([]string, error)
	if *spec == 1 {
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
		env = o.Env
		run = func() ([]string, error) { return impl.TongRunArgv(d.Name, d.Value, o) }
	} else {
		l := load.LaunchV2{Network: *network, Workspace: *workspace, SocketPath: *socket, Hash: *hash, FIFO: *fifo, ImageEntrypoint: imageEntrypoint, ImageCmd: imageCmd}
		if l.FIFO == "" {
			l.FIFO = placeholderFIFO
		}
		o, _, err := load.LaunchOptionsV2(d, container, l)
		var e *impl.Error
		if errors.As(err, &e) && e.Rule == "EXEC-3" && e.Field == "definition" {
			fmt.Fprintf(stderr, "tongref argv: %s: the definition has secrets and declares no entrypoint or command, and the secret wrapper must exec the process docker would run: give the image's ENTRYPOINT and CMD with --image-entrypoint WORD and --image-cmd WORD (docker image inspect shows them), or declare command: [...] in the definition [EXEC-3]\n", d.File)
			return exitInvalid
		}
		if err != nil {
			return fail(err)
		}
		if *labelHash != "" {
			o.LabelHash = *labelHash
		}
		env = o.Env
		run = func() ([]string, error) { return impl.TongRunArgvV2(d.Name, d.Value, o) }
	}
	// --env only adds names: not one the definition sets (a secret
	// above all, whose value never goes on the command line), not one the
	// launcher delivers (version 1's NAME_FILE).
	defEnv, _ := d.Value.(map[string]any)["env"].(map[string]any)
	for _, kv := range envs {
		k, v, _ := strings.Cut(kv, "=")
		if dv, set := defEnv[k]; set && impl.IsSecretValue(dv) {
			how := "over the FIFO"
			if *spec == 1 {
				how = "only as " + k + "_FILE"
			}
			return fs.usageError(stderr, fmt.Sprintf("--env %s: %s is a secret of the definition, which the launcher delivers %s; a secret's value never goes on the command line", shellQuote(kv), k, how))
		}
		if _, set := env[k]; set {
			return fs.usageError(stderr, fmt.Sprintf("--env %s: the definition already sets %s (as the launcher delivers it); choose another name", shellQuote(kv), k))
		}
		env[k] = v
	}
	argv, err := run()
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
	"container_name":   "--session",
	"session_id":       "--session",
	"network":          "--network",
	"alias":            "--network",
	"workspace":        "--workspace",
	"socket_path":      "--socket",
	"label_hash":       "--label-hash",
	"tmpfs_dirs":       "--tmpfs",
	"env":              "--env",
	"scope":            "--scope",
	"fifo_host_path":   "--fifo",
	"image_entrypoint": "--image-entrypoint",
	"image_cmd":        "--image-cmd",
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
