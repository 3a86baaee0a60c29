//go:build !linux

package main

// adoptOrphans: only Linux has subreapers.
func adoptOrphans() bool { return false }
