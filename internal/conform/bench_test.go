package conform

// The runner's throughput, in cases per second, against the reference
// adapter (tongref adapter, a child process speaking spec/PROTOCOL.md) and
// in process (no adapter: what the runner itself costs). The budget is in
// spec/PERFORMANCE.md. Run them with
//
//	go test -run '^$' -bench . ./internal/conform

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	benchBinOnce sync.Once
	benchBinPath string
	benchBinErr  error
)

// benchBin builds cmd/tongref once for the adapter benchmark.
func benchBin(b *testing.B) string {
	b.Helper()
	benchBinOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tongref-conform-bench")
		if err != nil {
			benchBinErr = err
			return
		}
		benchBinPath = filepath.Join(dir, "github.com/tongref/tongref")
		if out, err := exec.Command("go", "build", "-o", benchBinPath, "github.com/tongref/tongref/cmd/tongref").CombinedOutput(); err != nil {
			benchBinErr = err
			benchBinPath = string(out)
		}
	})
	if benchBinErr != nil {
		b.Fatalf("building tongref: %v\n%s", benchBinErr, benchBinPath)
	}
	return benchBinPath
}

// benchCases is the number of generated cases per op of each run: with the
// vector corpus, about 13 × 2,000 cases, a campaign's steady state rather
// than its start-up. TONGREF_BENCH_CASES sets another (make bench-conform
// uses the 7,700 of make conform).
var benchCases = func() int {
	if n, err := strconv.Atoi(os.Getenv("TONGREF_BENCH_CASES")); err == nil && n > 0 {
		return n
	}
	return 2000
}()

// cpuTimes returns the CPU time, user and system, this process (the
// runner) and its waited-for children (the adapters, once they have
// exited) have used.
func cpuTimes() (self, children time.Duration) {
	var s, c syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &s)
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &c)
	d := func(tv syscall.Timeval) time.Duration { return time.Duration(tv.Nano()) }
	return d(s.Utime) + d(s.Stime), d(c.Utime) + d(c.Stime)
}

// benchRun reports cases/s, the wall-clock throughput the budget speaks
// of; cases/cpu-s, cases per second of CPU time of the runner and the
// adapter together; and, against an adapter process, each side's own:
// cases/runner-cpu-s and cases/adapter-cpu-s. A busy machine disturbs the
// CPU figures less than the wall-clock one, and on an idle 2-core machine
// the runner and the adapter run side by side, so cases/s can reach at
// most the smaller of the two per-side figures (less the time each waits
// for the other).
func benchRun(b *testing.B, adapter string, gen Generator) {
	vecs := Corpus()
	cases := 0
	b.ReportAllocs()
	self0, children0 := cpuTimes()
	for b.Loop() {
		rep, err := Run(Options{Adapter: adapter, Cases: benchCases, Seed: 1, Vectors: vecs, Gen: gen})
		if err != nil {
			b.Fatal(err)
		}
		if rep.Unexpected() || len(rep.Divergences) > 0 {
			b.Fatalf("Run(%q) found divergences from the reference; the benchmark measures agreeing runs", adapter)
		}
		cases += rep.Cases
	}
	self1, children1 := cpuTimes()
	runner, ad := self1-self0, children1-children0
	b.ReportMetric(float64(cases)/b.Elapsed().Seconds(), "cases/s")
	b.ReportMetric(float64(cases)/(runner+ad).Seconds(), "cases/cpu-s")
	if adapter != "" {
		b.ReportMetric(float64(cases)/runner.Seconds(), "cases/runner-cpu-s")
		b.ReportMetric(float64(cases)/ad.Seconds(), "cases/adapter-cpu-s")
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(cases), "ns/case")
}

// poolGen hands out requests drawn once from PropsGenerator, in turn: with
// it the runner measures everything but drawing the requests.
type poolGen map[string][]map[string]any

func newPoolGen() poolGen {
	p := poolGen{}
	for _, op := range Ops {
		for seed := uint64(1); len(p[op]) < 256 && seed < 4096; seed++ {
			if a := (PropsGenerator{}).Generate(op, seed*0x9e3779b97f4a7c15); a != nil {
				p[op] = append(p[op], a)
			}
		}
	}
	return p
}

func (p poolGen) Generate(op string, seed uint64) map[string]any {
	pool := p[op]
	return pool[seed%uint64(len(pool))]
}

// BenchmarkRunAdapter runs tongref conform --adapter 'tongref adapter'.
func BenchmarkRunAdapter(b *testing.B) {
	benchRun(b, benchBin(b)+" adapter", nil)
}

// BenchmarkRunInProcess runs tongref conform --in-process.
func BenchmarkRunInProcess(b *testing.B) {
	benchRun(b, "", nil)
}

// BenchmarkRunPregenerated is BenchmarkRunInProcess and
// BenchmarkRunAdapter with requests drawn beforehand (256 per op, sent in
// turn): what the runner, the codec and the reference cost without the
// generator.
func BenchmarkRunPregenerated(b *testing.B) {
	gen := newPoolGen()
	b.Run("adapter=in-process", func(b *testing.B) { benchRun(b, "", gen) })
	b.Run("adapter=tongref", func(b *testing.B) { benchRun(b, benchBin(b)+" adapter", gen) })
}
