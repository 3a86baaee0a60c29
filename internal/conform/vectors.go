package conform

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Vector is one case of the static corpus (spec/PROTOCOL.md, "Vectors").
type Vector struct {
	Op       string
	Rule     string
	Why      string // why a rejected input is rejected; "" for an accepted one
	From     string // the golden file(s) the case comes from, or ""
	Args     map[string]any
	Expected Response
	Source   string // "spec/vectors/OP.jsonl:LINE", set when read
	// Spec is the spec version whose contract of Op the case is of: 1
	// for spec/vectors/OP.jsonl, N for spec/vectors/vN/OP.jsonl (0 is 1).
	Spec int
}

// SpecOfVectorFile is the spec version of a corpus file's cases, from its
// path: N when a directory on it is named vN, else 1.
func SpecOfVectorFile(name string) int {
	spec := 1
	for _, dir := range strings.Split(filepath.ToSlash(filepath.Dir(name)), "/") {
		if len(dir) >= 2 && dir[0] == 'v' {
			if n, err := strconv.Atoi(dir[1:]); err == nil && n > 1 && dir[1] != '0' {
				spec = n
			}
		}
	}
	return spec
}

// AppliesTo reports whether the vector is a case of spec version spec:
// its op's entry in that version is the contract the vector was made for
// (a version 1 vector of an op version 2 carries unchanged applies to
// both).
func (v Vector) AppliesTo(spec int) bool {
	o := LookupOp(spec, v.Op)
	return o != nil && slices.Contains(o.Specs, max(v.Spec, 1))
}

// AppendVector writes v as one corpus line (without the newline), its
// keys in a fixed order for people reading the file: op, rule, why, from,
// args, expected. The expected error keeps only its kind.
func AppendVector(dst []byte, v Vector) []byte {
	dst = append(dst, `{"op":`...)
	dst = AppendString(dst, v.Op)
	dst = append(dst, `,"rule":`...)
	dst = AppendString(dst, v.Rule)
	if v.Why != "" {
		dst = append(dst, `,"why":`...)
		dst = AppendString(dst, v.Why)
	}
	if v.From != "" {
		dst = append(dst, `,"from":`...)
		dst = AppendString(dst, v.From)
	}
	dst = append(dst, `,"args":`...)
	dst, err := Append(dst, v.Args)
	if err != nil {
		panic(err)
	}
	dst = append(dst, `,"expected":`...)
	if v.Expected.Err != nil {
		dst = append(dst, `{"error":{"kind":`...)
		dst = AppendString(dst, v.Expected.Err.Kind)
		dst = append(dst, `}}`...)
	} else {
		dst = append(dst, `{"result":`...)
		dst, _ = Append(dst, v.Expected.Result)
		dst = append(dst, '}')
	}
	return append(dst, '}')
}

// ReadVectors reads a corpus file; name is used in Source and errors, and
// gives the spec version of its cases (SpecOfVectorFile).
func ReadVectors(r io.Reader, name string) ([]Vector, error) {
	var out []Vector
	spec := SpecOfVectorFile(name)
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		v, err := Decode(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, n, err)
		}
		m, _ := v.(map[string]any)
		op, _ := m["op"].(string)
		rule, _ := m["rule"].(string)
		why, _ := m["why"].(string)
		from, _ := m["from"].(string)
		argm, aok := m["args"].(map[string]any)
		exp, eok := m["expected"].(map[string]any)
		o := LookupOp(spec, op)
		if o == nil || !aok || !eok {
			return nil, fmt.Errorf("%s:%d: want {\"op\", \"rule\", \"args\", \"expected\"}, op one of spec version %d", name, n, spec)
		}
		vec := Vector{Op: op, Rule: rule, Why: why, From: from, Args: argm, Source: name + ":" + strconv.Itoa(n), Spec: spec}
		if res, ok := exp["result"]; ok {
			vec.Expected = Response{Result: res}
		} else if em, ok := exp["error"].(map[string]any); ok {
			kind, _ := em["kind"].(string)
			vec.Expected = Response{Err: &RespError{Kind: kind, Rule: rule}}
		} else {
			return nil, fmt.Errorf("%s:%d: expected has neither result nor error", name, n)
		}
		if o.Compare == Validity {
			vec.Expected.Rule = rule
		}
		out = append(out, vec)
	}
	return out, sc.Err()
}

// ParseExpect reads an --expect file: one {"op", "args", "reason"} per line.
func ParseExpect(b []byte, name string) ([]Known, error) {
	var out []Known
	for n, line := range bytes.Split(b, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		v, err := Decode(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, n+1, err)
		}
		m, _ := v.(map[string]any)
		op, _ := m["op"].(string)
		argm, ok := m["args"].(map[string]any)
		if !ok {
			argm, ok = m["request"].(map[string]any) // as --json writes it
		}
		reason, _ := m["reason"].(string)
		if !IsAnyOp(op) || !ok {
			return nil, fmt.Errorf("%s:%d: want {\"op\", \"args\", \"reason\"} with a known op", name, n+1)
		}
		out = append(out, Known{Op: op, Args: argm, Reason: reason})
	}
	return out, nil
}

// Known is a known divergence (spec/PROTOCOL.md, "Known divergences").
type Known struct {
	Op     string
	Args   map[string]any
	Reason string
}
