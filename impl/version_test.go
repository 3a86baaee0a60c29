package impl

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSpecVersions checks SpecVersions against the spec itself: every file
// spec/*.md titled "# The tong launch toolkit, vN: ..." is a version this
// package claims, and no other.
func TestSpecVersions(t *testing.T) {
	files, err := filepath.Glob("../spec/*.md")
	if err != nil {
		t.Fatal(err)
	}
	title := regexp.MustCompile(`^# The tong launch toolkit, v([0-9]+)\b`)
	var found []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if m := title.FindSubmatch(b); m != nil {
			found = append(found, string(m[1]))
		}
	}
	if len(found) == 0 {
		t.Fatal(`no spec/*.md begins "# The tong launch toolkit, vN"; is the title of spec/SPEC.md still in that form?`)
	}
	slices.SortFunc(found, func(a, b string) int {
		x, _ := strconv.Atoi(a)
		y, _ := strconv.Atoi(b)
		return x - y
	})
	if diff := cmp.Diff(found, SpecVersions()); diff != "" {
		t.Errorf("SpecVersions() differs from the versions the spec files' titles name (-titles +SpecVersions):\n%s", diff)
	}
}
