package impl

import (
	"strconv"
	"strings"
)

// The argv scanner: how the docker CLI reads "docker [GLOBAL...] [container]
// run|create [OPTION...] IMAGE [ARG...]" (rules ARGV-1 to ARGV-8).
//
// Options follow pflag, the flag package the docker CLI uses, with
// interspersed arguments turned off:
//
//	"--"             ends the options; the next token is the image
//	"-" or "" or a token not starting with "-"
//	                 is the first operand: the image (or the subcommand)
//	"--NAME=VALUE"   a long flag with its value
//	"--NAME"         a long flag; one that takes a value consumes the next
//	                 token, whatever it looks like ("--env --network")
//	"-ABC"           a cluster of shorthands: each one that takes no value
//	                 is set; the first that takes a value takes the rest of
//	                 the token ("-eFOO=1", "-itp80:80"), or "=REST" after
//	                 it ("-e=FOO=1"), or else the next token ("-dp 80:80")
//	"-test.…"        ignored, with the rest of its cluster (a pflag quirk)
//
// An unknown flag, a flag missing its value and a malformed token
// ("---x", "--=x") are errors, as they are to docker.

// flagTable indexes one command's flags by long name and by shorthand.
// The long names are found through buckets chosen by a hash of four bytes
// of the name (byLong), a few names to a bucket: faster than a Go map for
// the walk of every option, which looks each one up.
type flagTable struct {
	long   map[string]*Flag
	short  [128]*Flag
	byLong [256][]*Flag
}

func newFlagTable(flags []Flag) *flagTable {
	t := &flagTable{long: make(map[string]*Flag, len(flags))}
	for i := range flags {
		f := &flags[i]
		t.long[f.Name] = f
		h := flagHash(f.Name)
		t.byLong[h] = append(t.byLong[h], f)
		if f.Short != 0 {
			t.short[f.Short] = f
		}
	}
	return t
}

// flagHash picks a long name's bucket from its length and its first,
// middle and last bytes.
func flagHash(name string) uint8 {
	n := len(name)
	if n == 0 {
		return 0
	}
	return uint8(n*31 + int(name[0])*7 + int(name[n/2])*5 + int(name[n-1])*3)
}

// longFlag returns the flag named name (without "--"), or nil.
func (t *flagTable) longFlag(name string) *Flag {
	for _, f := range t.byLong[flagHash(name)] {
		if f.Name == name {
			return f
		}
	}
	return nil
}

func (t *flagTable) shorthand(c byte) *Flag {
	if c >= 128 {
		return nil
	}
	return t.short[c]
}

// form says how one flag occurrence is spelled.
type form uint8

const (
	formLongSep   form = iota // --name VALUE
	formLongEq                // --name=VALUE
	formLongBare              // --name (takes no value)
	formShortSep              // -n VALUE (n the last of its cluster)
	formShortRest             // -nVALUE or -n=VALUE
	formShortBare             // -n (takes no value)
)

// occurrence is one flag as it appears in an argv.
type occurrence struct {
	flag  *Flag
	tok   int    // index of the token that names the flag
	end   int    // index after the last token the occurrence uses
	value string // the value; for a flag that takes none, "true" or the text after "="
	form  form
}

// walkOptions reads options from argv[i:] with table t. It calls fn (when
// not nil) for each flag occurrence, in order, and returns the index of
// the first operand and whether a "--" ended the options (then operand is
// the index after it). field names argv in errors.
func walkOptions(argv []string, i int, t *flagTable, field string, fn func(occurrence)) (operand int, dashdash bool, err *Error) {
	var o occurrence
	for i < len(argv) {
		s := argv[i]
		// consume an operand: it ends the options
		if len(s) < 2 || s[0] != '-' {
			return i, false, nil
		}
		// consume "--"
		if s == "--" {
			return i + 1, true, nil
		}
		// consume a long flag
		if s[1] == '-' {
			name := s[2:]
			if name[0] == '-' || name[0] == '=' {
				return i, false, argvError(field, i, s, "ARGV-4", "is not a flag docker can read; write --NAME or --NAME=VALUE")
			}
			value, hasEq := "", false
			if k := strings.IndexByte(name, '='); k >= 0 {
				name, value, hasEq = name[:k], name[k+1:], true
			}
			f := t.longFlag(name)
			if f == nil {
				return i, false, argvError(field, i, s, "ARGV-4", "is not a flag of this docker command ("+strconv.Quote("--"+name)+" is unknown); check its spelling in docker run --help, or docker --help for the options before the subcommand")
			}
			o = occurrence{flag: f, tok: i, end: i + 1}
			switch {
			case hasEq:
				o.value, o.form = value, formLongEq
			case !f.Value:
				o.value, o.form = "true", formLongBare
			case i+1 < len(argv):
				o.value, o.form, o.end = argv[i+1], formLongSep, i+2
			default:
				return i, false, argvError(field, i, s, "ARGV-4", "needs a value after it, and the argv ends here")
			}
			if fn != nil {
				fn(o)
			}
			i = o.end
			continue
		}
		// consume a cluster of shorthands
		rest := s[1:]
		end := i + 1
		for len(rest) > 0 {
			if strings.HasPrefix(rest, "test.") {
				break // pflag ignores "-test.…" and the rest of its cluster
			}
			c := rest[0]
			f := t.shorthand(c)
			if f == nil {
				return i, false, argvError(field, i, s, "ARGV-4", "holds "+strconv.Quote("-"+rest[:1])+", which is not a shorthand of this docker command; check docker run --help, or docker --help for the options before the subcommand")
			}
			o = occurrence{flag: f, tok: i, end: end} // end is i+1 until a separate value ends the cluster
			switch {
			case len(rest) > 2 && rest[1] == '=':
				o.value, o.form, rest = rest[2:], formShortRest, ""
			case !f.Value:
				o.value, o.form, rest = "true", formShortBare, rest[1:]
			case len(rest) > 1:
				o.value, o.form, rest = rest[1:], formShortRest, ""
			case i+1 < len(argv):
				o.value, o.form, rest = argv[i+1], formShortSep, ""
				end = i + 2
				o.end = end
			default:
				return i, false, argvError(field, i, s, "ARGV-4", "ends with a shorthand that needs a value, and the argv ends here")
			}
			if fn != nil {
				fn(o)
			}
		}
		i = end
	}
	return i, false, nil
}

func argvError(field string, i int, tok, rule, msg string) *Error {
	return errorv(index(field, i), rule, tok, msg)
}

// anvil is the shape of a docker run/create argv.
type anvil struct {
	sub   int // index of the "run" or "create" token
	image int // index of the image token
}

// isDockerProgram reports whether argv[0] names the docker CLI (ARGV-1):
// "docker" or a path whose last element is "docker".
func isDockerProgram(s string) bool {
	if k := strings.LastIndexByte(s, '/'); k >= 0 {
		s = s[k+1:]
	}
	return s == "docker"
}

// scanAnvil finds the subcommand and the image of a docker run or create
// argv (ARGV-1 to ARGV-7), as the docker CLI finds them (checked against
// docker v29.9.3's own command tree by props/dockercli).
func scanAnvil(argv []string) (anvil, *Error) { return scanAnvilOptions(argv, nil) }

// scanAnvilOptions is scanAnvil that also calls fn (when not nil) for each
// option between the subcommand and the image, in order, so a caller that
// reads those options needs no second walk. fn may be called before the
// scan fails; a caller then discards what it gathered.
func scanAnvilOptions(argv []string, fn func(occurrence)) (anvil, *Error) {
	const field = "argv"
	// consume the program
	if len(argv) == 0 {
		return anvil{}, errorf(field, "ARGV-1", "", "is empty; write a docker run command such as [\"docker\", \"run\", \"IMAGE\"]")
	}
	if !isDockerProgram(argv[0]) {
		return anvil{}, argvError(field, 0, argv[0], "ARGV-1", "is not the docker program; the argv must start with \"docker\" (or a path ending in /docker)")
	}
	// consume global options, as docker reads them before the subcommand;
	// after a "--" among them docker finds the subcommand by its command
	// lookup instead (ARGV-3)
	sub, dashdash, err := walkOptions(argv, 1, globalTable, field, nil)
	if err != nil {
		return anvil{}, err
	}
	lookupFrom := -1 // after a "--" among the global options: the token after it
	if dashdash {
		lookupFrom = sub
		if sub, err = lookupCommand(argv, sub); err != nil {
			return anvil{}, err
		}
	}
	// consume "container" and its own options: docker reads --help/-h
	// there (and pflag ignores "-test.…"), then needs run or create; it
	// refuses a "--" there (ARGV-2). After a "--" among the global
	// options, its lookup may not know --help/-h there (ARGV-3).
	if sub < len(argv) && argv[sub] == "container" && lookupFrom >= 0 && !findReachesContainer(argv, lookupFrom) {
		if sub, err = lookupContainerSub(argv, sub+1, lookupFrom); err != nil {
			return anvil{}, err
		}
	} else if sub < len(argv) && argv[sub] == "container" {
		next, dashdash, err := walkOptions(argv, sub+1, containerTable, field, nil)
		if err != nil {
			return anvil{}, err
		}
		if dashdash {
			return anvil{}, argvError(field, next-1, "--", "ARGV-2", "comes between container and its subcommand, where docker refuses it; remove it")
		}
		sub = next
	}
	if sub >= len(argv) || (argv[sub] != "run" && argv[sub] != "create") {
		if sub >= len(argv) {
			return anvil{}, errorf(field, "ARGV-2", "", "has no run or create subcommand; the anvil argv must be \"docker [GLOBAL OPTIONS] [container] run|create [OPTIONS] IMAGE [ARG...]\"")
		}
		return anvil{}, argvError(field, sub, argv[sub], "ARGV-2", "is not the run or create subcommand; the anvil argv must be \"docker [GLOBAL OPTIONS] [container] run|create [OPTIONS] IMAGE [ARG...]\"")
	}
	// consume the run options up to the image
	image, _, err := walkOptions(argv, sub+1, tableFor(argv[sub]), field, fn)
	if err != nil {
		return anvil{}, err
	}
	if image >= len(argv) {
		return anvil{}, errorf(field, "ARGV-5", "", "has no image after its options; docker run needs one")
	}
	return anvil{sub: sub, image: image}, nil
}

// lookupCommand finds the subcommand in argv[from:], the tokens after a
// "--" that docker skipped among its global options, as docker's command
// lookup finds it (ARGV-3), and returns its index, or an error when docker
// would refuse the argv or run another command. It reads the tokens before
// the subcommand as global options (ARGV-4), skipping operands and ending
// at a "--", as docker parses them once it has found the subcommand.
func lookupCommand(argv []string, from int) (int, *Error) {
	const field = "argv"
	sub, _ := cobraLookup(argv, from, -1)
	if sub < len(argv) && isCommandWord(argv[sub]) {
		// consume the tokens before the subcommand as global options
		for i := from; i < sub; {
			next, dashdash, err := walkOptions(argv[:sub], i, globalTable, field, nil)
			if err != nil {
				if next < sub-1 {
					return 0, err
				}
				if _, _, e := walkOptions(argv[:sub+1], next, globalTable, field, nil); e == nil {
					// it lacks a value only because the lookup took the next token for the subcommand
					return 0, argvError(field, next, argv[next], "ARGV-3", "needs a value, but after the \"--\" at "+index(field, from-1)+" docker's command lookup reads the token after it, "+strconv.Quote(argv[sub])+", as the subcommand; write the value in the same token ("+argv[next]+"VALUE), or remove the \"--\"")
				}
				return 0, err
			}
			if dashdash {
				break
			}
			i = next + 1 // skip the operand
		}
		return sub, nil
	}
	// Refused. Report the first fault: an option docker's flag parser
	// refuses, else the run, create or container the argv holds and what
	// docker's lookup reads in its place.
	end, _, err := walkOptions(argv, from, globalTable, field, nil)
	if err == nil {
		end = len(argv)
	}
	target := from // the first run, create or container before end
	for target < end && !isCommandWord(argv[target]) {
		target++
	}
	if target == end && err != nil {
		return 0, err
	}
	if target < end {
		var what string
		if _, j := cobraLookup(argv, from, target); j != -1 {
			what = "docker reads it as the value of " + index(field, j) + " " + strconv.Quote(argv[j])
		} else { // the lookup stopped before target, so sub < target
			what = "docker reads " + index(field, sub) + " " + strconv.Quote(argv[sub]) + " as the subcommand"
		}
		return 0, argvError(field, target, argv[target], "ARGV-3", "is not the subcommand to docker: "+what+". After the \"--\" at "+index(field, from-1)+", docker's command lookup reads \"--NAME\" and a two-letter \"-X\" as options that take the next token even where an option waits for its value, and a cluster such as \"-Dl\" as taking none; remove the \"--\", or write each value in its option's token (--config=-x, -ldebug)")
	}
	if sub < len(argv) {
		return 0, argvError(field, sub, argv[sub], "ARGV-2", "is not the run or create subcommand; the anvil argv must be \"docker [GLOBAL OPTIONS] [container] run|create [OPTIONS] IMAGE [ARG...]\"")
	}
	return 0, errorf(field, "ARGV-2", "", "has no run or create subcommand; the anvil argv must be \"docker [GLOBAL OPTIONS] [container] run|create [OPTIONS] IMAGE [ARG...]\"")
}

// findReachesContainer reports whether cobra's Find, which docker runs
// over the tokens after a skipped "--" before its command lookup (cobra's
// ExecuteC, through initCompleteCmd, and docker's runDocker), reaches the
// container command, which gives container the root's help flag: Find
// keeps the first token that no option takes, reading every "--NAME"
// without "=" and every two-letter "-X" as taking the next token unless
// docker's global table says it takes none, and ending at "--" (cobra's
// stripFlags).
func findReachesContainer(argv []string, from int) bool {
	for i := from; i < len(argv); i++ {
		s := argv[i]
		switch {
		case s == "--":
			return false
		case strings.HasPrefix(s, "--") && !strings.Contains(s, "=") && takesValue(globalTable.longFlag(s[2:])),
			len(s) == 2 && s[0] == '-' && s[1] != '=' && takesValue(globalTable.shorthand(s[1])):
			i++ // (stripFlags ends instead when one token or none is left, with the same answer: no command follows)
		case s != "" && s[0] != '-':
			return s == "container"
		}
	}
	return false
}

// lookupContainerSub finds the subcommand after a "container" that
// docker's lookup reached after a skipped "--" (the "--" is at lookupFrom-1)
// without Find having reached it (findReachesContainer): the lookup then
// knows no option of container, so "--help" and "-h" take the next token
// as their value, as any unknown option does (ARGV-3). The tokens before
// the subcommand are then parsed as container's options (ARGV-2), which
// by then include --help and -h.
func lookupContainerSub(argv []string, from, lookupFrom int) (int, *Error) {
	const field = "argv"
	sub, _ := cobraLookupIn(noFlags, argv, from, -1)
	if sub < len(argv) && (argv[sub] == "run" || argv[sub] == "create") {
		for i := from; i < sub; {
			next, dashdash, err := walkOptions(argv[:sub], i, containerTable, field, nil)
			if err != nil {
				return 0, err
			}
			if dashdash {
				break
			}
			i = next + 1 // skip the operand
		}
		return sub, nil
	}
	// the run or create the lookup took as an option's value
	for j := from; j < sub && j < len(argv); j++ {
		if argv[j] != "run" && argv[j] != "create" {
			continue
		}
		if _, valueOf := cobraLookupIn(noFlags, argv, from, j); valueOf >= 0 {
			return 0, argvError(field, valueOf, argv[valueOf], "ARGV-3", "takes the next token, "+strconv.Quote(argv[j])+", as its value: after the \"--\" at "+index(field, lookupFrom-1)+" docker's command lookup knows container's options only when container is the first token after it that no option takes as its value; remove the \"--\", or the "+argv[valueOf])
		}
	}
	return sub, nil
}

// isCommandWord reports whether s names a command on the way to run or
// create: "run", "create" or "container".
func isCommandWord(s string) bool { return s == "run" || s == "create" || s == "container" }

// cobraLookup reads argv[from:] as docker's command lookup (cobra's
// Traverse, given the global table) reads the tokens before a subcommand,
// one at a time:
//
//	"--NAME" without "=", and "--" itself
//	                 an option; it waits for the next token as its value
//	                 unless NAME is a global flag that takes none
//	"-X" (two bytes, X not "=")
//	                 likewise, unless X is the shorthand of a global flag
//	                 that takes none ("-D" waits for nothing)
//	a token an option waits for
//	                 its value, whatever it is, but for the two forms above
//	any other token beginning with "-" but "-" alone
//	                 an option without a value ("-Dl", "--config=x")
//	anything else    the subcommand: the lookup ends
//
// The first two come before the third: in "--config -x run", "-x" is an
// option, not the value of --config, and "run" is the value of "-x". It
// returns the index of the subcommand (len(argv) when there is none) and,
// when argv[at] is an option's value, the index of that option, else -1.
func cobraLookup(argv []string, from, at int) (sub, valueOf int) {
	return cobraLookupIn(globalTable, argv, from, at)
}

// cobraLookupIn is cobraLookup with the options of table t: docker's
// global options for the root command, none for a container command the
// lookup reaches before cobra has given it the help flag.
func cobraLookupIn(t *flagTable, argv []string, from, at int) (sub, valueOf int) {
	waiting := -1 // the option waiting for a value, or -1
	for i := from; i < len(argv); i++ {
		s := argv[i]
		switch {
		// consume a long option, or "--"
		case strings.HasPrefix(s, "--") && !strings.Contains(s, "="):
			waiting = -1
			if f := t.longFlag(s[2:]); f == nil || f.Value {
				waiting = i
			}
		// consume a two-letter option that takes a value (an unknown one does)
		case len(s) == 2 && s[0] == '-' && s[1] != '=' && takesValue(t.shorthand(s[1])):
			waiting = i
		// consume a value
		case waiting != -1:
			if i == at {
				return len(argv), waiting
			}
			waiting = -1
		// consume an option without a value
		case len(s) >= 2 && s[0] == '-':
		// the subcommand
		default:
			return i, -1
		}
	}
	return len(argv), -1
}

// takesValue reports whether docker's command lookup waits for a value
// after a two-letter option naming f; it waits after an unknown one (nil).
func takesValue(f *Flag) bool { return f == nil || f.Value }
