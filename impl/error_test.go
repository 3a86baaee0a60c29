package impl

import (
	"strings"
	"testing"
)

// nestMap returns a map nested n levels deep under the key "k":
// nestMap(0) is "leaf".
func nestMap(n int) any {
	var v any = "leaf"
	for i := 0; i < n; i++ {
		v = map[string]any{"k": v}
	}
	return v
}

// show renders an error's Input (§3): a string quoted, any other value in
// its canonical JSON form (§14), either cut after 60 bytes with "…"; a
// value its writer refuses, such as one nested past MaxDepth+1 levels, is
// named by its type.
var showTests = []struct {
	in   any
	want string
}{
	{"", `""`},
	{strings.Repeat("a", 60), `"` + strings.Repeat("a", 60) + `"`},
	{strings.Repeat("a", 61), `"` + strings.Repeat("a", 60) + `…"`},
	{"a\x00b", `"a\x00b"`},
	{[]any{strings.Repeat("a", 56)}, `["` + strings.Repeat("a", 56) + `"]`},      // 60 bytes
	{[]any{strings.Repeat("a", 57)}, `["` + strings.Repeat("a", 57) + `"` + "…"}, // 61 bytes
	{nest(MaxDepth + 1), strings.Repeat("[", 60) + "…"},                          // written, then cut
	{nest(MaxDepth + 2), "(a list)"},
	{nestMap(MaxDepth + 1), strings.Repeat(`{"k":`, 12) + "…"},
	{nestMap(MaxDepth + 2), "(a map)"},              // too deep to write
	{map[string]any{"k": []string{"x"}}, "(a map)"}, // outside the data model
}

func TestShow(t *testing.T) {
	for _, tt := range showTests {
		if got := show(tt.in); got != tt.want {
			t.Errorf("show(%.40v) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
