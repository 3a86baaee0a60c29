package conform

import (
	"errors"
	"fmt"
	"iter"
	"math"
	"math/big"
	"sort"
	"unicode/utf8"
)

// Shrinking. A divergence found on a generated request is made as small as
// it can be while it stays the same divergence: the op's domain holds, and
// the adapter still disagrees with the reference for the same cause. The
// shrinker works on the request's JSON tree, so it shrinks any request,
// whatever made it: it deletes map keys and list elements (in halves, then
// one by one), empties and shortens strings, replaces characters by "a",
// and moves numbers toward 0 and 1, keeping each change that keeps the
// divergence, until no change does or the budget is spent.

// ask sends one request and waits for its answer, restarting the adapter
// after a fault.
func (r *runner) ask(op string, argm map[string]any) (Response, error) {
	if r.direct {
		return ReferenceIn(r.spec, op, argm), nil
	}
	c := &Case{Op: op, Args: argm}
	resp, err := r.exchange(op, r.encodeArgs(c), r.opts.Timeout)
	if err != nil {
		if !r.restart(fmt.Sprintf("while shrinking, %s request %s: %v", op, requestText(c), err)) {
			return Response{}, errors.New("the adapter cannot be restarted")
		}
		return Response{Err: &RespError{Kind: KindCrash, Message: err.Error()}}, err
	}
	return resp, nil
}

// shrink minimizes d.Case into d.Shrunk.
func (r *runner) shrink(d *Divergence) {
	// normalize the generator's Go values to the protocol's
	b, err := Append(nil, d.Case.Args)
	if err != nil {
		return
	}
	v, err := Decode(b)
	if err != nil {
		return
	}
	cur := v.(map[string]any)
	budget := r.opts.ShrinkBudget
	protocolFault := len(d.Cause) > 9 && d.Cause[:9] == "protocol "
	test := func(argm map[string]any) (Response, bool) {
		if budget <= 0 || r.rep.Aborted != "" {
			return Response{}, false
		}
		c := &Case{Op: d.Op, Args: argm, InDomain: r.inDomain(d.Op, argm)}
		if !c.InDomain && d.Case.InDomain {
			return Response{}, false
		}
		c.Expected = ReferenceIn(r.spec, d.Op, argm)
		if c.Expected.Err != nil && c.Expected.Err.Bad {
			return Response{}, false
		}
		c.Rule = ruleOf(c.Expected)
		budget--
		got, err := r.ask(d.Op, argm)
		if protocolFault {
			return got, err != nil && "protocol fault: "+faultClass(err) == d.Cause
		}
		if err != nil {
			return got, false
		}
		_, cause := r.compare(c, got)
		return got, cause == d.Cause
	}
	got, ok := test(cur)
	if !ok {
		return // not reproducible (a flaky adapter); report it as found
	}
	steps := 0
	for improved := true; improved; {
		improved = false
		for m := range requestCandidates(LookupOp(r.spec, d.Op), cur) {
			if g, ok := test(m); ok {
				cur, got = m, g
				steps++
				improved = true
				break
			}
			if budget <= 0 {
				break
			}
		}
	}
	sc := &Case{Op: d.Op, Args: cur, InDomain: r.inDomain(d.Op, cur), Source: d.Case.Source + ", shrunk"}
	sc.Expected = ReferenceIn(r.spec, d.Op, cur)
	sc.Rule = ruleOf(sc.Expected)
	d.Shrunk, d.ShrunkTo, d.Steps = sc, got, steps
	if sc.Rule != "" {
		d.Rule = sc.Rule
	}
}

// requestCandidates yields simpler versions of a request of op o: the
// op's own (Op.Shrink) first, then the generic ones.
func requestCandidates(o *Op, argm map[string]any) iter.Seq[map[string]any] {
	return func(yield func(map[string]any) bool) {
		if o != nil && o.Shrink != nil {
			for m := range o.Shrink(argm) {
				if !yield(m) {
					return
				}
			}
		}
		for c := range candidates(argm, true) {
			if !yield(c.(map[string]any)) {
				return
			}
		}
	}
}

// candidates yields simpler versions of v, simplest first. At the top
// (the args map) keys are never removed: every argument is always present.
func candidates(v any, top bool) iter.Seq[any] {
	return func(yield func(any) bool) {
		switch v := v.(type) {
		case map[string]any:
			keys := sortedKeys(v)
			if !top {
				for _, k := range keys {
					m := copyMap(v)
					delete(m, k)
					if !yield(m) {
						return
					}
				}
			}
			for _, k := range keys {
				if !top && v[k] != nil {
					m := copyMap(v)
					m[k] = nil
					if !yield(m) {
						return
					}
				}
				for c := range candidates(v[k], false) {
					m := copyMap(v)
					m[k] = c
					if !yield(m) {
						return
					}
				}
			}
			// rename a key to a shorter one
			if !top {
				for _, k := range keys {
					for c := range candidates(k, false) {
						s, _ := c.(string)
						if _, taken := v[s]; taken {
							continue
						}
						m := copyMap(v)
						delete(m, k)
						m[s] = v[k]
						if !yield(m) {
							return
						}
					}
				}
			}
		case []any:
			// the whole list, then halves, quarters, ... down to one
			// element at a time
			for n := len(v); n >= 1; n /= 2 {
				for i := 0; i+n <= len(v); i += n {
					l := append(append([]any{}, v[:i]...), v[i+n:]...)
					if !yield(l) {
						return
					}
				}
			}
			for i := range v {
				for c := range candidates(v[i], false) {
					l := append([]any{}, v...)
					l[i] = c
					if !yield(l) {
						return
					}
				}
			}
		case string:
			for c := range stringCandidates(v) {
				if !yield(c) {
					return
				}
			}
		case bool:
			if v {
				yield(false)
			}
		case int64:
			for _, c := range []int64{0, 1, v / 2} {
				if c != v && (c >= 0 || v < 0) {
					if !yield(c) {
						return
					}
				}
			}
		case *big.Int:
			if !yield(int64(0)) {
				return
			}
			if !yield(new(big.Int).Quo(v, big.NewInt(2))) {
				return
			}
		case float64:
			for _, c := range []float64{0, 1, math.Trunc(v), v / 2} {
				if math.Float64bits(c) != math.Float64bits(v) && !math.IsNaN(c) && !(math.IsInf(v, 0) && math.IsInf(c, 0)) {
					if !yield(c) {
						return
					}
				}
			}
		}
	}
}

func stringCandidates(s string) iter.Seq[any] {
	return func(yield func(any) bool) {
		if s == "" {
			return
		}
		if !yield("") {
			return
		}
		rs := []rune(s)
		if !utf8.ValidString(s) {
			// work on bytes: drop each byte
			for i := 0; i < len(s); i++ {
				if !yield(s[:i] + s[i+1:]) {
					return
				}
			}
			return
		}
		for n := len(rs) / 2; n >= 1; n /= 2 {
			for i := 0; i+n <= len(rs); i += n {
				if !yield(string(rs[:i]) + string(rs[i+n:])) {
					return
				}
			}
		}
		for i, c := range rs {
			if c == 'a' {
				continue
			}
			t := append([]rune{}, rs...)
			t[i] = 'a'
			if !yield(string(t)) {
				return
			}
		}
	}
}

func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Size measures a request's arguments: one per node, plus the length in
// characters of each string and key. Tests use it to check a shrunk
// counterexample is small.
func Size(v any) int {
	switch v := v.(type) {
	case string:
		return 1 + utf8.RuneCountInString(v)
	case []any:
		n := 1
		for _, e := range v {
			n += Size(e)
		}
		return n
	case map[string]any:
		n := 1
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			n += utf8.RuneCountInString(k) + Size(v[k])
		}
		return n
	}
	return 1
}
