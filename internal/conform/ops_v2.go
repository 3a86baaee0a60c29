package conform

import (
	"strings"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/props/gen"
)

// v2Ops are the entries of spec version 2 (spec/SPEC-v2.md)
// whose contract differs from version 1, and the ops version 2 adds, in
// the order the runner sends them (after version 1's carried ops). The
// ops version 2 carries unchanged are version 1's entries, which list
// both versions.
var v2Ops = []*Op{
	{
		Name: "validate_tong", Specs: []int{2}, Rule: "DEF-1",
		Args: []Arg{{"name", Str, false}, {"definition", Any, true}},
		Call: func(a *args) (any, error) {
			name := a.str("name")
			if a.err != nil {
				return nil, a.err
			}
			return errorList(impl.ValidateTongV2(name, a.any("definition"))), nil
		},
		Compare: Validity,
		Gen: func(t gen.T, _ bool) map[string]any {
			tong := drawTongV2(t, false)
			return map[string]any{"name": tong.Name, "definition": tong.Def}
		},
		Recombine: recombineNamed,
	},
	{
		Name: "tong_mount_specs", Specs: []int{2}, Rule: "MNT-5",
		Args: []Arg{{"definition", Any, true}, {"workspace", OptStr, false}, {"socket_path", Str, false}},
		Call: func(a *args) (any, error) {
			ws, sock := a.optStr("workspace"), a.str("socket_path")
			if a.err != nil {
				return nil, a.err
			}
			specs, err := impl.TongMountSpecsV2(a.any("definition"), ws, sock)
			if err != nil {
				return nil, err
			}
			return strsToAny(specs), nil
		},
		Domain: validDefinition,
		Gen: func(t gen.T, valid bool) map[string]any {
			return map[string]any{"definition": drawTongV2(t, valid).Def, "workspace": optional(t, gen.AbsPath, "workspace"), "socket_path": socket(t)}
		},
		Recombine: func(r *rng, pick func() map[string]any, open *bool) map[string]any {
			a := pick()
			return map[string]any{"definition": crossDef(r, a["definition"], pick()["definition"], open),
				"workspace": pick()["workspace"], "socket_path": pick()["socket_path"]}
		},
	},
	{
		Name: "tong_run_argv", Specs: []int{2}, Rule: "RUN-8",
		Args: []Arg{{"name", Str, false}, {"definition", Any, true}, {"container_name", Str, false}, {"network", OptStr, false},
			{"alias", OptStr, false}, {"env", StrMap, false}, {"label_hash", OptStr, false}, {"workspace", OptStr, false},
			{"socket_path", Str, false}, {"fifo_host_path", OptStr, false}, {"entrypoint", OptStr, false}, {"command", OptStrList, false}},
		Call: func(a *args) (any, error) {
			name := a.str("name")
			o := impl.RunOptionsV2{
				ContainerName: a.str("container_name"),
				Network:       a.optStr("network"),
				Alias:         a.optStr("alias"),
				Env:           a.strMap("env"),
				LabelHash:     a.optStr("label_hash"),
				Workspace:     a.optStr("workspace"),
				SocketPath:    a.str("socket_path"),
				FIFOHostPath:  a.optStr("fifo_host_path"),
			}
			// both null: the definition's own override; else the one given
			if a.any("entrypoint") != nil || a.any("command") != nil {
				o.Override = &impl.Override{Entrypoint: a.optStr("entrypoint"), Args: a.strList("command")}
			}
			if a.err != nil {
				return nil, a.err
			}
			argv, err := impl.TongRunArgvV2(name, a.any("definition"), o)
			if err != nil {
				return nil, err
			}
			return strsToAny(argv), nil
		},
		Domain: validNamed,
		Gen: func(t gen.T, _ bool) map[string]any {
			tong := drawTongV2(t, true)
			o := gen.RunOptionsFor(t, tong)
			env := map[string]any{}
			for k, v := range o.Env {
				env[k] = v
			}
			argm := map[string]any{
				"name": tong.Name, "definition": tong.Def, "container_name": o.ContainerName,
				"network": orNull(o.Network), "alias": orNull(o.Alias), "env": env,
				"label_hash": orNull(o.LabelHash), "workspace": orNull(o.Workspace), "socket_path": o.SocketPath,
				"fifo_host_path": nil, "entrypoint": nil, "command": nil,
			}
			switch gen.Int(t, "delivery", 0, 3) {
			case 0: // the secret path: the FIFO and the wrapper around the tong's process
				argm["fifo_host_path"] = fifoPath(t)
				target, err := impl.ExecTarget(tong.Def, drawWordsOrNil(t, "image_entrypoint"), drawWordsOrNil(t, "image_cmd"))
				if err != nil {
					target = []string{"/usr/local/bin/server"}
				}
				over, err := impl.SecretInjectArgv(target)
				if err == nil {
					argm["entrypoint"], argm["command"] = over.Entrypoint, strsToAny(over.Args)
				}
			case 1: // a launcher's own override, or a FIFO alone
				if gen.Bool(t, "fifo?") {
					argm["fifo_host_path"] = fifoPath(t)
				}
				argm["entrypoint"] = optional(t, func(t gen.T) string { return gen.Pick(t, "entrypoint", "/bin/sh", "/srv", "") }, "entrypoint")
				if gen.Bool(t, "command?") {
					argm["command"] = strsToAny(drawWords(t, "command"))
				}
			}
			return argm
		},
		Recombine: func(r *rng, pick func() map[string]any, open *bool) map[string]any {
			a, b := pick(), pick()
			name, def := crossNamed(r, a["name"], a["definition"], b["name"], b["definition"], open)
			out := make(map[string]any, 12)
			out["name"], out["definition"] = name, def
			for _, k := range []string{"container_name", "network", "alias", "env", "label_hash", "workspace", "socket_path"} {
				src := a
				if r.one(2) {
					src = pick()
				}
				out[k] = src[k]
			}
			// the FIFO and the override travel together: the secret path's
			src := a
			if r.one(2) {
				src = pick()
			}
			out["fifo_host_path"], out["entrypoint"], out["command"] = src["fifo_host_path"], src["entrypoint"], src["command"]
			return out
		},
	},
	{
		Name: "shared_container_name", Specs: []int{2}, Rule: "NAME-7",
		Args: []Arg{{"name", Str, false}, {"scope", OptStr, false}},
		Call: func(a *args) (any, error) {
			name, scope := a.str("name"), a.optStr("scope")
			if a.err != nil {
				return nil, a.err
			}
			return impl.SharedContainerNameV2(name, scope)
		},
		Gen: func(t gen.T, _ bool) map[string]any {
			return map[string]any{"name": gen.TongName(t), "scope": optional(t, scopeGen, "scope")}
		},
		DrawEvery: 8,
		Recombine: func(r *rng, pick func() map[string]any, _ *bool) map[string]any {
			a := pick()
			name, scope := a["name"], a["scope"]
			if r.one(2) {
				name = spliceAny(r, name, pick()["name"])
			}
			if r.one(2) {
				scope = pick()["scope"]
			}
			return map[string]any{"name": name, "scope": scope}
		},
	},
	{
		Name: "to_create_argv", Specs: []int{2}, Rule: "CREATE-3",
		Args: []Arg{{"argv", StrList, false}},
		Call: func(a *args) (any, error) {
			argv := a.strList("argv")
			if a.err != nil {
				return nil, a.err
			}
			if argv == nil {
				argv = []string{}
			}
			out, err := impl.ToCreateArgv(argv)
			if err != nil {
				return nil, err
			}
			return strsToAny(out), nil
		},
		Gen: func(t gen.T, _ bool) map[string]any {
			return map[string]any{"argv": strsToAny(anyArgv(t))}
		},
		Recombine: func(r *rng, pick func() map[string]any, _ *bool) map[string]any {
			argv := pick()["argv"]
			if !r.one(3) {
				argv = spliceAny(r, argv, pick()["argv"])
			}
			return map[string]any{"argv": argv}
		},
	},
	{
		Name: "org_scope_token", Specs: []int{2}, Rule: "SCOPE-3",
		Args: []Arg{{"org_tongs_dir", OptStr, false}},
		Call: func(a *args) (any, error) {
			dir := a.optStr("org_tongs_dir")
			if a.err != nil {
				return nil, a.err
			}
			tok, err := impl.OrgScopeToken(dir)
			if err != nil || tok == "" {
				return nil, err
			}
			return tok, nil
		},
		Gen: func(t gen.T, _ bool) map[string]any {
			return map[string]any{"org_tongs_dir": optional(t, orgDirGen, "org_tongs_dir")}
		},
		DrawEvery: 8,
		Recombine: func(r *rng, pick func() map[string]any, _ *bool) map[string]any {
			return map[string]any{"org_tongs_dir": spliceAny(r, pick()["org_tongs_dir"], pick()["org_tongs_dir"])}
		},
	},
	{
		Name: "shared_network_name", Specs: []int{2}, Rule: "NET-4",
		Args: []Arg{{"scope", Str, false}},
		Call: func(a *args) (any, error) {
			scope := a.str("scope")
			if a.err != nil {
				return nil, a.err
			}
			return impl.SharedNetworkName(scope)
		},
		Gen: func(t gen.T, _ bool) map[string]any {
			return map[string]any{"scope": scopeGen(t)}
		},
		DrawEvery: 8,
		Recombine: func(r *rng, pick func() map[string]any, _ *bool) map[string]any {
			return map[string]any{"scope": spliceAny(r, pick()["scope"], pick()["scope"])}
		},
	},
	{
		Name: "session_network_name", Specs: []int{2}, Rule: "NET-3",
		Args: []Arg{{"session_id", Str, false}},
		Call: func(a *args) (any, error) {
			sid := a.str("session_id")
			if a.err != nil {
				return nil, a.err
			}
			return impl.SessionNetworkName(sid)
		},
		Gen: func(t gen.T, _ bool) map[string]any {
			return map[string]any{"session_id": gen.SessionID(t)}
		},
		DrawEvery: 8,
		Recombine: func(r *rng, pick func() map[string]any, _ *bool) map[string]any {
			return map[string]any{"session_id": spliceAny(r, pick()["session_id"], pick()["session_id"])}
		},
	},
	{
		Name: "run_override", Specs: []int{2}, Rule: "EXEC-4",
		Args: []Arg{{"definition", Any, true}},
		Call: func(a *args) (any, error) {
			o, err := impl.RunOverride(a.any("definition"))
			if err != nil {
				return nil, err
			}
			return overrideResult(o, "args"), nil
		},
		Gen: func(t gen.T, _ bool) map[string]any {
			return map[string]any{"definition": drawExecDef(t)}
		},
		Recombine: recombineDefinition,
	},
	{
		Name: "exec_target", Specs: []int{2}, Rule: "EXEC-2",
		Args: []Arg{{"definition", Any, true}, {"image_entrypoint", OptStrList, false}, {"image_cmd", OptStrList, false}},
		Call: func(a *args) (any, error) {
			ep, cmd := a.strList("image_entrypoint"), a.strList("image_cmd")
			if a.err != nil {
				return nil, a.err
			}
			target, err := impl.ExecTarget(a.any("definition"), ep, cmd)
			if err != nil {
				return nil, err
			}
			return strsToAny(target), nil
		},
		Gen: func(t gen.T, _ bool) map[string]any {
			return map[string]any{"definition": drawExecDef(t),
				"image_entrypoint": anyOrNil(drawWordsOrNil(t, "image_entrypoint")), "image_cmd": anyOrNil(drawWordsOrNil(t, "image_cmd"))}
		},
		Recombine: func(r *rng, pick func() map[string]any, open *bool) map[string]any {
			return map[string]any{"definition": crossDef(r, pick()["definition"], pick()["definition"], open),
				"image_entrypoint": pick()["image_entrypoint"], "image_cmd": pick()["image_cmd"]}
		},
	},
	{
		Name: "secret_inject_argv", Specs: []int{2}, Rule: "SEC-3",
		Args: []Arg{{"target_argv", StrList, false}},
		Call: func(a *args) (any, error) {
			target := a.strList("target_argv")
			if a.err != nil {
				return nil, a.err
			}
			o, err := impl.SecretInjectArgv(target)
			if err != nil {
				return nil, err
			}
			return overrideResult(o, "command"), nil
		},
		Gen: func(t gen.T, _ bool) map[string]any {
			return map[string]any{"target_argv": strsToAny(drawTarget(t))}
		},
		DrawEvery: 4,
		Recombine: func(r *rng, pick func() map[string]any, _ *bool) map[string]any {
			return map[string]any{"target_argv": spliceAny(r, pick()["target_argv"], pick()["target_argv"])}
		},
	},
	{
		Name: "render_secret_exports", Specs: []int{2}, Rule: "SEC-2",
		Args: []Arg{{"secrets", StrMap, false}},
		Call: func(a *args) (any, error) {
			s := a.strMap("secrets")
			if a.err != nil {
				return nil, a.err
			}
			return impl.RenderSecretExports(s)
		},
		Gen: func(t gen.T, _ bool) map[string]any {
			n := gen.Int(t, "secrets_len", 0, 4)
			m := make(map[string]any, n)
			for i := 0; i < n; i++ {
				m[secretName(t)] = secretText(t)
			}
			return map[string]any{"secrets": m}
		},
		Recombine: func(r *rng, pick func() map[string]any, open *bool) map[string]any {
			out := map[string]any{}
			for _, src := range []any{pick()["secrets"], pick()["secrets"]} {
				m, _ := src.(map[string]any)
				for k, v := range m {
					if r.one(2) {
						out[k] = v
					}
				}
			}
			return map[string]any{"secrets": out}
		},
	},
	{
		Name: "partition_secret_env", Specs: []int{2}, Rule: "SEC-1",
		Args: []Arg{{"env", Any, true}},
		Call: func(a *args) (any, error) {
			plain, secret, err := impl.PartitionSecretEnv(a.any("env"))
			if err != nil {
				return nil, err
			}
			return map[string]any{"plain": plain, "secret": secret}, nil
		},
		Gen: func(t gen.T, _ bool) map[string]any {
			def := drawTongV2(t, false).Def
			env, ok := def["env"]
			if !ok {
				env = nil
			}
			return map[string]any{"env": env}
		},
		Recombine: func(r *rng, pick func() map[string]any, _ *bool) map[string]any {
			a, b := pick()["env"], pick()["env"]
			am, aok := a.(map[string]any)
			bm, bok := b.(map[string]any)
			if !aok || !bok {
				return map[string]any{"env": graft(r, a, b, 0)}
			}
			out := make(map[string]any, len(am)+len(bm))
			for _, m := range []map[string]any{am, bm} {
				for k, v := range m {
					if r.one(2) {
						out[k] = v
					}
				}
			}
			return map[string]any{"env": out}
		},
	},
	{
		Name: "secret_provider_command", Specs: []int{2}, Rule: "PROV-5",
		Args: []Arg{{"providers", Any, true}, {"provider", Str, false}, {"ref", Str, false}},
		Call: func(a *args) (any, error) {
			provider, ref := a.str("provider"), a.str("ref")
			if a.err != nil {
				return nil, a.err
			}
			cmd, err := impl.SecretProviderCommand(a.any("providers"), provider, ref)
			if err != nil {
				return nil, err
			}
			return strsToAny(cmd), nil
		},
		Gen: genProviderCommand,
		Recombine: func(r *rng, pick func() map[string]any, _ *bool) map[string]any {
			a := pick()
			providers := a["providers"]
			if r.one(3) {
				providers = graft(r, providers, pick()["providers"], 0)
			}
			ref := a["ref"]
			if r.one(3) {
				ref = spliceAny(r, ref, pick()["ref"])
			}
			return map[string]any{"providers": providers, "provider": pick()["provider"], "ref": ref}
		},
	},
	{
		Name: "tong_env_var", Specs: []int{2}, Rule: "PLAN-1",
		Args: []Arg{{"name", Str, false}, {"suffix", Str, false}},
		Call: func(a *args) (any, error) {
			name, suffix := a.str("name"), a.str("suffix")
			if a.err != nil {
				return nil, a.err
			}
			return impl.TongEnvVar(name, suffix)
		},
		Gen: func(t gen.T, _ bool) map[string]any {
			return map[string]any{"name": gen.TongName(t), "suffix": gen.Pick(t, "suffix", "HOST", "PORT", "PATH", "port", "Url_2", "", "P-1", "ß")}
		},
		DrawEvery: 8,
		Recombine: func(r *rng, pick func() map[string]any, _ *bool) map[string]any {
			return map[string]any{"name": spliceAny(r, pick()["name"], pick()["name"]), "suffix": pick()["suffix"]}
		},
	},
	{
		Name: "mcp_url", Specs: []int{2}, Rule: "PLAN-2",
		Args: []Arg{{"definition", Any, true}, {"alias", Str, false}},
		Call: func(a *args) (any, error) {
			alias := a.str("alias")
			if a.err != nil {
				return nil, a.err
			}
			return impl.MCPURL(a.any("definition"), alias)
		},
		Gen: func(t gen.T, valid bool) map[string]any {
			tong := drawTongV2(t, valid)
			alias, err := impl.CanonicalAlias(tong.Name, tong.Def)
			if err != nil || gen.Int(t, "alias?", 0, 5) == 0 {
				alias = gen.Pick(t, "alias", "github", "gh@evil.example", "GitHub", "-x", "")
			}
			return map[string]any{"definition": tong.Def, "alias": alias}
		},
		Recombine: func(r *rng, pick func() map[string]any, open *bool) map[string]any {
			return map[string]any{"definition": crossDef(r, pick()["definition"], pick()["definition"], open), "alias": pick()["alias"]}
		},
	},
	{
		Name: "plan_network", Specs: []int{2}, Rule: "PLAN-5",
		Args: []Arg{{"tongs", Defs, true}, {"base_network", OptStr, false}, {"session_id", OptStr, false}},
		Call: func(a *args) (any, error) {
			tongs, base, sid := a.mapArg("tongs"), a.optStr("base_network"), a.optStr("session_id")
			if a.err != nil {
				return nil, a.err
			}
			p, err := impl.PlanNetwork(tongs, base, sid)
			if err != nil {
				return nil, err
			}
			return NetworkPlanJSON(p), nil
		},
		Gen: func(t gen.T, valid bool) map[string]any {
			return map[string]any{"tongs": drawTongSet(t, valid),
				"base_network": optional(t, func(t gen.T) string {
					return gen.Pick(t, "base_network", "tongs", "bridge", "host", "name=host", "swarmforge-session-s1", "-x")
				}, "base_network"),
				"session_id": optional(t, gen.SessionID, "session_id")}
		},
		Recombine: func(r *rng, pick func() map[string]any, open *bool) map[string]any {
			out := recombineTongs(r, pick, open)
			out["base_network"], out["session_id"] = pick()["base_network"], pick()["session_id"]
			return out
		},
	},
	{
		Name: "plan_injection", Specs: []int{2}, Rule: "PLAN-6",
		Args: []Arg{{"tongs", Defs, true}, {"harness", Str, false}},
		Call: func(a *args) (any, error) {
			tongs, harness := a.mapArg("tongs"), a.str("harness")
			if a.err != nil {
				return nil, a.err
			}
			p, err := impl.PlanInjection(tongs, harness)
			if err != nil {
				return nil, err
			}
			return InjectionPlanJSON(p), nil
		},
		Gen: func(t gen.T, valid bool) map[string]any {
			return map[string]any{"tongs": drawTongSet(t, valid), "harness": gen.Pick(t, "harness", "claude", "opencode", "claude", "opencode", "codex", "Claude")}
		},
		Recombine: func(r *rng, pick func() map[string]any, open *bool) map[string]any {
			out := recombineTongs(r, pick, open)
			out["harness"] = pick()["harness"]
			return out
		},
	},
}

// NetworkPlanJSON is a NetworkPlan as the protocol writes it
// (spec/PROTOCOL.md, spec version 2): "" as null, each alias pair as
// [name, alias].
func NetworkPlanJSON(p impl.NetworkPlan) map[string]any {
	pairs := func(ps []impl.TongAlias) []any {
		out := make([]any, 0, len(ps))
		for _, ta := range ps {
			out = append(out, []any{ta.Name, ta.Alias})
		}
		return out
	}
	return map[string]any{"network": orNull(p.Network), "create": orNull(p.Create), "extra_networks": strsToAny(p.ExtraNetworks),
		"session_aliases": pairs(p.SessionAliases), "shared_connect": pairs(p.SharedConnect)}
}

// InjectionPlanJSON is an InjectionPlan as the protocol writes it.
func InjectionPlanJSON(p impl.InjectionPlan) map[string]any {
	env := make(map[string]any, len(p.Env))
	for k, v := range p.Env {
		env[k] = v
	}
	mounts := make([]any, 0, len(p.Mounts))
	for _, m := range p.Mounts {
		mounts = append(mounts, map[string]any{"volume": m.Volume, "mountpoint": m.Mountpoint})
	}
	return map[string]any{"env": env, "mounts": mounts, "mcp": p.MCP}
}

// drawTongSet draws up to six tongs of drawTongV2, now and then under a
// name that collides with an earlier one: the same name in another case,
// or with "-" and "_" swapped (one alias, one anvil variable).
func drawTongSet(t gen.T, valid bool) map[string]any {
	n := gen.Int(t, "tongs", 0, 6)
	tongs := make(map[string]any, n)
	var names []string
	for i := 0; i < n; i++ {
		tong := drawTongV2(t, valid)
		if len(names) > 0 && gen.Int(t, "collide?", 0, 3) == 0 {
			other := names[gen.Int(t, "other", 0, len(names)-1)]
			switch gen.Int(t, "how", 0, 2) {
			case 0:
				tong.Name = strings.ToUpper(other)
			case 1:
				tong.Name = strings.NewReplacer("-", "_", "_", "-").Replace(other)
			default:
				tong.Name = other + "."
			}
			if valid && !validDef(2, tong.Name, tong.Def) {
				continue
			}
		}
		tongs[tong.Name] = tong.Def
		names = append(names, tong.Name)
	}
	return tongs
}

// overrideResult is an Override as the protocol writes it: the entrypoint
// (null for none) and the words after the image under argsKey.
func overrideResult(o impl.Override, argsKey string) map[string]any {
	var ep any
	if o.Entrypoint != "" {
		ep = o.Entrypoint
	}
	args := o.Args
	if args == nil {
		args = []string{}
	}
	return map[string]any{"entrypoint": ep, argsKey: strsToAny(args)}
}

// Generators of version 2.

// drawTongV2 draws a tong of version 1's generators and adds, now and
// then, what version 2 reads: entrypoint and command, interface.path, a
// secret named with a trailing newline, mount modes. With valid set, the
// result passes ValidateTongV2.
func drawTongV2(t gen.T, valid bool) gen.Tong {
	tong := drawTong(t, valid)
	def := make(map[string]any, len(tong.Def)+2)
	for k, v := range tong.Def {
		def[k] = v
	}
	tong.Def = def
	near := !valid && gen.Int(t, "v2 near?", 0, 2) == 0
	if gen.Int(t, "entrypoint?", 0, 2) == 0 {
		def["entrypoint"] = argvField(t, "entrypoint", near)
	}
	if gen.Int(t, "command?", 0, 2) == 0 {
		def["command"] = argvField(t, "command", near)
	}
	if iface, ok := def["interface"].(map[string]any); ok && iface["kind"] == impl.KindMCP && gen.Int(t, "path?", 0, 2) == 0 {
		i2 := make(map[string]any, len(iface)+1)
		for k, v := range iface {
			i2[k] = v
		}
		paths := []any{"/mcp", "v1/mcp", "/api/mcp/", "/a-b_c.d~e"}
		if near {
			paths = []any{nil, int64(5), "/a b", "/x?y", "/x#y", "", "/\x00"}
		}
		i2["path"] = gen.Pick(t, "path", paths...)
		def["interface"] = i2
	}
	if near && gen.Int(t, "secret newline?", 0, 3) == 0 {
		def["env"] = map[string]any{"TOKEN\n": "${secret:op:x}"}
	}
	if near && gen.Int(t, "empty mode?", 0, 3) == 0 {
		def["mounts"] = []any{gen.Pick(t, "mount", "workspace:", "docker-socket:", "workspace:RO", "workspace:/t")}
	}
	if valid && !validDef(2, tong.Name, def) {
		// what version 1 accepts and version 2 refuses (an empty mount mode)
		delete(def, "mounts")
		if !validDef(2, tong.Name, def) {
			tong.Def = map[string]any{"lifecycle": "session", "image": "busybox", "interface": map[string]any{"kind": "none"}, "readiness": map[string]any{"mode": "none"}}
		}
	}
	return tong
}

// argvField draws a definition's entrypoint or command: a list of words,
// or, when near, a value EXEC-1 refuses.
func argvField(t gen.T, label string, near bool) any {
	if near && gen.Bool(t, label+" bad?") {
		return gen.Pick(t, label, []any{[]any{}, []any{""}, "serve --port 80", []any{int64(8080)}, []any{"a\x00b"}, nil, map[string]any{}}...)
	}
	return strsToAny(drawWords(t, label))
}

// drawWords draws one to four words of a process's argv.
func drawWords(t gen.T, label string) []string {
	n := gen.Int(t, label+"_len", 1, 4)
	out := make([]string, n)
	for i := range out {
		if gen.Int(t, label+"_odd?", 0, 3) == 0 {
			out[i] = gen.Pick(t, label, []string{"-v", "--port=80", "it's", "a b", "$HOME", "é", "`x`", "\n"}...)
		} else {
			out[i] = gen.Pick(t, label, []string{"/usr/local/bin/server", "/srv", "serve", "node", "server.js", "--port", "8080", "sh", "-c"}...)
		}
	}
	return out
}

// drawWordsOrNil draws an image's ENTRYPOINT or CMD: none, empty, or words.
func drawWordsOrNil(t gen.T, label string) []string {
	switch gen.Int(t, label+"?", 0, 3) {
	case 0:
		return nil
	case 1:
		return []string{}
	}
	return drawWords(t, label)
}

func anyOrNil(s []string) any {
	if s == nil {
		return nil
	}
	return strsToAny(s)
}

// drawExecDef draws a definition for run_override and exec_target: a
// whole tong, or a map of just entrypoint and command, or a near miss.
func drawExecDef(t gen.T) any {
	if gen.Bool(t, "whole tong?") {
		return drawTongV2(t, false).Def
	}
	def := map[string]any{}
	near := gen.Int(t, "exec near?", 0, 3) == 0
	if gen.Bool(t, "entrypoint?") {
		def["entrypoint"] = argvField(t, "entrypoint", near)
	}
	if gen.Bool(t, "command?") {
		def["command"] = argvField(t, "command", near)
	}
	return def
}

// drawTarget draws the process a secret wrapper execs: mostly words, now
// and then empty, beginning with "-", or holding NUL.
func drawTarget(t gen.T) []string {
	if gen.Int(t, "target odd?", 0, 4) == 0 {
		return gen.Pick(t, "target", [][]string{{}, {"-c", "x"}, {"a\x00"}, {""}}...)
	}
	return drawWords(t, "target")
}

// fifoPath draws the host path of a secret FIFO.
func fifoPath(t gen.T) string {
	if gen.Int(t, "fifo odd?", 0, 5) == 0 {
		return gen.Pick(t, "fifo_host_path", "rel/fifo", "/a:b", "/x\ny", "/tmp/é fifo")
	}
	return gen.Pick(t, "fifo_host_path", "/tmp/swarmforge-secrets/tong.fifo", "/run/user/1000/sf/gh", "/tmp/f")
}

// scopeGen generates scopes: mostly org_scope_token's form HINT-xxxxxxxx
// or xxxxxxxx (SCOPE-1), sometimes ones SCOPE-1 refuses.
func scopeGen(t gen.T) string {
	switch gen.Int(t, "scope kind", 0, 3) {
	case 0:
		return gen.Matching(t, "scope", `[0-9a-f]{8}`)
	case 1:
		return gen.Matching(t, "scope", `[a-zA-Z0-9][a-zA-Z0-9_.]{0,8}-[0-9a-f]{8}`)
	case 2:
		return gen.Pick(t, "scope", "acme-1a2b3c4d", "cebc22fa", "my.org-00000000", "a-b-1a2b3c4d")
	}
	return gen.Pick(t, "scope", "", "a", "a=b", "a,b", "ACME-1A2B3C4D", "acme-1a2b3c4", "deadbeef-1a2b3c4d", "-1a2b3c4d", "a b-1a2b3c4d", "é-1a2b3c4d", "None")
}

// orgDirGen generates org tongs directories: mostly absolute paths ending
// in .swarmforge/tongs below an org root, sometimes relative, with "." or
// "..", an 8-hex-digit org name, or no room for a hint.
func orgDirGen(t gen.T) string {
	if gen.Int(t, "org dir odd?", 0, 3) == 0 {
		return gen.Pick(t, "org_tongs_dir", []string{"", "/", "/.swarmforge/tongs", "acme/.swarmforge/tongs", "./x", "//h/acme/.swarmforge/tongs",
			"/home/me/orgs/deadbeef/.swarmforge/tongs", "/o/a/../acme/./.swarmforge/tongs/", "/o/@@@/.s/t", "/o/\x00/t", "/o/é/.s/t", "/o/a-1a2b3c4d/.s/t"}...)
	}
	org := gen.Matching(t, "org", `[a-zA-Z0-9][a-zA-Z0-9 _.-]{0,12}`)
	return "/" + gen.Pick(t, "root", "home/me/orgs", "srv", "Users/me/src") + "/" + org + "/.swarmforge/tongs"
}

// secretName draws a secret's env name: mostly identifiers, sometimes
// names SEC-2 refuses (a trailing newline, a leading digit, "=").
func secretName(t gen.T) string {
	if gen.Int(t, "secret name odd?", 0, 4) == 0 {
		return gen.Pick(t, "secret name", "TOKEN\n", "1X", "", "A=B", "a b", "é", "A-B")
	}
	return gen.Matching(t, "secret name", `[A-Za-z_][A-Za-z0-9_]{0,10}`)
}

// secretText draws a resolved secret value: quotes, newlines, $, backticks,
// non-ASCII, now and then a NUL or invalid UTF-8.
func secretText(t gen.T) string {
	if gen.Int(t, "secret text odd?", 0, 2) == 0 {
		return gen.Pick(t, "secret", "it's", "a\nb", "$(id)", "`id`", "'\\''", "é", "\x00", "a\xffb", "", "\\")
	}
	return gen.Text(t)
}

// genProviderCommand draws a provider table, a provider and a ref.
func genProviderCommand(t gen.T, _ bool) map[string]any {
	template := func(label string) any {
		if gen.Int(t, label+" bad?", 0, 5) == 0 {
			return gen.Pick(t, label, []any{[]any{}, []any{""}, "op read {ref}", []any{int64(1)}, []any{"a\x00"}, nil}...)
		}
		return gen.Pick(t, label, []any{
			[]any{"op", "read", "{ref}"}, []any{"pass", "show", "{ref}"}, []any{"vault", "kv", "get", "-field=x", "{ref}"},
			[]any{"sh", "-c", "echo {ref}{ref}"}, []any{"doppler", "secrets", "get", "CI_TOKEN", "--plain"},
		}...)
	}
	providers := map[string]any{}
	names := []string{"op", "pass", "shared", "vault"}
	for _, name := range names {
		switch gen.Int(t, name+" entry", 0, 3) {
		case 1:
			providers[name] = template(name)
		case 2:
			entry := map[string]any{}
			if gen.Bool(t, name+" default?") {
				entry["default"] = template(name + " default")
			}
			if gen.Bool(t, name+" overrides?") {
				entry["overrides"] = map[string]any{"ci-token": template(name + " override"), "default": template(name + " override2")}
			}
			if gen.Int(t, name+" typo?", 0, 5) == 0 {
				entry["defualt"] = template(name + " typo")
			}
			providers[name] = entry
		case 3:
			if gen.Int(t, name+" odd?", 0, 3) == 0 {
				providers[name] = gen.Pick(t, name, []any{nil, int64(1), map[string]any{}, map[string]any{"overrides": []any{}}}...)
			}
		}
	}
	var table any = providers
	if gen.Int(t, "table odd?", 0, 9) == 0 {
		table = gen.Pick(t, "providers", []any{nil, []any{}, "op"}...)
	}
	ref := gen.Pick(t, "ref", "op://vault/item/token", "ci-token", "default", "x", "", "-x", "--out-file=/tmp/x", "a\x00", "é", "{ref}", "a\xffb")
	provider := gen.Pick(t, "provider", append(names, "", "OP", "missing")...)
	return map[string]any{"providers": table, "provider": provider, "ref": ref}
}
