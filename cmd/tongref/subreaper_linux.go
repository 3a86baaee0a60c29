package main

import "syscall"

// adoptOrphans makes the process the subreaper of its descendants
// (prctl PR_SET_CHILD_SUBREAPER): an orphaned descendant becomes its
// child instead of init's. It reports whether that worked.
func adoptOrphans() bool {
	const prSetChildSubreaper = 36
	_, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0)
	return errno == 0
}
