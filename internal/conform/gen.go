package conform

import (
	"pgregory.net/rapid"

	"tongref/props"
)

// A Generator makes the arguments of one generated request of op from a
// seed, the same arguments for the same seed.
type Generator interface {
	Generate(op string, seed uint64) map[string]any
}

// PropsGenerator draws requests from the rapid generators of package props
// (the ones the properties use), through rapid's Example, which needs no
// testing.TB.
type PropsGenerator struct{}

var propsGens = map[string]*rapid.Generator[map[string]any]{
	"parse_duration": rapid.Custom(func(t *rapid.T) map[string]any {
		var def any
		if rapid.IntRange(0, 3).Draw(t, "default?") == 0 {
			def = rapid.Float64Range(0.001, 1e6).Draw(t, "default")
		}
		return map[string]any{"value": props.DurationValue().Draw(t, "value"), "default": def}
	}),
	"readiness_settings": rapid.Custom(func(t *rapid.T) map[string]any {
		return map[string]any{"definition": anyTong(t).Def}
	}),
	"validate_tong": rapid.Custom(func(t *rapid.T) map[string]any {
		tong := anyTong(t)
		return map[string]any{"name": tong.Name, "definition": tong.Def}
	}),
	"canonical_alias": rapid.Custom(func(t *rapid.T) map[string]any {
		tong := anyTong(t)
		return map[string]any{"name": tong.Name, "definition": tong.Def}
	}),
	"alias_collisions": rapid.Custom(func(t *rapid.T) map[string]any {
		n := rapid.IntRange(0, 6).Draw(t, "n")
		tongs := map[string]any{}
		var names []string
		for i := 0; i < n; i++ {
			tong := props.ValidTong().Draw(t, "tong")
			// reuse a name under another case now and then, to collide
			if len(names) > 0 && rapid.IntRange(0, 3).Draw(t, "collide?") == 0 {
				tong.Name = names[rapid.IntRange(0, len(names)-1).Draw(t, "other")]
			}
			tongs[tong.Name] = tong.Def
			names = append(names, tong.Name)
		}
		return map[string]any{"tongs": tongs}
	}),
	"tong_mount_specs": rapid.Custom(func(t *rapid.T) map[string]any {
		return map[string]any{"definition": anyTong(t).Def, "workspace": optional(t, props.AbsPath(), "workspace"), "socket_path": socket(t)}
	}),
	"tong_resource_flags": rapid.Custom(func(t *rapid.T) map[string]any {
		return map[string]any{"definition": anyTong(t).Def}
	}),
	"tong_run_argv": rapid.Custom(func(t *rapid.T) map[string]any {
		tong := props.ValidTong().Draw(t, "tong")
		o := props.RunOptionsFor(tong).Draw(t, "options")
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
	}),
	"shared_container_name": rapid.Custom(func(t *rapid.T) map[string]any {
		return map[string]any{"name": props.TongName().Draw(t, "name")}
	}),
	"session_container_name": rapid.Custom(func(t *rapid.T) map[string]any {
		return map[string]any{"session_id": props.SessionID().Draw(t, "session_id"), "name": props.TongName().Draw(t, "name")}
	}),
	"inject_anvil_argv": rapid.Custom(func(t *rapid.T) map[string]any {
		argv := anyArgv(t)
		in := props.InjectionArgs().Draw(t, "injection")
		return map[string]any{"argv": strsToAny(argv), "network": orNull(in.Network), "pre_image_args": strsToAny(in.Pre), "post_image_args": strsToAny(in.Post)}
	}),
	"anvil_option_value": rapid.Custom(func(t *rapid.T) map[string]any {
		argv := anyArgv(t)
		var flag string
		if rapid.IntRange(0, 4).Draw(t, "flag from argv?") > 0 {
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
				flag = rapid.SampledFrom(cands).Draw(t, "flag")
			}
		}
		if flag == "" {
			flag = rapid.SampledFrom([]string{"--network", "--net", "-e", "--env", "--name", "-u", "--user", "-d", "--rm", "-w", "--bogus", "-Z", "network"}).Draw(t, "flag")
		}
		return map[string]any{"argv": strsToAny(argv), "flag": flag}
	}),
	"config_hash": rapid.Custom(func(t *rapid.T) map[string]any {
		if rapid.IntRange(0, 1).Draw(t, "tong?") == 0 {
			return map[string]any{"definition": anyTong(t).Def}
		}
		return map[string]any{"definition": props.Tree().Draw(t, "tree")}
	}),
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// anyTong draws a valid tong or a near miss, half each.
func anyTong(t *rapid.T) props.Tong {
	if rapid.IntRange(0, 1).Draw(t, "valid?") == 0 {
		return props.ValidTong().Draw(t, "tong")
	}
	return props.NearTong().Draw(t, "tong")
}

func anyArgv(t *rapid.T) []string {
	if rapid.IntRange(0, 3).Draw(t, "anvil?") > 0 {
		return props.AnvilArgv().Draw(t, "argv")
	}
	return props.AnyArgv().Draw(t, "argv")
}

func optional(t *rapid.T, g *rapid.Generator[string], label string) any {
	if rapid.IntRange(0, 4).Draw(t, label+"?") == 0 {
		return nil
	}
	return g.Draw(t, label)
}

func socket(t *rapid.T) string {
	if rapid.IntRange(0, 3).Draw(t, "socket default?") > 0 {
		return "/var/run/docker.sock"
	}
	return props.AbsPath().Draw(t, "socket_path")
}

func orNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Generate draws the arguments of one request of op.
func (PropsGenerator) Generate(op string, seed uint64) (m map[string]any) {
	g := propsGens[op]
	if g == nil {
		return nil
	}
	defer func() {
		if recover() != nil {
			m = nil // the generator gave up (too many filtered draws)
		}
	}()
	return g.Example(int(seed & (1<<62 - 1)))
}
