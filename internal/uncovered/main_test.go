package main

import (
	"strings"
	"testing"
)

// TestSwap applies each mutator at a case expression's operator, as
// gremlins would have had Go's cover profile given the case a block, and
// refuses a position where no operator the mutator changes stands.
func TestSwap(t *testing.T) {
	src := "package p\n\nfunc f(i, n int) int {\n\tswitch {\n\tcase i+1 < n:\n\t\ti++\n\tcase i == -n:\n\t}\n\treturn i\n}\n"
	for _, c := range []struct {
		mutator   string
		line, col int
		want      string // the mutated line, or the error's text
	}{
		{"CONDITIONALS_BOUNDARY", 5, 11, "\tcase i+1 <= n:"},
		{"CONDITIONALS_NEGATION", 5, 11, "\tcase i+1 >= n:"},
		{"ARITHMETIC_BASE", 5, 8, "\tcase i-1 < n:"},
		{"INCREMENT_DECREMENT", 6, 4, "\t\ti--"},
		{"CONDITIONALS_NEGATION", 7, 9, "\tcase i != -n:"},
		{"INVERT_NEGATIVES", 7, 12, "\tcase i == +n:"},
		{"CONDITIONALS_BOUNDARY", 7, 9, "token == is not one CONDITIONALS_BOUNDARY changes"},
		{"CONDITIONALS_BOUNDARY", 5, 10, "no token at this position"},
		{"INVERT_LOGICAL", 5, 11, "mutator INVERT_LOGICAL is not one this command applies"},
	} {
		got, err := swap([]byte(src), mutation{Type: c.mutator, Line: c.line, Column: c.col})
		if err != nil {
			if err.Error() != c.want {
				t.Errorf("%s at %d:%d: error %q, want %q", c.mutator, c.line, c.col, err, c.want)
			}
			continue
		}
		lines := strings.Split(string(got), "\n")
		if lines[c.line-1] != c.want {
			t.Errorf("%s at %d:%d: %q, want %q", c.mutator, c.line, c.col, lines[c.line-1], c.want)
		}
		// Only that line changes.
		want := strings.Split(src, "\n")
		want[c.line-1] = c.want
		if string(got) != strings.Join(want, "\n") {
			t.Errorf("%s at %d:%d: other lines changed:\n%s", c.mutator, c.line, c.col, got)
		}
	}
}
