package conform

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// tongrefBin builds cmd/tongref once for the adapter tests.
func tongrefBin(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tongref-conform-test")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "github.com/tongref/tongref")
		out, err := exec.Command("go", "build", "-o", binPath, "github.com/tongref/tongref/cmd/tongref").CombinedOutput()
		if err != nil {
			buildErr = err
			binPath = string(out)
		}
	})
	if buildErr != nil {
		t.Fatalf("building tongref: %v\n%s", buildErr, binPath)
	}
	return binPath
}

// faultCases: each defect of spec/SPEC.md's differences section, the
// largest the shrunk counterexample may be (Size of its args), and the
// cases to run.
var faultCases = []struct {
	fault   string
	maxSize int
}{
	// Size counts one per node plus the characters of every key and
	// string, so a minimal valid none tong, {"image":"a","interface":
	// {"kind":"none"},"lifecycle":"shared","readiness":{"mode":"none"}},
	// is 61 on its own.
	{"unicode-digits", 20},       // D1: a Unicode-digit string such as "３０s"
	{"nan-duration", 20},         // D2: NaN or Infinity
	{"overflow-crash", 20},       // D3: an integer past 2^1024
	{"bool-int", 100},            // D4: a minimal tong with one true or false
	{"unhashable", 70},           // D5: a list or map kind
	{"any-port", 80},             // D6: a port tong with port 0
	{"py-scanner", 35},           // D7: a 2- to 5-token argv
	{"first-value", 60},          // D8: two network options
	{"later-networks", 60},       // D9: two network options
	{"pre-unchecked", 60},        // D10 (found by the vectors)
	{"not-run", 60},              // D11: an argv without docker run
	{"colliding-names", 8},       // D12: a one-character name
	{"any-session", 20},          // D13: an empty session id
	{"alias-case", 130},          // D14: two network-facing tongs
	{"str-env", 90},              // D15 (found by the vectors)
	{"unchecked", 110},           // D16: a minimal tong with one bad field
	{"lenient", 90},              // D17
	{"null-crash", 60},           // D18: a tong with one null field
	{"workspace-unchecked", 130}, // D19: a tong mounting workspace, workspace null
	{"hash-crash", 120},          // D20: 101 nested lists, or an invalid UTF-8 key
}

func TestFaultyAdaptersAreCaughtAndShrunk(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs adapters")
	}
	for _, fc := range faultCases {
		t.Run(fc.fault, func(t *testing.T) {
			t.Parallel()
			f := Faults[fc.fault]
			rep, err := Run(Options{Adapter: faultyAdapter(t, fc.fault), Ops: []string{f.Op}, Cases: 400, Seed: 7, ShrinkBudget: 2000, Vectors: Corpus()})
			if err != nil {
				t.Fatal(err)
			}
			if !rep.Unexpected() || len(rep.Divergences) == 0 {
				t.Fatalf("defect %s (%s) not caught: %+v", fc.fault, f.Desc, rep.Ops[f.Op])
			}
			for _, d := range rep.Divergences {
				c := d.Case
				if d.Shrunk != nil {
					c = d.Shrunk
				}
				got := d.Actual
				if d.Shrunk != nil {
					got = d.ShrunkTo
				}
				size := Size(c.Args)
				t.Logf("%s: %s (%d cases, %s): size %d: %s -> expected %s, actual %s", fc.fault, d.Cause, d.Count, c.Source, size, Marshal(c.Args), c.Expected, got)
				if strings.HasPrefix(d.Case.Source, "generated") && size > fc.maxSize {
					t.Errorf("%s: shrunk counterexample has size %d, want at most %d: %s", fc.fault, size, fc.maxSize, Marshal(c.Args))
				}
			}
		})
	}
}

func TestBadAdaptersGetAClearReport(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs adapters")
	}
	for _, tc := range []struct {
		fault, want string
	}{
		{"crash", "the adapter exited"},
		{"hang", "no answer within 300ms"},
		{"garbage", "the answer is not JSON"},
		{"wrong-id", "the answer has id"},
	} {
		t.Run(tc.fault, func(t *testing.T) {
			t.Parallel()
			rep, err := Run(Options{Adapter: faultyAdapter(t, tc.fault), Ops: []string{"shared_container_name", "config_hash"}, Cases: 3, Seed: 1, Timeout: 300 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			rep.WriteText(&b)
			out := b.String()
			t.Log(out)
			if !rep.Unexpected() || rep.Ops["config_hash"].Crash == 0 {
				t.Errorf("%s: config_hash crashes = %d, want > 0", tc.fault, rep.Ops["config_hash"].Crash)
			}
			if got := rep.Ops["shared_container_name"]; got.Agree != got.Cases {
				t.Errorf("%s: shared_container_name = %+v; the restarted adapter should agree on every case", tc.fault, got)
			}
			if !strings.Contains(out, tc.want) || !strings.Contains(out, `"op":"config_hash"`) {
				t.Errorf("%s: report does not say %q and name the request:\n%s", tc.fault, tc.want, out)
			}
		})
	}
}

func TestReferenceAdapterAgrees(t *testing.T) {
	if testing.Short() {
		t.Skip("runs an adapter")
	}
	bin := tongrefBin(t)
	for _, a := range []string{bin + " adapter", bin + " adapter --tagged", ""} {
		rep, err := Run(Options{Adapter: a, Cases: 200, Seed: 3, Vectors: Corpus()})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Unexpected() || len(rep.Divergences) > 0 {
			var b strings.Builder
			rep.WriteText(&b)
			t.Errorf("adapter %q diverges from the reference:\n%s", a, b.String())
		}
	}
}

// TestLaterNetworksShrinks checks D9 (several network options: only the
// first rewritten, the others kept) is found by the generated cases alone,
// without the vector that also shows it, and shrinks to the smallest
// request that has it: docker run, two network options and an image, each
// value empty where it can be, nothing else.
func TestLaterNetworksShrinks(t *testing.T) {
	if testing.Short() {
		t.Skip("runs an adapter")
	}
	rep, err := Run(Options{Adapter: faultyAdapter(t, "later-networks"), Ops: []string{"inject_anvil_argv"}, Cases: 400, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Divergences) != 1 || rep.Divergences[0].Shrunk == nil {
		var b strings.Builder
		rep.WriteText(&b)
		t.Fatalf("want one shrunk divergence, got:\n%s", b.String())
	}
	d := rep.Divergences[0]
	req := d.Shrunk.Args
	t.Logf("%s, %d cases; shrunk in %d steps to %s: expected %s, actual %s", d.Cause, d.Count, d.Steps, Marshal(req), d.Shrunk.Expected, d.ShrunkTo)
	argv := (&args{m: req}).strList("argv")
	spans, image := networkOptions(argv, 1)
	if len(argv) != 6 || argv[0] != "docker" || argv[1] != "run" || len(spans) != 2 || image != 5 {
		t.Errorf("shrunk argv = %q, want docker run, two network options and an image", argv)
	}
	if !Equal(req["pre_image_args"], []any{}) || !Equal(req["post_image_args"], []any{}) || req["network"] != "a" {
		t.Errorf("shrunk request = %s, want no pre- or post-image args and network \"a\"", Marshal(req))
	}
	if want := []any{"docker", "run", argv[2], "a", argv[5]}; !strings.Contains(argv[2], "=") && !Equal(d.Shrunk.Expected.Result, want) {
		t.Errorf("expected = %s, want %s (INJ-4: the first rewritten, the second removed)", d.Shrunk.Expected, Marshal(want))
	}
}

// TestExpectingARunsOwnDivergencesPasses checks a divergence has one cause
// and one domain however its request reaches the runner: an --expect list
// made of the requests a run diverged on (vectors among them) makes the same
// run pass, with no entry fixed. The faults diverge on vectors whose label
// is not the rule of the reference's error (validate_tong's DM-2 vector,
// port true, is refused by IF-3; inject_anvil_argv's INJ-2 vector by
// ARGV-1) and on a vector outside its op's domain (tong_resource_flags'
// RES-3 vector, which validate_tong refuses).
func TestExpectingARunsOwnDivergencesPasses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs adapters")
	}
	for _, tc := range []struct {
		fault string
		ops   []string
		want  []string // divergences the run must find, "op: cause"
	}{
		{"bool-int", []string{"validate_tong"}, []string{"validate_tong: reference rejects [IF-3], adapter accepts", "validate_tong: reference rejects [DUR-5], adapter accepts"}},
		{"not-run", []string{"inject_anvil_argv"}, []string{"inject_anvil_argv: reference rejects [ARGV-1], adapter accepts"}},
		{"unchecked", []string{"validate_tong", "tong_resource_flags"}, []string{"tong_resource_flags: reference rejects [RES-3], adapter accepts"}},
	} {
		t.Run(tc.fault, func(t *testing.T) {
			t.Parallel()
			opts := Options{Adapter: faultyAdapter(t, tc.fault), Ops: tc.ops, Cases: 100, Seed: 2, Vectors: Corpus(), ShrinkBudget: 1}
			first, err := Run(opts)
			if err != nil {
				t.Fatal(err)
			}
			found := map[string]bool{}
			for _, d := range first.Divergences {
				found[d.Op+": "+d.Cause] = true
				opts.Expect = append(opts.Expect, Known{Op: d.Op, Args: d.Case.Args, Reason: "found by the first run"})
			}
			for _, w := range tc.want {
				if !found[w] {
					t.Errorf("first run: no divergence %q; found %v", w, found)
				}
			}
			second, err := Run(opts)
			if err != nil {
				t.Fatal(err)
			}
			if second.Unexpected() {
				var b strings.Builder
				second.WriteText(&b)
				t.Errorf("a run expecting the %d divergences it finds fails:\n%s", len(opts.Expect), b.String())
			}
		})
	}
}
