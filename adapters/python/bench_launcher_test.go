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
// bench-python, on the test module and impl's benchmark inputs: every case
// must bind to the module's function and run, and a timing request must
// be answered with a positive count of nanoseconds.
func TestBenchLauncher(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	cases := []string{"ValidateTong", "AliasCollisions", "TongRunArgv", "InjectAnvilArgv/path=rewrite"}
	var in strings.Builder
	for _, c := range cases {
		fmt.Fprintf(&in, "%s 20\n", c)
	}
	cmd := exec.Command(python, "bench_launcher.py", "--module", testModule, "--inputs", "../../impl/testdata/bench-inputs.json")
	cmd.Stdin = strings.NewReader(in.String())
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("bench_launcher.py: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	var hello struct {
		Python string            `json:"python"`
		Cases  map[string]string `json:"cases"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &hello); err != nil {
		t.Fatalf("hello line %q: %v", lines[0], err)
	}
	if hello.Python == "" || len(hello.Cases) < 20 {
		t.Errorf("hello = %+v, want the Python version and every case", hello)
	}
	for bench, status := range hello.Cases {
		if status != "ok" {
			t.Errorf("%s: %s, want ok", bench, status)
		}
	}
	if len(lines) != 1+len(cases) {
		t.Fatalf("%d answer lines to %d timing requests: %q", len(lines)-1, len(cases), lines[1:])
	}
	for i, l := range lines[1:] {
		if ns, err := strconv.ParseInt(l, 10, 64); err != nil || ns <= 0 {
			t.Errorf("%s: answer %q, want a positive number of nanoseconds", cases[i], l)
		}
	}
}
