package load

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// Hostile files: each must fail at load time, quickly, with the rule it
// breaks, or load to exactly the tree PyYAML and the protocol agree on.

// An alias of a long string counts as one value but expands to all its
// bytes: LOAD-4 bounds the expanded size too.
func TestAliasAmplification(t *testing.T) {
	var b strings.Builder
	b.WriteString("s: &s \"" + strings.Repeat("a", 700_000) + "\"\nl: [")
	for i := 0; i < 50_000; i++ {
		b.WriteString("*s,")
	}
	b.WriteString("*s]\n")
	if b.Len() > MaxFileSize {
		t.Fatalf("the test file is %d bytes, over MaxFileSize", b.Len())
	}
	start := time.Now()
	_, err := Definition("amp.yaml", []byte(b.String()))
	if el := time.Since(start); el > 5*time.Second { // about 0.7s alone; the bound allows a loaded CI machine
		t.Errorf("Definition took %v, want under 5s", el)
	}
	var le *Error
	if !errors.As(err, &le) || le.Rule != "LOAD-4" || !strings.Contains(le.Msg, "4 MiB") {
		t.Fatalf("Definition(amplified aliases) error = %v, want a LOAD-4 error naming the 4 MiB cap", err)
	}
	if le.Field != "l[4]" {
		t.Errorf("Definition(amplified aliases) error field = %q, want l[4] (the first value over the cap)", le.Field)
	}
}

// The field paths the loader records for Line grow with depth times
// width; a 1 MiB file must not make gigabytes of them.
func TestPathAmplification(t *testing.T) {
	// (YAML allows at most 1024 characters in an implicit key.)
	key, key1k := strings.Repeat("k", 5000), strings.Repeat("k", 1000)
	for _, tt := range []struct{ file, src string }{
		{"deep.json", strings.Repeat(`{"`+key+`": `, 20) + "[" + strings.Repeat("1,", 1000) + "1]" + strings.Repeat("}", 20)},
		{"deep.yaml", strings.Repeat(`{"`+key1k+`": `, 90) + "[" + strings.Repeat("1,", 1000) + "1]" + strings.Repeat("}", 90)},
	} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := Definition(tt.file, []byte(tt.src))
		runtime.ReadMemStats(&after)
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
			t.Errorf("Definition(%s) allocated %d MiB loading a %d KiB file, want under 32 MiB", tt.file, alloc>>20, len(tt.src)>>10)
		}
		var le *Error
		if !errors.As(err, &le) || le.Rule != "LOAD-4" {
			t.Errorf("Definition(%s) error = %v, want LOAD-4", tt.file, err)
		}
	}
}

// An anchor that holds an alias of itself is refused as what it is, at
// once, not after MaxNodes expansions.
func TestRecursiveAlias(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"x: &x {a: 1, <<: *x}", "t.yaml:1: t: x: merges the map &x into itself; remove the << key, or merge another map [LOAD-8]"},
		{"x: &x {a: 1, <<: [{b: 2}, *x]}", "t.yaml:1: t: x: merges the map &x into itself; remove the << key, or merge another map [LOAD-8]"},
		{"a: &a [*a]", "t.yaml:1: t: a[0]: *a: is an alias of a list or map that holds it, so it would hold itself; remove the alias [LOAD-4]"},
		{"a: &a {b: {c: *a}}", "t.yaml:1: t: a.b.c: *a: is an alias of a list or map that holds it, so it would hold itself; remove the alias [LOAD-4]"},
	} {
		_, err := Definition("t.yaml", []byte(tt.in))
		if err == nil || err.Error() != tt.want {
			t.Errorf("Definition(%q) error:\n got %v\nwant %s", tt.in, err, tt.want)
		}
	}
}

// A tagged scalar is read by the tag's constructor in YAML 1.1 (PyYAML's
// SafeLoader) and by the core schema here; LOAD-7 asks both to agree.
func TestTaggedScalars(t *testing.T) {
	accept := []struct {
		in   string
		want any
	}{
		{"x: !!int 12", int64(12)},
		{"x: !!int '12'", int64(12)},
		{"x: !!int -7", int64(-7)},
		{"x: !!int 0", int64(0)},
		{"x: !!int 0x1F", int64(31)},
		{"x: !!int 0o17", int64(15)}, // Python's int('0o17', 8) is 15 too
		{"x: !!float 1", 1.0},
		{"x: !!float 1.5", 1.5},
		{"x: !!float 1e5", 100000.0},
		{"x: !!float -.inf", math.Inf(-1)},
		{"x: !!float 012", 12.0},
		{"x: !!bool true", true},
		{"x: !!bool FALSE", false},
		{"x: !!null ~", nil},
		{"x: !!str 0777", "0777"},
	}
	for _, tt := range accept {
		d, err := Definition("t.yaml", []byte(tt.in))
		if err != nil {
			t.Errorf("Definition(%q) error: %v", tt.in, err)
			continue
		}
		if diff := cmp.Diff(map[string]any{"x": tt.want}, d.Value, cmpOpts); diff != "" {
			t.Errorf("Definition(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
	refuse := []string{
		"x: !!int 0777",
		"x: !!int '0777'",
		"x: !!int +0777",
		"x: !!int 08",
		"x: !!int 012",
		"x: !!float 0x1A",
		"x: !!float 0o17",
	}
	for _, in := range refuse {
		_, err := Definition("t.yaml", []byte(in))
		var le *Error
		if !errors.As(err, &le) || le.Rule != "LOAD-7" || le.Field != "x" {
			t.Errorf("Definition(%q) error = %v, want a LOAD-7 error at x", in, err)
		}
	}
	// A plain << anywhere but a key is the merge tag, which PyYAML
	// cannot construct.
	for _, in := range []string{"x: <<", "x: [<<]", "- <<"} {
		_, err := Definition("t.yaml", []byte(in))
		var le *Error
		if !errors.As(err, &le) || le.Rule != "LOAD-8" {
			t.Errorf("Definition(%q) error = %v, want LOAD-8", in, err)
		}
	}
	if d, err := Definition("t.yaml", []byte(`x: "<<"`)); err != nil || d.Value.(map[string]any)["x"] != "<<" {
		t.Errorf(`Definition("x: \"<<\"") = %v, %v; want the string <<`, d.Value, err)
	}
}

// JSON strings are read as the protocol reads them (PROTOCOL.md,
// "Values"): a lone surrogate is the bytes Python's surrogateescape
// writes, so DM-3 refuses it in validate as it does in the protocol,
// instead of encoding/json's silent U+FFFD.
func TestJSONSurrogates(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`{"x": "\ud800"}`, "\xed\xa0\x80"},
		{`{"x": "\udc80"}`, "\x80"},
		{`{"x": "a\udcffb"}`, "a\xffb"},
		{`{"x": "\ud83d\ude00"}`, "😀"},
		{`{"x": "\ud83d\u0041"}`, "\xed\xa0\xbdA"},
		{`{"x": "\u00e9\n"}`, "é\n"},
	} {
		d, err := Definition("t.json", []byte(tt.in))
		if err != nil {
			t.Errorf("Definition(%s) error: %v", tt.in, err)
			continue
		}
		if got := d.Value.(map[string]any)["x"]; got != tt.want {
			t.Errorf("Definition(%s) x = %q, want %q", tt.in, got, tt.want)
		}
	}
	d, err := Definition("t.json", []byte(`{"\udcff": 1}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := d.Value.(map[string]any)["\xff"]; !ok {
		t.Errorf(`Definition({"\udcff": 1}) = %q, want the key "\xff"`, d.Value)
	}
}

// A file that is not a regular file is refused before it is opened: a
// FIFO with no writer would block the read for good.
func TestFileNotRegular(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"fifo", "fifo.yaml"} {
		p := filepath.Join(dir, name)
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
		done := make(chan error, 1)
		go func() { _, err := File(p); done <- err }()
		select {
		case err := <-done:
			var le *Error
			if !errors.As(err, &le) || le.Rule != "LOAD-1" {
				t.Errorf("File(%s) error = %v, want LOAD-1", name, err)
			}
		case <-time.After(5 * time.Second):
			// unblock the reader so the test ends
			if f, err := os.OpenFile(p, os.O_WRONLY, 0); err == nil {
				f.Close()
			}
			t.Errorf("File(%s) blocked on a FIFO", name)
		}
	}
	_, err := File(dir + "/.")
	if err == nil || !strings.Contains(err.Error(), "is not a definition file") {
		t.Errorf("File(dir) error = %v, want not a definition file", err)
	}
	yamlDir := filepath.Join(dir, "d.yaml")
	if err := os.Mkdir(yamlDir, 0o755); err != nil {
		t.Fatal(err)
	}
	_, err = File(yamlDir)
	if err == nil || !strings.Contains(err.Error(), "is a directory, not a regular file") {
		t.Errorf("File(d.yaml/) error = %v, want a directory", err)
	}
}
