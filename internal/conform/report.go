package conform

import (
	"fmt"
	"io"
	"math/big"
	"strings"
	"time"
)

// The report: a run's tallies, divergences and faults, as text for a
// person (WriteText) or as JSON (JSON).

// WriteText writes the report for a person.
func (r *Report) WriteText(w io.Writer) {
	name := clipText(r.AdapterName)
	if r.Adapter != "" {
		name += " (" + clipText(r.Adapter) + ")"
	}
	fmt.Fprintf(w, "tongref conform: %s, spec version %d, seed %d\n", name, max(r.Spec, Spec), r.Seed)
	fmt.Fprintf(w, "checked against: %s\n\n", r.Versions)
	fmt.Fprintf(w, "%-24s %9s %9s %9s %9s %9s\n", "op", "cases", "agree", "diverge", "crash", "skipped")
	var total OpCounts
	for _, op := range r.opNames() {
		c := r.Ops[op]
		fmt.Fprintf(w, "%-24s %9d %9d %9d %9d %9d\n", op, c.Cases, c.Agree, c.Diverge, c.Crash, c.Skipped)
		total.Cases += c.Cases
		total.Agree += c.Agree
		total.Diverge += c.Diverge
		total.Crash += c.Crash
		total.Skipped += c.Skipped
	}
	fmt.Fprintf(w, "%-24s %9d %9d %9d %9d %9d\n", "total", total.Cases, total.Agree, total.Diverge, total.Crash, total.Skipped)
	fmt.Fprintf(w, "\n%d cases in %.2fs: %.0f cases/s\n", r.Cases, r.Elapsed.Seconds(), r.CasesPerSecond())
	fmt.Fprintf(w, "compared: %d vectors, %d generated cases, %d --expect entries; %d skipped\n", r.Compared.Vectors, r.Compared.Generated, r.Compared.Expect, total.Skipped)
	if len(r.UnknownOps) > 0 {
		more := ""
		if n := r.unknownOps - len(r.UnknownOps); n > 0 {
			more = fmt.Sprintf(" and %d more", n)
		}
		fmt.Fprintf(w, "the adapter's hello names ops spec version %d does not have: %s%s\n", max(r.Spec, Spec), strings.Join(r.UnknownOps, ", "), more)
	}

	// where a rule is written: version 2's spec keeps version 1's rules
	// it does not change
	specDocs := "spec/SPEC.md"
	if r.Spec >= 2 {
		specDocs = "spec/SPEC-v2.md, or spec/SPEC.md"
	}
	for i, d := range r.Divergences {
		status := "NEW"
		if d.Known != "" {
			status = "known: " + d.Known
		}
		fmt.Fprintf(w, "\n--- divergence %d: %s: %s (%d cases) [%s]\n", i+1, d.Op, d.Cause, d.Count, status)
		switch {
		case d.Rule != "" && d.Label != "" && d.Label != d.Rule:
			fmt.Fprintf(w, "rule:     %s (%s); the vector is labelled %s\n", d.Rule, specDocs, d.Label)
		case d.Rule != "":
			fmt.Fprintf(w, "rule:     %s (%s)\n", d.Rule, specDocs)
		case d.Label != "":
			fmt.Fprintf(w, "vector:   labelled %s (%s)\n", d.Label, specDocs)
		}
		c, got := d.Case, d.Actual
		if d.Shrunk != nil {
			fmt.Fprintf(w, "found:    %s (%s)\n", clipText(requestText(d.Case)), d.Case.Source)
			fmt.Fprintf(w, "shrunk in %d steps to the minimal request:\n", d.Steps)
			c, got = d.Shrunk, d.ShrunkTo
		} else {
			fmt.Fprintf(w, "source:   %s\n", c.Source)
		}
		fmt.Fprintf(w, "request:  %s\n", clipText(requestText(c)))
		fmt.Fprintf(w, "expected: %s\n", clipText(c.Expected.String()))
		fmt.Fprintf(w, "actual:   %s\n", clipText(got.String()))
	}
	for _, k := range r.Fixed {
		fmt.Fprintf(w, "\n--- fixed: %s %s no longer diverges (%s); remove it from the expect file\n", k.Op, clipText(string(Marshal(k.Args))), clipText(k.Reason))
	}
	if len(r.Faults) > 0 {
		fmt.Fprintf(w, "\nadapter faults (the adapter was restarted after each):\n")
		for _, f := range r.Faults {
			fmt.Fprintf(w, "  %s\n", clipText(f))
		}
		if r.Stderr != "" {
			fmt.Fprintf(w, "adapter stderr (last lines):\n%s\n", indent(clipLines(lastLines(r.Stderr, 20))))
		}
	}
	if r.Aborted != "" {
		fmt.Fprintf(w, "\nrun aborted: %s\n", clipText(r.Aborted))
	}
	if r.NothingCompared() {
		fmt.Fprintf(w, "\nFAIL: no case was compared: %s\n", r.nothingWhy())
		return
	}
	switch {
	case !r.Unexpected() && len(r.Divergences) == 0:
		fmt.Fprintf(w, "\nOK: no divergences\n")
	case !r.Unexpected():
		fmt.Fprintf(w, "\nOK: only known divergences\n")
	default:
		fmt.Fprintf(w, "\nFAIL\n")
	}
}

func (r *Report) opNames() []string {
	set := map[string]bool{}
	for op := range r.Ops {
		set[op] = true
	}
	return sortedOps(max(r.Spec, Spec), set)
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func indent(s string) string { return "  " + strings.ReplaceAll(s, "\n", "\n  ") }

// JSON returns the report in the --json shape of issue 5:
// {"adapter", "seed", "ops": {op: {"cases","agree","diverge","crash","skipped"}},
// "divergences": [{"op","request","expected","actual"}]}, each divergence
// also with its cause, rule, count and whether it is known, and a
// vector's divergence with the vector's own rule label (vector_rule), and
// what the run checked against (versions: module, version, revision,
// spec, protocol, docker_cli) with the spec version checked (spec_version).
func (r *Report) JSON() []byte {
	ops := map[string]any{}
	for op, c := range r.Ops {
		ops[op] = map[string]any{"cases": int64(c.Cases), "agree": int64(c.Agree), "diverge": int64(c.Diverge), "crash": int64(c.Crash), "skipped": int64(c.Skipped)}
	}
	divs := []any{}
	for _, d := range r.Divergences {
		c, got := d.Case, d.Actual
		if d.Shrunk != nil {
			c, got = d.Shrunk, d.ShrunkTo
		}
		m := map[string]any{
			"op": d.Op, "request": clipValue(c.Args), "expected": clipValue(respValue(c.Expected)), "actual": clipValue(respValue(got)),
			"cause": d.Cause, "rule": d.Rule, "count": int64(d.Count), "known": d.Known, "source": c.Source,
		}
		if d.Label != "" {
			m["vector_rule"] = d.Label
		}
		divs = append(divs, m)
	}
	fixed := []any{}
	for _, k := range r.Fixed {
		fixed = append(fixed, map[string]any{"op": k.Op, "request": clipValue(k.Args), "reason": clipText(k.Reason)})
	}
	faults := make([]any, len(r.Faults))
	for i, f := range r.Faults {
		faults[i] = clipText(f)
	}
	out := map[string]any{
		"adapter": clipText(r.Adapter), "adapter_name": clipText(r.AdapterName), "seed": new(big.Int).SetUint64(r.Seed),
		"ops": ops, "divergences": divs, "fixed": fixed, "faults": faults,
		"cases": int64(r.Cases), "seconds": r.Elapsed.Seconds(), "cases_per_second": r.CasesPerSecond(),
		"aborted": clipText(r.Aborted), "ok": !r.Unexpected(),
		"compared":    map[string]any{"vectors": int64(r.Compared.Vectors), "generated": int64(r.Compared.Generated), "expect": int64(r.Compared.Expect)},
		"unknown_ops": strsToAny(r.UnknownOps), "versions": r.Versions.JSON(), "spec_version": int64(max(r.Spec, Spec)),
	}
	return append(Marshal(out), '\n')
}

func respValue(r Response) any {
	if r.Err != nil {
		return map[string]any{"error": map[string]any{"kind": r.Err.Kind, "message": r.Err.Text()}}
	}
	return map[string]any{"result": r.Result}
}

// Divergence is one disagreement, shrunk when it came from the generator.
type Divergence struct {
	Op       string
	Cause    string   // what differs, with the rule of the reference's answer
	Rule     string   // the rule of the reference's answer (Case.Rule)
	Label    string   // the vector's own rule label, when the case is a vector's
	Case     *Case    // the case as found
	Actual   Response // the adapter's answer to Case
	Count    int      // how many cases of the run share Op and Cause
	Shrunk   *Case    // the minimal request, or nil when not shrunk
	ShrunkTo Response // the adapter's answer to Shrunk
	Steps    int      // accepted shrink steps
	Known    string   // the reason from --expect, when known
}

// OpCounts are one op's tallies.
type OpCounts struct {
	Cases, Agree, Diverge, Crash, Skipped int
}

// Report is the outcome of a run.
type Report struct {
	Adapter     string
	AdapterName string
	Seed        uint64
	Ops         map[string]*OpCounts
	Divergences []*Divergence // one per op and cause, in order found
	Fixed       []Known       // expect entries that no longer diverge
	Faults      []string      // protocol faults and restarts, for the report
	Stderr      string        // the adapter's stderr tail, when something went wrong
	Cases       int
	Elapsed     time.Duration
	Aborted     string   // why the run stopped early, or ""
	Versions    Versions // what the run checked against (VersionsOf(Options.Build))
	Spec        int      // the spec version checked
	// Compared counts the cases compared with the reference (answered,
	// not skipped), by where they came from.
	Compared struct{ Vectors, Generated, Expect int }
	// UnknownOps are the names in the adapter's hello that are no op of
	// the spec version checked (each clipped, at most 20).
	UnknownOps []string
	// how many ops the hello named, and how many of them unknown
	helloOps, unknownOps int
}

// NothingCompared reports whether the run compared no case at all: the
// adapter implements none of the ops asked for, or answered unsupported
// to each. Such a run proves nothing and does not pass.
func (r *Report) NothingCompared() bool {
	return r.Compared.Vectors+r.Compared.Generated+r.Compared.Expect == 0
}

func (r *Report) nothingWhy() string {
	switch {
	case r.Aborted != "":
		return "the run was aborted first"
	case r.Cases == 0:
		return "there was no case to send (no vector, --cases 0)"
	case r.helloOps == 0:
		return "the adapter's hello names no op (its \"ops\" list is empty or missing)"
	case r.helloOps == r.unknownOps:
		return "the adapter's hello names only ops this spec version does not have"
	}
	return "the adapter implements none of the ops asked for, or answered unsupported to each"
}

// Unexpected reports whether the run found anything not in --expect, or
// compared nothing.
func (r *Report) Unexpected() bool {
	if len(r.Fixed) > 0 || r.Aborted != "" || r.NothingCompared() {
		return true
	}
	for _, d := range r.Divergences {
		if d.Known == "" {
			return true
		}
	}
	return false
}

// CasesPerSecond is the run's throughput.
func (r *Report) CasesPerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Cases) / r.Elapsed.Seconds()
}
