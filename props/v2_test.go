package props

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/props/gen"
)

// The properties of spec version 2 (spec/SPEC-v2.md).

// ---------------------------------------------------------- the process

// dockerProcess is docker's entrypoint/CMD rule, as the daemon merges a
// run's config into the image's: with --entrypoint given (ep not nil), the
// entrypoint and the run's words; else the image's ENTRYPOINT and the
// run's words, or the image's CMD when there are none.
func dockerProcess(ep []string, args []string, img gen.ImageExec) []string {
	var p []string
	if ep != nil {
		p = append(p, ep...)
		return append(p, args...)
	}
	p = append(p, img.Entrypoint...)
	if len(args) > 0 {
		return append(p, args...)
	}
	return append(p, img.Cmd...)
}

// readRunArgv reads a tong run argv by RUN-11's layout: "docker run",
// then options (-d alone, every other with one value), then the image
// and the words after it. It returns the --entrypoint (nil when absent)
// and those words.
func readRunArgv(t *rapid.T, argv []string) (ep []string, words []string) {
	if len(argv) < 3 || argv[0] != "docker" || argv[1] != "run" {
		t.Fatalf("%q is not a docker run argv", argv)
	}
	i := 2
	for i < len(argv) && strings.HasPrefix(argv[i], "-") {
		if argv[i] == "-d" {
			i++
			continue
		}
		if i+1 >= len(argv) {
			t.Fatalf("%q: option %q has no value", argv, argv[i])
		}
		if argv[i] == "--entrypoint" {
			ep = []string{argv[i+1]}
		}
		i += 2
	}
	if i >= len(argv) {
		t.Fatalf("%q has no image", argv)
	}
	return ep, argv[i+1:]
}

// ProcessIsDockers: the process ExecTarget names is the one docker runs
// for the flags RunOverride and TongRunArgvV2 emit, with or without a
// secret (EXEC-2, EXEC-4, RUN-11, RUN-13, SEC-3): started directly, docker
// runs it; started behind the secret wrapper, docker runs /bin/sh with the
// wrapper's script, which execs exactly it. Adding a secret to a
// definition never changes what runs.
func ProcessIsDockers(t *rapid.T) {
	tong := Draw(t, "tong", gen.ValidTongV2)
	img := Draw(t, "image", gen.ImageExecs)
	o := Draw(t, "options", func(s gen.T) impl.RunOptionsV2 { return gen.RunOptionsV2For(s, tong) })
	if errs := impl.ValidateTongV2(tong.Name, tong.Def); errs != nil {
		t.Fatalf("ValidTongV2 drew a tong ValidateTongV2 refuses: %v", errs)
	}
	ov, err := impl.RunOverride(tong.Def)
	if err != nil {
		t.Fatalf("RunOverride of a valid tong: %v", err)
	}
	argv, err := impl.TongRunArgvV2(tong.Name, tong.Def, o)
	if err != nil {
		t.Fatalf("TongRunArgvV2 refuses options RunOptionsV2For drew: %v", err)
	}
	ep, words := readRunArgv(t, argv)
	var ovEP []string
	if ov.Entrypoint != "" {
		ovEP = []string{ov.Entrypoint}
	}
	if !slices.Equal(ep, ovEP) || !slices.Equal(words, ov.Args) {
		t.Fatalf("TongRunArgvV2 = %q carries --entrypoint %q and words %q; RunOverride says %+v", argv, ep, words, ov)
	}
	direct := dockerProcess(ep, words, img)
	target, err := impl.ExecTarget(tong.Def, img.Entrypoint, img.Cmd)
	if len(direct) == 0 {
		checkError(t, "ExecTarget of an empty process", err, "EXEC-3")
		return
	}
	if err != nil || !slices.Equal(target, direct) {
		t.Fatalf("docker runs %q for %q, but ExecTarget = %q, %v", direct, argv, target, err)
	}

	wrapper, err := impl.SecretInjectArgv(target)
	if strings.HasPrefix(target[0], "-") {
		checkError(t, "SecretInjectArgv of a target beginning with -", err, "SEC-3")
		return
	}
	if err != nil {
		t.Fatalf("SecretInjectArgv(%q): %v", target, err)
	}
	o.Override = &wrapper
	if o.FIFOHostPath == "" {
		o.FIFOHostPath = "/tmp/swarmforge-1/secret-env"
	}
	argv, err = impl.TongRunArgvV2(tong.Name, tong.Def, o)
	if err != nil {
		t.Fatalf("TongRunArgvV2 with the secret wrapper: %v", err)
	}
	ep, words = readRunArgv(t, argv)
	secret := dockerProcess(ep, words, img)
	head := []string{impl.SecretShell, "-c", impl.SecretScript, impl.SecretScriptName}
	if len(secret) < len(head) || !slices.Equal(secret[:len(head)], head) || !slices.Equal(secret[len(head):], direct) {
		t.Fatalf("with a secret docker runs %q, which does not exec %q (the process without one)", secret, direct)
	}
}

func TestProcessIsDockers(t *testing.T) { rapid.Check(t, ProcessIsDockers) }

// ---------------------------------------------------------- the shell

// TestSecretExportsInRealShell: the script RenderSecretExports writes,
// read and evaluated by the secret wrapper in a real /bin/sh, sets every
// secret to its value byte for byte and prints nothing; the wrapper then
// execs its target (SEC-2, SEC-3). Each case runs one shell.
func TestSecretExportsInRealShell(t *testing.T) {
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("no /bin/sh")
	}
	env, err := exec.LookPath("env")
	if err != nil {
		t.Skip("no env program")
	}
	// The wrapper's /bin/sh is the image's: dash here, bash when it is
	// installed (run as sh, in its POSIX mode), and busybox ash (Alpine's
	// /bin/sh) when busybox is installed (run as sh, its ash applet).
	shells := []string{"/bin/sh"}
	for _, prog := range []string{"bash", "busybox"} {
		bin, err := exec.LookPath(prog)
		if err != nil {
			continue
		}
		link := filepath.Join(t.TempDir(), "sh")
		if err := os.Symlink(bin, link); err == nil {
			shells = append(shells, link)
		}
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "secret-env")
	// The wrapper's script, reading a file in place of the FIFO.
	script := strings.Replace(impl.SecretScript, impl.SecretEnvTarget, `"$SECRET_FILE"`, 1)
	if script == impl.SecretScript {
		t.Fatal("the wrapper's script no longer names " + impl.SecretEnvTarget)
	}
	rapid.Check(t, func(t *rapid.T) {
		secrets := Draw(t, "secrets", gen.Secrets)
		text, err := impl.RenderSecretExports(secrets)
		for k := range secrets {
			if shellSpecialModel[k] || strings.HasPrefix(k, "BASH") || strings.HasPrefix(k, "LC_") {
				checkError(t, "RenderSecretExports of "+k, err, "SEC-2") // ENV-7
				return
			}
		}
		if err != nil {
			t.Fatalf("RenderSecretExports(%q): %v", secrets, err)
		}
		if err := os.WriteFile(fifo, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		sh := shells[Draw(t, "shell", func(s gen.T) int { return gen.Int(s, "shell", 0, len(shells)-1) })]
		cmd := exec.Command(sh, "-c", script, impl.SecretScriptName, env, "-0")
		cmd.Env = []string{"SECRET_FILE=" + fifo}
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil || stderr.Len() > 0 {
			t.Fatalf("the wrapper (%s) evaluating %q: %v, stderr %q", sh, text, err, stderr.String())
		}
		got := map[string]string{}
		for _, kv := range strings.Split(strings.TrimSuffix(stdout.String(), "\x00"), "\x00") {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				t.Fatalf("the wrapper printed %q, which is not the target's environment", stdout.String())
			}
			got[k] = v
		}
		for k, v := range secrets {
			if g, ok := got[k]; !ok || g != v {
				t.Fatalf("after %s evaluates %q, %s is %q (set: %v), want %q", sh, text, k, g, ok, v)
			}
		}
	})
}

// shellSpecialModel is ENV-7's list as SPEC-v2.md states it (with every
// name beginning with BASH or LC_).
var shellSpecialModel = map[string]bool{
	"_": true, "DIRSTACK": true, "EPOCHREALTIME": true, "EPOCHSECONDS": true, "EUID": true, "FUNCNAME": true,
	"GROUPS": true, "HISTCMD": true, "LINENO": true, "OPTIND": true, "PIPESTATUS": true, "PPID": true, "RANDOM": true,
	"SECONDS": true, "SHELLOPTS": true, "SHLVL": true, "SRANDOM": true, "UID": true,
}

// ---------------------------------------------------------- names

// ScopedNamesNeverCollide: container names of different (name, scope)
// pairs and of session tongs never collide, nor do network names of
// different sessions and scopes; a clean name without an 8-hex segment
// under a scope has the launcher's bytes (NAME-7 to NAME-9, NET-3 to
// NET-5).
func ScopedNamesNeverCollide(t *rapid.T) {
	seen := map[string]gen.ScopedName{}
	n := rapid.IntRange(1, 6).Draw(t, "pairs")
	for i := 0; i < n; i++ {
		sn := Draw(t, "pair", gen.ScopedNames)
		c, err := impl.SharedContainerNameV2(sn.Name, sn.Scope)
		if err != nil {
			t.Fatalf("SharedContainerNameV2(%q, %q): %v", sn.Name, sn.Scope, err)
		}
		if !containerNameRE.MatchString(c) {
			t.Fatalf("SharedContainerNameV2(%q, %q) = %q, not a docker name", sn.Name, sn.Scope, c)
		}
		if prev, dup := seen[c]; dup && prev != sn {
			t.Fatalf("%+v and %+v share the container %q", prev, sn, c)
		}
		seen[c] = sn
		// The unscoped name that spells this scoped one, and the scoped
		// ones an unscoped name could spell, collide in the launcher.
		var rivals []gen.ScopedName
		if sn.Scope != "" {
			rivals = append(rivals, gen.ScopedName{Name: sn.Scope + "-" + sn.Name})
		} else {
			parts := strings.Split(sn.Name, "-")
			for k := 1; k < len(parts); k++ {
				rivals = append(rivals, gen.ScopedName{Scope: strings.Join(parts[:k], "-"), Name: strings.Join(parts[k:], "-")})
			}
		}
		for _, r := range rivals {
			if rc, err := impl.SharedContainerNameV2(r.Name, r.Scope); err == nil && rc == c && r != sn {
				t.Fatalf("%+v and %+v share the container %q", sn, r, c)
			}
		}
		if sn.Scope != "" && utf8Clean(sn.Name) && pyToken(sn.Name) == sn.Name && sn.Name != "" {
			if want := impl.SharedPrefix + "-" + sn.Scope + "-" + sn.Name; c != want {
				t.Fatalf("SharedContainerNameV2(%q, %q) = %q, want the launcher's %q", sn.Name, sn.Scope, c, want)
			}
		}
		id := Draw(t, "session", gen.SessionID)
		if s, err := impl.SessionContainerName(id, sn.Name); err == nil {
			if _, dup := seen[s]; dup {
				t.Fatalf("session %q's tong %q has the shared container %q", id, sn.Name, s)
			}
		}
	}
	nets := map[string]string{}
	for i := rapid.IntRange(1, 4).Draw(t, "networks"); i > 0; i-- {
		var arg, got string
		var err error
		if rapid.Bool().Draw(t, "session_network?") {
			arg = "session " + Draw(t, "session_id", gen.SessionID)
			got, err = impl.SessionNetworkName(strings.TrimPrefix(arg, "session "))
		} else {
			arg = "scope " + Draw(t, "scope", gen.Scope)
			got, err = impl.SharedNetworkName(strings.TrimPrefix(arg, "scope "))
		}
		if err != nil {
			continue // an invalid session id: NET-3
		}
		if prev, dup := nets[got]; dup && prev != arg {
			t.Fatalf("%s and %s share the network %q", prev, arg, got)
		}
		nets[got] = arg
	}
}

func TestScopedNamesNeverCollide(t *testing.T) { rapid.Check(t, ScopedNamesNeverCollide) }

// normpathModel is Python's posixpath.normpath of an absolute path: Go's
// path.Clean, but a leading "//" (exactly two slashes) is kept.
func normpathModel(p string) string {
	c := path.Clean(p)
	if strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "///") {
		return "/" + c
	}
	return c
}

var hexSegRE = regexp.MustCompile(`(^|-)[0-9a-f]{8}(-|$)`)

// OrgScopeTokenModel: OrgScopeToken is SCOPE-2 and SCOPE-3 as written,
// and its scopes follow SCOPE-1 (SharedNetworkName takes them).
func OrgScopeTokenModel(t *rapid.T) {
	dir := Draw(t, "dir", gen.OrgDir)
	got, err := impl.OrgScopeToken(dir)
	switch {
	case dir == "":
		if got != "" || err != nil {
			t.Fatalf("OrgScopeToken(\"\") = %q, %v; want no scope", got, err)
		}
		return
	case dir[0] != '/':
		checkError(t, "OrgScopeToken of a relative path", err, "SCOPE-2")
		return
	}
	if err != nil {
		t.Fatalf("OrgScopeToken(%q): %v", dir, err)
	}
	c := normpathModel(dir)
	sum := sha256.Sum256([]byte(c))
	want := hex.EncodeToString(sum[:])[:8]
	hint := pyToken(path.Base(path.Dir(path.Dir(path.Clean(c)))))
	if hint != "" && !hexSegRE.MatchString(hint) {
		want = hint + "-" + want
	}
	if got != want {
		t.Fatalf("OrgScopeToken(%q) = %q, want %q (normalised %q)", dir, got, want, c)
	}
	if _, err := impl.SharedNetworkName(got); err != nil {
		t.Fatalf("OrgScopeToken(%q) = %q, which SCOPE-1 refuses: %v", dir, got, err)
	}
}

func TestOrgScopeTokenModel(t *testing.T) { rapid.Check(t, OrgScopeTokenModel) }

// TestOrgScopeTokenIsPythons compares OrgScopeToken with the Swarmforge
// launcher's own computation (os.path.normpath, hashlib) in a real Python,
// on generated absolute paths whose hint has no 8-hex segment (there the
// two agree by SCOPE-3; elsewhere D37 is the difference).
func TestOrgScopeTokenIsPythons(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	var dirs []string
	rapid.Check(t, func(t *rapid.T) {
		d := Draw(t, "dir", gen.OrgDir)
		if d != "" && d[0] == '/' {
			dirs = append(dirs, d)
		}
	})
	dirs = append(dirs, "/home/me/orgs/acme/.swarmforge/tongs", "//a/b/c/d", "/", "//", "/x/../../y/./z/")
	in, _ := json.Marshal(dirs)
	const prog = `import sys, json, os, re, hashlib
out = []
for d in json.load(sys.stdin):
    c = os.path.normpath(os.path.abspath(d))
    h = re.sub(r"[^A-Za-z0-9_.-]+", "-", os.path.basename(os.path.dirname(os.path.dirname(c)))).strip("-_.")
    g = hashlib.sha256(c.encode("utf-8")).hexdigest()[:8]
    out.append("%s-%s" % (h, g) if h else g)
json.dump(out, sys.stdout)`
	cmd := exec.Command(py, "-c", prog)
	cmd.Stdin = bytes.NewReader(in)
	b, err := cmd.Output()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		t.Fatalf("python: %v: %s", err, ee.Stderr)
	}
	var want []string
	if err := json.Unmarshal(b, &want); err != nil || len(want) != len(dirs) {
		t.Fatalf("python answered %q: %v", b, err)
	}
	compared := 0
	for i, d := range dirs {
		got, err := impl.OrgScopeToken(d)
		if err != nil {
			t.Errorf("OrgScopeToken(%q): %v", d, err)
			continue
		}
		if w := want[i]; len(w) > 8 && hexSegRE.MatchString(w[:len(w)-9]) {
			continue // D37: the hint is left out
		}
		compared++
		if got != want[i] {
			t.Errorf("OrgScopeToken(%q) = %q, Python's launcher gives %q", d, got, want[i])
		}
	}
	t.Logf("%d of %d paths compared with Python", compared, len(dirs))
	if compared < len(dirs)/2 {
		t.Errorf("only %d of %d paths compared", compared, len(dirs))
	}
}

// ---------------------------------------------------------- providers

// ProviderCommandIsTotal: on any provider table, SecretProviderCommand
// refuses with a PROV or tree rule or returns the command PROV-4 and
// PROV-5 name, for a ref PROV-3 accepts.
func ProviderCommandIsTotal(t *rapid.T) {
	table := Draw(t, "providers", gen.ProviderTable)
	provider := pick(t, "provider", "op", "pass", "shared", "x", "", "vault")
	ref := pick(t, "ref", "a", "ci-token", "default", "-x", "", "op://v/i/t", "{ref}", "a b")
	got, err := impl.SecretProviderCommand(table, provider, ref)
	if err != nil {
		checkError(t, "SecretProviderCommand", err, "PROV-", "DM-")
		return
	}
	if ref == "" || ref[0] == '-' {
		t.Fatalf("SecretProviderCommand accepts the ref %q (PROV-3)", ref)
	}
	var template []any
	switch e := table.(map[string]any)[provider].(type) {
	case []any:
		template = e
	case map[string]any:
		if ov, ok := e["overrides"].(map[string]any); ok {
			template, _ = ov[ref].([]any)
		}
		if template == nil {
			template, _ = e["default"].([]any)
		}
	}
	want := make([]string, len(template))
	for i, w := range template {
		want[i] = strings.ReplaceAll(w.(string), "{ref}", ref)
	}
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Fatalf("SecretProviderCommand(%v, %q, %q) = %q, want %q", table, provider, ref, got, want)
	}
}

func TestProviderCommandIsTotal(t *testing.T) { rapid.Check(t, ProviderCommandIsTotal) }
