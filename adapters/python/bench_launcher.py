#!/usr/bin/env python3
"""Time a Python launcher's tong functions on tongref's benchmark inputs.

impl's TestSideBySide (`make bench-python`) starts this script once per
launcher checkout and alternates with it, so the Go and Python columns of
its table come from one run under one load. The inputs are those of the Go
benchmarks: impl/testdata/bench-inputs.json, one case per benchmark, with
the arguments named as the conformance protocol names them.

    python3 bench_launcher.py --module CHECKOUT/scripts/tongs.py --inputs impl/testdata/bench-inputs.json

A case with "spec": 2 times an op of spec version 2 (spec/SPEC-v2.md) and
runs only on a launcher of that version, as swarmforge_adapter.py's
detect_spec reads it from the module's signatures; the op's function may
have the launcher's own name (resolve_exec_target for exec_target), and
the arguments the launcher spells otherwise are renamed as the adapter
renames them.

On start it writes one JSON line, {"python": VERSION, "spec": 1 or 2,
"cases": {BENCH: STATUS}}, STATUS being
"ok", "ok: NOTE" (the call leaves out an argument the function does not
take) or why the case cannot run here ("no function ...", "a spec 2 case",
the exception its one trial call raised). Then, for each line "BENCH N" it reads, it calls the
function N times and writes the CPU time that took, in nanoseconds (a
time.process_time_ns difference, the loop included): on a busy machine the
time other processes take is not counted. Arguments are bound beforehand; the timed
loop does nothing but call.

Only the standard library is used.
"""

import argparse
import importlib.util
import inspect
import itertools
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from swarmforge_adapter import OPS_BY_NAME, PARAM_ALIASES, detect_spec  # noqa: E402

# The tongs of alias_collisions, plan_network and plan_injection go to the
# launcher in its merged form, built once, outside the timing.
MERGED = ("alias_collisions", "plan_network", "plan_injection")


def load_module(path):
    path = os.path.abspath(path)
    spec = importlib.util.spec_from_file_location("bench_target", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"bench_launcher: cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bind(fn, op, args):
    """The positional arguments of one call, and a note of any argument the
    function does not take."""
    params = inspect.signature(fn).parameters
    kw = {}
    for key, value in args.items():
        name = key
        for cand in (key,) + PARAM_ALIASES.get(key, ()):
            if cand in params:
                name = cand
                break
        if key == "tongs" and op in MERGED:
            value = {n: {"source": "repo", "definition": d} for n, d in value.items()}
        kw[name] = value
    dropped = sorted(k for k in kw if k not in params)
    for k in dropped:
        del kw[k]
    bound = inspect.signature(fn).bind(**kw)
    note = ""
    if dropped:
        note = "takes no " + ", ".join(dropped)
    return tuple(bound.args), bound.kwargs, note


def function(module, op):
    """The module's function for op: its protocol name, or the launcher's
    own name for it (swarmforge_adapter.py's op table)."""
    names = OPS_BY_NAME[op].functions if op in OPS_BY_NAME else (op,)
    for name in names:
        fn = getattr(module, name, None)
        if callable(fn):
            return fn
    return None


def prepare(module, cases):
    calls, status = {}, {}
    spec = detect_spec(module)
    for case in cases:
        bench, op = case["bench"], case["op"]
        if case.get("spec", 1) > spec:
            status[bench] = f"a spec {case['spec']} case; the launcher is spec {spec}"
            continue
        fn = function(module, op)
        if fn is None:
            status[bench] = f"no function {op}"
            continue
        try:
            args, kwargs, note = bind(fn, op, case["args"])
        except TypeError as exc:
            status[bench] = f"cannot call {op}: {exc}"
            continue
        if kwargs:
            status[bench] = f"cannot call {op} positionally"
            continue
        try:
            got = fn(*args)
        except Exception as exc:  # the case cannot be timed here
            status[bench] = f"{op} raises {type(exc).__name__}: {exc}"
            continue
        if op == "validate_tong" and got:
            # the Go side times a valid definition; so must this side
            status[bench] = f"validate_tong finds faults: {got!r}"
            continue
        calls[bench] = (fn, args)
        status[bench] = "ok: " + note if note else "ok"
    return spec, calls, status


def timed(fn, args, n):
    repeat = itertools.repeat
    clock = time.process_time_ns
    start = clock()
    for _ in repeat(None, n):
        fn(*args)
    return clock() - start


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--module", required=True, help="the launcher module, such as CHECKOUT/scripts/tongs.py")
    p.add_argument("--inputs", required=True, help="impl/testdata/bench-inputs.json")
    opts = p.parse_args(argv)
    with open(opts.inputs, encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    spec, calls, status = prepare(load_module(opts.module), cases)
    out = sys.stdout
    out.write(json.dumps({"python": sys.version.split()[0], "spec": spec, "cases": status}) + "\n")
    out.flush()
    while True:
        line = sys.stdin.readline()
        if not line:
            return
        bench, _, n = line.strip().rpartition(" ")
        fn, args = calls[bench]
        out.write(str(timed(fn, args, int(n))) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
