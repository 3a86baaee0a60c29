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

// The known divergences of each test module, one per op and cause.
const (
	expectFile     = "testdata/expected-divergences.jsonl"
	headExpectFile = "testdata/expected-divergences-head.jsonl"
)

// citesRule matches a difference (D7), a defect class of the launcher at
// 42246cf (H8), or a rule (INJ-4) of spec/SPEC.md and spec/SPEC-v2.md.
var citesRule = regexp.MustCompile(`\b(D[0-9]+|H[0-9]+|[A-Z]+-[0-9]+)\b`)

// TestConform runs the conformance suite on the PR #11 test module, as
//
//	go run ./cmd/tongref conform --adapter 'python3 adapters/python/swarmforge_adapter.py --module adapters/python/testdata/swarmforge_tongs.py' \
//	    --cases 200 --seed 1 --expect adapters/python/testdata/expected-divergences.jsonl
//
// does from the repository root: the vector corpus, then 200 generated
// cases per op. Every divergence must be one listed in the expect file, and
// every listed one must still diverge, so the list tracks the Swarmforge
// launcher's differences from the spec (spec/SPEC.md, D1 to D23).
func TestConform(t *testing.T) {
	conformModule(t, testModule, expectFile, 1)
}

// TestConformHead runs it on the test module of the launcher at 42246cf,
// which the adapter serves as spec version 2, against its own expect file
// (spec/SPEC-v2.md, D24 to D45, and the H classes).
func TestConformHead(t *testing.T) {
	conformModule(t, headModule, headExpectFile, 2)
}

// conformModule runs tongref conform on module through the adapter with
// expect, and checks the spec version checked, that nothing unexpected
// diverged, and that every op but canonical_alias (which agrees on every
// definition in its domain) shows a listed difference.
func conformModule(t *testing.T, module, expect string, spec int) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed")
	}
	vecs := corpus(t)
	b, err := os.ReadFile(expect)
	if err != nil {
		t.Fatal(err)
	}
	known, err := conform.ParseExpect(b, expect)
	if err != nil {
		t.Fatal(err)
	}
	for i, k := range known {
		if !citesRule.MatchString(k.Reason) {
			t.Errorf("%s entry %d (%s): reason %q cites no difference (D1), defect class (H1) or rule (DUR-3)", expect, i+1, k.Op, k.Reason)
		}
	}
	rep, err := conform.Run(conform.Options{
		Adapter: "python3 swarmforge_adapter.py --module " + module,
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
	if rep.Spec != spec {
		t.Errorf("spec version checked = %d, want %d (the adapter reads it from the module's signatures)", rep.Spec, spec)
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
			len(unexpected), expect, strings.Join(unexpected, "\n  "), sb.String())
	}
	seen := map[string]bool{}
	for _, d := range rep.Divergences {
		seen[d.Op] = true
	}
	for _, op := range conform.OpNames(spec) {
		if want := op != "canonical_alias"; seen[op] != want {
			t.Errorf("divergences found for %s: %v, want %v", op, seen[op], want)
		}
		if c := rep.Ops[op]; c == nil || c.Cases == 0 || c.Skipped > 0 {
			t.Errorf("%s: %+v, want cases and none skipped (the adapter binds every op)", op, c)
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
