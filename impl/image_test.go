package impl

import (
	"strings"
	"testing"
)

// IMG-3's length limit is docker's: distribution/reference v0.6.0 first
// normalises the name (a bare name is docker.io/library/NAME, a first
// component without ".", ":" or upper case and not "localhost" is a
// docker.io path), then limits the path, without the domain and with
// "library/", to 255 bytes.
func TestImageNameLength(t *testing.T) {
	a := func(n int) string { return strings.Repeat("a", n) }
	for _, tt := range []struct {
		image string
		ok    bool
	}{
		// a bare name: library/ + the name
		{a(247), true},
		{a(248), false},
		{a(250), false},
		{a(247) + ":tag", true},
		{a(248) + ":tag", false},
		// docker.io and its legacy name: library/ when there is one
		// component, the domain never counted
		{"docker.io/" + a(246), true},
		{"docker.io/" + a(247), true},
		{"docker.io/" + a(248), false},
		{"index.docker.io/" + a(247), true},
		{"docker.io/x/" + a(253), true},
		{"docker.io/x/" + a(254), false},
		// a first component that is not a domain: a docker.io path, whole
		{"x/" + a(253), true},
		{"x/" + a(254), false},
		// a registry: the path after it
		{"localhost:5000/" + a(245), true},
		{"localhost:5000/" + a(255), true},
		{"localhost:5000/" + a(256), false},
		{"localhost/" + a(255), true},
		{"localhost/" + a(256), false},
		{"registry.example/" + a(255), true},
		{"Registry/" + a(255), true},
		{"Registry/" + a(256), false},
		{"A/" + a(255), true}, // upper case makes a domain, from A to Z
		{"Z/" + a(255), true},
		{"[::1]:5000/" + a(255) + ":t@sha256:" + strings.Repeat("0", 64), true},
		{"[::1]:5000/" + a(256), false},
	} {
		if got := isImageReference(tt.image); got != tt.ok {
			t.Errorf("isImageReference(%q) (%d bytes) = %v, want %v", tt.image, len(tt.image), got, tt.ok)
		}
	}
}
