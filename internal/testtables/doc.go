// Package testtables holds the rows of impl's unit tables that another test
// suite reads too: impl's tests run them, and the fuzz targets in fuzz/ add
// them to their seed corpora with f.Add, so a row added here is a unit case
// and a fuzz seed at once. Each row names the rule of spec/SPEC.md it
// tests.
//
// Only tests import this package; it imports nothing of tongref, so impl's
// own (internal) tests can import it.
package testtables
