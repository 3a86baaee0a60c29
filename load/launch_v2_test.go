package load_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/load"
)

// LaunchOptionsV2 gives a tong with secrets the FIFO and the secret
// wrapper around its process, lists the secrets it must write, keeps them
// off -e, and refuses to go on without a FIFO; a tong without secrets
// keeps its own override (nil).
func TestLaunchOptionsV2(t *testing.T) {
	doc := func(src string) load.Doc {
		t.Helper()
		d, err := load.Definition("tongs/t.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	secret := doc("lifecycle: session\nimage: i:1\ncommand: [node, s.js]\ninterface: {kind: port, port: 80}\nenv: {B_TOKEN: '${secret:op:b}', A_TOKEN: 'x ${secret:op:a}', PLAIN: 1}\n")
	o, secrets, err := load.LaunchOptionsV2(secret, "s1-tong-t", load.LaunchV2{Network: "tongs", FIFO: "/tmp/f"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"A_TOKEN", "B_TOKEN"}, secrets); diff != "" {
		t.Errorf("secrets (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]string{"PLAIN": "1"}, o.Env); diff != "" {
		t.Errorf("env (-want +got):\n%s", diff)
	}
	want := impl.Override{Entrypoint: "/bin/sh", Args: []string{"-c", impl.SecretScript, impl.SecretScriptName, "node", "s.js"}}
	if o.Override == nil || !cmp.Equal(*o.Override, want) || o.FIFOHostPath != "/tmp/f" || o.Alias != "t" {
		t.Errorf("options = %+v, want the wrapper %v, FIFO /tmp/f and alias t", o, want)
	}
	argv, err := impl.TongRunArgvV2(secret.Name, secret.Value, o)
	if err != nil {
		t.Fatal(err)
	}
	if joined := strings.Join(argv, " "); strings.Contains(joined, "${secret") || strings.Contains(joined, "TOKEN") {
		t.Errorf("a secret reaches the argv: %q", argv)
	}

	// no FIFO: an error naming the secrets
	_, _, err = load.LaunchOptionsV2(secret, "s1-tong-t", load.LaunchV2{})
	var e *impl.Error
	if !errors.As(err, &e) || e.Rule != "RUN-12" || !strings.Contains(err.Error(), "A_TOKEN, B_TOKEN") {
		t.Errorf("no FIFO: err = %v, want a RUN-12 error naming A_TOKEN, B_TOKEN", err)
	}
	// nothing to exec behind the wrapper: EXEC-3, unless the image says
	bare := doc("lifecycle: session\nimage: i:1\ninterface: {kind: port, port: 80}\nenv: {T: '${secret:op:t}'}\n")
	if _, _, err := load.LaunchOptionsV2(bare, "s1-tong-t", load.LaunchV2{FIFO: "/tmp/f"}); !errors.As(err, &e) || e.Rule != "EXEC-3" {
		t.Errorf("no process: err = %v, want EXEC-3", err)
	}
	if o, _, err := load.LaunchOptionsV2(bare, "s1-tong-t", load.LaunchV2{FIFO: "/tmp/f", ImageEntrypoint: []string{"/e"}, ImageCmd: []string{"run"}}); err != nil || o.Override == nil || !cmp.Equal(o.Override.Args[3:], []string{"/e", "run"}) {
		t.Errorf("the image's process: %+v, %v; want the wrapper to exec /e run", o.Override, err)
	}

	// no secrets: no FIFO, the definition's own override
	plain := doc("lifecycle: shared\nimage: i:1\nentrypoint: [/bin/x]\ninterface: {kind: none}\nreadiness: {mode: none}\n")
	o, secrets, err = load.LaunchOptionsV2(plain, "s1-tong-t", load.LaunchV2{FIFO: "/tmp/f", Hash: true})
	if err != nil || o.Override != nil || o.FIFOHostPath != "" || len(secrets) != 0 || len(o.LabelHash) != 64 {
		t.Errorf("no secrets: %+v, %v, %v; want no override, no FIFO, a hash label", o, secrets, err)
	}
}
