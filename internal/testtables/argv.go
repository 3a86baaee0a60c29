package testtables

import "strings"

// Words splits a command line on spaces; "␣" stands for a space inside a token
// and "∅" for the empty token.
func Words(s string) []string {
	if s == "" {
		return nil
	}
	f := strings.Split(s, " ")
	for i := range f {
		f[i] = strings.ReplaceAll(f[i], "␣", " ")
		if f[i] == "∅" {
			f[i] = ""
		}
	}
	return f
}

// Option is a row of AnvilOptionValue's table (ARGV-1 to ARGV-8, OPT-1 to
// OPT-4): the argv, written for Words, and the flag asked for.
type Option struct {
	Rule  string
	Argv  string
	Flag  string
	Want  string // the value; "<nil>" when not found
	Error bool
}

// Options is AnvilOptionValue's table; FuzzAnvilOptionValue is seeded
// with its argvs and flags.
var Options = []Option{
	// ARGV-1: the program.
	{"ARGV-1", "docker run img", "--name", "<nil>", false},
	{"ARGV-1", "/usr/bin/docker run --name a img", "--name", "a", false},
	{"ARGV-1", "/docker run --name a img", "--name", "a", false},
	{"ARGV-1", "podman run --name a img", "--name", "", true},
	{"ARGV-1", "", "--name", "", true},
	{"ARGV-1", "dockerd run img", "--name", "", true},
	// ARGV-2: the subcommand.
	{"ARGV-2", "docker container run --name a img", "--name", "a", false},
	{"ARGV-2", "docker create --name a img", "--name", "a", false},
	{"ARGV-2", "docker container create --name a img", "--name", "a", false},
	{"ARGV-2", "docker exec --name a img", "--name", "", true},
	{"ARGV-2", "docker container ls", "--name", "", true},
	{"ARGV-2", "docker container", "--name", "", true},
	{"ARGV-2", "docker", "--name", "", true},
	{"ARGV-2", "docker container --debug run img", "--name", "", true},
	{"ARGV-2", "docker container --help run --name a img", "--name", "a", false},
	{"ARGV-2", "docker container -h -test.v run --name a img", "--name", "a", false},
	{"ARGV-2", "docker container -- run img", "--name", "", true},
	{"ARGV-2", "docker -Dl debug container -h run --name a img", "--name", "a", false}, // no "--": the cluster's value is read before container
	// ARGV-3: global options.
	{"ARGV-3", "docker --context prod -D --log-level=debug -H tcp://h:2376 --tls run --name a img", "--name", "a", false},
	{"ARGV-3", "docker -Dl debug run --name a img", "--name", "a", false},
	{"ARGV-3", "docker -D -l debug run --name a img", "--name", "a", false},
	{"ARGV-3", "docker -Dldebug run --name a img", "--name", "a", false},
	{"ARGV-3", "docker -- run --name a img", "--name", "a", false},
	{"ARGV-3", "docker --context", "--name", "", true},
	{"ARGV-3", "docker -- --context c run --name a img", "--name", "a", false},
	{"ARGV-3", "docker -D -- -l debug run --name a img", "--name", "a", false},
	{"ARGV-3", "docker -- -- run img", "--name", "", true},
	{"ARGV-3", "docker -- --bogus run img", "--name", "", true},
	{"ARGV-3", "docker --context run run --name a img", "--name", "a", false}, // "run" is the context's name
	{"ARGV-3", "docker --name x run img", "--name", "", true},                 // not a global option
	// ARGV-3: after a "--" among the global options, docker's command
	// lookup pairs options with values: "--NAME" and a two-letter "-X"
	// start an option even where one waits for a value.
	{"ARGV-3", "docker -- --config -x run --name a alpine", "--name", "", true},          // -x takes run
	{"ARGV-3", "docker -- -l -x run --name a alpine", "--name", "", true},                // a short option, likewise
	{"ARGV-3", "docker -- -Dl -x run --name a alpine", "--name", "", true},               // -Dl takes none; -x takes run
	{"ARGV-3", "docker -D -- --config -x run --name a alpine", "--name", "", true},       // options before the -- change nothing
	{"ARGV-3", "docker -- --log-level -x run --name a alpine", "--name", "", true},       // another value option
	{"ARGV-3", "docker -- --config -- run --name a alpine", "--name", "", true},          // -- is an option that takes run
	{"ARGV-3", "docker -- --config -x run", "--name", "", true},                          // no token left for the subcommand
	{"ARGV-3", "docker -- --config -x container run --name a img", "--name", "a", false}, // -x takes container: the top-level run
	{"ARGV-3", "docker -- --config /tmp/docker --config -x container run --name a alpine", "--name", "a", false},
	{"ARGV-3", "docker -- --config=-x run --name a alpine", "--name", "a", false},       // one token: an option without value
	{"ARGV-3", "docker -- --config - run --name a alpine", "--name", "a", false},        // "-" alone is a value
	{"ARGV-3", "docker --config -x -- run --name a alpine", "--name", "a", false},       // before the --, pflag's reading
	{"ARGV-3", "docker -- --config -D run --name a img", "--name", "a", false},          // -D takes no value, so it can be one
	{"ARGV-3", "docker -- --context -h run --name a img", "--name", "a", false},         // so can -h (help)
	{"ARGV-3", "docker -- --config --debug run --name a img", "--name", "a", false},     // --debug starts an option that takes none
	{"ARGV-3", "docker -- --config --debug x run --name a img", "--name", "", true},     // so x is the subcommand
	{"ARGV-3", "docker -- --config --context x run --name a img", "--name", "a", false}, // --context takes x; --config takes --context
	{"ARGV-3", "docker -- --config -x foo run --name a img", "--name", "a", false},      // foo, -x's value, is skipped by the parse
	{"ARGV-3", "docker -- --config x y run --name a img", "--name", "", true},           // y is the subcommand
	{"ARGV-3", "docker -- -Dl debug run --name a img", "--name", "", true},              // -Dl takes none: debug is the subcommand
	{"ARGV-3", "docker -- -Dl run --name a img", "--name", "", true},                    // then -l has no value
	{"ARGV-3", "docker -- -Dldebug run --name a img", "--name", "a", false},
	{"ARGV-3", "docker -- -l debug run --name a img", "--name", "a", false},
	{"ARGV-3", "docker -- --config= run --name a img", "--name", "a", false},
	{"ARGV-3", "docker -- -D container run --name a img", "--name", "a", false},
	{"ARGV-3", "docker -- -- x run --name a img", "--name", "a", false},            // -- takes x, and ends the parse
	{"ARGV-3", "docker -- -D -- --bogus x run --name a img", "--name", "a", false}, // the parse ends at the second --
	{"ARGV-3", "docker -- --config -- x run --name a img", "--name", "a", false},   // -- is --config's value
	{"ARGV-3", "docker -- -- -- run img", "--name", "", true},
	{"ARGV-3", "docker -- -x x run img", "--name", "", true}, // -x is unknown
	{"ARGV-3", "docker -- -x= run img", "--name", "", true},  // one token, but unknown
	{"ARGV-3", "docker -- --bogus=1 run img", "--name", "", true},
	// ARGV-3: a container the lookup reaches after the "--" knows -h and
	// --help only when cobra's Find reached it first (the first token no
	// option takes is that container); otherwise they take the next token.
	{"ARGV-3", "docker -- --config x container -h run --name a img", "--name", "a", false},
	{"ARGV-3", "docker -- --help container --help run --name a img", "--name", "a", false},
	{"ARGV-3", "docker -- -D container -h run --name a img", "--name", "a", false},
	{"ARGV-3", "docker -- --config --config x container -h run --name a img", "--name", "", true}, // -h takes run
	{"ARGV-3", "docker -- --config --config x container -h run run --name a img", "--name", "a", false},
	{"ARGV-3", "docker -- --config --config x container --help x create --name a img", "--name", "a", false},
	{"ARGV-3", "docker -- -l --config x container -h run run --name a img", "--name", "a", false},
	{"ARGV-3", "docker -- -D x container -h run --name a img", "--name", "", true},
	{"ARGV-3", "docker -- --config --config x container -h x --bogus y run img", "--name", "", true},          // container knows no --bogus
	{"ARGV-3", "docker -- --config --config x container -h run", "--name", "", true},                          // -h takes run, and nothing follows
	{"ARGV-3", "docker -- --config --config x container -h --bogus run img", "--name", "", true},              // --bogus takes run
	{"ARGV-3", "docker -- --config --config x container --help=false run --name a img", "--name", "a", false}, // with "=" it takes no next token
	{"ARGV-3", "docker -- --config -- x container -h run --name a img", "--name", "", true},                   // Find ends at --
	// ARGV-4: the option grammar.
	{"ARGV-4", "docker run --user 1000 --network n0 img", "--network", "n0", false},
	{"ARGV-4", "docker run --env --network img", "--env", "--network", false},
	{"ARGV-4", "docker run --env --network img", "--network", "<nil>", false},
	{"ARGV-4", "docker run -e=A=1 img", "-e", "A=1", false},
	{"ARGV-4", "docker run -e= img", "-e", "=", false}, // pflag takes "=REST" only when REST is not empty
	{"ARGV-4", "docker run -eA=1 img", "--env", "A=1", false},
	{"ARGV-4", "docker run -itp80:80 img", "-p", "80:80", false},
	{"ARGV-4", "docker run -dp 80:80 img", "--publish", "80:80", false},
	{"ARGV-4", "docker run -it img", "-t", "true", false},
	{"ARGV-4", "docker run --rm=false img", "--rm", "false", false},
	{"ARGV-4", "docker run -d=false img", "-d", "false", false},
	{"ARGV-4", "docker run --name= img", "--name", "", false},
	{"ARGV-4", "docker run -test.v --name a img", "--name", "a", false},
	{"ARGV-4", "docker run -itest.v --name a img", "-i", "true", false},
	{"ARGV-4", "docker run --bogus img", "--name", "", true},
	{"ARGV-4", "docker run -Z img", "--name", "", true},
	{"ARGV-4", "docker run -iZ img", "--name", "", true},
	{"ARGV-4", "docker run ---x img", "--name", "", true},
	{"ARGV-4", "docker run --=x img", "--name", "", true},
	{"ARGV-4", "docker run --name", "--name", "", true},
	{"ARGV-4", "docker run -ite", "--name", "", true},
	{"ARGV-4", "docker run -é img", "--name", "", true},
	{"ARGV-4", "docker run -\x80 img", "--name", "", true}, // the first byte past ASCII
	{"ARGV-4", "docker run -\x7f img", "--name", "", true}, // the last ASCII byte
	// ARGV-5: an image is required.
	{"ARGV-5", "docker run -it img", "-i", "true", false},
	{"ARGV-5", "docker run -it", "-i", "", true},
	{"ARGV-5", "docker run --rm --", "--rm", "", true},
	// ARGV-6: the image is the first operand; nothing after it is read.
	{"ARGV-6", "docker run -- --name", "--name", "<nil>", false},
	{"ARGV-6", "docker run - --name a", "--name", "<nil>", false},
	{"ARGV-6", "docker run ∅ --name a", "--name", "<nil>", false},
	{"ARGV-6", "docker run --name a img --name b", "--name", "a", false},
	{"ARGV-6", "docker run img --network host", "--network", "<nil>", false},
	// ARGV-7: create has no --detach.
	{"ARGV-7", "docker run -d img", "--detach", "true", false},
	{"ARGV-7", "docker create -d img", "--detach", "", true},
	{"ARGV-7", "docker create --sig-proxy img", "--name", "", true},
	// ARGV-8: hidden aliases write one setting.
	{"ARGV-8", "docker run --net a --network b img", "--net", "b", false},
	{"ARGV-8", "docker run --network a --net=b img", "--network", "b", false},
	{"ARGV-8", "docker run --net-alias a img", "--network-alias", "a", false},
	{"ARGV-8", "docker run --dns-opt a img", "--dns-option", "a", false},
	{"ARGV-8", "docker run --kernel-memory 1g --disable-content-trust img", "--kernel-memory", "1g", false},
	{"ARGV-8", "docker run --gpus all --use-api-socket img", "--gpus", "all", false},
	// OPT-1: the flag's spelling.
	{"OPT-1", "docker run -u 1 img", "-u", "1", false},
	{"OPT-1", "docker run -u 1 img", "--user", "1", false},
	{"OPT-1", "docker run -u 1 img", "user", "", true},
	{"OPT-1", "docker run -u 1 img", "--usr", "", true},
	{"OPT-1", "docker run -u 1 img", "-", "", true},
	{"OPT-1", "docker run -u 1 img", "--context", "", true},
	// OPT-2: only the options between subcommand and image.
	{"OPT-2", "docker --context c run img", "--context", "", true},
	{"OPT-2", "docker run img -u 1", "-u", "<nil>", false},
	// OPT-3: the last occurrence wins.
	{"OPT-3", "docker run --network a --network=b img", "--network", "b", false},
	{"OPT-3", "docker run -e A -eB -ie C img", "-e", "C", false},
	{"OPT-3", "docker run --rm --rm=false img", "--rm", "false", false},
	// OPT-4: not given.
	{"OPT-4", "docker run -it img", "--network", "<nil>", false},
	{"OPT-4", "docker run -it img", "-t", "true", false},
}

// Inject is a row of InjectAnvilArgv's table (INJ-1 to INJ-7): the argv,
// pre- and post-image arguments and the result, written for Words.
type Inject struct {
	Rule      string
	Argv      string
	Network   string
	Pre, Post string
	Want      string // "" when the row is an error
}

// Injects is InjectAnvilArgv's table; FuzzInject is seeded with its rows.
var Injects = []Inject{
	// INJ-1: nothing to inject is the identity, whatever the argv.
	{"INJ-1", "docker run img", "", "", "", "docker run img"},
	{"INJ-1", "ls -l", "", "", "", "ls -l"},
	{"INJ-1", "docker run --bogus", "", "", "", "docker run --bogus"},
	{"INJ-1", "docker run img", "", "", "--x", "docker run img --x"},
	// INJ-2: otherwise the argv must be an anvil argv.
	{"INJ-2", "docker run -it img", "n", "", "", "docker run --network n -it img"},
	{"INJ-2", "ls -l", "n", "", "", ""},
	{"INJ-2", "docker run --bogus img", "", "", "--x", ""},
	{"INJ-2", "", "", "-e A=1", "", ""},
	// INJ-3: pre-image arguments.
	{"INJ-3", "docker run img", "", "-e A=1 -v /a:/b --init", "", "docker run -e A=1 -v /a:/b --init img"},
	{"INJ-3", "docker container run -it img", "n", "-eA=1", "", "docker container run -eA=1 --network n -it img"},
	{"INJ-3", "docker run img", "", "-e", "", ""},
	{"INJ-3", "docker run img", "", "-e A=1 stray", "", ""},
	{"INJ-3", "docker run img", "", "--", "", ""},
	{"INJ-3", "docker run img", "", "--network x", "", ""},
	{"INJ-3", "docker run img", "", "--net=x", "", ""},
	{"INJ-3", "docker run img", "", "∅", "", ""},
	{"INJ-3", "docker run img", "", "--bogus", "", ""},
	// INJ-4: the network option is replaced, keeping its spelling.
	{"INJ-4", "docker run --network old img", "new", "", "", "docker run --network new img"},
	{"INJ-4", "docker run --net=old -it img", "new", "", "", "docker run --net=new -it img"},
	{"INJ-4", "docker run --user 1000 --network n0 img", "new", "", "", "docker run --user 1000 --network new img"},
	{"INJ-4", "docker run --net a -it --network=b --net c img --network d", "new", "", "", "docker run --net new -it img --network d"},
	{"INJ-4", "docker run --env --network img", "new", "", "", "docker run --network new --env --network img"},
	{"INJ-4", "docker run --net a --network b --net=c --network=d -it img", "new", "", "", "docker run --net new -it img"},
	{"INJ-4", "docker run --net a --network b --net=c --network=d --net e -it img", "new", "", "", "docker run --net new -it img"},
	{"INJ-4", "docker run -i --network=a --net b --network c --net=d --network e --net f img", "new", "", "", "docker run -i --network=new img"},
	{"INJ-4", "docker run --network old img", "", "-e A=1", "--x", "docker run -e A=1 --network old img --x"},
	{"INJ-4", "docker run --net a --network b --net=c --network=d --net e img", "new", "-i -i -i -i -i -i -i -i -i -i -i -i -i", "", "docker run -i -i -i -i -i -i -i -i -i -i -i -i -i --net new img"}, // more pre-image args than argv tokens
	{"INJ-4", "docker run --net a --network b --net=c --network=d --net e img", "new", "", "p p p p p p p p p p p p p p p p", "docker run --net new img p p p p p p p p p p p p p p p p"},               // more post-image args than argv tokens
	{"INJ-4", "docker run img", "-n", "", "", ""},
	{"INJ-4", "docker run img", "a b", "", "", ""},
	{"INJ-4", "docker run img", "name=host", "", "", ""},
	{"INJ-4", "docker run img", "a,b", "", "", ""},
	{"INJ-4", "docker run img", "a\x80", "", "", ""},   // not UTF-8
	{"INJ-4", "docker run img", "a\u0080", "", "", ""}, // the C1 controls, U+0080 to U+009F
	{"INJ-4", "docker run img", "a\u009f", "", "", ""},
	{"INJ-4", "docker run img", "a\u00a1", "", "", "docker run --network a\u00a1 img"},
	// INJ-5: inserted after the pre-image arguments.
	{"INJ-5", "docker --context c run -it img", "n", "-e A=1", "", "docker --context c run -e A=1 --network n -it img"},
	{"INJ-5", "docker create img", "n", "", "", "docker create --network n img"},
	// INJ-6: post-image arguments are appended, whatever they look like.
	{"INJ-6", "docker run img harness --flag", "n", "", "--network x -- --mcp", "docker run --network n img harness --flag --network x -- --mcp"},
	{"INJ-6", "docker run img", "", "", "∅", "docker run img ∅"},
	// INJ-7: the image and later tokens are kept byte for byte.
	{"INJ-7", "docker run -- --network img", "n", "-i", "", "docker run -i --network n -- --network img"},
	{"INJ-7", "docker run -it", "n", "", "", ""},
}
