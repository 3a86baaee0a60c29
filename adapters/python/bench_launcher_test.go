package python_test

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// TestBenchLauncher runs bench_launcher.py, the Python side of make
// bench-python, on the test modules of both spec versions and impl's
// benchmark inputs: every case of the module's spec must bind to the
// module's function and run (spec 2's check_tong_set has no launcher
// function), a spec 2 case is not timed on a spec 1 module, and a timing
// request must be answered with a positive count of nanoseconds.
func TestBenchLauncher(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	for _, m := range []struct {
		module string
		spec   int
		runs   int // the cases the module can run: spec 1's, or all but check_tong_set
		cases  []string
	}{
		{testModule, 1, 22, []string{"ValidateTong", "AliasCollisions", "TongRunArgv", "InjectAnvilArgv/path=rewrite"}},
		{headModule, 2, 40, []string{"ValidateTongV2", "TongRunArgvV2", "PlanInjection", "ExecTarget", "RenderSecretExports"}},
	} {
		var in strings.Builder
		for _, c := range m.cases {
			fmt.Fprintf(&in, "%s 20\n", c)
		}
		cmd := exec.Command(python, "bench_launcher.py", "--module", m.module, "--inputs", "../../impl/testdata/bench-inputs.json")
		cmd.Stdin = strings.NewReader(in.String())
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("bench_launcher.py --module %s: %v\n%s", m.module, err, out)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		var hello struct {
			Python string            `json:"python"`
			Spec   int               `json:"spec"`
			Cases  map[string]string `json:"cases"`
		}
		if err := json.Unmarshal([]byte(lines[0]), &hello); err != nil {
			t.Fatalf("%s: hello line %q: %v", m.module, lines[0], err)
		}
		if hello.Python == "" || hello.Spec != m.spec || len(hello.Cases) < 40 {
			t.Errorf("%s: hello = %+v, want the Python version, spec %d and every case", m.module, hello, m.spec)
		}
		ok := 0
		for bench, status := range hello.Cases {
			switch {
			case status == "ok" || strings.HasPrefix(status, "ok: "):
				ok++
			case m.spec == 1 && status == "a spec 2 case; the launcher is spec 1":
			case bench == "CheckTongSet" && status == "no function check_tong_set":
			default:
				t.Errorf("%s: %s: %s, want ok", m.module, bench, status)
			}
		}
		if ok != m.runs {
			t.Errorf("%s: %d cases run, want %d", m.module, ok, m.runs)
		}
		if len(lines) != 1+len(m.cases) {
			t.Fatalf("%s: %d answer lines to %d timing requests: %q", m.module, len(lines)-1, len(m.cases), lines[1:])
		}
		for i, l := range lines[1:] {
			if ns, err := strconv.ParseInt(l, 10, 64); err != nil || ns <= 0 {
				t.Errorf("%s: %s: answer %q, want a positive number of nanoseconds", m.module, m.cases[i], l)
			}
		}
	}
}
