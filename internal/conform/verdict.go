package conform

import (
	"strings"
)

// Verdicts: how an answer compares with the reference's (by the op's
// Compare), the tallies per op, and the divergences kept for the report,
// one per op and cause.

// Verdict is how one answer compares with the reference.
type Verdict int

const (
	Agree Verdict = iota
	Diverge
	Crash
	Skipped
)

// compare decides a verdict and names the cause of a divergence.
func (r *runner) compare(c *Case, got Response) (Verdict, string) {
	want := c.Expected
	if got.Err != nil {
		switch got.Err.Kind {
		case KindUnsupported:
			return Skipped, ""
		case KindCrash:
			return Crash, "adapter crashes"
		}
	}
	if !c.InDomain {
		return Agree, ""
	}
	if want.Err != nil {
		if got.Err != nil {
			return Agree, ""
		}
		return Diverge, "reference rejects" + ruleSuffix(c) + ", adapter accepts"
	}
	if got.Err != nil {
		return Diverge, "reference accepts, adapter rejects"
	}
	if LookupOp(r.spec, c.Op).Compare == Validity {
		wantValid := validResult(want.Result)
		gotValid, ok := validFlag(got.Result)
		switch {
		case !ok:
			return Diverge, "adapter's result is not {\"errors\": [str]}"
		case wantValid == gotValid:
			return Agree, ""
		case wantValid:
			return Diverge, "reference accepts, adapter rejects"
		}
		return Diverge, "reference rejects" + ruleSuffix(c) + ", adapter accepts"
	}
	if Equal(want.Result, got.Result) {
		return Agree, ""
	}
	return Diverge, "results differ"
}

func ruleSuffix(c *Case) string {
	if c.Rule == "" {
		return ""
	}
	return " [" + c.Rule + "]"
}

func validResult(v any) bool {
	ok, _ := validFlag(v)
	return ok
}

func validFlag(v any) (valid, ok bool) {
	m, isMap := v.(map[string]any)
	l, isList := m["errors"].([]any)
	if !isMap || !isList {
		return false, false
	}
	return len(l) == 0, true
}

func (r *runner) tally(c *Case, v Verdict) {
	oc := r.rep.Ops[c.Op]
	if oc == nil {
		oc = &OpCounts{}
		r.rep.Ops[c.Op] = oc
	}
	oc.Cases++
	r.rep.Cases++
	if v != Skipped {
		switch {
		case c.known > 0:
			r.rep.Compared.Expect++
		case strings.HasPrefix(c.Source, "generated"):
			r.rep.Compared.Generated++
		default:
			r.rep.Compared.Vectors++
		}
	}
	switch v {
	case Agree:
		oc.Agree++
	case Diverge:
		oc.Diverge++
	case Crash:
		oc.Crash++
	case Skipped:
		oc.Skipped++
	}
}

// record keeps a divergence of the main run.
func (r *runner) record(c *Case, v Verdict, actual Response, cause string) {
	if v == Diverge {
		r.noteDivergence(c, actual, v, cause)
	}
	if v == Crash && actual.Err != nil && actual.Err.Kind == KindCrash && !strings.HasPrefix(cause, "protocol") {
		r.noteDivergence(c, actual, v, cause)
	}
}

func (r *runner) noteDivergence(c *Case, actual Response, v Verdict, cause string) {
	if c.known > 0 {
		return
	}
	key := c.Op + "\x00" + cause
	if d := r.groups[key]; d != nil {
		d.Count++
		return
	}
	d := &Divergence{Op: c.Op, Cause: cause, Rule: c.Rule, Label: c.Label, Case: c, Actual: actual, Count: 1, Known: r.knownBy[key]}
	r.groups[key] = d
	r.rep.Divergences = append(r.rep.Divergences, d)
}

func faultClass(err error) string {
	s := err.Error()
	switch {
	case strings.HasPrefix(s, "no answer"):
		return "hang"
	case strings.HasPrefix(s, "the adapter exited"):
		return "exit"
	case strings.Contains(s, "not JSON"):
		return "garbage"
	case strings.Contains(s, "has id"):
		return "wrong id"
	}
	return "malformed answer"
}
