package conform

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// generate runs the runner's case generation alone and returns each case
// as one line: op, source and request.
func generate(opts Options) []string {
	if opts.Gen == nil {
		opts.Gen = PropsGenerator{}
	}
	if opts.Ops == nil {
		opts.Ops = Ops
	}
	r := &runner{opts: opts, rep: &Report{}}
	src := r.generated(time.Now())
	var out []string
	for c := src(); c != nil; c = src() {
		out = append(out, fmt.Sprintf("%s %s %s", c.Op, c.Source, Marshal(c.Args)))
	}
	return out
}

// TestGeneratedIsDeterministic checks a seed gives the same cases in the
// same order whatever the number of generation workers (GOMAXPROCS), and
// another seed other cases.
func TestGeneratedIsDeterministic(t *testing.T) {
	opts := Options{Cases: 700, Seed: 5}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	one := generate(opts)
	runtime.GOMAXPROCS(4)
	four := generate(opts)
	if diff := cmp.Diff(one, four); diff != "" {
		t.Errorf("seed 5 with 1 and 4 workers (-1 +4):\n%s", diff)
	}
	if len(one) < 13*690 {
		t.Errorf("%d cases, want about 13 × 700", len(one))
	}
	opts.Seed = 6
	if other := generate(opts); cmp.Equal(one, other) {
		t.Errorf("seeds 5 and 6 gave the same cases")
	}
}

// TestRecombinedCasesAreVariedAndInDomain checks the recombined cases (31
// in 32 of a run) stay in their op's domain, differ from one another (a
// recombination that gave back its first parent would repeat the pool, a
// 32nd of the cases), and still reach the rules the drawn cases reach.
func TestRecombinedCasesAreVariedAndInDomain(t *testing.T) {
	const n = 2000
	r := &runner{opts: Options{Cases: n, Seed: 1, Gen: PropsGenerator{}, Ops: Ops}, rep: &Report{}}
	src := r.generated(time.Now())
	distinct := map[string]map[string]bool{}
	recombined := map[string]int{}
	rules := map[string]bool{}
	for c := src(); c != nil; c = src() {
		if !c.InDomain || !InDomain(c.Op, c.Args) {
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
	for _, op := range Ops {
		// durations, names and trees have few fields and short values,
		// so they repeat more often, as drawn ones do: 2,000 drawn
		// durations hold 1,145 distinct ones, 2,000 drawn names 518
		want := n * 8 / 10
		switch op {
		case "parse_duration", "shared_container_name", "config_hash":
			want = n / 4
		case "alias_collisions", "anvil_option_value", "session_container_name":
			want = n / 2
		}
		if got := len(distinct[op]); got < want {
			t.Errorf("%s: %d distinct requests in %d, want at least %d", op, got, n, want)
		}
		if recombined[op] < n/2 {
			t.Errorf("%s: %d recombined cases in %d, want most", op, recombined[op], n)
		}
	}
	if len(rules) < 15 {
		t.Errorf("recombined validate_tong cases broke %d rules (%v), want at least 15", len(rules), rules)
	}
}
