package conform

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os/exec"
	"sync"
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

// process runs an adapter command with sh -c.
type process struct {
	cmd     *exec.Cmd
	in      io.WriteCloser
	w       *bufio.Writer
	lines   chan lineMsg
	errTail *tail
	timer   *time.Timer
	done    chan struct{}
	exitErr error
}

type lineMsg struct {
	b   []byte
	err error
}

func startProcess(command string) (*process, error) {
	cmd := exec.Command("sh", "-c", command)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	p := &process{cmd: cmd, in: in, w: bufio.NewWriterSize(in, 64<<10), lines: make(chan lineMsg, window+2), errTail: &tail{max: 64 << 10}, done: make(chan struct{})}
	cmd.Stderr = p.errTail
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the adapter %q: %v", command, err)
	}
	go func() {
		r := bufio.NewReaderSize(out, 64<<10)
		for {
			line, err := readLine(r, nil)
			if len(line) > 0 || err == nil {
				p.lines <- lineMsg{b: line}
			}
			if err != nil {
				p.exitErr = cmd.Wait()
				close(p.done)
				p.lines <- lineMsg{err: io.EOF}
				return
			}
		}
	}()
	return p, nil
}

func (p *process) send(line []byte) error {
	_, err := p.w.Write(line)
	return err
}

func (p *process) flush() error { return p.w.Flush() }

func (p *process) recv(timeout time.Duration) ([]byte, error) {
	select {
	case m := <-p.lines:
		return m.b, m.err
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
		return m.b, m.err
	case <-p.timer.C:
		return nil, errTimeout
	}
}

// exitStatus describes how the process ended, once it has.
func (p *process) exitStatus() string {
	select {
	case <-p.done:
		if p.exitErr == nil {
			return "exit status 0"
		}
		return p.exitErr.Error()
	case <-time.After(time.Second):
		return "still running"
	}
}

func (p *process) stop() {
	p.in.Close()
	select {
	case <-p.done:
		return
	case <-time.After(200 * time.Millisecond):
	}
	if p.cmd.Process != nil {
		syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL) // the process group sh -c started
	}
	// drain so the reader goroutine can finish
	go func() {
		for range p.lines {
		}
	}()
	select {
	case <-p.done:
	case <-time.After(2 * time.Second):
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

// answer is a decoded response line.
type answer struct {
	id   any
	resp Response
}

// parseAnswer reads a response line; err is a protocol fault.
func parseAnswer(line []byte) (answer, error) {
	v, err := Decode(line)
	if err != nil {
		return answer{}, fmt.Errorf("the answer is not JSON (%v): %s", err, clip(line))
	}
	m, ok := v.(map[string]any)
	if !ok {
		return answer{}, fmt.Errorf("the answer is not a JSON object: %s", clip(line))
	}
	a := answer{id: m["id"]}
	res, hasRes := m["result"]
	ev, hasErr := m["error"]
	switch {
	case hasRes && hasErr:
		return a, fmt.Errorf("the answer has both result and error: %s", clip(line))
	case hasRes:
		a.resp = Response{Result: res}
	case hasErr:
		em, ok := ev.(map[string]any)
		kind, _ := em["kind"].(string)
		if !ok || (kind != KindInvalid && kind != KindUnsupported && kind != KindCrash) {
			return a, fmt.Errorf("the answer's error is not {\"kind\": invalid|unsupported|crash, ...}: %s", clip(line))
		}
		msg, _ := em["message"].(string)
		a.resp = Response{Err: &RespError{Kind: kind, Message: msg}}
	default:
		return a, fmt.Errorf("the answer has neither result nor error: %s", clip(line))
	}
	return a, nil
}

func sameID(v any, id int64) bool {
	switch v := v.(type) {
	case int64:
		return v == id
	case *big.Int:
		return v.IsInt64() && v.Int64() == id
	}
	return false
}

func clip(b []byte) string {
	const max = 200
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}
