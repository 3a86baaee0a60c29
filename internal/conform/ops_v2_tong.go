package conform

import (
	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/props/gen"
)

// The tong's own ops of spec version 2: its validation (spec/SPEC-v2.md
// §2), the process it runs (§3) and its docker run argv (§4); their
// order in the table is v2Ops's (ops_v2.go).

// v2ValidateTong is validate_tong (spec/SPEC-v2.md §2).
var v2ValidateTong = &Op{
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
}

// v2TongMountSpecs is tong_mount_specs (spec/SPEC-v2.md §4).
var v2TongMountSpecs = &Op{
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
}

// v2TongRunArgv is tong_run_argv (spec/SPEC-v2.md §4).
var v2TongRunArgv = &Op{
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
}

// v2RunOverride is run_override (spec/SPEC-v2.md §3).
var v2RunOverride = &Op{
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
	Variety:   70,
	Recombine: recombineDefinition,
}

// v2ExecTarget is exec_target (spec/SPEC-v2.md §3).
var v2ExecTarget = &Op{
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

// fifoPath draws the host path of a secret FIFO.
func fifoPath(t gen.T) string {
	if gen.Int(t, "fifo odd?", 0, 5) == 0 {
		return gen.Pick(t, "fifo_host_path", "rel/fifo", "/a:b", "/x\ny", "/tmp/é fifo")
	}
	return gen.Pick(t, "fifo_host_path", "/tmp/swarmforge-secrets/tong.fifo", "/run/user/1000/sf/gh", "/tmp/f")
}
