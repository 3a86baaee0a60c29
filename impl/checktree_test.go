package impl

import (
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// checkTreeOld is checkTree as it was first written, the oracle of
// TestCheckTreeFast. It checks that v is a well-formed tree (DM-1, DM-3, DM-4) and
// returns the first fault, its Field relative to v. depth is the depth of v
// itself. It allocates only when it finds a fault.
func checkTreeOld(v any, depth int) *Error {
	switch kindOf(v) {
	case kindUnsupported:
		return errorf("", "DM-1", "", "is "+goType(v)+", which is not a definition value; use nil, bool, an integer, float64, string, []any or map[string]any")
	case kindString:
		if !utf8.ValidString(v.(string)) {
			return errorv("", "DM-3", v, "is not valid UTF-8; definitions hold Unicode text only")
		}
	case kindList:
		if depth > MaxDepth {
			return errorf("", "DM-4", "", "nests deeper than "+strconv.Itoa(MaxDepth)+" lists and maps; flatten the definition")
		}
		for i, e := range v.([]any) {
			if err := checkTreeOld(e, depth+1); err != nil {
				err.Field = prefixField(index("", i), err.Field)
				return err
			}
		}
	case kindMap:
		if depth > MaxDepth {
			return errorf("", "DM-4", "", "nests deeper than "+strconv.Itoa(MaxDepth)+" lists and maps; flatten the definition")
		}
		// Report the fault under the smallest key, so the answer does not
		// depend on map iteration order.
		var first *Error
		var firstKey string
		for k, e := range v.(map[string]any) {
			if first != nil && k >= firstKey {
				continue
			}
			var err *Error
			if !utf8.ValidString(k) {
				err = errorf("", "DM-3", strconv.Quote(k), "key is not valid UTF-8; definitions hold Unicode text only")
			} else {
				err = checkTreeOld(e, depth+1)
			}
			if err != nil {
				err.Field = prefixField(k, err.Field)
				first, firstKey = err, k
			}
		}
		if first != nil {
			return first
		}
	}
	return nil
}

// randomTree draws a tree with every kind of node, valid or not: all the
// Go types of DM-1 and some that are not nodes, invalid UTF-8 in keys and
// strings, and nesting around MaxDepth.
func randomTree(r *rand.Rand, depth int) any {
	strs := []string{"", "a", "github", "é", "\xff", "ok\xc3", "${secret:op:x}", "日本"}
	switch r.IntN(16) {
	case 0:
		return nil
	case 1:
		return r.IntN(2) == 0
	case 2:
		return r.IntN(100)
	case 3:
		return int8(r.IntN(100))
	case 4:
		return uint64(r.Uint64())
	case 5:
		return big.NewInt(r.Int64())
	case 6:
		return (*big.Int)(nil)
	case 7:
		return r.Float64()
	case 8:
		return float32(r.Float64())
	case 9:
		return []string{"not", "a", "node"}
	case 10:
		// a deep chain, around the depth limit
		var v any = "leaf"
		for range MaxDepth - depth + r.IntN(4) {
			if r.IntN(2) == 0 {
				v = []any{v}
			} else {
				v = map[string]any{"k": v}
			}
		}
		return v
	case 11, 12:
		if depth >= 6 {
			return strs[r.IntN(len(strs))]
		}
		l := make([]any, r.IntN(4))
		for i := range l {
			l[i] = randomTree(r, depth+1)
		}
		return l
	case 13, 14:
		if depth >= 6 {
			return strs[r.IntN(len(strs))]
		}
		m := map[string]any{}
		for n := r.IntN(5); n > 0; n-- {
			m[strs[r.IntN(len(strs))]+strconv.Itoa(r.IntN(3))] = randomTree(r, depth+1)
		}
		return m
	}
	return strs[r.IntN(len(strs))] + strings.Repeat("x", r.IntN(20))
}

// TestCheckTreeFast holds checkTree to checkTreeOld: the same fault, or
// none, on random trees of every kind.
func TestCheckTreeFast(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	faults := 0
	for i := range 30_000 {
		v := randomTree(r, 1)
		want, got := checkTreeOld(v, 1), checkTree(v, 1)
		if want != nil {
			faults++
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("tree %d: checkTree differs from checkTreeOld (-old +new):\n%s", i, diff)
		}
	}
	if faults < 3000 || faults > 27_000 {
		t.Errorf("%d of 30000 random trees have a fault; the generator is off balance", faults)
	}
}

// TestCanonicalTreeMatches holds appendCanonicalTree, ConfigHash's one
// walk, to the two it replaces: checkTree's fault, or else
// appendCanonical's bytes, on random trees of every kind.
func TestCanonicalTreeMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	faults := 0
	for i := range 30_000 {
		v := randomTree(r, 1)
		got, gotErr := appendCanonicalTree(nil, v, 1)
		wantErr := checkTree(v, 1)
		if wantErr != nil {
			faults++
			if diff := cmp.Diff(wantErr, gotErr); diff != "" {
				t.Fatalf("tree %d: appendCanonicalTree's fault differs from checkTree's (-checkTree +new):\n%s", i, diff)
			}
			continue
		}
		want, err := appendCanonical(nil, v, 0)
		if err != nil || gotErr != nil || string(got) != string(want) {
			t.Fatalf("tree %d: appendCanonicalTree = %q, %v; appendCanonical = %q, %v", i, got, gotErr, want, err)
		}
	}
	if faults < 3000 || faults > 27_000 {
		t.Errorf("%d of 30000 random trees have a fault; the generator is off balance", faults)
	}
}

// hasSpaceOrControlRunes is hasSpaceOrControl as first written, decoding
// every rune: the oracle of TestHasSpaceOrControlFast.
func hasSpaceOrControlRunes(s string) bool {
	for _, r := range s {
		if r <= ' ' || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == 0x85 || r == 0xa0 || r == 0x1680 ||
			(r >= 0x2000 && r <= 0x200a) || r == 0x2028 || r == 0x2029 || r == 0x202f || r == 0x205f || r == 0x3000 || r == 0xfeff || r == 0xfffd {
			return true
		}
	}
	return false
}

// TestHasSpaceOrControlFast holds hasSpaceOrControl, which reads ASCII
// without decoding, to the rune-by-rune version on random strings mixing
// ASCII, every space and control character it refuses, other Unicode and
// invalid UTF-8.
func TestHasSpaceOrControlFast(t *testing.T) {
	pieces := []string{"a", "Z", "/", ":", " ", "\t", "\x00", "\x7f", "\u0085", "\u00a0", "\u00e9", "\u1680", "\u2000", "\u200a",
		"\u200b", "\u2028", "\u202f", "\u205f", "\u3000", "\ufeff", "\ufffd", "日", "\xff", "\xc3", "\xe2\x80"}
	r := rand.New(rand.NewPCG(9, 10))
	hits := 0
	for range 50_000 {
		var b strings.Builder
		for n := r.IntN(6); n > 0; n-- {
			p := pieces[r.IntN(len(pieces))]
			if r.IntN(2) == 0 {
				p = "abc"
			}
			b.WriteString(p)
		}
		s := b.String()
		want := hasSpaceOrControlRunes(s)
		if want {
			hits++
		}
		if got := hasSpaceOrControl(s); got != want {
			t.Fatalf("hasSpaceOrControl(%q) = %v, want %v", s, got, want)
		}
	}
	if hits < 5000 || hits > 45_000 {
		t.Errorf("%d of 50000 strings hold a space or control character; the generator is off balance", hits)
	}
}

// TestLabelsTmpfsEnvPacked holds TongRunArgv, which cuts its labels, -e
// KEY=VALUE pairs and -v specs from one string, to the plain construction
// (tongRunArgvOld), for envs of 0 to 40 variables (past its stack arrays
// and the insertion sort) with and without a label hash.
func TestLabelsTmpfsEnvPacked(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for n := range 41 {
		env := map[string]string{}
		for len(env) < n {
			env["K"+strconv.Itoa(r.IntN(1000))] = strings.Repeat("v", r.IntN(40))
		}
		for _, hash := range []string{"", "abc123"} {
			name := "tong-" + strconv.Itoa(n)
			def := mcpTong()
			def["mounts"] = []any{"workspace:rw", "docker-socket"}
			o := RunOptions{ContainerName: "c-" + name, Env: env, LabelHash: hash, TmpfsDirs: []string{"/a", "/b"},
				Workspace: "/home/me/" + strings.Repeat("p", r.IntN(600)), SocketPath: DefaultSocketPath}
			want, wantErr := tongRunArgvOld(name, def, o)
			got, err := TongRunArgv(name, def, o)
			if diff := cmp.Diff(want, got); diff != "" || err != nil || wantErr != nil {
				t.Fatalf("%d variables, hash %q: %v, %v (-want +got):\n%s", n, hash, wantErr, err, diff)
			}
		}
	}
}

// TestLongFlagBuckets holds flagTable.longFlag to the table's map: every
// flag of every table is found, no bucket holds more than four names, and
// names that are no flag (prefixes, near misses, empty) are not found.
func TestLongFlagBuckets(t *testing.T) {
	for _, tab := range []*flagTable{runTable, createTable, globalTable, containerTable} {
		for name, f := range tab.long {
			if got := tab.longFlag(name); got != f {
				t.Errorf("longFlag(%q) = %v, want %v", name, got, f)
			}
			for _, miss := range []string{name[:len(name)-1], name + "x", strings.ToUpper(name), "x" + name[1:], ""} {
				if want := tab.long[miss]; tab.longFlag(miss) != want {
					t.Errorf("longFlag(%q) = %v, want %v", miss, tab.longFlag(miss), want)
				}
			}
		}
		for h, b := range tab.byLong {
			if len(b) > 4 {
				t.Errorf("bucket %d holds %d flags; make flagHash spread them", h, len(b))
			}
		}
	}
}
