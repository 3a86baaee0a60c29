package fuzz

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/tongref/tongref/internal/conform"
	"github.com/tongref/tongref/internal/testtables"
	"github.com/tongref/tongref/load"
	"github.com/tongref/tongref/spec/vectors"
)

// The seed corpora. Each target adds its seeds with f.Add from the data
// the other suites read: impl's unit tables (internal/testtables), the
// vector corpus (spec/vectors), the golden catalogue (golden/testdata) and
// the cases below, so a new table row, vector or golden definition is a
// seed at once, and plain `go test ./fuzz` runs every seed. A crasher the
// fuzzer finds is written to testdata/fuzz/TARGET/ and committed there.
//
// Each source must yield seeds: a source that yields none (a renamed op, a
// moved directory) fails the target instead of shrinking its corpus
// silently.

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
	// Pairs of names the Swarmforge launcher's sanitizer maps to one token,
	// with a session id each.
	extraNames = [][3]string{
		{"s1", "a b", "a-b"}, {"s1", "@@@", "!!!"}, {"s1", "_2f", "/"}, {"s1", "a_b", "a_5fb"},
		{"a", "tong-b", "b"}, {"swarmforge-shared", "x", "y"}, {"s1", "", "-"},
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

// seeder collects one target's seeds, counting what each source gave.
type seeder struct {
	tb    testing.TB
	seeds [][]any
	seen  map[string]bool
	given int // seeds given, duplicates included
}

// add adds one seed, once: sources overlap (a vector made from a table
// row, a golden definition that is also a vector).
func (s *seeder) add(args ...any) {
	s.given++
	key := fmt.Sprintf("%q", args)
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	if !s.seen[key] {
		s.seen[key] = true
		s.seeds = append(s.seeds, args)
	}
}

// from runs one source and fails the target when it gave no seed.
func (s *seeder) from(source string, fn func()) {
	n := s.given
	fn()
	if s.given == n {
		s.tb.Fatalf("the seed source %s gave no seeds", source)
	}
}

// seed adds every collected seed to the fuzz target f.
func (s *seeder) seed(f *testing.F) {
	for _, args := range s.seeds {
		f.Add(args...)
	}
}

func nul(argv []string) []byte { return []byte(strings.Join(argv, "\x00")) }

func durationSeeds(tb testing.TB) *seeder {
	s := &seeder{tb: tb}
	s.from("testtables.Durations", func() {
		for _, r := range testtables.Durations {
			if v, ok := r.Value.(string); ok {
				s.add(v)
			}
		}
	})
	s.from("spec/vectors parse_duration", func() {
		for _, a := range vectorArgs(tb, "parse_duration") {
			if v, ok := a["value"].(string); ok {
				s.add(v)
			}
		}
	})
	for _, v := range extraDurations {
		s.add(v)
	}
	return s
}

// optionSeeds: each row's argv and flag, with a tail after the image.
func optionSeeds(tb testing.TB) *seeder {
	s := &seeder{tb: tb}
	s.from("testtables.Options", func() {
		for _, r := range testtables.Options {
			s.add(nul(testtables.Words(r.Argv)), r.Flag, nul([]string{"--network", "evil"}))
		}
	})
	s.from("spec/vectors anvil_option_value", func() {
		for _, a := range vectorArgs(tb, "anvil_option_value") {
			flag, _ := a["flag"].(string)
			s.add(nul(strs(a["argv"])), flag, []byte{})
		}
	})
	for _, argv := range extraArgvs {
		s.add(nul(argv), "--network", nul([]string{"-e", "X"}))
	}
	return s
}

func injectSeeds(tb testing.TB) *seeder {
	s := &seeder{tb: tb}
	w := testtables.Words
	s.from("testtables.Injects", func() {
		for _, r := range testtables.Injects {
			s.add(nul(w(r.Argv)), r.Network, nul(w(r.Pre)), nul(w(r.Post)))
		}
	})
	s.from("spec/vectors inject_anvil_argv", func() {
		for _, a := range vectorArgs(tb, "inject_anvil_argv") {
			network, _ := a["network"].(string)
			s.add(nul(strs(a["argv"])), network, nul(strs(a["pre_image_args"])), nul(strs(a["post_image_args"])))
		}
	})
	for _, argv := range extraArgvs {
		s.add(nul(argv), "tongs", nul([]string{"-e", "A=1"}), nul([]string{"--network", "x"}))
	}
	return s
}

// nameSeeds: each row's session id and name, paired with a name the
// Swarmforge launcher's sanitizer maps to the same token.
func nameSeeds(tb testing.TB) *seeder {
	s := &seeder{tb: tb}
	s.from("testtables.Names", func() {
		for _, r := range testtables.Names {
			session := r.Session
			if session == "shared" {
				session = "s1"
			}
			s.add(session, r.Name, sameToken(r.Name))
		}
	})
	for _, p := range extraNames {
		s.add(p[0], p[1], p[2])
	}
	return s
}

// sameToken returns a name other than name that the Swarmforge launcher's
// sanitizer maps to the same token.
func sameToken(name string) string {
	if name == "" {
		return "_"
	}
	return strings.ReplaceAll(name, " ", "-") + " "
}

// goldenFiles returns the golden catalogue's definition files, sorted.
func goldenFiles(tb testing.TB) []string {
	all, err := filepath.Glob("../golden/testdata/*/*")
	if err != nil {
		tb.Fatal(err)
	}
	var files []string
	for _, f := range all {
		if st, err := os.Stat(f); err == nil && !st.IsDir() { // golden/testdata/plan holds a directory per launch
			files = append(files, f)
		}
	}
	sort.Strings(files)
	return files
}

// yamlSeeds: every file of the golden catalogue, as the loader reads it.
func yamlSeeds(tb testing.TB) *seeder {
	s := &seeder{tb: tb}
	s.from("golden/testdata", func() {
		for _, file := range goldenFiles(tb) {
			data, err := os.ReadFile(file)
			if err != nil {
				tb.Fatal(err)
			}
			s.add(data)
		}
	})
	return s
}

// jsonSeeds: the golden catalogue's definitions as JSON, and every
// definition of the validate_tong and alias_collisions vectors.
func jsonSeeds(tb testing.TB) *seeder {
	s := &seeder{tb: tb}
	s.from("golden/testdata", func() {
		for _, file := range goldenFiles(tb) {
			data, err := os.ReadFile(file)
			if err != nil {
				tb.Fatal(err)
			}
			if strings.HasSuffix(file, ".json") {
				s.add(load.Name(file), data)
				continue
			}
			if d, err := load.Definition(file, data); err == nil {
				if j, err := json.Marshal(d.Value); err == nil {
					s.add(d.Name, j)
				}
			}
		}
	})
	s.from("spec/vectors validate_tong", func() {
		for _, a := range vectorArgs(tb, "validate_tong") {
			name, _ := a["name"].(string)
			s.addJSON(name, a["definition"])
		}
	})
	s.from("spec/vectors alias_collisions", func() {
		for _, a := range vectorArgs(tb, "alias_collisions") {
			tongs, _ := a["tongs"].(map[string]any)
			names := make([]string, 0, len(tongs))
			for n := range tongs {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, n := range names {
				s.addJSON(n, tongs[n])
			}
		}
	})
	return s
}

// protocolSeeds: hello, the first vector of each op and rule as a request
// (plain and tagged), and the malformed requests above.
func protocolSeeds(tb testing.TB) *seeder {
	s := &seeder{tb: tb}
	s.add([]byte(`{"id":0,"op":"hello","args":{"protocol":1}}`), false)
	s.from("the vector corpus (conform.Corpus)", func() {
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
					tb.Fatalf("vector %s: %v", v.Source, err)
				}
				s.add(append(line, '}'), tagged)
			}
		}
	})
	for _, line := range extraRequests {
		s.add([]byte(line), false)
	}
	return s
}

// vectorArgs returns the args of every vector of op, read from the
// vector corpus as the conformance runner reads it.
func vectorArgs(tb testing.TB, op string) []map[string]any {
	r, err := vectors.Files.Open(op + ".jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	defer r.Close()
	vecs, err := conform.ReadVectors(r, "spec/vectors/"+op+".jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	out := make([]map[string]any, len(vecs))
	for i, v := range vecs {
		out[i] = v.Args
	}
	return out
}

// addJSON adds a name and a definition, written as JSON, unless the
// definition holds a NaN or an infinity, which JSON cannot write.
func (s *seeder) addJSON(name string, def any) {
	if hasNonFinite(def) {
		return
	}
	j, err := json.Marshal(def)
	if err != nil {
		s.tb.Fatalf("a definition of %q as JSON: %v", name, err)
	}
	s.add(name, j)
}

// strs returns a decoded JSON list's strings.
func strs(v any) []string {
	l, _ := v.([]any)
	var out []string
	for _, e := range l {
		s, _ := e.(string)
		out = append(out, s)
	}
	return out
}
