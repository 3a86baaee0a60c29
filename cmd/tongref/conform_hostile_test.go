package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The hostile adapters of testdata/hostile against tongref conform, run as
// a child process the way a user runs it: each run must end in bounded
// time and memory, with the verdict and exit status a person would expect,
// and leave no adapter process behind.

var (
	binsOnce              sync.Once
	tongrefPath, hostPath string
	binsErr               error
)

// hostileBins builds tongref and the hostile adapter once.
func hostileBins(t *testing.T) (tongref, hostile string) {
	t.Helper()
	binsOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tongref-hostile")
		if err != nil {
			binsErr = err
			return
		}
		tongrefPath, hostPath = filepath.Join(dir, "tongref"), filepath.Join(dir, "hostile")
		for _, b := range [][2]string{{tongrefPath, "."}, {hostPath, "./testdata/hostile"}} {
			if out, err := exec.Command("go", "build", "-o", b[0], b[1]).CombinedOutput(); err != nil {
				binsErr = fmt.Errorf("go build %s: %v\n%s", b[1], err, out)
				return
			}
		}
	})
	if binsErr != nil {
		t.Fatal(binsErr)
	}
	return tongrefPath, hostPath
}

// capped keeps the first max bytes written to it and counts the rest.
type capped struct {
	mu    sync.Mutex
	max   int
	b     []byte
	total int
}

func (c *capped) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.total += len(p)
	if n := c.max - len(c.b); n > 0 {
		c.b = append(c.b, p[:min(n, len(p))]...)
	}
	return len(p), nil
}

func (c *capped) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return string(c.b)
}

// hostileRun is what one conform run did.
type hostileRun struct {
	code     int // -1 when the test killed it
	stdout   *capped
	stderr   *capped
	wall     time.Duration
	maxRSSKB int64
	pids     string // the file the adapters write their pids to
}

// memLimitKB is the address space a conform run gets (ulimit -v), so a
// regression fails fast instead of taking the machine's memory.
const memLimitKB = 4 << 20

// startHostile starts tongref conform --adapter 'hostile MODE' args...
// in its own process group.
func startHostile(t *testing.T, mode string, args ...string) (*exec.Cmd, *hostileRun) {
	t.Helper()
	tongref, hostile := hostileBins(t)
	r := &hostileRun{stdout: &capped{max: 1 << 20}, stderr: &capped{max: 1 << 20}, pids: filepath.Join(t.TempDir(), "pids")}
	argv := append([]string{"-c", `ulimit -v ` + strconv.Itoa(memLimitKB) + ` && exec "$0" "$@"`, tongref, "conform", "--adapter", hostile + " " + mode}, args...)
	cmd := exec.Command("sh", argv...)
	cmd.Env = append(os.Environ(), "HOSTILE_PIDS="+r.pids)
	cmd.Stdout, cmd.Stderr = r.stdout, r.stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.WaitDelay = time.Second
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { killLeftovers(t, r.pids) })
	return cmd, r
}

// wait waits for the run at most limit, then kills its process group.
func (r *hostileRun) wait(t *testing.T, cmd *exec.Cmd, start time.Time, limit time.Duration) {
	t.Helper()
	timer := time.AfterFunc(limit, func() { syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
	err := cmd.Wait()
	stopped := !timer.Stop()
	r.wall = time.Since(start)
	r.code = cmd.ProcessState.ExitCode()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.maxRSSKB = ru.Maxrss
	}
	if stopped {
		r.code = -1
		t.Errorf("tongref conform still running after %v; killed it (%v)", limit, err)
	}
}

// livePids returns the pids of the file that still run (a zombie does not).
func livePids(name string) []int {
	b, _ := os.ReadFile(name)
	var live []int
	for _, f := range strings.Fields(string(b)) {
		pid, err := strconv.Atoi(f)
		if err != nil || syscall.Kill(pid, 0) != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + f + "/stat")
		if err != nil {
			continue
		}
		if i := bytes.LastIndexByte(stat, ')'); i > 0 && i+2 < len(stat) && stat[i+2] == 'Z' {
			continue
		}
		live = append(live, pid)
	}
	return live
}

// checkNoneLeft fails the test when an adapter process outlives the run,
// after giving the kernel a moment.
func checkNoneLeft(t *testing.T, pids string) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for {
		live := livePids(pids)
		if len(live) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("adapter processes left running after tongref conform exited: %v", live)
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func killLeftovers(t *testing.T, pids string) {
	for _, pid := range livePids(pids) {
		syscall.Kill(pid, syscall.SIGKILL)
	}
}

// The hostile adapters, what each run must say and how long it may take.
// Every run must also exit with the status given, stay under maxRSSKB of
// memory, keep its report under 256 KiB and leave no process behind.
var hostileCases = []struct {
	mode  string
	args  []string
	code  int
	want  []string // each in stdout or stderr
	limit time.Duration
}{
	// a launcher stuck in a loop: it stops reading while the runner still
	// has large requests to write (tong_run_argv's vectors are 150 KB)
	{"stop-reading", []string{"--ops", "tong_run_argv", "--timeout", "300ms", "--max-restarts", "1"}, exitInvalid,
		[]string{"no answer within 300ms", "protocol fault: hang"}, 15 * time.Second},
	// output without a newline, forever
	{"endless", []string{"--ops", "shared_container_name", "--timeout", "2s", "--max-restarts", "1"}, exitInvalid,
		[]string{"longer than 16777216 bytes", "protocol fault: garbage"}, 20 * time.Second},
	// an answer line of 32 MiB, over the line limit
	{"huge-line", []string{"--ops", "shared_container_name", "--timeout", "2s", "--max-restarts", "1"}, exitInvalid,
		[]string{"longer than 16777216 bytes", "protocol fault: garbage"}, 20 * time.Second},
	// an integer of a million digits
	{"huge-int", []string{"--ops", "shared_container_name", "--timeout", "2s", "--max-restarts", "1"}, exitInvalid,
		[]string{"more than 4300 digits", "protocol fault: garbage"}, 20 * time.Second},
	// a 4 MiB answer under the line limit: a divergence, shown clipped
	{"huge-result", []string{"--ops", "shared_container_name", "--timeout", "2s", "--cases", "0"}, exitInvalid,
		[]string{"results differ", "more bytes]"}, 20 * time.Second},
	// --max-line sets the limit
	{"huge-result", []string{"--ops", "shared_container_name", "--timeout", "2s", "--max-restarts", "1", "--max-line", "1048576"}, exitInvalid,
		[]string{"longer than 1048576 bytes", "protocol fault: garbage"}, 20 * time.Second},
	// an adapter that exits, leaving a child in a new session holding its
	// stdout: the exit is seen at once, not after a timeout per restart
	{"escaped-child", []string{"--ops", "shared_container_name", "--timeout", "5s", "--max-restarts", "2"}, exitInvalid,
		[]string{"the adapter exited", "protocol fault: exit"}, 8 * time.Second},
	// the same, the child holding none of the adapter's pipes: tongref
	// conform, its subreaper, adopts and kills it
	{"escaped-quiet", []string{"--ops", "shared_container_name", "--timeout", "5s", "--max-restarts", "2"}, exitInvalid,
		[]string{"the adapter exited", "protocol fault: exit"}, 8 * time.Second},
	// hellos under which nothing is compared
	{"empty-ops", []string{"--cases", "10"}, exitInvalid, []string{"FAIL: no case was compared: the adapter's hello names no op"}, 20 * time.Second},
	{"no-ops", []string{"--cases", "10"}, exitInvalid, []string{"FAIL: no case was compared: the adapter's hello names no op"}, 20 * time.Second},
	{"ops-not-list", []string{"--cases", "10"}, exitInvalid, []string{`the adapter failed the hello exchange: its "ops" is not a list of op names: "parse_duration"`}, 20 * time.Second},
	{"all-unsupported", []string{"--cases", "10"}, exitInvalid, []string{"FAIL: no case was compared: the adapter implements none of the ops asked for, or answered unsupported to each"}, 20 * time.Second},
	{"unknown-ops", []string{"--cases", "10"}, exitInvalid, []string{`hello names ops spec version 1 does not have: "frobnicate", "parse_duration_v2"`, "FAIL: no case was compared: the adapter's hello names only ops this spec version does not have"}, 20 * time.Second},
}

// maxRSSKB bounds a run's peak memory: the 16 MiB line limit with the
// runner's own heap and the answers it holds.
const maxRSSKB = 320 << 10

func TestHostileAdapters(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs adapters")
	}
	hostileBins(t)
	for _, tc := range hostileCases {
		t.Run(tc.mode, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"--seed", "1"}, tc.args...)
			start := time.Now()
			cmd, r := startHostile(t, tc.mode, args...)
			r.wait(t, cmd, start, tc.limit)
			out := r.stdout.String() + r.stderr.String()
			t.Logf("tongref conform --adapter 'hostile %s' %s: exit %d in %v, max RSS %d KiB, report %d bytes",
				tc.mode, strings.Join(args, " "), r.code, r.wall.Round(time.Millisecond), r.maxRSSKB, r.stdout.total)
			if r.code != tc.code {
				t.Errorf("exit status %d, want %d", r.code, tc.code)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output does not say %q:\n%s", w, clipForLog(out))
				}
			}
			if r.maxRSSKB > maxRSSKB {
				t.Errorf("max RSS %d KiB, want at most %d KiB", r.maxRSSKB, maxRSSKB)
			}
			if r.stdout.total > 256<<10 {
				t.Errorf("report of %d bytes, want at most 256 KiB", r.stdout.total)
			}
			checkNoneLeft(t, r.pids)
		})
	}
}

// TestConformInterrupted: SIGINT or SIGTERM ends a run at once and takes
// the adapter's process group with it; the exit status is 128 plus the
// signal's number, as a shell reports a command the signal ended.
func TestConformInterrupted(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs adapters")
	}
	hostileBins(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			cmd, r := startHostile(t, "stop-reading", "--ops", "tong_run_argv", "--timeout", "1m", "--cases", "0")
			// wait for the adapter to start, then signal tongref alone
			for deadline := time.Now().Add(10 * time.Second); len(livePids(r.pids)) == 0; {
				if time.Now().After(deadline) {
					t.Fatal("the adapter did not start")
				}
				time.Sleep(20 * time.Millisecond)
			}
			time.Sleep(200 * time.Millisecond)
			cmd.Process.Signal(sig)
			r.wait(t, cmd, start, 10*time.Second)
			if want := 128 + int(sig); r.code != want {
				t.Errorf("exit status %d after %v, want %d; stderr:\n%s", r.code, sig, want, r.stderr)
			}
			checkNoneLeft(t, r.pids)
		})
	}
}

func clipForLog(s string) string {
	if len(s) > 1500 {
		return s[:1500] + fmt.Sprintf("… (%d more bytes)", len(s)-1500)
	}
	return s
}
