package conform

import (
	"iter"
	"slices"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/props/gen"
)

// The op table. Everything the suite knows of an operation is its entry
// here, and every part reads it: the codec (argument names, which travel
// tagged), the reference dispatcher (Call), the domain check, the
// generator and its recombinations, the shrinker, the vector corpus (the
// rule an accepted answer shows), the report (the order of the ops) and
// the Python adapter's tests, and so do the tests that walk the ops. Adding
// an op is one entry (version 2's are in ops_v2_*.go by family, listed in
// order in ops_v2.go), plus its impl function and its table of rows
// (impl's rowTable), its rule and signature in the spec, its vectors
// (corpus.go, corpus_v2.go) and its mapping in the Python adapter;
// TestOpTableIsComplete, impl's TestEveryOpHasRows and the adapter's
// TestAdapterMapsEveryOp fail until all of them exist.
//
// An entry is one contract: an op whose contract changes from one spec
// version to the next has one entry per contract, under the same name,
// each listing the versions it serves; an op new in version 2 lists only
// 2. Within one version a name has one entry (TestOpTableIsComplete).

// Op is one operation of the protocol, in the spec versions Specs.
type Op struct {
	Name  string
	Specs []int // the spec versions whose contract this entry is
	Args  []Arg // every argument, always present in a request
	// Rule is the rule an accepted answer shows (spec/SPEC.md): the label
	// of the golden catalogue's accepted cases.
	Rule string
	// Call answers a request with package impl. It reads its arguments
	// through a, whose first type fault wins over the error Call returns.
	Call func(a *args) (any, error)
	// Domain reports whether a request holding every argument is in the
	// op's domain in spec version spec (spec/PROTOCOL.md, "Domains": an op
	// version 2 carries is defined on the definitions version 2's
	// validate_tong accepts); nil when every such request is. A non-nil
	// Domain validates definitions, so the runner
	// trusts a closed recombination instead (crossKeepsValidity).
	Domain func(spec int, argm map[string]any) bool
	// Compare is how an adapter's result is judged.
	Compare Compare
	// Gen draws one request. With valid set, it draws only what Domain
	// accepts where it would otherwise draw near misses too.
	Gen func(t gen.T, valid bool) map[string]any
	// DrawEvery is how often a generated case is drawn afresh, one in
	// DrawEvery; 0 for freshEvery. Cheap requests with few fields to
	// recombine are drawn more often.
	DrawEvery int
	// Variety is the share, in percent, of the requests a generated run
	// sends that must differ from one another, at the least (0 for 80):
	// an op with few fields and short values repeats more, as its drawn
	// requests do (2,000 drawn durations hold 1,145 distinct ones, 2,000
	// drawn names 518). TestRecombinedCasesAreVariedAndInDomain holds each
	// op to it.
	Variety int
	// Recombine builds a request from pool members (gen.go,
	// "Recombination"); it sets *open when the result may leave the
	// domain although every member is in it. nil sends pool members only.
	Recombine func(r *rng, pick func() map[string]any, open *bool) map[string]any
	// Shrink, when not nil, yields simpler requests to try before the
	// shrinker's own (shrink.go), for a request whose parts are tied in
	// ways the generic shrinker cannot see.
	Shrink func(argm map[string]any) iter.Seq[map[string]any]
}

// Arg is one argument of an op.
type Arg struct {
	Name string
	Kind ArgKind
	// Def marks a definition-valued argument: one that travels tagged in
	// "values": "tagged" mode (spec/PROTOCOL.md), each of its values for
	// a Defs argument.
	Def bool
}

// ArgKind is the protocol type of an argument.
type ArgKind int

const (
	Any        ArgKind = iota // any value of the data model: a definition, a duration
	Str                       // a string
	OptStr                    // a string or null
	StrList                   // a list of strings
	OptStrList                // a list of strings or null
	StrMap                    // a map of strings
	Defs                      // a map of tong names to definitions
)

// Compare is how an adapter's result is judged against the reference's.
type Compare int

const (
	// Exact: the results are equal JSON values (Equal).
	Exact Compare = iota
	// Validity: the result is {"errors": [str]}; only whether the list is
	// empty is compared (the texts are the implementation's), and the
	// reference's first error names the answer's rule.
	Validity
)

// opTable lists the ops in the order the runner sends them.
var opTable = append(v1Ops, laterOps...)

// laterOps are the entries of spec versions after 1, appended in their
// own files.
var laterOps = v2Ops

// Spec is the spec version a run checks when the adapter names none.
const Spec = 1

var (
	opIndex = func() map[int]map[string]*Op {
		m := map[int]map[string]*Op{}
		for _, o := range opTable {
			for _, s := range o.Specs {
				if m[s] == nil {
					m[s] = map[string]*Op{}
				}
				m[s][o.Name] = o
			}
		}
		return m
	}()
	// Ops lists the names of the ops of spec version Spec, in the order
	// the runner sends them.
	Ops = OpNames(Spec)
)

// LookupOp returns the entry of op in spec version spec (0 is Spec), or
// nil.
func LookupOp(spec int, op string) *Op { return opIndex[max(spec, Spec)][op] }

// OpsOf returns the entries of spec version spec, in the table's order.
func OpsOf(spec int) []*Op {
	spec = max(spec, Spec)
	var out []*Op
	for _, o := range opTable {
		if opIndex[spec][o.Name] == o {
			out = append(out, o)
		}
	}
	return out
}

// OpNames returns the names of the ops of spec version spec.
func OpNames(spec int) []string {
	var out []string
	for _, o := range OpsOf(spec) {
		out = append(out, o.Name)
	}
	return out
}

// lookup is LookupOp in the version a run checks.
func lookup(op string) *Op { return LookupOp(Spec, op) }

// IsOp reports whether op is one of the ops of spec version 1.
func IsOp(op string) bool { return lookup(op) != nil }

// IsAnyOp reports whether op is an op of some spec version.
func IsAnyOp(op string) bool {
	for _, ops := range opIndex {
		if ops[op] != nil {
			return true
		}
	}
	return false
}

// SpecVersions lists the spec versions the table has ops for, in order.
func SpecVersions() []int {
	var out []int
	for spec := range opIndex {
		out = append(out, spec)
	}
	slices.Sort(out)
	return out
}

// VectorFile is the corpus file of the entry's vectors (spec/vectors):
// OP.jsonl for an entry of spec version 1, vN/OP.jsonl for one first in
// version N.
func (o *Op) VectorFile() string {
	if o.Specs[0] == 1 {
		return o.Name + ".jsonl"
	}
	return "v" + string(rune('0'+o.Specs[0])) + "/" + o.Name + ".jsonl"
}

// Domains shared by several ops.

// domainName is the tong name definitions are validated under for the ops
// that take no name.
const domainName = "tong"

// validDef reports whether def is valid under name in spec version spec
// (its validate_tong).
func validDef(spec int, name string, def any) bool {
	if spec >= 2 {
		return len(impl.ValidateTongV2(name, def)) == 0
	}
	return len(impl.ValidateTong(name, def)) == 0
}

// validDefinition: "definition" is a valid definition (validated under
// domainName).
func validDefinition(spec int, argm map[string]any) bool {
	return validDef(spec, domainName, argm["definition"])
}

// validNamed: "definition" is valid under the tong name "name".
func validNamed(spec int, argm map[string]any) bool {
	name, ok := argm["name"].(string)
	return ok && validDef(spec, name, argm["definition"])
}

// validTongs: every definition of "tongs" is valid under its name.
func validTongs(spec int, argm map[string]any) bool {
	tongs, ok := argm["tongs"].(map[string]any)
	if !ok {
		return false
	}
	for name, def := range tongs {
		if !validDef(spec, name, def) {
			return false
		}
	}
	return true
}

// Generators shared by several ops.

// drawTong draws a valid tong or, unless valid, a near miss, half each.
func drawTong(t gen.T, valid bool) gen.Tong {
	if valid || gen.Int(t, "valid?", 0, 1) == 0 {
		return gen.ValidTong(t)
	}
	return gen.NearTong(t)
}

func anyArgv(t gen.T) []string {
	if gen.Int(t, "anvil?", 0, 3) > 0 {
		return gen.AnvilArgv(t)
	}
	return gen.AnyArgv(t)
}

func optional(t gen.T, g func(gen.T) string, label string) any {
	if gen.Int(t, label+"?", 0, 4) == 0 {
		return nil
	}
	return g(t)
}

func socket(t gen.T) string {
	if gen.Int(t, "socket default?", 0, 3) > 0 {
		return "/var/run/docker.sock"
	}
	return gen.AbsPath(t)
}

func orNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func strsToAny(s []string) []any {
	out := make([]any, len(s))
	for i, e := range s {
		out[i] = e
	}
	return out
}

// Recombinations shared by several ops.

// recombineDefinition crosses the definitions of two members.
func recombineDefinition(r *rng, pick func() map[string]any, open *bool) map[string]any {
	return map[string]any{"definition": crossDef(r, pick()["definition"], pick()["definition"], open)}
}

// recombineNamed crosses two members' named definitions, and now and then
// splices the name.
func recombineNamed(r *rng, pick func() map[string]any, open *bool) map[string]any {
	a, b := pick(), pick()
	name, def := crossNamed(r, a["name"], a["definition"], b["name"], b["definition"], open)
	if r.one(8) {
		name = spliceAny(r, name, pick()["name"])
		*open = true
	}
	return map[string]any{"name": name, "definition": def}
}
