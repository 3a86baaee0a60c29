package conform

import (
	"strings"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/props/gen"
)

// The anvil's side of spec version 2: to_create_argv (spec/SPEC-v2.md
// §8) and the launch plan (§9); their order in the table is v2Ops's
// (ops_v2.go).

// v2ToCreateArgv is to_create_argv (spec/SPEC-v2.md §8).
var v2ToCreateArgv = &Op{
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
	Variety: 55,
	Recombine: func(r *rng, pick func() map[string]any, _ *bool) map[string]any {
		argv := pick()["argv"]
		if !r.one(3) {
			argv = spliceAny(r, argv, pick()["argv"])
		}
		return map[string]any{"argv": argv}
	},
}

// v2TongEnvVar is tong_env_var (spec/SPEC-v2.md §9).
var v2TongEnvVar = &Op{
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
	Variety:   70,
	Recombine: func(r *rng, pick func() map[string]any, _ *bool) map[string]any {
		return map[string]any{"name": spliceAny(r, pick()["name"], pick()["name"]), "suffix": pick()["suffix"]}
	},
}

// v2MCPURL is mcp_url (spec/SPEC-v2.md §9).
var v2MCPURL = &Op{
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
}

// v2PlanNetwork is plan_network (spec/SPEC-v2.md §9).
var v2PlanNetwork = &Op{
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
}

// v2PlanInjection is plan_injection (spec/SPEC-v2.md §9).
var v2PlanInjection = &Op{
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
