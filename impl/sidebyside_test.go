//go:build unix

package impl_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// heavyOps must run at least 20 times faster than the Python launcher;
// every other op at least 10 times (spec/PERFORMANCE.md).
var heavyOps = map[string]bool{
	"validate_tong":      true,
	"tong_run_argv":      true,
	"inject_anvil_argv":  true,
	"anvil_option_value": true,
	"config_hash":        true,
	"alias_collisions":   true,
}

func targetFor(op string) float64 {
	if heavyOps[op] {
		return 20
	}
	return 10
}

// pyLauncher is one Python launcher checkout, timed by
// adapters/python/bench_launcher.py in a process of its own.
type pyLauncher struct {
	label  string
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	python string
	status map[string]string
}

func startPyLauncher(t *testing.T, dir string) *pyLauncher {
	python := os.Getenv("PYTHON")
	if python == "" {
		python = "python3"
	}
	module := filepath.Join(dir, "scripts", "tongs.py")
	cmd := exec.Command(python, filepath.Join("..", "adapters", "python", "bench_launcher.py"), "--module", module, "--inputs", benchInputsFile)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	outPipe, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("%s: %v", python, err)
	}
	p := &pyLauncher{label: checkoutLabel(dir), cmd: cmd, in: in, out: bufio.NewReader(outPipe)}
	t.Cleanup(func() { in.Close(); cmd.Wait() })
	line, err := p.out.ReadString('\n')
	if err != nil {
		t.Fatalf("bench_launcher.py on %s: %v", module, err)
	}
	var hello struct {
		Python string            `json:"python"`
		Cases  map[string]string `json:"cases"`
	}
	if err := json.Unmarshal([]byte(line), &hello); err != nil {
		t.Fatalf("bench_launcher.py on %s: %v: %q", module, err, line)
	}
	p.python, p.status = hello.Python, hello.Cases
	return p
}

// checkoutLabel names a checkout by its commit, or by its directory.
func checkoutLabel(dir string) string {
	out, err := exec.Command("git", "-C", dir, "rev-parse", "--short=7", "HEAD").Output()
	if err != nil {
		return filepath.Base(dir)
	}
	return strings.TrimSpace(string(out))
}

func (p *pyLauncher) runs(bench string) bool {
	s := p.status[bench]
	return s == "ok" || strings.HasPrefix(s, "ok: ")
}

// time returns the CPU time n calls of bench take in Python.
func (p *pyLauncher) time(t *testing.T, bench string, n int) time.Duration {
	fmt.Fprintf(p.in, "%s %d\n", bench, n)
	line, err := p.out.ReadString('\n')
	if err != nil {
		t.Fatalf("Python %s, %s: %v", p.label, bench, err)
	}
	ns, err := strconv.ParseInt(strings.TrimSpace(line), 10, 64)
	if err != nil {
		t.Fatalf("Python %s, %s: %q", p.label, bench, line)
	}
	return time.Duration(ns)
}

// goTime returns the CPU time n calls of f take: the process's, so the
// garbage collector's work on other threads counts, and other processes'
// does not.
func goTime(f func(), n int) time.Duration {
	start := processCPU()
	for range n {
		f()
	}
	return processCPU() - start
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// calibrate returns how many calls take about batch.
func calibrate(timeN func(n int) time.Duration, batch time.Duration) int {
	n := 1
	for {
		d := timeN(n)
		if d >= batch/4 || n >= 1<<30 {
			k := int(float64(n) * float64(batch) / float64(max(d, 1)))
			return max(k, 1)
		}
		n *= 4
	}
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func envInt(t *testing.T, key string, def int) int {
	s := os.Getenv(key)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q: want a positive integer", key, s)
	}
	return n
}

// TestSideBySide times every case of testdata/bench-inputs.json in Go and
// in each Python launcher checkout TONGREF_SWARMFORGE names (separated by
// spaces), alternating a Go batch and a Python batch of about
// TONGREF_BATCH_MS milliseconds (default 10) for TONGREF_ROUNDS rounds
// (default 15), so load on the machine falls on both alike; TONGREF_BENCH,
// a regular expression, picks benchmarks by name. Each side measures the
// CPU time of its own process, which other processes on a busy machine do
// not inflate (the caches they share still slow both). It prints a table
// of the medians: benchmark, op, Go ns/op, and per checkout Python ns/op
// and the ratio Python/Go, marked where it is below the target of
// spec/PERFORMANCE.md, and, where the operation has one, its floor (the
// bare map reads or tree walk under it, timed with the Go batch) and Go's
// time as a multiple of it. make bench-python SWARMFORGE=DIR runs it.
func TestSideBySide(t *testing.T) {
	dirs := strings.Fields(os.Getenv("TONGREF_SWARMFORGE"))
	if len(dirs) == 0 {
		t.Skip("TONGREF_SWARMFORGE names no Swarmforge checkout; run make bench-python SWARMFORGE=DIR")
	}
	rounds := envInt(t, "TONGREF_ROUNDS", 15)
	batch := time.Duration(envInt(t, "TONGREF_BATCH_MS", 10)) * time.Millisecond
	pys := make([]*pyLauncher, len(dirs))
	for i, d := range dirs {
		pys[i] = startPyLauncher(t, d)
	}
	loadBefore := loadAverage()
	start := time.Now()

	var b strings.Builder
	fmt.Fprintf(&b, "| benchmark | op | Go ns/op |")
	for _, p := range pys {
		fmt.Fprintf(&b, " Python %s ns/op | ratio |", p.label)
	}
	fmt.Fprintf(&b, " target | Go floor ns/op | Go/floor |\n|---|---|---|")
	for range pys {
		fmt.Fprintf(&b, "---|---|")
	}
	fmt.Fprintf(&b, "---|---|---|\n")
	only := regexp.MustCompile(os.Getenv("TONGREF_BENCH"))
	var notes []string
	newer := map[string]int{} // per launcher, the cases of a newer spec than its own
	for _, c := range benchCases {
		if !only.MatchString(c.bench) {
			continue
		}
		f := c.call()
		nGo := calibrate(func(n int) time.Duration { return goTime(f, n) }, batch)
		nPy := make([]int, len(pys))
		for i, p := range pys {
			if p.runs(c.bench) {
				nPy[i] = calibrate(func(n int) time.Duration { return p.time(t, c.bench, n) }, batch)
			}
		}
		fl := c.floor()
		nFloor := 0
		if fl != nil {
			nFloor = calibrate(func(n int) time.Duration { return goTime(fl, n) }, batch)
		}
		goNs := make([]float64, 0, rounds)
		floorNs := make([]float64, 0, rounds)
		pyNs := make([][]float64, len(pys))
		for r := range rounds {
			// Alternate who goes first, so neither side always runs
			// right after the other's garbage.
			runGo := func() {
				runtime.GC()
				goNs = append(goNs, float64(goTime(f, nGo).Nanoseconds())/float64(nGo))
				if fl != nil {
					floorNs = append(floorNs, float64(goTime(fl, nFloor).Nanoseconds())/float64(nFloor))
				}
			}
			if r%2 == 0 {
				runGo()
			}
			for i, p := range pys {
				if nPy[i] > 0 {
					pyNs[i] = append(pyNs[i], float64(p.time(t, c.bench, nPy[i]).Nanoseconds())/float64(nPy[i]))
				}
			}
			if r%2 == 1 {
				runGo()
			}
		}
		g := median(goNs)
		target := targetFor(c.op)
		fmt.Fprintf(&b, "| %s | %s | %s |", c.bench, c.op, nsString(g))
		for i, p := range pys {
			if nPy[i] == 0 {
				fmt.Fprintf(&b, " — | — |")
				if strings.HasPrefix(p.status[c.bench], "a spec ") {
					newer[p.label]++ // one note for them all, below
				} else {
					notes = append(notes, fmt.Sprintf("%s at %s: %s", c.bench, p.label, p.status[c.bench]))
				}
				continue
			}
			py := median(pyNs[i])
			ratio := py / g
			mark := ""
			if ratio < target {
				mark = " (below)"
			}
			fmt.Fprintf(&b, " %s | %.1f×%s |", nsString(py), ratio, mark)
			if s := p.status[c.bench]; s != "ok" {
				notes = append(notes, fmt.Sprintf("%s at %s: %s", c.bench, p.label, strings.TrimPrefix(s, "ok: ")))
			}
		}
		fmt.Fprintf(&b, " %.0f× |", target)
		if fl != nil {
			fl := median(floorNs)
			fmt.Fprintf(&b, " %s | %.1f× |\n", nsString(fl), g/fl)
		} else {
			fmt.Fprintf(&b, " — | — |\n")
		}
	}
	fmt.Printf("Side by side: %s and Python %s; CPU time per call, median of %d alternating rounds of about %v per batch and side; %s.\n",
		runtime.Version(), pys[0].python, rounds, batch, time.Since(start).Round(time.Second))
	fmt.Printf("Load average %s before, %s after.\n\n", loadBefore, loadAverage())
	fmt.Print(b.String())
	for _, p := range pys {
		if n := newer[p.label]; n > 0 {
			notes = append(notes, fmt.Sprintf("%d cases of spec version 2 not timed at %s, a spec version 1 launcher", n, p.label))
		}
	}
	for _, n := range notes {
		fmt.Printf("\n- %s", n)
	}
	fmt.Println()
}

func nsString(ns float64) string {
	switch {
	case ns >= 100:
		return strconv.FormatFloat(ns, 'f', 0, 64)
	case ns >= 10:
		return strconv.FormatFloat(ns, 'f', 1, 64)
	}
	return strconv.FormatFloat(ns, 'f', 2, 64)
}
