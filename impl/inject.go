package impl

import (
	"strings"
	"unicode/utf8"
)

// InjectAnvilArgv rewrites an anvil's docker run (or create) argv so the
// anvil can reach its tongs (rules INJ-1 to INJ-7). It never mutates argv.
//
// First, with no network ("") and no pre- or post-image arguments it
// returns argv itself, whatever argv is (INJ-1): a zero-tong launch stays
// byte-identical, and this path does not allocate. Otherwise argv must be
// a docker run or create command as the argv scanner reads it (INJ-2) and
// the result is a new slice:
//
//	docker [GLOBAL...] [container] run PRE... [--network NET] OPTIONS... IMAGE ARGS... POST...
//
// Second, preImage is spliced right after the subcommand, in order; it must
// consist of whole docker run options, and must not set the network (INJ-3).
// Third, network replaces the value of the first network option among the
// options before the image, keeping its spelling (--network V,
// --network=V, --net V, --net=V), and removes every later network option,
// so the anvil is attached to exactly one network, the tongs' (INJ-4); with
// no network option, "--network NET" is inserted after preImage (INJ-5).
// Fourth, postImage is appended after the last token (INJ-6). The image and
// every token after it are never read or rewritten (INJ-7).
func InjectAnvilArgv(argv []string, network string, preImage, postImage []string) ([]string, error) {
	if network == "" && len(preImage) == 0 && len(postImage) == 0 {
		return argv, nil
	}
	// One walk of the argv finds its shape and its network options (the
	// first few; a walk of the options again finds any further ones).
	var nets [4]occurrence
	nNets := 0
	a, err := scanAnvilOptions(argv, func(o occurrence) {
		if o.flag.Option == "network" {
			if nNets < len(nets) {
				nets[nNets] = o
			}
			nNets++
		}
	})
	if err != nil {
		return nil, err
	}
	if network != "" {
		if err := checkNetworkName("network", network, "INJ-4"); err != nil {
			return nil, err
		}
	}
	if err := checkPreImage(preImage, tableFor(argv[a.sub])); err != nil {
		return nil, err
	}
	if network == "" {
		nNets = 0 // no network option is rewritten or removed
	}
	if nNets > len(nets) {
		return injectManyNetworks(argv, a, network, preImage, postImage), nil
	}

	n := len(argv) + len(preImage) + len(postImage)
	if network != "" && nNets == 0 {
		n += 2
	}
	for _, o := range nets[min(nNets, 1):nNets] {
		n -= o.end - o.tok
	}
	out := make([]string, 0, n)
	out = append(out, argv[:a.sub+1]...)
	out = append(out, preImage...)
	if network != "" && nNets == 0 {
		out = append(out, "--network", network)
	}
	// Copy the options, rewriting the first network option and dropping
	// the later ones.
	next := a.sub + 1
	for i, o := range nets[:nNets] {
		out = append(out, argv[next:o.tok]...)
		next = o.end
		if i > 0 {
			continue
		}
		if o.form == formLongEq {
			name := argv[o.tok][:strings.IndexByte(argv[o.tok], '=')]
			out = append(out, name+"="+network)
		} else {
			out = append(out, argv[o.tok], network)
		}
	}
	out = append(out, argv[next:]...)
	out = append(out, postImage...)
	return out, nil
}

// injectManyNetworks is InjectAnvilArgv's rewrite of a checked argv with
// more network options than it keeps during its walk: it walks the
// options again, rewriting the first network option and dropping the rest.
func injectManyNetworks(argv []string, a anvil, network string, preImage, postImage []string) []string {
	out := make([]string, 0, len(argv)+len(preImage)+len(postImage))
	out = append(out, argv[:a.sub+1]...)
	out = append(out, preImage...)
	next := a.sub + 1
	seen := false
	walkOptions(argv, a.sub+1, tableFor(argv[a.sub]), "argv", func(o occurrence) {
		if o.flag.Option != "network" {
			return
		}
		out = append(out, argv[next:o.tok]...)
		next = o.end
		if seen {
			return
		}
		seen = true
		if o.form == formLongEq {
			name := argv[o.tok][:strings.IndexByte(argv[o.tok], '=')]
			out = append(out, name+"="+network)
		} else {
			out = append(out, argv[o.tok], network)
		}
	})
	out = append(out, argv[next:]...)
	return append(out, postImage...)
}

// checkPreImage applies INJ-3: the pre-image arguments are whole options of
// the subcommand (table t) that do not set the network.
func checkPreImage(pre []string, t *flagTable) *Error {
	if len(pre) == 0 {
		return nil
	}
	var netErr *Error
	end, dashdash, err := walkOptions(pre, 0, t, "pre_image_args", func(o occurrence) {
		if netErr == nil && o.flag.Option == "network" {
			netErr = argvError("pre_image_args", o.tok, pre[o.tok], "INJ-3", "sets the network, which the network argument does; pass the network there instead")
		}
	})
	switch {
	case err != nil:
		return err
	case dashdash:
		return argvError("pre_image_args", end-1, "--", "INJ-3", "would end the anvil's options and make the next token its image; pre-image arguments must be whole docker run options")
	case end < len(pre):
		return argvError("pre_image_args", end, pre[end], "INJ-3", "is not a docker run option, so docker would take it for the image; pre-image arguments must be whole options such as \"-e\", \"KEY=VALUE\" or \"--volume=SRC:DST\"")
	case netErr != nil:
		return netErr
	}
	return nil
}

// AnvilOptionValue returns the value docker takes for flag from the options
// of a docker run or create argv (rules OPT-1 to OPT-4).
//
// First, flag is spelled "--NAME" or "-X" and must be an option of the
// command (OPT-1). Second, only the options between the subcommand and the
// image are read: never a token at or after the image (OPT-2). Third, when
// the option is given more than once, in any of its spellings or through
// an alias (--net for --network), the last one wins, as in docker (OPT-3).
// For a flag that takes no value the result is "true", or the text after
// "=" as written ("--rm=false"). Last, found is false when the option is not
// given (OPT-4).
func AnvilOptionValue(argv []string, flag string) (value string, found bool, err error) {
	// The option flag names in either table (create's is run's without
	// three run-only flags), looked up before the one walk of the argv;
	// whether it is an option of the argv's own subcommand is checked after.
	option := ""
	if f := lookupFlag(runTable, flag); f != nil {
		option = f.Option
	}
	a, serr := scanAnvilOptions(argv, func(o occurrence) {
		if o.flag.Option == option {
			value, found = o.value, true
		}
	})
	if serr != nil {
		return "", false, serr
	}
	if lookupFlag(tableFor(argv[a.sub]), flag) == nil {
		return "", false, errorv("flag", "OPT-1", flag, "is not an option of docker "+argv[a.sub]+"; write it as docker run --help lists it, such as \"--network\" or \"-e\"")
	}
	return value, found, nil
}

// lookupFlag returns the flag of table t spelled "--NAME" or "-X", or nil.
func lookupFlag(t *flagTable, flag string) *Flag {
	switch {
	case len(flag) > 2 && flag[0] == '-' && flag[1] == '-':
		return t.longFlag(flag[2:])
	case len(flag) == 2 && flag[0] == '-':
		return t.shorthand(flag[1])
	}
	return nil
}

// checkNetworkName refuses a network name docker would misread or that
// cannot name a network: empty, starting with "-", holding whitespace or
// control characters, or holding "=" or "," (docker reads such a value as
// comma-separated key=value fields).
func checkNetworkName(field, s, rule string) *Error {
	switch {
	case s == "":
		return errorf(field, rule, `""`, "is empty; name a docker network such as \"tongs\"")
	case s[0] == '-':
		return errorv(field, rule, s, "begins with \"-\", so docker would read it as an option; name a docker network such as \"tongs\"")
	case hasSpaceOrControl(s):
		return errorv(field, rule, s, "holds whitespace or a control character; name a docker network such as \"tongs\"")
	case strings.IndexByte(s, '=') >= 0 || strings.IndexByte(s, ',') >= 0:
		return errorv(field, rule, s, "holds \"=\" or \",\", so docker would read it as key=value fields (\"name=host\" attaches to the host network); name a docker network such as \"tongs\"")
	}
	return nil
}

// isUserDefinedNetwork reports whether docker treats a --network value as
// a user-defined network, the only kind that takes network aliases: not
// bridge, host, none, default, or container:ID.
func isUserDefinedNetwork(s string) bool {
	switch s {
	case "bridge", "host", "none", "default":
		return false
	}
	return !strings.HasPrefix(s, "container:")
}

// hasSpaceOrControl reports whether s holds an ASCII whitespace or control
// character, DEL, or a Unicode space or control character.
func hasSpaceOrControl(s string) bool {
	// ASCII without decoding, eight bytes at a time while they are
	// printable; the rest of s from its first non-ASCII byte
	for i := plainPrefix(s, '!'); i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf {
			return hasUnicodeSpaceOrControl(s[i:])
		} else if c <= ' ' || c == 0x7f {
			return true
		}
	}
	return false
}

func hasUnicodeSpaceOrControl(s string) bool {
	for _, r := range s {
		if r <= ' ' || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == 0x85 || r == 0xa0 || r == 0x1680 ||
			(r >= 0x2000 && r <= 0x200a) || r == 0x2028 || r == 0x2029 || r == 0x202f || r == 0x205f || r == 0x3000 || r == 0xfeff || r == 0xfffd {
			return true
		}
	}
	return false
}
