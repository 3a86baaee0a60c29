package conform

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxShown is the most of one value a report shows: a request, an answer,
// an adapter's name, a fault, a line of its stderr. An adapter's answer
// may be as long as the line limit (16 MiB); a report of it stays short.
const MaxShown = 4096

// clipText shortens s to at most MaxShown bytes, cut at a character
// boundary, and says how many bytes were cut.
func clipText(s string) string {
	if len(s) <= MaxShown {
		return s
	}
	cut := MaxShown
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("… [%d more bytes]", len(s)-cut)
}

// clipLines clips each line of s.
func clipLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = clipText(l)
	}
	return strings.Join(lines, "\n")
}

// clipValue returns v for a JSON report when its JSON text is at most
// MaxShown bytes, and otherwise {"clipped": the text's first bytes,
// "bytes": the text's length}: a value no report reader needs whole.
func clipValue(v any) any {
	b, err := Append(nil, v)
	if err != nil || len(b) <= MaxShown {
		return v
	}
	return map[string]any{"clipped": clipText(string(b)), "bytes": int64(len(b))}
}
