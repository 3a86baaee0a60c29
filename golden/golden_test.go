package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gotest.tools/v3/golden"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/load"
)

// The launcher's choices the argv golden files are built with.
const (
	session   = "sess-42"
	workspace = "/home/me/project"
	network   = "tongs"
	scratch   = "/tmp/scratch"
)

// readDoc loads testdata/dir/file under the name dir/file, so the golden
// files do not depend on where the test runs.
func readDoc(t *testing.T, dir, file string) (load.Doc, error) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", dir, file))
	if err != nil {
		t.Fatal(err)
	}
	return load.Definition(dir+"/"+file, data)
}

func files(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join("testdata", dir))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		switch filepath.Ext(e.Name()) {
		case ".yaml", ".yml", ".json":
			out = append(out, e.Name())
		}
	}
	if len(out) == 0 {
		t.Fatalf("no definitions in testdata/%s", dir)
	}
	return out
}

// errorLines renders ValidateTong's errors as tongref validate prints them.
func errorLines(d load.Doc, errs []*impl.Error) string {
	var b strings.Builder
	for _, e := range errs {
		loc := d.File
		if l := d.Line(e.Field); l > 0 && e.Field != "name" {
			loc += ":" + strconv.Itoa(l)
		}
		fmt.Fprintf(&b, "%s: %s: %s\n", loc, d.Name, e)
	}
	return b.String()
}

// shellJoin writes an argv as one POSIX shell line (the same quoting as
// tongref argv, written again here so that a change to one shows).
func shellJoin(argv []string) string {
	q := make([]string, len(argv))
	for i, s := range argv {
		safe := s != ""
		for _, c := range []byte(s) {
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("_@%+=:,./-", c) >= 0) {
				safe = false
			}
		}
		if safe {
			q[i] = s
		} else {
			q[i] = "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return strings.Join(q, " ")
}

// runArgv builds a tong's argv as a launcher does (load.LaunchOptions):
// its container name from its lifecycle, its alias when it joins a
// network, its env as delivered (secrets as NAME_FILE pointers on the
// secrets tmpfs).
func runArgv(d load.Doc, net string, hash bool, tmpfs []string, ws string) ([]string, error) {
	container, err := load.ContainerName(d, session)
	if err != nil {
		return nil, err
	}
	o, err := load.LaunchOptions(d, container, load.Launch{Network: net, Workspace: ws, Tmpfs: tmpfs, Hash: hash})
	if err != nil {
		return nil, err
	}
	return impl.TongRunArgv(d.Name, d.Value, o)
}

// TestCatalogue pins, for each valid definition, its validation result,
// readiness settings, config hash and canonical form, and its run argv
// with and without a network, the config hash label, an extra tmpfs and a
// known workspace.
func TestCatalogue(t *testing.T) {
	for _, f := range files(t, "catalogue") {
		t.Run(f, func(t *testing.T) {
			d, err := readDoc(t, "catalogue", f)
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			var b strings.Builder
			b.WriteString("# validate\n")
			if errs := impl.ValidateTong(d.Name, d.Value); len(errs) > 0 {
				t.Errorf("ValidateTong(%q) = %v, want no errors: the catalogue holds valid definitions", d.Name, errs)
				b.WriteString(errorLines(d, errs))
			} else {
				b.WriteString("ok\n")
			}
			b.WriteString("\n# readiness\n")
			if r, err := impl.ReadinessSettings(d.Value); err != nil {
				fmt.Fprintf(&b, "error: %v\n", err)
			} else {
				fmt.Fprintf(&b, "mode=%s timeout_s=%s command=%s\n", r.Mode, strconv.FormatFloat(r.TimeoutS, 'g', -1, 64), shellJoin(r.Command))
			}
			b.WriteString("\n# hash\n")
			h, err := impl.ConfigHash(d.Value)
			c, _ := impl.CanonicalJSON(d.Value)
			fmt.Fprintf(&b, "%s %v\n%s\n", h, err, c)
			b.WriteString("\n# argv (session " + session + ")\n")
			for _, net := range []string{"", network} {
				for _, hash := range []bool{false, true} {
					for _, tmpfs := range [][]string{nil, {scratch}} {
						for _, ws := range []string{"", workspace} {
							fmt.Fprintf(&b, "network=%q hash=%v tmpfs=%q workspace=%q\n", net, hash, tmpfs, ws)
							argv, err := runArgv(d, net, hash, tmpfs, ws)
							if err != nil {
								fmt.Fprintf(&b, "  error: %v\n", err)
							} else {
								fmt.Fprintf(&b, "  %s\n", shellJoin(argv))
							}
						}
					}
				}
			}
			golden.Assert(t, b.String(), "catalogue/"+d.Name+".golden")
		})
	}
}

// The launcher's spec version 2 choices the catalogue-v2 golden files add:
// an org's scope for a shared tong, and the FIFO a tong's secrets come over.
const (
	scope = "acme-cebc22fa"
	fifo  = "/run/user/1000/swarmforge/sess-42/secret-env.fifo"
)

// runArgvV2 builds a tong's argv under spec version 2 as a launcher does
// (load.LaunchOptionsV2): its container name from its lifecycle, scoped
// when a scope is given, its alias when it joins a network, its plain env
// as -e values and its secrets over the FIFO, behind the secret wrapper.
func runArgvV2(d load.Doc, net string, hash bool, sc, ws string) ([]string, error) {
	var container string
	var err error
	if m, _ := d.Value.(map[string]any); m["lifecycle"] == "shared" {
		container, err = impl.SharedContainerNameV2(d.Name, sc)
	} else {
		container, err = impl.SessionContainerName(session, d.Name)
	}
	if err != nil {
		return nil, err
	}
	o, _, err := load.LaunchOptionsV2(d, container, load.LaunchV2{Network: net, Workspace: ws, Hash: hash, FIFO: fifo})
	if err != nil {
		return nil, err
	}
	return impl.TongRunArgvV2(d.Name, d.Value, o)
}

// TestCatalogueV2 pins, for each definition of catalogue-v2 (tongs that
// need spec version 2: a broker holding the docker socket, a declared
// entrypoint and command, a secret over the FIFO), its validation under
// both versions, the process it runs (run_override, and exec_target for
// an image with ENTRYPOINT and CMD), its secrets' partition, and its run
// argv under version 2 with and without a network, the config hash label,
// a known workspace and, for a shared tong, an org's scope. The directory
// is apart from catalogue/ because the version 1 vector corpus is derived
// from every file there (spec/vectors stays byte-identical).
func TestCatalogueV2(t *testing.T) {
	for _, f := range files(t, "catalogue-v2") {
		t.Run(f, func(t *testing.T) {
			d, err := readDoc(t, "catalogue-v2", f)
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			var b strings.Builder
			b.WriteString("# validate (spec version 2)\n")
			if errs := impl.ValidateTongV2(d.Name, d.Value); len(errs) > 0 {
				t.Errorf("ValidateTongV2(%q) = %v, want no errors: the catalogue holds valid definitions", d.Name, errs)
				b.WriteString(errorLines(d, errs))
			} else {
				b.WriteString("ok\n")
			}
			b.WriteString("\n# validate (spec version 1)\n")
			if errs := impl.ValidateTong(d.Name, d.Value); len(errs) > 0 {
				b.WriteString(errorLines(d, errs))
			} else {
				b.WriteString("ok\n")
			}
			b.WriteString("\n# process\n")
			if o, err := impl.RunOverride(d.Value); err != nil {
				fmt.Fprintf(&b, "run_override: error: %v\n", err)
			} else {
				fmt.Fprintf(&b, "run_override: entrypoint=%q args=%s\n", o.Entrypoint, shellJoin(o.Args))
			}
			target, err := impl.ExecTarget(d.Value, []string{"/docker-entrypoint.sh"}, []string{"start"})
			fmt.Fprintf(&b, "exec_target (image ENTRYPOINT /docker-entrypoint.sh, CMD start): %s %v\n", shellJoin(target), err)
			m, _ := d.Value.(map[string]any)
			plain, secret, err := impl.PartitionSecretEnv(m["env"])
			fmt.Fprintf(&b, "env: plain=%v secret=%v %v\n", sortedKeys(plain), sortedKeys(secret), err)
			b.WriteString("\n# argv (spec version 2, session " + session + ", FIFO " + fifo + ")\n")
			scopes := []string{""}
			if m["lifecycle"] == "shared" {
				scopes = append(scopes, scope)
			}
			for _, sc := range scopes {
				for _, net := range []string{"", network} {
					for _, hash := range []bool{false, true} {
						for _, ws := range []string{"", workspace} {
							fmt.Fprintf(&b, "scope=%q network=%q hash=%v workspace=%q\n", sc, net, hash, ws)
							argv, err := runArgvV2(d, net, hash, sc, ws)
							if err != nil {
								fmt.Fprintf(&b, "  error: %v\n", err)
							} else {
								fmt.Fprintf(&b, "  %s\n", shellJoin(argv))
							}
						}
					}
				}
			}
			golden.Assert(t, b.String(), "catalogue-v2/"+d.Name+".golden")
		})
	}
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestInvalidV2 pins, for each definition of invalid-v2 (one that spec
// version 1 accepts and version 2 refuses), version 2's error list: one
// fault per file.
func TestInvalidV2(t *testing.T) {
	for _, f := range files(t, "invalid-v2") {
		t.Run(f, func(t *testing.T) {
			d, err := readDoc(t, "invalid-v2", f)
			if err != nil {
				t.Fatal(err)
			}
			if errs := impl.ValidateTong(d.Name, d.Value); len(errs) != 0 {
				t.Errorf("ValidateTong(%q) = %s, want it valid under version 1", f, errorLines(d, errs))
			}
			errs := impl.ValidateTongV2(d.Name, d.Value)
			if len(errs) != 1 {
				t.Errorf("ValidateTongV2(%q) gave %d errors, want exactly 1 (one fault per file):\n%s", f, len(errs), errorLines(d, errs))
			}
			golden.Assert(t, errorLines(d, errs), "invalid-v2/"+f+".golden")
		})
	}
}

// TestInvalid pins the error list of each invalid definition, and checks
// that each holds exactly one fault and that together they cover every
// rule family a definition file can break.
func TestInvalid(t *testing.T) {
	families := map[string]bool{}
	for _, f := range files(t, "invalid") {
		t.Run(f, func(t *testing.T) {
			d, err := readDoc(t, "invalid", f)
			var out string
			if err != nil {
				out = err.Error() + "\n"
				families["LOAD"] = true
			} else {
				errs := impl.ValidateTong(d.Name, d.Value)
				if len(errs) != 1 {
					t.Errorf("ValidateTong(%q) gave %d errors, want exactly 1 (one fault per file):\n%s", f, len(errs), errorLines(d, errs))
				}
				for _, e := range errs {
					fam, _, _ := strings.Cut(e.Rule, "-")
					families[fam] = true
				}
				out = errorLines(d, errs)
			}
			golden.Assert(t, out, "invalid/"+f+".golden")
		})
	}
	var got []string
	for f := range families {
		got = append(got, f)
	}
	sort.Strings(got)
	want := []string{"DEF", "DM", "DUR", "ENV", "IF", "IMG", "LIFE", "LOAD", "MNT", "NET", "RDY", "RES"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rule families covered by testdata/invalid (-want +got):\n%s", diff)
	}
}

// Realistic anvil argvs: global options, --user, -it, a network option in
// each spelling, and harness flags after the image (some looking like
// docker's own, which must be left alone).
var anvils = [][]string{
	{"docker", "run", "--rm", "-it", "ghcr.io/acme/anvil:latest"},
	{"docker", "--context", "remote", "--log-level", "warn", "run", "--rm", "-i", "--user", "1000:1000", "-v", "/home/me/project:/workspace", "-w", "/workspace", "ghcr.io/acme/anvil:latest", "claude", "--dangerously-skip-permissions"},
	{"docker", "run", "-it", "--net=host", "--name", "sess-42-anvil", "ghcr.io/acme/anvil:latest", "--model", "fast", "--network", "not-this-one"},
	{"docker", "container", "run", "--network", "bridge", "-e", "TERM", "--network=other", "-t", "ghcr.io/acme/anvil:1", "bash", "-lc", "echo 'hi there'"},
	{"docker", "create", "--net", "host", "--user=root", "-t", "ghcr.io/acme/anvil:latest"},
	{"docker", "run", "-d", "--init", "--cap-add", "SYS_PTRACE", "-p", "127.0.0.1:8080:80", "-eHOME=/root", "ghcr.io/acme/anvil:latest", "serve", "--net=host", "-it"},
}

var injections = []struct {
	network   string
	pre, post []string
}{
	{"", nil, nil},
	{network, nil, nil},
	{network, []string{"-e", "MCP_GITHUB_URL=http://github:8080", "--volume=model-cache:/models:ro"}, []string{"--mcp-config", "/run/swarmforge/mcp.json"}},
	{"", []string{"-e", "DATABASE_URL=postgres://postgres:5432/app"}, nil},
	// Refused: the network through pre-image arguments, and a pre-image
	// argument that is not an option.
	{network, []string{"--network", "other"}, nil},
	{network, []string{"MCP_GITHUB_URL=http://github:8080"}, nil},
}

// TestInject pins the rewritten argv of each anvil under each injection.
func TestInject(t *testing.T) {
	var b strings.Builder
	for _, a := range anvils {
		fmt.Fprintf(&b, "$ %s\n", shellJoin(a))
		for _, in := range injections {
			fmt.Fprintf(&b, "network=%q pre=%q post=%q\n", in.network, in.pre, in.post)
			out, err := impl.InjectAnvilArgv(a, in.network, in.pre, in.post)
			if err != nil {
				fmt.Fprintf(&b, "  error: %v\n", err)
			} else {
				fmt.Fprintf(&b, "  %s\n", shellJoin(out))
			}
		}
		b.WriteString("\n")
	}
	golden.Assert(t, b.String(), "inject.golden")
}
