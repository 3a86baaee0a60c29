package fuzz

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/load"
	"github.com/tongref/tongref/props"
	"github.com/tongref/tongref/props/gen"
)

// maxTokens bounds the argvs the targets build, so a target stays fast.
const maxTokens = 64

// argv splits fuzzer bytes on NUL into an argv; nil for no bytes.
func argv(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	s := strings.Split(string(b), "\x00")
	if len(s) > maxTokens {
		s = s[:maxTokens]
	}
	return s
}

var ruleRE = regexp.MustCompile(`^[A-Z]+-[0-9]+$`)

// checkErr fails unless err is an *impl.Error naming a rule that begins
// with one of prefixes.
func checkErr(t *testing.T, what string, err error, prefixes ...string) {
	t.Helper()
	var e *impl.Error
	if !errors.As(err, &e) {
		t.Fatalf("%s: error %v is %T, want *impl.Error", what, err, err)
	}
	if !ruleRE.MatchString(e.Rule) || e.Msg == "" {
		t.Fatalf("%s: error %#v lacks a rule or a message", what, e)
	}
	for _, p := range prefixes {
		if strings.HasPrefix(e.Rule, p) {
			return
		}
	}
	if len(prefixes) > 0 {
		t.Fatalf("%s: error %q has rule %s, want one of %v", what, e.Error(), e.Rule, prefixes)
	}
}

// FuzzParseDuration: ParseDurationString agrees with a model of the DUR-3
// grammar written from the spec; an accepted duration is finite and
// greater than zero, and formatted back in seconds it parses to the same
// float (DUR-3, DUR-4).
func FuzzParseDuration(f *testing.F) {
	durationSeeds(f).seed(f)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := impl.ParseDurationString(s)
		want, ok := props.ModelDuration(s)
		if ok != (err == nil) || (ok && math.Float64bits(got) != math.Float64bits(want)) {
			t.Fatalf("ParseDurationString(%q) = %v, %v, want %v (accepted: %v)", s, got, err, want, ok)
		}
		if err != nil {
			checkErr(t, "ParseDurationString", err, "DUR-3", "DUR-4")
			if got != 0 {
				t.Fatalf("ParseDurationString(%q) = %v with error %v, want 0", s, got, err)
			}
			return
		}
		if !(got > 0) || math.IsInf(got, 0) {
			t.Fatalf("ParseDurationString(%q) = %v, want finite and > 0", s, got)
		}
		if v, err := impl.ParseDuration(s, 30); err != nil || v != got {
			t.Fatalf("ParseDuration(%q, 30) = %v, %v, want %v as ParseDurationString", s, v, err, got)
		}
		back := strconv.FormatFloat(got, 'f', -1, 64) + "s"
		if again, err := impl.ParseDurationString(back); err != nil || again != got {
			t.Fatalf("ParseDurationString(%q) = %v, %v: %q (from %q) does not parse back", back, again, err, back, s)
		}
	})
}

// imageIndex finds where the image of an anvil argv is without reading
// the scanner's internals: every prefix of the argv that stops before the
// image ends inside the options, which is an error (ARGV-4, ARGV-5), so
// the image is the last token of the shortest prefix the scanner accepts.
func imageIndex(argv []string) int {
	for k := 1; k <= len(argv); k++ {
		if _, _, err := impl.AnvilOptionValue(argv[:k], "--name"); err == nil {
			return k - 1
		}
	}
	return -1
}

// FuzzAnvilOptionValue: on any argv and flag, AnvilOptionValue returns a
// value or an ARGV/OPT error, never a panic; it never reads at or after
// the image: cutting every token after the image, or replacing them,
// changes nothing (OPT-2, ARGV-6); a value found is "true" or text from a
// token before the image (OPT-3).
func FuzzAnvilOptionValue(f *testing.F) {
	optionSeeds(f).seed(f)
	f.Fuzz(func(t *testing.T, argvBytes []byte, flag string, tail []byte) {
		a := argv(argvBytes)
		a0 := slices.Clone(a)
		v, found, err := impl.AnvilOptionValue(a, flag)
		if !slices.Equal(a, a0) {
			t.Fatalf("AnvilOptionValue mutated its argv: %q, was %q", a, a0)
		}
		if err != nil {
			checkErr(t, "AnvilOptionValue", err, "ARGV-", "OPT-")
			if v != "" || found {
				t.Fatalf("AnvilOptionValue(%q, %q) = %q, %v, %v: want nothing with an error", a, flag, v, found, err)
			}
			return
		}
		if !found && v != "" {
			t.Fatalf("AnvilOptionValue(%q, %q) = %q, false, nil: a value not found is empty", a, flag, v)
		}
		k := imageIndex(a)
		if k < 0 {
			t.Fatalf("AnvilOptionValue(%q, %q) succeeds but no prefix of the argv does", a, flag)
		}
		for _, other := range [][]string{a[:k+1], append(slices.Clone(a[:k+1]), argv(tail)...)} {
			v2, found2, err2 := impl.AnvilOptionValue(other, flag)
			if v2 != v || found2 != found || err2 != nil {
				t.Fatalf("AnvilOptionValue(%q, %q) = %q, %v, but with other tokens after the image %q: AnvilOptionValue(%q) = %q, %v, %v", a, flag, v, found, a[k], other, v2, found2, err2)
			}
		}
		if found && v != "true" && v != "" {
			in := false
			for _, tok := range a[:k] {
				in = in || strings.Contains(tok, v)
			}
			if !in {
				t.Fatalf("AnvilOptionValue(%q, %q) = %q, which no token before the image %q holds", a, flag, v, a[k])
			}
		}
	})
}

// FuzzInject: InjectAnvilArgv with nothing to inject is the identity on any
// argv (INJ-1); it never mutates its inputs; it fails with nil and an
// *impl.Error; a result keeps the image and every later token
// byte-identical, then the post-image arguments (INJ-6, INJ-7), holds the
// pre-image arguments right after the subcommand (INJ-3), reads back the
// new network, and injecting the same network again changes nothing
// (INJ-4).
func FuzzInject(f *testing.F) {
	injectSeeds(f).seed(f)
	f.Fuzz(func(t *testing.T, argvBytes []byte, network string, preBytes, postBytes []byte) {
		a, pre, post := argv(argvBytes), argv(preBytes), argv(postBytes)
		a0, pre0, post0 := slices.Clone(a), slices.Clone(pre), slices.Clone(post)
		out, err := impl.InjectAnvilArgv(a, network, pre, post)
		if !slices.Equal(a, a0) || !slices.Equal(pre, pre0) || !slices.Equal(post, post0) {
			t.Fatalf("InjectAnvilArgv mutated its input: %q %q %q, was %q %q %q", a, pre, post, a0, pre0, post0)
		}
		if network == "" && len(pre) == 0 && len(post) == 0 {
			if err != nil || len(out) != len(a) || (len(a) > 0 && &out[0] != &a[0]) {
				t.Fatalf("InjectAnvilArgv(%q, \"\", nil, nil) = %q, %v, want the argv itself (INJ-1)", a, out, err)
			}
			return
		}
		if err != nil {
			checkErr(t, "InjectAnvilArgv", err, "ARGV-", "INJ-", "NET-")
			if out != nil {
				t.Fatalf("InjectAnvilArgv(%q, %q, %q, %q) = %q with error %v, want nil", a, network, pre, post, out, err)
			}
			return
		}
		if len(out) > 0 && len(a) > 0 && &out[0] == &a[0] {
			t.Fatalf("InjectAnvilArgv(%q, %q, %q, %q) returned its input's array", a, network, pre, post)
		}
		k := imageIndex(a)
		if k < 0 {
			t.Fatalf("InjectAnvilArgv(%q, ...) succeeded on an argv with no image", a)
		}
		wantEnd := append(slices.Clone(a[k:]), post...)
		if len(out) < len(wantEnd) || !slices.Equal(out[len(out)-len(wantEnd):], wantEnd) {
			t.Fatalf("InjectAnvilArgv(%q, %q, %q, %q) = %q, want it to end with %q", a, network, pre, post, out, wantEnd)
		}
		sub := subIndex(a)
		if !slices.Equal(out[:sub+1], a[:sub+1]) || !slices.Equal(out[sub+1:sub+1+len(pre)], pre) {
			t.Fatalf("InjectAnvilArgv(%q, %q, %q, %q) = %q, want %q then the pre-image args", a, network, pre, post, out, a[:sub+1])
		}
		if network == "" {
			return
		}
		if v, found, err := impl.AnvilOptionValue(out, "--network"); err != nil || !found || v != network {
			t.Fatalf("AnvilOptionValue(%q, --network) = %q, %v, %v, want %q", out, v, found, err, network)
		}
		again, err := impl.InjectAnvilArgv(out, network, nil, nil)
		if err != nil || !slices.Equal(again, out) {
			t.Fatalf("InjectAnvilArgv(%q, %q, nil, nil) = %q, %v: injecting the same network again must change nothing", out, network, again, err)
		}
	})
}

// subIndex finds the subcommand of an argv the scanner accepts. A global
// option's value may be "run" ("--context run run img"), so it is the
// run/create token right after which a one-option injection lands; the
// caller then checks that every injection lands there.
func subIndex(a []string) int {
	k := imageIndex(a)
	for i := 1; i < k; i++ {
		if a[i] != "run" && a[i] != "create" {
			continue
		}
		out, err := impl.InjectAnvilArgv(a, "", []string{"--rm"}, nil)
		if err == nil && len(out) > i+1 && out[i+1] == "--rm" && slices.Equal(out[:i+1], a[:i+1]) && slices.Equal(out[i+2:], a[i+1:]) {
			return i
		}
	}
	return -1
}

// jsonTree converts encoding/json's output (with UseNumber) to impl's data
// model: an integer literal becomes int64 or *big.Int, any other number a
// float64 (±Inf when it overflows, as Python's json reads 1e999).
func jsonTree(v any) any {
	switch v := v.(type) {
	case json.Number:
		s := string(v)
		if !strings.ContainsAny(s, ".eE") {
			n, ok := new(big.Int).SetString(s, 10)
			if ok && n.IsInt64() {
				return n.Int64()
			}
			if ok {
				return n
			}
		}
		x, _ := strconv.ParseFloat(s, 64)
		return x
	case []any:
		for i, e := range v {
			v[i] = jsonTree(e)
		}
	case map[string]any:
		for k, e := range v {
			v[k] = jsonTree(e)
		}
	}
	return v
}

func decodeJSON(data []byte) (any, bool) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, false
	}
	return jsonTree(v), true
}

// checkDefinition holds for every name and tree: ValidateTong answers with
// errors naming rules, the same twice; a valid tong builds (RUN-1), its
// readiness resolves with a positive finite timeout (RDY-8); an invalid one
// builds nothing, with the first fault (RUN-1); the canonical JSON of a
// finite tree reads back to the same hash (HASH-1).
func checkDefinition(t *testing.T, name string, def any) {
	t.Helper()
	def0 := gen.CopyTree(def)
	errs := impl.ValidateTong(name, def)
	for _, e := range errs {
		checkErr(t, "ValidateTong", e)
	}
	if d := cmp.Diff(errText(errs), errText(impl.ValidateTong(name, gen.CopyTree(def)))); d != "" {
		t.Fatalf("ValidateTong(%q, %v) is not deterministic (-first +second):\n%s", name, def, d)
	}
	o := impl.RunOptions{ContainerName: "c1", Network: "tongs", Workspace: "/w", SocketPath: impl.DefaultSocketPath}
	argv, err := impl.TongRunArgv(name, def, o)
	r, rerr := impl.ReadinessSettings(def)
	if rerr == nil && (!(r.TimeoutS > 0) || math.IsInf(r.TimeoutS, 0)) {
		t.Fatalf("ReadinessSettings(%v).TimeoutS = %v, want finite and > 0", def, r.TimeoutS)
	}
	if len(errs) == 0 {
		if err != nil || rerr != nil {
			t.Fatalf("valid tong %q %v: TongRunArgv = %v, ReadinessSettings = %v, want both to succeed", name, def, err, rerr)
		}
		if argv[len(argv)-1] != def.(map[string]any)["image"] {
			t.Fatalf("TongRunArgv(%q, %v) = %q, want the image last", name, def, argv)
		}
	} else if err == nil || err.Error() != errs[0].Error() {
		t.Fatalf("TongRunArgv(%q, %v) = %q, %v, want ValidateTong's first fault %v", name, def, argv, err, errs[0])
	}
	h, herr := impl.ConfigHash(def)
	if herr == nil && !hasNonFinite(def) {
		canon, _ := impl.CanonicalJSON(def)
		back, ok := decodeJSON(canon)
		if !ok {
			t.Fatalf("CanonicalJSON(%v) = %s, which is not JSON", def, canon)
		}
		if h2, _ := impl.ConfigHash(back); h2 != h {
			t.Fatalf("ConfigHash(%v) = %s, but %s for its canonical JSON read back %s", def, h, h2, canon)
		}
	}
	if !gen.SameTree(def, def0) {
		t.Fatalf("the definition was mutated: %v, was %v", def, def0)
	}
}

func errText(errs []*impl.Error) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

func hasNonFinite(v any) bool {
	switch v := v.(type) {
	case float64:
		return math.IsNaN(v) || math.IsInf(v, 0)
	case []any:
		return slices.ContainsFunc(v, hasNonFinite)
	case map[string]any:
		for _, e := range v {
			if hasNonFinite(e) {
				return true
			}
		}
	}
	return false
}

// FuzzValidateTongJSON: checkDefinition on any bytes read as JSON.
func FuzzValidateTongJSON(f *testing.F) {
	jsonSeeds(f).seed(f)
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		def, ok := decodeJSON(data)
		if !ok {
			return
		}
		checkDefinition(t, name, def)
	})
}

// FuzzValidateTongYAML: checkDefinition on any bytes the definition
// loader (load) reads as YAML.
func FuzzValidateTongYAML(f *testing.F) {
	yamlSeeds(f).seed(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := load.Definition("tong.yaml", data)
		if err != nil {
			return
		}
		checkDefinition(t, d.Name, d.Value)
	})
}

// FuzzContainerNames: names follow NAME-1 to NAME-5 as written in the spec
// (props.TokenModel); for one session id, distinct names give distinct
// containers; session and shared names never coincide; every name is a
// docker container name (NAME-6).
func FuzzContainerNames(f *testing.F) {
	nameSeeds(f).seed(f)
	valid := regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_.-]+$`)
	f.Fuzz(func(t *testing.T, session, a, b string) {
		ha, hb := impl.SharedContainerName(a), impl.SharedContainerName(b)
		want := impl.SharedPrefix
		if a != "" {
			want += "-" + props.TokenModel(a)
		}
		if ha != want {
			t.Fatalf("SharedContainerName(%q) = %q, want %q", a, ha, want)
		}
		if a != b && ha == hb {
			t.Fatalf("SharedContainerName(%q) = SharedContainerName(%q) = %q", a, b, ha)
		}
		sa, errA := impl.SessionContainerName(session, a)
		sb, errB := impl.SessionContainerName(session, b)
		if !props.ValidSessionID(session) {
			if errA == nil || errB == nil {
				t.Fatalf("SessionContainerName(%q, ...) = %q, %q, want NAME-4 errors", session, sa, sb)
			}
			checkErr(t, "SessionContainerName", errA, "NAME-4")
			return
		}
		if errA != nil || errB != nil {
			t.Fatalf("SessionContainerName(%q, %q / %q) = %v / %v, want names", session, a, b, errA, errB)
		}
		if a != b && sa == sb {
			t.Fatalf("SessionContainerName(%q, %q) = SessionContainerName(%q, %q) = %q", session, a, session, b, sa)
		}
		if sa == hb || sb == ha || sa == session {
			t.Fatalf("names coincide: session %q, %q, shared %q, %q", sa, sb, ha, hb)
		}
		for _, n := range []string{sa, sb, ha, hb} {
			if !valid.MatchString(n) {
				t.Fatalf("%q (session %q, names %q, %q) is not a docker container name", n, session, a, b)
			}
		}
	})
}
