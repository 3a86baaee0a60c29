package conform

import (
	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/props/gen"
)

// v2Ops are the entries of spec version 2 (spec/SPEC-v2.md)
// whose contract differs from version 1, and the ops version 2 adds, in
// the order the runner sends them (after version 1's carried ops). The
// ops version 2 carries unchanged are version 1's entries, which list
// both versions.
var v2Ops = []*Op{
	v2ValidateTong,          // ops_v2_tong.go
	v2TongMountSpecs,        // ops_v2_tong.go
	v2TongRunArgv,           // ops_v2_tong.go
	v2SharedContainerName,   // ops_v2_names.go
	v2ToCreateArgv,          // ops_v2_plan.go
	v2OrgScopeToken,         // ops_v2_names.go
	v2SharedNetworkName,     // ops_v2_names.go
	v2SessionNetworkName,    // ops_v2_names.go
	v2RunOverride,           // ops_v2_tong.go
	v2ExecTarget,            // ops_v2_tong.go
	v2SecretInjectArgv,      // ops_v2_secrets.go
	v2RenderSecretExports,   // ops_v2_secrets.go
	v2PartitionSecretEnv,    // ops_v2_secrets.go
	v2SecretProviderCommand, // ops_v2_secrets.go
	v2TongEnvVar,            // ops_v2_plan.go
	v2MCPURL,                // ops_v2_plan.go
	v2PlanNetwork,           // ops_v2_plan.go
	v2PlanInjection,         // ops_v2_plan.go
}

// Generators and results several ops of version 2 share.

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
