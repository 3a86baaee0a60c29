package impl

import (
	"errors"
	"strings"
	"testing"
)

// The command lookup after a "--" among the global options (ARGV-3): where
// the scanner finds the subcommand and the image, and what its errors say.

var lookupTests = []struct {
	argv       string
	sub, image int    // when accepted
	rule       string // when refused: the rule, the field and a part of the message
	field      string
	msg        string
}{
	{argv: "docker -- --config /tmp/docker --config -x container run alpine", sub: 7, image: 8},
	{argv: "docker -- --config -x container run alpine", sub: 5, image: 6},
	{argv: "docker -- -D container run alpine", sub: 4, image: 5},
	{argv: "docker -- -- x run alpine", sub: 4, image: 5},
	{argv: "docker -- --config=-x run alpine", sub: 3, image: 4},
	{argv: "docker --config -x -- run alpine", sub: 4, image: 5},
	{argv: "docker -- --config -x run alpine", rule: "ARGV-3", field: "argv[4]", msg: `the value of argv[3] "-x". After the "--" at argv[1]`},
	{argv: "docker -- --config -x run", rule: "ARGV-3", field: "argv[4]", msg: `the value of argv[3] "-x"`},
	{argv: "docker -- -- run alpine", rule: "ARGV-3", field: "argv[3]", msg: `the value of argv[2] "--"`},
	{argv: "docker -- -Dl debug run alpine", rule: "ARGV-3", field: "argv[4]", msg: `docker reads argv[3] "debug" as the subcommand`},
	{argv: "docker -- -Dl run alpine", rule: "ARGV-3", field: "argv[2]", msg: `needs a value, but after the "--" at argv[1]`},
	{argv: "docker -D -- --config -x run alpine", rule: "ARGV-3", field: "argv[5]", msg: `the value of argv[4] "-x". After the "--" at argv[2]`},
	{argv: "docker -- --config -x run --bogus alpine", rule: "ARGV-3", field: "argv[4]", msg: `the value of argv[3] "-x"`},
	{argv: "docker -- -Z run alpine", rule: "ARGV-4", field: "argv[2]", msg: `"-Z"`},
	{argv: "docker -- --bogus run alpine", rule: "ARGV-4", field: "argv[2]", msg: `"--bogus" is unknown`},
	{argv: "docker -- --bogus=1 run alpine", rule: "ARGV-4", field: "argv[2]", msg: `"--bogus" is unknown`},
	{argv: "docker -- --config x y alpine", rule: "ARGV-2", field: "argv[4]", msg: "is not the run or create subcommand"},
	{argv: "docker -- --config x", rule: "ARGV-2", field: "argv", msg: "has no run or create subcommand"},
	{argv: "docker -- --config", rule: "ARGV-4", field: "argv[2]", msg: "needs a value"},
	{argv: "docker container --help -- run alpine", rule: "ARGV-2", field: "argv[3]", msg: "comes between container and its subcommand"},
}

func TestLookupCommand(t *testing.T) {
	for _, tt := range lookupTests {
		argv := w(tt.argv)
		a, err := scanAnvil(argv)
		switch {
		case tt.rule == "" && err != nil:
			t.Errorf("scanAnvil(%q) = %v, want subcommand %d, image %d", argv, err, tt.sub, tt.image)
		case tt.rule == "" && (a.sub != tt.sub || a.image != tt.image):
			t.Errorf("scanAnvil(%q) = subcommand %d, image %d; want %d, %d", argv, a.sub, a.image, tt.sub, tt.image)
		case tt.rule != "" && err == nil:
			t.Errorf("scanAnvil(%q) = subcommand %d, image %d; want a %s error", argv, a.sub, a.image, tt.rule)
		case tt.rule != "" && (err.Rule != tt.rule || err.Field != tt.field || !strings.Contains(err.Msg, tt.msg)):
			t.Errorf("scanAnvil(%q) = %v; want %s on %s saying %q", argv, err, tt.rule, tt.field, tt.msg)
		}
	}
}

// TestContainerHelpValueFault: when docker's lookup, after a "--", takes
// a run or create after container as -h's value, the fault is ARGV-3's,
// on the -h, not ARGV-2's on the token the lookup reads next.
func TestContainerHelpValueFault(t *testing.T) {
	for _, c := range []struct {
		argv  []string
		field string
	}{
		{[]string{"docker", "--", "--config", "--config", "x", "container", "-h", "run", "img"}, "argv[6]"},
		{[]string{"docker", "--", "--config", "--config", "x", "container", "--help", "y", "-h", "run", "img"}, "argv[8]"}, // not --help, whose value is y
	} {
		_, _, err := AnvilOptionValue(c.argv, "--name")
		var e *Error
		if !errors.As(err, &e) || e.Rule != "ARGV-3" || e.Field != c.field || !strings.Contains(e.Msg, `after the "--" at argv[1]`) {
			t.Errorf("AnvilOptionValue(%q) = %v; want ARGV-3's fault on %s, the option that takes run, naming the \"--\" at argv[1]", c.argv, err, c.field)
		}
	}
}
