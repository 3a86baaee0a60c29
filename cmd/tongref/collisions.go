package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/load"
)

func init() {
	register(&command{name: "collisions", summary: "find network aliases claimed by more than one tong", run: runCollisions})
}

func runCollisions(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("collisions", "[--json] FILE...", `
Collisions loads the tongs defined in the FILEs, as one launch would see
them, and prints each network alias more than one of them claims
(impl.AliasCollisions): "ALIAS: TONG, TONG". Only mcp and port tongs claim
an alias (interface.name for mcp, the tong name for port), and aliases are
compared without regard to ASCII case. The exit status is 1 when any alias
collides; otherwise it prints "ok: no alias collisions among N tong(s)".`, `
tongref collisions tongs/*.yaml`)
	asJSON := fs.Bool("json", false, "print {ALIAS: [TONG...]} as JSON")
	files, code, done := fs.parse(args, true, stdout, stderr)
	if done {
		return code
	}
	if len(files) == 0 {
		return fs.usageError(stderr, "name at least one definition file")
	}
	docs, ok := loadFiles(files, stderr)
	if !ok {
		return exitInvalid
	}
	tongs, err := load.Tongs(docs)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitInvalid
	}
	groups, err := impl.AliasCollisions(tongs)
	if err != nil {
		fmt.Fprintf(stderr, "tongref collisions: %v\n", err)
		return exitInvalid
	}
	if *asJSON {
		writeJSON(stdout, groups)
	} else if len(groups) == 0 {
		fmt.Fprintf(stdout, "ok: no alias collisions among %d tong(s)\n", len(tongs))
	} else {
		aliases := make([]string, 0, len(groups))
		for a := range groups {
			aliases = append(aliases, a)
		}
		sort.Strings(aliases)
		for _, a := range aliases {
			fmt.Fprintf(stdout, "%s: %s\n", a, strings.Join(groups[a], ", "))
		}
	}
	if len(groups) > 0 {
		return exitInvalid
	}
	return exitOK
}
