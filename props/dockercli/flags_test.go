package dockercli

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/pflag"

	"github.com/tongref/tongref/impl"
)

// asImplFlags writes docker's flag set in impl's table form. A flag takes
// a value when it has no NoOptDefVal (pflag then consumes the next token);
// its setting is given by Settings.
func asImplFlags(fs *pflag.FlagSet) []impl.Flag {
	settings := Settings(fs)
	var out []impl.Flag
	fs.VisitAll(func(f *pflag.Flag) {
		var short byte
		if f.Shorthand != "" {
			short = f.Shorthand[0]
		}
		out = append(out, impl.Flag{
			Name:                f.Name,
			Short:               short,
			Value:               f.NoOptDefVal == "",
			Option:              settings[f.Name],
			Hidden:              f.Hidden,
			Deprecated:          f.Deprecated != "",
			ShorthandDeprecated: f.ShorthandDeprecated != "",
		})
	})
	sortFlags(out)
	return out
}

func sortFlags(fs []impl.Flag) {
	sort.Slice(fs, func(i, j int) bool { return fs[i].Name < fs[j].Name })
}

// TestFlagTables checks impl's option tables (ARGV-8) against docker's
// own flag sets: every name, shorthand, whether it takes a value, the
// setting it writes, hidden, deprecated and shorthand-deprecated.
func TestFlagTables(t *testing.T) {
	for _, c := range []struct {
		name   string
		impl   []impl.Flag
		docker *pflag.FlagSet
	}{
		{"run", impl.RunFlags(), RunFlags()},
		{"create", impl.CreateFlags(), CreateFlags()},
		{"global", impl.GlobalFlags(), GlobalFlags()},
	} {
		got := append([]impl.Flag(nil), c.impl...)
		sortFlags(got)
		want := asImplFlags(c.docker)
		if len(want) < 10 {
			t.Fatalf("docker's %s flag set has only %d flags", c.name, len(want))
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("impl.%sFlags() differs from docker %s's flag set (-docker +impl):\n%s", strings.ToUpper(c.name[:1])+c.name[1:], c.name, diff)
		}
	}
	if impl.DockerCLIVersion != "v29.9.3" {
		t.Errorf("impl.DockerCLIVersion = %q, want v29.9.3, the version go.mod pins", impl.DockerCLIVersion)
	}
}

// TestFlagDump keeps testdata/flags-v29.9.3.txt, the reviewed listing of
// docker's flag sets the impl table was written from, equal to what this
// docker version defines. Regenerate it with
//
//	go test -run TestFlagDump -update-dump .
func TestFlagDump(t *testing.T) {
	var lines []string
	for _, s := range []struct {
		name string
		fs   *pflag.FlagSet
	}{{"run", RunFlags()}, {"create", CreateFlags()}, {"global", GlobalFlags()}} {
		lines = append(lines, flagLines(s.name, s.fs)...)
	}
	got := strings.Join(lines, "\n") + "\n"
	path := filepath.Join("testdata", "flags-v29.9.3.txt")
	if *updateDump {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("docker's flag sets differ from %s (-file +docker):\n%s", path, diff)
	}
}

// TestRootFlagsMirror checks that what newRoot and handleGlobalFlags
// mirror is still the text of the pinned version: the lines
// cmd/docker/docker.go (package main, so not importable) uses to build
// the root command and add --version and --cloud, and the parse of
// cli/cobra.go's HandleGlobalFlags.
func TestRootFlagsMirror(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/docker/cli").Output()
	if err != nil {
		t.Skipf("cannot locate the docker/cli module: %v", err)
	}
	dir := strings.TrimSpace(string(out))
	cobraSrc, err := os.ReadFile(filepath.Join(dir, "cli", "cobra.go"))
	if err != nil {
		t.Fatal(err)
	}
	// handleGlobalFlags' parse, from HandleGlobalFlags.
	for _, line := range []string{
		`func (tcmd *TopLevelCommand) HandleGlobalFlags() (*cobra.Command, []string, error) {`,
		`flags := pflag.NewFlagSet(cmd.Name(), pflag.ContinueOnError)`,
		`flags.SetInterspersed(false)`,
		`flags.AddFlagSet(cmd.Flags())`,
		`flags.AddFlagSet(cmd.PersistentFlags())`,
		`if err := flags.Parse(tcmd.args); err != nil {`,
		`return nil, nil, cmd.FlagErrorFunc()(cmd, err)`,
		`return cmd, flags.Args(), nil`,
	} {
		if !strings.Contains(string(cobraSrc), line) {
			t.Errorf("cli/cobra.go no longer holds %q, which handleGlobalFlags mirrors; update it", line)
		}
	}
	src, err := os.ReadFile(filepath.Join(dir, "cmd", "docker", "docker.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		`cmd.Flags().BoolP("version", "v", false, "Print version information and quit")`,
		`cmd.Flags().String("cloud", "", "Use a cloud context, provisioning it if necessary (optionally --cloud=NAME)")`,
		`cmd.Flags().Lookup("cloud").NoOptDefVal = "default"`,
		`cmd.Flags().Lookup("cloud").Hidden = true`,
		`TraverseChildren: true,`,
		`cmd, args, err := tcmd.HandleGlobalFlags()`,
		`cmd.SetArgs(args)`,
		`opts, helpCmd = cli.SetupRootCommand(cmd)`,
	} {
		if !strings.Contains(string(src), line) {
			t.Errorf("cmd/docker/docker.go no longer holds %q, which newRoot or Parse mirrors; update them", line)
		}
	}
	// The flags cmd/docker adds to the root command, and no others.
	var added []string
	for _, l := range strings.Split(string(src), "\n") {
		l = strings.TrimSpace(l)
		if strings.Contains(l, "Flags().VisitAll(") {
			continue // reads flags, adds none
		}
		if strings.HasPrefix(l, "cmd.Flags().") || strings.HasPrefix(l, "cmd.PersistentFlags().") {
			added = append(added, l)
		}
	}
	if len(added) != 4 {
		t.Errorf("cmd/docker/docker.go sets %d root flag lines, want the 4 newRoot mirrors:\n%s", len(added), strings.Join(added, "\n"))
	}
}
