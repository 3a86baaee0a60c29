package conform

import (
	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/props/gen"
)

// Scopes, container and network names of spec version 2
// (spec/SPEC-v2.md §5); their order in the table is v2Ops's (ops_v2.go).

// v2SharedContainerName is shared_container_name (spec/SPEC-v2.md §5).
var v2SharedContainerName = &Op{
	Name: "shared_container_name", Specs: []int{2}, Rule: "NAME-7",
	Args: []Arg{{"name", Str, false}, {"scope", OptStr, false}},
	Call: func(a *args) (any, error) {
		name, scope := a.str("name"), a.optStr("scope")
		if a.err != nil {
			return nil, a.err
		}
		return impl.SharedContainerNameV2(name, scope)
	},
	Gen: func(t gen.T, _ bool) map[string]any {
		return map[string]any{"name": gen.TongName(t), "scope": optional(t, scopeGen, "scope")}
	},
	DrawEvery: 8,
	Variety:   60,
	Recombine: func(r *rng, pick func() map[string]any, _ *bool) map[string]any {
		a := pick()
		name, scope := a["name"], a["scope"]
		if r.one(2) {
			name = spliceAny(r, name, pick()["name"])
		}
		if r.one(2) {
			scope = pick()["scope"]
		}
		return map[string]any{"name": name, "scope": scope}
	},
}

// v2OrgScopeToken is org_scope_token (spec/SPEC-v2.md §5).
var v2OrgScopeToken = &Op{
	Name: "org_scope_token", Specs: []int{2}, Rule: "SCOPE-3",
	Args: []Arg{{"org_tongs_dir", OptStr, false}},
	Call: func(a *args) (any, error) {
		dir := a.optStr("org_tongs_dir")
		if a.err != nil {
			return nil, a.err
		}
		tok, err := impl.OrgScopeToken(dir)
		if err != nil || tok == "" {
			return nil, err
		}
		return tok, nil
	},
	Gen: func(t gen.T, _ bool) map[string]any {
		return map[string]any{"org_tongs_dir": optional(t, orgDirGen, "org_tongs_dir")}
	},
	DrawEvery: 8,
	Variety:   55,
	Recombine: func(r *rng, pick func() map[string]any, _ *bool) map[string]any {
		return map[string]any{"org_tongs_dir": spliceAny(r, pick()["org_tongs_dir"], pick()["org_tongs_dir"])}
	},
}

// v2SharedNetworkName is shared_network_name (spec/SPEC-v2.md §5).
var v2SharedNetworkName = &Op{
	Name: "shared_network_name", Specs: []int{2}, Rule: "NET-4",
	Args: []Arg{{"scope", Str, false}},
	Call: func(a *args) (any, error) {
		scope := a.str("scope")
		if a.err != nil {
			return nil, a.err
		}
		return impl.SharedNetworkName(scope)
	},
	Gen: func(t gen.T, _ bool) map[string]any {
		return map[string]any{"scope": scopeGen(t)}
	},
	DrawEvery: 8,
	Recombine: func(r *rng, pick func() map[string]any, _ *bool) map[string]any {
		return map[string]any{"scope": spliceAny(r, pick()["scope"], pick()["scope"])}
	},
}

// v2SessionNetworkName is session_network_name (spec/SPEC-v2.md §5).
var v2SessionNetworkName = &Op{
	Name: "session_network_name", Specs: []int{2}, Rule: "NET-3",
	Args: []Arg{{"session_id", Str, false}},
	Call: func(a *args) (any, error) {
		sid := a.str("session_id")
		if a.err != nil {
			return nil, a.err
		}
		return impl.SessionNetworkName(sid)
	},
	Gen: func(t gen.T, _ bool) map[string]any {
		return map[string]any{"session_id": gen.SessionID(t)}
	},
	DrawEvery: 8,
	Variety:   55,
	Recombine: func(r *rng, pick func() map[string]any, _ *bool) map[string]any {
		return map[string]any{"session_id": spliceAny(r, pick()["session_id"], pick()["session_id"])}
	},
}

// scopeGen generates scopes: mostly org_scope_token's form HINT-xxxxxxxx
// or xxxxxxxx (SCOPE-1), sometimes ones SCOPE-1 refuses.
func scopeGen(t gen.T) string {
	switch gen.Int(t, "scope kind", 0, 3) {
	case 0:
		return gen.Matching(t, "scope", `[0-9a-f]{8}`)
	case 1:
		return gen.Matching(t, "scope", `[a-zA-Z0-9][a-zA-Z0-9_.]{0,8}-[0-9a-f]{8}`)
	case 2:
		return gen.Pick(t, "scope", "acme-1a2b3c4d", "cebc22fa", "my.org-00000000", "a-b-1a2b3c4d")
	}
	return gen.Pick(t, "scope", "", "a", "a=b", "a,b", "ACME-1A2B3C4D", "acme-1a2b3c4", "deadbeef-1a2b3c4d", "-1a2b3c4d", "a b-1a2b3c4d", "é-1a2b3c4d", "None")
}

// orgDirGen generates org tongs directories: mostly absolute paths ending
// in .swarmforge/tongs below an org root, sometimes relative, with "." or
// "..", an 8-hex-digit org name, or no room for a hint.
func orgDirGen(t gen.T) string {
	if gen.Int(t, "org dir odd?", 0, 3) == 0 {
		return gen.Pick(t, "org_tongs_dir", []string{"", "/", "/.swarmforge/tongs", "acme/.swarmforge/tongs", "./x", "//h/acme/.swarmforge/tongs",
			"/home/me/orgs/deadbeef/.swarmforge/tongs", "/o/a/../acme/./.swarmforge/tongs/", "/o/@@@/.s/t", "/o/\x00/t", "/o/é/.s/t", "/o/a-1a2b3c4d/.s/t"}...)
	}
	org := gen.Matching(t, "org", `[a-zA-Z0-9][a-zA-Z0-9 _.-]{0,12}`)
	return "/" + gen.Pick(t, "root", "home/me/orgs", "srv", "Users/me/src") + "/" + org + "/.swarmforge/tongs"
}
