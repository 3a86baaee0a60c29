package impl

// SpecVersions returns the versions of the toolkit's specification that
// this package implements, oldest first: "1" for spec/SPEC.md ("The tong
// launch toolkit, v1") and "2" for spec/SPEC-v2.md (the V2 functions and
// the operations version 2 adds). A test checks the list against the
// titles of the spec files, so the two cannot drift apart.
func SpecVersions() []string {
	return []string{"1", "2"}
}
