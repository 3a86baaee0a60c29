package impl

import (
	"slices"
	"strconv"
	"strings"
)

// The launch plan (rules PLAN-1 to PLAN-8 of spec/SPEC-v2.md): what a set
// of tongs contributes to one anvil launch, as plain data a launcher
// applies: the networks it creates and joins, the aliases its tongs
// register, the variables, volume mounts and MCP configuration its anvil
// is given. Where the Swarmforge launcher keeps the first of two
// colliding tongs and warns, these functions refuse the set, naming both.

// TongEnvPrefix begins every variable a launcher gives the anvil about a
// tong.
const TongEnvPrefix = "SWARMFORGE_TONG"

// MCPDefaultPath is the URL path of an mcp tong without interface.path.
const MCPDefaultPath = "/mcp"

// Harnesses whose MCP configuration PlanInjection writes (PLAN-8).
const (
	HarnessClaude   = "claude"
	HarnessOpencode = "opencode"
)

// TongEnvVar returns the name of the anvil variable SUFFIX of the tong
// name (rule PLAN-1): "SWARMFORGE_TONG_TOKEN_SUFFIX", TOKEN being the name
// with each run of bytes other than ASCII letters and digits replaced by
// "_", "_" stripped from both ends, in ASCII upper case, and SUFFIX in
// upper case. The name must hold an ASCII letter or digit (else every
// such tong would share "SWARMFORGE_TONG__SUFFIX"), and the suffix must be
// one or more ASCII letters, digits and "_".
func TongEnvVar(name, suffix string) (string, error) {
	if suffix == "" || !isEnvWord(suffix) {
		return "", errorv("suffix", "PLAN-1", suffix, "is not a variable name suffix; write ASCII letters, digits and \"_\", such as PORT")
	}
	var buf [128]byte // on the stack: only the string is allocated
	b := append(buf[:0], TongEnvPrefix...)
	b = append(b, '_')
	start := len(b)
	gap := false // a run of other bytes was read since the last letter or digit
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !isAlnum(c) {
			gap = true
			continue
		}
		if gap && len(b) > start {
			b = append(b, '_')
		}
		gap = false
		b = append(b, asciiUpper(c))
	}
	if len(b) == start {
		return "", errorv("name", "PLAN-1", name, "holds no ASCII letter or digit, so its anvil variables would be SWARMFORGE_TONG__"+strings.ToUpper(suffix)+", shared by every such tong; name the tong with letters or digits, such as pg")
	}
	b = append(b, '_')
	for i := 0; i < len(suffix); i++ {
		b = append(b, asciiUpper(suffix[i]))
	}
	return string(b), nil
}

func isEnvWord(s string) bool {
	return allIn(s, bIdent)
}

func asciiUpper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}

// MCPURL returns the URL the anvil dials for an mcp tong registered under
// alias (rule PLAN-2): "http://ALIAS:PORT" followed by interface.path,
// with a leading "/" supplied when missing, or by "/mcp" when the path is
// absent. The definition must be an mcp tong whose port (IF-3), transport
// (IF-5) and path (IF-8) are valid, and the alias a DNS label (IF-7) that
// the anvil's resolver sends to DNS (not localhost, not a number such as
// 1234 or 0x7f000001, which getaddrinfo reads as an IPv4 address), so the
// URL always names the host ALIAS, the tong.
func MCPURL(def any, alias string) (string, error) {
	m, ok := def.(map[string]any)
	if !ok {
		return "", errorf("definition", "DEF-1", "", "is "+typeName(def)+"; a tong definition is a map")
	}
	im, ok := m["interface"].(map[string]any)
	if !ok {
		return "", withRule(wrongType("interface", m["interface"], "a map such as {kind: mcp, name: github, port: 8080}"), "IF-1")
	}
	if kind, _ := im["kind"].(string); kind != KindMCP {
		return "", errorv("interface.kind", "PLAN-2", im["kind"], "is not mcp; only an mcp tong has an MCP URL")
	}
	pv, _ := field(im, "port")
	if err := checkPortValue(pv); err != nil {
		return "", err
	}
	if tv, ok := field(im, "transport"); ok && tv != "http" {
		return "", errorv("interface.transport", "IF-5", tv, "is not a transport tongs support; write http, or leave it out (http is the default)")
	}
	path, _ := field(im, "path")
	if err := checkMCPPathValue(path); err != nil {
		return "", err
	}
	if err := checkAlias("alias", alias, "IF-7"); err != nil {
		return "", err
	}
	if resolvedWithoutDNS(alias) {
		return "", errorv("alias", "PLAN-2", alias, "is a host name the anvil's resolver answers without asking docker's DNS (a number such as 1234 or 0x7f000001 is read as an IPv4 address, localhost is the anvil itself), so the URL would not reach the tong; give the interface a name with a letter other than a hex digit after 0x, such as github-mcp")
	}
	p := MCPDefaultPath
	if path != nil {
		p = path.(string)
	}
	port, _, _ := intValue(pv)
	// the URL written on the stack, then copied once into its string
	var buf [128]byte
	b := append(buf[:0], "http://"...)
	b = append(b, alias...)
	b = append(b, ':')
	b = strconv.AppendInt(b, port, 10)
	if !strings.HasPrefix(p, "/") {
		b = append(b, '/')
	}
	return string(append(b, p...)), nil
}

// resolvedWithoutDNS reports whether getaddrinfo answers a DNS label
// without a DNS query (PLAN-2): localhost, and the forms inet_aton reads
// as an IPv4 address, all decimal (or octal) digits or 0x and hex digits
// (glibc: 1234 is 0.0.4.210, 0x7f000001 is 127.0.0.1).
func resolvedWithoutDNS(label string) bool {
	l := asciiLower(label)
	if l == "localhost" {
		return true
	}
	digits := l
	hex := strings.HasPrefix(l, "0x")
	if hex {
		digits = l[2:]
	}
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if !('0' <= c && c <= '9' || hex && 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// TongAlias is a tong and the alias it registers on a network.
type TongAlias struct {
	Name, Alias string
}

// NetworkPlan is how one launch wires its networks (PLAN-5).
type NetworkPlan struct {
	// Network is the network the anvil joins and the session tongs run
	// on: the session network when session tongs exist, else the base
	// network ("" for none).
	Network string
	// Create is the session network the launcher creates and removes,
	// or "" when none is created.
	Create string
	// ExtraNetworks are the existing networks the anvil joins besides
	// Network: the base network when a session network is created.
	ExtraNetworks []string
	// SessionAliases are the network-facing session tongs, by name, with
	// the alias each registers on the session network.
	SessionAliases []TongAlias
	// SharedConnect are the network-facing shared tongs, by name, each
	// connected to the session network under its alias.
	SharedConnect []TongAlias
}

// VolumeMount is a named volume a volume tong shares with the anvil.
type VolumeMount struct {
	Volume, Mountpoint string
}

// InjectionPlan is what a set of tongs gives the anvil (PLAN-6 to PLAN-8).
type InjectionPlan struct {
	// Env maps the anvil's variables (PLAN-1) to their values.
	Env map[string]string
	// Mounts are the volume tongs' volumes, by tong name.
	Mounts []VolumeMount
	// MCP is the harness's MCP configuration document, empty when no
	// mcp tong exists: {"mcpServers": {ALIAS: {"type": "http", "url":
	// URL}}} for claude, {"mcp": {ALIAS: {"type": "remote", "url": URL,
	// "enabled": true}}} for opencode.
	MCP map[string]any
}

// planTong is one tong of a checked set.
type planTong struct {
	name, kind, lifecycle, alias string
	im                           map[string]any
	def                          map[string]any
}

// CheckTongSet applies PLAN-3 and PLAN-4 to a set of tongs and returns
// every fault, in tong name order: each tong's validate_tong (version 2)
// errors, with fields under "tongs.NAME", then every pair of
// network-facing tongs whose aliases are one DNS name (ASCII case-folded,
// ALIAS-3), then every pair of tongs given one anvil variable (PLAN-1),
// then every pair of volume tongs with one mountpoint. A set without
// faults gives nil.
func CheckTongSet(tongs map[string]any) []*Error {
	_, errs := checkTongSet(tongs)
	return errs
}

func checkTongSet(tongs map[string]any) ([]planTong, []*Error) {
	names := make([]string, 0, len(tongs))
	for name := range tongs {
		names = append(names, name)
	}
	slices.Sort(names)
	var errs []*Error
	set := make([]planTong, 0, len(names))
	for _, name := range names {
		var d defView // the checks and the fields below in one walk
		if ve := d.validate(name, tongs[name], true); len(ve) > 0 {
			for _, e := range ve {
				e.Field = prefixField("tongs."+name, e.Field)
				if e.Field == "tongs."+name+".name" {
					e.Field = "tongs." + name
				}
			}
			errs = append(errs, ve...)
			continue
		}
		t := planTong{name: name, def: tongs[name].(map[string]any), im: d.iface.(map[string]any),
			kind: d.kind.(string), lifecycle: d.lifecycle.(string), alias: name}
		if t.kind == KindMCP {
			t.alias = d.ifName.(string)
		}
		set = append(set, t)
	}
	// PLAN-3: one DNS name per network-facing tong.
	byAlias := map[string]string{}
	for _, t := range set {
		if t.kind != KindMCP && t.kind != KindPort {
			continue
		}
		if resolvedWithoutDNS(t.alias) {
			errs = append(errs, errorv("tongs."+t.name, "PLAN-3", t.alias, "is the network alias of tong "+strconv.Quote(t.name)+", a host name the anvil's resolver answers without asking docker's DNS (a number such as 1234 or 0x7f000001 is read as an IPv4 address, localhost is the anvil itself), so the anvil could not reach the tong; rename the tong, or its interface.name, with a letter, such as github-mcp"))
		}
		key := asciiLower(t.alias)
		if prev, ok := byAlias[key]; ok {
			errs = append(errs, errorv("tongs."+t.name, "PLAN-3", t.alias, "is the network alias of tong "+strconv.Quote(t.name)+" and, as DNS compares names (ASCII case ignored, ALIAS-3), of tong "+strconv.Quote(prev)+" too; the anvil could reach only one of them: rename one tong, or its interface.name"))
			continue
		}
		byAlias[key] = t.name
	}
	// PLAN-4: one anvil variable per tong, one mountpoint per volume.
	byVar := map[string]string{}
	byMount := map[string]string{}
	for _, t := range set {
		var suffixes []string
		switch t.kind {
		case KindPort:
			suffixes = []string{"HOST", "PORT"}
		case KindVolume:
			suffixes = []string{"PATH"}
			mp := cleanPath(t.im["mountpoint"].(string))
			if prev, ok := byMount[mp]; ok {
				errs = append(errs, errorv("tongs."+t.name+".interface.mountpoint", "PLAN-4", t.im["mountpoint"], "is the mountpoint of tong "+strconv.Quote(t.name)+" and of tong "+strconv.Quote(prev)+", and docker refuses two mounts at one path in the anvil; give one tong another mountpoint"))
			} else {
				byMount[mp] = t.name
			}
		}
		for _, s := range suffixes {
			v, err := TongEnvVar(t.name, s)
			if err != nil {
				e := err.(*Error)
				e.Field = "tongs." + t.name
				e.Rule = "PLAN-4"
				errs = append(errs, e)
				break
			}
			if prev, ok := byVar[v]; ok {
				errs = append(errs, errorf("tongs."+t.name, "PLAN-4", "", "tong "+strconv.Quote(t.name)+" and tong "+strconv.Quote(prev)+" would both give the anvil the variable "+v+" (PLAN-1 maps both names to one); rename one of them"))
				break
			}
			byVar[v] = t.name
		}
	}
	return set, errs
}

// PlanNetwork returns how one launch wires its networks (rules PLAN-3 and
// PLAN-5), or the first fault of CheckTongSet or of its arguments.
//
// First, the set must pass CheckTongSet. Second, with no session tong,
// the anvil joins baseNetwork ("" for none) and nothing is created.
// Third, with session tongs, sessionID is required and gives the session
// network (NET-3), which is created; the anvil joins it and baseNetwork
// as an extra network, which must obey NET-2, differ from the session
// network, and not be host or none (a container on those cannot join
// another network); every network-facing session tong registers its
// alias on the session network and every network-facing shared tong is
// connected to it under its alias, both in tong name order.
func PlanNetwork(tongs map[string]any, baseNetwork, sessionID string) (NetworkPlan, error) {
	set, errs := checkTongSet(tongs)
	if len(errs) > 0 {
		return NetworkPlan{}, errs[0]
	}
	if baseNetwork != "" {
		if err := checkNetworkName("base_network", baseNetwork, "PLAN-5"); err != nil {
			return NetworkPlan{}, err
		}
	}
	hasSession := false
	for _, t := range set {
		hasSession = hasSession || t.lifecycle == "session"
	}
	if !hasSession {
		return NetworkPlan{Network: baseNetwork, ExtraNetworks: []string{}, SessionAliases: []TongAlias{}, SharedConnect: []TongAlias{}}, nil
	}
	if sessionID == "" {
		for _, t := range set {
			if t.lifecycle == "session" {
				return NetworkPlan{}, errorf("session_id", "PLAN-5", "", "is missing, and tong "+strconv.Quote(t.name)+" is a session tong, which runs on the session's own network; give the launch a session id")
			}
		}
	}
	net, err := SessionNetworkName(sessionID)
	if err != nil {
		e := err.(*Error)
		e.Rule = "PLAN-5"
		return NetworkPlan{}, e
	}
	p := NetworkPlan{Network: net, Create: net, ExtraNetworks: []string{}, SessionAliases: []TongAlias{}, SharedConnect: []TongAlias{}}
	switch {
	case baseNetwork == net:
		return NetworkPlan{}, errorv("base_network", "PLAN-5", baseNetwork, "is the session network the launch creates; pass another network, or none")
	case baseNetwork == "host" || baseNetwork == "none":
		return NetworkPlan{}, errorv("base_network", "PLAN-5", baseNetwork, "is docker's "+baseNetwork+" network, and a container on it cannot also join the session network; pass a user-defined network, or none")
	case baseNetwork != "":
		p.ExtraNetworks = append(p.ExtraNetworks, baseNetwork)
	}
	for _, t := range set {
		if t.kind != KindMCP && t.kind != KindPort {
			continue
		}
		ta := TongAlias{Name: t.name, Alias: t.alias}
		if t.lifecycle == "session" {
			p.SessionAliases = append(p.SessionAliases, ta)
		} else {
			p.SharedConnect = append(p.SharedConnect, ta)
		}
	}
	return p, nil
}

// PlanInjection returns what a set of tongs gives an anvil run by harness
// (rules PLAN-3, PLAN-4, PLAN-6 to PLAN-8), or the first fault of
// CheckTongSet or of the harness.
//
// First, the set must pass CheckTongSet. Second, each port tong gives
// the variables TongEnvVar(NAME, "HOST") = its name and (NAME, "PORT") =
// its port in decimal, and each volume tong (NAME, "PATH") = its
// mountpoint and the mount of its volume at that mountpoint, in tong name
// order (PLAN-6). Third, the mcp tongs are written into the harness's MCP
// configuration under their aliases, at MCPURL (PLAN-7). Fourth, a
// harness other than claude and opencode gets no configuration, and is an
// error when the set has an mcp tong the anvil could then not reach
// (PLAN-8).
func PlanInjection(tongs map[string]any, harness string) (InjectionPlan, error) {
	set, errs := checkTongSet(tongs)
	if len(errs) > 0 {
		return InjectionPlan{}, errs[0]
	}
	p := InjectionPlan{Env: map[string]string{}, Mounts: []VolumeMount{}, MCP: map[string]any{}}
	servers := map[string]any{}
	for _, t := range set {
		switch t.kind {
		case KindPort:
			host, _ := TongEnvVar(t.name, "HOST")
			port, _ := TongEnvVar(t.name, "PORT")
			n, _, _ := intValue(t.im["port"])
			p.Env[host] = t.name
			p.Env[port] = strconv.FormatInt(n, 10)
		case KindVolume:
			v, _ := TongEnvVar(t.name, "PATH")
			mp := t.im["mountpoint"].(string)
			p.Env[v] = mp
			p.Mounts = append(p.Mounts, VolumeMount{Volume: t.im["volume"].(string), Mountpoint: mp})
		case KindMCP:
			url, err := MCPURL(t.def, t.alias)
			if err != nil {
				return InjectionPlan{}, err
			}
			switch harness {
			case HarnessClaude:
				servers[t.alias] = map[string]any{"type": "http", "url": url}
			case HarnessOpencode:
				servers[t.alias] = map[string]any{"type": "remote", "url": url, "enabled": true}
			default:
				return InjectionPlan{}, errorv("harness", "PLAN-8", harness, "has no MCP configuration tongref can write, and tong "+strconv.Quote(t.name)+" is an mcp tong its anvil would not be told of; use the harness claude or opencode, or leave the mcp tong out")
			}
		}
	}
	if len(servers) > 0 {
		key := "mcpServers"
		if harness == HarnessOpencode {
			key = "mcp"
		}
		p.MCP[key] = servers
	}
	return p, nil
}
