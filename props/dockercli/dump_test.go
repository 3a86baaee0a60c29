package dockercli

import (
	"flag"
	"fmt"
	"sort"

	"github.com/spf13/pflag"
)

var updateDump = flag.Bool("update-dump", false, "rewrite testdata/flags-v29.9.3.txt from docker's flag sets")

// flagLines lists a flag set one flag a line, sorted, for review.
func flagLines(cmd string, fs *pflag.FlagSet) []string {
	var out []string
	fs.VisitAll(func(f *pflag.Flag) {
		short := f.Shorthand
		if short == "" {
			short = "-"
		}
		value := "yes"
		if f.NoOptDefVal != "" {
			value = "no"
		}
		out = append(out, fmt.Sprintf("%s --%s short=%s value=%s type=%s hidden=%t deprecated=%t shorthand_deprecated=%t",
			cmd, f.Name, short, value, f.Value.Type(), f.Hidden, f.Deprecated != "", f.ShorthandDeprecated != ""))
	})
	sort.Strings(out)
	return out
}
