package impl

import "slices"

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
	// claimant holds the first tong seen for each alias; only an alias
	// claimed twice gets a slice of names, in out.
	claimant := make(map[string]string, len(tongs))
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
		prev, claimed := claimant[key]
		switch {
		case !claimed:
			claimant[key] = name
		case out[key] == nil:
			out[key] = []string{prev, name}
		default:
			out[key] = append(out[key], name)
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
