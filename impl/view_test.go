package impl

import (
	"math"
	"math/big"
	"math/rand/v2"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// The one walk of a definition (defView.read) replaced a tree check
// followed by a lookup of every field; the argv builders that use it
// replaced code that looked the fields up again. The functions below are
// the code before, the oracles of TestOneWalkDefinition: lookupView reads
// the fields as field() does, and tongRunArgvOld and tongRunArgvV2Old are
// TongRunArgv and TongRunArgvV2 as they were (validation, then lookups).

// lookupView fills a defView by looking up every field after checkTree,
// and checks the env's variables in a loop of their own.
func lookupView(m map[string]any, envRules, v2 bool) (defView, *Error) {
	var d defView
	if err := checkTree(m, 1); err != nil {
		return d, err
	}
	for _, f := range []struct {
		key string
		dst *any
	}{{"lifecycle", &d.lifecycle}, {"image", &d.image}, {"interface", &d.iface}, {"readiness", &d.readiness},
		{"env", &d.env}, {"mounts", &d.mounts}, {"networks", &d.networks}, {"resources", &d.resources},
		{"entrypoint", &d.entrypoint}, {"command", &d.command}} {
		*f.dst, _ = field(m, f.key)
	}
	if im, ok := d.iface.(map[string]any); ok {
		d.kind, _ = field(im, "kind")
		d.port, _ = field(im, "port")
		d.ifName, _ = field(im, "name")
		d.transport, _ = field(im, "transport")
		d.path, _ = field(im, "path")
		d.volume, _ = field(im, "volume")
		d.mountpoint, _ = field(im, "mountpoint")
	}
	if rm, ok := d.readiness.(map[string]any); ok {
		d.mode, _ = field(rm, "mode")
		d.timeout, _ = field(rm, "timeout")
		d.rcommand, _ = field(rm, "command")
	}
	if rm, ok := d.resources.(map[string]any); ok {
		d.memory, _ = field(rm, "memory")
	}
	if em, ok := d.env.(map[string]any); ok && envRules {
		for k, v := range em {
			if e := envVarFault(em, k, v, v2); e != nil {
				d.envErrs = append(d.envErrs, e)
			}
		}
	}
	return d, nil
}

// sameNode reports whether a and b are the same node of a tree: the same
// map or list, or equal scalars (NaN equal to NaN).
func sameNode(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	if va.Type() != vb.Type() {
		return false
	}
	switch va.Kind() {
	case reflect.Map, reflect.Slice, reflect.Pointer:
		return va.UnsafePointer() == vb.UnsafePointer() && (va.Kind() == reflect.Pointer || va.Len() == vb.Len())
	case reflect.Float32, reflect.Float64:
		x, y := va.Float(), vb.Float()
		return x == y || math.IsNaN(x) && math.IsNaN(y)
	}
	if !va.Comparable() {
		return false
	}
	return a == b
}

func viewNodes(d *defView) []any {
	return []any{d.lifecycle, d.image, d.iface, d.readiness, d.env, d.mounts, d.networks, d.resources, d.entrypoint, d.command,
		d.kind, d.port, d.ifName, d.transport, d.path, d.volume, d.mountpoint, d.mode, d.timeout, d.rcommand, d.memory}
}

// errOpts compare the operations' results: errors by their fields, their
// values as the same nodes (cmp would walk a value nested 100 deep
// exponentially), NaN equal to NaN.
var errOpts = cmp.Options{cmpopts.EquateNaNs(), cmp.Comparer(sameError), cmp.Comparer(func(a, b *big.Int) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Cmp(b) == 0
})}

func sameError(a, b *Error) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	ae, _ := a.Err.(*Error)
	be, _ := b.Err.(*Error)
	return a.Field == b.Field && a.Rule == b.Rule && a.Input == b.Input && a.Msg == b.Msg &&
		sameNode(a.Value, b.Value) && (a.Err == nil) == (b.Err == nil) && sameError(ae, be)
}

func sortedByField(errs []*Error) []*Error {
	s := slices.Clone(errs)
	slices.SortFunc(s, func(a, b *Error) int {
		if c := strings.Compare(a.Field, b.Field); c != 0 {
			return c
		}
		return strings.Compare(a.Rule, b.Rule)
	})
	return s
}

// checkRunEnvOld, appendLabelsTmpfsEnvOld, appendSortedEnvOld and
// appendMountSpecsOld are TongRunArgv's helpers as they were.

func checkRunEnvOld(env map[string]string) *Error {
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

func appendSortedEnvOld(argv []string, env map[string]string) []string {
	envStart := len(argv)
	for k, v := range env {
		argv = append(argv, k+"="+v)
	}
	kv := argv[envStart:]
	key := func(s string) string { k, _, _ := strings.Cut(s, "="); return k }
	slices.SortFunc(kv, func(a, b string) int { return strings.Compare(key(a), key(b)) })
	argv = slices.Grow(argv, len(kv))[:envStart+2*len(kv)]
	for i := len(kv) - 1; i >= 0; i-- {
		argv[envStart+2*i+1] = kv[i]
		argv[envStart+2*i] = "-e"
	}
	return argv
}

func appendMountSpecsOld(dst []string, flag string, list []any, workspace, socketPath string) ([]string, *Error) {
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
				spec = workspace + ":/workspace:" + mode
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

func resourceMemoryOld(m map[string]any) (string, *Error) {
	v, _ := field(m, "resources")
	var mv any
	if rm, ok := v.(map[string]any); ok {
		mv, _ = field(rm, "memory")
	}
	return resourceMemoryOf(v, mv)
}

func isNetworkFacingOld(m map[string]any) bool {
	im, _ := m["interface"].(map[string]any)
	kind, _ := im["kind"].(string)
	return kind == KindMCP || kind == KindPort
}

func tongRunArgvOld(name string, def any, o RunOptions) ([]string, error) {
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
	facing := isNetworkFacingOld(m)
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
			err.Field = index("tmpfs_dirs", i)
			return nil, err
		}
	}
	if err := checkRunEnvOld(o.Env); err != nil {
		return nil, err
	}
	mounts, _ := m["mounts"].([]any)
	if err := checkMountTargets(o.TmpfsDirs, mounts, o.SocketPath); err != nil {
		return nil, err
	}
	memory, _ := resourceMemoryOld(m)
	argv := []string{"docker", "run", "-d", "--name", o.ContainerName}
	if o.Network != "" {
		argv = append(argv, "--network", o.Network)
	}
	if o.Alias != "" && facing {
		argv = append(argv, "--network-alias", o.Alias)
	}
	argv = append(argv, "--label", LabelName+"="+name)
	if o.LabelHash != "" {
		argv = append(argv, "--label", LabelConfigHash+"="+o.LabelHash)
	}
	for _, d := range o.TmpfsDirs {
		argv = append(argv, "--tmpfs", d)
	}
	argv = appendSortedEnvOld(argv, o.Env)
	var err *Error
	if argv, err = appendMountSpecsOld(argv, "-v", mounts, o.Workspace, o.SocketPath); err != nil {
		return nil, err
	}
	if memory != "" {
		argv = append(argv, "--memory", memory)
	}
	return append(argv, m["image"].(string)), nil
}

func tongRunArgvV2Old(name string, def any, o RunOptionsV2) ([]string, error) {
	if errs := ValidateTongV2(name, def); len(errs) > 0 {
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
	facing := isNetworkFacingOld(m)
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
	if hasSpaceOrControl(o.LabelHash) {
		return nil, errorv("label_hash", "RUN-5", o.LabelHash, "holds whitespace or a control character; pass the hex digest ConfigHash returns")
	}
	if err := checkRunEnvOld(o.Env); err != nil {
		return nil, err
	}
	mounts, _ := m["mounts"].([]any)
	if o.FIFOHostPath != "" {
		if err := checkPath("fifo_host_path", o.FIFOHostPath, "RUN-12", "/tmp/swarmforge-1234/secret-env"); err != nil {
			return nil, err
		}
		if mountsWord(mounts, "docker-socket") && path.Clean(o.SocketPath) == SecretEnvTarget {
			return nil, errorv("socket_path", "RUN-12", o.SocketPath, "is "+SecretEnvTarget+", where the secret FIFO is mounted, and docker refuses two mounts at one path; use the socket's own path, such as "+DefaultSocketPath)
		}
	}
	ov := o.Override
	if ov == nil {
		declared, err := RunOverride(m)
		if err != nil {
			return nil, err
		}
		ov = &declared
	} else {
		if strings.IndexByte(ov.Entrypoint, 0) >= 0 {
			return nil, errorv("entrypoint", "RUN-13", ov.Entrypoint, "holds a NUL byte, which no process argument can carry; remove it")
		}
		for i, w := range ov.Args {
			if strings.IndexByte(w, 0) >= 0 {
				return nil, errorv(index("command", i), "RUN-13", w, "holds a NUL byte, which no process argument can carry; remove it")
			}
		}
	}
	env := o.Env
	if o.Workspace != "" && m["lifecycle"] == "session" && mountsWord(mounts, "docker-socket") {
		if _, set := env[WorkspaceHostEnv]; !set {
			if err := checkPath("workspace", o.Workspace, "RUN-14", "/home/me/project"); err != nil {
				return nil, err
			}
			env = make(map[string]string, len(o.Env)+1)
			for k, v := range o.Env {
				env[k] = v
			}
			env[WorkspaceHostEnv] = o.Workspace
		}
	}
	var memory string
	if rm, ok := m["resources"].(map[string]any); ok {
		if mv, ok := field(rm, "memory"); ok {
			memory, _ = memoryValue(mv)
		}
	}
	argv := []string{"docker", "run", "-d", "--name", o.ContainerName}
	if o.Network != "" {
		argv = append(argv, "--network", o.Network)
	}
	if o.Alias != "" && facing {
		argv = append(argv, "--network-alias", o.Alias)
	}
	if ov.Entrypoint != "" {
		argv = append(argv, "--entrypoint", ov.Entrypoint)
	}
	argv = append(argv, "--label", LabelName+"="+name)
	if o.LabelHash != "" {
		argv = append(argv, "--label", LabelConfigHash+"="+o.LabelHash)
	}
	if o.FIFOHostPath != "" {
		argv = append(argv, "-v", o.FIFOHostPath+":"+SecretEnvTarget+":ro")
	}
	argv = appendSortedEnvOld(argv, env)
	var err *Error
	if argv, err = appendMountSpecsOld(argv, "-v", mounts, o.Workspace, o.SocketPath); err != nil {
		return nil, err
	}
	if memory != "" {
		argv = append(argv, "--memory", memory)
	}
	argv = append(argv, m["image"].(string))
	return append(argv, ov.Args...), nil
}

// pick returns one of xs.
func pick[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

// randomValue draws a value for a field: mostly values a field may hold,
// valid or near misses, sometimes a random tree of any kind.
func randomValue(r *rand.Rand, depth int) any {
	switch r.IntN(12) {
	case 0:
		return nil
	case 1, 2:
		return randomTree(r, depth)
	case 3:
		return pick[any](r, 0, 1, 8080, 65536, -1, int64(5432), uint64(1<<63), 1.5, math.NaN(), true, big.NewInt(80))
	case 4:
		return []any{pick[any](r, "workspace", "workspace:ro", "docker-socket", "docker-socket:rw", "workspace:", "tongs", "", 3, "a\x00b")}
	case 5:
		return []any{pick[any](r, "workspace:rw", "pg_isready", "serve"), pick[any](r, "docker-socket", "-h", "workspace", "", 1, "\xff")}
	case 6:
		return []any{}
	case 7:
		return map[string]any{pick(r, "kind", "memory", "mode", "x", "\xff"): randomValue(r, depth+1)}
	}
	return pick[any](r, "", "session", "shared", "mcp", "port", "volume", "none", "http", "tcp", "healthcheck", "30s", "-1s",
		"512m", "1k", "ghcr.io/acme/github-mcp:latest", "Bad/Image", "-x", "/cache", "cache:x", "/a\x00", "github", "GitHub",
		"-bad-", "/mcp", "a b", "\xff", "${secret:op:ref}", "${secret:bad", "/run/swarmforge/secrets/GITHUB_TOKEN", "日本")
}

// randomDef draws a definition near the catalogue's tongs: one of them with
// up to four fields changed, added or removed, at the top level or in
// interface, readiness, resources and env.
func randomDef(r *rand.Rand) any {
	if r.IntN(40) == 0 {
		return randomValue(r, 1) // not even a map, often
	}
	def := pick(r, mcpTong, portTong, volumeTong, noneTong)()
	if r.IntN(4) == 0 {
		def["entrypoint"] = []any{"/bin/server"}
		def["command"] = []any{"--port", "8080"}
	}
	for n := r.IntN(5); n > 0; n-- {
		p := pick(r, "lifecycle", "image", "interface", "readiness", "env", "mounts", "networks", "resources", "entrypoint",
			"command", "x", "\xff", "interface.kind", "interface.port", "interface.name", "interface.transport", "interface.path",
			"interface.volume", "interface.mountpoint", "interface.\xfe", "readiness.mode", "readiness.timeout", "readiness.command",
			"resources.memory", "env.GITHUB_TOKEN", "env.GITHUB_TOKEN_FILE", "env.LOG_LEVEL", "env.A=B", "env.", "env.1X", "env.\xff",
			"env.PATH", "env.X_FILE")
		keys := strings.Split(p, ".")
		if len(keys) == 2 {
			if _, isMap := def[keys[0]].(map[string]any); !isMap {
				def[keys[0]] = map[string]any{}
			}
		}
		m := def
		if len(keys) == 2 {
			m = def[keys[0]].(map[string]any)
		}
		k := keys[len(keys)-1]
		switch r.IntN(6) {
		case 0:
			delete(m, k)
		default:
			m[k] = randomValue(r, len(keys)+1)
		}
	}
	return def
}

// randomRunOptions draws a launcher's choices, valid or not.
func randomRunOptions(r *rand.Rand) RunOptions {
	env := map[string]string{}
	for n := r.IntN(4); n > 0; n-- {
		env[pick(r, "LOG_LEVEL", "GITHUB_TOKEN_FILE", "A", "Z_9", "", "A=B", "N\x00", WorkspaceHostEnv)] = pick(r, "info", "", "x\x00", "/run/swarmforge/secrets/GITHUB_TOKEN")
	}
	if r.IntN(10) == 0 {
		for i := range 20 {
			env["K"+strconv.Itoa(i)] = "v"
		}
	}
	var tmpfs []string
	for n := r.IntN(3); n > 0; n-- {
		tmpfs = append(tmpfs, pick(r, SecretDir, "/tmp", "/workspace", "tmp", "/a:b", "/tmp/"))
	}
	if r.IntN(2) == 0 { // choices that pass, so the argv is built
		for k, v := range env {
			if strings.ContainsAny(k+v, "=\x00") || k == "" {
				delete(env, k)
			}
		}
		return RunOptions{ContainerName: "s-1a2b3c-tong-github", Network: pick(r, "", "tongs"), Alias: pick(r, "", "github"),
			Env: env, TmpfsDirs: pick(r, []string(nil), []string{SecretDir}, []string{"/tmp", SecretDir}),
			LabelHash: pick(r, "", "3f0b1e7c"), Workspace: pick(r, "", "/home/me/project"), SocketPath: DefaultSocketPath}
	}
	return RunOptions{
		ContainerName: pick(r, "s-1a2b3c-tong-github", "x", "-bad", "ok_name.1"),
		Network:       pick(r, "", "tongs", "bridge", "host", "a b", "-x", "container:abc"),
		Alias:         pick(r, "", "github", "-bad", "GitHub", "a_b"),
		Env:           env,
		TmpfsDirs:     tmpfs,
		LabelHash:     pick(r, "", "3f0b1e7c", "a b", "x\x00"),
		Workspace:     pick(r, "", "/home/me/project", "rel", "/a:b"),
		SocketPath:    pick(r, DefaultSocketPath, "/workspace", "/run/swarmforge/secret-env", "rel", "/var/run/docker.sock/"),
	}
}

// definitionOpsOld are the operations that read a definition's fields
// as they were: checkTree, then a lookup per field.
func definitionOpsOld(def any, ws, sock string) (mounts []string, mountErr error, flags []string, flagErr error, rd Readiness, rdErr error, ov Override, ovErr error) {
	m, ok := def.(map[string]any)
	if !ok {
		e := errorf("definition", "DEF-1", "", "is "+typeName(def)+"; a tong definition is a map")
		return nil, e, nil, e, Readiness{}, e, Override{}, e
	}
	if err := checkTree(m, 1); err != nil {
		return nil, err, nil, err, Readiness{}, err, Override{}, err
	}
	d, _ := lookupView(m, false, false)
	if errs := checkMountsValue(d.mounts, false); len(errs) > 0 {
		mountErr = errs[0]
	} else if list, _ := d.mounts.([]any); len(list) > 0 {
		var err *Error
		if mounts, err = appendMountSpecsOld(make([]string, 0, len(list)), "", list, ws, sock); err != nil {
			mounts, mountErr = nil, err
		}
	}
	if s, err := resourceMemoryOld(m); err != nil {
		flagErr = err
	} else if s != "" {
		flags = []string{"--memory", s}
	}
	kind := ""
	if im, ok := m["interface"].(map[string]any); ok {
		kind, _ = im["kind"].(string)
	}
	rd = Readiness{Mode: ModeNone, TimeoutS: DefaultReadinessTimeout}
	if kind == KindMCP || kind == KindPort {
		rd.Mode = ModeTCP
	}
	if errs := checkReadinessValues(d.readiness, d.mode, d.timeout, d.rcommand, kind, &rd); len(errs) > 0 {
		rd, rdErr = Readiness{}, errs[0]
	}
	if err := checkArgvValue("entrypoint", d.entrypoint); err != nil {
		ovErr = err
	} else if err := checkArgvValue("command", d.command); err != nil {
		ovErr = err
	} else {
		ov = runOverride(argvWords(d.entrypoint), argvWords(d.command))
	}
	return
}

// argvWords and runOverride are RunOverride's helpers as they were: the
// words of a checked entrypoint or command, and the override they make.
func argvWords(v any) []string {
	list, _ := v.([]any)
	if list == nil {
		return nil
	}
	words := make([]string, len(list))
	for i, e := range list {
		words[i] = e.(string)
	}
	return words
}

func runOverride(entrypoint, command []string) Override {
	if len(entrypoint) == 0 {
		if command == nil {
			command = []string{}
		}
		return Override{Args: command}
	}
	args := make([]string, 0, len(entrypoint)-1+len(command))
	args = append(args, entrypoint[1:]...)
	args = append(args, command...)
	return Override{Entrypoint: entrypoint[0], Args: args}
}

// partitionSecretEnvOld is PartitionSecretEnv as it was: checkTree, then
// the env's rules in a loop of their own.
func partitionSecretEnvOld(env any) (plain, secret map[string]any, err error) {
	if env == nil {
		return map[string]any{}, map[string]any{}, nil
	}
	if e := checkTree(env, 2); e != nil {
		e.Field = prefixField("env", e.Field)
		return nil, nil, e
	}
	d := defView{env: env}
	if em, ok := env.(map[string]any); ok {
		for k, v := range em {
			if e := envVarFault(em, k, v, true); e != nil {
				d.envErrs = append(d.envErrs, e)
			}
		}
	}
	if errs := d.envFaults(); len(errs) > 0 {
		return nil, nil, errs[0]
	}
	plain, secret = map[string]any{}, map[string]any{}
	for k, v := range env.(map[string]any) {
		if IsSecretValue(v) {
			secret[k] = v
		} else {
			plain[k] = v
		}
	}
	return plain, secret, nil
}

// TestOneWalkDefinition holds the one walk to the code before it, on
// definitions near the catalogue's with random changes: defView.read
// gives checkTree's fault, or the fields and env faults the lookups give;
// TongRunArgv, TongRunArgvV2, TongMountSpecs, TongResourceFlags,
// ReadinessSettings, RunOverride and PartitionSecretEnv give the results
// of the code before. (ValidateTong's checks of the fields it reads are
// the code before; the rule tables, vectors and golden files hold them.)
func TestOneWalkDefinition(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	faults, valid, argvs := 0, 0, 0
	for i := range 20_000 {
		def := randomDef(r)
		v2 := r.IntN(2) == 0
		name := pick(r, "github", "pg", "-bad", "", "my tong")
		if m, ok := def.(map[string]any); ok {
			want, wantErr := lookupView(m, true, v2)
			var got defView
			gotErr := got.read(m, true, v2)
			if diff := cmp.Diff(wantErr, gotErr, errOpts); diff != "" {
				t.Fatalf("def %d %v: read's fault differs from checkTree's (-old +new):\n%s", i, def, diff)
			}
			if wantErr != nil {
				faults++
			} else {
				wn, gn := viewNodes(&want), viewNodes(&got)
				for j := range wn {
					if !sameNode(wn[j], gn[j]) {
						t.Fatalf("def %d %v: field %d is %v, the lookup gives %v", i, def, j, gn[j], wn[j])
					}
				}
				if diff := cmp.Diff(sortedByField(want.envErrs), sortedByField(got.envErrs), errOpts); diff != "" {
					t.Fatalf("def %d %v: env faults differ (-old +new):\n%s", i, def, diff)
				}
			}
		}
		errs := validateTong(name, def, v2)
		if errs == nil {
			valid++
		}
		ws, sock := pick(r, "", "/home/me/project", "rel"), pick(r, DefaultSocketPath, "/workspace", "rel")
		wm, wmErr, wf, wfErr, wr, wrErr, wo, woErr := definitionOpsOld(def, ws, sock)
		gm, gmErr := TongMountSpecs(def, ws, sock)
		gf, gfErr := TongResourceFlags(def)
		gr, grErr := ReadinessSettings(def)
		gov, goErr := RunOverride(def)
		for _, c := range []struct {
			op        string
			want, got any
		}{{"TongMountSpecs", wm, gm}, {"TongMountSpecs error", wmErr, gmErr}, {"TongResourceFlags", wf, gf},
			{"TongResourceFlags error", wfErr, gfErr}, {"ReadinessSettings", wr, gr}, {"ReadinessSettings error", wrErr, grErr},
			{"RunOverride", wo, gov}, {"RunOverride error", woErr, goErr}} {
			if diff := cmp.Diff(c.want, c.got, errOpts); diff != "" {
				t.Fatalf("def %d %v: %s differs from the code before (-old +new):\n%s", i, def, c.op, diff)
			}
		}
		if m, ok := def.(map[string]any); ok {
			wp, ws, wErr := partitionSecretEnvOld(m["env"])
			gp, gs, gErr := PartitionSecretEnv(m["env"])
			if diff := cmp.Diff([]any{wp, ws, wErr}, []any{gp, gs, gErr}, errOpts); diff != "" {
				t.Fatalf("def %d %v: PartitionSecretEnv differs from the code before (-old +new):\n%s", i, def, diff)
			}
		}
		o := randomRunOptions(r)
		if !v2 {
			wantArgv, wantErr := tongRunArgvOld(name, def, o)
			gotArgv, gotErr := TongRunArgv(name, def, o)
			if diff := cmp.Diff(wantErr, gotErr, errOpts); diff != "" || !slices.Equal(wantArgv, gotArgv) {
				t.Fatalf("def %d %v, %+v: TongRunArgv = %q, %v; before %q, %v", i, def, o, gotArgv, gotErr, wantArgv, wantErr)
			}
			if wantErr == nil {
				argvs++
			}
		} else {
			o2 := RunOptionsV2{ContainerName: o.ContainerName, Network: o.Network, Alias: o.Alias, Env: o.Env,
				LabelHash: o.LabelHash, Workspace: o.Workspace, SocketPath: o.SocketPath,
				FIFOHostPath: pick(r, "", "/tmp/sf/secret-env", "rel")}
			if r.IntN(3) == 0 {
				o2.Override = &Override{Entrypoint: pick(r, "", SecretShell, "a\x00"), Args: pick(r, []string(nil), []string{"-c", SecretScript}, []string{"x\x00"})}
			}
			wantArgv, wantErr := tongRunArgvV2Old(name, def, o2)
			gotArgv, gotErr := TongRunArgvV2(name, def, o2)
			if diff := cmp.Diff(wantErr, gotErr, errOpts); diff != "" || !slices.Equal(wantArgv, gotArgv) {
				t.Fatalf("def %d %v, %+v: TongRunArgvV2 = %q, %v; before %q, %v", i, def, o2, gotArgv, gotErr, wantArgv, wantErr)
			}
			if wantErr == nil {
				argvs++
			}
		}
	}
	if faults < 1000 || valid < 2000 || argvs < 1000 {
		t.Errorf("%d tree faults, %d valid definitions, %d argvs of 20000 draws; the generator is off balance", faults, valid, argvs)
	}
}

// TestEnvFaultsTieOrder checks that two faults of one env field, the
// NAME_FILE variable's own (ENV-3) and its secret's (ENV-6), come in rule
// order whatever the map order: ValidateTong is deterministic.
func TestEnvFaultsTieOrder(t *testing.T) {
	for range 64 { // map iteration starts at a random entry
		def := mcpTong()
		def["env"] = map[string]any{"TOKEN": "${secret:op:ref}", "TOKEN_FILE": []any{"x"}, "A": "a", "B": "b", "C": "c"}
		got := ValidateTong("github", def)
		if len(got) != 2 || got[0].Rule != "ENV-3" || got[1].Rule != "ENV-6" || got[0].Field != "env.TOKEN_FILE" || got[1].Field != "env.TOKEN_FILE" {
			t.Fatalf("ValidateTong = %v, want env.TOKEN_FILE's ENV-3, then its ENV-6", got)
		}
	}
}
