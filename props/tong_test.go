package props

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/props/gen"
)

// ---------------------------------------------------------------- validate, build

// validateIsTotalAndDeterministic: ValidateTong answers every name and
// tree, valid or not, with *impl.Errors that each name a rule, and gives
// the same answer for the same tree however its maps were built (DM-6).
func validateIsTotalAndDeterministic(t *rapid.T) {
	var name string
	var def any
	switch pick(t, "def", "near", "tree", "valid") {
	case "near":
		tong := Draw(t, "tong", gen.NearTong)
		name, def = tong.Name, tong.Def
	case "valid":
		tong := Draw(t, "tong", gen.ValidTong)
		name, def = tong.Name, tong.Def
	default:
		name, def = Draw(t, "name", gen.TongName), Draw(t, "def", gen.Tree)
	}
	errs1 := impl.ValidateTong(name, def)
	errs2 := impl.ValidateTong(name, gen.Rebuild(T(t), def))
	if d := cmp.Diff(errorTexts(errs1), errorTexts(errs2)); d != "" {
		t.Fatalf("ValidateTong(%q, def) differs with the same tree built differently (-first +second):\n%s", name, d)
	}
	for _, e := range errs1 {
		checkError(t, "ValidateTong", e)
	}
	if errs1 != nil && len(errs1) == 0 {
		t.Fatalf("ValidateTong(%q, def) = empty non-nil slice, want nil when valid", name)
	}
}

func errorTexts(errs []*impl.Error) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Field+"|"+e.Rule+"|"+e.Error())
	}
	return out
}

// validTongBuilds: every definition ValidateTong accepts builds, with
// valid options, into exactly the argv RUN-8 lists, and every other
// operation on it succeeds (RUN-1 to RUN-9, MNT-5, RES-4, ALIAS-1).
func validTongBuilds(t *rapid.T) {
	tong := Draw(t, "tong", gen.ValidTong)
	o := Draw(t, "options", func(s gen.T) impl.RunOptions { return gen.RunOptionsFor(s, tong) })
	got, err := impl.TongRunArgv(tong.Name, tong.Def, o)
	if err != nil {
		t.Fatalf("TongRunArgv(%q, %v, %+v) = %v, want an argv", tong.Name, tong.Def, o, err)
	}
	want := runArgvModel(tong, o)
	if d := diff(want, got); d != "" {
		t.Fatalf("TongRunArgv(%q, %v, %+v) differs from RUN-8 (-want +got):\n%s", tong.Name, tong.Def, o, d)
	}
	// docker reads back what the launcher asked for
	if v, found, err := impl.AnvilOptionValue(got, "--name"); err != nil || !found || v != o.ContainerName {
		t.Fatalf("AnvilOptionValue(%q, --name) = %q, %v, %v, want %q", got, v, found, err, o.ContainerName)
	}
	if v, found, err := impl.AnvilOptionValue(got, "--network"); err != nil || found != (o.Network != "") || v != o.Network {
		t.Fatalf("AnvilOptionValue(%q, --network) = %q, %v, %v, want %q", got, v, found, err, o.Network)
	}
	if _, err := impl.ConfigHash(tong.Def); err != nil {
		t.Fatalf("ConfigHash(%v) = %v", tong.Def, err)
	}
	if _, err := impl.CanonicalAlias(tong.Name, tong.Def); err != nil {
		t.Fatalf("CanonicalAlias(%q, %v) = %v", tong.Name, tong.Def, err)
	}
}

// runArgvModel is RUN-8, written from the spec.
func runArgvModel(tong gen.Tong, o impl.RunOptions) []string {
	im := tong.Def["interface"].(map[string]any)
	facing := im["kind"] == impl.KindMCP || im["kind"] == impl.KindPort
	out := []string{"docker", "run", "-d", "--name", o.ContainerName}
	if o.Network != "" {
		out = append(out, "--network", o.Network)
	}
	if o.Alias != "" && facing {
		out = append(out, "--network-alias", o.Alias)
	}
	out = append(out, "--label", impl.LabelName+"="+tong.Name)
	if o.LabelHash != "" {
		out = append(out, "--label", impl.LabelConfigHash+"="+o.LabelHash)
	}
	for _, d := range o.TmpfsDirs {
		out = append(out, "--tmpfs", d)
	}
	keys := make([]string, 0, len(o.Env))
	for k := range o.Env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		out = append(out, "-e", k+"="+o.Env[k])
	}
	mounts, _ := tong.Def["mounts"].([]any)
	for _, m := range mounts {
		word, mode, _ := strings.Cut(m.(string), ":")
		spec := o.SocketPath + ":" + o.SocketPath
		if word == "workspace" {
			spec = o.Workspace + ":/workspace"
		}
		if mode != "" {
			spec += ":" + mode
		}
		out = append(out, "-v", spec)
	}
	if rm, ok := tong.Def["resources"].(map[string]any); ok && rm["memory"] != nil {
		mem, ok := rm["memory"].(string)
		if !ok {
			n, _ := CanonicalInt(rm["memory"])
			mem = n
		}
		out = append(out, "--memory", mem)
	}
	return append(out, tong.Def["image"].(string))
}

// CanonicalInt writes an integer node in decimal.
func CanonicalInt(v any) (string, bool) {
	switch v := v.(type) {
	case *big.Int:
		return v.String(), v != nil
	case uint64:
		return strconv.FormatUint(v, 10), true
	case uint:
		return strconv.FormatUint(uint64(v), 10), true
	}
	n, ok := gen.Int64Of(v)
	return strconv.FormatInt(n, 10), ok
}

// invalidTongDoesNotBuild: TongRunArgv refuses every definition
// ValidateTong refuses, with the first fault it reports (RUN-1).
func invalidTongDoesNotBuild(t *rapid.T) {
	tong := Draw(t, "tong", gen.NearTong)
	errs := impl.ValidateTong(tong.Name, tong.Def)
	o := impl.RunOptions{ContainerName: "c1", Workspace: "/w", SocketPath: impl.DefaultSocketPath}
	got, err := impl.TongRunArgv(tong.Name, tong.Def, o)
	if len(errs) == 0 {
		if err != nil {
			t.Fatalf("TongRunArgv(%q, %v) = %v, but ValidateTong accepts the tong", tong.Name, tong.Def, err)
		}
		return
	}
	if err == nil {
		t.Fatalf("TongRunArgv(%q, %v) = %q, want the error %v", tong.Name, tong.Def, got, errs[0])
	}
	if err.Error() != errs[0].Error() {
		t.Fatalf("TongRunArgv(%q, %v) = %v, want ValidateTong's first fault %v (RUN-1)", tong.Name, tong.Def, err, errs[0])
	}
}

// ---------------------------------------------------------------- aliases

// aliasCollisionsMatchModel: AliasCollisions groups the network-facing
// tongs by alias, ASCII case folded, and keeps the groups of more than
// one, names sorted; volume and none tongs never take part (ALIAS-1 to
// ALIAS-4).
func aliasCollisionsMatchModel(t *rapid.T) {
	aliases := []string{"db", "DB", "Db", "github", "GitHub", "web-1"}
	n := rapid.IntRange(0, 6).Draw(t, "tongs")
	tongs := map[string]any{}
	for i := 0; i < n; i++ {
		kind := pick(t, "kind", gen.Kinds...)
		tong := Draw(t, "tong", func(s gen.T) gen.Tong { return gen.ValidTongOf(s, kind) })
		name := pick(t, "name", aliases...)
		if kind == impl.KindMCP {
			tong.Def["interface"].(map[string]any)["name"] = pick(t, "alias", aliases...)
			name = pick(t, "mcp_name", "mcp-a", "mcp-b", "db", "c")
		}
		tongs[name] = tong.Def
	}
	got, err := impl.AliasCollisions(tongs)
	if err != nil {
		t.Fatalf("AliasCollisions(%v) = %v", tongs, err)
	}
	groups := map[string][]string{}
	for name, def := range tongs {
		im := def.(map[string]any)["interface"].(map[string]any)
		alias := name
		switch im["kind"] {
		case impl.KindMCP:
			alias = im["name"].(string)
		case impl.KindPort:
		default:
			continue
		}
		key := strings.Map(func(r rune) rune {
			if 'A' <= r && r <= 'Z' {
				return r + 'a' - 'A'
			}
			return r
		}, alias)
		groups[key] = append(groups[key], name)
	}
	want := map[string][]string{}
	for k, names := range groups {
		if len(names) > 1 {
			sort.Strings(names)
			want[k] = names
		}
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("AliasCollisions(%v) differs from the model (-want +got):\n%s", tongs, d)
	}
	if got == nil {
		t.Fatalf("AliasCollisions(%v) = nil, want an empty map (ALIAS-4)", tongs)
	}
}

// ---------------------------------------------------------------- hash

// hashIgnoresHowTheTreeWasBuilt: ConfigHash and CanonicalJSON are the same
// for the same tree whatever the order its maps were filled in and
// whatever Go integer types hold its integers (HASH-1, DM-2, DM-6); the
// hash is the SHA-256 of the canonical JSON.
func hashIgnoresHowTheTreeWasBuilt(t *rapid.T) {
	def := Draw(t, "def", gen.Tree)
	h1, err1 := impl.ConfigHash(def)
	h2, err2 := impl.ConfigHash(gen.Rebuild(T(t), def))
	if err1 != nil || err2 != nil {
		t.Fatalf("ConfigHash(%v) = %v / %v, want a hash of every tree", def, err1, err2)
	}
	if h1 != h2 {
		t.Fatalf("ConfigHash(%v) = %s, but %s for the same tree built differently", def, h1, h2)
	}
	canon, err := impl.CanonicalJSON(def)
	if err != nil {
		t.Fatalf("CanonicalJSON(%v) = %v", def, err)
	}
	sum := sha256.Sum256(canon)
	if hex.EncodeToString(sum[:]) != h1 {
		t.Fatalf("ConfigHash(%v) = %s, want sha256(CanonicalJSON) = %x", def, h1, sum)
	}
	if !hasNonFinite(def) && !json.Valid(canon) {
		t.Fatalf("CanonicalJSON(%v) = %s, not JSON", def, canon)
	}
}

func hasNonFinite(v any) bool {
	switch v := v.(type) {
	case float64:
		return math.IsNaN(v) || math.IsInf(v, 0)
	case float32:
		return v != v || math.IsInf(float64(v), 0)
	case []any:
		for _, e := range v {
			if hasNonFinite(e) {
				return true
			}
		}
	case map[string]any:
		for _, e := range v {
			if hasNonFinite(e) {
				return true
			}
		}
	}
	return false
}

// hashChangesWithAnyValue: changing any one node of a tree (a number, a
// string, a bool, null, a list, a map) changes its hash (HASH-1).
func hashChangesWithAnyValue(t *rapid.T) {
	var def any
	if rapid.Bool().Draw(t, "tong?") {
		def = Draw(t, "tong", gen.ValidTong).Def
	} else {
		def = Draw(t, "def", gen.Tree)
	}
	paths := gen.Leaves(def)
	p := paths[rapid.IntRange(0, len(paths)-1).Draw(t, "node")]
	changed := gen.Replace(def, p, gen.Changed(gen.At(def, p)))
	h1, _ := impl.ConfigHash(def)
	h2, err := impl.ConfigHash(changed)
	if err != nil {
		t.Fatalf("ConfigHash(%v) = %v", changed, err)
	}
	if h1 == h2 {
		c1, _ := impl.CanonicalJSON(def)
		c2, _ := impl.CanonicalJSON(changed)
		t.Fatalf("ConfigHash is %s both before and after changing the node at %v:\n%s\n%s", h1, p, c1, c2)
	}
}

// aliasNeedsNetwork: a network-facing tong given an alias but no network
// builds nothing: docker gives aliases only on a user-defined network
// (RUN-4); a portless tong ignores the alias (RUN-9).
func aliasNeedsNetwork(t *rapid.T) {
	tong := Draw(t, "tong", gen.ValidTong)
	o := Draw(t, "options", func(s gen.T) impl.RunOptions { return gen.RunOptionsFor(s, tong) })
	o.Network, o.Alias = "", Draw(t, "alias", gen.DNSLabel)
	got, err := impl.TongRunArgv(tong.Name, tong.Def, o)
	kind := tong.Def["interface"].(map[string]any)["kind"]
	if kind == impl.KindMCP || kind == impl.KindPort {
		if err == nil {
			t.Fatalf("TongRunArgv(%q, %v, alias %q, no network) = %q, want a RUN-4 error", tong.Name, tong.Def, o.Alias, got)
		}
		checkError(t, "TongRunArgv", err, "RUN-4")
		return
	}
	if err != nil || slices.Contains(got, "--network-alias") {
		t.Fatalf("TongRunArgv(%q, %v, alias %q) = %q, %v, want an argv without --network-alias (RUN-9)", tong.Name, tong.Def, o.Alias, got, err)
	}
}
