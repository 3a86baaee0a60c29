package load

import (
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/tongref/tongref/impl"
)

// Tongs gathers loaded definitions into the map impl.AliasCollisions takes,
// keyed by tong name. Two files naming the same tong (a/github.yaml and
// b/github.json) are an error: a launcher would run only one of them.
func Tongs(docs []Doc) (map[string]any, error) {
	tongs := make(map[string]any, len(docs))
	files := make(map[string]string, len(docs))
	for _, d := range docs {
		if first, dup := files[d.Name]; dup {
			return nil, &Error{File: d.File, Tong: d.Name, Rule: "LOAD-1", Msg: fmt.Sprintf("is a second file naming this tong, as %s does; rename one file", first)}
		}
		files[d.Name] = d.File
		tongs[d.Name] = d.Value
	}
	return tongs, nil
}

// LaunchEnv renders a valid definition's env as the Swarmforge launcher
// delivers it to the tong's container: a plain value as itself (an integer
// in decimal), and a secret value (impl.IsSecretValue) never itself but as
// the pointer NAME_FILE=/run/swarmforge/secrets/NAME to the file the
// launcher writes on a tmpfs at impl.SecretDir. secrets reports whether
// any value is a secret, so the caller mounts that tmpfs. The definition
// must pass impl.ValidateTong.
func LaunchEnv(def any) (env map[string]string, secrets bool, err error) {
	m, _ := def.(map[string]any)
	em, _ := m["env"].(map[string]any)
	env = make(map[string]string, len(em))
	for k, v := range em {
		if impl.IsSecretValue(v) {
			env[k+"_FILE"] = impl.SecretDir + "/" + k
			secrets = true
			continue
		}
		switch v := v.(type) {
		case string:
			env[k] = v
		case int64:
			env[k] = strconv.FormatInt(v, 10)
		case int:
			env[k] = strconv.Itoa(v)
		case *big.Int:
			env[k] = v.String()
		default:
			return nil, false, fmt.Errorf("env.%s: %v is not a value a valid definition's env holds", k, v)
		}
	}
	// A definition may also write the pointer itself (ENV-6); it then
	// equals the value set above. Any other NAME_FILE beside a secret NAME
	// is refused by ValidateTong.
	return env, secrets, nil
}

// Launch is what a launcher chooses, beside the container's name, for one
// tong's container.
type Launch struct {
	Network    string   // the network to join, or ""
	Workspace  string   // the workspace path, or "" when unknown
	SocketPath string   // the docker socket path; "" means impl.DefaultSocketPath
	Tmpfs      []string // extra tmpfs dirs, after the secrets' one
	Hash       bool     // stamp the definition's config hash label
}

// LaunchOptions returns the options a launcher gives impl.TongRunArgv for
// a valid definition, as the command and the golden files derive them:
// the container name given; the canonical alias when the tong joins a
// network; the env as LaunchEnv delivers it, and the secrets' tmpfs before
// l.Tmpfs when a value is secret; the config hash label when l.Hash.
func LaunchOptions(d Doc, container string, l Launch) (impl.RunOptions, error) {
	o := impl.RunOptions{ContainerName: container, Network: l.Network, Workspace: l.Workspace, SocketPath: l.SocketPath}
	if o.SocketPath == "" {
		o.SocketPath = impl.DefaultSocketPath
	}
	var err error
	if l.Network != "" {
		if o.Alias, err = impl.CanonicalAlias(d.Name, d.Value); err != nil {
			return o, err
		}
	}
	env, secrets, err := LaunchEnv(d.Value)
	if err != nil {
		return o, err
	}
	o.Env = env
	if secrets {
		o.TmpfsDirs = append(o.TmpfsDirs, impl.SecretDir)
	}
	o.TmpfsDirs = append(o.TmpfsDirs, l.Tmpfs...)
	if l.Hash {
		if o.LabelHash, err = impl.ConfigHash(d.Value); err != nil {
			return o, err
		}
	}
	return o, nil
}

// ContainerName names a tong's container by its lifecycle: a shared tong's
// session-independent name, or a session tong's name in session.
func ContainerName(d Doc, session string) (string, error) {
	if m, _ := d.Value.(map[string]any); m["lifecycle"] == "shared" {
		return impl.SharedContainerName(d.Name), nil
	}
	return impl.SessionContainerName(session, d.Name)
}

// LaunchV2 is what a launcher chooses, beside the container's name, for
// one tong's container under spec version 2 (spec/SPEC-v2.md): no tmpfs
// dirs; secrets come over a FIFO.
type LaunchV2 struct {
	Network    string // the network to join, or ""
	Workspace  string // the workspace path, or "" when unknown
	SocketPath string // the docker socket path; "" means impl.DefaultSocketPath
	Hash       bool   // stamp the definition's config hash label
	// FIFO is the host path of the FIFO that delivers the definition's
	// secrets (RUN-12); it is used only when the definition has some, and
	// must be given then.
	FIFO string
	// ImageEntrypoint and ImageCmd are the image's ENTRYPOINT and CMD (as
	// docker image inspect reports them; nil when it has none): the
	// secret wrapper execs the process docker would run (EXEC-2).
	ImageEntrypoint, ImageCmd []string
}

// LaunchOptionsV2 returns the options a launcher gives
// impl.TongRunArgvV2 for a definition valid under spec version 2
// (impl.ValidateTongV2), as the command and the golden files derive them:
// the container name given; the canonical alias when the tong joins a
// network; the plain env (impl.PartitionSecretEnv's plain part, an integer
// in decimal) as -e values; the config hash label when l.Hash. A
// definition with secrets gets them over the FIFO l.FIFO, its process run
// behind the secret wrapper: impl.SecretInjectArgv of impl.ExecTarget's
// process (SEC-3, EXEC-2); one without runs its own override (nil: RUN-13
// applies the definition's entrypoint and command). secrets lists the
// names of its secrets, sorted, for the launcher to resolve and write into
// the FIFO (impl.RenderSecretExports).
func LaunchOptionsV2(d Doc, container string, l LaunchV2) (o impl.RunOptionsV2, secrets []string, err error) {
	o = impl.RunOptionsV2{ContainerName: container, Network: l.Network, Workspace: l.Workspace, SocketPath: l.SocketPath}
	if o.SocketPath == "" {
		o.SocketPath = impl.DefaultSocketPath
	}
	if l.Network != "" {
		if o.Alias, err = impl.CanonicalAlias(d.Name, d.Value); err != nil {
			return o, nil, err
		}
	}
	m, _ := d.Value.(map[string]any)
	plain, secret, err := impl.PartitionSecretEnv(m["env"])
	if err != nil {
		return o, nil, err
	}
	if o.Env, _, err = LaunchEnv(map[string]any{"env": plain}); err != nil {
		return o, nil, err
	}
	for k := range secret {
		secrets = append(secrets, k)
	}
	sort.Strings(secrets)
	if len(secrets) > 0 {
		if l.FIFO == "" {
			return o, nil, &impl.Error{Field: "fifo_host_path", Rule: "RUN-12", Msg: fmt.Sprintf("is not given, and the definition has secrets (%s), which come over a FIFO; give the FIFO's host path", strings.Join(secrets, ", "))}
		}
		o.FIFOHostPath = l.FIFO
		target, err := impl.ExecTarget(d.Value, l.ImageEntrypoint, l.ImageCmd)
		if err != nil {
			return o, nil, err
		}
		over, err := impl.SecretInjectArgv(target)
		if err != nil {
			return o, nil, err
		}
		o.Override = &over
	}
	if l.Hash {
		if o.LabelHash, err = impl.ConfigHash(d.Value); err != nil {
			return o, nil, err
		}
	}
	return o, secrets, nil
}
