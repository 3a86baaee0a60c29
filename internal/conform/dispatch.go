package conform

import (
	"errors"
	"fmt"
	"sort"

	"github.com/tongref/tongref/impl"
)

// Ops lists the protocol's ops in the order the runner sends them.
var Ops = []string{
	"parse_duration",
	"readiness_settings",
	"validate_tong",
	"canonical_alias",
	"alias_collisions",
	"tong_mount_specs",
	"tong_resource_flags",
	"tong_run_argv",
	"shared_container_name",
	"session_container_name",
	"inject_anvil_argv",
	"anvil_option_value",
	"config_hash",
}

// opArgs names each op's arguments, all present in every request.
var opArgs = map[string][]string{
	"parse_duration":         {"value", "default"},
	"readiness_settings":     {"definition"},
	"validate_tong":          {"name", "definition"},
	"canonical_alias":        {"name", "definition"},
	"alias_collisions":       {"tongs"},
	"tong_mount_specs":       {"definition", "workspace", "socket_path"},
	"tong_resource_flags":    {"definition"},
	"tong_run_argv":          {"name", "definition", "container_name", "network", "alias", "env", "tmpfs_dirs", "label_hash", "workspace", "socket_path"},
	"shared_container_name":  {"name"},
	"session_container_name": {"session_id", "name"},
	"inject_anvil_argv":      {"argv", "network", "pre_image_args", "post_image_args"},
	"anvil_option_value":     {"argv", "flag"},
	"config_hash":            {"definition"},
}

// IsOp reports whether op is one of the protocol's ops.
func IsOp(op string) bool { _, ok := opArgs[op]; return ok }

// Error kinds of a response.
const (
	KindInvalid     = "invalid"
	KindUnsupported = "unsupported"
	KindCrash       = "crash"
)

// Response is an answer without its id: a result, or an error.
type Response struct {
	Result any
	Err    *RespError // nil for a result
	// Rule is the rule of the reference's first validate_tong error; not
	// part of the protocol.
	Rule string
}

// RespError is a response's error member.
type RespError struct {
	Kind    string
	Message string
	Rule    string // the reference's rule; not part of the protocol
	Bad     bool   // the request itself was malformed (not in any domain)
	err     error  // the reference's error, whose text is the message when Message is ""
}

// Text is the error's message. The reference's answers keep the error and
// write its text only when it is needed: most are compared by kind alone.
func (e *RespError) Text() string {
	if e.Message == "" && e.err != nil {
		return e.err.Error()
	}
	return e.Message
}

func (r Response) String() string { return string(r.appendJSON(nil)) }

// appendJSON writes {"result": ...} or {"error": {...}}.
func (r Response) appendJSON(dst []byte) []byte {
	if r.Err != nil {
		dst = append(dst, `{"error":{"kind":`...)
		dst = AppendString(dst, r.Err.Kind)
		dst = append(dst, `,"message":`...)
		dst = AppendString(dst, r.Err.Text())
		return append(dst, "}}"...)
	}
	dst = append(dst, `{"result":`...)
	dst, err := Append(dst, r.Result)
	if err != nil {
		panic(err)
	}
	return append(dst, '}')
}

// badArgs is a request whose arguments do not have the protocol's types.
type badArgs struct{ msg string }

func (e *badArgs) Error() string { return "bad request: " + e.msg }

// args reads one request's arguments; the first type fault is kept in err
// and later reads return zero values.
type args struct {
	m   map[string]any
	err error
}

func (a *args) fail(key, want string) {
	if a.err == nil {
		a.err = &badArgs{fmt.Sprintf("argument %q is %s, want %s", key, Marshal(a.m[key]), want)}
	}
}

func (a *args) any(key string) any { return a.m[key] }

func (a *args) str(key string) string {
	s, ok := a.m[key].(string)
	if !ok {
		a.fail(key, "a string")
	}
	return s
}

// optStr reads a str|null argument; null is "".
func (a *args) optStr(key string) string {
	if a.m[key] == nil {
		return ""
	}
	return a.str(key)
}

func (a *args) strList(key string) []string {
	v := a.m[key]
	if v == nil {
		return nil
	}
	l, ok := v.([]any)
	if !ok {
		a.fail(key, "a list of strings")
		return nil
	}
	out := make([]string, len(l))
	for i, e := range l {
		s, ok := e.(string)
		if !ok {
			a.fail(key, "a list of strings")
			return nil
		}
		out[i] = s
	}
	return out
}

func (a *args) strMap(key string) map[string]string {
	v := a.m[key]
	if v == nil {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		a.fail(key, "a map of strings")
		return nil
	}
	out := make(map[string]string, len(m))
	for k, e := range m {
		s, ok := e.(string)
		if !ok {
			a.fail(key, "a map of strings")
			return nil
		}
		out[k] = s
	}
	return out
}

func (a *args) mapArg(key string) map[string]any {
	m, ok := a.m[key].(map[string]any)
	if !ok {
		a.fail(key, "a map")
	}
	return m
}

// Reference answers one request with package impl. It never panics: a
// panic in impl is reported as a crash, which is a bug in the reference.
func Reference(op string, argm map[string]any) (resp Response) {
	defer func() {
		if r := recover(); r != nil {
			resp = Response{Err: &RespError{Kind: KindCrash, Message: fmt.Sprintf("reference panicked: %v", r)}}
		}
	}()
	a := &args{m: argm}
	if op == "validate_tong" {
		// answered here, to keep the first error's rule without
		// validating twice
		name := a.str("name")
		if a.err != nil {
			return errorResponse(a.err)
		}
		errs := impl.ValidateTong(name, a.any("definition"))
		msgs := make([]any, len(errs))
		for i, e := range errs {
			msgs[i] = e.Error()
		}
		resp = Response{Result: map[string]any{"errors": msgs}}
		if len(errs) > 0 {
			resp.Rule = errs[0].Rule
		}
		return resp
	}
	result, err := call(op, a)
	if a.err != nil {
		err = a.err
	}
	if err != nil {
		return errorResponse(err)
	}
	return Response{Result: result}
}

func errorResponse(err error) Response {
	// the common cases without errors.As, which costs a reflection walk
	switch e := err.(type) {
	case *impl.Error:
		return Response{Err: &RespError{Kind: KindInvalid, Rule: e.Rule, err: err}}
	case *badArgs:
		return Response{Err: &RespError{Kind: KindInvalid, Bad: true, err: err}}
	}
	var ue *unsupportedOp
	if errors.As(err, &ue) {
		return Response{Err: &RespError{Kind: KindUnsupported, err: err}}
	}
	re := &RespError{Kind: KindInvalid, err: err}
	var be *badArgs
	re.Bad = errors.As(err, &be)
	var ie *impl.Error
	if errors.As(err, &ie) {
		re.Rule = ie.Rule
	}
	return Response{Err: re}
}

type unsupportedOp struct{ op string }

func (e *unsupportedOp) Error() string { return fmt.Sprintf("unknown op %q", e.op) }

func strsToAny(s []string) []any {
	out := make([]any, len(s))
	for i, e := range s {
		out[i] = e
	}
	return out
}

func call(op string, a *args) (any, error) {
	switch op {
	case "parse_duration":
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
	case "readiness_settings":
		r, err := impl.ReadinessSettings(a.any("definition"))
		if err != nil {
			return nil, err
		}
		var cmd any
		if r.Command != nil {
			cmd = strsToAny(r.Command)
		}
		return map[string]any{"mode": r.Mode, "command": cmd, "timeout_s": r.TimeoutS}, nil
	case "canonical_alias":
		name := a.str("name")
		if a.err != nil {
			return nil, a.err
		}
		return impl.CanonicalAlias(name, a.any("definition"))
	case "alias_collisions":
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
	case "tong_mount_specs":
		ws, sock := a.optStr("workspace"), a.str("socket_path")
		if a.err != nil {
			return nil, a.err
		}
		specs, err := impl.TongMountSpecs(a.any("definition"), ws, sock)
		if err != nil {
			return nil, err
		}
		return strsToAny(specs), nil
	case "tong_resource_flags":
		flags, err := impl.TongResourceFlags(a.any("definition"))
		if err != nil {
			return nil, err
		}
		return strsToAny(flags), nil
	case "tong_run_argv":
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
	case "shared_container_name":
		name := a.str("name")
		if a.err != nil {
			return nil, a.err
		}
		return impl.SharedContainerName(name), nil
	case "session_container_name":
		sid, name := a.str("session_id"), a.str("name")
		if a.err != nil {
			return nil, a.err
		}
		return impl.SessionContainerName(sid, name)
	case "inject_anvil_argv":
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
	case "anvil_option_value":
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
	case "config_hash":
		return impl.ConfigHash(a.any("definition"))
	}
	return nil, &unsupportedOp{op}
}

func asFloat(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case bool:
		return 0, false
	}
	if n, ok := number(v); ok {
		f, _ := n.float()
		return f, true
	}
	return 0, false
}

// domainName is the tong name definitions are validated under for the ops
// that take no name.
const domainName = "tong"

// InDomain reports whether a request is in its op's domain (spec/PROTOCOL.md,
// "Domains"): the inputs a conforming implementation must answer exactly.
func InDomain(op string, argm map[string]any) bool {
	for _, k := range opArgs[op] {
		if _, ok := argm[k]; !ok {
			return false
		}
	}
	valid := func(name string, def any) bool { return len(impl.ValidateTong(name, def)) == 0 }
	switch op {
	case "readiness_settings", "tong_resource_flags", "tong_mount_specs":
		return valid(domainName, argm["definition"])
	case "canonical_alias", "tong_run_argv":
		name, ok := argm["name"].(string)
		return ok && valid(name, argm["definition"])
	case "alias_collisions":
		tongs, ok := argm["tongs"].(map[string]any)
		if !ok {
			return false
		}
		for name, def := range tongs {
			if !valid(name, def) {
				return false
			}
		}
		return true
	}
	return true
}

// ruleOf returns the spec rule behind a reference response, "" for a result.
func ruleOf(r Response) string {
	if r.Err == nil {
		return r.Rule
	}
	return r.Err.Rule
}

// sortedOps returns the ops of a set in the protocol's order.
func sortedOps(set map[string]bool) []string {
	var out []string
	for _, op := range Ops {
		if set[op] {
			out = append(out, op)
		}
	}
	extra := []string{}
	for op := range set {
		if !IsOp(op) {
			extra = append(extra, op)
		}
	}
	sort.Strings(extra)
	return append(out, extra...)
}
