package impl

import (
	"bufio"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// make mutation runs gremlins over this package with its unit tables, then
// this test on gremlins' report: every mutant that lived must be listed,
// with the reason it is equivalent, in testdata/mutation-equivalent.txt.
// A mutant that is not equivalent gets a table row citing its rule instead.
var mutationReport = flag.String("mutation-report", "", "gremlins' JSON report (make mutation), and after a comma internal/uncovered's, to check against testdata/mutation-equivalent.txt")

const equivalentsFile = "testdata/mutation-equivalent.txt"

// mutant names one mutation by what survives an edit elsewhere in its
// file: the file, the mutator, the source line's text without its
// indentation, and the column within that text. The line number is left
// out: it moves whenever a line above is edited.
type mutant struct {
	file, mutator, text string
	col                 int
}

// readEquivalents reads the list of equivalent mutants: one per line,
// "FILE | MUTATOR | COLUMN | SOURCE LINE | WHY", the column counted in the
// source line as written there (without indentation), from 1.
func readEquivalents(t *testing.T) map[mutant]string {
	f, err := os.Open(equivalentsFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[mutant]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, " | ")
		if len(fields) != 5 {
			t.Fatalf("%s:%d: want FILE | MUTATOR | COLUMN | SOURCE LINE | WHY, got %q", equivalentsFile, n, line)
		}
		col, err := strconv.Atoi(fields[2])
		if err != nil || col < 1 || col > len(fields[3]) || strings.TrimSpace(fields[4]) == "" {
			t.Fatalf("%s:%d: a column within the source line and a reason are required: %q", equivalentsFile, n, line)
		}
		m := mutant{fields[0], fields[1], fields[3], col}
		if _, dup := out[m]; dup {
			t.Fatalf("%s:%d: listed twice: %q", equivalentsFile, n, line)
		}
		out[m] = fields[4]
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// sourceLines returns a file's lines, each without its indentation, and
// the indentation's width in bytes.
func sourceLines(t *testing.T, file string) (text []string, indent []int) {
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		trimmed := strings.TrimLeft(l, " \t")
		text = append(text, trimmed)
		indent = append(indent, len(l)-len(trimmed))
	}
	return text, indent
}

// checkEquivalentsExist checks that every listed mutant still exists: its
// file holds its source line. A listed line that was edited away must
// leave the list, or the list could excuse a new survivor by accident.
// (It runs only under make mutation: gremlins runs this package's tests on
// mutated copies of its files, where a listed line is changed on purpose.)
func checkEquivalentsExist(t *testing.T) {
	lines := map[string]map[string]bool{}
	for m := range readEquivalents(t) {
		if lines[m.file] == nil {
			text, _ := sourceLines(t, m.file)
			lines[m.file] = map[string]bool{}
			for _, l := range text {
				lines[m.file][l] = true
			}
		}
		if !lines[m.file][m.text] {
			t.Errorf("%s lists a mutant of %s at %q, but no line of %s reads so; remove or update the entry", equivalentsFile, m.file, m.text, m.file)
		}
	}
}

// report is the part of gremlins' JSON report this test reads;
// internal/uncovered writes the same shape for the mutants it runs.
type report struct {
	Files []struct {
		Name      string `json:"file_name"`
		Mutations []struct {
			Line, Column int
			Type, Status string
		} `json:"mutations"`
	} `json:"files"`
}

// at is a mutant by its place in the code the reports were made of.
type at struct {
	file, mutator string
	line, col     int
}

// TestMutationSurvivors checks the reports make mutation writes (gremlins',
// then internal/uncovered's for the mutants gremlins could not run, or
// that it reran): each mutant that lived is listed as equivalent. A mutant
// in a later report takes the status that report gives it, so make
// mutation-recheck's rerun of the survivors under new rows replaces
// their verdicts.
func TestMutationSurvivors(t *testing.T) {
	if *mutationReport == "" {
		t.Skip("run by make mutation, with -mutation-report FILE[,FILE]")
	}
	checkEquivalentsExist(t)
	equiv := readEquivalents(t)
	status := map[at]string{}
	var order []at
	for _, name := range strings.Split(*mutationReport, ",") {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var rep report
		if err := json.Unmarshal(b, &rep); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, f := range rep.Files {
			for _, m := range f.Mutations {
				k := at{filepath.Base(f.Name), m.Type, m.Line, m.Column}
				if _, seen := status[k]; !seen {
					order = append(order, k)
				}
				status[k] = m.Status
			}
		}
	}
	count := map[string]int{}
	listed := 0
	for _, k := range order {
		count[status[k]]++
		if status[k] != "LIVED" {
			continue
		}
		text, indent := sourceLines(t, k.file)
		if k.line < 1 || k.line > len(text) {
			t.Errorf("%s:%d: %s: no such line", k.file, k.line, k.mutator)
			continue
		}
		key := mutant{k.file, k.mutator, text[k.line-1], k.col - indent[k.line-1]}
		if _, ok := equiv[key]; ok {
			listed++
			continue
		}
		t.Errorf("%s:%d:%d: %s lived; kill it with a table row citing its rule, or list it as\n%s | %s | %d | %s | WHY", k.file, k.line, k.col, k.mutator, k.file, k.mutator, key.col, key.text)
	}
	killed := count["KILLED"] + count["TIMED OUT"]
	t.Logf("%d mutants: %d killed (%d of them timed out), %d lived (%d listed as equivalent), %d not viable, %d not covered; efficacy %.2f%%",
		len(order), killed, count["TIMED OUT"], count["LIVED"], listed, count["NOT VIABLE"], count["NOT COVERED"], 100*float64(killed)/float64(max(1, killed+count["LIVED"])))
}

// TestMutationEquivalentsFormat reads the list of equivalent mutants on
// every test run, so a malformed or doubled entry fails at once rather than
// at the next make mutation.
func TestMutationEquivalentsFormat(t *testing.T) {
	if len(readEquivalents(t)) == 0 {
		t.Errorf("%s lists no mutant", equivalentsFile)
	}
}
