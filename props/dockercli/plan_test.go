package dockercli

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// shellWords splits a line tongref plan prints back into its words: the
// quoting cmd/tongref's shellQuote writes, plain words and '…' strings
// (a single quote inside one is closed, escaped with a backslash and
// reopened).
func shellWords(t *testing.T, line string) []string {
	var words []string
	var w strings.Builder
	in := false // a word is open
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == ' ':
			if in {
				words = append(words, w.String())
				w.Reset()
				in = false
			}
		case c == '\'':
			j := strings.IndexByte(line[i+1:], '\'')
			if j < 0 {
				t.Fatalf("unclosed quote in %q", line)
			}
			w.WriteString(line[i+1 : i+1+j])
			i += j + 1
			in = true
		case c == '\\' && i+1 < len(line):
			w.WriteByte(line[i+1])
			i++
			in = true
		default:
			w.WriteByte(c)
			in = true
		}
	}
	if in {
		words = append(words, w.String())
	}
	return words
}

// TestGoldenPlansParse: docker's own commands read every command of the
// golden plans (cmd/tongref/testdata/plan.golden) as tongref plan means
// it: each tong's run -d creates the named container on its network under
// its alias, the anvil's run or create argv parses with its image, and
// each network connect and disconnect names a network, a container a run
// created (or the anvil) and, for a tong, its alias.
func TestGoldenPlansParse(t *testing.T) {
	b, err := os.ReadFile("../../cmd/tongref/testdata/plan.golden")
	if err != nil {
		t.Fatal(err)
	}
	var runs, anvils, connects int
	created := map[string]string{}  // a tong's container, over all the plans: its run's alias
	anvilNames := map[string]bool{} // the anvils' containers
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, "docker ") {
			continue
		}
		argv := shellWords(t, line)
		switch {
		case argv[1] == "run" && argv[2] == "-d":
			c, err := Create(argv)
			if err != nil {
				t.Fatalf("docker refuses %q: %v", line, err)
			}
			name := argv[4]
			created[name] = valueAfter(argv, "--network-alias")
			if c.Name != name {
				t.Errorf("%q: docker names the container %q, want %q", line, c.Name, name)
			}
			for net, es := range c.NetworkingConfig.EndpointsConfig {
				want := valueAfter(argv, "--network")
				if want == "" {
					want = "default" // a shared tong the launch connects to the session network only
				}
				if net != want {
					t.Errorf("%q: docker joins %q, want %q", line, net, want)
				}
				if want := valueAfter(argv, "--network-alias"); want != "" && (len(es.Aliases) != 1 || es.Aliases[0] != want) {
					t.Errorf("%q: docker's aliases %q, want [%q]", line, es.Aliases, want)
				}
			}
			runs++
		case argv[1] == "run" || argv[1] == "create":
			p, err := Parse(argv)
			if err != nil {
				t.Fatalf("docker refuses the anvil %q: %v", line, err)
			}
			anvilNames[p.Flags.Lookup("name").Value.String()] = true
			if p.Command() != argv[1] || p.Image() != "anvil:latest" {
				t.Errorf("%q: docker reads %v with image %q", line, p.Path, p.Image())
			}
			anvils++
		case argv[1] == "network" && (argv[2] == "connect" || argv[2] == "disconnect"):
			r, err := Command(argv)
			if err != nil {
				t.Fatalf("docker refuses %q: %v", line, err)
			}
			c, aliases := "", []string(nil)
			if r.Connect != nil {
				c, aliases = r.Connect.Container, r.Connect.EndpointConfig.Aliases
			} else if r.Disconnect != nil {
				c = r.Disconnect.Container
			}
			var want []string
			if a := valueAfter(argv, "--alias"); a != "" {
				want = []string{a}
			}
			if r.Network != argv[len(argv)-2] || c != argv[len(argv)-1] || !slices.Equal(aliases, want) {
				t.Errorf("%q: docker network %s reads network %q, container %q, aliases %q", line, argv[2], r.Network, c, aliases)
			}
			switch alias, tong := created[c]; {
			case !tong && !anvilNames[c]:
				t.Errorf("%q: %q is neither a container a run of the plan created nor the anvil", line, c)
			case r.Connect != nil && tong && (len(aliases) != 1 || alias != "" && aliases[0] != alias):
				t.Errorf("%q: a tong joins the session network with the aliases %q, want one (its run's, %q, when it has one)", line, aliases, alias)
			case r.Connect != nil && !tong && len(aliases) != 0:
				t.Errorf("%q: the anvil joins a network with the aliases %q", line, aliases)
			}
			connects++
		}
	}
	t.Logf("%d tong runs, %d anvil commands, %d connects", runs, anvils, connects)
	if runs < 4 || anvils < 2 || connects < 2 {
		t.Errorf("the golden plans hold %d tong runs, %d anvils, %d connects; did the file change?", runs, anvils, connects)
	}
}

func valueAfter(argv []string, flag string) string {
	for i := 0; i+1 < len(argv); i++ {
		if argv[i] == flag {
			return argv[i+1]
		}
	}
	return ""
}
