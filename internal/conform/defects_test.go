package conform

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tongref/tongref/impl"
)

// The faulty adapters the runner is tested against: the reference with one
// defect built in, the kind an implementation of the toolkit is known to
// have (spec/SPEC.md, differences), or a protocol fault. They are test
// code: this test binary serves them (TestMain), so tongref itself ships
// none.

// Fault is the reference with one defect built in, so the tests can check
// that the runner catches each defect and shrinks it well.
type Fault struct {
	name string // its key in Faults
	Op   string // the op the defect shows in
	Desc string
	// Answer returns the faulty answer, or false to leave the request to
	// the reference.
	Answer func(op string, a map[string]any) (Response, bool)
}

// Faults are the defects a faulty adapter can have. The process-level ones
// (crash, hang, garbage, wrong-id, exit-early) act in Fault.before and
// have no Answer.
var Faults = map[string]Fault{
	"py-scanner": {Op: "anvil_option_value", Desc: "reads docker options knowing only 7 value-taking flags, as the Swarmforge launcher's scanner does",
		Answer: pyScanner},
	"first-value": {Op: "anvil_option_value", Desc: "returns the first value of a repeated option instead of the last (OPT-3)",
		Answer: firstValue},
	"colliding-names": {Op: "shared_container_name", Desc: "names containers with the Swarmforge sanitizer, which maps distinct names to one container (NAME-3)",
		Answer: collidingNames},
	"unicode-digits": {Op: "parse_duration", Desc: "accepts any Unicode decimal digit in a duration, as Python's \\d does (DUR-3)",
		Answer: unicodeDigits},
	"nan-duration": {Op: "parse_duration", Desc: "accepts NaN and Infinity seconds, which pass a `<= 0` check (DUR-4)",
		Answer: nanDuration},
	"alias-case": {Op: "alias_collisions", Desc: "compares aliases case-sensitively (ALIAS-3)",
		Answer: aliasCase},
	"overflow-crash": {Op: "parse_duration", Desc: "D3: crashes (OverflowError) on an integer too large for a float", Answer: overflowCrash},
	"bool-int": {Op: "validate_tong", Desc: "D4: reads true as 1 (port: true is port 1)",
		Answer: dropErrors(func(e *impl.Error) bool { return e.Input == "true" || e.Input == "false" })},
	"unhashable": {Op: "validate_tong", Desc: "D5: crashes (TypeError) on a list or map lifecycle, kind, mode or transport", Answer: unhashable},
	"any-port": {Op: "validate_tong", Desc: "D6: accepts any integer port and an integer mcp name",
		Answer: dropErrors(func(e *impl.Error) bool {
			_, err := strconv.ParseInt(e.Input, 10, 64)
			return (e.Rule == "IF-3" || e.Rule == "IF-4") && err == nil
		})},
	"later-networks": {Op: "inject_anvil_argv", Desc: "D9: with several network options, rewrites only the first and keeps the others (INJ-4)",
		Answer: laterNetworks},
	"pre-unchecked": {Op: "inject_anvil_argv", Desc: "D10: splices pre_image_args unchecked", Answer: preUnchecked},
	"not-run":       {Op: "inject_anvil_argv", Desc: "D11: rewrites an argv that is not a docker run", Answer: notRun},
	"any-session":   {Op: "session_container_name", Desc: "D13: uses any session id as given", Answer: anySession},
	"str-env": {Op: "validate_tong", Desc: "D15: renders any env value with str()",
		Answer: dropErrors(func(e *impl.Error) bool { return e.Rule == "ENV-3" })},
	"unchecked": {Op: "validate_tong", Desc: "D16: passes image, alias, env name, mount mode, memory and networks to docker unchecked",
		Answer: unchecked},
	"lenient": {Op: "validate_tong", Desc: "D17: accepts malformed secrets, a healthcheck without a command, any tong name",
		Answer: dropErrors(func(e *impl.Error) bool { return e.Rule == "ENV-4" || e.Rule == "RDY-7" || e.Rule == "TONG-1" })},
	"null-crash":          {Op: "validate_tong", Desc: "D18: crashes on a null optional field", Answer: nullCrash},
	"workspace-unchecked": {Op: "tong_mount_specs", Desc: "D19: builds -v specs from any workspace and socket path", Answer: workspaceUnchecked},
	"hash-crash":          {Op: "config_hash", Desc: "D20: crashes on invalid UTF-8 or deep nesting", Answer: hashCrash},
	"crash":               {Op: "config_hash", Desc: "exits on every config_hash request"},
	"hang":                {Op: "config_hash", Desc: "never answers a config_hash request"},
	"garbage":             {Op: "config_hash", Desc: "writes a line that is not JSON for every config_hash request"},
	"wrong-id":            {Op: "config_hash", Desc: "answers config_hash requests with the wrong id"},
	"exit-early":          {Desc: "exits after answering 10 requests"},
}

// Fault implements the defect Serve builds in.
func (f Fault) answer(op string, a map[string]any) (Response, bool) {
	if f.Answer == nil {
		return Response{}, false
	}
	return f.Answer(op, a)
}

// before is the process-level defects: crash, hang, garbage, wrong-id and
// exit-early.
func (f Fault) before(served int, op string, id *requestID, out *bufio.Writer) bool {
	switch f.name {
	case "crash":
		if op == "config_hash" {
			fmt.Fprintln(os.Stderr, "adapter: simulated crash on config_hash")
			out.Flush()
			os.Exit(3)
		}
	case "hang":
		if op == "config_hash" {
			out.Flush()
			time.Sleep(time.Hour)
		}
	case "garbage":
		if op == "config_hash" {
			out.WriteString("Traceback (most recent call last): not json\n")
			return true
		}
	case "wrong-id":
		if op == "config_hash" {
			*id = id.idPlusOne()
		}
	case "exit-early":
		if served > 10 {
			out.Flush()
			os.Exit(0)
		}
	}
	return false
}

// defectEnv names the defect the test binary serves when it runs as a
// faulty adapter (TestMain).
const defectEnv = "TONGREF_CONFORM_TEST_DEFECT"

// TestMain makes the test binary a faulty adapter when defectEnv names a
// defect: the reference with that defect built in, served on stdin and
// stdout, as faultyAdapter's command runs it. Otherwise it runs the tests.
func TestMain(m *testing.M) {
	if name := os.Getenv(defectEnv); name != "" {
		f, ok := Faults[name]
		if !ok {
			fmt.Fprintf(os.Stderr, "unknown defect %q\n", name)
			os.Exit(2)
		}
		f.name = name
		if err := Serve(os.Stdin, os.Stdout, ServeOptions{defect: f}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// faultyAdapter is the adapter command serving the reference with the
// defect name built in: this test binary, run again (TestMain).
func faultyAdapter(t *testing.T, name string) string {
	t.Helper()
	if _, ok := Faults[name]; !ok {
		t.Fatalf("unknown defect %q", name)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return defectEnv + "=" + name + " '" + strings.ReplaceAll(exe, "'", `'\''`) + "'"
}
