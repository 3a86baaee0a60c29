package conform

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// ServeOptions configure Serve.
type ServeOptions struct {
	// Tagged makes the adapter ask for tagged values in its hello answer
	// and read them (spec/PROTOCOL.md, "Tagged values").
	Tagged bool
	// Spec is the spec version served (its hello answer's "spec" and its
	// ops); 0 is version 1.
	Spec int

	// defect, when not nil, builds a known defect into the answers. Only
	// this package's tests set it (faults_test.go): the faulty adapters
	// the runner is tested against are test code, not part of tongref.
	defect defect
}

// defect is a known defect built into Serve.
type defect interface {
	// before acts on the served-th request (counting from 1), of op,
	// before it is answered: it may write to out, change the id the
	// answer carries, or end the process; skip leaves it unanswered.
	before(served int, op string, id *requestID, out *bufio.Writer) (skip bool)
	// answer returns the faulty answer to a request, or false to leave
	// it to the reference.
	answer(op string, argm map[string]any) (Response, bool)
}

// Serve answers protocol requests read from r on w with the reference,
// until r ends. It flushes whenever no further request is already buffered,
// so a pipelining runner gets answers in batches and a runner that waits
// for each answer gets it at once.
func Serve(r io.Reader, w io.Writer, opts ServeOptions) error {
	spec := max(opts.Spec, Spec)
	if len(OpsOf(spec)) == 0 {
		return fmt.Errorf("spec version %d is none the reference has (%s)", spec, specList())
	}
	in := bufio.NewReaderSize(r, 64<<10)
	out := bufio.NewWriterSize(w, 64<<10)
	var line, buf []byte
	served := 0
	for {
		if in.Buffered() == 0 {
			if err := out.Flush(); err != nil {
				return err
			}
		}
		var err error
		line, err = readLineMax(in, line[:0], DefaultMaxLine, true)
		if errors.Is(err, errLineTooLong) {
			// answered, with its id when the id came first
			buf = appendAnswer(buf[:0], idBeforeFault(line), Response{Err: &RespError{Kind: KindCrash, Message: fmt.Sprintf("request is longer than %d bytes", DefaultMaxLine)}})
			if _, err := out.Write(buf); err != nil {
				return err
			}
			continue
		}
		if len(line) == 0 && err != nil {
			if errors.Is(err, io.EOF) {
				return out.Flush()
			}
			return err
		}
		id, op, argm, perr := parseRequest(line)
		var resp Response
		switch {
		case perr != nil:
			resp = Response{Err: &RespError{Kind: KindCrash, Message: perr.Error()}}
		case op == "hello":
			values := "plain"
			if opts.Tagged {
				values = "tagged"
			}
			hello := map[string]any{"name": "tongref adapter", "protocol": int64(ProtocolVersion), "ops": strsToAny(OpNames(spec)), "values": values, "pipeline": true}
			if spec != Spec {
				hello["spec"] = int64(spec) // absent means 1, as a version 1 adapter answers
			}
			resp = Response{Result: hello}
		default:
			if opts.Tagged {
				if argm, perr = untagArgs(spec, op, argm); perr != nil {
					resp = Response{Err: &RespError{Kind: KindCrash, Message: perr.Error()}}
					break
				}
			}
			served++
			if opts.defect != nil && opts.defect.before(served, op, &id, out) {
				continue
			}
			handled := false
			if opts.defect != nil {
				resp, handled = opts.defect.answer(op, argm)
			}
			if !handled {
				resp = ReferenceIn(spec, op, argm)
			}
		}
		buf = appendAnswer(buf[:0], id, resp)
		if _, err := out.Write(buf); err != nil {
			return err
		}
	}
}

// TagArgs returns a copy of op's arguments in tagged form, the way a
// runner sends them to an adapter that asked for tagged values
// (spec/PROTOCOL.md, "Tagged values"); op is of spec version 1, or of
// version spec for TagArgsIn.
func TagArgs(op string, argm map[string]any) map[string]any { return tagArgs(Spec, op, argm) }

// TagArgsIn is TagArgs for an op of spec version spec.
func TagArgsIn(spec int, op string, argm map[string]any) map[string]any {
	return tagArgs(spec, op, argm)
}

// tagArgs returns a copy of a request's arguments in tagged form: its
// definition-valued arguments (Arg.Def) tagged.
func tagArgs(spec int, op string, argm map[string]any) map[string]any {
	out, _ := mapDefArgs(spec, op, argm, func(v any) (any, error) { return Tag(v), nil })
	return out
}

// untagArgs reads a request's tagged definition-valued arguments.
func untagArgs(spec int, op string, argm map[string]any) (map[string]any, error) {
	return mapDefArgs(spec, op, argm, Untag)
}

// mapDefArgs returns a copy of argm with f applied to each
// definition-valued argument of op, or to each of its values for a Defs
// argument.
func mapDefArgs(spec int, op string, argm map[string]any, f func(any) (any, error)) (map[string]any, error) {
	out := make(map[string]any, len(argm))
	for k, v := range argm {
		out[k] = v
	}
	o := LookupOp(spec, op)
	if o == nil {
		return out, nil
	}
	for _, a := range o.Args {
		if !a.Def {
			continue
		}
		if a.Kind != Defs {
			u, err := f(argm[a.Name])
			if err != nil {
				return nil, fmt.Errorf("argument %q: %v", a.Name, err)
			}
			out[a.Name] = u
			continue
		}
		m, ok := argm[a.Name].(map[string]any)
		if !ok {
			continue
		}
		t := make(map[string]any, len(m))
		for name, def := range m {
			u, err := f(def)
			if err != nil {
				return nil, fmt.Errorf("%s[%q]: %v", a.Name, name, err)
			}
			t[name] = u
		}
		out[a.Name] = t
	}
	return out, nil
}
