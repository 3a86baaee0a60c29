//go:build !mutation

package impl_test

import (
	"testing"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/internal/conform"
)

// make mutation builds this package's tests with the mutation tag, which
// leaves this file out: the op table is a fact about the test tables, not
// about impl's code, so no mutant of impl can fail it, and importing
// internal/conform would make every mutant rebuild conform and its
// generators (about three times the time of the mutant's own tests).

// TestEveryOpHasRows walks conform's op table: every op of every spec
// version has a table of rows in this package, registered with rowTable
// (rules_test.go), whose rules TestEveryRuleHasRows cites; and every op a
// table is registered under is an op of the table. An op added without
// its table tests, or a table registered under a misspelt name, fails
// here.
func TestEveryOpHasRows(t *testing.T) {
	rows := impl.RowTableOps()
	ops := map[string]bool{}
	for _, spec := range conform.SpecVersions() {
		for _, op := range conform.OpNames(spec) {
			if !rows[op] && !ops[op] {
				t.Errorf("op %s (spec version %d) has no table of rows in impl; register its table with rowTable beside it", op, spec)
			}
			ops[op] = true
		}
	}
	for op := range rows {
		if !ops[op] {
			t.Errorf("a table of impl registers rows of %q, which is no op of conform's op table", op)
		}
	}
}
