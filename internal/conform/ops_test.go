package conform

import (
	"bytes"
	"iter"
	"os"
	"path/filepath"
	"testing"
)

// TestOpTableIsComplete walks the op table (ops.go): every entry has a
// name unique within each of its spec versions, typed arguments, a
// reference call, a generator that draws requests holding every argument,
// a rule and a signature in the spec of its first version (spec/SPEC.md;
// a later version's entry may keep version 1's rule or signature, as
// version N's spec keeps them), and vectors in spec/vectors. Adding an op without one
// of them fails here.
func TestOpTableIsComplete(t *testing.T) {
	specs := map[int][]byte{}
	for v, file := range specFiles {
		b, err := os.ReadFile(filepath.Join("../../spec", file))
		if err != nil {
			t.Fatal(err)
		}
		specs[v] = b
	}
	seen := map[int]map[string]bool{}
	for _, o := range opTable {
		if o.Name == "" || len(o.Specs) == 0 {
			t.Errorf("op %q: want a name and at least one spec version", o.Name)
			continue
		}
		for _, s := range o.Specs {
			if seen[s] == nil {
				seen[s] = map[string]bool{}
			}
			if seen[s][o.Name] {
				t.Errorf("op %s: two entries in spec version %d", o.Name, s)
			}
			seen[s][o.Name] = true
			if LookupOp(s, o.Name) != o {
				t.Errorf("LookupOp(%d, %s) is not the table's entry", s, o.Name)
			}
		}
		args := map[string]bool{}
		for _, a := range o.Args {
			if a.Name == "" || args[a.Name] {
				t.Errorf("op %s: argument %q is unnamed or repeated", o.Name, a.Name)
			}
			args[a.Name] = true
			if a.Def && a.Kind != Any && a.Kind != Defs {
				t.Errorf("op %s: argument %s is definition-valued but of kind %d", o.Name, a.Name, a.Kind)
			}
		}
		if o.Call == nil || o.Gen == nil {
			t.Errorf("op %s: want a reference call and a generator", o.Name)
			continue
		}
		// the generator: requests holding exactly the op's arguments,
		// some of them in the domain
		first := o.Specs[0]
		in := 0
		for seed := uint64(1); seed <= 20; seed++ {
			argm := (PropsGenerator{Spec: first}).Generate(o.Name, seed*0x9e3779b97f4a7c15)
			if len(argm) != len(o.Args) {
				t.Errorf("op %s: the generator drew %s, want the arguments %v", o.Name, Marshal(argm), args)
				break
			}
			for k := range argm {
				if !args[k] {
					t.Errorf("op %s: the generator drew argument %q, which the op does not have", o.Name, k)
				}
			}
			if InDomainIn(first, o.Name, argm) {
				in++
			}
		}
		if in == 0 {
			t.Errorf("op %s: none of 20 generated requests is in the domain", o.Name)
		}
		// the spec: a rule, and the op's signature
		spec := specs[first]
		if !bytes.Contains(spec, []byte("**"+o.Rule+"**")) && !bytes.Contains(specs[1], []byte("**"+o.Rule+"**")) {
			t.Errorf("op %s: rule %q is not a rule of spec/%s", o.Name, o.Rule, specFiles[first])
		}
		if !bytes.Contains(spec, []byte("`"+o.Name+"(")) && !bytes.Contains(specs[1], []byte("`"+o.Name+"(")) {
			t.Errorf("op %s: spec/%s states no signature `%s(ARGS) → RESULT`", o.Name, specFiles[first], o.Name)
		}
		// the vectors
		f, err := os.Open(filepath.Join("../../spec/vectors", o.VectorFile()))
		if err != nil {
			t.Errorf("op %s: %v; add its vectors (corpus.go) and run make vectors", o.Name, err)
			continue
		}
		vs, err := ReadVectors(f, o.VectorFile())
		f.Close()
		if err != nil || len(vs) == 0 {
			t.Errorf("op %s: %d vectors in %s (%v), want some", o.Name, len(vs), o.VectorFile(), err)
		}
	}
}

// specFiles are the spec of each spec version, in spec/.
var specFiles = map[int]string{1: "SPEC.md", 2: "SPEC-v2.md"}

// TestShrinkHookComesFirst checks an op's Shrink hook (Op.Shrink) is
// tried before the shrinker's own candidates, and that those follow.
func TestShrinkHookComesFirst(t *testing.T) {
	o := LookupOp(Spec, "shared_container_name")
	defer func(old func(map[string]any) iter.Seq[map[string]any]) { o.Shrink = old }(o.Shrink)
	o.Shrink = func(argm map[string]any) iter.Seq[map[string]any] {
		return func(yield func(map[string]any) bool) { yield(map[string]any{"name": "hook"}) }
	}
	var got []string
	for m := range requestCandidates(o, map[string]any{"name": "abcd"}) {
		got = append(got, m["name"].(string))
	}
	if len(got) < 2 || got[0] != "hook" || got[1] != "" {
		t.Errorf("candidates of {name: abcd} = %q, want the hook's, then the shrinker's from \"\"", got)
	}
}
