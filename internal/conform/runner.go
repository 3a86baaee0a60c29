package conform

import (
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

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

// Known is a known divergence (spec/PROTOCOL.md, "Known divergences").
type Known struct {
	Op     string
	Args   map[string]any
	Reason string
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
}

// Verdict is how one answer compares with the reference.
type Verdict int

const (
	Agree Verdict = iota
	Diverge
	Crash
	Skipped
)

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
}

// Unexpected reports whether the run found anything not in --expect.
func (r *Report) Unexpected() bool {
	if len(r.Fixed) > 0 || r.Aborted != "" {
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
	defer lessGC()()
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

func (r *runner) start() error {
	if r.opts.Adapter == "" {
		// no adapter: the reference answers each case's own values, with
		// no process, pipe or JSON between (what the runner itself costs)
		r.direct = true
		r.pipeline = true
		r.rep.AdapterName = "tongref (in process)"
		r.spec = max(r.opts.Spec, Spec)
		if len(OpsOf(r.spec)) == 0 {
			return fmt.Errorf("spec version %d is none this runner knows (%s)", r.spec, specList())
		}
		r.ops = map[string]bool{}
		for _, op := range OpNames(r.spec) {
			r.ops[op] = true
		}
		return nil
	}
	p, err := startProcess(r.opts.Adapter, r.opts.MaxLine)
	if err != nil {
		return err
	}
	r.ad = p
	// hello
	id := r.nextID
	r.nextID++
	line := []byte(`{"id":` + strconv.FormatInt(id, 10) + `,"op":"hello","args":{"protocol":` + strconv.Itoa(ProtocolVersion) + `}}` + "\n")
	if err := r.ad.send(line); err != nil {
		return r.helloFault(err)
	}
	if err := r.ad.flush(); err != nil {
		return r.helloFault(err)
	}
	// an adapter may take a while to start (an interpreter, a JIT)
	b, err := r.ad.recv(max(r.opts.Timeout, 10*time.Second))
	if err != nil {
		return r.helloFault(err)
	}
	a, err := parseAnswer(b)
	if err == nil && !sameID(a.id, id) {
		err = fmt.Errorf("the answer has id %s, want %d", Marshal(a.id), id)
	}
	if err == nil && a.resp.Err != nil {
		err = fmt.Errorf("hello was answered with an error: %s", a.resp.Err.Text())
	}
	if err != nil {
		return r.helloFault(err)
	}
	res, _ := a.resp.Result.(map[string]any)
	if p, _ := res["protocol"].(int64); p != ProtocolVersion {
		return r.helloFault(fmt.Errorf("the adapter speaks protocol %s; this runner speaks %d", Marshal(res["protocol"]), ProtocolVersion))
	}
	// "spec" is absent from a version 1 adapter's answer
	spec := Spec
	if s, ok := res["spec"]; ok {
		n, isInt := s.(int64)
		if !isInt || len(OpsOf(int(n))) == 0 {
			return r.helloFault(fmt.Errorf("the adapter implements spec version %s; this runner knows %s", Marshal(s), specList()))
		}
		spec = int(n)
	}
	switch {
	case r.opts.Spec != 0 && spec != r.opts.Spec:
		return r.helloFault(fmt.Errorf("the adapter implements spec version %d, not %d as asked", spec, r.opts.Spec))
	case r.spec != 0 && spec != r.spec:
		return r.helloFault(fmt.Errorf("the adapter, restarted, implements spec version %d, not %d as before", spec, r.spec))
	}
	r.spec = spec
	r.rep.AdapterName, _ = res["name"].(string)
	r.tagged = res["values"] == "tagged"
	r.pipeline = res["pipeline"] != false
	r.ops = map[string]bool{}
	if l, ok := res["ops"].([]any); ok {
		for _, op := range l {
			if s, ok := op.(string); ok {
				r.ops[s] = true
			}
		}
	}
	return nil
}

func (r *runner) helloFault(err error) error {
	msg := fmt.Sprintf("the adapter failed the hello exchange: %v", err)
	if p, ok := r.ad.(*process); ok {
		r.ad.stop()
		msg += "\nexit: " + p.exitStatus()
		if s := p.stderr(); s != "" {
			msg += "\nits stderr:\n" + s
		}
	}
	return errors.New(msg)
}

func (r *runner) restart(why string) bool {
	r.rep.Faults = append(r.rep.Faults, why)
	if p, ok := r.ad.(*process); ok {
		r.ad.stop()
		r.rep.Stderr = p.stderr()
		why += " (" + p.exitStatus() + ")"
		r.rep.Faults[len(r.rep.Faults)-1] = why
	}
	r.restarts++
	if r.restarts > r.opts.MaxRestarts {
		r.rep.Aborted = fmt.Sprintf("the adapter failed %d times; giving up", r.restarts)
		return false
	}
	if err := r.start(); err != nil {
		r.rep.Aborted = "restarting the adapter: " + err.Error()
		return false
	}
	return true
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

// generated yields opts.Cases generated cases per op, in a fixed order for
// a given seed, made by GOMAXPROCS workers, at most 4 (gen.go,
// "Recombination"), so generation overlaps the exchange and uses the
// machine's cores. The ops come one after another, each with its own
// pool, so only one op's pool is alive at a time. Under --time each op
// gets an equal share of the time left when it starts, and at least its
// first chunk of cases, so a short limit still reaches every op; a cut
// run sends, of each op, a prefix of the cases the whole run sends.
func (r *runner) generated(start time.Time) source {
	tagged := r.tagged
	type job struct {
		op   *opGen
		pool bool // draws pool members lo..hi-1; otherwise makes cases lo..hi-1
		lo   int
		hi   int
		out  []*Case
		done chan struct{}
	}
	workers := max(1, min(runtime.GOMAXPROCS(0), 4))
	order := make(chan *job, 2*workers+2)
	jobs := make(chan *job, 64)
	stop := make(chan struct{})
	stopped := func() bool {
		select {
		case <-stop:
			return true
		default:
			return false
		}
	}
	// the feeder queues each op's pool jobs, then its case jobs; workers
	// take jobs in that order, so every pool job of an op has been taken
	// before a case job of it waits for the pool
	go func() {
		defer close(order)
		defer close(jobs)
		for k, op := range r.opts.Ops {
			g := r.newOpGen(op, tagged)
			n := len(g.pool)
			g.left.Store(int64((n + chunk/4 - 1) / (chunk / 4)))
			if n == 0 {
				close(g.ready)
			}
			for lo := 0; lo < n; lo += chunk / 4 {
				select {
				case jobs <- &job{op: g, pool: true, lo: lo, hi: min(lo+chunk/4, n)}:
				case <-stop:
					return
				}
			}
			var until time.Time // the end of the op's share of --time
			if r.opts.Time > 0 {
				left := r.opts.Time - time.Since(start)
				until = time.Now().Add(left / time.Duration(len(r.opts.Ops)-k))
			}
			for lo := 0; lo < r.opts.Cases; lo += chunk {
				if lo > 0 && r.opts.Time > 0 && time.Now().After(until) {
					break
				}
				j := &job{op: g, lo: lo, hi: min(lo+chunk, r.opts.Cases), done: make(chan struct{})}
				select {
				case order <- j:
				case <-stop:
					return
				}
				jobs <- j
			}
		}
	}()
	for w := 0; w < workers; w++ {
		go func() {
			for j := range jobs {
				if j.pool {
					for k := j.lo; k < j.hi; k++ {
						j.op.pool[k] = j.op.draw(k * j.op.every)
					}
					if j.op.left.Add(-1) == 0 {
						close(j.op.ready)
					}
					continue
				}
				<-j.op.ready
				if !stopped() {
					out := &jobOut{cases: make([]Case, 0, j.hi-j.lo)}
					if !r.direct {
						// the job's requests are encoded into one buffer
						out.buf = make([]byte, 0, 64<<10)
					}
					j.out = make([]*Case, 0, j.hi-j.lo)
					for i := j.lo; i < j.hi; i++ {
						if c := j.op.caseAt(i, out); c != nil {
							j.out = append(j.out, c)
						}
					}
				}
				close(j.done)
			}
		}()
	}
	var cur []*Case
	return func() *Case {
		for len(cur) == 0 {
			if r.rep.Aborted != "" {
				if !stopped() {
					close(stop)
				}
				return nil
			}
			j, ok := <-order
			if !ok {
				return nil
			}
			<-j.done
			cur = j.out
		}
		c := cur[0]
		cur = cur[1:]
		return c
	}
}

// opGen makes one op's generated cases.
type opGen struct {
	r      *runner
	op     string
	seed   uint64
	tagged bool
	every  int // one case in every is drawn; the others are recombined
	pool   []member
	in     []int // the members in the op's domain
	all    []int // the members drawn
	ready  chan struct{}
	left   atomic.Int64 // pool jobs not yet done
	inOnce sync.Once
}

func (r *runner) newOpGen(op string, tagged bool) *opGen {
	h := fnv.New64a()
	io.WriteString(h, op)
	every := freshEvery
	if e := LookupOp(r.spec, op).DrawEvery; e > 0 {
		every = e
	}
	n := 0
	if r.opts.Cases > allFresh {
		n = min((r.opts.Cases+every-1)/every, maxPool)
	}
	return &opGen{r: r, op: op, seed: r.opts.Seed ^ h.Sum64(), tagged: tagged, every: every, pool: make([]member, n), ready: make(chan struct{})}
}

func (g *opGen) caseSeed(i int, try uint64) uint64 {
	return g.seed + uint64(i)*0x9e3779b97f4a7c15 + try*0x632be59bd9b4e019
}

// draw draws case i from the generator: the arguments, or nil when 20
// draws gave nothing the run can send.
func (g *opGen) draw(i int) member {
	for try := uint64(0); try < 20; try++ {
		seed := g.caseSeed(i, try)
		argm := g.r.opts.Gen.Generate(g.op, seed)
		if argm == nil {
			continue
		}
		m := member{args: argm, inDomain: InDomainIn(g.r.spec, g.op, argm)}
		// a Go value the protocol cannot carry (a struct, DM-1) is no
		// request: draw again
		if (m.inDomain || g.r.opts.OutOfDomain) && encodable(argm) {
			return m
		}
	}
	return member{}
}

// caseAt makes case i: a pool member, a fresh draw, or a recombination.
func (g *opGen) caseAt(i int, out *jobOut) *Case {
	if len(g.pool) == 0 || i%g.every == 0 {
		m := member{}
		if k := i / g.every; k < len(g.pool) && i%g.every == 0 {
			m = g.pool[k]
		} else {
			m = g.draw(i)
		}
		if m.args == nil {
			return nil
		}
		return g.finish(out, m.args, m.inDomain, "generated (seed "+strconv.FormatUint(g.caseSeed(i, 0), 10)+")")
	}
	g.once()
	from := g.in
	if g.r.opts.OutOfDomain {
		from = g.all
	}
	if len(from) == 0 {
		return nil
	}
	seed := g.caseSeed(i, 0)
	r := rng{s: seed}
	pick := func() map[string]any { return g.pool[from[r.n(len(from))]].args }
	for try := 0; try < 8; try++ {
		argm, closed := recombine(LookupOp(g.r.spec, g.op), &r, pick)
		// from in-domain members only, a closed recombination is in
		// the domain without validating it again
		in := closed && !g.r.opts.OutOfDomain || InDomainIn(g.r.spec, g.op, argm)
		if in || g.r.opts.OutOfDomain {
			return g.finish(out, argm, in, "generated (seed "+strconv.FormatUint(seed, 10)+", recombined)")
		}
	}
	argm := pick()
	return g.finish(out, argm, InDomainIn(g.r.spec, g.op, argm), "generated (seed "+strconv.FormatUint(seed, 10)+", a pool member again)")
}

// once lists the pool's in-domain members, the first time it is needed
// (after the pool is drawn).
func (g *opGen) once() {
	g.inOnce.Do(func() {
		for k, m := range g.pool {
			if m.args != nil {
				g.all = append(g.all, k)
				if m.inDomain {
					g.in = append(g.in, k)
				}
			}
		}
	})
}

// jobOut is where one generation job puts its cases: their requests'
// encodings (not made in process) and the cases themselves, allocated
// together (cases has room for every case of the job, so it never moves).
type jobOut struct {
	buf   []byte
	cases []Case
}

// finish computes the reference's answer and the request's encoding.
// The request is encoded onto out.buf, and its bytes are kept (the buffer
// is only ever appended to).
func (g *opGen) finish(out *jobOut, argm map[string]any, inDomain bool, source string) *Case {
	if !inDomain {
		inDomain = g.r.inCorpus(g.op, argm) // with --out-of-domain only
	}
	var argsJSON []byte
	if !g.r.direct {
		a := argm
		if g.tagged {
			a = tagArgs(g.r.spec, g.op, a)
		}
		start := len(out.buf)
		b, err := Append(out.buf, a)
		if err != nil {
			out.buf = b[:start]
			return nil
		}
		out.buf = b
		argsJSON = b[start:len(b):len(b)]
	}
	out.cases = append(out.cases, Case{Op: g.op, Args: argm, Source: source, InDomain: inDomain, argsJSON: argsJSON})
	c := &out.cases[len(out.cases)-1]
	c.Expected = ReferenceIn(g.r.spec, g.op, argm)
	c.Rule = ruleOf(c.Expected)
	return c
}

// encodable reports whether the protocol can carry v (DM-1).
func encodable(v any) bool {
	_, err := Append(nil, v)
	return err == nil
}

func (r *runner) encodeArgs(c *Case) []byte {
	b, err := r.tryEncode(c)
	if err != nil {
		panic(fmt.Sprintf("conform: a request outside the data model: %v", err))
	}
	return b
}

func (r *runner) tryEncode(c *Case) ([]byte, error) {
	a := c.Args
	if r.tagged {
		a = tagArgs(r.spec, c.Op, a)
	}
	return Append(nil, a)
}

// inflight is a sent case awaiting its answer.
type inflight struct {
	c  *Case
	id int64
}

// runCases sends the cases of src, pipelined, and hands each verdict to
// done.
func (r *runner) runCases(src source, done func(c *Case, v Verdict, actual Response, cause string)) {
	var pending []inflight
	var resend []*Case
	if r.direct {
		for c := src(); c != nil; c = src() {
			got := ReferenceIn(r.spec, c.Op, c.Args)
			got.Rule = ""
			v, cause := r.compare(c, got)
			r.tally(c, v)
			done(c, v, got, cause)
			if r.opts.Progress != nil && r.rep.Cases%4096 == 0 {
				r.opts.Progress(r.rep.Cases)
			}
		}
		return
	}
	exhausted := false
	win := window
	if !r.pipeline {
		win = 1
	}
	answered := 0
	next := func() *Case {
		if len(resend) > 0 {
			c := resend[0]
			resend = resend[1:]
			return c
		}
		if exhausted {
			return nil
		}
		c := src()
		if c == nil {
			exhausted = true
		}
		return c
	}
	for {
		if r.rep.Aborted != "" {
			return
		}
		// fill the window when it is half empty
		if len(pending) <= win/2 {
			for len(pending) < win {
				c := next()
				if c == nil {
					break
				}
				if r.skip[c.Op] || !r.ops[c.Op] {
					r.tally(c, Skipped)
					continue
				}
				if c.argsJSON == nil {
					c.argsJSON = r.encodeArgs(c)
				}
				id := r.nextID
				r.nextID++
				r.line = r.line[:0]
				r.line = append(r.line, `{"id":`...)
				r.line = strconv.AppendInt(r.line, id, 10)
				r.line = append(r.line, `,"op":`...)
				r.line = AppendString(r.line, c.Op)
				r.line = append(r.line, `,"args":`...)
				r.line = append(r.line, c.argsJSON...)
				r.line = append(r.line, "}\n"...)
				if err := r.ad.send(r.line); err != nil {
					break // the adapter is gone; recv says how
				}
				pending = append(pending, inflight{c, id})
			}
			r.ad.flush()
		}
		if len(pending) == 0 {
			return
		}
		head := pending[0]
		b, err := r.ad.recv(r.opts.Timeout)
		var a answer
		if err == nil {
			a, err = parseAnswer(b)
			if err == nil && !sameID(a.id, head.id) {
				err = fmt.Errorf("the answer has id %s, want %d", Marshal(a.id), head.id)
			}
		}
		if err != nil {
			switch {
			case errors.Is(err, errTimeout):
				err = fmt.Errorf("no answer within %v", r.opts.Timeout)
			case errors.Is(err, io.EOF):
				err = errors.New("the adapter exited")
			}
			why := fmt.Sprintf("%s request %s: %v", head.c.Op, requestText(head.c), err)
			actual := Response{Err: &RespError{Kind: KindCrash, Message: err.Error()}}
			r.tally(head.c, Crash)
			done(head.c, Crash, actual, "protocol fault: "+faultClass(err))
			r.noteDivergence(head.c, actual, Crash, "protocol fault: "+faultClass(err))
			for _, p := range pending[1:] {
				resend = append(resend, p.c)
			}
			pending = pending[:0]
			if !r.restart(why) {
				return
			}
			if !r.pipeline {
				win = 1
			}
			continue
		}
		pending = pending[1:]
		v, cause := r.compare(head.c, a.resp)
		if v == Skipped {
			r.skip[head.c.Op] = true
		}
		r.tally(head.c, v)
		done(head.c, v, a.resp, cause)
		answered++
		if r.opts.Progress != nil && answered%4096 == 0 {
			r.opts.Progress(r.rep.Cases)
		}
	}
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

func (r *runner) tally(c *Case, v Verdict) {
	oc := r.rep.Ops[c.Op]
	if oc == nil {
		oc = &OpCounts{}
		r.rep.Ops[c.Op] = oc
	}
	oc.Cases++
	r.rep.Cases++
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

// requestText renders a case's request for a report.
func requestText(c *Case) string {
	return string(Marshal(map[string]any{"op": c.Op, "args": c.Args}))
}

// lessGC lets the heap grow to 5 times the live data between collections
// instead of 2 (GOGC=400), unless GOGC is set: the runner's and the
// adapter's live heaps are small (the pool, the window), and at the
// default the collector took a fifth of a run's CPU time. It returns the
// function that restores the setting.
func lessGC() func() {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(400)
	return func() { debug.SetGCPercent(old) }
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
