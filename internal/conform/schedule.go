package conform

import (
	"hash/fnv"
	"io"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Scheduling the generated cases: workers draw each op's pool and make
// its cases in chunks (gen.go), in an order fixed by the seed, while the
// runner sends the chunks already made.

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
					out := &jobOut{cases: make([]Case, 0, j.hi-j.lo), src: make([]byte, 0, 48*(j.hi-j.lo)), srcEnd: make([]int, 0, j.hi-j.lo)}
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
					out.named()
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
	// enc holds the encodings of the pool's maps and lists, made once the
	// pool is drawn (encOnce) and only read after
	enc     encCache
	encOnce sync.Once
}

// cacheDepth is how many levels of a pool member's arguments enc holds:
// the arguments, a definition or a map of definitions, their fields, and
// the values of those.
const cacheDepth = 4

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
		return g.finish(out, m.args, m.inDomain, g.caseSeed(i, 0), ")")
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
			return g.finish(out, argm, in, seed, ", recombined)")
		}
	}
	argm := pick()
	return g.finish(out, argm, InDomainIn(g.r.spec, g.op, argm), seed, ", a pool member again)")
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
	// src holds the cases' sources one after another, the k-th ending at
	// srcEnd[k]; named cuts them into one string, so a job allocates one
	// string for its sources instead of one per case
	src    []byte
	srcEnd []int
}

// named sets each case's Source, once the job has made its cases.
func (out *jobOut) named() {
	all := string(out.src)
	start := 0
	for k := range out.cases {
		out.cases[k].Source = all[start:out.srcEnd[k]]
		start = out.srcEnd[k]
	}
	out.src, out.srcEnd = nil, nil
}

// finish computes the reference's answer and the request's encoding.
// The request is encoded onto out.buf, and its bytes are kept (the buffer
// is only ever appended to).
func (g *opGen) finish(out *jobOut, argm map[string]any, inDomain bool, seed uint64, how string) *Case {
	if !inDomain {
		inDomain = g.r.inCorpus(g.op, argm) // with --out-of-domain only
	}
	var argsJSON []byte
	if !g.r.direct {
		a := argm
		if g.tagged {
			a = tagArgs(g.r.spec, g.op, a)
		}
		var c encCache
		if !g.tagged && len(g.pool) > 0 {
			g.encOnce.Do(func() {
				g.enc = encCache{}
				for _, m := range g.pool {
					if m.args != nil {
						g.enc.add(m.args, cacheDepth)
					}
				}
			})
			c = g.enc
		}
		start := len(out.buf)
		b, err := appendValue(out.buf, a, c)
		if err != nil {
			out.buf = b[:start]
			return nil
		}
		out.buf = b
		argsJSON = b[start:len(b):len(b)]
	}
	out.cases = append(out.cases, Case{Op: g.op, Args: argm, InDomain: inDomain, argsJSON: argsJSON})
	c := &out.cases[len(out.cases)-1]
	out.src = append(out.src, "generated (seed "...)
	out.src = append(strconv.AppendUint(out.src, seed, 10), how...)
	out.srcEnd = append(out.srcEnd, len(out.src))
	c.Expected = ReferenceIn(g.r.spec, g.op, argm)
	c.Rule = ruleOf(c.Expected)
	if !g.r.direct && !g.r.answers.off.Load() {
		start := len(out.buf)
		if b, ok := appendExpected(out.buf, c.Expected); ok {
			out.buf = b
			c.expected = expectedAnswer{b: b[start:len(b):len(b)], isErr: c.Expected.Err != nil}
		} else {
			out.buf = b[:start]
		}
	}
	return c
}

// encodable reports whether the protocol can carry v (DM-1).
func encodable(v any) bool {
	_, err := Append(nil, v)
	return err == nil
}
