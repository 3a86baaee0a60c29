package impl

import (
	"path"
	"strings"
)

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
	if hasSpaceOrControl(o.LabelHash) {
		return nil, errorv("label_hash", "RUN-5", o.LabelHash, "holds whitespace or a control character; pass the hex digest ConfigHash returns")
	}
	if err := checkRunEnv(o.Env); err != nil {
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
			return nil, err // ValidateTongV2 has checked EXEC-1: not reached
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

	n := 5 + 2 + 2 + 2 + 2 + 2 + 2 + 2*len(env) + 2*len(mounts) + 2 + 1 + len(ov.Args)
	argv := make([]string, 0, n)
	argv = append(argv, "docker", "run", "-d", "--name", o.ContainerName)
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
	argv = appendSortedEnv(argv, env)
	var err *Error
	if argv, err = appendMountSpecs(argv, "-v", mounts, o.Workspace, o.SocketPath); err != nil {
		return nil, err
	}
	if memory != "" {
		argv = append(argv, "--memory", memory)
	}
	argv = append(argv, m["image"].(string))
	return append(argv, ov.Args...), nil
}
