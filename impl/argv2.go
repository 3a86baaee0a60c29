package impl

import "strings"

// Spec version 2: the tong run argv as the Swarmforge launcher builds it
// today (rules RUN-11 to RUN-14 of spec/SPEC-v2.md).

// SecretEnvTarget is where a tong sees the secret FIFO (RUN-12, SEC-3).
const SecretEnvTarget = "/run/swarmforge/secret-env"

// WorkspaceHostEnv carries the host's workspace path to a session tong
// that holds the docker socket (RUN-14), so it can mount the workspace
// into the containers it starts.
const WorkspaceHostEnv = "SWARMFORGE_WORKSPACE_HOST_PATH"

// RunOptionsV2 are the launcher's choices for one tong's container under
// spec version 2. It has no tmpfs dirs (RUN-6 is gone: secrets come over
// the FIFO).
type RunOptionsV2 struct {
	ContainerName string            // --name; a docker container name (RUN-2)
	Network       string            // --network, or "" for none (RUN-3)
	Alias         string            // --network-alias for a network-facing tong, or "" (RUN-4)
	Env           map[string]string // the plain env, -e KEY=VALUE sorted by key (RUN-7)
	LabelHash     string            // the config-hash label, or "" for none (RUN-5)
	Workspace     string            // the workspace path, or "" when unknown (MNT-5, RUN-14)
	SocketPath    string            // the docker socket path, such as DefaultSocketPath (MNT-6)
	FIFOHostPath  string            // the host FIFO delivering the secrets, or "" for none (RUN-12)
	// Override replaces the image's entrypoint and command (RUN-13); nil
	// means the definition's own, RunOverride(def). The secret path passes
	// SecretInjectArgv's result.
	Override *Override
}

// TongRunArgvV2 builds the docker argv that starts one tong under spec
// version 2 (rules RUN-1 to RUN-5, RUN-7, RUN-9, RUN-11 to RUN-14). The
// definition must pass ValidateTongV2 (RUN-1); the result is exactly, in
// this order:
//
//	docker run -d --name CONTAINER
//	  [--network NET]                    when Network is not ""
//	  [--network-alias ALIAS]            when Alias is not "" and the kind is mcp or port
//	  [--entrypoint ENTRYPOINT]          when the override's entrypoint is not ""
//	  --label swarmforge.tong.name=NAME
//	  [--label swarmforge.tong.config-hash=HASH]       when LabelHash is not ""
//	  [-v FIFO:/run/swarmforge/secret-env:ro]          when FIFOHostPath is not ""
//	  [-e KEY=VALUE]...                  Env, plus SWARMFORGE_WORKSPACE_HOST_PATH (RUN-14), sorted by KEY
//	  [-v SPEC]...                       TongMountSpecsV2
//	  [--memory VALUE]                   TongResourceFlags
//	  IMAGE [ARG]...                     ARG: the override's words
func TongRunArgvV2(name string, def any, o RunOptionsV2) ([]string, error) {
	var d defView // RUN-1, and every field the argv needs, in one walk
	if errs := d.validate(name, def, true); len(errs) > 0 {
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
	kind := d.kind.(string) // ValidateTongV2 has checked it
	facing := kind == KindMCP || kind == KindPort
	if err := checkRunAlias(o.Alias, o.Network, facing); err != nil {
		return nil, err
	}
	if hasSpaceOrControl(o.LabelHash) {
		return nil, errorv("label_hash", "RUN-5", o.LabelHash, "holds whitespace or a control character; pass the hex digest ConfigHash returns")
	}
	var pairStack [16]envPair
	env, err := runEnvPairs(pairStack[:0], o.Env)
	if err != nil {
		return nil, err
	}
	mounts, _ := d.mounts.([]any)
	if o.FIFOHostPath != "" {
		if err := checkPath("fifo_host_path", o.FIFOHostPath, "RUN-12", "/tmp/swarmforge-1234/secret-env"); err != nil {
			return nil, err
		}
		if mountsWord(mounts, "docker-socket") && cleanPath(o.SocketPath) == SecretEnvTarget {
			return nil, errorv("socket_path", "RUN-12", o.SocketPath, "is "+SecretEnvTarget+", where the secret FIFO is mounted, and docker refuses two mounts at one path; use the socket's own path, such as "+DefaultSocketPath)
		}
	}
	// The override: the one given, or the definition's own (RunOverride),
	// read from the words ValidateTongV2 has checked (EXEC-1).
	var entrypoint string
	var given []string // the given override's words
	var declared [2][]any
	if ov := o.Override; ov != nil {
		if strings.IndexByte(ov.Entrypoint, 0) >= 0 {
			return nil, errorv("entrypoint", "RUN-13", ov.Entrypoint, "holds a NUL byte, which no process argument can carry; remove it")
		}
		for i, w := range ov.Args {
			if strings.IndexByte(w, 0) >= 0 {
				return nil, errorv(index("command", i), "RUN-13", w, "holds a NUL byte, which no process argument can carry; remove it")
			}
		}
		entrypoint, given = ov.Entrypoint, ov.Args
	} else {
		ep, _ := d.entrypoint.([]any)
		declared[1], _ = d.command.([]any)
		if len(ep) > 0 {
			entrypoint, declared[0] = ep[0].(string), ep[1:]
		}
	}
	if o.Workspace != "" && d.lifecycle == "session" && mountsWord(mounts, "docker-socket") {
		if _, set := o.Env[WorkspaceHostEnv]; !set {
			if err := checkPath("workspace", o.Workspace, "RUN-14", "/home/me/project"); err != nil {
				return nil, err
			}
			env = append(env, envPair{WorkspaceHostEnv, o.Workspace})
			sortEnvPairs(env)
		}
	}
	memory, _ := resourceMemoryOf(d.resources, d.memory) // checked by ValidateTongV2

	// The strings the argv needs built are cut from one string, as in
	// TongRunArgv.
	var packStack [512]byte
	pack, labelEnd := appendLabels(packStack[:0], name, o.LabelHash)
	if o.FIFOHostPath != "" {
		pack = append(pack, o.FIFOHostPath...)
		pack = append(pack, ":"+SecretEnvTarget+":ro"...)
	}
	fifoEnd := len(pack)
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

	n := 5 + 2 + 2 + 2 + 2 + 2 + 2 + 2*len(env) + 2*len(mounts) + 2 + 1 + len(given) + len(declared[0]) + len(declared[1])
	argv := make([]string, 0, n)
	argv = append(argv, "docker", "run", "-d", "--name", o.ContainerName)
	if o.Network != "" {
		argv = append(argv, "--network", o.Network)
	}
	if o.Alias != "" && facing {
		argv = append(argv, "--network-alias", o.Alias)
	}
	if entrypoint != "" {
		argv = append(argv, "--entrypoint", entrypoint)
	}
	at := 0
	argv, at = appendCut(argv, "--label", all, at, labelEnd[0])
	if o.LabelHash != "" {
		argv, at = appendCut(argv, "--label", all, at, labelEnd[1])
	}
	if o.FIFOHostPath != "" {
		argv, at = appendCut(argv, "-v", all, at, fifoEnd)
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
	argv = append(argv, given...)
	for _, words := range declared {
		for _, w := range words {
			argv = append(argv, w.(string))
		}
	}
	return argv, nil
}
