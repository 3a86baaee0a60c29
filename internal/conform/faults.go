package conform

import (
	"math"
	"sort"
	"strings"
	"unicode"

	"tongref/impl"
)

// Fault is the reference with one defect built in, the kind an
// implementation of the toolkit is known to have (spec/SPEC.md,
// differences). `tongref adapter --break NAME` serves it, so the tests can
// check that the runner catches each defect and shrinks it well.
type Fault struct {
	Op   string // the op the defect shows in
	Desc string
	// Answer returns the faulty answer, or false to leave the request to
	// the reference.
	Answer func(op string, a map[string]any) (Response, bool)
}

// Faults are the defects `tongref adapter --break` can build in. The
// process-level ones (crash, hang, garbage, wrong-id, exit-early) live in
// Serve and have no Answer.
var Faults = map[string]Fault{
	"py-scanner": {Op: "anvil_option_value", Desc: "reads docker options knowing only 7 value-taking flags, as the Swarmforge launcher's scanner does",
		Answer: pyScanner},
	"first-value": {Op: "anvil_option_value", Desc: "returns the first value of a repeated option instead of the last (OPT-3)",
		Answer: firstValue},
	"colliding-names": {Op: "shared_container_name", Desc: "names containers with the Swarmforge sanitizer, which maps distinct names to one container (NAME-3)",
		Answer: collidingNames},
	"unicode-digits": {Op: "parse_duration", Desc: "accepts any Unicode decimal digit in a duration, as Python's \\d does (DUR-3)",
		Answer: unicodeDigits},
	"nan-duration": {Op: "parse_duration", Desc: "accepts NaN and Infinity seconds, which pass a `<= 0` check (DUR-4)",
		Answer: nanDuration},
	"alias-case": {Op: "alias_collisions", Desc: "compares aliases case-sensitively (ALIAS-3)",
		Answer: aliasCase},
	"crash":      {Op: "config_hash", Desc: "exits on every config_hash request"},
	"hang":       {Op: "config_hash", Desc: "never answers a config_hash request"},
	"garbage":    {Op: "config_hash", Desc: "writes a line that is not JSON for every config_hash request"},
	"wrong-id":   {Op: "config_hash", Desc: "answers config_hash requests with the wrong id"},
	"exit-early": {Desc: "exits after answering 10 requests"},
}

// pyValueFlags are the only options the Swarmforge scanner knows take a
// value; it reads every other token starting with "-" as a flag alone.
var pyValueFlags = map[string]bool{"-e": true, "--env": true, "-v": true, "--volume": true, "--name": true, "--network": true, "--net": true}

func pyScanner(op string, a map[string]any) (Response, bool) {
	if op != "anvil_option_value" {
		return Response{}, false
	}
	ar := &args{m: a}
	argv, flag := ar.strList("argv"), ar.str("flag")
	if ar.err != nil {
		return Response{}, false
	}
	sub := -1
	for i, t := range argv {
		if t == "run" || t == "create" {
			sub = i
			break
		}
	}
	if sub < 0 {
		return Response{Err: &RespError{Kind: KindInvalid, Message: "not a docker run argv"}}, true
	}
	var value any
	for i := sub + 1; i < len(argv); i++ {
		t := argv[i]
		if t == "--" || !strings.HasPrefix(t, "-") {
			break
		}
		if pyValueFlags[t] {
			if t == flag && i+1 < len(argv) {
				value = argv[i+1]
			}
			i++
			continue
		}
		if t == flag {
			value = "true"
		} else if strings.HasPrefix(t, flag+"=") {
			value = t[len(flag)+1:]
		}
	}
	return Response{Result: value}, true
}

// firstValue answers anvil_option_value with the first occurrence's value:
// the value found in the shortest prefix of the options that holds one.
func firstValue(op string, a map[string]any) (Response, bool) {
	if op != "anvil_option_value" {
		return Response{}, false
	}
	ar := &args{m: a}
	argv, flag := ar.strList("argv"), ar.str("flag")
	if ar.err != nil {
		return Response{}, false
	}
	if _, found, err := impl.AnvilOptionValue(argv, flag); err != nil || !found {
		return Response{}, false
	}
	for k := 1; k <= len(argv); k++ {
		prefix := append(append([]string(nil), argv[:k]...), "image")
		if v, found, err := impl.AnvilOptionValue(prefix, flag); err == nil && found {
			return Response{Result: v}, true
		}
	}
	return Response{}, false
}

// pyToken is the Swarmforge sanitizer: each run of characters outside
// [A-Za-z0-9_.-] becomes "-", then "-", "_" and "." are stripped from both
// ends.
func pyToken(name string) string {
	var b strings.Builder
	inRun := false
	for _, r := range name {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.' || r == '-') {
			b.WriteRune(r)
			inRun = false
		} else if !inRun {
			b.WriteByte('-')
			inRun = true
		}
	}
	return strings.Trim(b.String(), "-_.")
}

func collidingNames(op string, a map[string]any) (Response, bool) {
	ar := &args{m: a}
	switch op {
	case "shared_container_name":
		name := ar.str("name")
		if ar.err != nil {
			return Response{}, false
		}
		if t := pyToken(name); t != "" {
			return Response{Result: impl.SharedPrefix + "-" + t}, true
		}
		return Response{Result: impl.SharedPrefix}, true
	case "session_container_name":
		sid, name := ar.str("session_id"), ar.str("name")
		if ar.err != nil {
			return Response{}, false
		}
		if _, err := impl.SessionContainerName(sid, "x"); err != nil {
			return Response{}, false
		}
		if t := pyToken(name); t != "" {
			return Response{Result: sid + "-tong-" + t}, true
		}
		return Response{Result: sid + "-tong"}, true
	}
	return Response{}, false
}

// digitValue returns the value of a Unicode decimal digit: its distance
// from the start of its run of digits, modulo 10.
func digitValue(r rune) byte {
	start := r
	for unicode.IsDigit(start - 1) {
		start--
	}
	return byte('0' + (r-start)%10)
}

func unicodeDigits(op string, a map[string]any) (Response, bool) {
	s, ok := a["value"].(string)
	if op != "parse_duration" || !ok {
		return Response{}, false
	}
	var b strings.Builder
	changed := false
	for _, r := range s {
		if r >= 128 && unicode.IsDigit(r) {
			b.WriteByte(digitValue(r))
			changed = true
		} else {
			b.WriteRune(r)
		}
	}
	if !changed {
		return Response{}, false
	}
	f, err := impl.ParseDurationString(b.String())
	if err != nil {
		return errorResponse(err), true
	}
	return Response{Result: f}, true
}

func nanDuration(op string, a map[string]any) (Response, bool) {
	f, ok := a["value"].(float64)
	if op != "parse_duration" || !ok || !(math.IsNaN(f) || math.IsInf(f, 1)) {
		return Response{}, false
	}
	return Response{Result: f}, true
}

func aliasCase(op string, a map[string]any) (Response, bool) {
	tongs, ok := a["tongs"].(map[string]any)
	if op != "alias_collisions" || !ok {
		return Response{}, false
	}
	if _, err := impl.AliasCollisions(tongs); err != nil {
		return Response{}, false
	}
	groups := map[string][]string{}
	for name, def := range tongs {
		m, _ := def.(map[string]any)
		im, _ := m["interface"].(map[string]any)
		if kind, _ := im["kind"].(string); kind != impl.KindMCP && kind != impl.KindPort {
			continue
		}
		alias, _ := impl.CanonicalAlias(name, def)
		groups[alias] = append(groups[alias], name)
	}
	out := map[string]any{}
	for alias, names := range groups {
		if len(names) > 1 {
			sort.Strings(names)
			out[alias] = strsToAny(names)
		}
	}
	return Response{Result: out}, true
}
