// Command launcher uses tongref as a Go launcher does, from a module of its
// own: it loads each tong definition named on the command line, validates
// it, builds the docker argv that starts it in session s1 on the network
// tongs-s1, and rewrites an anvil's argv to join that network. It prints
// one JSON object; a definition that fails to load or validate is listed
// with its errors, and the exit status is then 1.
//
// load's TestOutsideModule builds it in a temporary module that requires
// tongref through a replace directive, and compares its output with the
// same calls made inside tongref.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/load"
)

const (
	session = "s1"
	network = "tongs-s1"
)

// The anvil's own docker run, as the launcher's configuration gives it.
var anvil = []string{"docker", "run", "--rm", "-it", "--network", "bridge", "-v", "/home/me/project:/workspace", "ghcr.io/acme/anvil:1", "claude", "--network", "keep"}

type tong struct {
	File   string   `json:"file"`
	Argv   []string `json:"argv,omitempty"`
	Errors []string `json:"errors,omitempty"`
	Rules  []string `json:"rules,omitempty"`
}

func main() {
	out := struct {
		Tongs []tong   `json:"tongs"`
		Anvil []string `json:"anvil"`
	}{}
	status := 0
	for _, file := range os.Args[1:] {
		t, err := launch(file)
		if err != nil {
			status = 1
			var ie *impl.Error
			for _, e := range unwrapAll(err) {
				t.Errors = append(t.Errors, e.Error())
				if errors.As(e, &ie) {
					t.Rules = append(t.Rules, ie.Rule)
				}
			}
		}
		out.Tongs = append(out.Tongs, t)
	}
	var err error
	if out.Anvil, err = impl.InjectAnvilArgv(anvil, network, nil, nil); err != nil {
		fmt.Fprintln(os.Stderr, "launcher:", err)
		os.Exit(2)
	}
	b, _ := json.MarshalIndent(out, "", "  ")
	fmt.Println(string(b))
	os.Exit(status)
}

// launch loads, validates and builds the argv of one tong.
func launch(file string) (tong, error) {
	t := tong{File: file}
	d, err := load.File(file)
	if err != nil {
		return t, err
	}
	if faults := impl.ValidateTong(d.Name, d.Value); len(faults) > 0 {
		errs := make([]error, len(faults))
		for i, f := range faults {
			errs[i] = f
		}
		return t, errors.Join(errs...)
	}
	name, err := load.ContainerName(d, session)
	if err != nil {
		return t, err
	}
	opts, err := load.LaunchOptions(d, name, load.Launch{Network: network, Workspace: "/home/me/project"})
	if err != nil {
		return t, err
	}
	t.Argv, err = impl.TongRunArgv(d.Name, d.Value, opts)
	return t, err
}

// unwrapAll splits an errors.Join into its errors.
func unwrapAll(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
