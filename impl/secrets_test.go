package impl

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

type partitionTest struct {
	rule   string
	env    any
	plain  map[string]any
	secret map[string]any
	err    string
}

var partitionTests = []partitionTest{
	// SEC-1: a value holding a reference is secret.
	{"SEC-1", nil, map[string]any{}, map[string]any{}, ""},
	{"SEC-1", map[string]any{}, map[string]any{}, map[string]any{}, ""},
	{"SEC-1", map[string]any{"A": "x", "N": 3, "T": "${secret:op:a/b}", "U": "Bearer ${secret:op:t} ${secret:pass:u}"},
		map[string]any{"A": "x", "N": 3}, map[string]any{"T": "${secret:op:a/b}", "U": "Bearer ${secret:op:t} ${secret:pass:u}"}, ""},
	{"SEC-1", map[string]any{"A": "$secret:x", "B": "${secrets:op:x}"}, map[string]any{"A": "$secret:x", "B": "${secrets:op:x}"}, map[string]any{}, ""},
	// It checks the env as ValidateTongV2 does.
	{"SEC-1", map[string]any{"T": []any{"${secret:op:x}"}}, nil, nil, "ENV-3"},
	{"SEC-1", map[string]any{"T": "${secret:op}"}, nil, nil, "ENV-4"},
	{"SEC-1", map[string]any{"T\n": "${secret:op:x}"}, nil, nil, "ENV-5"},
	{"SEC-1", map[string]any{"A=B": "x"}, nil, nil, "ENV-2"},
	{"SEC-1", "TOKEN=x", nil, nil, "ENV-1"},
	{"SEC-1", map[string]any{"A": "\xff"}, nil, nil, "DM-3"},
}

var _ = rowTable(func(cite citeFunc) {
	for _, r := range partitionTests {
		cite(r.rule, r.err == "", r.err)
	}
}, "partition_secret_env")

func TestPartitionSecretEnv(t *testing.T) {
	for _, tt := range partitionTests {
		plain, secret, err := PartitionSecretEnv(tt.env)
		if ruleOf(err) != tt.err {
			t.Errorf("%s: PartitionSecretEnv(%s) = %v, %v, %v; want an error of %q", tt.rule, show(tt.env), plain, secret, err, tt.err)
			continue
		}
		if d := cmp.Diff(tt.plain, plain) + cmp.Diff(tt.secret, secret); d != "" {
			t.Errorf("%s: PartitionSecretEnv(%s) (-want +got):\n%s", tt.rule, show(tt.env), d)
		}
	}
}

type exportsTest struct {
	rule    string
	secrets map[string]string
	want    string
	err     string
}

var exportsTests = []exportsTest{
	// SEC-2: one export per secret, sorted, single-quoted.
	{"SEC-2", nil, "", ""},
	{"SEC-2", map[string]string{"B": "2", "A": "it's", "_x9": ""}, "export A='it'\\''s'\nexport B='2'\nexport _x9=''\n", ""},
	{"SEC-2", map[string]string{"T": "a\nb $HOME `id` \"q\" \\ é"}, "export T='a\nb $HOME `id` \"q\" \\ é'\n", ""},
	{"SEC-2", map[string]string{"T": "''"}, "export T=''\\'''\\'''\n", ""},
	{"SEC-2", map[string]string{"TOKEN\n": "s3cret"}, "", "SEC-2"},
	{"SEC-2", map[string]string{"=x": "s"}, "", "SEC-2"},
	{"SEC-2", map[string]string{"": "s"}, "", "SEC-2"},
	{"SEC-2", map[string]string{"1A": "s"}, "", "SEC-2"},
	{"SEC-2", map[string]string{"A-B": "s"}, "", "SEC-2"},
	{"SEC-2", map[string]string{"T": "a\x00b"}, "", "SEC-2"},
	{"SEC-2", map[string]string{"T": "\x00b"}, "", "SEC-2"}, // a NUL first
	{"SEC-2", map[string]string{"OPTIND": "s3cret"}, "", "SEC-2"},
	{"SEC-2", map[string]string{"RANDOM": "a[$(id)]"}, "", "SEC-2"},
	{"SEC-2", map[string]string{"_": "s3cret"}, "", "SEC-2"},
	{"SEC-2", map[string]string{"BASH_ENV": "/tmp/x"}, "", "SEC-2"},
	{"SEC-2", map[string]string{"UID": "0"}, "", "SEC-2"},
	{"SEC-2", map[string]string{"LC_ALL": "s3cret"}, "", "SEC-2"},
	{"SEC-2", map[string]string{"PIPESTATUS": "s3cret"}, "", "SEC-2"},
	{"SEC-2", map[string]string{"LANG": "C", "HOME": "/h", "IFS": " "}, "export HOME='/h'\nexport IFS=' '\nexport LANG='C'\n", ""},
	{"SEC-2", map[string]string{"_X": "1", "RANDOM_SEED": "2", "PATH_": "3"}, "export PATH_='3'\nexport RANDOM_SEED='2'\nexport _X='1'\n", ""},
	{"SEC-2", map[string]string{"OPTIND_X": "1", "optind": "2"}, "export OPTIND_X='1'\nexport optind='2'\n", ""},
	// SEC-2: NAME=VALUE at most 131071 bytes (MaxSecretEntry: Linux's
	// MAX_ARG_STRLEN, 32 pages of 4096, less the NUL): one byte more and
	// the wrapper's exec fails with "Argument list too long". The figure is
	// written out, so a wrong constant fails here.
	{"SEC-2", map[string]string{"V": strings.Repeat("s", 131071-2)}, "export V='" + strings.Repeat("s", 131071-2) + "'\n", ""},
	{"SEC-2", map[string]string{"V": strings.Repeat("s", 131071-1)}, "", "SEC-2"},
	{"SEC-2", map[string]string{"V": strings.Repeat("s3cret", 1<<20)}, "", "SEC-2"},
	// SEC-2: all entries, each with its NUL, at most MaxSecretExports.
	{"SEC-2", bigSecrets(16, MaxSecretExports/16-1), renderBig(16, MaxSecretExports/16-1), ""},
	{"SEC-2", bigSecrets(16, MaxSecretExports/16), "", "SEC-2"},
}

var _ = rowTable(func(cite citeFunc) {
	for _, r := range exportsTests {
		cite(r.rule, r.err == "", r.err)
	}
}, "render_secret_exports")

// bigSecrets makes n (at most 100) secrets A00, A01, ... whose NAME=VALUE
// entries are each entry bytes long.
func bigSecrets(n, entry int) map[string]string {
	m := map[string]string{}
	for i := 0; i < n; i++ {
		m[fmt.Sprintf("A%02d", i)] = strings.Repeat("s", entry-4)
	}
	return m
}

// renderBig is RenderSecretExports's text for bigSecrets(n, entry).
func renderBig(n, entry int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "export A%02d='%s'\n", i, strings.Repeat("s", entry-4))
	}
	return b.String()
}

func TestRenderSecretExports(t *testing.T) {
	for _, tt := range exportsTests {
		got, err := RenderSecretExports(tt.secrets)
		if ruleOf(err) != tt.err || got != tt.want {
			t.Errorf("%s: RenderSecretExports(%q) = %q, %v; want %q, an error of %q", tt.rule, tt.secrets, got, err, tt.want, tt.err)
		}
		if err != nil && strings.Contains(err.Error(), "s3cret") {
			t.Errorf("%s: RenderSecretExports's error %q shows a secret value", tt.rule, err)
		}
	}
}

type injectArgvTest struct {
	rule   string
	target []string
	want   []string // the command; nil when the row is an error
}

var injectArgvTests = []injectArgvTest{
	// SEC-3: /bin/sh -c SCRIPT swarmforge-tong TARGET...
	{"SEC-3", []string{"/srv", "serve", "--port=80"}, []string{"-c", SecretScript, "swarmforge-tong", "/srv", "serve", "--port=80"}},
	{"SEC-3", []string{"node server.js"}, []string{"-c", SecretScript, "swarmforge-tong", "node server.js"}},
	{"SEC-3", []string{"x", "-", ""}, []string{"-c", SecretScript, "swarmforge-tong", "x", "-", ""}},
	{"SEC-3", nil, nil},
	{"SEC-3", []string{}, nil},
	{"SEC-3", []string{"-x"}, nil},
	{"SEC-3", []string{""}, nil},
	{"SEC-3", []string{"", "serve"}, nil},
	{"SEC-3", []string{"/srv", "a\x00"}, nil},
	{"SEC-3", []string{"\x00/srv"}, nil},
}

var _ = rowTable(func(cite citeFunc) {
	for _, r := range injectArgvTests {
		cite(r.rule, r.want != nil, "")
	}
}, "secret_inject_argv")

func TestSecretInjectArgv(t *testing.T) {
	const script = `secret_env=$(cat /run/swarmforge/secret-env) || exit 1; eval "$secret_env" || exit 1; exec "$@"`
	if SecretScript != script {
		t.Errorf("SEC-3: SecretScript = %q, want the launcher's %q", SecretScript, script)
	}
	for _, tt := range injectArgvTests {
		got, err := SecretInjectArgv(tt.target)
		if tt.want == nil {
			if ruleOf(err) != "SEC-3" {
				t.Errorf("%s: SecretInjectArgv(%q) = %q, %v; want a SEC-3 error", tt.rule, tt.target, got, err)
			}
			continue
		}
		if diff := cmp.Diff(Override{Entrypoint: "/bin/sh", Args: tt.want}, got); err != nil || diff != "" {
			t.Errorf("%s: SecretInjectArgv(%q) = %v (-want +got):\n%s", tt.rule, tt.target, err, diff)
		}
	}
}

type providerTest struct {
	rule      string
	providers any
	provider  string
	ref       string
	want      []string // nil when the row is an error
	err       string
}

func structured() map[string]any {
	return map[string]any{
		"op":   []any{"op", "read", "{ref}"},
		"pass": []any{"pass", "show", "--", "{ref}"},
		"shared": map[string]any{
			"default":   []any{"pass", "show", "{ref}"},
			"overrides": map[string]any{"ci-token": []any{"doppler", "secrets", "get", "CI_TOKEN", "--plain"}, "default": []any{"echo", "d"}},
		},
		"only": map[string]any{"overrides": map[string]any{"a": []any{"get", "a"}}, "default": nil},
	}
}

var providerTests = []providerTest{
	// PROV-5: every {ref} replaced.
	{"PROV-5", structured(), "op", "op://vault/item/token", []string{"op", "read", "op://vault/item/token"}, ""},
	{"PROV-5", map[string]any{"x": []any{"x", "--id={ref}/{ref}", "{re", "f}"}}, "x", "a{ref}", []string{"x", "--id=a{ref}/a{ref}", "{re", "f}"}, ""},
	{"PROV-5", map[string]any{"x": []any{"x", strings.Repeat("{ref}", 1000)}}, "x", strings.Repeat("r", 2000), nil, "PROV-5"},
	// PROV-5 at its limit: "x" and the reference make MaxProviderCommand bytes, then one more
	{"PROV-5", map[string]any{"x": []any{"x", "{ref}"}}, "x", strings.Repeat("r", MaxProviderCommand-1), []string{"x", strings.Repeat("r", MaxProviderCommand-1)}, ""},
	{"PROV-5", map[string]any{"x": []any{"x", "{ref}"}}, "x", strings.Repeat("r", MaxProviderCommand), nil, "PROV-5"},
	// PROV-4: overrides, then default.
	{"PROV-4", structured(), "shared", "ci-token", []string{"doppler", "secrets", "get", "CI_TOKEN", "--plain"}, ""},
	{"PROV-4", structured(), "shared", "other", []string{"pass", "show", "other"}, ""},
	{"PROV-4", structured(), "shared", "default", []string{"echo", "d"}, ""},
	{"PROV-4", structured(), "only", "a", []string{"get", "a"}, ""},
	{"PROV-4", structured(), "only", "b", nil, "PROV-4"},
	// PROV-3: the ref.
	{"PROV-3", structured(), "op", "--out-file=/tmp/x", nil, "PROV-3"},
	{"PROV-3", structured(), "op", "-", nil, "PROV-3"},
	{"PROV-3", structured(), "op", "", nil, "PROV-3"},
	{"PROV-3", structured(), "op", "a\x00", nil, "PROV-3"},
	{"PROV-3", structured(), "op", "\x00a", nil, "PROV-3"}, // a NUL as the first byte
	{"PROV-3", structured(), "op", "a\xff", nil, "PROV-3"},
	{"PROV-3", structured(), "op", "a-b c", []string{"op", "read", "a-b c"}, ""},
	// PROV-2: the provider.
	{"PROV-2", structured(), "pass", "x", []string{"pass", "show", "--", "x"}, ""},
	{"PROV-2", structured(), "vault", "x", nil, "PROV-2"},
	{"PROV-2", nil, "op", "x", nil, "PROV-2"},
	{"PROV-2", map[string]any{}, "", "x", nil, "PROV-2"},
	// PROV-1: the whole table, as the loader reads it.
	{"PROV-1", "op", "op", "x", nil, "PROV-1"},
	{"PROV-1", []any{"op"}, "op", "x", nil, "PROV-1"},
	{"PROV-1", set(structured(), "bad", []any{}), "op", "x", nil, "PROV-1"},
	{"PROV-1", set(structured(), "bad", []any{"a", 1}), "op", "x", nil, "PROV-1"},
	{"PROV-1", set(structured(), "bad", []any{"", "x"}), "op", "x", nil, "PROV-1"},
	{"PROV-1", set(structured(), "bad", []any{"a", "b\x00"}), "op", "x", nil, "PROV-1"},
	{"PROV-1", set(structured(), "bad", []any{"\x00a", "b"}), "op", "x", nil, "PROV-1"}, // a NUL as the first byte
	{"PROV-1", set(structured(), "bad", "op read {ref}"), "op", "x", nil, "PROV-1"},
	{"PROV-1", set(structured(), "bad", nil), "op", "x", nil, "PROV-1"},
	{"PROV-1", set(structured(), "bad", map[string]any{}), "op", "x", nil, "PROV-1"},
	{"PROV-1", set(structured(), "bad", map[string]any{"default": nil, "overrides": map[string]any{}}), "op", "x", nil, "PROV-1"},
	{"PROV-1", set(structured(), "bad", map[string]any{"default": []any{"a"}, "overide": map[string]any{}}), "op", "x", nil, "PROV-1"},
	{"PROV-1", set(structured(), "bad", map[string]any{"overrides": []any{"a"}}), "op", "x", nil, "PROV-1"},
	{"PROV-1", set(structured(), "bad", map[string]any{"overrides": map[string]any{"r": "a"}}), "op", "x", nil, "PROV-1"},
	{"PROV-1", set(structured(), "bad", map[string]any{"default": []any{}}), "op", "x", nil, "PROV-1"},
	{"PROV-1", set(structured(), "bad", map[string]any{"default": []any{"a"}, "overrides": nil}), "bad", "x", []string{"a"}, ""},
	{"PROV-1", set(structured(), "bad", []string{"a"}), "op", "x", nil, "DM-1"},
}

var _ = rowTable(func(cite citeFunc) {
	for _, r := range providerTests {
		cite(r.rule, r.err == "", r.err)
	}
}, "secret_provider_command")

func TestSecretProviderCommand(t *testing.T) {
	for _, tt := range providerTests {
		got, err := SecretProviderCommand(tt.providers, tt.provider, tt.ref)
		if ruleOf(err) != tt.err {
			t.Errorf("%s: SecretProviderCommand(%s, %q, %q) = %q, %v; want an error of %q", tt.rule, show(tt.providers), tt.provider, tt.ref, got, err, tt.err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: SecretProviderCommand(%s, %q, %q) (-want +got):\n%s", tt.rule, show(tt.providers), tt.provider, tt.ref, diff)
		}
	}
}

type createTest struct {
	rule string
	argv string // split at spaces
	want string // "" when the row is an error
	err  string
}

var createTests = []createTest{
	// CREATE-3: the subcommand token the scanner finds, and nothing else.
	{"CREATE-3", "docker run -it --rm --name s1 img run --network x", "docker create -it --rm --name s1 img run --network x", ""},
	{"CREATE-3", "docker --context run run img", "docker --context run create img", ""},
	{"CREATE-3", "docker -H tcp://h container run -e run=1 img", "docker -H tcp://h container create -e run=1 img", ""},
	{"CREATE-3", "docker create --name s1 img", "docker create --name s1 img", ""},
	{"CREATE-3", "/usr/bin/docker run -- img", "/usr/bin/docker create -- img", ""},
	{"CREATE-3", "docker run -e -d img", "docker create -e -d img", ""},
	// CREATE-2: run-only options.
	{"CREATE-2", "docker run -i -t --rm -e D=1 img -d --sig-proxy", "docker create -i -t --rm -e D=1 img -d --sig-proxy", ""},
	{"CREATE-2", "docker run -d img", "", "CREATE-2"},
	{"CREATE-2", "docker run -itd img", "", "CREATE-2"},
	{"CREATE-2", "docker run --detach=false img", "", "CREATE-2"},
	{"CREATE-2", "docker run --detach-keys ctrl-x img", "", "CREATE-2"},
	{"CREATE-2", "docker run --sig-proxy=false img", "", "CREATE-2"},
	{"CREATE-2", "docker container run --rm -d img", "", "CREATE-2"},
	// CREATE-1: an anvil argv.
	{"CREATE-1", "docker -D -- run --rm img", "docker -D -- create --rm img", ""},
	{"CREATE-1", "docker exec c run", "", "ARGV-2"},
	{"CREATE-1", "podman run img", "", "ARGV-1"},
	{"CREATE-1", "docker run", "", "ARGV-5"},
	{"CREATE-1", "docker create -d img", "", "ARGV-4"},
	{"CREATE-1", "", "", "ARGV-1"},
}

var _ = rowTable(func(cite citeFunc) {
	for _, r := range createTests {
		cite(r.rule, r.err == "", r.err)
	}
}, "to_create_argv")

func TestToCreateArgv(t *testing.T) {
	for _, tt := range createTests {
		var argv []string
		if tt.argv != "" {
			argv = strings.Split(tt.argv, " ")
		}
		in := append([]string(nil), argv...)
		got, err := ToCreateArgv(argv)
		if ruleOf(err) != tt.err {
			t.Errorf("%s: ToCreateArgv(%q) = %q, %v; want an error of %q", tt.rule, argv, got, err, tt.err)
			continue
		}
		if !cmp.Equal(in, argv) {
			t.Errorf("%s: ToCreateArgv(%q) changed its argument", tt.rule, in)
		}
		if err == nil && strings.Join(got, " ") != tt.want {
			t.Errorf("%s: ToCreateArgv(%q) = %q, want %q", tt.rule, argv, got, tt.want)
		}
	}
}
