// Package vectors embeds the conformance corpus, spec/vectors/OP.jsonl
// (spec/PROTOCOL.md, "Vectors"), so tongref conform works from any
// directory. `make vectors` rewrites the files from the reference.
package vectors

import "embed"

// Files holds the corpus, one OP.jsonl file per op, and v2/OP.jsonl per op
// spec version 2 adds or changes.
//
//go:embed *.jsonl v2/*.jsonl
var Files embed.FS
