package conform

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"
)

// The session with an adapter process: starting it and the hello
// exchange, restarting it after a fault, and the two calls through which
// every request goes out and every answer comes in (send and receive).

func (r *runner) start() error {
	if r.opts.Adapter == "" {
		// no adapter: the reference answers each case's own values, with
		// no process, pipe or JSON between (what the runner itself costs)
		r.direct = true
		r.pipeline = true
		r.rep.AdapterName = "tongref (in process)"
		r.spec = max(r.opts.Spec, Spec)
		if len(OpsOf(r.spec)) == 0 {
			return fmt.Errorf("spec version %d is none this runner knows (%s)", r.spec, specList())
		}
		r.ops = map[string]bool{}
		for _, op := range OpNames(r.spec) {
			r.ops[op] = true
		}
		return nil
	}
	p, err := startProcess(r.opts.Adapter, r.opts.MaxLine)
	if err != nil {
		return err
	}
	r.ad = p
	// hello; an adapter may take a while to start (an interpreter, a JIT)
	resp, err := r.exchange("hello", []byte(`{"protocol":`+strconv.Itoa(ProtocolVersion)+`}`), max(r.opts.Timeout, 10*time.Second))
	if err == nil && resp.Err != nil {
		err = fmt.Errorf("hello was answered with an error: %s", resp.Err.Text())
	}
	if err != nil {
		return r.helloFault(err)
	}
	res, _ := resp.Result.(map[string]any)
	if p, _ := res["protocol"].(int64); p != ProtocolVersion {
		return r.helloFault(fmt.Errorf("the adapter speaks protocol %s; this runner speaks %d", Marshal(res["protocol"]), ProtocolVersion))
	}
	// "spec" is absent from a version 1 adapter's answer
	spec := Spec
	if s, ok := res["spec"]; ok {
		n, isInt := s.(int64)
		if !isInt || len(OpsOf(int(n))) == 0 {
			return r.helloFault(fmt.Errorf("the adapter implements spec version %s; this runner knows %s", Marshal(s), specList()))
		}
		spec = int(n)
	}
	switch {
	case r.opts.Spec != 0 && spec != r.opts.Spec:
		return r.helloFault(fmt.Errorf("the adapter implements spec version %d, not %d as asked", spec, r.opts.Spec))
	case r.spec != 0 && spec != r.spec:
		return r.helloFault(fmt.Errorf("the adapter, restarted, implements spec version %d, not %d as before", spec, r.spec))
	}
	r.spec = spec
	r.rep.AdapterName, _ = res["name"].(string)
	r.tagged = res["values"] == "tagged"
	r.pipeline = res["pipeline"] != false
	// "ops" lists op names; absent, it names none (and a run that
	// compares nothing fails)
	r.ops = map[string]bool{}
	l, ok := res["ops"].([]any)
	if _, present := res["ops"]; present && !ok {
		return r.helloFault(fmt.Errorf("its \"ops\" is not a list of op names: %s", clipText(string(Marshal(res["ops"])))))
	}
	r.rep.UnknownOps, r.rep.unknownOps = nil, 0
	for _, op := range l {
		s, ok := op.(string)
		if !ok {
			return r.helloFault(fmt.Errorf("its \"ops\" is not a list of op names: %s", clipText(string(Marshal(op)))))
		}
		if LookupOp(r.spec, s) == nil && !r.ops[s] {
			if r.rep.unknownOps++; len(r.rep.UnknownOps) < 20 {
				r.rep.UnknownOps = append(r.rep.UnknownOps, clipText(strconv.Quote(s)))
			}
		}
		r.ops[s] = true
	}
	r.rep.helloOps = len(r.ops)
	return nil
}

func (r *runner) helloFault(err error) error {
	msg := fmt.Sprintf("the adapter failed the hello exchange: %v", err)
	if p, ok := r.ad.(*process); ok {
		r.ad.stop()
		msg += "\nexit: " + p.exitStatus()
		if s := p.stderr(); s != "" {
			msg += "\nits stderr:\n" + clipLines(s)
		}
	}
	return errors.New(msg)
}

func (r *runner) restart(why string) bool {
	r.rep.Faults = append(r.rep.Faults, why)
	if p, ok := r.ad.(*process); ok {
		r.ad.stop()
		r.rep.Stderr = p.stderr()
		why += " (" + p.exitStatus() + ")"
		r.rep.Faults[len(r.rep.Faults)-1] = why
	}
	r.restarts++
	if r.restarts > r.opts.MaxRestarts {
		r.rep.Aborted = fmt.Sprintf("the adapter failed %d times; giving up", r.restarts)
		return false
	}
	if err := r.start(); err != nil {
		r.rep.Aborted = "restarting the adapter: " + err.Error()
		return false
	}
	return true
}

func (r *runner) encodeArgs(c *Case) []byte {
	b, err := r.tryEncode(c)
	if err != nil {
		panic(fmt.Sprintf("conform: a request outside the data model: %v", err))
	}
	return b
}

func (r *runner) tryEncode(c *Case) ([]byte, error) {
	a := c.Args
	if r.tagged {
		a = tagArgs(r.spec, c.Op, a)
	}
	return Append(nil, a)
}

// send writes one request line for op with its encoded arguments and
// returns the request's id. It buffers; flush writes.
func (r *runner) send(op string, args []byte) (int64, error) {
	id := r.nextID
	r.nextID++
	r.line = appendRequest(r.line[:0], id, op, args)
	return id, r.ad.send(r.line)
}

// receive reads the next answer, which must answer request id, waiting
// at most timeout. Its error is a protocol fault, named as faultClass
// reads it: no answer in time, the adapter gone, a line that is no
// answer, an answer to another request.
func (r *runner) receive(id int64, timeout time.Duration) (Response, error) {
	b, err := r.ad.recv(timeout)
	return r.answer(b, err, id, timeout)
}

// answer reads the answer line b to request id, which recv returned
// with err.
func (r *runner) answer(b []byte, err error, id int64, timeout time.Duration) (Response, error) {
	switch {
	case errors.Is(err, errTimeout):
		return Response{}, fmt.Errorf("no answer within %v", timeout)
	case errors.Is(err, io.EOF):
		return Response{}, errors.New("the adapter exited")
	case err != nil:
		return Response{}, err
	}
	a, err := parseAnswer(b)
	if err != nil {
		return Response{}, err
	}
	if !sameID(a.id, id) {
		return Response{}, fmt.Errorf("the answer has id %s, want %d", Marshal(a.id), id)
	}
	return a.resp, nil
}

// receiveCase is receive for case c's answer; agreed reports a line
// equal to the reference's answer to c (expect.go) that compare judges
// Agree, taken without decoding it (got is then c.Expected).
func (r *runner) receiveCase(c *Case, id int64, timeout time.Duration) (got Response, agreed bool, err error) {
	if c.expected.b == nil {
		got, err = r.receive(id, timeout)
		return got, false, err
	}
	b, err := r.ad.recv(timeout)
	if err == nil {
		hit := matchesExpected(b, id, c.expected)
		r.answers.note(hit)
		if hit {
			if v, _ := r.compare(c, c.Expected); v == Agree {
				return c.Expected, true, nil
			}
		}
	}
	got, err = r.answer(b, err, id, timeout)
	return got, false, err
}

// exchange sends one request and waits for its answer: the hello, and
// the shrinker's requests, one at a time.
func (r *runner) exchange(op string, args []byte, timeout time.Duration) (Response, error) {
	id, err := r.send(op, args)
	if err == nil {
		err = r.ad.flush()
	}
	if err != nil {
		// the adapter is gone; its answer, or none, says how
		_, rerr := r.receive(id, timeout)
		if rerr != nil {
			err = rerr
		}
		return Response{}, err
	}
	return r.receive(id, timeout)
}
