package impl

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// The row tables: each table of this package's rows registers itself
// beside its rows (rowTable), under the ops whose rows it holds, so a new
// op's table is cited here without an edit to this file;
// TestEveryOpHasRows (optable_test.go) fails for an op of conform's op
// table that has none.

// citeFunc cites the rule of one row: ok for an accepting row; errRule,
// when not empty, a rule a rejecting row breaks besides rule.
type citeFunc func(rule string, ok bool, errRule string)

// rowTables maps each op (conform's op names) to the tables of its rows,
// each a function citing every row's rule.
var rowTables = map[string][]func(cite citeFunc){}

// rowTable registers rows, the table of the ops named, and returns true,
// so a table registers itself as var _ = rowTable(...).
func rowTable(rows func(cite citeFunc), ops ...string) bool {
	for _, op := range ops {
		rowTables[op] = append(rowTables[op], rows)
	}
	return true
}

// TestEveryRuleHasRows checks that every rule spec/SPEC.md defines is cited
// by at least one accepting row of this package's tables and, unless it
// cannot reject anything, by one rejecting row.
func TestEveryRuleHasRows(t *testing.T) {
	rules := map[string]bool{}
	for _, doc := range []string{"../spec/SPEC.md", "../spec/SPEC-v2.md"} {
		spec, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`(?m)^- \*\*([A-Z]+-[0-9]+)\*\*`).FindAllStringSubmatch(string(spec), -1) {
			if !strings.HasPrefix(m[1], "LOAD-") { // the file reader's rules: load tests them
				rules[m[1]] = true
			}
		}
	}
	if len(rules) < 80 {
		t.Fatalf("found %d rules in SPEC.md; is the rule markup still `- **RULE-N**`?", len(rules))
	}

	accept, reject := map[string]bool{}, map[string]bool{}
	cite := func(rule string, ok bool, errRule string) {
		rule, fault := citeFault(rule)
		if fault != rule && errRule == "" {
			errRule = fault
		}
		if ok {
			accept[rule] = true
			return
		}
		reject[rule] = true
		if errRule != "" {
			reject[errRule] = true
		}
	}
	for _, tables := range rowTables {
		for _, rows := range tables {
			rows(cite)
		}
	}
	for _, r := range launchTests {
		cite(r.rule, r.err == "", r.err)
	}

	// Rules no input can break: they say how a result is written, or
	// they hold for every input.
	acceptOnly := map[string]string{
		"DM-5":    "duplicate keys cannot exist in a Go map; the readers test it (load, internal/conform)",
		"DM-6":    "key order: TestValidateTongOrder and TestConfigHashKeyOrder",
		"DUR-1":   "a bad default: TestParseDurationDefault",
		"DUR-2":   "numbers are refused only by DUR-4",
		"DEF-2":   "null is absent: the rejecting row's fault is the required field's own rule",
		"RDY-5":   "a bad timeout is rejected under its DUR rule",
		"HASH-2":  "every float has a canonical form",
		"HASH-3":  "every string has a canonical form",
		"NAME-1":  "every name has a shared container name",
		"NAME-2":  "a naming rule",
		"NAME-3":  "a naming rule",
		"NAME-5":  "a naming rule; bad session ids are NAME-4",
		"NAME-6":  "a consequence: TestContainerNamesInjective",
		"INJ-1":   "the identity accepts every argv",
		"INJ-5":   "an insertion rule",
		"INJ-6":   "post-image arguments may be anything",
		"INJ-7":   "a consequence; its rejecting row is an argv without image",
		"ALIAS-2": "skipping rule",
		"ALIAS-3": "comparison rule",
		"ALIAS-4": "result shape",
		"OPT-3":   "a reading rule",
		"OPT-4":   "a reading rule",
		"RDY-8":   "defaults; its rejecting rows carry the rules they break",
		"RES-4":   "rendering; its rejecting rows carry RES-1 to RES-3",
		"RUN-8":   "the layout; its rejecting rows carry MNT-5",
		"RUN-9":   "an emission rule",
		"ARGV-6":  "the image position",
		"ARGV-8":  "the tables: props/dockercli checks them against docker",
		"OPT-2":   "reads nothing after the image",
		// Spec version 2.
		"SCOPE-3":  "the token's computation; bad arguments are SCOPE-2",
		"NAME-8":   "a naming rule",
		"NAME-9":   "a consequence: TestScopedNamesInjective",
		"NET-5":    "a consequence: TestScopedNamesInjective",
		"RUN-11":   "the layout; its rejecting rows carry the rules they break",
		"CREATE-3": "the rewrite; bad argvs are CREATE-1 and CREATE-2",
		"PLAN-6":   "what the anvil is given; the sets it cannot build are PLAN-3 and PLAN-4",
		"PLAN-7":   "the MCP documents; a harness without one is PLAN-8",
		"PLAN-10":  "the order of the steps; the launches it cannot order are PLAN-9, PLAN-11 and PLAN-12",
	}
	// Rules that only refuse, or whose accepting case is another test.
	noAccept := map[string]bool{"DM-5": true, "DM-6": true, "DUR-5": true, "NAME-6": true, "NAME-9": true, "NET-5": true}
	var missing []string
	for r := range rules {
		if !accept[r] && !noAccept[r] {
			missing = append(missing, r+" (no accepting row)")
		}
		if _, exempt := acceptOnly[r]; !exempt && !reject[r] {
			missing = append(missing, r+" (no rejecting row)")
		}
	}
	for r := range acceptOnly {
		if !rules[r] {
			missing = append(missing, r+" (exempted here, but not in SPEC.md)")
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("rule %s", m)
	}
}
