package conform

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Stopping adapters: a stopped adapter leaves no process behind, not even
// one that left its process group or was adopted by the runner.

// running holds every adapter process not yet stopped, for KillAdapters.
var running = struct {
	sync.Mutex
	m      map[*process]bool
	killed bool // KillAdapters was called: no adapter runs from now on
}{m: map[*process]bool{}}

// KillAdapters kills every adapter process the runner has started and
// not yet stopped, with its process group and whatever holds its pipes.
// A command calls it when it is interrupted (SIGINT, SIGTERM), before it
// exits: the adapters run in process groups of their own, which the
// terminal's signal does not reach.
func KillAdapters() {
	running.Lock()
	defer running.Unlock()
	running.killed = true
	for p := range running.m {
		p.kill()
	}
}

// stop ends the adapter: it closes its stdin and gives it a moment to
// exit, then kills its process group and any process holding its pipes,
// and waits (boundedly) for the reader.
func (p *process) stop() {
	p.wmu.Lock()
	if !p.quit {
		close(p.stopped)
	}
	p.quit = true
	p.wmu.Unlock()
	p.wcond.Broadcast()
	p.in.Close()
	select {
	case <-p.exited:
	case <-time.After(200 * time.Millisecond):
	}
	p.kill()
	select {
	case <-p.readEnd:
	case <-time.After(2 * time.Second):
	}
	running.Lock()
	delete(running.m, p)
	running.Unlock()
}

// kill kills the adapter's process group, then, when its output has not
// ended soon after, every process that still holds one of its pipes (a
// child that left the group with setsid), and closes the runner's ends.
func (p *process) kill() {
	if p.cmd.Process != nil {
		syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	}
	select {
	case <-p.exited:
	case <-time.After(2 * time.Second):
	}
	ended := func() bool {
		select {
		case <-p.readEnd:
		case <-time.After(100 * time.Millisecond):
			return false
		}
		select {
		case <-p.errEnd:
			return true
		case <-time.After(100 * time.Millisecond):
			return false
		}
	}
	if !ended() || p.heldOpen.Load() {
		killHolders(p.in, p.out, p.errR)
	}
	if Adopting.Load() {
		killAdopted()
	}
	p.out.Close()
	p.errR.Close()
	p.in.Close()
}

// killHolders kills every other process that has a pipe of files open
// (Linux: /proc/PID/fd). The runner's own ends are closed after.
func killHolders(files ...*os.File) {
	want := map[string]bool{}
	for _, f := range files {
		var st syscall.Stat_t
		if err := syscall.Fstat(int(f.Fd()), &st); err == nil {
			want[fmt.Sprintf("pipe:[%d]", st.Ino)] = true
		}
	}
	procs, _ := os.ReadDir("/proc")
	self := os.Getpid()
	for _, d := range procs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil || pid == self {
			continue
		}
		fds, _ := os.ReadDir("/proc/" + d.Name() + "/fd")
		for _, fd := range fds {
			if link, err := os.Readlink("/proc/" + d.Name() + "/fd/" + fd.Name()); err == nil && want[link] {
				syscall.Kill(pid, syscall.SIGKILL)
				break
			}
		}
	}
}

// killAdopted kills every child of this process that is not a running
// adapter: under Adopting, the processes adapters left behind (Linux:
// /proc/PID/stat).
func killAdopted() {
	procs, _ := os.ReadDir("/proc")
	self := os.Getpid()
	for _, d := range procs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		if _, adapter := leaders.Load(pid); adapter {
			continue
		}
		stat, err := os.ReadFile("/proc/" + d.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...; comm may hold spaces and parentheses
		i := strings.LastIndexByte(string(stat), ')')
		if f := strings.Fields(string(stat[i+1:])); i > 0 && len(f) > 1 && f[1] == strconv.Itoa(self) {
			syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}
