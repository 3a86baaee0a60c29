package conform

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClipText(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{"", ""},
		{strings.Repeat("a", MaxShown), strings.Repeat("a", MaxShown)},
		{strings.Repeat("a", MaxShown+1), strings.Repeat("a", MaxShown) + "… [1 more bytes]"},
		{strings.Repeat("a", 100<<20), strings.Repeat("a", MaxShown) + "… [104853504 more bytes]"},
		// cut at a character boundary: é is two bytes
		{strings.Repeat("a", MaxShown-1) + "é" + "b", strings.Repeat("a", MaxShown-1) + "… [3 more bytes]"},
	} {
		got := clipText(tc.in)
		if got != tc.want {
			t.Errorf("clipText(%d bytes) = %.60q… (%d bytes), want %d bytes ending %q", len(tc.in), got, len(got), len(tc.want), tc.want[max(0, len(tc.want)-30):])
		}
		if !utf8.ValidString(got) && utf8.ValidString(tc.in) {
			t.Errorf("clipText(%d bytes) is not valid UTF-8", len(tc.in))
		}
	}
}

func TestClipValue(t *testing.T) {
	small := map[string]any{"result": "swarmforge-shared"}
	if got := clipValue(small); !Equal(got, small) {
		t.Errorf("clipValue(%s) = %s, want it unchanged", Marshal(small), Marshal(got))
	}
	big := map[string]any{"result": strings.Repeat("b", 4<<20)}
	got, ok := clipValue(big).(map[string]any)
	if !ok || got["bytes"] != int64(4<<20+13) || !strings.HasSuffix(got["clipped"].(string), "more bytes]") || len(Marshal(got)) > MaxShown+100 {
		t.Errorf("clipValue(a 4 MiB result) = %.200s, want {clipped, bytes: %d}", Marshal(got), 4<<20+13)
	}
}
