package impl

import (
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
	var d defView // one walk checks the tree and reads the fields
	if err := d.read(m, false, false); err != nil {
		return nil, err
	}
	if errs := checkMountsValue(d.mounts, v2); len(errs) > 0 {
		return nil, errs[0]
	}
	list, _ := d.mounts.([]any)
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
// list to dst, each preceded by flag when flag is not "", so TongRunArgvV2
// writes them into its argv without a slice of its own.
func appendMountSpecs(dst []string, flag string, list []any, workspace, socketPath string) ([]string, *Error) {
	for _, e := range list {
		var buf [256]byte
		spec, err := appendMountSpec(buf[:0], e.(string), list, workspace, socketPath)
		if err != nil {
			return dst, err
		}
		if flag != "" {
			dst = append(dst, flag)
		}
		dst = append(dst, string(spec))
	}
	return dst, nil
}

// appendMountSpec appends the -v spec of one word of a checked mounts
// list (MNT-5, MNT-6): "workspace[:MODE]" is "WORKSPACE:/workspace[:MODE]"
// and "docker-socket[:MODE]" is "SOCKET:SOCKET[:MODE]", a mode only when
// it is not empty.
func appendMountSpec(dst []byte, word string, list []any, workspace, socketPath string) ([]byte, *Error) {
	word, mode, _ := strings.Cut(word, ":")
	if word == "workspace" {
		if workspace == "" {
			return dst, errorf("workspace", "MNT-5", "", "is not known, and the definition mounts workspace; give the launcher the workspace path, or drop the workspace mount")
		}
		if err := checkPath("workspace", workspace, "MNT-5", "/home/me/project"); err != nil {
			return dst, err
		}
		dst = append(dst, workspace...)
		dst = append(dst, ":/workspace"...)
	} else {
		if err := checkPath("socket_path", socketPath, "MNT-6", DefaultSocketPath); err != nil {
			return dst, err
		}
		if cleanPath(socketPath) == "/workspace" && mountsWord(list, "workspace") {
			return dst, errorv("socket_path", "MNT-6", socketPath, "is /workspace, where the workspace is mounted too, and docker refuses two mounts at one path; use the socket's own path, such as "+DefaultSocketPath)
		}
		dst = append(dst, socketPath...)
		dst = append(dst, ':')
		dst = append(dst, socketPath...)
	}
	if mode != "" {
		dst = append(dst, ':')
		dst = append(dst, mode...)
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
		sock = cleanPath(socketPath)
	}
	var seen map[string]int // only for long lists: a launcher passes a handful
	if len(tmpfs) > 16 {
		seen = make(map[string]int, len(tmpfs))
	}
	for j, d := range tmpfs {
		c := cleanPath(d)
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
				if cleanPath(tmpfs[i]) == c {
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
	var d defView // one walk checks the tree and reads the fields
	if err := d.read(m, false, false); err != nil {
		return nil, err
	}
	s, err := resourceMemoryOf(d.resources, d.memory)
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
	var d defView // RUN-1, and every field the argv needs, in one walk
	if errs := d.validate(name, def, false); len(errs) > 0 {
		return nil, errs[0]
	}
	if err := checkContainerName("container_name", o.ContainerName, "RUN-2"); err != nil {
		return nil, err
	}
	if o.Network != "" {
		if err := checkNetworkName("network", o.Network, "RUN-3"); err != nil {
			return nil, err
		}
	}
	kind := d.kind.(string) // ValidateTong has checked it
	facing := kind == KindMCP || kind == KindPort
	if err := checkRunAlias(o.Alias, o.Network, facing); err != nil {
		return nil, err
	}
	if strings.IndexByte(o.LabelHash, 0) >= 0 || hasSpaceOrControl(o.LabelHash) {
		return nil, errorv("label_hash", "RUN-5", o.LabelHash, "holds whitespace or a control character; pass the hex digest ConfigHash returns")
	}
	for i, dir := range o.TmpfsDirs {
		if err := checkPath("", dir, "RUN-6", SecretDir); err != nil {
			err.Field = index("tmpfs_dirs", i) // built only for a fault
			return nil, err
		}
	}
	var pairStack [16]envPair
	env, err := runEnvPairs(pairStack[:0], o.Env)
	if err != nil {
		return nil, err
	}
	// ValidateTong has checked the mounts; the paths are checked below.
	mounts, _ := d.mounts.([]any)
	if err := checkMountTargets(o.TmpfsDirs, mounts, o.SocketPath); err != nil {
		return nil, err
	}
	memory, _ := resourceMemoryOf(d.resources, d.memory) // checked by ValidateTong

	// The strings the argv needs built, the labels, each KEY=VALUE and
	// each -v spec, are written into one buffer (on the stack for a usual
	// definition) and cut from one string: one allocation for them all.
	var packStack [512]byte
	pack, labelEnd := appendLabels(packStack[:0], name, o.LabelHash)
	envEnd := make([]int, 0, 16) // on the stack: it does not escape
	for _, e := range env {
		pack = append(pack, e.k...)
		pack = append(pack, '=')
		pack = append(pack, e.v...)
		envEnd = append(envEnd, len(pack))
	}
	specEnd := make([]int, 0, 2) // MNT-2 and MNT-4 leave at most two mounts
	for _, e := range mounts {
		if pack, err = appendMountSpec(pack, e.(string), mounts, o.Workspace, o.SocketPath); err != nil {
			return nil, err
		}
		specEnd = append(specEnd, len(pack))
	}
	all := string(pack)

	n := 5 + 2 + 2 + 2 + 2 + 2*len(o.TmpfsDirs) + 2*len(env) + 2*len(mounts) + 2 + 1
	argv := make([]string, 0, n)
	argv = append(argv, "docker", "run", "-d", "--name", o.ContainerName)
	if o.Network != "" {
		argv = append(argv, "--network", o.Network)
	}
	if o.Alias != "" && facing {
		argv = append(argv, "--network-alias", o.Alias)
	}
	at := 0
	argv, at = appendCut(argv, "--label", all, at, labelEnd[0])
	if o.LabelHash != "" {
		argv, at = appendCut(argv, "--label", all, at, labelEnd[1])
	}
	for _, dir := range o.TmpfsDirs {
		argv = append(argv, "--tmpfs", dir)
	}
	for _, end := range envEnd {
		argv, at = appendCut(argv, "-e", all, at, end)
	}
	for _, end := range specEnd {
		argv, at = appendCut(argv, "-v", all, at, end)
	}
	if memory != "" {
		argv = append(argv, "--memory", memory)
	}
	argv = append(argv, d.image.(string))
	return argv, nil
}

// checkRunAlias applies RUN-4 to the alias of a tong (facing: an mcp or
// port tong, which registers it) on network.
func checkRunAlias(alias, network string, facing bool) *Error {
	if alias == "" || !facing {
		return nil
	}
	if err := checkAlias("alias", alias, "RUN-4"); err != nil {
		return err
	}
	if network == "" {
		return errorv("alias", "RUN-4", alias, "needs a network: docker gives network aliases only on a user-defined network; pass the tongs' network, or no alias")
	}
	if !isUserDefinedNetwork(network) {
		return errorv("alias", "RUN-4", alias, "is given on the network "+show(network)+", where docker refuses aliases (bridge, host, none, default and container:ID are not user-defined networks); pass the tongs' own network, or no alias")
	}
	return nil
}

// appendCut appends flag and all[at:end] to argv, and returns end.
func appendCut(argv []string, flag, all string, at, end int) ([]string, int) {
	return append(argv, flag, all[at:end]), end
}

// appendLabels writes the tong's labels, swarmforge.tong.name=NAME and,
// when hash is not "", swarmforge.tong.config-hash=HASH, and returns
// where each ends.
func appendLabels(pack []byte, name, hash string) ([]byte, [2]int) {
	var end [2]int
	pack = append(pack, LabelName+"="...)
	pack = append(pack, name...)
	end[0] = len(pack)
	if hash != "" {
		pack = append(pack, LabelConfigHash+"="...)
		pack = append(pack, hash...)
	}
	end[1] = len(pack)
	return pack, end
}

// envPair is one variable of a launcher's env.
type envPair struct{ k, v string }

// runEnvPairs applies RUN-7 to the launcher's env map, reporting the fault
// of the smallest bad key whatever the map order, and appends its
// variables to dst sorted by key, bytewise: one pass over the map.
func runEnvPairs(dst []envPair, env map[string]string) ([]envPair, *Error) {
	var envErr *Error
	var envErrKey string
	for k, v := range env {
		dst = append(dst, envPair{k, v})
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
	if envErr != nil {
		return nil, envErr
	}
	sortEnvPairs(dst)
	return dst, nil
}

// sortEnvPairs sorts variables by key (keys are distinct): by insertion
// for the handful of variables a launcher passes.
func sortEnvPairs(env []envPair) {
	if len(env) > 16 {
		slices.SortFunc(env, func(a, b envPair) int { return strings.Compare(a.k, b.k) })
		return
	}
	for i := 1; i < len(env); i++ {
		for j := i; j > 0 && env[j].k < env[j-1].k; j-- {
			env[j], env[j-1] = env[j-1], env[j]
		}
	}
}
