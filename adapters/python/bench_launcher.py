#!/usr/bin/env python3
"""Time a Python launcher's tong functions on tongref's benchmark inputs.

impl's TestSideBySide (`make bench-python`) starts this script once per
launcher checkout and alternates with it, so the Go and Python columns of
its table come from one run under one load. The inputs are those of the Go
benchmarks: impl/testdata/bench-inputs.json, one case per benchmark, with
the arguments named as the conformance protocol names them.

    python3 bench_launcher.py --module CHECKOUT/scripts/tongs.py --inputs impl/testdata/bench-inputs.json

On start it writes one JSON line, {"python": VERSION, "cases": {BENCH:
STATUS}}, STATUS being
"ok", "ok: NOTE" (the call leaves out an argument the function does not
take) or why the case cannot run here ("no function ...", the exception its
one trial call raised). Then, for each line "BENCH N" it reads, it calls the
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

# The protocol's argument names that the Swarmforge launcher spells otherwise.
RENAME = {"definition": "defn"}


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
    kw = {}
    for key, value in args.items():
        name = RENAME.get(key, key)
        if op == "inject_anvil_argv" and key == "argv":
            name = "anvil_argv"
        if op == "alias_collisions" and key == "tongs":
            # the launcher's merged form, built once, outside the timing
            name = "merged"
            value = {n: {"source": "repo", "definition": d} for n, d in value.items()}
        kw[name] = value
    params = inspect.signature(fn).parameters
    dropped = sorted(k for k in kw if k not in params)
    for k in dropped:
        del kw[k]
    bound = inspect.signature(fn).bind(**kw)
    note = ""
    if dropped:
        note = "takes no " + ", ".join(dropped)
    return tuple(bound.args), bound.kwargs, note


def prepare(module, cases):
    calls, status = {}, {}
    for case in cases:
        bench, op = case["bench"], case["op"]
        fn = getattr(module, op, None)
        if not callable(fn):
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
    return calls, status


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
    calls, status = prepare(load_module(opts.module), cases)
    out = sys.stdout
    out.write(json.dumps({"python": sys.version.split()[0], "cases": status}) + "\n")
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
