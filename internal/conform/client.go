package conform

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// window is how many requests the runner keeps in flight.
const window = 256

// An adapter is the other side of the protocol: a child process, or the
// reference in process.
type adapter interface {
	// send queues one request line (with its newline).
	send(line []byte) error
	// flush writes the queued requests.
	flush() error
	// recv returns the next answer line, waiting at most timeout.
	recv(timeout time.Duration) ([]byte, error)
	// stop ends the adapter; stderr returns what it wrote there.
	stop()
	stderr() string
}

var (
	errTimeout = errors.New("no answer within the per-request timeout")
)

// DefaultMaxLine is the longest answer line the runner reads (--max-line):
// a longer one is a protocol fault, so an adapter that writes without end
// costs at most this much memory.
const DefaultMaxLine = 16 << 20

// exitGrace is how long the output of an adapter that has exited is still
// read: what it wrote before exiting is in the pipe at once, and anything
// later comes from a process it left behind holding its stdout.
const exitGrace = 500 * time.Millisecond

// process runs an adapter command with sh -c, in a process group of its
// own. The runner owns both ends of its pipes: requests go out from a
// writer goroutine, so a full pipe never blocks the runner (an adapter
// that stops reading is a hang, caught by the per-request timeout), and
// answers come in from a reader goroutine that holds at most about
// maxLine bytes of answers not yet taken.
type process struct {
	cmd     *exec.Cmd
	in      *os.File // the write end of the adapter's stdin
	out     *os.File // the read end of its stdout
	errR    *os.File // the read end of its stderr
	batch   []byte   // requests not yet flushed
	wmu     sync.Mutex
	wcond   *sync.Cond
	queue   [][]byte // flushed batches the writer has not yet written
	free    [][]byte // written batches, for flush to fill again (under wmu)
	lines   chan lineMsg
	next    [][]byte // the lines of the batch recv is taking
	nextErr error    // what follows them: the end of the output, or a fault
	errTail *tail
	timer   *time.Timer
	maxLine int
	held    int           // bytes of answers in lines (under wmu)
	quit    bool          // stop was called (under wmu)
	stopped chan struct{} // closed when stop is called
	exited  chan struct{} // closed when the adapter (sh) has exited
	readEnd chan struct{} // closed when the reader has stopped
	errEnd  chan struct{} // closed when stderr has ended
	exitErr error
	// held open: an output still open exitGrace after the adapter exited
	// (a process it left behind holds it)
	heldOpen atomic.Bool
}

// lineMsg is a batch of answer lines the reader hands to recv: every
// line it could read without waiting for the adapter, then, when the
// output has ended or faulted, the error that says how.
type lineMsg struct {
	lines [][]byte
	size  int // the lines' bytes, counted in held
	err   error
}

// Adopting is set by a command whose process is the subreaper of its
// descendants (Linux's PR_SET_CHILD_SUBREAPER, a process-wide setting the
// library leaves to main): a process an adapter leaves behind, even in a
// session of its own and holding none of its pipes, becomes the command's
// child when its parent exits, and is killed with the adapter. Every
// child of such a command that is not a running adapter is one of these.
var Adopting atomic.Bool

// leaders holds the pid of every adapter process not yet waited for.
var leaders sync.Map

func startProcess(command string, maxLine int) (*process, error) {
	if maxLine <= 0 {
		maxLine = DefaultMaxLine
	}
	cmd := exec.Command("sh", "-c", command)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var ends [6]*os.File // stdin r, w; stdout r, w; stderr r, w
	closeAll := func() {
		for _, f := range ends {
			if f != nil {
				f.Close()
			}
		}
	}
	for i := 0; i < 6; i += 2 {
		r, w, err := os.Pipe()
		if err != nil {
			closeAll()
			return nil, err
		}
		ends[i], ends[i+1] = r, w
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = ends[0], ends[3], ends[5]
	p := &process{cmd: cmd, in: ends[1], out: ends[2], errR: ends[4], maxLine: maxLine,
		lines: make(chan lineMsg, window+2), errTail: &tail{max: 64 << 10},
		exited: make(chan struct{}), readEnd: make(chan struct{}), errEnd: make(chan struct{}), stopped: make(chan struct{})}
	p.wcond = sync.NewCond(&p.wmu)
	if err := cmd.Start(); err != nil {
		closeAll()
		return nil, fmt.Errorf("starting the adapter %q: %v", command, err)
	}
	// the adapter's ends are its own now
	ends[0].Close()
	ends[3].Close()
	ends[5].Close()
	running.Lock()
	running.m[p] = true
	killed := running.killed
	running.Unlock()
	if killed {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}

	go p.write()
	go p.read()
	go func() {
		if _, err := io.Copy(p.errTail, p.errR); errors.Is(err, os.ErrDeadlineExceeded) {
			p.heldOpen.Store(true)
		}
		close(p.errEnd)
	}()
	leaders.Store(cmd.Process.Pid, true)
	go func() {
		p.exitErr = cmd.Wait()
		leaders.Delete(cmd.Process.Pid)
		close(p.exited)
		// what is left of its group goes with it; a process that left
		// the group and holds the pipes gets exitGrace to let go
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		deadline := time.Now().Add(exitGrace)
		p.out.SetReadDeadline(deadline)
		p.errR.SetReadDeadline(deadline)
	}()
	return p, nil
}

// write writes the flushed batches in order until stop; after a failed
// write (the adapter closed its stdin or died) it drops the rest.
func (p *process) write() {
	failed := false
	for {
		p.wmu.Lock()
		for len(p.queue) == 0 && !p.quit {
			p.wcond.Wait()
		}
		if p.quit {
			p.wmu.Unlock()
			return
		}
		b := p.queue[0]
		p.queue[0] = nil
		p.queue = p.queue[1:]
		p.wmu.Unlock()
		if !failed {
			if _, err := p.in.Write(b); err != nil {
				failed = true
			}
		}
		// kept for flush to fill again, unless large: a batch of the
		// corpus's largest requests is megabytes
		if cap(b) <= maxReusedBatch {
			p.wmu.Lock()
			if len(p.free) < 4 {
				p.free = append(p.free, b[:0])
			}
			p.wmu.Unlock()
		}
	}
}

// maxReusedBatch is the largest written batch of requests kept for reuse.
const maxReusedBatch = 1 << 20

// batchBytes is about the most bytes of answer lines the reader hands
// over in one batch (one line may be longer).
const batchBytes = 64 << 10

// read hands answer lines to recv until the output ends or a line is
// longer than maxLine, holding at most about maxLine bytes not yet taken.
// It hands them over in batches, so the runner pays one channel handoff
// for every read of the pipe rather than one for every line: a batch
// holds the lines already in its buffer, and is handed over before any
// read that might wait for the adapter, so no answer that has arrived is
// ever held back.
func (p *process) read() {
	defer close(p.readEnd)
	r := bufio.NewReaderSize(p.out, 64<<10)
	var m lineMsg
	var buf []byte
	for {
		if len(m.lines) > 0 && (m.size >= batchBytes || len(m.lines) >= window || !lineBuffered(r)) {
			if !p.deliver(m) {
				return
			}
			m, buf = lineMsg{}, nil
		}
		if buf == nil {
			buf = make([]byte, 0, batchBytes)
		}
		start := len(buf)
		b, err := readLineMax(r, buf, p.maxLine, false)
		if errors.Is(err, errLineTooLong) {
			m.err = fmt.Errorf("the answer is not JSON: its line is longer than %d bytes (--max-line)", p.maxLine)
			p.deliver(m)
			return
		}
		if len(b) > start || err == nil {
			// a full slice: a line appended later never writes into it
			m.lines = append(m.lines, b[start:len(b):len(b)])
			m.size += len(b) - start
			buf = b
		}
		if err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) {
				p.heldOpen.Store(true)
			}
			m.err = io.EOF
			p.deliver(m)
			return
		}
	}
}

// lineBuffered reports whether r holds a whole line, which it then reads
// without waiting.
func lineBuffered(r *bufio.Reader) bool {
	b, _ := r.Peek(r.Buffered())
	return bytes.IndexByte(b, '\n') >= 0
}

// deliver passes m to recv once the answers not yet taken leave room
// for it; false after stop.
func (p *process) deliver(m lineMsg) bool {
	p.wmu.Lock()
	for p.held > 0 && p.held+m.size > p.maxLine && !p.quit {
		p.wcond.Wait()
	}
	if p.quit {
		p.wmu.Unlock()
		return false
	}
	p.held += m.size
	p.wmu.Unlock()
	// an adapter may write lines no request asked for: after stop, the
	// reader gives up rather than wait for room
	select {
	case p.lines <- m:
		return true
	case <-p.stopped:
		return false
	}
}

func (p *process) send(line []byte) error {
	p.batch = append(p.batch, line...)
	return nil
}

// flush hands the queued requests to the writer; it never blocks.
func (p *process) flush() error {
	if len(p.batch) == 0 {
		return nil
	}
	p.wmu.Lock()
	p.queue = append(p.queue, p.batch)
	p.batch = nil
	if n := len(p.free); n > 0 {
		p.batch = p.free[n-1]
		p.free = p.free[:n-1]
	}
	p.wmu.Unlock()
	p.wcond.Broadcast()
	return nil
}

// take makes m's lines the ones recv returns next, and releases its
// bytes to the reader.
func (p *process) take(m lineMsg) {
	p.wmu.Lock()
	p.held -= m.size
	p.wmu.Unlock()
	p.wcond.Broadcast()
	p.next, p.nextErr = m.lines, m.err
}

// recv returns the next answer line, or the error that ended the output
// (once), waiting at most timeout for it.
func (p *process) recv(timeout time.Duration) ([]byte, error) {
	for {
		if len(p.next) > 0 {
			b := p.next[0]
			p.next[0] = nil
			p.next = p.next[1:]
			return b, nil
		}
		if p.nextErr != nil {
			err := p.nextErr
			p.nextErr = nil
			return nil, err
		}
		select {
		case m := <-p.lines:
			p.take(m)
			continue
		default:
		}
		if p.timer == nil {
			p.timer = time.NewTimer(timeout)
		} else {
			p.timer.Reset(timeout)
		}
		select {
		case m := <-p.lines:
			p.timer.Stop()
			p.take(m)
		case <-p.timer.C:
			return nil, errTimeout
		}
	}
}

// exitStatus describes how the process ended, once it has.
func (p *process) exitStatus() string {
	select {
	case <-p.exited:
		if p.exitErr == nil {
			return "exit status 0"
		}
		return p.exitErr.Error()
	case <-time.After(time.Second):
		return "still running"
	}
}

func (p *process) stderr() string { return p.errTail.String() }

// tail keeps the last max bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = append(t.b[:0], t.b[len(t.b)-t.max:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}
