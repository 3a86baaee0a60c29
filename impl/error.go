package impl

import (
	"strconv"
	"strings"
)

// Error is the one error type the package returns. It names the field that
// is wrong, the rule of spec/SPEC.md it breaks, and the offending input, and
// its message says what to write instead. A launcher author reads the
// message; a program reads the fields.
type Error struct {
	// Field is the dotted path of the offending input: "interface.port",
	// "env.TOKEN", "readiness.command[1]", "argv[4]", "session_id", "value".
	Field string
	// Rule is the spec rule broken, such as "DUR-3" or "IF-3".
	Rule string
	// Input is the offending input, already rendered for a person
	// (quoted when it is a string), or "" when there is nothing to show.
	Input string
	// Value is the offending input itself, as the caller gave it, when
	// the error has one to keep (Input renders it); nil otherwise.
	Value any
	// Msg says what is wrong and what to write instead.
	Msg string
	// Err is the underlying cause, when there is one (for example the
	// ParseDuration error behind a bad readiness.timeout).
	Err error
}

// Error formats the error as "FIELD: INPUT: MESSAGE [RULE]".
func (e *Error) Error() string {
	var b strings.Builder
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	if e.Input != "" {
		b.WriteString(e.Input)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if _, same := e.Err.(*Error); e.Err != nil && !same {
		// A cause of this package's own is already told by Msg.
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	if e.Rule != "" {
		b.WriteString(" [")
		b.WriteString(e.Rule)
		b.WriteString("]")
	}
	return b.String()
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

func errorf(field, rule, input, msg string) *Error {
	return &Error{Field: field, Rule: rule, Input: input, Msg: msg}
}

// errorv is errorf for an input value: Input renders it, Value keeps it.
func errorv(field, rule string, v any, msg string) *Error {
	return &Error{Field: field, Rule: rule, Input: show(v), Value: v, Msg: msg}
}

// show renders an input value for an error message: strings quoted with
// Go's %q rules (so control characters are visible), other values in the
// spec's canonical JSON form, both cut to a readable length.
func show(v any) string {
	const max = 60
	var s string
	switch v := v.(type) {
	case string:
		if len(v) > max {
			v = v[:max] + "…"
		}
		return strconv.Quote(v)
	default:
		b, err := appendCanonical(nil, v, 0)
		if err != nil {
			return "(" + typeName(v) + ")"
		}
		s = string(b)
	}
	if len(s) > max {
		s = s[:max] + "…"
	}
	return s
}

func index(parent string, i int) string {
	return parent + "[" + strconv.Itoa(i) + "]"
}
