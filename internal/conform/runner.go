package conform

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The runner: Run replays the known divergences, then sends the vector
// corpus, then the generated cases, and shrinks one divergence per op and
// cause. The parts it uses, each in its file: session.go (the adapter
// process, hello, restarts, and the one send and receive), exchange.go
// (pipelined cases), verdict.go, schedule.go (generated cases),
// shrink.go, report.go; client.go is the process transport, stop.go its
// teardown.

// Options configure a conformance run.
type Options struct {
	Adapter     string        // the adapter command (sh -c); "" runs the reference in process
	Cases       int           // generated cases per op
	Seed        uint64        // seed of the generated cases
	Ops         []string      // the ops to check; nil for all of the spec version checked
	Time        time.Duration // generate for about this long, a share per op (generated); 0 for no limit
	Timeout     time.Duration // per-request timeout; 0 for 5s
	OutOfDomain bool          // also send inputs outside each op's domain
	Vectors     []Vector      // sent first (those of the spec version checked)
	Expect      []Known       // known divergences
	Gen         Generator     // nil for PropsGenerator (InDomain unless OutOfDomain)
	// Progress, when not nil, is called now and then with the number of
	// cases answered.
	Progress func(done int)
	// MaxRestarts bounds how often a dying adapter is restarted (default
	// 20; negative for none).
	MaxRestarts int
	// MaxLine is the longest answer line read (default DefaultMaxLine); a
	// longer one is a protocol fault.
	MaxLine int
	// ShrinkBudget bounds the requests spent shrinking one divergence
	// (default 3000).
	ShrinkBudget int
	// Build is the tongref binary making the run; the report names it,
	// with the spec and protocol versions (VersionsOf).
	Build Build
	// Spec is the spec version to check: 0 for the one the adapter
	// implements (its hello answer's "spec"; 1 in process). An adapter
	// implementing another version is refused.
	Spec int
}

// Case is one request the runner sends, with the reference's answer.
type Case struct {
	Op       string
	Args     map[string]any
	Expected Response
	Rule     string // the rule of the reference's answer: its error's, or validate_tong's first error's
	Label    string // the rule a vector is labelled with (Vector.Rule); "" for other cases
	Source   string // "vector parse_duration.jsonl:3", "generated (seed 12)", "expect FILE:2"
	InDomain bool   // judged in full (runner.inDomain); otherwise only crashes count
	known    int    // index+1 of the Known entry it replays
	argsJSON []byte
	expected expectedAnswer // Expected as an answer line writes it (expect.go); nil b for none
}

type runner struct {
	opts     Options
	spec     int // the spec version checked: the adapter's, or Options.Spec
	ad       adapter
	direct   bool // no adapter: the reference answers in process
	tagged   bool
	pipeline bool
	ops      map[string]bool // ops the adapter implements
	skip     map[string]bool // ops answered "unsupported"
	nextID   int64
	restarts int
	rep      *Report
	groups   map[string]*Divergence
	knownBy  map[string]string // op+cause of each replayed known divergence → reason
	corpus   map[string]bool   // op+request of each vector (corpusKey)
	line     []byte
	answers  answerBytes // whether generated cases carry their expected answer's bytes
}

// Run runs the conformance check.
func Run(opts Options) (*Report, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = 5 * time.Second
	}
	if opts.MaxRestarts == 0 {
		opts.MaxRestarts = 20
	}
	if opts.ShrinkBudget == 0 {
		opts.ShrinkBudget = 3000
	}
	for _, op := range opts.Ops {
		if !IsAnyOp(op) {
			return nil, fmt.Errorf("unknown op %q; the ops are %s", op, strings.Join(Ops, ", "))
		}
	}
	r := &runner{opts: opts, groups: map[string]*Divergence{}, knownBy: map[string]string{}, skip: map[string]bool{},
		rep: &Report{Adapter: opts.Adapter, Seed: opts.Seed, Ops: map[string]*OpCounts{}, Versions: VersionsOf(opts.Build)}}
	// the hello exchange says which spec version is checked
	if err := r.start(); err != nil {
		return nil, err
	}
	defer func() {
		if r.ad != nil {
			r.ad.stop()
		}
	}()
	r.rep.Spec = r.spec
	if opts.Ops == nil {
		opts.Ops = OpNames(r.spec)
	}
	for _, op := range opts.Ops {
		if LookupOp(r.spec, op) == nil {
			return nil, fmt.Errorf("op %q is not an op of spec version %d, which the adapter implements; its ops are %s", op, r.spec, strings.Join(OpNames(r.spec), ", "))
		}
	}
	if opts.Gen == nil {
		opts.Gen = PropsGenerator{InDomain: !opts.OutOfDomain, Spec: r.spec}
	}
	// the vectors of the version checked; the others' contracts differ
	var vectors []Vector
	for _, v := range opts.Vectors {
		if v.AppliesTo(r.spec) {
			vectors = append(vectors, v)
		}
	}
	opts.Vectors = vectors
	r.opts = opts
	r.corpus = make(map[string]bool, len(opts.Vectors))
	for _, v := range opts.Vectors {
		if k, ok := corpusKey(v.Op, v.Args); ok {
			r.corpus[k] = true
		}
	}
	for _, op := range opts.Ops {
		r.rep.Ops[op] = &OpCounts{}
	}
	start := time.Now()

	wanted := map[string]bool{}
	for _, op := range opts.Ops {
		wanted[op] = true
	}
	// the known divergences first, so later divergences can be matched
	// against their causes; then the vectors; then the generated cases
	var fixed []*Case
	var known []*Case
	for i, k := range opts.Expect {
		if !wanted[k.Op] {
			continue
		}
		c := r.newCase(k.Op, k.Args, "expect #"+strconv.Itoa(i+1))
		c.known = i + 1
		known = append(known, c)
	}
	r.runCases(sliceSource(known), func(c *Case, v Verdict, actual Response, cause string) {
		if v == Agree {
			fixed = append(fixed, c)
			return
		}
		if v == Diverge || v == Crash {
			r.knownBy[c.Op+"\x00"+cause] = opts.Expect[c.known-1].Reason
		}
	})
	for _, c := range fixed {
		r.rep.Fixed = append(r.rep.Fixed, opts.Expect[c.known-1])
	}
	var vecs []*Case
	for _, v := range opts.Vectors {
		if !wanted[v.Op] {
			continue
		}
		// judged like any other request: against the reference's answer
		// now (which the committed corpus records), the cause naming the
		// rule of that answer; the vector's label goes beside it
		c := r.newCase(v.Op, v.Args, v.Source)
		c.Label = v.Rule
		vecs = append(vecs, c)
	}
	r.runCases(sliceSource(vecs), r.record)
	if r.rep.Aborted == "" {
		r.runCases(r.generated(start), r.record)
	}
	r.rep.Elapsed = time.Since(start)

	// shrink one divergence per op and cause
	for _, d := range r.rep.Divergences {
		if r.rep.Aborted != "" {
			break
		}
		if strings.HasPrefix(d.Case.Source, "generated") {
			r.shrink(d)
		}
	}
	return r.rep, nil
}

// newCase builds a case and the reference's answer to it.
func (r *runner) newCase(op string, argm map[string]any, source string) *Case {
	c := &Case{Op: op, Args: argm, Source: source, InDomain: r.inDomain(op, argm)}
	c.Expected = ReferenceIn(r.spec, op, argm)
	c.Rule = ruleOf(c.Expected)
	return c
}

// inDomain reports whether a request is judged in full, the one rule for
// every case of a run (spec/PROTOCOL.md, "Domains"): when it is in its
// op's domain, or when it is a request of the vector corpus, which states
// the reference's answer to each of its requests, in the domain or not.
// So a vector and an --expect entry or a shrunk request equal to it are
// judged alike.
func (r *runner) inDomain(op string, argm map[string]any) bool {
	return InDomainIn(r.spec, op, argm) || r.inCorpus(op, argm)
}

// inCorpus reports whether op and argm are a vector's request.
func (r *runner) inCorpus(op string, argm map[string]any) bool {
	if len(r.corpus) == 0 {
		return false
	}
	k, ok := corpusKey(op, argm)
	return ok && r.corpus[k]
}

// corpusKey is op and the request's canonical JSON (keys sorted, each
// integer and float written one way), so two equal requests have one key.
func corpusKey(op string, argm map[string]any) (string, bool) {
	b, err := Append([]byte(op+"\x00"), argm)
	return string(b), err == nil
}

// source yields cases until it returns nil.
type source func() *Case

func sliceSource(cs []*Case) source {
	return func() *Case {
		if len(cs) == 0 {
			return nil
		}
		c := cs[0]
		cs = cs[1:]
		return c
	}
}

// requestText renders a case's request for a report.
func requestText(c *Case) string {
	return string(Marshal(map[string]any{"op": c.Op, "args": c.Args}))
}

// specList names the spec versions the runner knows: "1 and 2".
func specList() string {
	var s []string
	for _, v := range SpecVersions() {
		s = append(s, strconv.Itoa(v))
	}
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
