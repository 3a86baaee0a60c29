package impl

import (
	"path"
	"slices"
	"strconv"
	"strings"
)

// DefaultSocketPath is the docker socket a docker-socket mount binds when
// the launcher knows no other.
const DefaultSocketPath = "/var/run/docker.sock"

// TongMountSpecs resolves a definition's mount words to docker -v specs,
// in the definition's order (rules MNT-1 to MNT-6). "workspace[:MODE]"
// becomes "WORKSPACE:/workspace[:MODE]" and "docker-socket[:MODE]" becomes
// "SOCKET:SOCKET[:MODE]"; a mode is appended only when it is not empty.
// workspace ("" when the launcher knows none) and socketPath are needed
// only when a word uses them, and must then be absolute paths without ":"
// or control characters (MNT-5, MNT-6).
func TongMountSpecs(def any, workspace, socketPath string) ([]string, error) {
	return tongMountSpecs(def, workspace, socketPath, false)
}

// TongMountSpecsV2 is TongMountSpecs under spec version 2: a mount's mode
// follows MNT-7 (exactly ro or rw after ":"), so it refuses "workspace:",
// which ValidateTongV2 refuses too.
func TongMountSpecsV2(def any, workspace, socketPath string) ([]string, error) {
	return tongMountSpecs(def, workspace, socketPath, true)
}

func tongMountSpecs(def any, workspace, socketPath string, v2 bool) ([]string, error) {
	m, ok := def.(map[string]any)
	if !ok {
		return nil, errorf("definition", "DEF-1", "", "is "+typeName(def)+"; a tong definition is a map")
	}
	if err := checkTree(m, 1); err != nil {
		return nil, err
	}
	if errs := checkMounts(m, v2); len(errs) > 0 {
		return nil, errs[0]
	}
	list, _ := m["mounts"].([]any)
	if len(list) == 0 {
		return nil, nil
	}
	specs, err := appendMountSpecs(make([]string, 0, len(list)), "", list, workspace, socketPath)
	if err != nil {
		return nil, err
	}
	return specs, nil
}

// appendMountSpecs appends the -v spec of each word of a checked mounts
// list to dst, each preceded by flag when flag is not "", so TongRunArgv
// writes them into its argv without a slice of its own.
func appendMountSpecs(dst []string, flag string, list []any, workspace, socketPath string) ([]string, *Error) {
	for _, e := range list {
		word, mode, hasMode := strings.Cut(e.(string), ":")
		if !hasMode || mode == "" {
			mode = ""
		}
		var spec string
		if word == "workspace" {
			if workspace == "" {
				return dst, errorf("workspace", "MNT-5", "", "is not known, and the definition mounts workspace; give the launcher the workspace path, or drop the workspace mount")
			}
			if err := checkPath("workspace", workspace, "MNT-5", "/home/me/project"); err != nil {
				return dst, err
			}
			if mode == "" {
				spec = workspace + ":/workspace"
			} else {
				spec = workspace + ":/workspace:" + mode // one allocation, not two
			}
		} else {
			if err := checkPath("socket_path", socketPath, "MNT-6", DefaultSocketPath); err != nil {
				return dst, err
			}
			if path.Clean(socketPath) == "/workspace" && mountsWord(list, "workspace") {
				return dst, errorv("socket_path", "MNT-6", socketPath, "is /workspace, where the workspace is mounted too, and docker refuses two mounts at one path; use the socket's own path, such as "+DefaultSocketPath)
			}
			if mode == "" {
				spec = socketPath + ":" + socketPath
			} else {
				spec = socketPath + ":" + socketPath + ":" + mode
			}
		}
		if flag != "" {
			dst = append(dst, flag)
		}
		dst = append(dst, spec)
	}
	return dst, nil
}

// mountsWord reports whether a checked mounts list uses word.
func mountsWord(list []any, word string) bool {
	for _, e := range list {
		if w, _, _ := strings.Cut(e.(string), ":"); w == word {
			return true
		}
	}
	return false
}

// checkMountTargets applies RUN-10: every container path the run argv
// mounts, each tmpfs dir and each -v target, is distinct, compared as
// docker compares them (cleaned). MNT-6 has kept the two -v targets apart.
// It allocates only when it finds a fault.
func checkMountTargets(tmpfs []string, list []any, socketPath string) *Error {
	ws := mountsWord(list, "workspace")
	sock := ""
	if mountsWord(list, "docker-socket") {
		sock = path.Clean(socketPath)
	}
	var seen map[string]int // only for long lists: a launcher passes a handful
	if len(tmpfs) > 16 {
		seen = make(map[string]int, len(tmpfs))
	}
	for j, d := range tmpfs {
		c := path.Clean(d)
		if ws && c == "/workspace" || c == sock {
			return errorv(index("tmpfs_dirs", j), "RUN-10", d, "is also where the definition mounts "+c+", and docker refuses two mounts at one path; choose another tmpfs dir")
		}
		k := -1
		if seen != nil {
			if at, dup := seen[c]; dup {
				k = at
			}
			seen[c] = j
		} else {
			for i := 0; i < j && k < 0; i++ {
				if path.Clean(tmpfs[i]) == c {
					k = i
				}
			}
		}
		if k >= 0 {
			return errorv(index("tmpfs_dirs", j), "RUN-10", d, "is the same dir as tmpfs_dirs["+strconv.Itoa(k)+"]; mount each tmpfs dir once")
		}
	}
	return nil
}

// TongResourceFlags maps a definition's resources block to docker flags
// (rules RES-1 to RES-4): resources.memory becomes "--memory VALUE", an
// integer written in decimal; other keys are ignored, and no resources
// give no flags.
func TongResourceFlags(def any) ([]string, error) {
	m, ok := def.(map[string]any)
	if !ok {
		return nil, errorf("definition", "DEF-1", "", "is "+typeName(def)+"; a tong definition is a map")
	}
	if err := checkTree(m, 1); err != nil {
		return nil, err
	}
	s, err := resourceMemory(m)
	if err != nil {
		return nil, err
	}
	if s == "" {
		return nil, nil
	}
	return []string{"--memory", s}, nil
}

// RunOptions are the launcher's choices for one tong's container.
type RunOptions struct {
	ContainerName string            // --name; a docker container name
	Network       string            // --network, or "" for none
	Alias         string            // --network-alias for a network-facing tong, or ""
	Env           map[string]string // -e KEY=VALUE, sorted by key
	TmpfsDirs     []string          // --tmpfs DIR, in order
	LabelHash     string            // the config-hash label, or "" for none
	Workspace     string            // the workspace path, or "" when unknown
	SocketPath    string            // the docker socket path, such as DefaultSocketPath
}

// Labels stamped on every tong container.
const (
	LabelName       = "swarmforge.tong.name"
	LabelConfigHash = "swarmforge.tong.config-hash"
)

// TongRunArgv builds the docker argv that starts one tong (rules RUN-1 to
// RUN-10). The definition must pass ValidateTong (RUN-1); the result is
// exactly, in this order:
//
//	docker run -d --name CONTAINER
//	  [--network NET]                    when Network is not ""
//	  [--network-alias ALIAS]            when Alias is not "" and the kind is mcp or port
//	  --label swarmforge.tong.name=NAME
//	  [--label swarmforge.tong.config-hash=HASH]   when LabelHash is not ""
//	  [--tmpfs DIR]...                   in order
//	  [-e KEY=VALUE]...                  sorted by KEY, bytewise
//	  [-v SPEC]...                       TongMountSpecs
//	  [--memory VALUE]                   TongResourceFlags
//	  IMAGE
func TongRunArgv(name string, def any, o RunOptions) ([]string, error) {
	if errs := ValidateTong(name, def); len(errs) > 0 {
		return nil, errs[0]
	}
	m := def.(map[string]any)
	if err := checkContainerName("container_name", o.ContainerName, "RUN-2"); err != nil {
		return nil, err
	}
	if o.Network != "" {
		if err := checkNetworkName("network", o.Network, "RUN-3"); err != nil {
			return nil, err
		}
	}
	facing := isNetworkFacing(m)
	if o.Alias != "" && facing {
		if err := checkAlias("alias", o.Alias, "RUN-4"); err != nil {
			return nil, err
		}
		if o.Network == "" {
			return nil, errorv("alias", "RUN-4", o.Alias, "needs a network: docker gives network aliases only on a user-defined network; pass the tongs' network, or no alias")
		}
		if !isUserDefinedNetwork(o.Network) {
			return nil, errorv("alias", "RUN-4", o.Alias, "is given on the network "+show(o.Network)+", where docker refuses aliases (bridge, host, none, default and container:ID are not user-defined networks); pass the tongs' own network, or no alias")
		}
	}
	if strings.IndexByte(o.LabelHash, 0) >= 0 || hasSpaceOrControl(o.LabelHash) {
		return nil, errorv("label_hash", "RUN-5", o.LabelHash, "holds whitespace or a control character; pass the hex digest ConfigHash returns")
	}
	for i, d := range o.TmpfsDirs {
		if err := checkPath("", d, "RUN-6", SecretDir); err != nil {
			err.Field = index("tmpfs_dirs", i) // built only for a fault
			return nil, err
		}
	}
	if err := checkRunEnv(o.Env); err != nil {
		return nil, err
	}
	// ValidateTong has checked the mounts; the paths are checked below.
	mounts, _ := m["mounts"].([]any)
	if err := checkMountTargets(o.TmpfsDirs, mounts, o.SocketPath); err != nil {
		return nil, err
	}
	memory, _ := resourceMemory(m) // checked by ValidateTong

	n := 5 + 2 + 2 + 2 + 2*len(o.TmpfsDirs) + 2*len(o.Env) + 2*len(mounts) + 2 + 1
	argv := make([]string, 0, n)
	argv = append(argv, "docker", "run", "-d", "--name", o.ContainerName)
	if o.Network != "" {
		argv = append(argv, "--network", o.Network)
	}
	if o.Alias != "" && facing {
		argv = append(argv, "--network-alias", o.Alias)
	}
	argv = appendLabelsTmpfsEnv(argv, name, o)
	var err *Error
	if argv, err = appendMountSpecs(argv, "-v", mounts, o.Workspace, o.SocketPath); err != nil {
		return nil, err
	}
	if memory != "" {
		argv = append(argv, "--memory", memory)
	}
	argv = append(argv, m["image"].(string))
	return argv, nil
}

// envKey returns the KEY of a "KEY=VALUE" string.
func envKey(kv string) string {
	k, _, _ := strings.Cut(kv, "=")
	return k
}

// checkRunEnv applies RUN-7 to the launcher's env map, reporting the fault
// of the smallest bad key, whatever the map order.
func checkRunEnv(env map[string]string) *Error {
	var envErr *Error
	var envErrKey string
	for k, v := range env {
		if envErr != nil && k >= envErrKey {
			continue
		}
		if err := checkEnvName(k); err != nil {
			err.Rule = "RUN-7"
			envErr, envErrKey = err, k
		} else if strings.IndexByte(v, 0) >= 0 {
			envErr, envErrKey = errorv("env."+k, "RUN-7", v, "holds a NUL byte, which no environment value can carry; remove it"), k
		}
	}
	return envErr
}

// appendLabelsTmpfsEnv appends TongRunArgv's labels, tmpfs dirs and "-e
// KEY=VALUE" pairs (sorted by KEY, bytewise). The strings it builds, the
// two labels and every KEY=VALUE, are written into one buffer (on the
// stack for a usual env) and cut from one string: one allocation instead
// of one per string.
func appendLabelsTmpfsEnv(argv []string, name string, o RunOptions) []string {
	type pair struct{ k, v string }
	var pairStack [16]pair
	env := pairStack[:0]
	for k, v := range o.Env {
		env = append(env, pair{k, v})
	}
	if len(env) > len(pairStack) {
		slices.SortFunc(env, func(a, b pair) int { return strings.Compare(a.k, b.k) })
	}
	// by insertion for the handful of variables a launcher passes
	for i := 1; i < len(env) && len(env) <= len(pairStack); i++ {
		for j := i; j > 0 && env[j].k < env[j-1].k; j-- {
			env[j], env[j-1] = env[j-1], env[j]
		}
	}
	var packStack [512]byte
	pack := packStack[:0]
	pack = append(pack, LabelName+"="...)
	pack = append(pack, name...)
	nameEnd := len(pack)
	if o.LabelHash != "" {
		pack = append(pack, LabelConfigHash+"="...)
		pack = append(pack, o.LabelHash...)
	}
	hashEnd := len(pack)
	for _, e := range env {
		pack = append(pack, e.k...)
		pack = append(pack, '=')
		pack = append(pack, e.v...)
	}
	all := string(pack)
	argv = append(argv, "--label", all[:nameEnd])
	if o.LabelHash != "" {
		argv = append(argv, "--label", all[nameEnd:hashEnd])
	}
	for _, d := range o.TmpfsDirs {
		argv = append(argv, "--tmpfs", d)
	}
	at := hashEnd
	for _, e := range env {
		end := at + len(e.k) + 1 + len(e.v)
		argv = append(argv, "-e", all[at:end])
		at = end
	}
	return argv
}

// appendSortedEnv appends "-e KEY=VALUE" pairs for env, sorted by KEY
// bytewise: it writes the KEY=VALUE strings, sorts them by KEY (keys are
// unique), then spreads them into pairs from the back, so it needs no key
// slice and no interface for sort to allocate.
func appendSortedEnv(argv []string, env map[string]string) []string {
	argv = slices.Grow(argv, 2*len(env)) // no allocation when the caller made room
	envStart := len(argv)
	for k, v := range env {
		argv = append(argv, k+"="+v)
	}
	kv := argv[envStart:]
	slices.SortFunc(kv, func(a, b string) int { return strings.Compare(envKey(a), envKey(b)) })
	argv = argv[:envStart+2*len(kv)]
	for i := len(kv) - 1; i >= 0; i-- {
		argv[envStart+2*i+1] = kv[i]
		argv[envStart+2*i] = "-e"
	}
	return argv
}
