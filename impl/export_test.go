package impl

// RowTableOps reports the ops whose rows this package's tables hold (the
// tables rowTable registers), for TestEveryOpHasRows.
func RowTableOps() map[string]bool {
	ops := make(map[string]bool, len(rowTables))
	for op := range rowTables {
		ops[op] = true
	}
	return ops
}
