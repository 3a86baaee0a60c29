package load

import (
	"math"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tongref/tongref/impl"
)

func bigInt(s string) *big.Int {
	b, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic(s)
	}
	return b
}

var cmpOpts = cmp.Options{
	cmp.Comparer(func(a, b *big.Int) bool { return a.Cmp(b) == 0 }),
	cmp.Comparer(func(a, b float64) bool {
		return a == b && math.Signbit(a) == math.Signbit(b) || math.IsNaN(a) && math.IsNaN(b)
	}),
}

var valueTests = []struct {
	file string
	in   string
	want any
}{
	// Type fidelity: the YAML 1.2 core schema.
	{"t.yaml", "port: 8080", map[string]any{"port": int64(8080)}},
	{"t.yaml", `port: "8080"`, map[string]any{"port": "8080"}},
	{"t.yaml", `port: '8080'`, map[string]any{"port": "8080"}},
	{"t.yaml", "port: 8080.0", map[string]any{"port": 8080.0}},
	{"t.yaml", "x: .nan", map[string]any{"x": math.NaN()}},
	{"t.yaml", "x: .inf", map[string]any{"x": math.Inf(1)}},
	{"t.yaml", "x: -.Inf", map[string]any{"x": math.Inf(-1)}},
	{"t.yaml", "x: true", map[string]any{"x": true}},
	{"t.yaml", "x: FALSE", map[string]any{"x": false}},
	{"t.yaml", "x: ~", map[string]any{"x": nil}},
	{"t.yaml", "x: null", map[string]any{"x": nil}},
	{"t.yaml", "x:", map[string]any{"x": nil}},
	{"t.yaml", "x: 0x1F", map[string]any{"x": int64(31)}},
	{"t.yaml", "x: +12", map[string]any{"x": int64(12)}},
	{"t.yaml", "x: -0", map[string]any{"x": int64(0)}},
	{"t.yaml", "x: 0", map[string]any{"x": int64(0)}},
	{"t.yaml", "x: 9223372036854775807", map[string]any{"x": int64(math.MaxInt64)}},
	{"t.yaml", "x: 9223372036854775808", map[string]any{"x": bigInt("9223372036854775808")}},
	{"t.yaml", "x: -99999999999999999999999", map[string]any{"x": bigInt("-99999999999999999999999")}},
	{"t.yaml", "x: 1.5", map[string]any{"x": 1.5}},
	{"t.yaml", "x: 1.5e+3", map[string]any{"x": 1500.0}},
	{"t.yaml", "x: -1.0", map[string]any{"x": -1.0}},
	{"t.yaml", "x: 30s", map[string]any{"x": "30s"}},
	{"t.yaml", "x: latest", map[string]any{"x": "latest"}},
	{"t.yaml", "x: ${secret:op:op://vault/item/token}", map[string]any{"x": "${secret:op:op://vault/item/token}"}},
	{"t.yaml", `x: "yes"`, map[string]any{"x": "yes"}},
	{"t.yaml", "x: |\n  a\n  b\n", map[string]any{"x": "a\nb\n"}},
	{"t.yaml", "x: !!str 8080", map[string]any{"x": "8080"}},
	{"t.yaml", `x: !!int "12"`, map[string]any{"x": int64(12)}},
	{"t.yaml", "x: !!float 1", map[string]any{"x": 1.0}},
	{"t.yaml", "x: [a, 1, {b: c}]", map[string]any{"x": []any{"a", int64(1), map[string]any{"b": "c"}}}},
	{"t.yaml", "- 1\n- 2", []any{int64(1), int64(2)}},
	{"t.yaml", "---\n", nil},
	{"t.yml", "x: 1", map[string]any{"x": int64(1)}},
	{"t.YAML", "x: 1", map[string]any{"x": int64(1)}},
	{"t.yaml", "\ufeffx: 1", map[string]any{"x": int64(1)}},
	// Merge keys: written keys win, then the first merged map.
	{"t.yaml", "b: &b {x: 1, y: 1}\nm: {<<: *b, y: 2}", map[string]any{"b": map[string]any{"x": int64(1), "y": int64(1)}, "m": map[string]any{"x": int64(1), "y": int64(2)}}},
	{"t.yaml", "a: &a {x: 1}\nb: &b {x: 2, y: 2}\nm: {<<: [*a, *b]}", map[string]any{"a": map[string]any{"x": int64(1)}, "b": map[string]any{"x": int64(2), "y": int64(2)}, "m": map[string]any{"x": int64(1), "y": int64(2)}}},
	{"t.yaml", "a: &a [1, 2]\nb: *a", map[string]any{"a": []any{int64(1), int64(2)}, "b": []any{int64(1), int64(2)}}},

	// JSON: RFC 8259.
	{"t.json", `{"port": 8080}`, map[string]any{"port": int64(8080)}},
	{"t.json", `{"port": "8080"}`, map[string]any{"port": "8080"}},
	{"t.json", `{"port": 8080.0}`, map[string]any{"port": 8080.0}},
	{"t.json", `{"x": 1e5}`, map[string]any{"x": 100000.0}},
	{"t.json", `{"x": -0}`, map[string]any{"x": int64(0)}},
	{"t.json", `{"x": 123456789012345678901234}`, map[string]any{"x": bigInt("123456789012345678901234")}},
	{"t.json", `{"x": [true, false, null, "é"]}`, map[string]any{"x": []any{true, false, nil, "é"}}},
	{"t.json", `[]`, []any{}},
	{"t.JSON", `{}`, map[string]any{}},
}

func TestDefinitionValues(t *testing.T) {
	for _, tt := range valueTests {
		d, err := Definition(tt.file, []byte(tt.in))
		if err != nil {
			t.Errorf("Definition(%q, %q) error: %v", tt.file, tt.in, err)
			continue
		}
		if diff := cmp.Diff(tt.want, d.Value, cmpOpts); diff != "" {
			t.Errorf("Definition(%q, %q) value mismatch (-want +got):\n%s", tt.file, tt.in, diff)
		}
	}
}

var errorTests = []struct {
	file string
	in   string
	want string // the error, exactly
}{
	// Files that are not definitions.
	{"t.txt", "x: 1", "t.txt: is not a definition file; name it NAME.yaml, NAME.yml or NAME.json"},
	{"t.yaml", "x: 1\n\x00\x01", "t.yaml:2: holds a NUL byte, so it is a binary file, not a definition"},
	{"t.yaml", "x: 1\ny: \xff", "t.yaml:2: is not valid UTF-8 (byte 0xff at offset 8); save the file as UTF-8"},
	{"t.json", "\xfe\xff", "t.json:1: is not valid UTF-8 (byte 0xfe at offset 0); save the file as UTF-8"},
	{"t.yaml", "", "t.yaml: holds no YAML document; write a definition map such as lifecycle: session, image: ..., interface: {kind: none}"},
	{"t.yaml", "# only a comment\n", "t.yaml: holds no YAML document; write a definition map such as lifecycle: session, image: ..., interface: {kind: none}"},
	{"t.json", "", "t.json: holds no JSON value; write a definition object such as {\"lifecycle\": \"session\", ...}"},

	// Syntax errors and truncated files.
	{"t.yaml", "x: [1, 2\n", "t.yaml:1: is not valid YAML: did not find expected ',' or ']'"},
	{"t.yaml", "x: \"abc", "t.yaml:1: is truncated, or has an unclosed quote or bracket: found unexpected end of stream"},
	{"t.yaml", "x: 1\n  y: 2", "t.yaml:2: is not valid YAML: mapping values are not allowed in this context"},
	{"t.yaml", "x: *nope", "t.yaml: is not valid YAML: unknown anchor 'nope' referenced"},
	{"t.yaml", "x: 1\n---\ny: 2", "t.yaml:2: holds a second YAML document; a definition file holds one (remove the second \"---\" and what follows)"},
	{"t.json", `{"x": [1,`, "t.json:1: is truncated: the JSON value does not end"},
	{"t.json", "{\"x\": 1,\n}", "t.json:2: is not valid JSON: invalid character '}' looking for beginning of object key string"},
	{"t.json", `{x: 1}`, "t.json:1: is not valid JSON: invalid character 'x'"},
	{"t.json", `{"x": 1} {}`, "t.json:1: holds more after its JSON value; a definition file holds one JSON object"},
	{"t.json", "{\"x\": NaN}", "t.json:1: is not valid JSON: invalid character 'N' looking for beginning of value"},

	// Duplicate and non-string keys.
	{"t.yaml", "x: 1\nx: 2", `t.yaml:2: has the key "x" twice (first on line 1); keep one`},
	{"t.yaml", "x: 1\n\"x\": 2", `t.yaml:2: has the key "x" twice (first on line 1); keep one`},
	{"t.yaml", "b: &b {x: 1}\nm:\n  <<: *b\n  <<: *b", "t.yaml:4: has a second merge key << (the first is on line 3); merge several maps with one key, <<: [*a, *b]"},
	{"t.yaml", "m: {<<: [1]}", "t.yaml:1: merges a value that is not a map; << takes a map or a list of maps, such as <<: *base"},
	{"t.json", "{\"x\": 1,\n \"x\": 2}", `t.json:2: has the key "x" twice (first on line 1); keep one`},
	{"t.yaml", "8080: x", `t.yaml:1: has the key 8080, which is an integer; keys are strings: quote it, "8080"`},
	{"t.yaml", "true: x", `t.yaml:1: has the key true, which is a bool; keys are strings: quote it, "true"`},
	{"t.yaml", "~: x", `t.yaml:1: has the key ~, which is null; keys are strings: quote it, "~"`},
	{"t.yaml", "[a]: x", "t.yaml:1: has a list or map as a key; keys are plain names such as image"},

	// Ambiguous scalars: YAML 1.1 and 1.2 disagree.
	{"t.yaml", "x: yes", `t.yaml:1: the value yes is the string "yes" in YAML 1.2 but the bool true in YAML 1.1 (the PyYAML the Swarmforge launcher reads with); quote it, "yes", if you mean text, or write it so both agree (such as 8080, 1.5, true)`},
	{"t.yaml", "x: Off", `t.yaml:1: the value Off is the string "Off" in YAML 1.2 but the bool false in YAML 1.1 (the PyYAML the Swarmforge launcher reads with); quote it, "Off", if you mean text, or write it so both agree (such as 8080, 1.5, true)`},
	{"t.yaml", "x: 0777", `t.yaml:1: the value 0777 is the integer 777 in YAML 1.2 but the integer 511 in YAML 1.1 (the PyYAML the Swarmforge launcher reads with); quote it, "0777", if you mean text, or write it so both agree (such as 8080, 1.5, true)`},
	{"t.yaml", "x: 08080", `t.yaml:1: the value 08080 is the integer 8080 in YAML 1.2 but the string "08080" in YAML 1.1 (the PyYAML the Swarmforge launcher reads with); quote it, "08080", if you mean text, or write it so both agree (such as 8080, 1.5, true)`},
	{"t.yaml", "x: 0o17", `t.yaml:1: the value 0o17 is the integer 15 in YAML 1.2 but the string "0o17" in YAML 1.1 (the PyYAML the Swarmforge launcher reads with); quote it, "0o17", if you mean text, or write it so both agree (such as 8080, 1.5, true)`},
	{"t.yaml", "x: 1_000", `t.yaml:1: the value 1_000 is the string "1_000" in YAML 1.2 but the integer 1000 in YAML 1.1 (the PyYAML the Swarmforge launcher reads with); quote it, "1_000", if you mean text, or write it so both agree (such as 8080, 1.5, true)`},
	{"t.yaml", "x: 0b101", `t.yaml:1: the value 0b101 is the string "0b101" in YAML 1.2 but the integer 5 in YAML 1.1 (the PyYAML the Swarmforge launcher reads with); quote it, "0b101", if you mean text, or write it so both agree (such as 8080, 1.5, true)`},
	{"t.yaml", "x: 1e5", `t.yaml:1: the value 1e5 is the float 100000 in YAML 1.2 but the string "1e5" in YAML 1.1 (the PyYAML the Swarmforge launcher reads with); quote it, "1e5", if you mean text, or write it so both agree (such as 8080, 1.5, true)`},
	{"t.yaml", "x: 1:30", `t.yaml:1: the value 1:30 is the string "1:30" in YAML 1.2 but a base-60 integer in YAML 1.1 (the PyYAML the Swarmforge launcher reads with); quote it, "1:30", if you mean text, or write it so both agree (such as 8080, 1.5, true)`},
	{"t.yaml", "x: 2001-12-14", `t.yaml:1: the value 2001-12-14 is the string "2001-12-14" in YAML 1.2 but a timestamp in YAML 1.1 (the PyYAML the Swarmforge launcher reads with); quote it, "2001-12-14", if you mean text, or write it so both agree (such as 8080, 1.5, true)`},
	{"t.yaml", "on: x", `t.yaml:1: the key on is the string "on" in YAML 1.2 but the bool true in YAML 1.1 (the PyYAML the Swarmforge launcher reads with); quote it, "on", if you mean text, or write it so both agree (such as 8080, 1.5, true)`},

	// Tags and ranges.
	{"t.yaml", "x: !foo y", "t.yaml:1: has the tag !foo, which tong definitions do not use; remove the tag, or quote the value for a string"},
	{"t.yaml", "x: !!binary aGk=", "t.yaml:1: has the tag !!binary, which tong definitions do not use; remove the tag, or quote the value for a string"},
	{"t.yaml", "x: !!int y", `t.yaml:1: has the tag !!int, but "y" is not an integer; write the value plainly`},
	{"t.yaml", "x: !!map [1]", "t.yaml:1: has the tag !!map, which tong definitions do not use; remove the tag"},
	{"t.yaml", "x: 1e999", "t.yaml:1: 1e999 is outside the range of a float; write a smaller number, or .inf for infinity"},
	{"t.json", `{"x": -1e999}`, "t.json:1: -1e999 is outside the range of a float; write a smaller number"},
}

func TestDefinitionErrors(t *testing.T) {
	for _, tt := range errorTests {
		d, err := Definition(tt.file, []byte(tt.in))
		if err == nil {
			t.Errorf("Definition(%q, %q) = %#v, want error %q", tt.file, tt.in, d.Value, tt.want)
			continue
		}
		if _, ok := err.(*Error); !ok {
			t.Errorf("Definition(%q, %q) error is %T, want *Error", tt.file, tt.in, err)
		}
		if got := err.Error(); got != tt.want {
			t.Errorf("Definition(%q, %q) error:\n got %s\nwant %s", tt.file, tt.in, got, tt.want)
		}
	}
}

// Bounds: each hostile file must fail quickly with a clear error.
func TestDefinitionBounds(t *testing.T) {
	// A billion laughs: 9 levels of 9 aliases expand to 9^9 strings.
	var b strings.Builder
	b.WriteString("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		b.WriteString(n + ": &" + n + " [" + strings.Repeat("*"+prev+", ", 8) + "*" + prev + "]\n")
		prev = n
	}
	deep := strings.Repeat("[", 101) + strings.Repeat("]", 101)
	deepOK := "x: " + strings.Repeat("[", 99) + strings.Repeat("]", 99)
	tests := []struct {
		name, file, in, want string
	}{
		{"billion laughs", "bl.yaml", b.String(), `bl.yaml:1: holds more than 100000 values once its aliases are expanded; a tong definition is small (is this a "billion laughs" file?)`},
		{"self-reference", "t.yaml", "a: &a [*a]", "t.yaml:1: nests lists and maps deeper than 100; flatten the definition"},
		{"depth 101 yaml", "t.yaml", deep, "t.yaml:1: nests lists and maps deeper than 100; flatten the definition"},
		{"depth 101 json", "t.json", deep, "t.json:1: nests arrays and objects deeper than 100; flatten the definition"},
		{"depth 10001 yaml", "t.yaml", strings.Repeat("[", 10001), "t.yaml: is not valid YAML: exceeded max depth of 10000"},
		{"too many values json", "t.json", "[" + strings.Repeat("1,", MaxNodes) + "1]", "t.json:1: holds more than 100000 values; a tong definition is small"},
		{"too big", "t.yaml", "x: '" + strings.Repeat("a", MaxFileSize) + "'", "t.yaml: is 1048581 bytes, larger than the 1048576 a definition may be; a tong definition is a few lines"},
	}
	for _, tt := range tests {
		start := time.Now()
		_, err := Definition(tt.file, []byte(tt.in))
		if el := time.Since(start); el > 2*time.Second {
			t.Errorf("%s: Definition took %v, want under 2s", tt.name, el)
		}
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: Definition error = %v, want %s", tt.name, err, tt.want)
		}
	}
	if _, err := Definition("t.yaml", []byte(deepOK)); err != nil {
		t.Errorf("depth 100: Definition error = %v, want none", err)
	}
}

// File reads no more than MaxFileSize+1 bytes of a huge file.
func TestFileHuge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.yaml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 40); err != nil { // a sparse terabyte
		f.Close()
		t.Skipf("cannot make a sparse file: %v", err)
	}
	f.Close()
	_, err = File(path)
	want := path + ": is 1048577 bytes, larger than the 1048576 a definition may be; a tong definition is a few lines"
	if err == nil || err.Error() != want {
		t.Errorf("File(huge) error = %v, want %s", err, want)
	}
	_, err = File(filepath.Join(t.TempDir(), "missing.yaml"))
	if err == nil || !strings.HasSuffix(err.Error(), "missing.yaml: cannot be read: no such file or directory") {
		t.Errorf("File(missing) error = %v, want cannot be read", err)
	}
}

func TestLine(t *testing.T) {
	src := "lifecycle: session\nimage: x\ninterface:\n  kind: mcp\n  port: 8080\nmounts:\n  - workspace\n  - docker-socket\nenv: {A.B: 1}\n"
	d, err := Definition("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for field, want := range map[string]int{
		"definition":     1,
		"lifecycle":      1,
		"interface":      3,
		"interface.port": 5,
		"interface.name": 3, // missing: its parent's line
		"mounts[1]":      8,
		"mounts[7]":      6,
		"env.A.B":        9,
		"resources":      0,
		"name":           0,
		"":               0,
	} {
		if got := d.Line(field); got != want {
			t.Errorf("Line(%q) = %d, want %d", field, got, want)
		}
	}
	jd, err := Definition("t.json", []byte("{\n \"interface\": {\n  \"port\": 8080},\n \"mounts\": [\n  \"a\",\n  \"b\"]\n}"))
	if err != nil {
		t.Fatal(err)
	}
	for field, want := range map[string]int{"definition": 1, "interface": 2, "interface.port": 3, "mounts[1]": 6, "mounts[0]": 5} {
		if got := jd.Line(field); got != want {
			t.Errorf("json Line(%q) = %d, want %d", field, got, want)
		}
	}
}

func TestName(t *testing.T) {
	for in, want := range map[string]string{
		"github.yaml":        "github",
		"dir/a.b.yaml":       "a.b",
		"/x/y/postgres.json": "postgres",
		".yaml":              ".yaml",
		"noext":              "noext",
		"a.":                 "a.",
		"..yaml":             ".",
	} {
		if got := Name(in); got != want {
			t.Errorf("Name(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTongsDuplicate(t *testing.T) {
	docs := []Doc{{File: "a/github.yaml", Name: "github"}, {File: "b/github.json", Name: "github"}}
	_, err := Tongs(docs)
	want := `b/github.json: names the tong "github", as a/github.yaml does; rename one file`
	if err == nil || err.Error() != want {
		t.Errorf("Tongs error = %v, want %s", err, want)
	}
}

// FuzzDefinition checks that loading never panics, and that what loads is
// a tree impl accepts: every value in the data model, no deeper than
// impl.MaxDepth.
func FuzzDefinition(f *testing.F) {
	for _, tt := range valueTests {
		f.Add(tt.file, []byte(tt.in))
	}
	for _, tt := range errorTests {
		f.Add(tt.file, []byte(tt.in))
	}
	f.Fuzz(func(t *testing.T, file string, data []byte) {
		d, err := Definition(file, data)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("Definition error is %T, want *Error", err)
			}
			return
		}
		if _, err := impl.ConfigHash(d.Value); err != nil {
			t.Fatalf("Definition(%q, %q) loaded a tree impl refuses: %v", file, data, err)
		}
	})
}
