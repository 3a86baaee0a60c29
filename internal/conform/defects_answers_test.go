package conform

import (
	"math"
	"math/big"
	"sort"
	"strings"
	"unicode"

	"github.com/tongref/tongref/impl"
)

// pyValueFlags are the only options the Swarmforge scanner knows take a
// value; it reads every other token starting with "-" as a flag alone.
var pyValueFlags = map[string]bool{"--name": true, "--network": true, "--tmpfs": true, "--env-file": true, "-e": true, "-v": true, "-w": true}

func pyScanner(op string, a map[string]any) (Response, bool) {
	if op != "anvil_option_value" {
		return Response{}, false
	}
	ar := &args{m: a}
	argv, flag := ar.strList("argv"), ar.str("flag")
	if ar.err != nil {
		return Response{}, false
	}
	sub := -1
	for i, t := range argv {
		if t == "run" || t == "create" {
			sub = i
			break
		}
	}
	if sub < 0 {
		return Response{Err: &RespError{Kind: KindInvalid, Message: "not a docker run argv"}}, true
	}
	var value any
	for i := sub + 1; i < len(argv); i++ {
		t := argv[i]
		if t == "--" || !strings.HasPrefix(t, "-") {
			break
		}
		if pyValueFlags[t] {
			if t == flag && i+1 < len(argv) {
				value = argv[i+1]
			}
			i++
			continue
		}
		if t == flag {
			value = "true"
		} else if strings.HasPrefix(t, flag+"=") {
			value = t[len(flag)+1:]
		}
	}
	return Response{Result: value}, true
}

// firstValue answers anvil_option_value with the first occurrence's value:
// the value found in the shortest prefix of the options that holds one.
func firstValue(op string, a map[string]any) (Response, bool) {
	if op != "anvil_option_value" {
		return Response{}, false
	}
	ar := &args{m: a}
	argv, flag := ar.strList("argv"), ar.str("flag")
	if ar.err != nil {
		return Response{}, false
	}
	if _, found, err := impl.AnvilOptionValue(argv, flag); err != nil || !found {
		return Response{}, false
	}
	for k := 1; k <= len(argv); k++ {
		prefix := append(append([]string(nil), argv[:k]...), "image")
		if v, found, err := impl.AnvilOptionValue(prefix, flag); err == nil && found {
			return Response{Result: v}, true
		}
	}
	return Response{}, false
}

// pyToken is the Swarmforge sanitizer: each run of characters outside
// [A-Za-z0-9_.-] becomes "-", then "-", "_" and "." are stripped from both
// ends.
func pyToken(name string) string {
	var b strings.Builder
	inRun := false
	for _, r := range name {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.' || r == '-') {
			b.WriteRune(r)
			inRun = false
		} else if !inRun {
			b.WriteByte('-')
			inRun = true
		}
	}
	return strings.Trim(b.String(), "-_.")
}

func collidingNames(op string, a map[string]any) (Response, bool) {
	ar := &args{m: a}
	switch op {
	case "shared_container_name":
		name := ar.str("name")
		if ar.err != nil {
			return Response{}, false
		}
		if t := pyToken(name); t != "" {
			return Response{Result: impl.SharedPrefix + "-" + t}, true
		}
		return Response{Result: impl.SharedPrefix}, true
	case "session_container_name":
		sid, name := ar.str("session_id"), ar.str("name")
		if ar.err != nil {
			return Response{}, false
		}
		if _, err := impl.SessionContainerName(sid, "x"); err != nil {
			return Response{}, false
		}
		if t := pyToken(name); t != "" {
			return Response{Result: sid + "-tong-" + t}, true
		}
		return Response{Result: sid + "-tong"}, true
	}
	return Response{}, false
}

// digitValue returns the value of a Unicode decimal digit: its distance
// from the start of its run of digits, modulo 10.
func digitValue(r rune) byte {
	start := r
	for unicode.IsDigit(start - 1) {
		start--
	}
	return byte('0' + (r-start)%10)
}

func unicodeDigits(op string, a map[string]any) (Response, bool) {
	s, ok := a["value"].(string)
	if op != "parse_duration" || !ok {
		return Response{}, false
	}
	var b strings.Builder
	changed := false
	for _, r := range s {
		if r >= 128 && unicode.IsDigit(r) {
			b.WriteByte(digitValue(r))
			changed = true
		} else {
			b.WriteRune(r)
		}
	}
	if !changed {
		return Response{}, false
	}
	f, err := impl.ParseDurationString(b.String())
	if err != nil {
		return errorResponse(err), true
	}
	return Response{Result: f}, true
}

func nanDuration(op string, a map[string]any) (Response, bool) {
	f, ok := a["value"].(float64)
	if op != "parse_duration" || !ok || !(math.IsNaN(f) || math.IsInf(f, 1)) {
		return Response{}, false
	}
	return Response{Result: f}, true
}

func aliasCase(op string, a map[string]any) (Response, bool) {
	tongs, ok := a["tongs"].(map[string]any)
	if op != "alias_collisions" || !ok {
		return Response{}, false
	}
	if _, err := impl.AliasCollisions(tongs); err != nil {
		return Response{}, false
	}
	groups := map[string][]string{}
	for name, def := range tongs {
		m, _ := def.(map[string]any)
		im, _ := m["interface"].(map[string]any)
		if kind, _ := im["kind"].(string); kind != impl.KindMCP && kind != impl.KindPort {
			continue
		}
		alias, _ := impl.CanonicalAlias(name, def)
		groups[alias] = append(groups[alias], name)
	}
	out := map[string]any{}
	for alias, names := range groups {
		if len(names) > 1 {
			sort.Strings(names)
			out[alias] = strsToAny(names)
		}
	}
	return Response{Result: out}, true
}

func crashResp(msg string) (Response, bool) {
	return Response{Err: &RespError{Kind: KindCrash, Message: msg}}, true
}

func overflowCrash(op string, a map[string]any) (Response, bool) {
	n, ok := a["value"].(*big.Int)
	if op != "parse_duration" || !ok {
		return Response{}, false
	}
	if f, _ := new(big.Float).SetInt(n).Float64(); math.IsInf(f, 0) {
		return crashResp("OverflowError: int too large to convert to float")
	}
	return Response{}, false
}

// dropErrors answers validate_tong with the reference's faults minus
// those drop matches.
func dropErrors(drop func(*impl.Error) bool) func(string, map[string]any) (Response, bool) {
	return func(op string, a map[string]any) (Response, bool) {
		name, ok := a["name"].(string)
		if op != "validate_tong" || !ok {
			return Response{}, false
		}
		msgs := []any{}
		for _, e := range impl.ValidateTong(name, a["definition"]) {
			if !drop(e) {
				msgs = append(msgs, e.Error())
			}
		}
		return Response{Result: map[string]any{"errors": msgs}}, true
	}
}

// unchecked is D16: validation drops the rules docker would check, and
// tong_resource_flags passes a string memory size on as written (RES-3).
func unchecked(op string, a map[string]any) (Response, bool) {
	if op == "tong_resource_flags" {
		def, _ := a["definition"].(map[string]any)
		rm, _ := def["resources"].(map[string]any)
		mem, isStr := rm["memory"].(string)
		_, err := impl.TongResourceFlags(def)
		if ie, ok := err.(*impl.Error); isStr && ok && ie.Rule == "RES-3" {
			return Response{Result: []any{"--memory", mem}}, true
		}
		return Response{}, false
	}
	return dropErrors(func(e *impl.Error) bool {
		switch e.Rule {
		case "IMG-2", "IF-7", "ENV-2", "MNT-3", "MNT-4", "RES-2", "RES-3", "NET-2", "IF-6":
			return true
		}
		return false
	})(op, a)
}

func unhashable(op string, a map[string]any) (Response, bool) {
	def, ok := a["definition"].(map[string]any)
	if op != "validate_tong" || !ok {
		return Response{}, false
	}
	im, _ := def["interface"].(map[string]any)
	rm, _ := def["readiness"].(map[string]any)
	for _, v := range []any{def["lifecycle"], im["kind"], im["transport"], rm["mode"]} {
		switch v.(type) {
		case []any, map[string]any:
			return crashResp("TypeError: unhashable type")
		}
	}
	return Response{}, false
}

func subIndex(argv []string) int {
	for i, t := range argv {
		if i > 0 && (t == "run" || t == "create") {
			return i
		}
	}
	return -1
}

func preUnchecked(op string, a map[string]any) (Response, bool) {
	if op != "inject_anvil_argv" {
		return Response{}, false
	}
	ar := &args{m: a}
	argv, nw, pre, post := ar.strList("argv"), ar.optStr("network"), ar.strList("pre_image_args"), ar.strList("post_image_args")
	if ar.err != nil || len(pre) == 0 {
		return Response{}, false
	}
	_, err := impl.InjectAnvilArgv(argv, nw, pre, post)
	if ie, ok := err.(*impl.Error); !ok || ie.Rule != "INJ-3" {
		return Response{}, false
	}
	out, err := impl.InjectAnvilArgv(argv, nw, nil, post)
	k := subIndex(out)
	if err != nil || k < 0 {
		return Response{}, false
	}
	res := append(append(append([]string{}, out[:k+1]...), pre...), out[k+1:]...)
	return Response{Result: strsToAny(res)}, true
}

func notRun(op string, a map[string]any) (Response, bool) {
	ar := &args{m: a}
	argv := ar.strList("argv")
	if ar.err != nil {
		return Response{}, false
	}
	switch op {
	case "inject_anvil_argv":
		nw := ar.optStr("network")
		_, err := impl.InjectAnvilArgv(argv, nw, ar.strList("pre_image_args"), ar.strList("post_image_args"))
		if ie, ok := err.(*impl.Error); ok && (ie.Rule == "ARGV-1" || ie.Rule == "ARGV-2") && nw != "" {
			return Response{Result: strsToAny(append(append([]string{}, argv...), "--network", nw))}, true
		}
	case "anvil_option_value":
		_, _, err := impl.AnvilOptionValue(argv, ar.str("flag"))
		if ie, ok := err.(*impl.Error); ok && (ie.Rule == "ARGV-1" || ie.Rule == "ARGV-2") {
			return Response{Result: nil}, true
		}
	}
	return Response{}, false
}

func anySession(op string, a map[string]any) (Response, bool) {
	sid, ok1 := a["session_id"].(string)
	name, ok2 := a["name"].(string)
	if op != "session_container_name" || !ok1 || !ok2 {
		return Response{}, false
	}
	if _, err := impl.SessionContainerName(sid, name); err == nil {
		return Response{}, false
	}
	n, _ := impl.SessionContainerName("s1", name)
	return Response{Result: sid + strings.TrimPrefix(n, "s1")}, true
}

func nullCrash(op string, a map[string]any) (Response, bool) {
	def, ok := a["definition"].(map[string]any)
	if op != "validate_tong" || !ok {
		return Response{}, false
	}
	for _, k := range []string{"env", "mounts", "networks", "resources", "readiness"} {
		if v, present := def[k]; present && v == nil {
			return crashResp("TypeError: 'NoneType' object is not iterable")
		}
	}
	return Response{}, false
}

func workspaceUnchecked(op string, a map[string]any) (Response, bool) {
	def, ok := a["definition"].(map[string]any)
	ws, _ := a["workspace"].(string)
	sock, _ := a["socket_path"].(string)
	if op != "tong_mount_specs" || !ok {
		return Response{}, false
	}
	if _, err := impl.TongMountSpecs(def, "/w", "/s"); err != nil {
		return Response{}, false
	}
	specs := []any{}
	list, _ := def["mounts"].([]any)
	for _, e := range list {
		word, mode, _ := strings.Cut(e.(string), ":")
		spec := sock + ":" + sock
		if word == "workspace" {
			spec = ws + ":/workspace"
		}
		if mode != "" {
			spec += ":" + mode
		}
		specs = append(specs, spec)
	}
	return Response{Result: specs}, true
}

func hashCrash(op string, a map[string]any) (Response, bool) {
	if op != "config_hash" {
		return Response{}, false
	}
	if _, err := impl.ConfigHash(a["definition"]); err != nil {
		if ie, ok := err.(*impl.Error); ok && (ie.Rule == "DM-3" || ie.Rule == "DM-4") {
			return crashResp("UnicodeEncodeError / RecursionError")
		}
	}
	return Response{}, false
}

// laterNetworks answers inject_anvil_argv as a launcher that rewrites the
// first network option and leaves the later ones (D9). It reads the argv
// with docker's tables itself, and answers only where its reading,
// with the later options removed, gives the reference's result exactly:
// every divergence it makes is D9's.
func laterNetworks(op string, a map[string]any) (Response, bool) {
	if op != "inject_anvil_argv" {
		return Response{}, false
	}
	ar := &args{m: a}
	argv, nw, pre, post := ar.strList("argv"), ar.optStr("network"), ar.strList("pre_image_args"), ar.strList("post_image_args")
	if ar.err != nil || nw == "" {
		return Response{}, false
	}
	want, err := impl.InjectAnvilArgv(argv, nw, pre, post)
	sub := subIndex(argv)
	if err != nil || sub < 0 {
		return Response{}, false
	}
	spans, image := networkOptions(argv, sub)
	if len(spans) < 2 {
		return Response{}, false
	}
	inject := func(keepLater bool) []string {
		out := append(append([]string{}, argv[:sub+1]...), pre...)
		next := sub + 1
		for k, sp := range spans {
			out = append(out, argv[next:sp.tok]...)
			next = sp.end
			switch {
			case k > 0 && keepLater:
				out = append(out, argv[sp.tok:sp.end]...)
			case k > 0:
			case sp.eq:
				name, _, _ := strings.Cut(argv[sp.tok], "=")
				out = append(out, name+"="+nw)
			default:
				out = append(out, argv[sp.tok], nw)
			}
		}
		out = append(out, argv[next:]...)
		return append(out, post...)
	}
	if !Equal(strsToAny(inject(false)), strsToAny(want)) || image < 0 {
		return Response{}, false
	}
	return Response{Result: strsToAny(inject(true))}, true
}

// span is one network option in an argv: tokens tok to end-1.
type span struct {
	tok, end int
	eq       bool // --network=V, one token
}

var runLong, runShort = flagIndex(impl.RunFlags())

var createLong, createShort = flagIndex(impl.CreateFlags())

func flagIndex(flags []impl.Flag) (map[string]impl.Flag, map[byte]impl.Flag) {
	long, short := map[string]impl.Flag{}, map[byte]impl.Flag{}
	for _, f := range flags {
		long[f.Name] = f
		if f.Short != 0 {
			short[f.Short] = f
		}
	}
	return long, short
}

// networkOptions reads the options after the subcommand at sub, the way
// docker does, and returns the network options among them and the index
// of the token that ends them (the image, or "--"); -1 when a token is not
// an option of the subcommand.
func networkOptions(argv []string, sub int) ([]span, int) {
	long, short := runLong, runShort
	if argv[sub] == "create" {
		long, short = createLong, createShort
	}
	var spans []span
	i := sub + 1
	for i < len(argv) {
		t := argv[i]
		if t == "--" || len(t) < 2 || t[0] != '-' {
			return spans, i
		}
		end := i + 1
		if t[1] == '-' {
			name, _, eq := strings.Cut(t[2:], "=")
			f, ok := long[name]
			if !ok {
				return nil, -1
			}
			if f.Value && !eq {
				end = i + 2
			}
			if f.Option == "network" {
				spans = append(spans, span{i, end, eq})
			}
		} else {
			for k := 1; k < len(t); k++ {
				f, ok := short[t[k]]
				if !ok {
					return nil, -1
				}
				if f.Value {
					if k == len(t)-1 {
						end = i + 2
					}
					break
				}
			}
		}
		if end > len(argv) {
			return nil, -1
		}
		i = end
	}
	return spans, -1
}
