// Package conform is tongref's conformance suite: the adapter protocol of
// spec/PROTOCOL.md, the reference behind it, and the runner that checks a
// launcher's adapter against the reference.
//
// Everything the suite knows of an operation is its entry in the op table
// (ops.go documents the fields; ops_v1.go holds spec version 1's entries,
// ops_v2.go those version 2 changes or adds): its arguments, the reference
// call, its domain, how results compare, its generator (built on package
// props/gen) and its shrink hook. The other parts read the table:
//
//	protocol.go, json.go, jsonenc.go   request and answer lines, the protocol's JSON
//	value.go, clip.go                  comparing values; cutting what a report shows
//	dispatch.go, serve.go              the reference's answers (Serve is tongref adapter)
//	session.go, client.go, exchange.go the adapter process, its hello, pipelined exchange
//	stop.go                            stopping an adapter and every process it left
//	runner.go, schedule.go, gen.go     Run: expect entries, the corpus, then generated cases
//	shrink.go, verdict.go, report.go   shrinking divergences, tallies, the text and JSON report
//	corpus.go, corpus_v2.go, golden.go the vector corpus (spec/vectors, spec/vectors/v2)
//	vectors.go                         reading and writing corpus files
//	version.go                         what a run checks against (tongref version)
//
// The package is internal: tongref conform, tongref adapter and tongref
// vectors are its public face.
package conform
