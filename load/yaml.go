package load

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/tongref/tongref/impl"
)

// readYAML reads one YAML document into the data model, with the line of
// every field.
func readYAML(data []byte) (v any, lines map[string]int, err *Error) {
	// go.yaml.in/yaml/v3 reports its errors by panicking and recovering
	// inside; this recover is a last resort for a panic that escapes, so
	// that loading never panics whatever the file.
	defer func() {
		if p := recover(); p != nil {
			v, lines, err = nil, nil, errAt(0, "", "LOAD-2", "", fmt.Sprintf("is not valid YAML: the YAML parser failed (%v)", p))
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil, errAt(0, "", "LOAD-2", "", "holds no YAML document; write a definition map such as lifecycle: session, image: ..., interface: {kind: none}")
		}
		return nil, nil, yamlError(err, data)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		return nil, nil, errAt(next.Line, "", "LOAD-2", "", "holds a second YAML document; a definition file holds one (remove the second \"---\" and what follows)")
	case !errors.Is(err, io.EOF):
		return nil, nil, yamlError(err, data)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) != 1 {
			return nil, nil, errAt(root.Line, "", "LOAD-2", "", "holds no YAML value")
		}
		root = root.Content[0]
	}
	r := &yamlReader{lines: map[string]int{"": root.Line}, active: map[*yaml.Node]bool{}}
	v, err = r.value(root, "", 1)
	if err != nil {
		return nil, nil, err
	}
	return v, r.lines, nil
}

// yamlLineError matches go.yaml.in/yaml/v3's "yaml: line N: MSG".
var yamlLineError = regexp.MustCompile(`^yaml: line ([0-9]+): (.*)$`)

func yamlError(err error, data []byte) *Error {
	s := err.Error()
	if m := yamlLineError.FindStringSubmatch(s); m != nil {
		line, _ := strconv.Atoi(m[1])
		return errAt(line, "", "LOAD-2", "", "is not valid YAML: "+m[2])
	}
	s = strings.TrimPrefix(s, "yaml: ")
	if strings.Contains(s, "unexpected end of stream") {
		// A truncated file, or an unclosed quote or bracket: the parser
		// ran into the end of the file.
		return errAt(lineAt(data, len(data)), "", "LOAD-2", "", "is truncated, or has an unclosed quote or bracket: "+s)
	}
	return errAt(0, "", "LOAD-2", "", "is not valid YAML: "+s)
}

type yamlReader struct {
	nodes int // values read, aliases expanded (MaxNodes)
	size  int // bytes of scalars and field paths, aliases expanded (MaxExpandedSize)
	lines map[string]int
	// active holds the lists and maps being read: an alias of one of
	// them would hold itself.
	active map[*yaml.Node]bool
	// merging counts the merged maps being read: their keys take a line
	// only where the map merged into writes none.
	merging int
}

// grow counts n more bytes of expanded text at a value, failing over
// MaxExpandedSize.
func (r *yamlReader) grow(n, line int, path string) *Error {
	r.size += n
	if r.size > MaxExpandedSize {
		return sizeError(line, path, "once its aliases are expanded; a tong definition is small (is this a \"billion laughs\" file?)")
	}
	return nil
}

func sizeError(line int, path, why string) *Error {
	return errAt(line, path, "LOAD-4", "", "makes the definition more than 4 MiB (4194304 bytes) of keys, values and field paths such as env.TOKEN "+why)
}

// record sets the line of a field path, counting the path's bytes.
func (r *yamlReader) record(path string, line int, override bool) *Error {
	if err := r.grow(len(path), line, path); err != nil {
		return err
	}
	if _, ok := r.lines[path]; override && r.merging == 0 || !ok {
		r.lines[path] = line
	}
	return nil
}

// value converts node n, found at field path, depth being the depth a list
// or map at n would have.
func (r *yamlReader) value(n *yaml.Node, path string, depth int) (any, *Error) {
	r.nodes++
	if r.nodes > MaxNodes {
		return nil, errAt(n.Line, path, "LOAD-4", "", fmt.Sprintf("makes the definition more than %d values once its aliases are expanded; a tong definition is small (is this a \"billion laughs\" file?)", MaxNodes))
	}
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			return nil, errAt(n.Line, path, "LOAD-2", "*"+n.Value, "is not valid YAML: the alias names no anchor")
		}
		if r.active[n.Alias] {
			return nil, errAt(n.Line, path, "LOAD-4", "*"+n.Value, "is an alias of a list or map that holds it, so it would hold itself; remove the alias")
		}
		return r.value(n.Alias, path, depth)
	}
	if n.Kind == yaml.SequenceNode || n.Kind == yaml.MappingNode {
		if depth > impl.MaxDepth {
			return nil, errAt(n.Line, path, "LOAD-4", "", fmt.Sprintf("nests lists and maps deeper than %d; flatten the definition", impl.MaxDepth))
		}
		if n.Style&yaml.TaggedStyle != 0 {
			want := "!!seq"
			if n.Kind == yaml.MappingNode {
				want = "!!map"
			}
			if n.ShortTag() != want {
				return nil, errAt(n.Line, path, "LOAD-6", "", "has the tag "+n.Tag+", which tong definitions do not use; remove the tag")
			}
		}
		r.active[n] = true
		defer delete(r.active, n)
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if isMergeKey(n) {
			return nil, errAt(n.Line, path, "LOAD-8", n.Value, "is YAML's merge key, which is only a key (<<: *base); quote it, \"<<\", for the text")
		}
		if err := r.grow(len(n.Value), n.Line, path); err != nil {
			return nil, err
		}
		v, err := scalar(n, false)
		if err != nil {
			err.Field = path
			return nil, err
		}
		return v, nil
	case yaml.SequenceNode:
		list := make([]any, 0, len(n.Content))
		for i, e := range n.Content {
			p := path + "[" + strconv.Itoa(i) + "]"
			if err := r.record(p, e.Line, false); err != nil {
				return nil, err
			}
			v, err := r.value(e, p, depth+1)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		return list, nil
	case yaml.MappingNode:
		return r.mapping(n, path, depth)
	}
	return nil, errAt(n.Line, path, "LOAD-2", "", "is not valid YAML: unexpected node")
}

// mapping converts a map, applying merge keys.
func (r *yamlReader) mapping(n *yaml.Node, path string, depth int) (any, *Error) {
	m := make(map[string]any, len(n.Content)/2)
	keyLine := make(map[string]int, len(n.Content)/2)
	mergeLine := 0
	var merged []map[string]any
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		line := kn.Line
		for kn.Kind == yaml.AliasNode && kn.Alias != nil {
			kn = kn.Alias
		}
		if kn.Kind != yaml.ScalarNode {
			return nil, errAt(line, path, "LOAD-3", "", "has a list or map as a key; keys are plain names such as image")
		}
		if isMergeKey(kn) {
			if mergeLine != 0 {
				return nil, errAt(line, path, "LOAD-3", "<<", fmt.Sprintf("is a second merge key in one map (the first is on line %d); merge several maps with one key, <<: [*a, *b]", mergeLine))
			}
			mergeLine = line
			srcs, err := r.mergeSources(n, vn, path, depth)
			if err != nil {
				return nil, err
			}
			merged = srcs
			continue
		}
		if err := r.grow(len(kn.Value), line, path); err != nil {
			return nil, err
		}
		kv, err := scalar(kn, true)
		if err != nil {
			err.Line, err.Field = line, path
			return nil, err
		}
		k, isStr := kv.(string)
		if !isStr {
			return nil, errAt(line, path, "LOAD-3", showText(kn.Value), fmt.Sprintf("is a key that YAML reads as %s; keys are strings: quote it, \"%s\"", describe(kv), kn.Value))
		}
		p := joinPath(path, k)
		if first, dup := keyLine[k]; dup {
			return nil, errAt(line, p, "LOAD-3", "", fmt.Sprintf("is a key written twice in one map (first on line %d); keep one", first))
		}
		keyLine[k] = line
		if err := r.record(p, line, true); err != nil {
			return nil, err
		}
		v, err := r.value(vn, p, depth+1)
		if err != nil {
			return nil, err
		}
		m[k] = v
	}
	// Merged keys never override a key written in the map, and the first
	// merged map that has a key wins.
	for _, src := range merged {
		for k, v := range src {
			if _, ok := m[k]; !ok {
				m[k] = v
				if err := r.record(joinPath(path, k), mergeLine, false); err != nil {
					return nil, err
				}
			}
		}
	}
	return m, nil
}

func isMergeKey(kn *yaml.Node) bool {
	if kn.Style&yaml.TaggedStyle != 0 {
		return kn.ShortTag() == "!!merge"
	}
	return kn.Style == 0 && kn.Value == "<<"
}

// mergeSources reads the value of map n's merge key: a map, or a list of
// maps.
func (r *yamlReader) mergeSources(n, vn *yaml.Node, path string, depth int) ([]map[string]any, *Error) {
	one := func(src *yaml.Node) (map[string]any, *Error) {
		line := src.Line
		for src.Kind == yaml.AliasNode && src.Alias != nil {
			src = src.Alias
		}
		if src.Kind != yaml.MappingNode {
			return nil, errAt(line, path, "LOAD-8", "", "merges a value that is not a map; << takes a map or a list of maps, such as <<: *base")
		}
		if r.active[src] {
			what := "the map"
			if src.Anchor != "" {
				what += " &" + src.Anchor
			}
			if src != n {
				what += ", which holds it,"
			}
			return nil, errAt(line, path, "LOAD-8", "", "merges "+what+" into itself; remove the << key, or merge another map")
		}
		// The merged map sits at the same depth as the map it merges into.
		r.merging++
		v, err := r.value(src, path, depth)
		r.merging--
		if err != nil {
			return nil, err
		}
		return v.(map[string]any), nil
	}
	target := vn
	for target.Kind == yaml.AliasNode && target.Alias != nil {
		target = target.Alias
	}
	if target.Kind == yaml.SequenceNode {
		r.nodes++
		var out []map[string]any
		for _, e := range target.Content {
			m, err := one(e)
			if err != nil {
				return nil, err
			}
			out = append(out, m)
		}
		return out, nil
	}
	m, err := one(vn)
	if err != nil {
		return nil, err
	}
	return []map[string]any{m}, nil
}

func joinPath(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

// scalar converts a scalar node (key is set for a map key). Its errors
// carry the node's line; the caller sets the field.
func scalar(n *yaml.Node, key bool) (any, *Error) {
	what := "" // how the message begins
	if key {
		what = "a key that is "
	}
	quoted := n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0
	if n.Style&yaml.TaggedStyle != 0 {
		tag := n.ShortTag()
		if tag == "!!str" {
			return n.Value, nil
		}
		want := map[string]string{"!!int": "an integer", "!!float": "a float", "!!bool": "a bool", "!!null": "null"}[tag]
		if want == "" {
			return nil, errAt(n.Line, "", "LOAD-6", showText(n.Value), "has the tag "+n.Tag+", which tong definitions do not use; remove the tag, or quote the value for a string")
		}
		v := resolveCore(n.Value)
		if tag == "!!float" {
			if b, ok := v.(*big.Int); ok {
				f, _ := new(big.Float).SetInt(b).Float64()
				v = f
			}
		}
		if describe(v) != want || v == errRange {
			return nil, errAt(n.Line, "", "LOAD-6", showText(n.Value), fmt.Sprintf("has the tag %s but is not %s; write the value plainly", tag, want))
		}
		if v11 := construct11(tag, n.Value); !same(v, v11) {
			return nil, errAt(n.Line, "", "LOAD-7", showText(n.Value), fmt.Sprintf("has the tag %s and is %s in YAML 1.2 but %s in YAML 1.1 (the PyYAML the Swarmforge launcher reads with); write it so both agree (such as %s 8080), or leave the tag out", tag, describeValue(v), describeValue(v11), tag))
		}
		return normalize(v), nil
	}
	if quoted {
		return n.Value, nil
	}
	v := resolveCore(n.Value)
	if v == errRange {
		return nil, errAt(n.Line, "", "LOAD-6", showText(n.Value), "is outside the range of a float; write a smaller number, or .inf for infinity")
	}
	if v11 := resolve11(n.Value); !same(v, v11) {
		return nil, errAt(n.Line, "", "LOAD-7", showText(n.Value), fmt.Sprintf("is %s in YAML 1.2 but %s in YAML 1.1 (the PyYAML the Swarmforge launcher reads with); quote it, \"%s\", if you mean text, or write it so both agree (such as 8080, 1.5, true)", what+describeValue(v), describeValue(v11), n.Value))
	}
	return normalize(v), nil
}

// normalize turns resolved integers into int64 when they fit.
func normalize(v any) any {
	if b, ok := v.(*big.Int); ok && b.IsInt64() {
		return b.Int64()
	}
	return v
}

// rangeError marks a float literal outside float64's range.
type rangeError struct{}

var errRange any = rangeError{}

// yaml11Only is a YAML 1.1 value with no YAML 1.2 counterpart: a
// timestamp, a sexagesimal number, or the value key "=".
type yaml11Only struct{ what string }

var (
	coreInt   = regexp.MustCompile(`^[-+]?[0-9]+$`)
	coreOct   = regexp.MustCompile(`^0o[0-7]+$`)
	coreHex   = regexp.MustCompile(`^0x[0-9a-fA-F]+$`)
	coreFloat = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)
)

// resolveCore resolves a plain scalar by the YAML 1.2 core schema.
func resolveCore(s string) any {
	switch s {
	case "", "~", "null", "Null", "NULL":
		return nil
	case "true", "True", "TRUE":
		return true
	case "false", "False", "FALSE":
		return false
	case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
		return math.Inf(1)
	case "-.inf", "-.Inf", "-.INF":
		return math.Inf(-1)
	case ".nan", ".NaN", ".NAN":
		return math.NaN()
	}
	switch {
	case coreInt.MatchString(s):
		b, _ := new(big.Int).SetString(strings.TrimPrefix(s, "+"), 10)
		return b
	case coreOct.MatchString(s):
		b, _ := new(big.Int).SetString(s[2:], 8)
		return b
	case coreHex.MatchString(s):
		b, _ := new(big.Int).SetString(s[2:], 16)
		return b
	case coreFloat.MatchString(s):
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return errRange
		}
		return f
	}
	return s
}

// The implicit resolvers of YAML 1.1 as PyYAML's resolver.py writes them.
var (
	y11Bool      = regexp.MustCompile(`^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$`)
	y11Float     = regexp.MustCompile(`^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$`)
	y11Int       = regexp.MustCompile(`^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$`)
	y11Null      = regexp.MustCompile(`^(?:~|null|Null|NULL|)$`)
	y11Timestamp = regexp.MustCompile(`^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$`)
)

// resolve11 resolves a plain scalar as a YAML 1.1 reader (PyYAML's
// SafeLoader) does, as far as needed to compare it with resolveCore.
func resolve11(s string) any {
	switch {
	case y11Bool.MatchString(s):
		switch s[0] {
		case 'y', 'Y', 't', 'T':
			return true
		case 'o', 'O':
			return s == "on" || s == "On" || s == "ON"
		}
		return false
	case y11Null.MatchString(s):
		return nil
	case y11Int.MatchString(s):
		t := strings.ReplaceAll(s, "_", "")
		if strings.Contains(t, ":") {
			return yaml11Only{"a base-60 integer"}
		}
		sign := ""
		if t[0] == '-' || t[0] == '+' {
			sign, t = t[:1], t[1:]
		}
		base := 10
		switch {
		case strings.HasPrefix(t, "0b"):
			base, t = 2, t[2:]
		case strings.HasPrefix(t, "0x"):
			base, t = 16, t[2:]
		case len(t) > 1 && t[0] == '0':
			base = 8
		}
		b, ok := new(big.Int).SetString(t, base)
		if !ok {
			return yaml11Only{"an integer"}
		}
		if sign == "-" {
			b.Neg(b)
		}
		return b
	case y11Float.MatchString(s):
		t := strings.ReplaceAll(s, "_", "")
		if strings.Contains(t, ":") {
			return yaml11Only{"a base-60 float"}
		}
		switch strings.ToLower(strings.TrimPrefix(t, "+")) {
		case ".inf":
			return math.Inf(1)
		case "-.inf":
			return math.Inf(-1)
		case ".nan":
			return math.NaN()
		}
		f, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return errRange
		}
		return f
	case y11Timestamp.MatchString(s):
		return yaml11Only{"a timestamp"}
	case s == "=":
		return yaml11Only{"the value key \"=\", which PyYAML's safe loader refuses"}
	}
	return s
}

// construct11 reads the text of a scalar tagged tag (!!int, !!float,
// !!bool or !!null) as PyYAML's SafeLoader constructs it: an explicit tag
// skips YAML 1.1's implicit resolvers, so !!int '0777' is octal 511 there.
// Text the constructor refuses gives a yaml11Only.
func construct11(tag, s string) any {
	refused := yaml11Only{"an error (PyYAML refuses it)"}
	switch tag {
	case "!!null":
		return nil // PyYAML's null constructor ignores the text
	case "!!bool":
		switch strings.ToLower(s) {
		case "yes", "true", "on":
			return true
		case "no", "false", "off":
			return false
		}
		return refused
	case "!!int":
		t := strings.ReplaceAll(s, "_", "")
		neg := strings.HasPrefix(t, "-")
		if strings.HasPrefix(t, "-") || strings.HasPrefix(t, "+") {
			t = t[1:]
		}
		base := 10
		switch {
		case t == "":
			return refused
		case strings.Contains(t, ":"):
			return yaml11Only{"a base-60 integer"}
		case strings.HasPrefix(t, "0b"):
			base, t = 2, t[2:]
		case strings.HasPrefix(t, "0x"):
			base, t = 16, t[2:]
		case t != "0" && t[0] == '0':
			// Python's int(t, 8), which also takes a 0o or 0O prefix
			base = 8
			if len(t) > 2 && (t[1] == 'o' || t[1] == 'O') {
				t = t[2:]
			}
		}
		if t == "" || strings.ContainsAny(t, "+-") {
			return refused
		}
		b, ok := new(big.Int).SetString(t, base)
		if !ok {
			return refused
		}
		if neg {
			b.Neg(b)
		}
		return b
	case "!!float":
		t := strings.ToLower(strings.ReplaceAll(s, "_", ""))
		sign := 1.0
		if strings.HasPrefix(t, "-") {
			sign = -1
		}
		if strings.HasPrefix(t, "-") || strings.HasPrefix(t, "+") {
			t = t[1:]
		}
		switch {
		case t == ".inf":
			return sign * math.Inf(1)
		case t == ".nan":
			return math.NaN()
		case strings.Contains(t, ":"):
			return yaml11Only{"a base-60 float"}
		case !py11FloatText.MatchString(t):
			// Python's float() refuses 0x1a and 0o17; the forms it takes
			// beyond these (inf, nan, infinity) the core schema reads as
			// strings, refused before this is asked.
			return refused
		}
		f, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return errRange
		}
		return sign * f
	}
	return refused
}

// py11FloatText is the decimal text Python's float() reads, signs removed.
var py11FloatText = regexp.MustCompile(`^([0-9]+\.?[0-9]*|\.[0-9]+)(e[-+]?[0-9]+)?$`)

// same reports whether two resolved scalars are the same value.
func same(a, b any) bool {
	switch a := a.(type) {
	case nil:
		return b == nil
	case bool:
		bb, ok := b.(bool)
		return ok && a == bb
	case *big.Int:
		bb, ok := b.(*big.Int)
		return ok && a.Cmp(bb) == 0
	case float64:
		bb, ok := b.(float64)
		return ok && (a == bb && math.Signbit(a) == math.Signbit(bb) || math.IsNaN(a) && math.IsNaN(bb))
	case string:
		bb, ok := b.(string)
		return ok && a == bb
	case rangeError:
		_, ok := b.(rangeError)
		return ok
	}
	return false
}

// describe names a resolved scalar's value for a message.
func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "a bool"
	case *big.Int, int64:
		return "an integer"
	case float64:
		return "a float"
	case string:
		return "a string"
	case yaml11Only:
		return v.what
	case rangeError:
		return "a float out of range"
	}
	return "an unknown value"
}

// describeValue names a resolved scalar with its value, for the message
// about an ambiguous scalar.
func describeValue(v any) string {
	switch v := v.(type) {
	case bool:
		return "the bool " + strconv.FormatBool(v)
	case *big.Int:
		return "the integer " + v.String()
	case float64:
		return "the float " + strconv.FormatFloat(v, 'g', -1, 64)
	case string:
		return "the string " + strconv.Quote(v)
	}
	return describe(v)
}
