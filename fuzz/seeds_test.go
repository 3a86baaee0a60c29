package fuzz

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/tongref/tongref/internal/conform"
	"github.com/tongref/tongref/load"
)

// go test ./fuzz -run TestSeeds -seeds rewrites the seed corpora under
// testdata/fuzz from impl's test tables, the golden definitions, the
// vectors and the cases below. Review the result with git diff; files of
// crashers the fuzzer found are kept (only seed-* files are rewritten).
var writeSeeds = flag.Bool("seeds", false, "rewrite the seed corpora under testdata/fuzz")

// Cases a failure once taught us, or the spec calls out, beyond the tables.
var (
	extraDurations = []string{
		"1" + strings.Repeat("0", 400) + "h", "0." + strings.Repeat("0", 330) + "1s", "٣٠s", "\u00a030s",
		"1e3s", ".5s", "5.s", "1..5s", "30s\x00", "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858367h",
	}
	extraArgvs = [][]string{
		{"docker", "run", "--", "--", "--network"},
		{"docker", "--context", "run", "run", "--net=a", "--network", "b", "img", "--network", "c"},
		{"docker", "run", "-itdp", "80:80", "-e=A=1", "--env", "--network", "img"},
		{"docker", "run", "-dtest.v", "img"},
		{"docker", "container", "create", "--detach", "img"},
		{"docker", "run", "-", "--name", "x"},
		{"docker", "run", "", "--name", "x"},
		{"/usr/bin/docker", "-D", "-l", "debug", "run", "--rm=false", "-q", "img"},
	}
)

// Requests that break the protocol: too deep, ids of every kind, missing
// and mistyped arguments, integers at the digit limit, tagged values wrong.
var extraRequests = []string{
	`{"id":14,"op":"parse_duration","args":{"value":` + strings.Repeat("[", 201) + strings.Repeat("]", 201) + `,"default":null}}`,
	`{"op":"config_hash","args":{"definition":[]},"id":3}`,
	`{"id":123456789012345678901234567890,"op":"shared_container_name","args":{"name":"a"}}`,
	`{"id":-1,"op":"shared_container_name","args":{"name":"a"},"id":2}`,
	`{"id":1.0,"op":"shared_container_name","args":{"name":"a"}}`,
	`{"id":"1","op":"shared_container_name","args":{"name":"a"}}`,
	`{"id":1,"op":"parse_duration","args":{}}`,
	`{"id":1,"op":"tong_run_argv","args":{"name":"a","definition":{}}}`,
	`{"id":1,"op":"no_such_op","args":{}}`,
	`{"id":1,"op":"parse_duration","args":{"value":1` + strings.Repeat("0", conform.MaxIntDigits-1) + `,"default":null}}`,
	`{"id":1,"op":"parse_duration","args":{"value":1` + strings.Repeat("0", conform.MaxIntDigits) + `,"default":null}}`,
	`{"id":1,"op":"parse_duration","args":{"value":{"type":"float","value":"NaN"},"default":{"type":"null","value":""}}}`,
	`{"id":1,"op":"config_hash","args":{"definition":{"type":"integer","value":"0x10"}}}`,
	`{"id":1,"op":"config_hash","args":{"definition":"\udc80\ud800"}}`,
	`{"id":1,"op":"anvil_option_value","args":{"argv":["docker","run",NaN],"flag":"--network"}}`,
	``, `null`, `[]`, `{}`, `{"id":1}`,
}

// corpusFile renders one corpus entry in the "go test fuzz v1" format.
func corpusFile(args ...any) []byte {
	var b bytes.Buffer
	b.WriteString("go test fuzz v1\n")
	for _, a := range args {
		switch a := a.(type) {
		case string:
			fmt.Fprintf(&b, "string(%s)\n", strconv.Quote(a))
		case []byte:
			fmt.Fprintf(&b, "[]byte(%s)\n", strconv.Quote(string(a)))
		case bool:
			fmt.Fprintf(&b, "bool(%t)\n", a)
		default:
			panic(fmt.Sprintf("corpusFile: %T", a))
		}
	}
	return b.Bytes()
}

func nul(argv []string) []byte { return []byte(strings.Join(argv, "\x00")) }

// w is impl's test helper: a command line split on spaces, "␣" a space
// inside a token, "∅" the empty token.
func w(s string) []string {
	if s == "" {
		return nil
	}
	f := strings.Split(s, " ")
	for i := range f {
		f[i] = strings.ReplaceAll(f[i], "␣", " ")
		if f[i] == "∅" {
			f[i] = ""
		}
	}
	return f
}

// tableRows returns, for the table var named table in impl's test files,
// each row's leading string literals (a field that is not a string
// literal is "\x00?" so rows keep their positions).
func tableRows(t *testing.T, table string) [][]string {
	fset := token.NewFileSet()
	files, _ := filepath.Glob("../impl/*_test.go")
	var rows [][]string
	for _, file := range files {
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok || len(vs.Names) != 1 || vs.Names[0].Name != table || len(vs.Values) != 1 {
				return true
			}
			lit, ok := vs.Values[0].(*ast.CompositeLit)
			if !ok {
				return true
			}
			for _, e := range lit.Elts {
				row, ok := e.(*ast.CompositeLit)
				if !ok {
					continue
				}
				var fields []string
				for _, x := range row.Elts {
					s := "\x00?"
					if bl, ok := x.(*ast.BasicLit); ok && bl.Kind == token.STRING {
						s, _ = strconv.Unquote(bl.Value)
					}
					fields = append(fields, s)
				}
				rows = append(rows, fields)
			}
			return false
		})
	}
	if len(rows) == 0 {
		t.Fatalf("no rows found for impl's %s", table)
	}
	return rows
}

// vectorArgs returns the args of every vector of op in spec/vectors.
func vectorArgs(op string) []map[string]any {
	files, _ := filepath.Glob("../spec/vectors/*.jsonl")
	var out []map[string]any
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			var rec struct {
				Op   string         `json:"op"`
				Args map[string]any `json:"args"`
			}
			if json.Unmarshal(sc.Bytes(), &rec) == nil && rec.Op == op {
				out = append(out, rec.Args)
			}
		}
		f.Close()
	}
	return out
}

func strs(v any) []string {
	l, _ := v.([]any)
	var out []string
	for _, e := range l {
		s, _ := e.(string)
		out = append(out, s)
	}
	return out
}

func TestSeeds(t *testing.T) {
	if !*writeSeeds {
		t.Skip("run with -seeds to rewrite the seed corpora")
	}
	corpus := map[string][][]byte{}
	add := func(target string, args ...any) { corpus[target] = append(corpus[target], corpusFile(args...)) }

	// FuzzParseDuration: durationTests' strings, vectors, extras.
	for _, r := range tableRows(t, "durationTests") {
		if r[1] != "\x00?" {
			add("FuzzParseDuration", r[1])
		}
	}
	for _, a := range vectorArgs("parse_duration") {
		if s, ok := a["value"].(string); ok {
			add("FuzzParseDuration", s)
		}
	}
	for _, s := range extraDurations {
		add("FuzzParseDuration", s)
	}

	// FuzzAnvilOptionValue: optTests' argv and flag, each with a tail.
	for _, r := range tableRows(t, "optTests") {
		add("FuzzAnvilOptionValue", nul(w(r[1])), r[2], nul([]string{"--network", "evil"}))
	}
	for _, a := range vectorArgs("anvil_option_value") {
		f, _ := a["flag"].(string)
		add("FuzzAnvilOptionValue", nul(strs(a["argv"])), f, []byte{})
	}
	for _, argv := range extraArgvs {
		add("FuzzAnvilOptionValue", nul(argv), "--network", nul([]string{"-e", "X"}))
	}

	// FuzzInject: injectTests' argv, network, pre and post.
	for _, r := range tableRows(t, "injectTests") {
		add("FuzzInject", nul(w(r[1])), r[2], nul(w(r[3])), nul(w(r[4])))
	}
	for _, a := range vectorArgs("inject_anvil_argv") {
		n, _ := a["network"].(string)
		add("FuzzInject", nul(strs(a["argv"])), n, nul(strs(a["pre_image_args"])), nul(strs(a["post_image_args"])))
	}
	for _, argv := range extraArgvs {
		add("FuzzInject", nul(argv), "tongs", nul([]string{"-e", "A=1"}), nul([]string{"--network", "x"}))
	}

	// FuzzContainerNames: nameTests' session ids and names, paired with
	// the names the spec says must not collide.
	for _, r := range tableRows(t, "nameTests") {
		session := r[1]
		if session == "shared" {
			session = "s1"
		}
		add("FuzzContainerNames", session, r[2], pick(r[2]))
	}
	for _, p := range [][3]string{{"s1", "a b", "a-b"}, {"s1", "@@@", "!!!"}, {"s1", "_2f", "/"}, {"s1", "a_b", "a_5fb"}, {"a", "tong-b", "b"}, {"swarmforge-shared", "x", "y"}, {"s1", "", "-"}} {
		add("FuzzContainerNames", p[0], p[1], p[2])
	}

	// FuzzValidateTongYAML and FuzzValidateTongJSON: the golden
	// definitions, and the vectors' definitions as JSON.
	files, _ := filepath.Glob("../golden/testdata/*/*")
	sort.Strings(files)
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		add("FuzzValidateTongYAML", data)
		if strings.HasSuffix(file, ".json") {
			add("FuzzValidateTongJSON", load.Name(file), data)
			continue
		}
		if d, err := load.Definition(file, data); err == nil {
			if j, err := json.Marshal(d.Value); err == nil {
				add("FuzzValidateTongJSON", d.Name, j)
			}
		}
	}
	for _, op := range []string{"validate_tong", "alias_collisions"} {
		for _, a := range vectorArgs(op) {
			defs := map[string]any{}
			if d, ok := a["definition"]; ok {
				n, _ := a["name"].(string)
				defs[n] = d
			}
			if ts, ok := a["tongs"].(map[string]any); ok {
				defs = ts
			}
			for n, d := range defs {
				if j, err := json.Marshal(d); err == nil {
					add("FuzzValidateTongJSON", n, j)
				}
			}
		}
	}

	// FuzzProtocol: hello, the first vector of each op and rule as a
	// request (plain and tagged), and the malformed requests below.
	add("FuzzProtocol", []byte(`{"id":0,"op":"hello","args":{"protocol":1}}`), false)
	seen := map[string]bool{}
	for i, v := range conform.Corpus() {
		if seen[v.Op+" "+v.Rule] {
			continue
		}
		seen[v.Op+" "+v.Rule] = true
		args := v.Args
		for _, tagged := range []bool{false, true} {
			if tagged {
				args = conform.TagArgs(v.Op, v.Args)
			}
			line, err := conform.Append([]byte(`{"id":`+strconv.Itoa(i+1)+`,"op":`), v.Op)
			if err == nil {
				line = append(line, `,"args":`...)
				line, err = conform.Append(line, args)
			}
			if err != nil {
				t.Fatalf("vector %s: %v", v.Source, err)
			}
			add("FuzzProtocol", append(line, '}'), tagged)
		}
	}
	for _, line := range extraRequests {
		add("FuzzProtocol", []byte(line), false)
	}

	// The rapid-driven targets: a few fixed byte strings (all zero bytes
	// is every generator's simplest value).
	for _, target := range []string{"FuzzInjectMachine", "FuzzValidateProp", "FuzzOptionValueProp"} {
		for _, seed := range []string{"", strings.Repeat("\x00", 64), strings.Repeat("\x01\x02\x03\x04\x05\x06\x07\x08", 32), strings.Repeat("\xff", 256)} {
			add(target, []byte(seed))
		}
	}

	for target, entries := range corpus {
		dir := filepath.Join("testdata", "fuzz", target)
		old, _ := filepath.Glob(filepath.Join(dir, "seed-*"))
		for _, f := range old {
			os.Remove(f)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			name := fmt.Sprintf("seed-%x", sha256.Sum256(e))[:21]
			if err := os.WriteFile(filepath.Join(dir, name), e, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("%s: %d seeds", target, len(entries))
	}
}

// pick pairs a name with one the Swarmforge launcher's sanitizer maps to
// the same token.
func pick(name string) string {
	if name == "" {
		return "_"
	}
	return strings.ReplaceAll(name, " ", "-") + " "
}
