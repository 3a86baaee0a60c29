package impl

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// injectAnvilArgvOld and anvilOptionValueOld are InjectAnvilArgv and
// AnvilOptionValue as first written, walking the argv two or three times:
// the oracles of TestOneWalkArgvOps.

func injectAnvilArgvOld(argv []string, network string, preImage, postImage []string) ([]string, error) {
	if network == "" && len(preImage) == 0 && len(postImage) == 0 {
		return argv, nil
	}
	a, err := scanAnvil(argv)
	if err != nil {
		return nil, err
	}
	if network != "" {
		if err := checkNetworkName("network", network, "INJ-4"); err != nil {
			return nil, err
		}
	}
	if err := checkPreImage(preImage, tableFor(argv[a.sub])); err != nil {
		return nil, err
	}

	// Find the network options before the image.
	first, extra := -1, 0
	if network != "" {
		walkOptions(argv, a.sub+1, tableFor(argv[a.sub]), "argv", func(o occurrence) {
			if o.flag.Option == "network" {
				if first < 0 {
					first = o.tok
				} else {
					extra += o.end - o.tok
				}
			}
		})
	}

	n := len(argv) + len(preImage) + len(postImage) - extra
	if network != "" && first < 0 {
		n += 2
	}
	out := make([]string, 0, n)
	out = append(out, argv[:a.sub+1]...)
	out = append(out, preImage...)
	if network != "" && first < 0 {
		out = append(out, "--network", network)
	}
	if network == "" || first < 0 {
		out = append(out, argv[a.sub+1:a.image]...)
	} else {
		// Copy the options, rewriting the first network option and
		// dropping the later ones.
		next := a.sub + 1
		seen := false
		walkOptions(argv, a.sub+1, tableFor(argv[a.sub]), "argv", func(o occurrence) {
			if o.flag.Option != "network" {
				return
			}
			out = append(out, argv[next:o.tok]...)
			next = o.end
			if seen {
				return
			}
			seen = true
			if o.form == formLongEq {
				name := argv[o.tok][:strings.IndexByte(argv[o.tok], '=')]
				out = append(out, name+"="+network)
			} else {
				out = append(out, argv[o.tok], network)
			}
		})
		out = append(out, argv[next:a.image]...)
	}
	out = append(out, argv[a.image:]...)
	out = append(out, postImage...)
	return out, nil
}

func anvilOptionValueOld(argv []string, flag string) (value string, found bool, err error) {
	a, serr := scanAnvil(argv)
	if serr != nil {
		return "", false, serr
	}
	t := tableFor(argv[a.sub])
	var want *Flag
	switch {
	case len(flag) > 2 && flag[0] == '-' && flag[1] == '-':
		want = t.long[flag[2:]]
	case len(flag) == 2 && flag[0] == '-':
		want = t.shorthand(flag[1])
	}
	if want == nil {
		return "", false, errorv("flag", "OPT-1", flag, "is not an option of docker "+argv[a.sub]+"; write it as docker run --help lists it, such as \"--network\" or \"-e\"")
	}
	walkOptions(argv, a.sub+1, t, "argv", func(o occurrence) {
		if o.flag.Option == want.Option {
			value, found = o.value, true
		}
	})
	return value, found, nil
}

// argvPieces are the tokens random anvil argvs are drawn from: global,
// container and run options in every spelling, network options (often
// several), operands, "--", and malformed or unknown flags.
var argvPieces = []string{
	"docker", "/usr/bin/docker", "--context", "default", "-c", "x", "--debug", "container", "run", "create",
	"--net=a", "--network", "b", "--net", "c", "--network=d", "--network-alias", "e", "-e", "K=V", "-eK=V",
	"--rm", "-it", "-dit", "--detach", "-d", "--name", "n", "-h", "--help", "-test.v", "---x", "--=x", "--bogus",
	"-", "--", "img", "ghcr.io/acme/h:1", "claude", "-p", "--network", "--rm=false", "-v", "/a:/b",
}

func randomArgv(r *rand.Rand) []string {
	argv := []string{"docker"}
	if r.IntN(8) == 0 {
		argv = argv[:0]
	}
	switch r.IntN(4) {
	case 0:
		argv = append(argv, "container", "run")
	case 1, 2:
		argv = append(argv, "run")
	}
	for n := r.IntN(14); n > 0; n-- {
		p := argvPieces[r.IntN(len(argvPieces))]
		if r.IntN(3) == 0 {
			p = []string{"--net=x", "--network", "--net", "--network=y"}[r.IntN(4)]
		}
		argv = append(argv, p)
	}
	if r.IntN(4) != 0 {
		argv = append(argv, "img", "arg")
	}
	return argv
}

// TestOneWalkArgvOps holds InjectAnvilArgv and AnvilOptionValue, which
// now read the argv in the scanner's one walk, to the versions that walked
// it again: the same result or the same fault, on random argvs with up to
// a dozen network options.
func TestOneWalkArgvOps(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	nets := []string{"", "tongs", "bad=net", "-x"}
	pres := [][]string{nil, {"-e", "A=1"}, {"--network", "x"}, {"--", "x"}, {"img"}, {"--rm"}}
	posts := [][]string{nil, {"--mcp-config", "/m.json"}}
	flags := []string{"--network", "--net", "-e", "--detach", "-d", "--rm", "--bogus", "-", "--", "-x", "network"}
	ok, many := 0, 0
	for i := range 40_000 {
		argv := randomArgv(r)
		network, pre, post := nets[r.IntN(len(nets))], pres[r.IntN(len(pres))], posts[r.IntN(len(posts))]
		want, wantErr := injectAnvilArgvOld(argv, network, pre, post)
		got, gotErr := InjectAnvilArgv(argv, network, pre, post)
		if diff := cmp.Diff(wantErr, gotErr); diff != "" || !slicesEqual(want, got) {
			t.Fatalf("case %d: InjectAnvilArgv(%q, %q, %q, %q) = %q, %v; before: %q, %v", i, argv, network, pre, post, got, gotErr, want, wantErr)
		}
		if gotErr == nil {
			ok++
			if strings.Count(strings.Join(argv, " "), "--net") > 4 {
				many++
			}
		}
		flag := flags[r.IntN(len(flags))]
		v, f, e := AnvilOptionValue(argv, flag)
		wv, wf, we := anvilOptionValueOld(argv, flag)
		if v != wv || f != wf || cmp.Diff(we, e) != "" {
			t.Fatalf("case %d: AnvilOptionValue(%q, %q) = %q, %v, %v; before: %q, %v, %v", i, argv, flag, v, f, e, wv, wf, we)
		}
	}
	t.Logf("%d injections succeed, %d with more than 4 network options", ok, many)
	if ok < 4000 || many < 100 {
		t.Errorf("%d of 40000 injections succeed, %d of them with more than 4 network options; the generator is off balance", ok, many)
	}
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) || (a == nil) != (b == nil) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
