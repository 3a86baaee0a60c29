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
