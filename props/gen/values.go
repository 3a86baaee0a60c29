package gen

import (
	"math"
	"math/big"
	"strings"

	"github.com/tongref/tongref/impl"
)

// Helpers shared by the generators. Every choice is a labelled draw whose
// first option is the simplest, so rapid shrinks toward it.

// pick draws one of options; it shrinks toward options[0].
func pick[E any](t T, label string, options ...E) E {
	return options[Int(t, label, 0, len(options)-1)]
}

// oneIn draws true about once in n times; it shrinks toward false.
func oneIn(t T, label string, n int) bool {
	return Int(t, label, 0, n-1) == n-1
}

// intNode returns n as one of the data model's integer types (DM-2): the
// same number may reach a function as an int, an int64, a uint16, a
// *big.Int...; it shrinks toward int.
func intNode(t T, label string, n int64) any {
	switch pick(t, label, "int", "int64", "big", "uint64", "int32", "uint16", "int8", "uint8", "uint", "int16", "uint32") {
	case "int64":
		return n
	case "big":
		return big.NewInt(n)
	case "uint64":
		if n >= 0 {
			return uint64(n)
		}
	case "int32":
		if n >= math.MinInt32 && n <= math.MaxInt32 {
			return int32(n)
		}
	case "uint16":
		if n >= 0 && n <= math.MaxUint16 {
			return uint16(n)
		}
	case "int8":
		if n >= math.MinInt8 && n <= math.MaxInt8 {
			return int8(n)
		}
	case "uint8":
		if n >= 0 && n <= math.MaxUint8 {
			return uint8(n)
		}
	case "uint":
		if n >= 0 {
			return uint(n)
		}
	case "int16":
		if n >= math.MinInt16 && n <= math.MaxInt16 {
			return int16(n)
		}
	case "uint32":
		if n >= 0 && n <= math.MaxUint32 {
			return uint32(n)
		}
	}
	return int(n)
}

// textRunes are the runes Text draws from: plain letters first, then the
// characters that trip up escapers, quoters and sanitizers.
var textRunes = []rune{
	'a', 'b', 'z', 'A', 'Z', '0', '9', '-', '_', '.', ' ', '/', ':', '=', '@',
	'"', '\\', '$', '{', '}', '\'', '%', ',', '\t', '\n', '\r', 0, 0x1f, 0x7f,
	'é', 'ß', 'İ', 'K', '٣', '５', 0x85, 0xa0, 0x2028, 0x3000, 0xfeff, 0xfffd,
	'☃', '😀', 0x10ffff,
}

// Text generates short strings of valid UTF-8, mostly plain, often holding
// spaces, control characters, non-ASCII letters and Unicode spaces.
func Text(t T) string {
	if oneIn(t, "any_string", 8) {
		return t.String("string")
	}
	rs := make([]rune, Int(t, "text_len", 0, 12))
	for i := range rs {
		rs[i] = pick(t, "text_rune", textRunes...)
	}
	return string(rs)
}

// Tree generates an arbitrary tree of the impl data model (DM-1 to DM-5):
// null, bools, integers of every Go type including *big.Int beyond 64
// bits, floats including NaN, ±Inf and -0, strings including non-ASCII and
// control characters, lists and maps. It never exceeds impl.MaxDepth.
func Tree(t T) any { return drawTree(t, 4) }

// Scalar generates one leaf of the data model.
func Scalar(t T) any { return drawTree(t, 0) }

func drawTree(t T, depth int) any {
	kinds := []string{"string", "int", "null", "bool", "float", "bigint", "list", "map"}
	if depth <= 0 {
		kinds = kinds[:6]
	}
	switch pick(t, "node", kinds...) {
	case "string":
		return Text(t)
	case "int":
		return intNode(t, "int_type", t.Int64("int"))
	case "null":
		return nil
	case "bool":
		return Bool(t, "bool")
	case "float":
		switch pick(t, "float_kind", "any", "special", "float32") {
		case "special":
			return pick(t, "float", 0.0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), 1e16, 1e-5, 5e-324, math.MaxFloat64, 0.1, 1.5)
		case "float32":
			return t.Float32("float32")
		}
		return t.Float64("float")
	case "bigint":
		n := new(big.Int).Lsh(big.NewInt(1), uint(Int(t, "big_bits", 63, 200)))
		n.Add(n, big.NewInt(t.Int64("big_add")))
		if Bool(t, "big_neg") {
			n.Neg(n)
		}
		return n
	case "list":
		n := Int(t, "list_len", 0, 4)
		l := make([]any, n)
		for i := range l {
			l[i] = drawTree(t, depth-1)
		}
		return l
	}
	n := Int(t, "map_len", 0, 4)
	m := make(map[string]any, n)
	for i := 0; i < n; i++ {
		m[pick(t, "key", "kind", "image", "name", "port", "lifecycle", "mode", "x", "")+Text(t)] = drawTree(t, depth-1)
	}
	return m
}

// DurationString generates the string form of durations (DUR-3): mostly
// strings of the grammar (leading and trailing ASCII whitespace, digits,
// fractions, every unit, zero, huge numbers), often with one typo (a sign,
// an exponent, a space before the unit, an unknown or upper-case unit,
// Unicode digits or spaces, a bare "." ...).
func DurationString(t T) string {
	s := GoodDurationString(t)
	if Int(t, "typo?", 0, 2) < 2 {
		return s
	}
	switch pick(t, "typo", "sign", "space_before_unit", "unit", "exponent", "unicode_digit", "unicode_space", "dot", "empty", "double", "nul", "zero") {
	case "sign":
		return pick(t, "sign_char", "-", "+") + s
	case "space_before_unit":
		return strings.TrimRight(s, "mshMSH \t\n\v\f\r") + " s"
	case "unit":
		return strings.TrimRight(s, "mshMSH \t\n\v\f\r") + pick(t, "bad_unit", "S", "sec", "us", "µs", "ns", "d", "min", "hr", "H", "M", "mss")
	case "exponent":
		return "1e" + pick(t, "exp", "3", "-3", "400") + pick(t, "exp_unit", "s", "")
	case "unicode_digit":
		return pick(t, "unicode_digits", "٣٠s", "３０s", "1٠s", "𝟙s", "Ⅻs")
	case "unicode_space":
		return pick(t, "unicode_ws", "\u00a0", "\u2028", "\u3000", "\u0085") + s
	case "dot":
		return pick(t, "dotted", ".5s", "5.s", "1..5s", ".s", "1.5.5s")
	case "empty":
		return pick(t, "blank", "", " ", "s", "ms", "\t\n")
	case "double":
		return s + s
	case "nul":
		return s + "\x00"
	}
	return pick(t, "zero", "0", "0s", "0.0ms", "000h", "0.000000000000000000001ms")
}

// GoodDurationString generates strings of the DUR-3 grammar:
// [ws] digits ["." digits] [unit] [ws]. Most are positive, but zero and
// numbers that overflow after the unit factor ("1e309" written out) occur,
// which DUR-4 refuses.
func GoodDurationString(t T) string {
	var b strings.Builder
	ws := []string{"", " ", "\t", "\n", "\v", "\f", "\r", "  "}
	b.WriteString(pick(t, "lead_ws", ws...))
	switch pick(t, "digits_kind", "small", "any", "huge", "tiny") {
	case "small":
		b.WriteString(pick(t, "digits", "30", "1", "0", "5", "500", "01", "100"))
	case "any":
		b.WriteString(Matching(t, "digits", `[0-9]{1,20}`))
	case "huge":
		b.WriteString("1" + strings.Repeat("0", Int(t, "zeros", 300, 320)))
	case "tiny":
		b.WriteString("0." + strings.Repeat("0", Int(t, "zeros", 300, 330)) + "1")
		b.WriteString(pick(t, "unit", "s", "ms", "m", "h", ""))
		b.WriteString(pick(t, "trail_ws", ws...))
		return b.String()
	}
	if oneIn(t, "fraction?", 3) {
		b.WriteString("." + Matching(t, "fraction", `[0-9]{1,17}`))
	}
	b.WriteString(pick(t, "unit", "s", "ms", "m", "h", ""))
	b.WriteString(pick(t, "trail_ws", ws...))
	return b.String()
}

// DurationValue generates values a readiness.timeout may hold (DUR-1 to
// DUR-5): nil, good and mistyped strings, integers of every type (zero,
// negative, beyond float64), floats (NaN, ±Inf, -0, subnormal, huge),
// bools, lists and maps.
func DurationValue(t T) any {
	switch pick(t, "duration_kind", "string", "int", "float", "null", "bool", "bigint", "other") {
	case "string":
		return DurationString(t)
	case "int":
		n := pick(t, "int_kind", "small", "any", "edge")
		var v int64
		switch n {
		case "small":
			v = Int64Range(t, "int", -5, 100)
		case "any":
			v = t.Int64("int")
		default:
			v = pick[int64](t, "int", 0, 1, -1, math.MaxInt64, math.MinInt64, 1<<53+1)
		}
		return intNode(t, "int_type", v)
	case "float":
		if Bool(t, "special?") {
			return pick(t, "float", 0.5, 0.0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), -1.5, 5e-324, math.MaxFloat64, 1e-300)
		}
		if oneIn(t, "float32?", 4) {
			return t.Float32("float32")
		}
		return t.Float64("float")
	case "null":
		return nil
	case "bool":
		return Bool(t, "bool")
	case "bigint":
		n := new(big.Int).Lsh(big.NewInt(1), uint(Int(t, "big_bits", 63, 1100)))
		if Bool(t, "big_neg") {
			n.Neg(n)
		}
		return n
	}
	return pick[any](t, "other", []any{"30s"}, map[string]any{"seconds": 30}, []any{}, []string{"30s"}, (*big.Int)(nil), struct{}{})
}

// TongName generates tong names: mostly clean DNS labels, often names with
// spaces, slashes, dots or "-" at the ends, "_", upper case, non-ASCII
// letters, "@@@", the empty name and control characters.
func TongName(t T) string {
	switch pick(t, "name_kind", "clean", "label", "edge", "text", "escaped") {
	case "clean":
		return pick(t, "name", "github", "db", "a", "postgres", "web-1", "A", "x.y", "a_b", "0")
	case "label":
		return Matching(t, "name", `[a-zA-Z0-9]([a-zA-Z0-9_.-]{0,10}[a-zA-Z0-9])?`)
	case "edge":
		return pick(t, "name", "", "a b", "a-b", "a/b", ".a", "a.", "-a", "a-", "_a", "a_", "@@@", "é", "日本", "a\x00b", "a\nb", "_61", "a__b", "a--b", "..", "-", "_", ".", "swarmforge-shared", "a\xffb")
	case "escaped":
		// names whose escaped form looks like another name's
		return pick(t, "name", "_2f", "a_2fb", "a/b", "a_20b", "a b", "_", "__", "_5f")
	}
	return Text(t)
}

// SessionID generates session ids: mostly valid docker container names
// (NAME-4), sometimes invalid ones (empty, one character, a leading "-",
// ".", "_", spaces, non-ASCII, the reserved "swarmforge-shared" prefix).
func SessionID(t T) string {
	if Int(t, "session_invalid?", 0, 4) < 4 {
		if Bool(t, "session_simple?") {
			return pick(t, "session_id", "s1", "sess-1", "abc", "x.y", "a_b", "Z9", "swarmforge", "swarmforge-share")
		}
		return Matching(t, "session_id", `[a-zA-Z0-9][a-zA-Z0-9_.-]{1,20}`)
	}
	return pick(t, "session_id", "", "a", "-s", ".s", "_s", "s s", "sé", "s/1", "swarmforge-shared", "swarmforge-shared-1", "swarmforge-sharedx", "s\x00", "s\n")
}

// NetworkName generates docker network names the toolkit accepts (NET-2,
// INJ-4, RUN-3): non-empty, not beginning with "-", no whitespace or
// control characters.
func NetworkName(t T) string {
	if Bool(t, "network_simple?") {
		return pick(t, "network", "tongs", "bridge", "host", "none", "net-1", "swarmforge_s1", "container:abc", "é")
	}
	// no "=" or ",": docker reads those as key=value fields (NET-2)
	return Matching(t, "network", `[a-zA-Z0-9_.:é][a-zA-Z0-9_.:é-]{0,15}`)
}

// DNSLabel generates network aliases (IF-7): 1 to 63 ASCII letters, digits
// and "-", not beginning or ending with "-".
func DNSLabel(t T) string {
	if Bool(t, "label_simple?") {
		return pick(t, "label", "github", "db", "a", "GitHub", "web-1", "0", "a-b-c")
	}
	if oneIn(t, "label_max?", 8) {
		return strings.Repeat("a", 63)
	}
	return Matching(t, "label", `[a-zA-Z0-9]([a-zA-Z0-9-]{0,20}[a-zA-Z0-9])?`)
}

// ContainerName generates valid docker container names (RUN-2, IF-6).
func ContainerName(t T) string {
	if Bool(t, "container_simple?") {
		return pick(t, "container", "c1", impl.SharedPrefix+"-db", "s1-tong-github", "cache", "a.b_c-d")
	}
	return Matching(t, "container", `[a-zA-Z0-9][a-zA-Z0-9_.-]{1,30}`)
}

// AbsPath generates absolute paths without ":" or control characters
// (IF-6, MNT-5, RUN-6), sometimes with spaces or non-ASCII letters.
func AbsPath(t T) string {
	if Bool(t, "path_simple?") {
		return pick(t, "path", "/", "/cache", "/workspace", "/home/me/project", "/tmp", impl.SecretDir, impl.DefaultSocketPath, "/my dir/é", "//x/../y")
	}
	return "/" + Matching(t, "path", `[a-zA-Z0-9_. /é-]{0,20}`)
}
