package conform

import (
	"maps"
	"slices"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/props/gen"
)

// Secrets (spec/SPEC-v2.md §6) and secret providers (§7) of spec version
// 2; their order in the table is v2Ops's (ops_v2.go).

// v2SecretInjectArgv is secret_inject_argv (spec/SPEC-v2.md §6).
var v2SecretInjectArgv = &Op{
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
	Variety:   40,
	Recombine: func(r *rng, pick func() map[string]any, _ *bool) map[string]any {
		return map[string]any{"target_argv": spliceAny(r, pick()["target_argv"], pick()["target_argv"])}
	},
}

// v2RenderSecretExports is render_secret_exports (spec/SPEC-v2.md §6).
var v2RenderSecretExports = &Op{
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
	Variety: 45,
	Recombine: func(r *rng, pick func() map[string]any, open *bool) map[string]any {
		a, _ := pick()["secrets"].(map[string]any)
		b, _ := pick()["secrets"].(map[string]any)
		return map[string]any{"secrets": keepHalf(r, a, b)}
	},
}

// v2PartitionSecretEnv is partition_secret_env (spec/SPEC-v2.md §6).
var v2PartitionSecretEnv = &Op{
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
	Variety: 9, // most drawn tongs have no env: 197 distinct of 2,000 at seed 1
	Recombine: func(r *rng, pick func() map[string]any, _ *bool) map[string]any {
		a, b := pick()["env"], pick()["env"]
		am, aok := a.(map[string]any)
		bm, bok := b.(map[string]any)
		if !aok || !bok {
			return map[string]any{"env": graft(r, a, b, 0)}
		}
		return map[string]any{"env": keepHalf(r, am, bm)}
	},
}

// v2SecretProviderCommand is secret_provider_command (spec/SPEC-v2.md §7).
var v2SecretProviderCommand = &Op{
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
	Gen:     genProviderCommand,
	Variety: 65,
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
}

// keepHalf merges the entries of ms, each kept or not as r draws, one in
// two, in the order of ms and of their keys, so a seed gives one merge
// (ranging over a map would draw in Go's random order).
func keepHalf(r *rng, ms ...map[string]any) map[string]any {
	out := map[string]any{}
	for _, m := range ms {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if r.one(2) {
				out[k] = m[k]
			}
		}
	}
	return out
}

// drawTarget draws the process a secret wrapper execs: mostly words, now
// and then empty, beginning with "-", or holding NUL.
func drawTarget(t gen.T) []string {
	if gen.Int(t, "target odd?", 0, 4) == 0 {
		return gen.Pick(t, "target", [][]string{{}, {"-c", "x"}, {"a\x00"}, {""}}...)
	}
	return drawWords(t, "target")
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
