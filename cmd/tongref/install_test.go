package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/module"
	"golang.org/x/mod/zip"

	"github.com/tongref/tongref/internal/modtest"
)

// TestModulePath checks that the module path is one the go command can
// fetch with go get and go install (x/mod's module.CheckPath: a dot in the
// first element, which the go command treats as a host name).
func TestModulePath(t *testing.T) {
	path, _ := modtest.ThisModule(t)
	if err := module.CheckPath(path); err != nil {
		t.Errorf("module.CheckPath(%q) = %v, want nil", path, err)
	}
	// The check can fail: the path this module once had.
	if err := module.CheckPath("tongref"); err == nil {
		t.Errorf(`module.CheckPath("tongref") = nil, want an error`)
	}
}

// localVersion is the version the local module proxy serves this checkout as.
const localVersion = "v0.0.1-local"

// localProxy writes a module proxy on disk that serves this checkout as
// localVersion, its zip made by x/mod's zip package as a proxy serves a
// module (so a file the go command would refuse fails the test), and
// returns the go command's environment for it: the dependencies come from
// the module cache's download directory, the module cache is an empty
// temporary one (the shared cache never holds the test version), and
// -trimpath lets the build cache serve a later run wherever that is.
func localProxy(t *testing.T) (env []string) {
	t.Helper()
	modPath, modDir := modtest.ThisModule(t)
	tmp := t.TempDir()

	// ESCAPED_PATH/@v/{list,VERSION.info,VERSION.mod,VERSION.zip}
	esc, err := module.EscapePath(modPath)
	if err != nil {
		t.Fatal(err)
	}
	at := filepath.Join(tmp, "proxy", filepath.FromSlash(esc), "@v")
	if err := os.MkdirAll(at, 0o755); err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile(filepath.Join(modDir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	info, _ := json.Marshal(map[string]string{"Version": localVersion, "Time": "2026-01-01T00:00:00Z"})
	for name, data := range map[string][]byte{"list": []byte(localVersion + "\n"), localVersion + ".info": info, localVersion + ".mod": gomod} {
		if err := os.WriteFile(filepath.Join(at, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	zf, err := os.Create(filepath.Join(at, localVersion+".zip"))
	if err != nil {
		t.Fatal(err)
	}
	if err := zip.CreateFromDir(zf, module.Version{Path: modPath, Version: localVersion}, modDir); err != nil {
		t.Fatalf("zip.CreateFromDir: %v", err)
	}
	if err := zf.Close(); err != nil {
		t.Fatal(err)
	}
	modCache := strings.TrimSpace(modtest.Go(t, ".", nil, "env", "GOMODCACHE"))
	return []string{
		"GOPROXY=file://" + filepath.ToSlash(filepath.Join(tmp, "proxy")) + ",file://" + filepath.ToSlash(filepath.Join(modCache, "cache", "download")),
		"GOSUMDB=off", // the local version has no checksum in the database
		"GOMODCACHE=" + filepath.Join(tmp, "modcache"),
		"GOFLAGS=-modcacherw -trimpath", // -modcacherw: so the temporary directory can be removed
		"GOWORK=off", "GOTOOLCHAIN=local",
	}
}

// TestGoInstall installs the command as the README says, go install
// PATH/cmd/tongref@VERSION, from a module proxy on disk serving this
// checkout (localProxy), and checks that the installed binary reports that
// version and the module path.
func TestGoInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command from a module proxy")
	}
	modPath, _ := modtest.ThisModule(t)
	env := localProxy(t)
	bin := t.TempDir()
	modtest.Go(t, bin, append(env, "GOBIN="+bin), "install", modPath+"/cmd/tongref@"+localVersion)

	out, err := exec.Command(filepath.Join(bin, "tongref"), "version", "--json").Output()
	if err != nil {
		t.Fatalf("the installed tongref version --json: %v", err)
	}
	var got struct{ Module, Version string }
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("the installed tongref version --json printed %q: %v", out, err)
	}
	if got.Module != modPath || got.Version != localVersion {
		t.Errorf("the installed tongref says module %q version %q, want %q %q", got.Module, got.Version, modPath, localVersion)
	}
}
