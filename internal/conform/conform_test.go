package conform

import (
	"bytes"
	"fmt"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// ---- the codec

var roundTrips = []struct {
	in   string
	want any
	out  string // "" when it is in
}{
	{`null`, nil, ""},
	{`true`, true, ""},
	{`8080`, int64(8080), ""},
	{`-9223372036854775808`, int64(math.MinInt64), ""},
	{`9223372036854775808`, bigInt("9223372036854775808"), ""},
	{`1.0`, 1.0, ""},
	{`1e+16`, 1e16, ""},
	{`1E16`, 1e16, "1e+16"},
	{`1e-05`, 1e-05, ""},
	{`-0.0`, math.Copysign(0, -1), ""},
	{`0.1`, 0.1, ""},
	{`1e400`, math.Inf(1), "Infinity"},
	{`NaN`, math.NaN(), ""},
	{`-Infinity`, math.Inf(-1), ""},
	{`"a\"\\\n\u0001é"`, "a\"\\\n\x01é", ""},
	{`"\u00e9\ud83d\ude00"`, "é😀", `"é😀"`},
	{`"\udcff"`, "\xff", ""},
	{`"\ud800"`, "\xed\xa0\x80", `"\udced\udca0\udc80"`},
	{`[1,[],{}]`, []any{int64(1), []any{}, map[string]any{}}, ""},
	{` {"b": 1, "a": [2.5]} `, map[string]any{"a": []any{2.5}, "b": int64(1)}, `{"a":[2.5],"b":1}`},
}

func bigInt(s string) *big.Int {
	n, _ := new(big.Int).SetString(s, 10)
	return n
}

func TestCodecRoundTrip(t *testing.T) {
	for _, tt := range roundTrips {
		got, err := Decode([]byte(tt.in))
		if err != nil {
			t.Errorf("Decode(%q) error %v", tt.in, err)
			continue
		}
		if !Equal(got, tt.want) || !sameKinds(got, tt.want) {
			t.Errorf("Decode(%q) = %#v, want %#v", tt.in, got, tt.want)
		}
		want := tt.out
		if want == "" {
			want = tt.in
		}
		if out := string(Marshal(got)); out != want {
			t.Errorf("Marshal(Decode(%q)) = %s, want %s", tt.in, out, want)
		}
	}
}

// sameKinds checks integers stay integers and floats floats.
func sameKinds(a, b any) bool {
	_, af := a.(float64)
	_, bf := b.(float64)
	return af == bf
}

func TestDecodeRejects(t *testing.T) {
	for _, in := range []string{`{"a":1,"a":2}`, `01`, `1.`, `.5`, `+1`, `nan`, `"\x"`, "\"\xff\"", `[1,]`, `{"a"}`, `1 2`, `"a` + "\n" + `"`, strings.Repeat("[", 300) + strings.Repeat("]", 300)} {
		if v, err := Decode([]byte(in)); err == nil {
			t.Errorf("Decode(%q) = %v, want an error", in, v)
		}
	}
}

// TestDecodeLimits: an integer of up to MaxIntDigits digits is read, a
// longer one is refused before its text is converted (a million digits
// took tens of seconds); a float's digits are not limited (strconv reads
// them in linear time); an error quotes at most a short prefix of the
// input, however long it is.
func TestDecodeLimits(t *testing.T) {
	max := "9" + strings.Repeat("0", MaxIntDigits-1)
	for _, in := range []string{max, "-" + max, max + ".0", max + "0.5", "1" + strings.Repeat("0", 1<<20) + "e-1048576"} {
		if _, err := Decode([]byte(in)); err != nil {
			t.Errorf("Decode(%.20s… (%d bytes)) = %v, want a number", in, len(in), err)
		}
	}
	start := time.Now()
	for _, in := range []string{max + "0", "-" + max + "0", "[1," + strings.Repeat("7", 1_000_000) + "]"} {
		v, err := Decode([]byte(in))
		if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("more than %d digits", MaxIntDigits)) {
			t.Errorf("Decode(%.20s… (%d bytes)) = %.40v, %v; want an error saying more than %d digits", in, len(in), v, err, MaxIntDigits)
		}
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("refusing three long integers took %v", d)
	}
	for _, in := range []string{"0" + strings.Repeat("1", 1<<20), `{"` + strings.Repeat("k", 1<<20) + `":1,"` + strings.Repeat("k", 1<<20) + `":2}`} {
		if _, err := Decode([]byte(in)); err == nil || len(err.Error()) > 200 {
			t.Errorf("Decode(%.20s… (%d bytes)): error of %d bytes, want a short one: %.300v", in, len(in), len(fmt.Sprint(err)), err)
		}
	}
}

func TestFloatsRoundTripBitForBit(t *testing.T) {
	for _, f := range []float64{5e-324, math.MaxFloat64, 0.1 + 0.2, 1e15, 1e16, 123456789012345678, 3960.0000000000005, 1e-4, 1e-5} {
		b := AppendFloat(nil, f)
		v, err := Decode(b)
		if g, ok := v.(float64); err != nil || !ok || math.Float64bits(g) != math.Float64bits(f) {
			t.Errorf("Decode(AppendFloat(%v) = %s) = %v, %v", f, b, v, err)
		}
	}
}

func TestTagRoundTrip(t *testing.T) {
	v := map[string]any{"type": "x", "value": "y", "n": []any{nil, true, int64(1), bigInt("123456789012345678901234567890"), 1.0, math.NaN(), "s"}}
	back, err := Untag(Tag(v))
	if err != nil || !Equal(back, v) {
		t.Errorf("Untag(Tag(%v)) = %v, %v", v, back, err)
	}
}

// ---- the corpus

// TestCorpusReasons checks each vector is decided the way its row says:
// a row with a why is rejected, a row without one accepted.
func TestCorpusReasons(t *testing.T) {
	for _, v := range Corpus() {
		rejected := v.Expected.Err != nil
		if v.Op == "validate_tong" {
			rejected = !validResult(v.Expected.Result)
		}
		if v.Expected.Err != nil && v.Expected.Err.Bad {
			t.Errorf("%s %s: malformed request: %s", v.Op, Marshal(v.Args), v.Expected.Err.Text())
		}
		if rejected != (v.Why != "") {
			t.Errorf("%s [%s] %s = %s, but the row's why is %q", v.Op, v.Rule, Marshal(v.Args), v.Expected, v.Why)
		}
	}
}

// TestCorpusCoversEveryRule checks every rule of spec/SPEC.md has a
// vector (the LOAD rules of the file reader excepted). DM-5 (no repeated key) is the readers': the protocol's JSON
// refuses a repeated key before any op sees it (TestDecodeRejects).
//
// Each later version's spec (spec/SPEC-v2.md) is checked the same way
// against the vectors of that version and the version 1 vectors of the
// ops it carries.
func TestCorpusCoversEveryRule(t *testing.T) {
	for _, v := range SpecVersions() {
		t.Run(specFiles[v], func(t *testing.T) { checkRulesCovered(t, v) })
	}
}

func checkRulesCovered(t *testing.T, version int) {
	spec, err := os.ReadFile(filepath.Join("../../spec", specFiles[version]))
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{"DM-5": true}
	// launch_commands (PLAN-9 to PLAN-12) is no protocol op: it composes
	// ops the protocol carries into the docker commands a launcher runs,
	// which a launcher does rather than returns; impl's table, the docker
	// CLI check and the golden plans test it.
	for _, r := range []string{"PLAN-9", "PLAN-10", "PLAN-11", "PLAN-12"} {
		covered[r] = true
	}
	for _, v := range Corpus() {
		if v.AppliesTo(version) {
			covered[v.Rule] = true
		}
	}
	var missingRules []string
	for _, m := range regexp.MustCompile(`\*\*([A-Z]+-[0-9]+)\*\*`).FindAllStringSubmatch(string(spec), -1) {
		// LOAD-n are the definition reader's (load), not an op's
		if !covered[m[1]] && !strings.HasPrefix(m[1], "LOAD-") {
			missingRules = append(missingRules, m[1])
		}
	}
	sort.Strings(missingRules)
	if len(missingRules) > 0 {
		t.Errorf("rules of spec/%s without a vector: %v", specFiles[version], missingRules)
	}
}

// TestCommittedCorpusIsCurrent fails when spec/vectors differs from what
// the reference answers now; `make vectors` rewrites it.
func TestCommittedCorpusIsCurrent(t *testing.T) {
	files, err := CorpusFiles("../../golden/testdata")
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join("../../spec/vectors", name))
		if err != nil {
			t.Errorf("%v (run make vectors)", err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("spec/vectors/%s is stale; run make vectors (-committed +now):\n%s", name, cmp.Diff(string(got), string(want)))
		}
	}
	names, _ := filepath.Glob("../../spec/vectors/*.jsonl")
	later, _ := filepath.Glob("../../spec/vectors/v[0-9]*/*.jsonl")
	for _, n := range append(names, later...) {
		rel, _ := filepath.Rel("../../spec/vectors", n)
		if _, ok := files[filepath.ToSlash(rel)]; !ok {
			t.Errorf("%s is not part of the corpus any more; remove it", n)
		}
	}
}

func TestCorpusReadsBack(t *testing.T) {
	files, err := CorpusFiles("../../golden/testdata")
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range files {
		vs, err := ReadVectors(bytes.NewReader(b), name)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			got := ReferenceIn(v.Spec, v.Op, v.Args)
			if (got.Err == nil) != (v.Expected.Err == nil) || (got.Err == nil && !Equal(got.Result, v.Expected.Result)) {
				t.Errorf("%s: Reference(%s) = %s, want %s", v.Source, Marshal(v.Args), got, v.Expected)
			}
		}
	}
}

// shellJoinTest quotes an argv as tongref argv and the golden files do.
func shellJoinTest(argv []string) string {
	q := make([]string, len(argv))
	for i, s := range argv {
		safe := s != ""
		for _, c := range []byte(s) {
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("_@%+=:,./-", c) >= 0) {
				safe = false
			}
		}
		if safe {
			q[i] = s
		} else {
			q[i] = "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return strings.Join(q, " ")
}

// answerLines reads the answer lines of a golden file that follow each
// line beginning with head: "  ARGV" or "  error: MSG", without the indent.
func answerLines(t *testing.T, path, head string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	lines := strings.Split(string(b), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, head) && i+1 < len(lines) {
			out = append(out, strings.TrimPrefix(lines[i+1], "  "))
		}
	}
	return out
}

// TestGoldenVectorsMatchGoldenFiles checks the corpus asks the golden
// catalogue's cases as the golden files pin them: each tong_run_argv
// vector of a catalogue definition, and each inject_anvil_argv vector of
// inject.golden, in order, answers what the golden file says.
func TestGoldenVectorsMatchGoldenFiles(t *testing.T) {
	answer := func(v Vector) string {
		if v.Expected.Err != nil {
			return "error: " + v.Expected.Err.Text()
		}
		l, _ := v.Expected.Result.([]any)
		argv := make([]string, len(l))
		for i, s := range l {
			argv[i], _ = s.(string)
		}
		return shellJoinTest(argv)
	}
	byFrom := map[string][]Vector{}
	for _, v := range Corpus() {
		if v.Op == "tong_run_argv" || v.Op == "inject_anvil_argv" {
			byFrom[v.From] = append(byFrom[v.From], v)
		}
	}
	checked := 0
	for from, vs := range byFrom {
		var golden string
		var head string
		switch {
		case from == "":
			continue
		case strings.HasPrefix(from, "golden/testdata/catalogue/"):
			golden, head = strings.TrimSuffix(strings.TrimSuffix(from, ".yaml"), ".json")+".golden", "network="
		case from == "golden/testdata/inject.golden":
			golden, head = from, "network="
		default:
			t.Errorf("%d vectors from %s, which has no argvs pinned", len(vs), from)
			continue
		}
		want := answerLines(t, "../../"+golden, head)
		var got []string
		for _, v := range vs {
			got = append(got, answer(v))
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("vectors from %s answer otherwise than %s pins (-golden +vectors):\n%s", from, golden, diff)
		}
		checked += len(vs)
	}
	if checked < 6*16+30 {
		t.Errorf("checked %d argv vectors against the golden files, want the catalogue's 6×16 and inject.golden's", checked)
	}
}

// TestEqual pins the comparison of spec/PROTOCOL.md, "Comparison".
func TestEqual(t *testing.T) {
	for _, tt := range []struct {
		a, b any
		want bool
	}{
		{int64(30), int64(30), true},
		{int64(30), int64(31), false},
		{int64(30), 30.0, true},
		{30.0, int64(30), true},
		{0.0, math.Copysign(0, -1), false},
		{int64(0), math.Copysign(0, -1), false},
		{math.NaN(), math.NaN(), true},
		{1.5, 1.5, true},
		{bigInt("9007199254740993"), 9007199254740992.0, false}, // 2^53+1 is no binary64
		{bigInt("9223372036854775808"), bigInt("9223372036854775808"), true},
		{bigInt("9223372036854775808"), 9223372036854775808.0, true},
		{int64(1), true, false},
		{"a", "a", true},
		{[]any{int64(1), "x"}, []any{1.0, "x"}, true},
		{map[string]any{"a": nil}, map[string]any{"b": nil}, false},
	} {
		if got := Equal(tt.a, tt.b); got != tt.want {
			t.Errorf("Equal(%s, %s) = %v, want %v", Marshal(tt.a), Marshal(tt.b), got, tt.want)
		}
	}
}

// TestProtocolVersion checks ProtocolVersion against the title of
// spec/PROTOCOL.md, and the one-line form of Versions.
func TestProtocolVersion(t *testing.T) {
	b, err := os.ReadFile("../../spec/PROTOCOL.md")
	if err != nil {
		t.Fatal(err)
	}
	title, _, _ := strings.Cut(string(b), "\n")
	if want := fmt.Sprintf("# The tongref conformance protocol, version %d", ProtocolVersion); title != want {
		t.Errorf("spec/PROTOCOL.md's title is %q, want %q (ProtocolVersion)", title, want)
	}
	v := Versions{Build: Build{Module: "example.com/t", Version: "v1.2.3", Revision: "0123456789ab"}, Spec: []string{"1", "2"}, Protocol: 1, DockerCLI: "v29.9.3"}
	if got, want := v.String(), "tongref v1.2.3 (rev 0123456789ab), spec v1 and v2, protocol 1, docker CLI v29.9.3"; got != want {
		t.Errorf("Versions.String() = %q, want %q", got, want)
	}
	if got, want := (Versions{}).String(), "tongref unknown, spec unknown, protocol 0, docker CLI unknown"; got != want {
		t.Errorf("Versions{}.String() = %q, want %q", got, want)
	}
}

// TestCandidatesStopWhenAsked checks the shrinker's candidate iterators
// stop at the first candidate a loop takes, for every kind of node (a
// big integer once yielded twice regardless, which panics).
func TestCandidatesStopWhenAsked(t *testing.T) {
	for _, v := range []any{new(big.Int).Lsh(big.NewInt(1), 70), true, int64(7), 2.5, "abc", []any{int64(1), "x"}, map[string]any{"a": new(big.Int).Lsh(big.NewInt(1), 70)}} {
		n := 0
		for range candidates(v, false) {
			n++
			break
		}
		if n != 1 {
			t.Errorf("candidates(%s): %d taken, want 1", Marshal(v), n)
		}
	}
}
