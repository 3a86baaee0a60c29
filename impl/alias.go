package impl

import (
	"hash/maphash"
	"slices"
)

// CanonicalAlias returns the DNS name a tong registers on its network
// (rule ALIAS-1): interface.name for an mcp tong, the tong name otherwise.
// For an mcp tong interface.name must be a non-empty string.
func CanonicalAlias(name string, def any) (string, error) {
	m, ok := def.(map[string]any)
	if !ok {
		return "", errorf("definition", "DEF-1", "", "is "+typeName(def)+"; a tong definition is a map")
	}
	im, _ := m["interface"].(map[string]any)
	if kind, _ := im["kind"].(string); kind != KindMCP {
		return name, nil
	}
	s, err := mcpAlias(im)
	if err != nil {
		return "", err
	}
	return s, nil
}

// mcpAlias returns the alias of an mcp tong, its interface.name, which must
// be a non-empty string (ALIAS-1, IF-4).
func mcpAlias(im map[string]any) (string, *Error) {
	nv := im["name"]
	if s, ok := nv.(string); ok && s != "" {
		return s, nil
	}
	if nv == nil {
		return "", errorf("interface.name", "IF-4", "", "is missing; an mcp tong is reached by its name, such as name: github")
	}
	return "", withRule(wrongType("interface.name", nv, "the name as a non-empty string, such as name: github"), "IF-4")
}

// isNetworkFacing reports whether a definition's interface kind is mcp or
// port: the kinds that register a --network-alias.
func isNetworkFacing(def any) bool {
	m, _ := def.(map[string]any)
	im, _ := m["interface"].(map[string]any)
	kind, _ := im["kind"].(string)
	return kind == KindMCP || kind == KindPort
}

// AliasCollisions returns the network aliases that more than one tong
// claims, each with its tong names sorted (rules ALIAS-2 to ALIAS-4).
//
// First, only network-facing tongs (mcp, port) take part: volume and none
// tongs register no alias (ALIAS-2). Second, aliases are compared as DNS
// compares them, without regard to ASCII case, and reported in lower case
// (ALIAS-3). Third, the result maps each alias claimed more than once to
// the sorted names of its claimants, and is empty, not nil, when nothing
// collides (ALIAS-4).
func AliasCollisions(tongs map[string]any) (map[string][]string, error) {
	// The first claimant of each alias, found through an open-addressing
	// table of their indexes: one hash of the alias per tong, where a Go
	// map would take a lookup and an insert. Only an alias claimed twice
	// gets a slice of names, in out.
	size := 16
	for size < 2*len(tongs) {
		size <<= 1
	}
	mask := uint64(size - 1)
	table := make([]int, size) // 0: empty; else 1 + an index into claims
	claims := make([]aliasClaim, 0, len(tongs))
	seed := maphash.MakeSeed()
	out := make(map[string][]string)
	var first *Error // the fault of the smallest tong name, whatever the map order
	var firstName string
	for name, def := range tongs {
		// CanonicalAlias for the network-facing tongs, reading each
		// field once.
		m, _ := def.(map[string]any)
		im, _ := m["interface"].(map[string]any)
		alias := name
		switch kind, _ := im["kind"].(string); kind {
		case KindPort:
		case KindMCP:
			var err *Error
			if alias, err = mcpAlias(im); err != nil {
				if first == nil || name < firstName {
					err.Field = prefixField("tongs."+name, err.Field)
					first, firstName = err, name
				}
				continue
			}
		default:
			continue
		}
		key := asciiLower(alias)
		for i := maphash.String(seed, key) & mask; ; i = (i + 1) & mask {
			at := table[i]
			if at == 0 {
				claims = append(claims, aliasClaim{key, name})
				table[i] = len(claims)
				break
			}
			if c := claims[at-1]; c.key == key {
				if out[key] == nil {
					out[key] = []string{c.name, name}
				} else {
					out[key] = append(out[key], name)
				}
				break
			}
		}
	}
	if first != nil {
		return nil, first
	}
	for _, names := range out {
		slices.Sort(names)
	}
	return out, nil
}

// aliasClaim is the first tong that claims an alias (ALIAS-3's lower-case
// key).
type aliasClaim struct{ key, name string }

// asciiLower maps A-Z to a-z and leaves every other byte alone.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
