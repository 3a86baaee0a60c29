package gen

import (
	"maps"
	"slices"
	"strings"

	"github.com/tongref/tongref/impl"
)

// LaunchInput draws the inputs of one launch (impl.LaunchCommands,
// SPEC-v2.md PLAN-9 to PLAN-12), most of them a launch the launcher
// runs: a TongSetV2 set whose volume tongs, shared tongs' workspace
// mounts, and tongs that clash with one earlier in name order
// (CheckTongSet) are dropped but one time in eight (the launcher refuses
// all of them);
// an org layer with a scope one time in three, some of the set's tongs
// in it; one time in four a tong renamed to a name with an 8-hex
// segment (NAME-8); an image config for each tong (ImageExecs), which a secret tong
// may need; an anvil argv, half the time a plain docker run and half
// AnvilParts', given a --name (the session id) but one time in eight and
// a --network half the time when the argv sets none (two networks are
// refused, PLAN-9), right after the subcommand, where a later --name of
// the argv's own overrides it; a harness, claude
// and opencode mostly; a workspace mostly; now and then a session id, a
// socket, FIFO directory or MCP file path of its own.
func LaunchInput(t T) impl.LaunchInput {
	in := impl.LaunchInput{Tongs: TongSetV2(t), Images: map[string]impl.ImageConfig{}}
	names := make([]string, 0, len(in.Tongs))
	for n := range in.Tongs {
		names = append(names, n)
	}
	slices.Sort(names)
	if len(names) > 0 && oneIn(t, "hex_name?", 4) {
		// a name with an 8-hex segment, whose unscoped container NAME-8
		// escapes
		old, n := pick(t, "renamed", names...), pick(t, "hex_name", "deadbeef", "cache-0badc0de", "1a2b3c4d-db")
		if _, taken := in.Tongs[n]; !taken {
			in.Tongs[n] = in.Tongs[old]
			delete(in.Tongs, old)
			names = slices.Sorted(maps.Keys(in.Tongs))
		}
	}
	if !oneIn(t, "unlaunchable?", 8) {
		for _, n := range names {
			def := in.Tongs[n].(map[string]any)
			if def["interface"].(map[string]any)["kind"] == impl.KindVolume {
				delete(in.Tongs, n)
				continue
			}
			if mounts, ok := def["mounts"].([]any); ok && def["lifecycle"] == "shared" {
				kept := []any{}
				for _, m := range mounts {
					if word, _, _ := strings.Cut(m.(string), ":"); word != "workspace" {
						kept = append(kept, m)
					}
				}
				def["mounts"] = kept
			}
		}
		// and of the tongs whose alias or variables clash with an earlier
		// one's, keep the earlier
		kept := map[string]any{}
		for _, n := range names {
			if def, ok := in.Tongs[n]; ok {
				kept[n] = def
				if impl.CheckTongSet(kept) != nil {
					delete(kept, n)
				}
			}
		}
		in.Tongs = kept
		names = slices.DeleteFunc(names, func(n string) bool { _, ok := in.Tongs[n]; return !ok })
	}
	if oneIn(t, "org?", 3) {
		in.Scope = Scope(t)
		in.Org = map[string]bool{}
		for _, n := range names {
			if Bool(t, "in_org?") {
				in.Org[n] = true
			}
		}
	}
	for _, n := range names {
		img := ImageExecs(t)
		in.Images[n] = impl.ImageConfig{Entrypoint: img.Entrypoint, Cmd: img.Cmd}
	}

	var argv []string
	sub := 1
	if Bool(t, "plain_anvil?") {
		argv = []string{"docker", pick(t, "subcommand", "run", "run", "create"), "-it", "--rm", "anvil:latest"}
		for i, n := 0, Int(t, "args", 0, 2); i < n; i++ {
			argv = append(argv, pick(t, "arg", HarnessArgs...))
		}
	} else {
		a := AnvilParts(t)
		argv, sub = a.Argv, a.Sub
	}
	var own []string
	session := ""
	if !oneIn(t, "no_name?", 8) {
		session = pick(t, "session_id", "s1", "claude-x", "opencode-1", "a.b_c-9", "x")
		own = append(own, "--name", session)
	}
	if _, set, _ := impl.AnvilOptionValue(argv, "--network"); Bool(t, "network?") && !set {
		own = append(own, pick(t, "network_flag", "--network", "--net"), pick(t, "network", "tongs", "tongs", "net-1", "bridge", "host", "none", "a.b_c"))
	}
	in.Anvil = slices.Concat(argv[:sub+1], own, argv[sub+1:])

	in.Harness = pick(t, "harness", impl.HarnessClaude, impl.HarnessClaude, impl.HarnessOpencode, impl.HarnessOpencode, "codex", "")
	if !oneIn(t, "no_workspace?", 8) {
		in.Workspace = pick(t, "workspace", "/home/me/project", "/work/é x", "/w")
	}
	switch pick(t, "session", "anvil", "anvil", "anvil", "anvil", "anvil", "anvil", "same", "own") {
	case "same":
		in.SessionID = session
	case "own":
		in.SessionID = pick(t, "own_session", "s1", "s2", "swarmforge-shared-x")
	}
	if oneIn(t, "socket?", 8) {
		in.SocketPath = pick(t, "socket", "/run/user/1000/docker.sock", "/var/run/docker.sock")
	}
	if oneIn(t, "fifo_dir?", 8) {
		in.FIFODir = pick(t, "fifo_dir", "/run/user/1000/swarmforge", "/tmp/x/", "rel")
	}
	if oneIn(t, "mcp_path?", 8) {
		in.MCPHostPath = pick(t, "mcp_path", "/run/user/1000/mcp.json", "/a b/mcp.json", "mcp.json")
	}
	return in
}
