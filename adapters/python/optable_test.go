package python_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/tongref/tongref/internal/conform"
)

// TestAdapterMapsEveryOp walks conform's op table: for every op of spec
// version 1, the adapter on the PR #11 test module, and for every op of
// version 2 on the test module of the launcher at 42246cf (each defines
// them all), lists it in its hello answer and answers the op's first
// vector of that version, sent with the table's argument names, with
// something other than "unsupported". An op added to the table without
// its mapping in swarmforge_adapter.py fails here.
func TestAdapterMapsEveryOp(t *testing.T) {
	for spec, module := range map[int]string{1: testModule, 2: headModule} {
		t.Run(module, func(t *testing.T) { mapsEveryOp(t, spec, module) })
	}
}

func mapsEveryOp(t *testing.T, spec int, module string) {
	vecs := corpus(t)
	a := startAdapter(t, module)
	a.send(`{"id": 0, "op": "hello", "args": {"protocol": 1}}`)
	var hello struct {
		Result struct {
			Ops  []string
			Spec int
		}
	}
	if err := json.Unmarshal([]byte(a.recv()), &hello); err != nil {
		t.Fatal(err)
	}
	if hello.Result.Spec != spec {
		t.Errorf("hello says spec %d, want %d", hello.Result.Spec, spec)
	}
	listed := map[string]bool{}
	for _, op := range hello.Result.Ops {
		listed[op] = true
	}
	for _, o := range conform.OpsOf(spec) {
		if !listed[o.Name] {
			t.Errorf("hello lists no %s: swarmforge_adapter.py does not map it", o.Name)
			continue
		}
		var args map[string]any
		for _, v := range vecs {
			if v.Op == o.Name && v.AppliesTo(spec) {
				args = v.Args
				break
			}
		}
		if args == nil {
			t.Errorf("%s: no vector to send", o.Name)
			continue
		}
		for _, arg := range o.Args {
			if _, ok := args[arg.Name]; !ok {
				t.Errorf("%s: its first vector lacks the table's argument %s", o.Name, arg.Name)
			}
		}
		a.send(fmt.Sprintf(`{"id": 1, "op": %q, "args": %s}`, o.Name, conform.Marshal(args)))
		var r struct {
			Error *struct{ Kind, Message string }
		}
		line := a.recv()
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%s: %v: %s", o.Name, err, line)
		}
		if r.Error != nil && r.Error.Kind == conform.KindUnsupported {
			t.Errorf("%s %s = %s, want an answer: the adapter does not map the op", o.Name, conform.Marshal(args), line)
		}
	}
}
