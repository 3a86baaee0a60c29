package python_test

import (
	"io/fs"
	"os"
	"os/exec"
	"path"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/tongref/tongref/internal/conform"
	"github.com/tongref/tongref/spec/vectors"
)

// The known divergences of the test module, one per op and cause.
const expectFile = "testdata/expected-divergences.jsonl"

// citesRule matches a difference (D7) or a rule (INJ-4) of spec/SPEC.md.
var citesRule = regexp.MustCompile(`\b(D[0-9]+|[A-Z]+-[0-9]+)\b`)

// TestConform runs the conformance suite on the test module, as
//
//	go run ./cmd/tongref conform --adapter 'python3 adapters/python/swarmforge_adapter.py --module adapters/python/testdata/swarmforge_tongs.py' \
//	    --cases 200 --seed 1 --expect adapters/python/testdata/expected-divergences.jsonl
//
// does from the repository root: the vector corpus, then 200 generated
// cases per op. Every divergence must be one listed in the expect file, and
// every listed one must still diverge, so the list tracks the Swarmforge
// launcher's differences from the spec (spec/SPEC.md, D1 to D20).
func TestConform(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed")
	}
	vecs := corpus(t)
	b, err := os.ReadFile(expectFile)
	if err != nil {
		t.Fatal(err)
	}
	known, err := conform.ParseExpect(b, expectFile)
	if err != nil {
		t.Fatal(err)
	}
	for i, k := range known {
		if !citesRule.MatchString(k.Reason) {
			t.Errorf("%s entry %d (%s): reason %q cites no difference (D1) or rule (DUR-3) of spec/SPEC.md", expectFile, i+1, k.Op, k.Reason)
		}
	}
	rep, err := conform.Run(conform.Options{
		Adapter: "python3 swarmforge_adapter.py --module " + testModule,
		Cases:   200,
		Seed:    1,
		Vectors: vecs,
		Expect:  known,
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.AdapterName != "swarmforge-python" {
		t.Errorf("adapter name = %q, want %q", rep.AdapterName, "swarmforge-python")
	}
	var unexpected []string
	for _, d := range rep.Divergences {
		if d.Known == "" {
			unexpected = append(unexpected, d.Op+": "+d.Cause+" ("+d.Case.Source+")")
		}
	}
	for _, k := range rep.Fixed {
		unexpected = append(unexpected, k.Op+": fixed, still listed: "+k.Reason)
	}
	if rep.Aborted != "" {
		unexpected = append(unexpected, "run aborted: "+rep.Aborted)
	}
	// what makes tongref conform exit 1
	if rep.Unexpected() {
		var sb strings.Builder
		rep.WriteText(&sb)
		t.Errorf("conformance run found %d unexpected divergences, or fixed ones still listed in %s:\n  %s\n\nthe report:\n%s",
			len(unexpected), expectFile, strings.Join(unexpected, "\n  "), sb.String())
	}
	seen := map[string]bool{}
	for _, d := range rep.Divergences {
		seen[d.Op] = true
	}
	// Every op but canonical_alias has a documented difference (D1-D20);
	// canonical_alias agrees on every definition in its domain.
	for _, op := range conform.Ops {
		if want := op != "canonical_alias"; seen[op] != want {
			t.Errorf("divergences found for %s: %v, want %v", op, seen[op], want)
		}
	}
	t.Logf("%d cases in %v: %.0f cases/s", rep.Cases, rep.Elapsed, rep.CasesPerSecond())
}

// corpus reads spec/vectors as tongref conform does, every version's.
func corpus(t *testing.T) []conform.Vector {
	t.Helper()
	names, err := fs.Glob(vectors.Files, "*.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	later, err := fs.Glob(vectors.Files, "v[0-9]*/*.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	sort.Strings(later)
	names = append(names, later...)
	var out []conform.Vector
	for _, name := range names {
		f, err := vectors.Files.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		vs, err := conform.ReadVectors(f, path.Join("spec/vectors", name))
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, vs...)
	}
	return out
}
