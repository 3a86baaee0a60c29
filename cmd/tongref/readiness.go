package main

import (
	"fmt"
	"io"
	"strconv"

	"github.com/tongref/tongref/impl"
)

func init() {
	register(&command{name: "readiness", summary: "print how a launcher decides each tong is ready", run: runReadiness})
}

func runReadiness(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("readiness", "[--json] FILE...", `
Readiness resolves each definition's readiness block as a launcher does
(impl.ReadinessSettings) and prints

  TONG: mode=MODE timeout_s=SECONDS [command: COMMAND]

MODE being tcp, healthcheck or none (by default tcp for mcp and port tongs),
SECONDS the probe's deadline (30 by default) and COMMAND the healthcheck
command as a POSIX shell line, last since it holds spaces.`, `
tongref readiness tongs/*.yaml`)
	asJSON := fs.Bool("json", false, "print [{file, tong, mode, command, timeout_s}] as JSON")
	files, code, done := fs.parse(args, true, stdout, stderr)
	if done {
		return code
	}
	if len(files) == 0 {
		return fs.usageError(stderr, "name at least one definition file")
	}
	docs, ok := loadFiles(files, stderr)
	type result struct {
		File     string   `json:"file"`
		Tong     string   `json:"tong"`
		Mode     string   `json:"mode"`
		Command  []string `json:"command"`
		TimeoutS float64  `json:"timeout_s"`
	}
	results := make([]result, 0, len(docs))
	for _, d := range docs {
		r, err := impl.ReadinessSettings(d.Value)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %s: %v\n", d.File, d.Name, err)
			ok = false
			continue
		}
		results = append(results, result{d.File, d.Name, r.Mode, r.Command, r.TimeoutS})
	}
	if *asJSON {
		writeJSON(stdout, results)
	} else {
		for _, r := range results {
			fmt.Fprintf(stdout, "%s: mode=%s timeout_s=%s", r.Tong, r.Mode, strconv.FormatFloat(r.TimeoutS, 'g', -1, 64))
			if r.Command != nil {
				fmt.Fprintf(stdout, " command: %s", shellJoin(r.Command))
			}
			fmt.Fprintln(stdout)
		}
	}
	if !ok {
		return exitInvalid
	}
	return exitOK
}
