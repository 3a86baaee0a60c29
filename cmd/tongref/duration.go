package main

import (
	"fmt"
	"io"
	"strconv"

	"github.com/tongref/tongref/impl"
)

func init() {
	register(&command{name: "duration", summary: "resolve readiness durations to seconds", run: runDuration})
}

func runDuration(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("duration", "[--json] [--] VALUE...", `
Duration resolves each VALUE as the string form of a readiness duration
(impl.ParseDurationString: digits, an optional fraction, an optional unit
ms, s, m or h; a bare number is seconds) and prints "VALUE: SECONDS", the
seconds written as the shortest decimal that reads back as the same
float64. Invalid values are reported on stderr, and the exit status is 1.
Put "--" before a value that begins with "-".`, `
tongref duration 30s 500ms 1.5m 2h 45
tongref duration --json -- -5s`)
	asJSON := fs.Bool("json", false, "print [{value, seconds}] or [{value, error, rule}] as JSON")
	values, code, done := fs.parse(args, true, stdout, stderr)
	if done {
		return code
	}
	if len(values) == 0 {
		return fs.usageError(stderr, "give at least one duration, such as 30s")
	}
	type result struct {
		Value   string   `json:"value"`
		Seconds *float64 `json:"seconds,omitempty"`
		Error   string   `json:"error,omitempty"`
		Rule    string   `json:"rule,omitempty"`
	}
	results := make([]result, 0, len(values))
	status := exitOK
	for _, v := range values {
		r := result{Value: v}
		secs, err := impl.ParseDurationString(v)
		if err != nil {
			status = exitInvalid
			r.Error = err.Error()
			if e, ok := err.(*impl.Error); ok {
				r.Rule = e.Rule
			}
			if !*asJSON {
				fmt.Fprintf(stderr, "tongref duration: %v\n", err)
			}
		} else {
			r.Seconds = &secs
			if !*asJSON {
				fmt.Fprintf(stdout, "%s: %s\n", v, strconv.FormatFloat(secs, 'g', -1, 64))
			}
		}
		results = append(results, r)
	}
	if *asJSON {
		writeJSON(stdout, results)
	}
	return status
}
