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

// TestReportClipsValues: every value a report shows is clipped, in text
// and in JSON, however large the adapter's answer or the request.
func TestReportClipsValues(t *testing.T) {
	huge := strings.Repeat("x", 8<<20)
	c := &Case{Op: "shared_container_name", Args: map[string]any{"name": huge}, Expected: Response{Result: "swarmforge-shared-" + huge}, Source: "generated (seed 1)"}
	rep := &Report{AdapterName: huge, Adapter: "adapter", Ops: map[string]*OpCounts{"shared_container_name": {Cases: 1, Diverge: 1}}, Cases: 1,
		Divergences: []*Divergence{{Op: c.Op, Cause: "results differ", Case: c, Actual: Response{Result: huge}, Count: 1}},
		Fixed:       []Known{{Op: c.Op, Args: c.Args, Reason: huge}},
		Faults:      []string{huge}, Stderr: huge + "\n" + huge, Aborted: huge}
	rep.Compared.Generated = 1
	var b strings.Builder
	rep.WriteText(&b)
	text, js := b.String(), rep.JSON()
	for name, out := range map[string]string{"WriteText": text, "JSON": string(js)} {
		if len(out) > 64<<10 || !strings.Contains(out, "more bytes]") {
			t.Errorf("%s of a report holding 8 MiB values: %d bytes, want at most 64 KiB, each value saying how much was cut", name, len(out))
		}
	}
	if _, err := Decode(js[:len(js)-1]); err != nil {
		t.Errorf("the clipped JSON report does not read back: %v", err)
	}
}

// TestNothingComparedFails: a run that compared no case does not pass,
// and says why.
func TestNothingComparedFails(t *testing.T) {
	rep, err := Run(Options{Cases: 0, Ops: []string{"shared_container_name"}, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	rep.WriteText(&b)
	if !rep.Unexpected() || !rep.NothingCompared() || !strings.Contains(b.String(), "FAIL: no case was compared: there was no case to send") {
		t.Errorf("a run of no case: Unexpected %v, report:\n%s", rep.Unexpected(), b.String())
	}
	rep, err = Run(Options{Cases: 1, Ops: []string{"shared_container_name"}, Seed: 1})
	if err != nil || rep.Unexpected() || rep.NothingCompared() || rep.Compared.Generated != 1 {
		t.Errorf("a run of one case: %v, %+v", err, rep)
	}
}
