package conform

import (
	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/props/gen"
)

// v1Ops are the ops of spec version 1 (spec/SPEC.md §4 to §14), in the
// order the runner sends them.
var v1Ops = []*Op{
	{
		Name: "parse_duration", Specs: []int{1, 2}, Rule: "DUR-3",
		Args: []Arg{{"value", Any, true}, {"default", Any, true}},
		Call: func(a *args) (any, error) {
			value, def := a.any("value"), a.any("default")
			if value == nil {
				if def == nil {
					return nil, nil
				}
				d, ok := asFloat(def)
				if !ok {
					return nil, &impl.Error{Field: "default", Rule: "DUR-1", Input: string(Marshal(def)), Msg: "the default duration must be null or a number of seconds greater than zero"}
				}
				return impl.ParseDuration(nil, d)
			}
			return impl.ParseDuration(value, 30)
		},
		Gen: func(t gen.T, _ bool) map[string]any {
			var def any
			if gen.Int(t, "default?", 0, 3) == 0 {
				def = gen.Float64Range(t, "default", 0.001, 1e6)
			}
			return map[string]any{"value": gen.DurationValue(t), "default": def}
		},
		DrawEvery: 4,
		Variety:   25,
		Recombine: func(r *rng, pick func() map[string]any, _ *bool) map[string]any {
			a, b := pick(), pick()
			v := a["value"]
			if !r.one(3) {
				v = spliceAny(r, v, b["value"])
			}
			if r.one(3) {
				v = nudge(r, v)
			}
			return map[string]any{"value": v, "default": pick()["default"]}
		},
	},
	{
		Name: "readiness_settings", Specs: []int{1, 2}, Rule: "RDY-8",
		Args: []Arg{{"definition", Any, true}},
		Call: func(a *args) (any, error) {
			r, err := impl.ReadinessSettings(a.any("definition"))
			if err != nil {
				return nil, err
			}
			var cmd any
			if r.Command != nil {
				cmd = strsToAny(r.Command)
			}
			return map[string]any{"mode": r.Mode, "command": cmd, "timeout_s": r.TimeoutS}, nil
		},
		Domain: validDefinition,
		Gen: func(t gen.T, valid bool) map[string]any {
			return map[string]any{"definition": drawTong(t, valid).Def}
		},
		Recombine: recombineDefinition,
	},
	{
		Name: "validate_tong", Specs: []int{1}, Rule: "DEF-1",
		Args: []Arg{{"name", Str, false}, {"definition", Any, true}},
		Call: func(a *args) (any, error) {
			name := a.str("name")
			if a.err != nil {
				return nil, a.err
			}
			return errorList(impl.ValidateTong(name, a.any("definition"))), nil
		},
		Compare: Validity,
		Gen: func(t gen.T, _ bool) map[string]any {
			tong := drawTong(t, false)
			return map[string]any{"name": tong.Name, "definition": tong.Def}
		},
		Recombine: recombineNamed,
	},
	{
		Name: "canonical_alias", Specs: []int{1, 2}, Rule: "ALIAS-1",
		Args: []Arg{{"name", Str, false}, {"definition", Any, true}},
		Call: func(a *args) (any, error) {
			name := a.str("name")
			if a.err != nil {
				return nil, a.err
			}
			return impl.CanonicalAlias(name, a.any("definition"))
		},
		Domain: validNamed,
		Gen: func(t gen.T, valid bool) map[string]any {
			tong := drawTong(t, valid)
			return map[string]any{"name": tong.Name, "definition": tong.Def}
		},
		Recombine: recombineNamed,
	},
	{
		Name: "alias_collisions", Specs: []int{1, 2}, Rule: "ALIAS-3",
		Args: []Arg{{"tongs", Defs, true}},
		Call: func(a *args) (any, error) {
			tongs := a.mapArg("tongs")
			if a.err != nil {
				return nil, a.err
			}
			groups, err := impl.AliasCollisions(tongs)
			if err != nil {
				return nil, err
			}
			out := make(map[string]any, len(groups))
			for k, names := range groups {
				out[k] = strsToAny(names)
			}
			return out, nil
		},
		Domain: validTongs,
		Gen: func(t gen.T, _ bool) map[string]any {
			n := gen.Int(t, "n", 0, 6)
			tongs := map[string]any{}
			var names []string
			for i := 0; i < n; i++ {
				tong := gen.ValidTong(t)
				// reuse a name under another case now and then, to collide
				if len(names) > 0 && gen.Int(t, "collide?", 0, 3) == 0 {
					tong.Name = names[gen.Int(t, "other", 0, len(names)-1)]
				}
				tongs[tong.Name] = tong.Def
				names = append(names, tong.Name)
			}
			return map[string]any{"tongs": tongs}
		},
		Variety:   50,
		Recombine: recombineTongs,
	},
	{
		Name: "tong_mount_specs", Specs: []int{1}, Rule: "MNT-5",
		Args: []Arg{{"definition", Any, true}, {"workspace", OptStr, false}, {"socket_path", Str, false}},
		Call: func(a *args) (any, error) {
			ws, sock := a.optStr("workspace"), a.str("socket_path")
			if a.err != nil {
				return nil, a.err
			}
			specs, err := impl.TongMountSpecs(a.any("definition"), ws, sock)
			if err != nil {
				return nil, err
			}
			return strsToAny(specs), nil
		},
		Domain: validDefinition,
		Gen: func(t gen.T, valid bool) map[string]any {
			return map[string]any{"definition": drawTong(t, valid).Def, "workspace": optional(t, gen.AbsPath, "workspace"), "socket_path": socket(t)}
		},
		Recombine: func(r *rng, pick func() map[string]any, open *bool) map[string]any {
			a := pick()
			return map[string]any{"definition": crossDef(r, a["definition"], pick()["definition"], open),
				"workspace": pick()["workspace"], "socket_path": pick()["socket_path"]}
		},
	},
	{
		Name: "tong_resource_flags", Specs: []int{1, 2}, Rule: "RES-4",
		Args: []Arg{{"definition", Any, true}},
		Call: func(a *args) (any, error) {
			flags, err := impl.TongResourceFlags(a.any("definition"))
			if err != nil {
				return nil, err
			}
			return strsToAny(flags), nil
		},
		Domain: validDefinition,
		Gen: func(t gen.T, valid bool) map[string]any {
			return map[string]any{"definition": drawTong(t, valid).Def}
		},
		Recombine: recombineDefinition,
	},
	{
		Name: "tong_run_argv", Specs: []int{1}, Rule: "RUN-8",
		Args: []Arg{{"name", Str, false}, {"definition", Any, true}, {"container_name", Str, false}, {"network", OptStr, false},
			{"alias", OptStr, false}, {"env", StrMap, false}, {"tmpfs_dirs", StrList, false}, {"label_hash", OptStr, false},
			{"workspace", OptStr, false}, {"socket_path", Str, false}},
		Call: func(a *args) (any, error) {
			name := a.str("name")
			o := impl.RunOptions{
				ContainerName: a.str("container_name"),
				Network:       a.optStr("network"),
				Alias:         a.optStr("alias"),
				Env:           a.strMap("env"),
				TmpfsDirs:     a.strList("tmpfs_dirs"),
				LabelHash:     a.optStr("label_hash"),
				Workspace:     a.optStr("workspace"),
				SocketPath:    a.str("socket_path"),
			}
			if a.err != nil {
				return nil, a.err
			}
			argv, err := impl.TongRunArgv(name, a.any("definition"), o)
			if err != nil {
				return nil, err
			}
			return strsToAny(argv), nil
		},
		Domain: validNamed,
		Gen: func(t gen.T, _ bool) map[string]any {
			tong := gen.ValidTong(t)
			o := gen.RunOptionsFor(t, tong)
			env := map[string]any{}
			for k, v := range o.Env {
				env[k] = v
			}
			return map[string]any{
				"name": tong.Name, "definition": tong.Def, "container_name": o.ContainerName,
				"network": orNull(o.Network), "alias": orNull(o.Alias), "env": env,
				"tmpfs_dirs": strsToAny(o.TmpfsDirs), "label_hash": orNull(o.LabelHash),
				"workspace": orNull(o.Workspace), "socket_path": o.SocketPath,
			}
		},
		Recombine: func(r *rng, pick func() map[string]any, open *bool) map[string]any {
			a, b := pick(), pick()
			name, def := crossNamed(r, a["name"], a["definition"], b["name"], b["definition"], open)
			out := make(map[string]any, 10)
			out["name"], out["definition"] = name, def
			// each option from a's own (drawn to fit a's tong) or another member's
			for _, k := range []string{"container_name", "network", "alias", "env", "tmpfs_dirs", "label_hash", "workspace", "socket_path"} {
				src := a
				if r.one(2) {
					src = pick()
				}
				out[k] = src[k]
			}
			return out
		},
	},
	{
		Name: "shared_container_name", Specs: []int{1}, Rule: "NAME-2",
		Args: []Arg{{"name", Str, false}},
		Call: func(a *args) (any, error) {
			name := a.str("name")
			if a.err != nil {
				return nil, a.err
			}
			return impl.SharedContainerName(name), nil
		},
		Gen: func(t gen.T, _ bool) map[string]any {
			return map[string]any{"name": gen.TongName(t)}
		},
		DrawEvery: 8,
		Variety:   25,
		Recombine: func(r *rng, pick func() map[string]any, _ *bool) map[string]any {
			a := pick()
			return map[string]any{"name": spliceAny(r, a["name"], pick()["name"])}
		},
	},
	{
		Name: "session_container_name", Specs: []int{1, 2}, Rule: "NAME-4",
		Args: []Arg{{"session_id", Str, false}, {"name", Str, false}},
		Call: func(a *args) (any, error) {
			sid, name := a.str("session_id"), a.str("name")
			if a.err != nil {
				return nil, a.err
			}
			return impl.SessionContainerName(sid, name)
		},
		Gen: func(t gen.T, _ bool) map[string]any {
			return map[string]any{"session_id": gen.SessionID(t), "name": gen.TongName(t)}
		},
		DrawEvery: 8,
		Variety:   50,
		Recombine: func(r *rng, pick func() map[string]any, _ *bool) map[string]any {
			sid, name := pick()["session_id"], pick()["name"]
			if r.one(4) {
				sid = spliceAny(r, sid, pick()["session_id"])
			}
			if r.one(4) {
				name = spliceAny(r, name, pick()["name"])
			}
			return map[string]any{"session_id": sid, "name": name}
		},
	},
	{
		Name: "inject_anvil_argv", Specs: []int{1, 2}, Rule: "INJ-7",
		Args: []Arg{{"argv", StrList, false}, {"network", OptStr, false}, {"pre_image_args", StrList, false}, {"post_image_args", StrList, false}},
		Call: func(a *args) (any, error) {
			argv, nw := a.strList("argv"), a.optStr("network")
			pre, post := a.strList("pre_image_args"), a.strList("post_image_args")
			if a.err != nil {
				return nil, a.err
			}
			if argv == nil {
				argv = []string{}
			}
			out, err := impl.InjectAnvilArgv(argv, nw, pre, post)
			if err != nil {
				return nil, err
			}
			return strsToAny(out), nil
		},
		Gen: func(t gen.T, _ bool) map[string]any {
			argv := anyArgv(t)
			in := gen.InjectionArgs(t)
			return map[string]any{"argv": strsToAny(argv), "network": orNull(in.Network), "pre_image_args": strsToAny(in.Pre), "post_image_args": strsToAny(in.Post)}
		},
		Recombine: func(r *rng, pick func() map[string]any, _ *bool) map[string]any {
			argv := pick()["argv"]
			if r.one(2) {
				argv = spliceAny(r, argv, pick()["argv"])
			}
			return map[string]any{"argv": argv, "network": pick()["network"], "pre_image_args": pick()["pre_image_args"], "post_image_args": pick()["post_image_args"]}
		},
	},
	{
		Name: "anvil_option_value", Specs: []int{1, 2}, Rule: "OPT-3",
		Args: []Arg{{"argv", StrList, false}, {"flag", Str, false}},
		Call: func(a *args) (any, error) {
			argv, flag := a.strList("argv"), a.str("flag")
			if a.err != nil {
				return nil, a.err
			}
			v, found, err := impl.AnvilOptionValue(argv, flag)
			if err != nil {
				return nil, err
			}
			if !found {
				return nil, nil
			}
			return v, nil
		},
		Gen:       genOptionValue,
		Variety:   50,
		Recombine: recombineOptionValue,
	},
	{
		Name: "config_hash", Specs: []int{1, 2}, Rule: "HASH-1",
		Args: []Arg{{"definition", Any, true}},
		Call: func(a *args) (any, error) { return impl.ConfigHash(a.any("definition")) },
		Gen: func(t gen.T, _ bool) map[string]any {
			if gen.Int(t, "tong?", 0, 1) == 0 {
				return map[string]any{"definition": drawTong(t, false).Def}
			}
			return map[string]any{"definition": gen.Tree(t)}
		},
		Variety: 25,
		Recombine: func(r *rng, pick func() map[string]any, open *bool) map[string]any {
			// any tree: a definition's fields crossed, or a subtree of one
			// grafted into the other
			ad, bd := pick()["definition"], pick()["definition"]
			_, am := ad.(map[string]any)
			_, bm := bd.(map[string]any)
			if am && bm && r.one(2) {
				return map[string]any{"definition": crossDef(r, ad, bd, open)}
			}
			return map[string]any{"definition": graft(r, ad, bd, 0)}
		},
	},
}

func genOptionValue(t gen.T, _ bool) map[string]any {
	argv := anyArgv(t)
	var flag string
	if gen.Int(t, "flag from argv?", 0, 4) > 0 {
		var cands []string
		for _, s := range argv {
			if len(s) >= 2 && s[0] == '-' {
				name := s
				if s[1] == '-' {
					if k := indexByte(s, '='); k >= 0 {
						name = s[:k]
					}
				} else {
					name = s[:2]
				}
				cands = append(cands, name)
			}
		}
		if len(cands) > 0 {
			flag = gen.Pick(t, "flag", cands...)
		}
	}
	if flag == "" {
		flag = gen.Pick(t, "flag", []string{"--network", "--net", "-e", "--env", "--name", "-u", "--user", "-d", "--rm", "-w", "--bogus", "-Z", "network"}...)
	}
	return map[string]any{"argv": strsToAny(argv), "flag": flag}
}

func recombineOptionValue(r *rng, pick func() map[string]any, _ *bool) map[string]any {
	a := pick()
	argv, flag := a["argv"], a["flag"]
	if !r.one(3) {
		argv = spliceAny(r, argv, pick()["argv"])
	}
	if r.one(2) {
		flag = pick()["flag"]
	}
	return map[string]any{"argv": argv, "flag": flag}
}

// recombineTongs joins the tongs of two members, some crossed with a third
// member's, and now and then adds a tong under a name differing only in
// case (ALIAS-3).
func recombineTongs(r *rng, pick func() map[string]any, open *bool) map[string]any {
	at, _ := pick()["tongs"].(map[string]any)
	bt, _ := pick()["tongs"].(map[string]any)
	tongs := make(map[string]any, len(at)+len(bt)+1)
	var last string
	for _, src := range []map[string]any{at, bt} {
		for _, k := range sortedKeys(src) {
			if r.one(3) || len(tongs) >= 12 {
				continue
			}
			tongs[k] = src[k]
			last = k
			if r.one(4) {
				// the tong crossed with another member's tong
				ot, _ := pick()["tongs"].(map[string]any)
				if len(ot) > 0 {
					ok := sortedKeys(ot)
					on := ok[r.n(len(ok))]
					name, def := crossNamed(r, k, src[k], on, ot[on], open)
					delete(tongs, k)
					last = name.(string)
					tongs[last] = def
				}
			}
		}
	}
	if last != "" && r.one(3) {
		// the same tong again under a name differing in case: an
		// alias collision (ALIAS-3)
		if other := swapCase(last); other != last {
			tongs[other] = tongs[last]
		}
	}
	return map[string]any{"tongs": tongs}
}
