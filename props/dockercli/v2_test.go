package dockercli

import (
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"pgregory.net/rapid"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/props"
	"github.com/tongref/tongref/props/gen"
)

// Spec version 2 against docker's own parser.

// daemonProcess is the daemon's merge of a create request's entrypoint
// and command into the image's (moby's daemon/commit.go merge): a given
// entrypoint drops the image's CMD.
func daemonProcess(ep, cmd []string, img gen.ImageExec) []string {
	var p []string
	if len(ep) > 0 {
		p = append(p, ep...)
		return append(p, cmd...)
	}
	p = append(p, img.Entrypoint...)
	if len(cmd) > 0 {
		return append(p, cmd...)
	}
	return append(p, img.Cmd...)
}

// propTongRunArgvV2: docker's run reads TongRunArgvV2's argv as a
// container that runs ExecTarget's process, directly or behind the
// secret wrapper (EXEC-2, RUN-11, RUN-13, SEC-3), with the FIFO mounted
// read-only at its target (RUN-12) and the broker's workspace env
// (RUN-14).
func propTongRunArgvV2(t *rapid.T) {
	tong := props.Draw(t, "tong", gen.ValidTongV2)
	img := props.Draw(t, "image", gen.ImageExecs)
	o := props.Draw(t, "options", func(s gen.T) impl.RunOptionsV2 { return gen.RunOptionsV2For(s, tong) })
	v2Cases.Add(1)
	target, err := impl.ExecTarget(tong.Def, img.Entrypoint, img.Cmd)
	if err == nil && !strings.HasPrefix(target[0], "-") && rapid.Bool().Draw(t, "secret?") {
		w, err := impl.SecretInjectArgv(target)
		if err != nil {
			t.Fatalf("SecretInjectArgv(%q): %v", target, err)
		}
		o.Override = &w
		target = append([]string{impl.SecretShell, "-c", impl.SecretScript, impl.SecretScriptName}, target...)
	}
	argv, err := impl.TongRunArgvV2(tong.Name, tong.Def, o)
	if err != nil {
		t.Fatalf("TongRunArgvV2 refuses options RunOptionsV2For drew: %v", err)
	}
	p, err := Parse(argv)
	if err != nil {
		t.Fatalf("docker refuses TongRunArgvV2 = %q: %v", argv, err)
	}
	if !reflect.DeepEqual(p.Path, []string{"docker", "run"}) || p.Image() != tong.Def["image"] {
		t.Fatalf("docker reads %q as %v with operands %q, want docker run of %q", argv, p.Path, p.Args, tong.Def["image"])
	}
	c, err := Create(argv)
	if err != nil {
		t.Fatalf("docker run %q fails before creating the container: %v", argv, err)
	}
	got := daemonProcess(c.Config.Entrypoint, c.Config.Cmd, img)
	if len(target) == 0 {
		if len(got) != 0 {
			t.Fatalf("ExecTarget refuses, but docker runs %q for %q", got, argv)
		}
	} else if !slices.Equal(got, target) {
		t.Fatalf("docker runs %q for %q, want %q", got, argv, target)
	}
	if o.FIFOHostPath != "" && !slices.Contains(c.HostConfig.Binds, o.FIFOHostPath+":"+impl.SecretEnvTarget+":ro") {
		t.Fatalf("docker run %q binds %q, want the FIFO %q read-only at %s", argv, c.HostConfig.Binds, o.FIFOHostPath, impl.SecretEnvTarget)
	}
	mounts, _ := tong.Def["mounts"].([]any)
	broker := tong.Def["lifecycle"] == "session" && slices.ContainsFunc(mounts, func(m any) bool { return strings.HasPrefix(m.(string), "docker-socket") })
	if _, own := o.Env[impl.WorkspaceHostEnv]; broker && o.Workspace != "" && !own {
		if !slices.Contains(c.Config.Env, impl.WorkspaceHostEnv+"="+o.Workspace) {
			t.Fatalf("docker run %q sets env %q, want %s=%s", argv, c.Config.Env, impl.WorkspaceHostEnv, o.Workspace)
		}
	}
	v2Checked.Add(1)
}

var v2Cases, v2Checked atomic.Int64

func TestTongRunArgvV2(t *testing.T) {
	rapid.Check(t, propTongRunArgvV2)
	t.Logf("%d cases, %d checked to the create request", v2Cases.Load(), v2Checked.Load())
}

// propToCreateArgv: docker's create reads ToCreateArgv's result with the
// options, operands and global options docker's run read from the input
// (CREATE-3), and an argv ToCreateArgv refuses for a run-only option
// (CREATE-2) is one docker create refuses once its subcommand is create.
func propToCreateArgv(t *rapid.T) {
	argv := props.Draw(t, "argv", gen.AnvilArgv)
	in, err := Parse(argv)
	if err != nil {
		return // docker refuses the input: TestAnvilArgv compares the scanner with docker
	}
	out, ierr := impl.ToCreateArgv(argv)
	create := slices.Clone(argv)
	create[in.Sub] = "create"
	if ierr != nil {
		if implRule(ierr) != "CREATE-2" {
			t.Fatalf("docker reads %q, but ToCreateArgv refuses it: %v", argv, ierr)
		}
		if in.Command() != "run" {
			t.Fatalf("ToCreateArgv refuses the create argv %q for a run-only option: %v", argv, ierr)
		}
		if _, err := Parse(create); err == nil {
			t.Fatalf("ToCreateArgv refuses %q (%v), but docker create reads %q", argv, ierr, create)
		}
		createRefused.Add(1)
		return
	}
	if !slices.Equal(out, create) {
		t.Fatalf("ToCreateArgv(%q) = %q, want docker's subcommand (argv[%d]) replaced: %q", argv, out, in.Sub, create)
	}
	p, err := Parse(out)
	if err != nil {
		t.Fatalf("docker create refuses ToCreateArgv(%q) = %q: %v", argv, out, err)
	}
	if p.Command() != "create" || !slices.Equal(p.Args, in.Args) {
		t.Fatalf("docker reads %q as %v with operands %q; the run read %q", out, p.Path, p.Args, in.Args)
	}
	if want, got := StateOf(in.Flags), StateOf(p.Flags); !reflect.DeepEqual(want, got) {
		t.Fatalf("docker create reads %q's options otherwise than run read %q:\n%s", out, argv, stateDiff(want, got))
	}
	if want, got := StateOf(in.Global), StateOf(p.Global); !reflect.DeepEqual(want, got) {
		t.Fatalf("docker reads %q's global options otherwise than %q's:\n%s", out, argv, stateDiff(want, got))
	}
	createChecked.Add(1)
}

var createChecked, createRefused atomic.Int64

func TestToCreateArgv(t *testing.T) {
	rapid.Check(t, propToCreateArgv)
	c, r := createChecked.Load(), createRefused.Load()
	t.Logf("%d argvs read alike by run and create, %d refused for a run-only option", c, r)
	if c == 0 || r == 0 {
		t.Errorf("the property checked %d rewrites and %d refusals: a generator no longer reaches one side", c, r)
	}
}
