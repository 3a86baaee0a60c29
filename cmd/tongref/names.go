package main

import (
	"fmt"
	"io"

	"github.com/tongref/tongref/impl"
)

func init() {
	register(&command{name: "names", summary: "print the container names of tongs", run: runNames})
}

func runNames(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("names", "(--session ID | --shared) [--json] [--] NAME...", `
Names prints, one per line, the container name of each tong NAME: with
--session ID its per-session name (impl.SessionContainerName:
ID-tong-TOKEN), with --shared its shared name (impl.SharedContainerName:
swarmforge-shared-TOKEN). TOKEN is the name itself when it is clean, and
"_" and an escaped form otherwise, so two names never share a container.`, `
tongref names --session s1 github postgres "my tong"
tongref names --shared --json broker`)
	session := fs.String("session", "", "the session `ID`")
	shared := fs.Bool("shared", false, "print shared container names")
	asJSON := fs.Bool("json", false, "print [{name, container}] as JSON")
	names, code, done := fs.parse(args, true, stdout, stderr)
	if done {
		return code
	}
	switch {
	case *shared && *session != "":
		return fs.usageError(stderr, "give --session or --shared, not both")
	case !*shared && *session == "":
		return fs.usageError(stderr, "give --session ID for session tongs, or --shared")
	case len(names) == 0:
		return fs.usageError(stderr, "give at least one tong name")
	}
	type result struct {
		Name      string `json:"name"`
		Container string `json:"container"`
	}
	results := make([]result, 0, len(names))
	for _, n := range names {
		c := impl.SharedContainerName(n)
		if !*shared {
			var err error
			if c, err = impl.SessionContainerName(*session, n); err != nil {
				fmt.Fprintf(stderr, "tongref names: %v (set by --session)\n", err)
				return exitInvalid
			}
		}
		results = append(results, result{n, c})
	}
	if *asJSON {
		writeJSON(stdout, results)
		return exitOK
	}
	for _, r := range results {
		fmt.Fprintln(stdout, r.Container)
	}
	return exitOK
}
