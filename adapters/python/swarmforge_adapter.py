#!/usr/bin/env python3
"""tongref conformance adapter for Python launchers.

Serves spec/PROTOCOL.md on stdin/stdout for a Python module that exposes the
Swarmforge launcher's tong functions, of either spec version: version 1 (the
launcher's PR #11) or version 2 (the launcher as it is today). The module is
loaded from a file:

    python3 swarmforge_adapter.py --module path/to/tongs.py

and the runner drives it:

    tongref conform --adapter 'python3 adapters/python/swarmforge_adapter.py --module path/to/tongs.py'

Binding. Every function is called by keyword, never by position: each
protocol argument is matched to the parameter of the same name that
inspect.signature reads from the module's function (`definition` also
matches `defn`, `argv` matches `anvil_argv`, `secrets` matches
`resolved_secrets`, `tongs` matches `merged`). A function one of whose
arguments has no parameter to go to is "unsupported", never called with the
argument dropped or moved; the one exception is an argument whose value
means "absent" (a null v2 argument, an empty v1 `tmpfs_dirs`), which is
left out. The spec version served is read from the signatures as well
(`tong_run_argv` taking `fifo_host_path`, `shared_container_name` taking
`scope`, or a function that only spec 2 has) and sent in the hello answer.

Errors. An exception the module raises becomes an error answer: a
ValueError (or a subclass) is "invalid", the documented way to reject an
input; anything else is "crash". Under spec 1 a UnicodeError counts as a
crash, as protocol version 1 has it; under spec 2 it is a refusal too, and
secret_provider_command's KeyError (no such provider) and
UnmappedSecretError (no command for the ref) are its documented refusals.
Diagnostics go to stderr. Standard library only; Python 3.9 or later.
"""

import argparse
import importlib.util
import inspect
import json
import os
import re
import sys
import traceback

PROTOCOL = 1
NAME = "swarmforge-python"

# The layer name merged entries carry; the protocol's tongs have no layers,
# so every tong comes from this one.
SOURCE_LAYER = "repo"

# How many crash tracebacks to copy to stderr before only counting them.
MAX_TRACEBACKS = 20


class BadRequest(Exception):
    """A request the protocol does not allow (a runner fault, not the module's)."""


class BadResult(Exception):
    """A result the module returned that the protocol cannot carry."""


class Unsupported(Exception):
    """A request the module's function cannot express."""


# --- results: each shaper turns the function's value into the protocol's ----

def _same(got):
    return got


def _pair(op, first, second):
    """A shaper for a function that returns a 2-tuple the protocol names."""
    def shape(got):
        if isinstance(got, dict) and set(got) == {first, second}:
            return got
        try:
            a, b = got
        except (TypeError, ValueError):
            raise BadResult(f"{op} returned {got!r}, not a ({first}, {second}) pair") from None
        if isinstance(got, (str, bytes, dict)):
            raise BadResult(f"{op} returned {got!r}, not a ({first}, {second}) pair")
        return {first: a, second: b}
    return shape


def _readiness(got):
    try:
        mode, command, timeout_s = got
    except (TypeError, ValueError):
        raise BadResult(f"readiness_settings returned {got!r}, not a (mode, command, timeout_s) triple") from None
    if isinstance(command, tuple):
        command = list(command)
    return {"mode": mode, "command": command, "timeout_s": timeout_s}


def _errors(got):
    if got is None or isinstance(got, (str, bytes, dict)):
        raise BadResult(f"validate_tong returned {got!r}, not a list of errors")
    return {"errors": [str(e) for e in got]}


def _collisions(got):
    if not isinstance(got, dict):
        raise BadResult(f"alias_collisions returned {got!r}, not a dict")
    out = {}
    for alias, names in got.items():
        # A set of names has no order of its own; a list keeps the module's.
        out[alias] = sorted(names) if isinstance(names, (set, frozenset)) else list(names)
    return out


# --- the op table -----------------------------------------------------------

class Op:
    """One protocol op: the module functions that implement it, its
    arguments in each spec version, and how its result is shaped.

    functions: names to look for in the module, the protocol's first.
    args: {spec version: (argument, ...)}; an op absent from a version has
        no entry for it.
    absent: {argument: test} for arguments of one version only whose value
        can mean "not given"; such an argument is left out when the module
        has no parameter for it and the test holds.
    refusals: names of exception classes, besides ValueError, that are the
        function's documented refusals (looked up in the module).
    """

    def __init__(self, name, args, shape=_same, functions=(), absent=None, refusals=()):
        self.name = name
        self.args = args
        self.shape = shape
        self.functions = (name,) + tuple(functions)
        self.absent = absent or {}
        self.refusals = refusals


def _is_none(v):
    return v is None


def _is_empty(v):
    return isinstance(v, list) and not v


_V1_RUN = ("name", "definition", "container_name", "network", "alias", "env",
           "tmpfs_dirs", "label_hash", "workspace", "socket_path")
_V2_RUN = ("name", "definition", "container_name", "network", "alias", "env",
           "label_hash", "workspace", "socket_path", "fifo_host_path", "entrypoint", "command")


def _both(*args):
    return {1: args, 2: args}


def _v2(*args):
    return {2: args}


OPS = [
    # Spec 1's thirteen ops, in spec/PROTOCOL.md's order.
    Op("parse_duration", _both("value", "default")),
    Op("readiness_settings", _both("definition"), _readiness),
    Op("validate_tong", _both("name", "definition"), _errors),
    Op("canonical_alias", _both("name", "definition")),
    Op("alias_collisions", _both("tongs"), _collisions),
    Op("tong_mount_specs", _both("definition", "workspace", "socket_path")),
    Op("tong_resource_flags", _both("definition")),
    Op("tong_run_argv", {1: _V1_RUN, 2: _V2_RUN},
       absent={"tmpfs_dirs": _is_empty, "fifo_host_path": _is_none,
               "entrypoint": _is_none, "command": _is_none}),
    Op("shared_container_name", {1: ("name",), 2: ("name", "scope")}, absent={"scope": _is_none}),
    Op("session_container_name", _both("session_id", "name")),
    Op("inject_anvil_argv", _both("argv", "network", "pre_image_args", "post_image_args")),
    Op("anvil_option_value", _both("argv", "flag")),
    Op("config_hash", _both("definition")),
    # Spec 2's new ops.
    Op("to_create_argv", _v2("argv")),
    Op("org_scope_token", _v2("org_tongs_dir")),
    Op("shared_network_name", _v2("scope")),
    Op("session_network_name", _v2("session_id")),
    Op("run_override", _v2("definition"), _pair("run_override", "entrypoint", "args"),
       functions=("declared_run_override",)),
    Op("exec_target", _v2("definition", "image_entrypoint", "image_cmd"),
       functions=("resolve_exec_target",)),
    Op("secret_inject_argv", _v2("target_argv"), _pair("secret_inject_argv", "entrypoint", "command")),
    Op("render_secret_exports", _v2("secrets")),
    Op("partition_secret_env", _v2("env"), _pair("partition_secret_env", "plain", "secret")),
    Op("secret_provider_command", _v2("providers", "provider", "ref"),
       refusals=("KeyError", "UnmappedSecretError")),
    Op("plan_network", _v2("tongs", "base_network", "session_id")),
    Op("plan_injection", _v2("tongs", "harness")),
    Op("mcp_url", _v2("definition", "alias")),
    Op("tong_env_var", _v2("name", "suffix")),
]

OPS_BY_NAME = {op.name: op for op in OPS}

SPECS = (1, 2)

# The module parameter names a protocol argument may go to, besides its own.
PARAM_ALIASES = {
    "definition": ("defn",),
    "argv": ("anvil_argv",),
    "secrets": ("resolved_secrets",),
    "tongs": ("merged",),
}

# Functions only a spec 2 launcher has: any of them makes the module spec 2
# when tong_run_argv and shared_container_name do not settle it.
SPEC2_FUNCTIONS = ("to_create_argv", "org_scope_token", "shared_network_name",
                   "render_secret_exports", "secret_inject_argv",
                   "exec_target", "resolve_exec_target",
                   "run_override", "declared_run_override")


def _parameters(fn):
    try:
        return inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return None


def detect_spec(module):
    """The spec version the module's signatures show (1 or 2)."""
    run = _parameters(getattr(module, "tong_run_argv", None)) if callable(getattr(module, "tong_run_argv", None)) else None
    if run is not None:
        if "fifo_host_path" in run:
            return 2
        if "tmpfs_dirs" in run:
            return 1
    shared = getattr(module, "shared_container_name", None)
    params = _parameters(shared) if callable(shared) else None
    if params is not None and "scope" in params:
        return 2
    if any(callable(getattr(module, f, None)) for f in SPEC2_FUNCTIONS):
        return 2
    return 1


class Binding:
    """How one op's protocol arguments reach one module function."""

    def __init__(self, op, fn, params):
        self.op = op
        self.fn = fn
        # protocol argument -> parameter name (None: the function has none)
        self.to_param = {}
        names = set(params)
        var_kw = any(p.kind == p.VAR_KEYWORD for p in params.values())
        for spec_args in op.args.values():
            for arg in spec_args:
                param = None
                for cand in (arg,) + PARAM_ALIASES.get(arg, ()):
                    if cand in names and params[cand].kind in (
                            inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY):
                        param = cand
                        break
                if param is None and var_kw:
                    param = arg
                self.to_param[arg] = param
        # Parameters a call must give: no default, not *args or **kwargs.
        self.required = {
            n for n, p in params.items()
            if p.default is p.empty and p.kind in (
                inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY,
                inspect.Parameter.POSITIONAL_ONLY)
        }

    def why_not(self, spec):
        """Why spec's form of the op cannot be called, or None when it can."""
        args = self.op.args[spec]
        given = set()
        for arg in args:
            param = self.to_param[arg]
            if param is None:
                if arg not in self.op.absent:
                    return f"{self.fn.__name__} has no parameter for {arg!r}"
                continue
            given.add(param)
        missing = self.required - given
        if missing:
            return f"{self.fn.__name__} needs {', '.join(sorted(missing))}, which spec {spec}'s {self.op.name} does not give"
        return None

    def kwargs(self, args, transform):
        """The keyword arguments for one request's args, or Unsupported."""
        kwargs = {}
        for arg, value in args.items():
            param = self.to_param.get(arg)
            if param is None:
                test = self.op.absent.get(arg)
                if test is not None and test(value):
                    continue  # means "not given": the module's default stands
                raise Unsupported(f"{self.fn.__name__} has no parameter for {arg}={_cut(repr(value), 80)}")
            kwargs[param] = transform(arg, value)
        missing = self.required - set(kwargs)
        if missing:
            raise Unsupported(f"{self.fn.__name__} needs {', '.join(sorted(missing))}, which this request does not give")
        return kwargs


class Adapter:
    def __init__(self, module, spec=None, stderr=sys.stderr):
        self.module = module
        self.stderr = stderr
        self.crashes = 0
        self.spec = spec if spec is not None else detect_spec(module)
        # op name -> Binding, for the ops of the served spec the module can take.
        self.table = {}
        # op name -> why the module cannot serve it (for the unsupported answer)
        self.unbound = {}
        for op in OPS:
            if self.spec not in op.args:
                continue
            fn = None
            for fname in op.functions:
                cand = getattr(module, fname, None)
                if callable(cand):
                    fn = cand
                    break
            if fn is None:
                self.unbound[op.name] = f"the module defines no {' or '.join(op.functions)}"
                continue
            params = _parameters(fn)
            if params is None:
                self.unbound[op.name] = f"the signature of {op.functions[0]} cannot be read"
                continue
            binding = Binding(op, fn, params)
            why = binding.why_not(self.spec)
            if why is not None:
                self.unbound[op.name] = why
                print(f"swarmforge_adapter: {op.name} is unsupported: {why}", file=self.stderr)
                continue
            self.table[op.name] = binding
        self.refusals = {}
        for op in OPS:
            classes = []
            for cname in op.refusals:
                cls = getattr(module, cname, None) if cname != "KeyError" else KeyError
                if isinstance(cls, type) and issubclass(cls, BaseException):
                    classes.append(cls)
            self.refusals[op.name] = tuple(classes)

    def hello(self, args):
        if not isinstance(args, dict) or args.get("protocol") != PROTOCOL:
            raise BadRequest(f"protocol {args.get('protocol') if isinstance(args, dict) else args!r} requested; this adapter speaks {PROTOCOL}")
        return {
            "name": NAME,
            "protocol": PROTOCOL,
            "spec": self.spec,
            "ops": [op.name for op in OPS if op.name in self.table],
            "values": "plain",
            "pipeline": True,
        }

    def transform(self, arg, value):
        """A protocol value as the module's function takes it."""
        if arg == "tongs":
            if not isinstance(value, dict):
                raise BadRequest("tongs is not an object")
            return {name: {"source": SOURCE_LAYER, "definition": d} for name, d in value.items()}
        if arg == "providers":
            return self.load_providers(value)
        return value

    def load_providers(self, raw):
        """The provider table as the module's loader leaves it.

        The protocol sends the table as written in the providers file; the
        launcher's secret_provider_command takes what its loader made of it.
        The loader reads a file, so its per-entry checks are called here on
        the table itself: the module's own _load_provider_entry and
        _coerce_provider_command, in the order load_secret_providers calls
        them. A module without them gets the table as it is.
        """
        entry_fn = getattr(self.module, "_load_provider_entry", None)
        command_fn = getattr(self.module, "_coerce_provider_command", None)
        if not (callable(entry_fn) and callable(command_fn)):
            return raw
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            raise ValueError("secret-providers: 'providers' must be a mapping")
        out = {}
        for name, entry in raw.items():
            if isinstance(entry, dict):
                out[name] = entry_fn(name, entry)
            else:
                out[name] = command_fn("provider %r" % name, entry)
        return out

    def check_args(self, op, args):
        """The spec version whose form of op args has, or BadRequest."""
        keys = set(args)
        for spec in sorted(op.args, key=lambda s: s != self.spec):
            if keys == set(op.args[spec]):
                return spec
        want = op.args.get(self.spec) or op.args[max(op.args)]
        missing = [a for a in want if a not in keys]
        if missing:
            raise BadRequest(f"missing argument {missing[0]!r}")
        extra = sorted(keys - set(want))
        raise BadRequest(f"unknown argument {extra[0]!r}")

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
            name = req.get("op")
            args = req.get("args")
            if not isinstance(args, dict):
                raise BadRequest("args is not an object")
            if name == "hello":
                return _dump({"id": rid, "result": self.hello(args)}, rid)
            op = OPS_BY_NAME.get(name) if isinstance(name, str) else None
            if op is None:
                return _error(rid, "unsupported", f"{name}: not a protocol op")
            self.check_args(op, args)
            binding = self.table.get(name)
            if binding is None:
                why = self.unbound.get(name, f"not an op of spec {self.spec}")
                return _error(rid, "unsupported", f"{name}: {why}")
            kwargs = binding.kwargs(args, self.transform)
            result = op.shape(binding.fn(**kwargs))
        except BadRequest as exc:
            print(f"swarmforge_adapter: bad request {_cut(line)}: {exc}", file=self.stderr)
            return _error(rid, "crash", f"bad request: {exc}")
        except Unsupported as exc:
            return _error(rid, "unsupported", f"{name}: {exc}")
        except ValueError as exc:
            if isinstance(exc, UnicodeError) and self.spec == 1:
                # Protocol version 1 counts an encode failure on a string
                # sent with lone surrogates (invalid UTF-8, DM-3) as a crash.
                return self.crash(rid, line, exc)
            return _error(rid, "invalid", f"{type(exc).__name__}: {exc}")
        except Exception as exc:  # the module crashed, or refused the documented way
            if isinstance(exc, self.refusals.get(name, ())):
                return _error(rid, "invalid", f"{type(exc).__name__}: {exc}")
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
        description="Serve tongref's conformance protocol for a Python tong module.")
    parser.add_argument("--module", required=True, metavar="PATH",
                        help="the .py file that defines the launcher's tong functions")
    parser.add_argument("--spec", type=int, choices=SPECS,
                        help="the spec version to serve (default: the one the module's signatures show)")
    opts = parser.parse_args(argv)
    # Integers of any size travel as decimal text (spec/PROTOCOL.md, Values).
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)
    # Answers go to the original stdout; anything the module prints goes to
    # stderr, so a stray print cannot break the protocol.
    outfd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    try:
        module = load_module(os.path.abspath(opts.module))
    except Exception as exc:
        print(f"swarmforge_adapter: cannot load {opts.module}: {type(exc).__name__}: {exc}", file=sys.stderr)
        traceback.print_exc(file=sys.stderr)
        return 2
    # A function that reads the working directory (org_scope_token with a
    # relative path) answers the same in every run.
    os.chdir("/")
    try:
        Adapter(module, spec=opts.spec).serve(outfd=outfd)
    except BrokenPipeError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
