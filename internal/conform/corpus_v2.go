package conform

// The hand-picked vectors of spec version 2 (spec/SPEC-v2.md): for each
// rule version 2 adds, requests it accepts and requests it refuses, and
// the Swarmforge launcher's own known answers (its tests at 42246cf)
// wherever the spec keeps them.

// runArgsV2 is a version 2 tong_run_argv request for name and def, with
// over's arguments in place of the defaults.
func runArgsV2(name string, def any, over map[string]any) map[string]any {
	a := map[string]any{"name": name, "definition": def, "container_name": "s1-tong-" + name, "network": "tongs", "alias": nil,
		"env": map[string]any{}, "label_hash": nil, "workspace": nil, "socket_path": "/var/run/docker.sock",
		"fifo_host_path": nil, "entrypoint": nil, "command": nil}
	for k, v := range over {
		a[k] = v
	}
	return a
}

func vt2(rule, why, name string, def any) vrow {
	return vrow{"validate_tong", rule, why, map[string]any{"name": name, "definition": def}}
}

func corpusRowsV2() []vrow {
	port, mcp, none, vol := tong("port"), tong("mcp"), tong("none"), tong("volume")
	pn := func(tongs map[string]any, base, session any) map[string]any {
		return map[string]any{"tongs": tongs, "base_network": base, "session_id": session}
	}
	pi := func(tongs map[string]any, harness string) map[string]any {
		return map[string]any{"tongs": tongs, "harness": harness}
	}
	broker := with(with(port, "mounts", l("docker-socket")), "interface.port", int64(9000))
	wrapper := l("-c", `secret_env=$(cat /run/swarmforge/secret-env) || exit 1; eval "$secret_env" || exit 1; exec "$@"`, "swarmforge-tong")
	providers := map[string]any{
		"op":     l("op", "read", "{ref}"),
		"shared": map[string]any{"default": l("pass", "show", "{ref}"), "overrides": map[string]any{"ci-token": l("doppler", "secrets", "get", "CI_TOKEN", "--plain"), "default": l("pass", "show", "literal-default")}},
		"only":   map[string]any{"overrides": map[string]any{"a": l("x", "{ref}")}},
	}
	prov := func(table any, provider, ref string) map[string]any {
		return map[string]any{"providers": table, "provider": provider, "ref": ref}
	}
	return []vrow{
		// §2 validate_tong
		vt2("MNT-7", "", "db", with(port, "mounts", l("workspace:ro", "docker-socket:rw"))),
		vt2("MNT-7", "an empty mode after :", "db", with(port, "mounts", l("workspace:"))),
		vt2("MNT-7", "a target is not a mode", "db", with(port, "mounts", l("workspace:/target"))),
		vt2("MNT-7", "modes are lower case", "db", with(port, "mounts", l("docker-socket:RO"))),
		vt2("MNT-7", "a mode list is not a mode", "db", with(port, "mounts", l("workspace:rw,z"))),
		vt2("ENV-7", "", "gh", with(port, "env", map[string]any{"TOKEN": "${secret:op:x}", "TOKEN_FILE": "/tmp/t"})),
		vt2("ENV-7", "a secret name ending in a newline", "gh", with(port, "env", map[string]any{"TOKEN\n": "${secret:op:x}"})),
		vt2("EXEC-1", "", "t", with(with(none, "entrypoint", l("/srv", "-v")), "command", l("serve", "--port", "8080"))),
		vt2("EXEC-1", "an empty entrypoint", "t", with(none, "entrypoint", l())),
		vt2("EXEC-1", "an empty command", "t", with(none, "command", l())),
		vt2("EXEC-1", "an empty word", "t", with(none, "entrypoint", l(""))),
		vt2("EXEC-1", "a string is not split into words", "t", with(none, "command", "node server.js")),
		vt2("EXEC-1", "a word is a string", "t", with(none, "command", l("serve", int64(8080)))),
		vt2("EXEC-1", "no process argument can carry NUL", "t", with(none, "command", l("a\x00b"))),
		vt2("IF-8", "", "gh", with(mcp, "interface.path", "/api/v1/mcp")),
		vt2("IF-8", "", "gh", with(mcp, "interface.path", "mcp%20x;a=b@c")),
		vt2("IF-8", "", "gh", with(mcp, "interface.path", nil)),
		vt2("IF-8", "a path is a string", "gh", with(mcp, "interface.path", int64(5))),
		vt2("IF-8", "a query changes the URL", "gh", with(mcp, "interface.path", "/mcp?x=1")),
		vt2("IF-8", "a fragment changes the URL", "gh", with(mcp, "interface.path", "/mcp#x")),
		vt2("IF-8", "whitespace breaks the URL", "gh", with(mcp, "interface.path", "/a b")),
		vt2("IF-8", "a lone %", "gh", with(mcp, "interface.path", "/100%")),
		// tong_mount_specs in version 2
		{"tong_mount_specs", "MNT-7", "", map[string]any{"definition": with(port, "mounts", l("workspace:ro")), "workspace": "/w", "socket_path": "/var/run/docker.sock"}},
		{"tong_mount_specs", "MNT-7", "an empty mode after :", map[string]any{"definition": with(port, "mounts", l("workspace:")), "workspace": "/w", "socket_path": "/var/run/docker.sock"}},
		// §3 the process a tong runs
		{"exec_target", "EXEC-2", "", map[string]any{"definition": with(none, "entrypoint", l("/srv")), "image_entrypoint": l("/docker-entrypoint.sh"), "image_cmd": l("serve")}},
		{"exec_target", "EXEC-2", "", map[string]any{"definition": with(none, "command", l("serve", "--debug")), "image_entrypoint": l("/docker-entrypoint.sh"), "image_cmd": l("serve")}},
		{"exec_target", "EXEC-2", "", map[string]any{"definition": none, "image_entrypoint": l("/docker-entrypoint.sh"), "image_cmd": l("serve")}},
		{"exec_target", "EXEC-2", "", map[string]any{"definition": with(with(none, "entrypoint", l("node")), "command", l("s.js")), "image_entrypoint": nil, "image_cmd": nil}},
		{"exec_target", "EXEC-3", "nothing to run", map[string]any{"definition": none, "image_entrypoint": nil, "image_cmd": l()}},
		{"exec_target", "EXEC-3", "an image word holding NUL", map[string]any{"definition": none, "image_entrypoint": nil, "image_cmd": l("a\x00")}},
		{"exec_target", "EXEC-1", "an empty command", map[string]any{"definition": with(none, "command", l()), "image_entrypoint": nil, "image_cmd": l("serve")}},
		{"exec_target", "DEF-1", "a definition is a map", map[string]any{"definition": nil, "image_entrypoint": nil, "image_cmd": l("serve")}},
		{"run_override", "EXEC-4", "", map[string]any{"definition": with(with(none, "entrypoint", l("/srv", "-v")), "command", l("serve"))}},
		{"run_override", "EXEC-4", "", map[string]any{"definition": with(none, "command", l("serve"))}},
		{"run_override", "EXEC-4", "", map[string]any{"definition": with(none, "entrypoint", l("/srv"))}},
		{"run_override", "EXEC-4", "", map[string]any{"definition": none}},
		{"run_override", "EXEC-1", "an empty word", map[string]any{"definition": with(none, "entrypoint", l(""))}},
		// §4 tong_run_argv
		{"tong_run_argv", "RUN-11", "", runArgsV2("db", port, map[string]any{"alias": "db", "env": map[string]any{"B": "2", "A": "1"}, "label_hash": "abc"})},
		{"tong_run_argv", "RUN-11", "", runArgsV2("gh", mcp, map[string]any{"container_name": "swarmforge-shared-github", "alias": "github", "fifo_host_path": "/tmp/sf/gh.fifo",
			"entrypoint": "/bin/sh", "command": append(wrapper, "/usr/local/bin/server", "--stdio")})},
		{"tong_run_argv", "RUN-12", "a relative FIFO path is a named volume", runArgsV2("gh", mcp, map[string]any{"fifo_host_path": "fifo"})},
		{"tong_run_argv", "RUN-12", "a : splits the volume spec", runArgsV2("gh", mcp, map[string]any{"fifo_host_path": "/a:b"})},
		{"tong_run_argv", "RUN-12", "the socket at the FIFO's target", runArgsV2("b", broker, map[string]any{"fifo_host_path": "/f", "socket_path": "/run/swarmforge/secret-env"})},
		{"tong_run_argv", "RUN-13", "", runArgsV2("t", with(with(none, "entrypoint", l("/srv", "-v")), "command", l("serve")), nil)},
		{"tong_run_argv", "RUN-13", "", runArgsV2("t", with(none, "entrypoint", l("/srv")), map[string]any{"command": l("other")})},
		{"tong_run_argv", "RUN-13", "", runArgsV2("t", with(none, "command", l("serve")), map[string]any{"entrypoint": ""})},
		{"tong_run_argv", "RUN-13", "no process argument can carry NUL", runArgsV2("t", none, map[string]any{"command": l("a\x00")})},
		{"tong_run_argv", "RUN-14", "", runArgsV2("broker", broker, map[string]any{"label_hash": "abc", "workspace": "/w"})},
		{"tong_run_argv", "RUN-14", "", runArgsV2("broker", broker, map[string]any{"workspace": "/w", "env": map[string]any{"SWARMFORGE_WORKSPACE_HOST_PATH": "/mine"}})},
		{"tong_run_argv", "RUN-14", "", runArgsV2("broker", with(broker, "lifecycle", "shared"), map[string]any{"workspace": "/w"})},
		{"tong_run_argv", "RUN-14", "a relative workspace", runArgsV2("broker", broker, map[string]any{"workspace": "w"})},
		{"tong_run_argv", "RUN-1", "version 2's validation", runArgsV2("db", with(port, "mounts", l("workspace:")), map[string]any{"workspace": "/w"})},
		// §5 scopes, container and network names
		{"org_scope_token", "SCOPE-3", "", map[string]any{"org_tongs_dir": "/home/me/orgs/acme/.swarmforge/tongs"}},
		{"org_scope_token", "SCOPE-3", "", map[string]any{"org_tongs_dir": "/home/me/orgs/a/../acme/./.swarmforge//tongs/"}},
		{"org_scope_token", "SCOPE-3", "", map[string]any{"org_tongs_dir": "//home/me/orgs/acme/.swarmforge/tongs"}},
		{"org_scope_token", "SCOPE-3", "", map[string]any{"org_tongs_dir": "/home/me/orgs/My Org!/.swarmforge/tongs"}},
		{"org_scope_token", "SCOPE-1", "", map[string]any{"org_tongs_dir": "/home/me/orgs/deadbeef/.swarmforge/tongs"}},
		{"org_scope_token", "SCOPE-3", "", map[string]any{"org_tongs_dir": "/.swarmforge/tongs"}},
		{"org_scope_token", "SCOPE-2", "", map[string]any{"org_tongs_dir": nil}},
		{"org_scope_token", "SCOPE-2", "", map[string]any{"org_tongs_dir": ""}},
		{"org_scope_token", "SCOPE-2", "a relative path names a different org from every directory", map[string]any{"org_tongs_dir": "acme/.swarmforge/tongs"}},
		{"org_scope_token", "SCOPE-2", "no path holds NUL", map[string]any{"org_tongs_dir": "/o/a\x00/.s/t"}},
		{"org_scope_token", "SCOPE-2", "not valid UTF-8", map[string]any{"org_tongs_dir": "/o/a\xff/.s/t"}},
		{"shared_container_name", "NAME-7", "", map[string]any{"name": "asana", "scope": "acme-cebc22fa"}},
		{"shared_container_name", "NAME-7", "", map[string]any{"name": "asana", "scope": nil}},
		{"shared_container_name", "NAME-7", "", map[string]any{"name": "", "scope": "cebc22fa"}},
		{"shared_container_name", "NAME-7", "", map[string]any{"name": "a b", "scope": "acme-cebc22fa"}},
		{"shared_container_name", "NAME-8", "", map[string]any{"name": "acme-1a2b3c4d-asana", "scope": nil}},
		{"shared_container_name", "NAME-8", "", map[string]any{"name": "acme-1a2b3c4-asana", "scope": ""}},
		{"shared_container_name", "SCOPE-1", "a scope without a digest", map[string]any{"name": "asana", "scope": "acme"}},
		{"shared_container_name", "SCOPE-1", "a hint holding a digest", map[string]any{"name": "asana", "scope": "a-1a2b3c4d-1a2b3c4d"}},
		{"shared_container_name", "SCOPE-1", "an upper-case digest", map[string]any{"name": "asana", "scope": "acme-1A2B3C4D"}},
		{"shared_container_name", "NAME-9", "", map[string]any{"name": "acme-1a2b3c4d-asana", "scope": "cebc22fa"}},
		{"shared_container_name", "NAME-9", "", map[string]any{"name": "b-c", "scope": "a-1a2b3c4d"}},
		{"shared_container_name", "NAME-9", "", map[string]any{"name": "c", "scope": "a-b-1a2b3c4d"}},
		{"session_network_name", "NET-5", "", map[string]any{"session_id": "shared-net-acme-cebc22fa"}},
		{"session_network_name", "NET-3", "", map[string]any{"session_id": "claude-x"}},
		{"session_network_name", "NET-3", "", map[string]any{"session_id": "claude-x."}},
		{"session_network_name", "NET-3", "an empty session id", map[string]any{"session_id": ""}},
		{"session_network_name", "NET-3", "the shared prefix is reserved", map[string]any{"session_id": "swarmforge-shared-1"}},
		{"shared_network_name", "NET-4", "", map[string]any{"scope": "acme-cebc22fa"}},
		{"shared_network_name", "NET-4", "an unscoped tong has no network of its own", map[string]any{"scope": ""}},
		{"shared_network_name", "NET-4", "docker reads = as a key=value field", map[string]any{"scope": "a=b-1a2b3c4d"}},
		// §6 secrets
		{"partition_secret_env", "SEC-1", "", map[string]any{"env": map[string]any{"A": "1", "N": int64(3), "T": "Bearer ${secret:op:x}", "T_FILE": "/t"}}},
		{"partition_secret_env", "SEC-1", "", map[string]any{"env": nil}},
		{"partition_secret_env", "SEC-1", "a list value is an error, not a secret", map[string]any{"env": map[string]any{"L": l("${secret:a:b}")}}},
		{"partition_secret_env", "SEC-1", "env is a map", map[string]any{"env": "A=1"}},
		{"render_secret_exports", "SEC-2", "", map[string]any{"secrets": map[string]any{"B": "it's", "A": "x\ny $HOME `id` é"}}},
		{"render_secret_exports", "SEC-2", "", map[string]any{"secrets": map[string]any{}}},
		{"render_secret_exports", "SEC-2", "a name ending in a newline", map[string]any{"secrets": map[string]any{"TOKEN\n": "v"}}},
		{"render_secret_exports", "SEC-2", "a name is an identifier", map[string]any{"secrets": map[string]any{"1X": "v"}}},
		{"render_secret_exports", "SEC-2", "the wrapper would drop a NUL silently", map[string]any{"secrets": map[string]any{"A": "a\x00b"}}},
		{"secret_inject_argv", "SEC-3", "", map[string]any{"target_argv": l("node", "server.js")}},
		{"secret_inject_argv", "SEC-3", "the wrapper would run nothing", map[string]any{"target_argv": l()}},
		{"secret_inject_argv", "SEC-3", "exec would read the first word as an option", map[string]any{"target_argv": l("-c", "x")}},
		{"secret_inject_argv", "SEC-3", "exec cannot run an empty program name", map[string]any{"target_argv": l("", "serve")}},
		{"secret_inject_argv", "SEC-3", "no process argument can carry NUL", map[string]any{"target_argv": l("a\x00")}},
		// §7 secret providers
		{"secret_provider_command", "PROV-5", "", prov(providers, "op", "op://Work/github/token")},
		{"secret_provider_command", "PROV-4", "", prov(providers, "shared", "ci-token")},
		{"secret_provider_command", "PROV-4", "", prov(providers, "shared", "other")},
		{"secret_provider_command", "PROV-4", "", prov(providers, "shared", "default")},
		{"secret_provider_command", "PROV-4", "no override and no default", prov(providers, "only", "b")},
		{"secret_provider_command", "PROV-1", "a null table declares no provider", prov(nil, "op", "x")},
		{"secret_provider_command", "PROV-1", "an empty command", prov(map[string]any{"op": l()}, "op", "x")},
		{"secret_provider_command", "PROV-1", "a typo in an entry", prov(map[string]any{"s": map[string]any{"defualt": l("x")}}, "s", "x")},
		{"secret_provider_command", "PROV-1", "another provider's entry is broken", prov(map[string]any{"op": l("op", "read", "{ref}"), "bad": "pass show"}, "op", "x")},
		{"secret_provider_command", "PROV-1", "an entry declaring no command", prov(map[string]any{"s": map[string]any{"overrides": map[string]any{}}}, "s", "x")},
		{"secret_provider_command", "PROV-2", "an unknown provider", prov(providers, "vault", "x")},
		{"secret_provider_command", "PROV-3", "a ref the program would read as an option", prov(providers, "op", "--out-file=/tmp/x")},
		{"secret_provider_command", "PROV-3", "an empty ref", prov(providers, "op", "")},
		{"secret_provider_command", "PROV-5", "", prov(map[string]any{"op": l("sh", "-c", "echo {ref}{ref}")}, "op", "{ref}")},
		// §8 to_create_argv
		{"to_create_argv", "CREATE-3", "", map[string]any{"argv": l("docker", "run", "-it", "--rm", "img", "run")}},
		{"to_create_argv", "CREATE-3", "", map[string]any{"argv": l("docker", "--context", "run", "container", "run", "img")}},
		{"to_create_argv", "CREATE-3", "", map[string]any{"argv": l("docker", "create", "img")}},
		{"to_create_argv", "CREATE-2", "docker create has no -d", map[string]any{"argv": l("docker", "run", "-itd", "img")}},
		{"to_create_argv", "CREATE-2", "docker create has no --sig-proxy", map[string]any{"argv": l("docker", "run", "--sig-proxy=false", "img")}},
		{"to_create_argv", "CREATE-1", "not docker", map[string]any{"argv": l("podman", "run", "img")}},
		{"to_create_argv", "CREATE-1", "not docker run", map[string]any{"argv": l("docker", "exec", "c", "run")}},
		// §9 the launch plan
		{"tong_env_var", "PLAN-1", "", map[string]any{"name": "pg", "suffix": "port"}},
		{"tong_env_var", "PLAN-1", "", map[string]any{"name": "github-creds", "suffix": "HOST"}},
		{"tong_env_var", "PLAN-1", "", map[string]any{"name": "--a..b__c--", "suffix": "PATH"}},
		{"tong_env_var", "PLAN-1", "no ASCII letter or digit: every such tong would share one variable", map[string]any{"name": "@@@", "suffix": "PORT"}},
		{"tong_env_var", "PLAN-1", "an empty suffix", map[string]any{"name": "pg", "suffix": ""}},
		{"tong_env_var", "PLAN-1", "a suffix outside [A-Za-z0-9_]", map[string]any{"name": "pg", "suffix": "ß"}},
		{"mcp_url", "PLAN-2", "", map[string]any{"definition": mcp, "alias": "github"}},
		{"mcp_url", "PLAN-2", "", map[string]any{"definition": with(mcp, "interface.path", "api/v1"), "alias": "github"}},
		{"mcp_url", "PLAN-2", "", map[string]any{"definition": with(mcp, "interface.path", nil), "alias": "github"}},
		{"mcp_url", "PLAN-2", "only an mcp tong has an MCP URL", map[string]any{"definition": port, "alias": "db"}},
		{"mcp_url", "PLAN-2", "an alias with @ would make the URL name another host", map[string]any{"definition": mcp, "alias": "github@evil.example"}},
		{"mcp_url", "PLAN-2", "a path with ? changes the URL", map[string]any{"definition": with(mcp, "interface.path", "/mcp?x=1"), "alias": "github"}},
		{"mcp_url", "PLAN-2", "a path is a string", map[string]any{"definition": with(mcp, "interface.path", int64(3)), "alias": "github"}},
		{"plan_network", "PLAN-5", "", pn(map[string]any{}, nil, nil)},
		{"plan_network", "PLAN-5", "", pn(map[string]any{"gh": mcp, "cache": vol}, "tongs", nil)},
		{"plan_network", "PLAN-5", "", pn(map[string]any{"db": port, "gh": mcp, "cache": vol, "job": none}, "tongs", "claude-x")},
		{"plan_network", "PLAN-5", "", pn(map[string]any{"db": port}, nil, "claude-x")},
		{"plan_network", "PLAN-5", "session tongs need a session id", pn(map[string]any{"db": port}, "tongs", nil)},
		{"plan_network", "PLAN-5", "a session id NAME-4 refuses", pn(map[string]any{"db": port}, nil, "swarmforge-shared-x")},
		{"plan_network", "PLAN-5", "the base network is the session network", pn(map[string]any{"db": port}, "swarmforge-session-s1", "s1")},
		{"plan_network", "PLAN-5", "a base network docker reads as key=value fields", pn(map[string]any{"db": port}, "name=host", "s1")},
		{"plan_network", "PLAN-5", "a container on host joins no other network", pn(map[string]any{"db": port}, "host", "s1")},
		{"plan_network", "PLAN-3", "", pn(map[string]any{"GitHub": with(mcp, "interface.name", "GitHub"), "gitlab": with(mcp, "interface.name", "gitlab")}, nil, "s1")},
		{"plan_network", "PLAN-3", "GitHub and github are one DNS name", pn(map[string]any{"GitHub": with(mcp, "interface.name", "GitHub"), "gh": mcp}, nil, "s1")},
		{"plan_network", "PLAN-3", "an mcp tong's alias is a port tong's name", pn(map[string]any{"github": port, "gh": mcp}, nil, "s1")},
		{"plan_network", "PLAN-3", "an interface.name with @", pn(map[string]any{"gh": with(mcp, "interface.name", "github@evil.example")}, nil, "s1")},
		{"plan_network", "PLAN-3", "an interface.path left empty (null is absent; an integer is not a path)", pn(map[string]any{"gh": with(mcp, "interface.path", int64(1))}, nil, "s1")},
		{"plan_network", "PLAN-4", "a-b and a_b share SWARMFORGE_TONG_A_B_PATH", pn(map[string]any{"a-b": vol, "a_b": with(vol, "interface.mountpoint", "/other")}, nil, "s1")},
		{"plan_injection", "PLAN-6", "", pi(map[string]any{}, "claude")},
		{"plan_injection", "PLAN-6", "", pi(map[string]any{"pg-main": port, "cache": vol, "job": none}, "claude")},
		{"plan_injection", "PLAN-7", "", pi(map[string]any{"gh": mcp, "db": port}, "claude")},
		{"plan_injection", "PLAN-7", "", pi(map[string]any{"gh": mcp, "jira": with(with(mcp, "interface.name", "jira"), "interface.path", "rpc")}, "opencode")},
		{"plan_injection", "PLAN-8", "", pi(map[string]any{"db": port}, "codex")},
		{"plan_injection", "PLAN-8", "an mcp tong the harness would not be told of", pi(map[string]any{"gh": mcp}, "codex")},
		{"plan_injection", "PLAN-8", "harness names are matched exactly", pi(map[string]any{"gh": mcp}, "Claude")},
		{"plan_injection", "PLAN-4", "a-b and a_b share SWARMFORGE_TONG_A_B_PATH", pi(map[string]any{"a-b": vol, "a_b": with(vol, "interface.mountpoint", "/other")}, "claude")},
		{"plan_injection", "PLAN-4", "two volumes at one mountpoint", pi(map[string]any{"a": vol, "b": with(vol, "interface.mountpoint", "/cache/")}, "claude")},
		{"plan_injection", "PLAN-4", "a volume tong name without letters or digits", pi(map[string]any{"@@": vol}, "claude")},
		{"plan_injection", "PLAN-3", "GitHub and github are one DNS name", pi(map[string]any{"GitHub": with(mcp, "interface.name", "GitHub"), "gh": mcp}, "claude")},
		{"plan_injection", "PLAN-3", "an interface.name with @", pi(map[string]any{"gh": with(mcp, "interface.name", "github@evil.example")}, "claude")},
	}
}
