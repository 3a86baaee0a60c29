package impl

// ToCreateArgv turns an anvil's docker run argv into the docker create
// argv that makes the same container (rules CREATE-1 to CREATE-3 of
// spec/SPEC-v2.md), for a launcher that must connect the anvil to more
// networks before it starts. It never mutates argv; the result is new.
//
// First, argv must be an anvil argv as the argv scanner reads it
// (CREATE-1, ARGV-1 to ARGV-8): the subcommand is the token docker takes
// for it, never a global option's value or a word after the image. Second,
// a run argv must not use the options docker create does not have,
// -d/--detach, --detach-keys and --sig-proxy, in any spelling (CREATE-2):
// docker create would refuse the argv. Third, the result is argv with its
// subcommand token "run" replaced by "create" ("container run" becomes
// "container create"); every other token is unchanged, so docker create
// reads the same options as docker run did. A create argv is returned as
// a copy (CREATE-3).
func ToCreateArgv(argv []string) ([]string, error) {
	a, err := scanAnvil(argv)
	if err != nil {
		return nil, err
	}
	if argv[a.sub] == "run" {
		var bad *Error
		walkOptions(argv, a.sub+1, runTable, "argv", func(o occurrence) {
			switch o.flag.Name {
			case "detach", "detach-keys", "sig-proxy":
				if bad == nil {
					bad = argvError("argv", o.tok, argv[o.tok], "CREATE-2", "sets --"+o.flag.Name+", which only docker run has, and docker create would refuse it; remove it from the anvil's argv (the launcher starts the created container attached)")
				}
			}
		})
		if bad != nil {
			return nil, bad
		}
	}
	out := make([]string, len(argv))
	copy(out, argv)
	out[a.sub] = "create"
	return out, nil
}
