package conform

import (
	"bytes"
	"strings"
	"testing"
)

// serveOne answers one request line with Serve and returns the answer line.
func serveOne(t *testing.T, line string) string {
	t.Helper()
	var out bytes.Buffer
	if err := Serve(strings.NewReader(line+"\n"), &out, ServeOptions{}); err != nil {
		t.Fatalf("Serve(%.80q) = %v", line, err)
	}
	return strings.TrimSuffix(out.String(), "\n")
}

var tooDeep = strings.Repeat("[", 300) + strings.Repeat("]", 300)

// Malformed requests: the answer echoes the id whenever the id was read
// before the fault, and a request missing an argument is a bad request
// (spec/PROTOCOL.md: every argument is present), never read as null.
var serveMalformed = []struct {
	line string
	want string // the answer's beginning
}{
	// --- the id, read before the fault, is echoed
	{`{"id":14,"op":"parse_duration","args":{"value":` + tooDeep + `,"default":null}}`, `{"id":14,"error":{"kind":"crash","message":"request is not JSON: json: offset 246: nested deeper than 200"`},
	{`{"id":123456789012345678901234567890,"op":"config_hash","args":{"definition":` + tooDeep + `}}`, `{"id":123456789012345678901234567890,"error":{"kind":"crash"`},
	{` { "id" : -3 , "op":"config_hash","args":{"definition":{"a":1,"a":2}}}`, `{"id":-3,"error":{"kind":"crash","message":"request is not JSON: json: offset 65: key \"a\" repeated"`},
	{`{"id":14,"op":`, `{"id":14,"error":{"kind":"crash","message":"request is not JSON: json: offset 14: unexpected end of input"`},
	// --- no id before the fault: null
	{`{"op":"config_hash","args":{"definition":` + tooDeep + `},"id":14}`, `{"id":null,"error":{"kind":"crash"`},
	{`{"id":"14","op":"config_hash","args":{"definition":` + tooDeep + `}}`, `{"id":null,"error":{"kind":"crash"`},
	{`{"id":14.0,"op":"config_hash","args":{"definition":` + tooDeep + `}}`, `{"id":null,"error":{"kind":"crash"`},
	{`{"id":` + tooDeep + `}`, `{"id":null,"error":{"kind":"crash"`},
	{`[14,` + tooDeep + `]`, `{"id":null,"error":{"kind":"crash"`},
	{`not JSON`, `{"id":null,"error":{"kind":"crash","message":"request is not JSON`},
	// --- a missing argument is a bad request
	{`{"id":14,"op":"parse_duration","args":{}}`, `{"id":14,"error":{"kind":"invalid","message":"bad request: argument \"value\" is missing`},
	{`{"id":15,"op":"parse_duration","args":{"value":null}}`, `{"id":15,"error":{"kind":"invalid","message":"bad request: argument \"default\" is missing`},
	{`{"id":16,"op":"tong_mount_specs","args":{"definition":{},"socket_path":"/s"}}`, `{"id":16,"error":{"kind":"invalid","message":"bad request: argument \"workspace\" is missing`},
	{`{"id":17,"op":"validate_tong","args":{"name":"a"}}`, `{"id":17,"error":{"kind":"invalid","message":"bad request: argument \"definition\" is missing`},
	// present and null is an answer
	{`{"id":18,"op":"parse_duration","args":{"value":null,"default":null}}`, `{"id":18,"result":null}`},
	{`{"id":19,"op":"tong_mount_specs","args":{"definition":{},"workspace":null,"socket_path":"/s"}}`, `{"id":19,"result":[]}`},
}

func TestServeMalformedRequests(t *testing.T) {
	for _, tc := range serveMalformed {
		if got := serveOne(t, tc.line); !strings.HasPrefix(got, tc.want) {
			t.Errorf("Serve(%.100s) = %.300s, want it to begin %s", tc.line, got, tc.want)
		}
	}
}

// TestServeLongRequest: a request line over DefaultMaxLine is answered as
// a crash (with its id, which came first) without being held whole, and
// the next request is answered as usual.
func TestServeLongRequest(t *testing.T) {
	long := `{"id":7,"op":"shared_container_name","args":{"name":"` + strings.Repeat("a", DefaultMaxLine) + `"}}`
	for _, tc := range []struct{ in, want string }{
		{long + "\n" + `{"id":8,"op":"shared_container_name","args":{"name":"a"}}` + "\n",
			`{"id":7,"error":{"kind":"crash","message":"request is longer than 16777216 bytes"}}` + "\n" + `{"id":8,"result":"swarmforge-shared-a"}` + "\n"},
		{long, `{"id":7,"error":{"kind":"crash","message":"request is longer than 16777216 bytes"}}` + "\n"},
	} {
		var out bytes.Buffer
		if err := Serve(strings.NewReader(tc.in), &out, ServeOptions{}); err != nil || out.String() != tc.want {
			t.Errorf("Serve(a %d-byte request, ...) = %v, %.300q; want %q", len(long), err, out.String(), tc.want)
		}
	}
	// the longest line read whole
	max := `{"id":9,"op":"shared_container_name","args":{"name":"` + strings.Repeat("a", DefaultMaxLine-60) + `"}}`
	max += strings.Repeat(" ", DefaultMaxLine-len(max))
	var out bytes.Buffer
	if err := Serve(strings.NewReader(max+"\n"), &out, ServeOptions{}); err != nil || !strings.HasPrefix(out.String(), `{"id":9,"result":"swarmforge-shared-`) {
		t.Errorf("Serve(a request of exactly %d bytes) = %v, %.100q; want its answer", len(max), err, out.String())
	}
}
