package conform

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// generate runs the runner's case generation alone, in spec version
// opts.Spec (0 for Spec), and returns each case as one line: op, source
// and request.
func generate(opts Options) []string {
	spec := max(opts.Spec, Spec)
	if opts.Gen == nil {
		opts.Gen = PropsGenerator{InDomain: !opts.OutOfDomain, Spec: spec} // as Run does
	}
	if opts.Ops == nil {
		opts.Ops = OpNames(spec)
	}
	r := &runner{opts: opts, spec: spec, rep: &Report{}}
	src := r.generated(time.Now())
	var out []string
	for c := src(); c != nil; c = src() {
		out = append(out, fmt.Sprintf("%s %s %s", c.Op, c.Source, Marshal(c.Args)))
	}
	return out
}

// TestGeneratedIsDeterministic checks, in every spec version, a seed
// gives the same cases in the same order whatever the number of
// generation workers (GOMAXPROCS), and another seed other cases.
func TestGeneratedIsDeterministic(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	for _, spec := range SpecVersions() {
		opts := Options{Cases: 700, Seed: 5, Spec: spec}
		runtime.GOMAXPROCS(1)
		one := generate(opts)
		runtime.GOMAXPROCS(4)
		four := generate(opts)
		if diff := cmp.Diff(one, four); diff != "" {
			t.Errorf("spec %d, seed 5 with 1 and 4 workers (-1 +4):\n%s", spec, diff)
		}
		if n := len(OpNames(spec)); len(one) < n*690 {
			t.Errorf("spec %d: %d cases, want about %d × 700", spec, len(one), n)
		}
		opts.Seed = 6
		if other := generate(opts); cmp.Equal(one, other) {
			t.Errorf("spec %d: seeds 5 and 6 gave the same cases", spec)
		}
	}
}

// TestRecombinedCasesAreVariedAndInDomain checks, in every spec version,
// the recombined cases (31 in 32 of a run) stay in their op's domain,
// differ from one another (a recombination that gave back its first
// parent would repeat the pool, a 32nd of the cases), and still reach the
// rules the drawn cases reach.
func TestRecombinedCasesAreVariedAndInDomain(t *testing.T) {
	for _, spec := range SpecVersions() {
		t.Run(fmt.Sprintf("spec %d", spec), func(t *testing.T) { recombinedVariedInDomain(t, spec) })
	}
}

func recombinedVariedInDomain(t *testing.T, spec int) {
	const n = 2000
	r := &runner{opts: Options{Cases: n, Seed: 1, Gen: PropsGenerator{InDomain: true, Spec: spec}, Ops: OpNames(spec)}, spec: spec, rep: &Report{}}
	src := r.generated(time.Now())
	distinct := map[string]map[string]bool{}
	recombined := map[string]int{}
	rules := map[string]bool{}
	for c := src(); c != nil; c = src() {
		if !c.InDomain || !InDomainIn(spec, c.Op, c.Args) {
			t.Fatalf("%s %s (%s) is outside the op's domain", c.Op, Marshal(c.Args), c.Source)
		}
		if distinct[c.Op] == nil {
			distinct[c.Op] = map[string]bool{}
		}
		distinct[c.Op][string(Marshal(c.Args))] = true
		if strings.HasSuffix(c.Source, "recombined)") {
			recombined[c.Op]++
			if c.Op == "validate_tong" && c.Rule != "" {
				rules[c.Rule] = true
			}
		}
	}
	for _, o := range OpsOf(spec) {
		op := o.Name
		// the op's own share (Op.Variety), for ops whose few fields and
		// short values repeat as drawn ones do
		pct := o.Variety
		if pct == 0 {
			pct = 80
		}
		if got, want := len(distinct[op]), n*pct/100; got < want {
			t.Errorf("%s: %d distinct requests in %d, want at least %d (%d%%, Op.Variety)", op, got, n, want, pct)
		}
		if recombined[op] < n/2 {
			t.Errorf("%s: %d recombined cases in %d, want most", op, recombined[op], n)
		}
	}
	if len(rules) < 15 {
		t.Errorf("recombined validate_tong cases broke %d rules (%v), want at least 15", len(rules), rules)
	}
}

// TestTimeLimitReachesEveryOp checks --time cuts a run short without
// starving the later ops: each op gets a share of the time left, and at
// least its first chunk of cases, so even a limit already passed when
// generation starts reaches every op; of each op, the cut run sends a
// prefix of the cases the whole run sends.
func TestTimeLimitReachesEveryOp(t *testing.T) {
	const n = 3 * chunk
	byOp := func(lines []string) map[string][]string {
		m := map[string][]string{}
		for _, l := range lines {
			op := strings.Fields(l)[0]
			m[op] = append(m[op], l)
		}
		return m
	}
	whole := byOp(generate(Options{Cases: n, Seed: 3}))
	cut := byOp(generate(Options{Cases: n, Seed: 3, Time: time.Nanosecond}))
	for _, op := range Ops {
		w, c := whole[op], cut[op]
		// a chunk, less the few draws that gave nothing to send
		if len(c) < chunk*9/10 || len(c) > chunk {
			t.Errorf("with --time 1ns: %d cases of %s, want its first chunk (%d)", len(c), op, chunk)
		}
		if len(c) >= len(w) {
			t.Errorf("with --time 1ns: %d cases of %s, want fewer than the %d of the whole run", len(c), op, len(w))
			continue
		}
		if diff := cmp.Diff(w[:len(c)], c); diff != "" {
			t.Errorf("%s: the cut run is not a prefix of the whole run (-whole +cut):\n%s", op, diff)
		}
	}
}

// TestTimeLimitedRun checks the same through Run: a run limited to 200ms
// of 20,000 cases per op stops early and has generated cases of every op.
func TestTimeLimitedRun(t *testing.T) {
	rep, err := Run(Options{Cases: 20000, Seed: 1, Time: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Cases >= 20000*len(Ops) {
		t.Errorf("Run with --time 200ms sent all %d cases; want it cut short", rep.Cases)
	}
	for _, op := range Ops {
		if c := rep.Ops[op]; c == nil || c.Cases < chunk*9/10 {
			t.Errorf("Run with --time 200ms: %s has %+v, want at least a chunk of cases", op, c)
		}
	}
	t.Logf("%d cases in %v", rep.Cases, rep.Elapsed)
}

// TestTimeIsShared checks each op gets a share of --time, not only its
// first chunk: of two ops as cheap as each other, the second, which starts
// when the first has used its half, still gets many chunks of cases.
func TestTimeIsShared(t *testing.T) {
	ops := []string{"shared_container_name", "session_container_name"}
	// a second: with 200ms, a loaded machine (go test ./... runs the
	// packages side by side on 2 cores) left the second op its first
	// chunk alone in half the runs
	rep, err := Run(Options{Cases: 1 << 20, Seed: 1, Ops: ops, Time: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	first, second := rep.Ops[ops[0]].Cases, rep.Ops[ops[1]].Cases
	t.Logf("%s: %d cases, %s: %d cases, in %v", ops[0], first, ops[1], second, rep.Elapsed)
	// without shares the second op gets its first chunk alone; a loaded
	// machine can leave it a tenth of the first op's cases
	if second < 4*chunk {
		t.Errorf("with --time 1s: %d cases of %s and %d of %s; want the second op to get a share of the time", first, ops[0], second, ops[1])
	}
}

// TestClosedRecombinationsStayInDomain checks crossKeepsValidity (gen.go),
// on which the runner relies to send a closed recombination without
// validating it again: for each op whose domain is validated definitions,
// thousands of recombinations of in-domain pool members, every closed one
// in the domain, in every spec version. It also shows why the open ones are checked: merging two
// valid envs can leave the domain (ENV-6).
func TestClosedRecombinationsStayInDomain(t *testing.T) {
	n := 6000
	if testing.Short() {
		n = 1000
	}
	openOut := 0
	for _, spec := range SpecVersions() {
		for _, o := range OpsOf(spec) {
			if o.Domain == nil {
				continue
			}
			op := o.Name
			var pool []map[string]any
			for seed := uint64(1); len(pool) < 300; seed++ {
				if a := (PropsGenerator{Spec: spec}).Generate(op, seed*0x9e3779b97f4a7c15); a != nil && InDomainIn(spec, op, a) {
					pool = append(pool, a)
				}
			}
			closedIn := 0
			for i := 0; i < n; i++ {
				r := rng{s: uint64(i)}
				argm, closed := recombine(o, &r, func() map[string]any { return pool[r.n(len(pool))] })
				in := InDomainIn(spec, op, argm)
				switch {
				case closed && !in:
					t.Fatalf("recombine(spec %d %s, seed %d) = %s, closed, but it is outside the domain: %s", spec, op, i, Marshal(argm), ReferenceIn(spec, "validate_tong", map[string]any{"name": domainNameOf(op, argm), "definition": argm["definition"]}))
				case closed:
					closedIn++
				case !in:
					openOut++
				}
			}
			t.Logf("spec %d %s: %d of %d recombinations closed", spec, op, closedIn, n)
			if closedIn < n/2 {
				t.Errorf("spec %d %s: %d of %d recombinations closed, want most (the rest are validated again)", spec, op, closedIn, n)
			}
		}
	}
	t.Logf("%d open recombinations outside the domain", openOut)
	if openOut == 0 {
		t.Errorf("no open recombination left the domain; the name splice needs no check, or the test lost its reach")
	}

	// two valid envs merged: the secret TOKEN of one beside the TOKEN_FILE
	// of the other breaks ENV-6
	a := with(tong("port"), "env", map[string]any{"TOKEN": "${secret:op:op://vault/item/token}"})
	b := with(tong("port"), "env", map[string]any{"TOKEN_FILE": "/tmp/token"})
	for _, def := range []map[string]any{a, b} {
		if errs := Reference("validate_tong", map[string]any{"name": "db", "definition": def}); !validResult(errs.Result) {
			t.Fatalf("validate_tong(%s) = %s, want valid", Marshal(def), errs)
		}
	}
	merged := false
	for seed := uint64(0); seed < 64 && !merged; seed++ {
		open := false
		r := rng{s: seed}
		def := cross(&r, a, b, false, &open)
		if env, _ := def["env"].(map[string]any); len(env) == 2 {
			merged = true
			got := Reference("validate_tong", map[string]any{"name": "db", "definition": def})
			if !open || validResult(got.Result) || got.Rule != "ENV-6" {
				t.Errorf("cross(%s, %s) = %s, open %v: validate_tong = %s, want open and refused by ENV-6", Marshal(a), Marshal(b), Marshal(def), open, got)
			}
		}
	}
	if !merged {
		t.Errorf("no cross of 64 seeds merged the envs")
	}
}

// domainNameOf is the name a request's definition is validated under.
func domainNameOf(op string, argm map[string]any) string {
	if name, ok := argm["name"].(string); ok {
		return name
	}
	return domainName
}

// TestPropsGeneratorInDomain checks PropsGenerator.InDomain draws only
// requests in the op's domain, for each op it draws otherwise than
// without it, and that without it those ops draw near misses too.
func TestPropsGeneratorInDomain(t *testing.T) {
	// the ops whose generator draws near misses unless valid is set
	for _, op := range []string{"readiness_settings", "canonical_alias", "tong_mount_specs", "tong_resource_flags"} {
		out := 0
		for seed := uint64(1); seed <= 200; seed++ {
			s := seed * 0x9e3779b97f4a7c15
			if a := (PropsGenerator{InDomain: true}).Generate(op, s); a == nil || !InDomain(op, a) {
				t.Fatalf("PropsGenerator{InDomain: true}.Generate(%s, %d) = %s, outside the domain", op, s, Marshal(a))
			}
			if a := (PropsGenerator{}).Generate(op, s); a != nil && !InDomain(op, a) {
				out++
			}
		}
		if out < 50 {
			t.Errorf("PropsGenerator{}.Generate(%s, ...): %d of 200 outside the domain, want about half", op, out)
		}
	}
}
