package impl

// SpecVersions returns the versions of the toolkit's specification,
// spec/SPEC.md, that this package implements, oldest first ("1" for
// "The tong launch toolkit, v1"). A test checks the list against the
// titles of the spec files, so the two cannot drift apart.
func SpecVersions() []string {
	return []string{"1"}
}
