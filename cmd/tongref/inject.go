package main

import (
	"fmt"
	"io"

	"github.com/tongref/tongref/impl"
)

func init() {
	register(&command{name: "inject", summary: "rewrite an anvil's docker run argv to reach its tongs", run: runInject})
}

func runInject(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("inject", "[--network NET] [--pre ARG]... [--post ARG]... [--json] -- ARGV...", `
Inject prints the anvil's docker run (or create) argv ARGV rewritten as
the reference rewrites it (impl.InjectAnvilArgv): --pre arguments go right
after "run", in order, and must be whole docker run options; --network
replaces the value of the first network option before the image, drops the
later ones, or is inserted when there is none; --post arguments are
appended after the last word. The image and the harness's own arguments
after it are never read or rewritten. With no flags ARGV is printed
unchanged.

The flags come first; "--" ends them, so ARGV may begin with "-" and use
any flags of its own. The result is one line a POSIX shell reads back into
the same words; --json prints a JSON array.`, `
tongref inject --network tongs --pre -e --pre MCP_URL=http://github:8080 -- \
    docker run --rm -it --net=host --user 1000 anvil:latest --model fast`)
	network := fs.String("network", "", "the tongs' docker `NETWORK` the anvil joins")
	var pre, post listFlag
	fs.Var(&pre, "pre", "a docker run option word to add before the image (repeatable, in order: --pre -e --pre K=V)")
	fs.Var(&post, "post", "a harness argument to append after the last word (repeatable, in order)")
	asJSON := fs.Bool("json", false, "print the argv as a JSON array of strings")
	argv, code, done := fs.parse(args, false, stdout, stderr)
	if done {
		return code
	}
	if len(argv) == 0 {
		return fs.usageError(stderr, "give the anvil's argv after --, such as -- docker run IMAGE")
	}
	out, err := impl.InjectAnvilArgv(argv, *network, pre, post)
	if err != nil {
		fmt.Fprintf(stderr, "tongref inject: %v\n", err)
		return exitInvalid
	}
	if *asJSON {
		writeJSON(stdout, out)
	} else {
		fmt.Fprintln(stdout, shellJoin(out))
	}
	return exitOK
}
