package impl

import (
	"math"
	"testing"
)

// The expected texts and digests below were produced by CPython 3.11's
// json.dumps(defn, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
// and hashlib.sha256, and read by hand against HASH-1 to HASH-3.

type hashFloatTest struct {
	f    float64
	want string
}

var hashFloatTests = []hashFloatTest{
	// HASH-2: fixed notation for decimal exponents -4 to 15.
	{1e15, "1000000000000000.0"},
	{0.0001, "0.0001"},
	{123.456, "123.456"},
	{2.5, "2.5"},
	{1.0 / 3, "0.3333333333333333"},
	{0.30000000000000004, "0.30000000000000004"}, // 0.1 + 0.2 in binary64
	{9007199254740993, "9007199254740992.0"},
	{0, "0.0"},
	{math.Copysign(0, -1), "-0.0"},
	{-1, "-1.0"},
	// HASH-2: exponent notation outside it.
	{1e16, "1e+16"},
	{1e-5, "1e-05"},
	{1.5e300, "1.5e+300"},
	{5e-324, "5e-324"},
	{1e22, "1e+22"},
	{-2.5e-7, "-2.5e-07"},
	{1e-10, "1e-10"}, // a two-digit exponent has no leading zero
	{1e-9, "1e-09"},
	{math.MaxFloat64, "1.7976931348623157e+308"},
	// HASH-2: Python's names for the non-finite.
	{math.NaN(), "NaN"},
	{math.Inf(1), "Infinity"},
	{math.Inf(-1), "-Infinity"},
}

var _ = rowTable(func(cite citeFunc) {
	for range hashFloatTests {
		cite("HASH-2", true, "")
	}
}, "config_hash")

func TestCanonicalFloat(t *testing.T) {
	for _, tt := range hashFloatTests {
		if got := string(AppendPythonFloat(nil, tt.f)); got != tt.want {
			t.Errorf("HASH-2: canonical(%v) = %s, want %s", tt.f, got, tt.want)
		}
	}
}

type hashTest struct {
	rule string
	ok   bool
	def  any
	text string // canonical JSON
	hash string
}

var hashTests = []hashTest{
	{"HASH-1", true, mcpTong(),
		`{"env":{"GITHUB_TOKEN":"${secret:op:op://vault/item/token}","LOG_LEVEL":"info"},"image":"ghcr.io/acme/github-mcp:latest","interface":{"kind":"mcp","name":"github","port":8080,"transport":"http"},"lifecycle":"session","mounts":["workspace:rw"],"readiness":{"mode":"tcp"}}`,
		"7130a57287187f0801bec522f840388a537abb193fa84ed9902d3c6bd8f1d1d0"},
	{"HASH-3", true, map[string]any{"é": "\"\\\b\f\n\r\t\x01\x1f\x7f✓", "a": []any{nil, true, false, huge, -1}, "Z": map[string]any{}, "b": []any{}},
		`{"Z":{},"a":[null,true,false,123456789012345678901234567890,-1],"b":[],"é":"\"\\\b\f\n\r\t\u0001\u001f` + "\x7f" + `✓"}`,
		"b058dbff31a94d08abdc2f7ad1085d8e3968d8c0cd25d9c0064b76deea95c18b"},
	{"HASH-3", true, "HELLO\tWORLD", `"HELLO\tWORLD"`, ""}, // a tab in an 8-byte chunk below 0x60: no byte carries into the high bit
	// HASH-1: any tree, not only valid tongs; but only trees.
	{"HASH-1", true, "x", `"x"`, ""},
	{"HASH-1", true, nil, `null`, ""},
	{"HASH-1>DM-1", false, map[string]any{"a": []string{"x"}}, "", ""},
	{"HASH-1>DM-3", false, map[string]any{"a": "\xff"}, "", ""},
	{"HASH-1>DM-3", false, map[string]any{"a": "\x80"}, "", ""}, // every byte ORs to exactly 0x80, still not UTF-8
	{"HASH-1>DM-4", false, nest(101), "", ""},
}

var _ = rowTable(func(cite citeFunc) {
	for _, r := range hashTests {
		cite(r.rule, r.ok, "")
	}
}, "config_hash")

func TestConfigHash(t *testing.T) {
	for _, tt := range hashTests {
		text, terr := CanonicalJSON(tt.def)
		hash, herr := ConfigHash(tt.def)
		if !tt.ok {
			if _, fault := citeFault(tt.rule); ruleOf(terr) != fault || ruleOf(herr) != fault {
				t.Errorf("%s: ConfigHash(%s) = %q, %v; want an error of %s", tt.rule, show(tt.def), hash, herr, tt.rule)
			}
			continue
		}
		if terr != nil || string(text) != tt.text {
			t.Errorf("%s: CanonicalJSON(%s) = %s, %v\nwant %s", tt.rule, show(tt.def), text, terr, tt.text)
		}
		if tt.hash != "" && (herr != nil || hash != tt.hash) {
			t.Errorf("%s: ConfigHash(%s) = %s, %v; want %s", tt.rule, show(tt.def), hash, herr, tt.hash)
		}
	}
}

// TestConfigHashKeyOrder checks DM-6: equal trees built in different key
// orders hash alike, and a changed value changes the hash.
func TestConfigHashKeyOrder(t *testing.T) {
	a, _ := ConfigHash(mcpTong())
	for i := 0; i < 10; i++ {
		if b, _ := ConfigHash(mcpTong()); b != a {
			t.Fatalf("ConfigHash(mcpTong()) = %s, then %s", a, b)
		}
	}
	if b, _ := ConfigHash(set(mcpTong(), "interface.port", 8081)); b == a {
		t.Errorf("ConfigHash did not change when interface.port changed")
	}
	if b, _ := ConfigHash(set(mcpTong(), "interface.port", 8080.0)); b == a {
		t.Errorf("ConfigHash did not tell 8080 from 8080.0")
	}
}

// HASH-3 at the edge of the escaped range: U+001F is escaped, the space
// (U+0020) and DEL (U+007F) are written as themselves.
func TestCanonicalStringEdges(t *testing.T) {
	for in, want := range map[string]string{" ": `" "`, "\x1f": `"\u001f"`, "\x7f": "\"\x7f\"", "a b\x1f": `"a b\u001f"`} {
		got, err := CanonicalJSON(in)
		if err != nil || string(got) != want {
			t.Errorf("HASH-3: CanonicalJSON(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
}
