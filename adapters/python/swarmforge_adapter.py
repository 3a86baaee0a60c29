#!/usr/bin/env python3
"""tongref conformance adapter for Python launchers (protocol version 1).

Serves spec/PROTOCOL.md on stdin/stdout for a Python module that exposes the
Swarmforge launcher's tong functions (parse_duration, readiness_settings,
validate_tong, canonical_alias, alias_collisions, tong_mount_specs,
tong_resource_flags, tong_run_argv, shared_container_name,
session_container_name, inject_anvil_argv, anvil_option_value,
config_hash). The module is loaded from a file:

    python3 swarmforge_adapter.py --module path/to/tongs.py

and the runner drives it:

    tongref conform --adapter 'python3 adapters/python/swarmforge_adapter.py --module path/to/tongs.py'

An exception the module raises becomes an error answer: a ValueError (or a
subclass) is "invalid", the documented way to reject an input; anything else
is "crash". An op the module does not define is "unsupported". Diagnostics
go to stderr. Standard library only; Python 3.9 or later.
"""

import argparse
import importlib.util
import json
import os
import re
import sys
import traceback

PROTOCOL = 1
NAME = "swarmforge-python"

# The layer name alias_collisions' merged entries carry; the protocol's
# tongs have no layers, so every tong comes from this one.
SOURCE_LAYER = "repo"

# How many crash tracebacks to copy to stderr before only counting them.
MAX_TRACEBACKS = 20


class BadRequest(Exception):
    """A request the protocol does not allow (a runner fault, not the module's)."""


class BadResult(Exception):
    """A result the module returned that the protocol cannot carry."""


def _arg(args, key):
    try:
        return args[key]
    except KeyError:
        raise BadRequest(f"missing argument {key!r}") from None


# --- the ops: each calls the module's function and shapes its result --------
#
# Each takes (fn, args) and returns the JSON result. The module's function
# is called positionally, in the order of the Swarmforge signature.

def op_parse_duration(fn, args):
    return fn(_arg(args, "value"), _arg(args, "default"))


def op_readiness_settings(fn, args):
    got = fn(_arg(args, "definition"))
    try:
        mode, command, timeout_s = got
    except (TypeError, ValueError):
        raise BadResult(f"readiness_settings returned {got!r}, not a (mode, command, timeout_s) triple") from None
    if isinstance(command, tuple):
        command = list(command)
    return {"mode": mode, "command": command, "timeout_s": timeout_s}


def op_validate_tong(fn, args):
    got = fn(_arg(args, "name"), _arg(args, "definition"))
    if got is None or isinstance(got, (str, bytes, dict)):
        raise BadResult(f"validate_tong returned {got!r}, not a list of errors")
    return {"errors": [str(e) for e in got]}


def op_canonical_alias(fn, args):
    return fn(_arg(args, "name"), _arg(args, "definition"))


def op_alias_collisions(fn, args):
    tongs = _arg(args, "tongs")
    if not isinstance(tongs, dict):
        raise BadRequest("tongs is not an object")
    merged = {name: {"source": SOURCE_LAYER, "definition": d} for name, d in tongs.items()}
    got = fn(merged)
    if not isinstance(got, dict):
        raise BadResult(f"alias_collisions returned {got!r}, not a dict")
    out = {}
    for alias, names in got.items():
        # A set of names has no order of its own; a list keeps the module's.
        names = sorted(names) if isinstance(names, (set, frozenset)) else list(names)
        out[alias] = names
    return out


def op_tong_mount_specs(fn, args):
    return fn(_arg(args, "definition"), _arg(args, "workspace"), _arg(args, "socket_path"))


def op_tong_resource_flags(fn, args):
    return fn(_arg(args, "definition"))


def op_tong_run_argv(fn, args):
    return fn(
        _arg(args, "name"),
        _arg(args, "definition"),
        _arg(args, "container_name"),
        _arg(args, "network"),
        _arg(args, "alias"),
        _arg(args, "env"),
        _arg(args, "tmpfs_dirs"),
        _arg(args, "label_hash"),
        _arg(args, "workspace"),
        _arg(args, "socket_path"),
    )


def op_shared_container_name(fn, args):
    return fn(_arg(args, "name"))


def op_session_container_name(fn, args):
    return fn(_arg(args, "session_id"), _arg(args, "name"))


def op_inject_anvil_argv(fn, args):
    return fn(
        _arg(args, "argv"),
        _arg(args, "network"),
        _arg(args, "pre_image_args"),
        _arg(args, "post_image_args"),
    )


def op_anvil_option_value(fn, args):
    return fn(_arg(args, "argv"), _arg(args, "flag"))


def op_config_hash(fn, args):
    return fn(_arg(args, "definition"))


OPS = {
    "parse_duration": op_parse_duration,
    "readiness_settings": op_readiness_settings,
    "validate_tong": op_validate_tong,
    "canonical_alias": op_canonical_alias,
    "alias_collisions": op_alias_collisions,
    "tong_mount_specs": op_tong_mount_specs,
    "tong_resource_flags": op_tong_resource_flags,
    "tong_run_argv": op_tong_run_argv,
    "shared_container_name": op_shared_container_name,
    "session_container_name": op_session_container_name,
    "inject_anvil_argv": op_inject_anvil_argv,
    "anvil_option_value": op_anvil_option_value,
    "config_hash": op_config_hash,
}


class Adapter:
    def __init__(self, module, stderr=sys.stderr):
        self.module = module
        self.stderr = stderr
        self.crashes = 0
        # The module's functions, looked up once: op -> (shaper, function).
        self.table = {}
        for op, shape in OPS.items():
            fn = getattr(module, op, None)
            if callable(fn):
                self.table[op] = (shape, fn)

    def hello(self, args):
        if not isinstance(args, dict) or args.get("protocol") != PROTOCOL:
            raise BadRequest(f"protocol {args.get('protocol') if isinstance(args, dict) else args!r} requested; this adapter speaks {PROTOCOL}")
        return {
            "name": NAME,
            "protocol": PROTOCOL,
            "ops": [op for op in OPS if op in self.table],
            "values": "plain",
            "pipeline": True,
        }

    def answer(self, line):
        """Answer one request line (str); return the response line (str, with \\n)."""
        try:
            req = _decode(line)
        except json.JSONDecodeError as exc:
            print(f"swarmforge_adapter: not JSON {_cut(line)}: {exc}", file=self.stderr)
            return _error(_scrape_id(line), "crash", f"bad request: not JSON: {exc}")
        except RecursionError as exc:  # nested too deeply for json to read
            return self.crash(_scrape_id(line), line, exc)
        rid = req.get("id") if isinstance(req, dict) else None
        try:
            if not isinstance(req, dict):
                raise BadRequest("a request is a JSON object")
            op = req.get("op")
            args = req.get("args")
            if not isinstance(args, dict):
                raise BadRequest("args is not an object")
            if op == "hello":
                return _dump({"id": rid, "result": self.hello(args)}, rid)
            entry = self.table.get(op)
            if entry is None:
                why = "not a protocol op" if op not in OPS else f"the module defines no {op}"
                return _error(rid, "unsupported", f"{op}: {why}")
            shape, fn = entry
            result = shape(fn, args)
        except BadRequest as exc:
            print(f"swarmforge_adapter: bad request {_cut(line)}: {exc}", file=self.stderr)
            return _error(rid, "crash", f"bad request: {exc}")
        except ValueError as exc:
            if isinstance(exc, UnicodeError):
                # A string the protocol sent with lone surrogates (invalid
                # UTF-8, DM-3) broke an encode: no launcher raises that on
                # purpose, so it is a crash, not a rejection.
                return self.crash(rid, line, exc)
            return _error(rid, "invalid", f"{type(exc).__name__}: {exc}")
        except Exception as exc:  # the module crashed: report it, keep serving
            return self.crash(rid, line, exc)
        return _dump({"id": rid, "result": result}, rid)

    def crash(self, rid, line, exc):
        self.crashes += 1
        if self.crashes <= MAX_TRACEBACKS:
            print(f"swarmforge_adapter: request {_cut(line)} raised:", file=self.stderr)
            traceback.print_exception(type(exc), exc, exc.__traceback__, file=self.stderr)
        elif self.crashes == MAX_TRACEBACKS + 1:
            print("swarmforge_adapter: more crashes follow; tracebacks no longer shown", file=self.stderr)
        return _error(rid, "crash", f"{type(exc).__name__}: {exc}")

    def serve(self, infd=0, outfd=1):
        """Answer requests until end of input.

        Reads whatever is available, answers every complete line in it, and
        writes the answers in one go before reading again: a lone request
        is answered at once, a pipelined burst costs one write.
        """
        answer = self.answer
        pending = b""
        while True:
            chunk = os.read(infd, 1 << 16)
            if not chunk:
                break
            pending += chunk
            end = pending.rfind(b"\n")
            if end < 0:
                continue
            # "\n" never occurs inside a UTF-8 sequence, so the complete
            # lines decode on their own.
            lines = pending[:end].decode("utf-8", "surrogateescape").split("\n")
            pending = pending[end + 1:]
            out = "".join([answer(line) for line in lines if line and not line.isspace()])
            _write_all(outfd, out.encode("ascii"))
        if pending.strip():
            _write_all(outfd, answer(pending.decode("utf-8", "surrogateescape")).encode("ascii"))


# Requests are read and answers written with Python's json, which already
# speaks the protocol's numbers: integers of any size, floats written as
# repr() writes them, NaN and Infinity. Answers are pure ASCII.
_decode = json.JSONDecoder().decode
_encode = json.JSONEncoder(ensure_ascii=True, allow_nan=True, check_circular=False).encode


def _dump(obj, rid):
    try:
        return _encode(obj) + "\n"
    except (TypeError, ValueError, RecursionError) as exc:
        return _error(rid, "crash", f"result cannot be written as JSON: {type(exc).__name__}: {exc}")


_ID_RE = re.compile(r'\A\s*\{\s*"id"\s*:\s*(-?[0-9]+)\s*[,}]')


def _scrape_id(line):
    """The id of a request json could not read, when it comes first; else None."""
    m = _ID_RE.match(line)
    return int(m.group(1)) if m else None


def _error(rid, kind, message):
    return _dump({"id": rid, "error": {"kind": kind, "message": message}}, rid)


def _cut(line, n=200):
    return line if len(line) <= n else line[:n] + "..."


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def load_module(path):
    name = os.path.splitext(os.path.basename(path))[0] or "tongs"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load a Python module from {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Serve tongref's conformance protocol (v1) for a Python tong module.")
    parser.add_argument("--module", required=True, metavar="PATH",
                        help="the .py file that defines the launcher's tong functions")
    opts = parser.parse_args(argv)
    # Integers of any size travel as decimal text (spec/PROTOCOL.md, Values).
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)
    try:
        module = load_module(opts.module)
    except Exception as exc:
        print(f"swarmforge_adapter: cannot load {opts.module}: {type(exc).__name__}: {exc}", file=sys.stderr)
        traceback.print_exc(file=sys.stderr)
        return 2
    try:
        Adapter(module).serve()
    except BrokenPipeError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
