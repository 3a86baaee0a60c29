package conform

import (
	"errors"
	"fmt"
	"sort"

	"github.com/tongref/tongref/impl"
)

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
	// Rule is the rule of the reference's first error in a result of
	// errors (Compare Validity); not part of the protocol.
	Rule  string
	first *impl.Error // that error
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
func (r Response) appendJSON(dst []byte) []byte { return r.appendMembers(append(dst, '{')) }

// appendMembers writes what appendJSON writes after its '{'.
func (r Response) appendMembers(dst []byte) []byte {
	if r.Err != nil {
		dst = append(dst, `"error":{"kind":`...)
		dst = AppendString(dst, r.Err.Kind)
		dst = append(dst, `,"message":`...)
		dst = AppendString(dst, r.Err.Text())
		return append(dst, "}}"...)
	}
	dst = append(dst, `"result":`...)
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

// Reference answers one request of spec version 1 with package impl;
// ReferenceIn answers one of any version.
func Reference(op string, argm map[string]any) Response { return ReferenceIn(Spec, op, argm) }

// ReferenceIn answers one request of spec version spec with package impl
// (an op not of that version is unsupported). It never panics: a panic in
// impl is reported as a crash, which is a bug in the reference.
func ReferenceIn(spec int, op string, argm map[string]any) (resp Response) {
	defer func() {
		if r := recover(); r != nil {
			resp = Response{Err: &RespError{Kind: KindCrash, Message: fmt.Sprintf("reference panicked: %v", r)}}
		}
	}()
	o := LookupOp(spec, op)
	if o == nil {
		return errorResponse(&unsupportedOp{op})
	}
	a := &args{m: argm}
	// every argument is present in every request (spec/PROTOCOL.md, "The
	// ops"): a missing one is a bad request, not a null
	for _, arg := range o.Args {
		if _, ok := argm[arg.Name]; !ok {
			return errorResponse(&badArgs{fmt.Sprintf("argument %q is missing; every argument of %s is present, null where it may be", arg.Name, op)})
		}
	}
	result, err := o.Call(a)
	if a.err != nil {
		err = a.err
	}
	if err != nil {
		return errorResponse(err)
	}
	if errs, ok := result.(errorList); ok {
		msgs := make([]any, len(errs))
		for i, e := range errs {
			msgs[i] = e.Error()
		}
		resp = Response{Result: map[string]any{"errors": msgs}}
		if len(errs) > 0 {
			resp.Rule = errs[0].Rule
			resp.first = errs[0]
		}
		return resp
	}
	return Response{Result: result}
}

// errorList is the result of an op answering with a list of errors
// (Compare Validity): {"errors": [str]}, whose first error names the rule.
type errorList []*impl.Error

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

// InDomain reports whether a request of spec version 1 is in its op's
// domain (spec/PROTOCOL.md, "Domains"): the inputs a conforming
// implementation must answer exactly. InDomainIn asks in any version.
func InDomain(op string, argm map[string]any) bool { return InDomainIn(Spec, op, argm) }

// InDomainIn reports whether a request of spec version spec is in its
// op's domain.
func InDomainIn(spec int, op string, argm map[string]any) bool {
	o := LookupOp(spec, op)
	if o == nil {
		return false
	}
	for _, a := range o.Args {
		if _, ok := argm[a.Name]; !ok {
			return false
		}
	}
	return o.Domain == nil || o.Domain(max(spec, Spec), argm)
}

// ruleOf returns the spec rule behind a reference response, "" for a result.
func ruleOf(r Response) string {
	if r.Err == nil {
		return r.Rule
	}
	return r.Err.Rule
}

// sortedOps returns the ops of a set in the protocol's order, spec
// version spec's.
func sortedOps(spec int, set map[string]bool) []string {
	var out []string
	for _, op := range OpNames(spec) {
		if set[op] {
			out = append(out, op)
		}
	}
	extra := []string{}
	for op := range set {
		if LookupOp(spec, op) == nil {
			extra = append(extra, op)
		}
	}
	sort.Strings(extra)
	return append(out, extra...)
}
