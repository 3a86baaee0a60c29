package dockercli

import (
	"strings"
	"testing"

	"github.com/distribution/reference"
	"pgregory.net/rapid"

	"github.com/tongref/tongref/impl"
)

// IMG-3 against docker's own reference parser: every generated image is
// accepted by impl.ValidateTong exactly when reference.ParseAnyReference
// (the parser docker run's createContainer calls, cli/command/container/
// create.go in v29.9.3) accepts it. The generator aims at the grammar's
// edges and at the 255-byte path limit after docker's normalisation: bare
// names (library/NAME), docker.io and its legacy name, registries, upper
// case first components, tags and digests.

// drawImageNear draws an image reference near IMG-3's edges.
func drawImageNear(t *rapid.T) string {
	var b strings.Builder
	domain := rapid.SampledFrom([]string{"", "", "docker.io/", "index.docker.io/", "localhost/", "localhost:5000/",
		"Registry/", "registry.example/", "a.b:443/", "[::1]:5000/", "x/", "library/", "LOCALHOST/", "docker.io:5000/"}).Draw(t, "domain")
	b.WriteString(domain)
	// path components; one of them may be long, its length near the
	// limit once the domain is dropped and library/ maybe added
	n := rapid.IntRange(1, 3).Draw(t, "components")
	long := rapid.IntRange(-1, n-1).Draw(t, "long_component")
	for i := range n {
		if i > 0 {
			b.WriteByte('/')
		}
		if i == long {
			size := rapid.IntRange(230, 262).Draw(t, "long_size")
			b.WriteString(strings.Repeat("a", size))
			continue
		}
		b.WriteString(rapid.SampledFrom([]string{"a", "alpine", "a.b", "a_b", "a__b", "a-b", "a--b", "0", "A", "a.", "é", ""}).Draw(t, "component"))
	}
	switch rapid.IntRange(0, 4).Draw(t, "suffix") {
	case 1:
		b.WriteString(":" + rapid.SampledFrom([]string{"latest", "v1.2-rc_3", "_x", "-x", strings.Repeat("t", 128), strings.Repeat("t", 129)}).Draw(t, "tag"))
	case 2:
		b.WriteString("@sha256:" + strings.Repeat("0", rapid.SampledFrom([]int{63, 64}).Draw(t, "digest_len")))
	case 3:
		b.WriteString(":t@sha512:" + strings.Repeat("f", 128))
	}
	return b.String()
}

func imageAccepted(image string) bool {
	def := map[string]any{"lifecycle": "session", "image": image, "interface": map[string]any{"kind": "none"}, "readiness": map[string]any{"mode": "none"}}
	for _, e := range impl.ValidateTong("t", def) {
		if e.Field == "image" {
			return false
		}
	}
	return true
}

func propImageAgreesWithDocker(t *rapid.T) {
	image := drawImageNear(t)
	_, derr := reference.ParseAnyReference(image)
	if got := imageAccepted(image); got != (derr == nil) {
		t.Fatalf("image %q (%d bytes): impl accepts %v, reference.ParseAnyReference accepts %v (%v)", image, len(image), got, derr == nil, derr)
	}
}

func TestImageAgreesWithDocker(t *testing.T) { rapid.Check(t, propImageAgreesWithDocker) }

// The rows of the length limit, each checked against docker's parser and
// docker run itself, so that a row cannot hold a wrong expectation.
func TestImageLengthRows(t *testing.T) {
	a := func(n int) string { return strings.Repeat("a", n) }
	for _, image := range []string{
		a(247), a(248), a(250), "docker.io/" + a(246), "docker.io/" + a(247), "docker.io/" + a(248),
		"index.docker.io/" + a(247), "x/" + a(253), "x/" + a(254), "localhost:5000/" + a(245),
		"localhost:5000/" + a(255), "localhost:5000/" + a(256), "Registry/" + a(255), "Registry/" + a(256),
	} {
		_, perr := reference.ParseAnyReference(image)
		_, derr := Create([]string{"docker", "run", "-d", image})
		if (perr == nil) != (derr == nil) {
			t.Errorf("image %q: ParseAnyReference says %v, docker run says %v", image, perr, derr)
		}
		if got := imageAccepted(image); got != (perr == nil) {
			t.Errorf("image %q (%d bytes): impl accepts %v, docker accepts %v (%v)", image, len(image), got, perr == nil, perr)
		}
	}
}
