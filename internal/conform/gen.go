package conform

import (
	"unicode/utf8"

	"github.com/tongref/tongref/props/gen"
)

// A Generator makes the arguments of one generated request of op from a
// seed, the same arguments for the same seed.
type Generator interface {
	Generate(op string, seed uint64) map[string]any
}

// PropsGenerator draws requests with each op's generator (Op.Gen), built
// on the generators of package props/gen (the ones the properties use),
// from gen.New: a source of its own, seeded by the case's seed (the
// package doc of props/gen says why not rapid's).
type PropsGenerator struct {
	// InDomain draws, for the ops whose domain is valid definitions and
	// which otherwise draw a near miss half the time, valid definitions
	// only: a run without --out-of-domain would draw again for every near
	// miss. Run sets it unless --out-of-domain.
	InDomain bool
	// Spec is the spec version whose ops are drawn; 0 is version 1. Run
	// sets it to the version the adapter implements.
	Spec int
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// Generate draws the arguments of one request of op.
func (p PropsGenerator) Generate(op string, seed uint64) map[string]any {
	o := LookupOp(max(p.Spec, Spec), op)
	if o == nil || o.Gen == nil {
		return nil
	}
	return o.Gen(gen.New(seed), p.InDomain)
}

// Recombination. Drawing one request with its op's generator costs 1 to
// 90 µs (BenchmarkDraw-like timing of PropsGenerator.Generate per op on
// the 2-core machine under a load average of 25; rapid's Example, which
// the runner used before gen.New, cost 2.5 to 50 times more), which would
// cap a run far below what the reference answers. So the runner draws a
// pool of requests per op, one for every freshEvery cases (the pool's
// members are themselves sent, as those cases), and builds the other cases
// from pool members: a definition's fields crossed with another's (the
// interface, its readiness and the tong's name travel together, since the
// rules tie them), arguments taken from different members, strings and
// argvs spliced (a prefix of one with a suffix of another). A recombined
// case is kept only when it is in its op's domain (or --out-of-domain asks
// for the rest too); otherwise another recombination is tried, and after a
// few a pool member is sent again. Everything derives from the case's
// seed, so a run is the same for the same --seed.
const (
	freshEvery = 32   // one case in freshEvery is a pool member, drawn from the generator
	allFresh   = 64   // runs of at most this many cases per op draw every case
	maxPool    = 4096 // pool members per op at most; later fresh cases are drawn anew
	chunk      = 256  // cases one generation job makes
)

// member is one pool request, with what the runner needs to know of it.
type member struct {
	args     map[string]any
	inDomain bool
}

// rng is splitmix64: cheap, and a pure function of its seed.
type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// n returns a number in [0, k); k > 0.
func (r *rng) n(k int) int { return int(r.next() % uint64(k)) }

// one reports true one time in k.
func (r *rng) one(k int) bool { return r.n(k) == 0 }

// recombine builds op's arguments from pool members; pick returns a
// random member's arguments. closed reports that the arguments are in the
// op's domain whenever every member pick returns is (see
// crossKeepsValidity); the runner then need not validate them again.
func recombine(o *Op, r *rng, pick func() map[string]any) (argm map[string]any, closed bool) {
	// open is set by a step that may leave the domain: a name spliced,
	// two envs merged
	if o.Recombine == nil {
		return pick(), o.Domain != nil
	}
	open := false
	argm = o.Recombine(r, pick, &open)
	// for the ops whose domain is not validated definitions, InDomain
	// costs next to nothing
	return argm, !open && o.Domain != nil
}

// defFields are the fields of a definition (spec/SPEC.md §5).
var defFields = []string{"lifecycle", "image", "interface", "readiness", "env", "mounts", "networks", "resources"}

var defFieldSet = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range defFields {
		m[k] = true
	}
	return m
}()

// defGroup is the definition fields that travel together in a crossing:
// the interface decides which readiness modes and tong names are valid.
var defGroup = map[string]bool{"interface": true, "readiness": true}

// crossNamed crosses two named definitions; the name goes with the
// interface.
func crossNamed(r *rng, an, ad, bn, bd any, open *bool) (any, any) {
	am, aok := ad.(map[string]any)
	bm, bok := bd.(map[string]any)
	if !aok || !bok {
		if r.one(2) {
			return bn, bd
		}
		return an, ad
	}
	fromB := r.one(2)
	def := cross(r, am, bm, fromB, open)
	if fromB {
		return bn, def
	}
	return an, def
}

// crossDef crosses two definitions, or picks one when either is not a map.
func crossDef(r *rng, a, b any, open *bool) any {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if !aok || !bok {
		if r.one(2) {
			return b
		}
		return a
	}
	return cross(r, am, bm, r.one(2), open)
}

// cross takes the interface group from b when groupFromB, from a
// otherwise, and every other field from a or b at random (absent when the
// chosen one lacks it); now and then the two env maps are merged, which
// sets *open.
//
// crossKeepsValidity: the cross of two definitions validate_tong accepts,
// named as crossNamed names it, is accepted, unless the envs were merged.
// ValidateTong(name, def) is a conjunction of checks that each read one
// top-level field of def, whole (checkTree per key, and LIFE, IMG, ENV,
// MNT, NET, RES), except the interface's (IF, which reads the name too)
// and the readiness's (RDY, which reads the interface's kind). A cross
// takes the interface, the readiness and the name together from one
// parent and every other top-level field whole from one parent, present
// or absent as there, so every check sees what it passed in that parent.
// A merged env is new: a secret K of one parent beside K_FILE of the other
// breaks ENV-6. TestClosedRecombinationsStayInDomain checks this on
// thousands of crosses of each op; a rule that ties two other fields
// together would break it.
func cross(r *rng, a, b map[string]any, groupFromB bool, open *bool) map[string]any {
	// a definition has at most the 8 fields of defFields: a map made for
	// 8 is one group, where a hint above 8 makes a table
	out := make(map[string]any, 8)
	bits := r.next()
	// one bit of the draw per key, by a hash of the key, so a key in both
	// is taken from one of them
	fromB := func(k string) bool {
		if defGroup[k] {
			return groupFromB
		}
		return bits>>(keyBit(k)&63)&1 == 1
	}
	// the fields a definition has, by name, then (in near misses) any other
	na, nb := 0, 0
	for _, k := range defFields {
		av, inA := a[k]
		bv, inB := b[k]
		if inA {
			na++
		}
		if inB {
			nb++
		}
		if fromB(k) {
			av, inA = bv, inB
		}
		if inA {
			out[k] = av
		}
	}
	if na < len(a) {
		for k, v := range a {
			if _, known := defFieldSet[k]; !known && !fromB(k) {
				out[k] = v
			}
		}
	}
	if nb < len(b) {
		for k, v := range b {
			if _, known := defFieldSet[k]; !known && fromB(k) {
				out[k] = v
			}
		}
	}
	if ae, ok := a["env"].(map[string]any); ok && r.one(4) {
		if be, ok := b["env"].(map[string]any); ok {
			env := make(map[string]any, len(ae)+len(be))
			for k, v := range ae {
				env[k] = v
			}
			for k, v := range be {
				env[k] = v
			}
			out["env"] = env
			*open = true
		}
	}
	return out
}

func keyBit(k string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(k); i++ {
		h = (h ^ uint64(k[i])) * 1099511628211
	}
	return h
}

// spliceAny joins a prefix of a with a suffix of b, for two strings or two
// lists of strings; otherwise it returns a or b.
func spliceAny(r *rng, a, b any) any {
	switch a := a.(type) {
	case string:
		if b, ok := b.(string); ok {
			return a[:runeStart(a, r.n(len(a)+1))] + b[runeStart(b, r.n(len(b)+1)):]
		}
	case []any:
		if b, ok := b.([]any); ok {
			i, j := r.n(len(a)+1), r.n(len(b)+1)
			out := make([]any, 0, i+len(b)-j)
			return append(append(out, a[:i]...), b[j:]...)
		}
	}
	if r.one(2) {
		return b
	}
	return a
}

// runeStart moves i back to the start of the UTF-8 sequence it is in, so
// a splice never cuts a character in two.
func runeStart(s string, i int) int {
	for i > 0 && i < len(s) && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

// swapCase swaps the case of the ASCII letters of s.
func swapCase(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case 'a' <= c && c <= 'z':
			b[i] = c - 32
		case 'A' <= c && c <= 'Z':
			b[i] = c + 32
		}
	}
	return string(b)
}

// graft replaces a random subtree of a (a itself, at times) by a random
// subtree of b, copying only the maps and lists on the way down.
func graft(r *rng, a, b any, depth int) any {
	if depth > 8 || depth > 0 && r.one(3) {
		return subtree(r, b, 0)
	}
	switch a := a.(type) {
	case map[string]any:
		if len(a) > 0 {
			keys := sortedKeys(a)
			k := keys[r.n(len(keys))]
			out := copyMap(a)
			out[k] = graft(r, a[k], b, depth+1)
			return out
		}
	case []any:
		if len(a) > 0 {
			out := append([]any(nil), a...)
			i := r.n(len(a))
			out[i] = graft(r, a[i], b, depth+1)
			return out
		}
	}
	return subtree(r, b, 0)
}

// subtree returns v or, at times, a random subtree of it.
func subtree(r *rng, v any, depth int) any {
	if depth > 8 || r.one(2) {
		return v
	}
	switch v := v.(type) {
	case map[string]any:
		if len(v) > 0 {
			keys := sortedKeys(v)
			return subtree(r, v[keys[r.n(len(keys))]], depth+1)
		}
	case []any:
		if len(v) > 0 {
			return subtree(r, v[r.n(len(v))], depth+1)
		}
	}
	return v
}

// nudge moves a number to a neighbour: doubled, a third, negated, one
// more; other values stay.
func nudge(r *rng, v any) any {
	switch v := v.(type) {
	case float64:
		switch r.n(4) {
		case 0:
			return v * 2
		case 1:
			return v / 3
		case 2:
			return -v
		}
		return v + 1
	case int64:
		switch r.n(3) {
		case 0:
			return v * 1000
		case 1:
			return -v
		}
		return v + 1
	case int:
		return nudge(r, int64(v))
	}
	return v
}
