package conform

import (
	"fmt"
)

// Sending cases and judging their answers: runCases keeps a window of
// requests in flight (one for an adapter that does not pipeline), reads
// each answer with receive (session.go), hands its verdict on, and after
// a protocol fault restarts the adapter and sends the unanswered cases
// again. The transport's limits (client.go: a writer goroutine, the line
// and held-answer caps, the exit watch) apply underneath.

// inflight is a sent case awaiting its answer.
type inflight struct {
	c  *Case
	id int64
}

// runCases sends the cases of src, pipelined, and hands each verdict to
// done.
func (r *runner) runCases(src source, done func(c *Case, v Verdict, actual Response, cause string)) {
	var pending []inflight
	var resend []*Case
	if r.direct {
		for c := src(); c != nil; c = src() {
			got := ReferenceIn(r.spec, c.Op, c.Args)
			got.Rule = ""
			v, cause := r.compare(c, got)
			r.tally(c, v)
			done(c, v, got, cause)
			if r.opts.Progress != nil && r.rep.Cases%4096 == 0 {
				r.opts.Progress(r.rep.Cases)
			}
		}
		return
	}
	exhausted := false
	win := window
	if !r.pipeline {
		win = 1
	}
	answered := 0
	next := func() *Case {
		if len(resend) > 0 {
			c := resend[0]
			resend = resend[1:]
			return c
		}
		if exhausted {
			return nil
		}
		c := src()
		if c == nil {
			exhausted = true
		}
		return c
	}
	for {
		if r.rep.Aborted != "" {
			return
		}
		// fill the window when it is half empty
		if len(pending) <= win/2 {
			for len(pending) < win {
				c := next()
				if c == nil {
					break
				}
				if r.skip[c.Op] || !r.ops[c.Op] {
					r.tally(c, Skipped)
					continue
				}
				if c.argsJSON == nil {
					c.argsJSON = r.encodeArgs(c)
				}
				id, err := r.send(c.Op, c.argsJSON)
				if err != nil {
					break // the adapter is gone; receive says how
				}
				pending = append(pending, inflight{c, id})
			}
			r.ad.flush()
		}
		if len(pending) == 0 {
			return
		}
		head := pending[0]
		got, agreed, err := r.receiveCase(head.c, head.id, r.opts.Timeout)
		if err != nil {
			why := fmt.Sprintf("%s request %s: %v", head.c.Op, requestText(head.c), err)
			actual := Response{Err: &RespError{Kind: KindCrash, Message: err.Error()}}
			r.tally(head.c, Crash)
			done(head.c, Crash, actual, "protocol fault: "+faultClass(err))
			r.noteDivergence(head.c, actual, Crash, "protocol fault: "+faultClass(err))
			for _, p := range pending[1:] {
				resend = append(resend, p.c)
			}
			pending = pending[:0]
			if !r.restart(why) {
				return
			}
			if !r.pipeline {
				win = 1
			}
			continue
		}
		pending = pending[1:]
		v, cause := Agree, ""
		if !agreed {
			v, cause = r.compare(head.c, got)
		}
		if v == Skipped {
			r.skip[head.c.Op] = true
		}
		r.tally(head.c, v)
		done(head.c, v, got, cause)
		answered++
		if r.opts.Progress != nil && answered%4096 == 0 {
			r.opts.Progress(r.rep.Cases)
		}
	}
}
