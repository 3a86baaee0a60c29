"""Pure launch toolkit for sidecar tongs.

This module reproduces the behaviour of the Swarmforge launcher's pure
helpers as its pull request #11 added them, so that tongref's Python adapter
can be tested against a launcher-shaped module. It runs no docker: every
function returns plain values or argv lists.
"""

import hashlib
import json
import re

LIFECYCLES = frozenset({"session", "shared"})
INTERFACE_KINDS = frozenset({"mcp", "port", "volume", "none"})
NETWORK_KINDS = frozenset({"mcp", "port"})
READINESS_MODES = frozenset({"tcp", "healthcheck", "none"})
MCP_TRANSPORTS = frozenset({"http"})
MOUNT_WORDS = frozenset({"workspace", "docker-socket"})

DEFAULT_READINESS_TIMEOUT = 30.0
DEFAULT_DOCKER_SOCKET = "/var/run/docker.sock"
SECRET_DIR = "/run/swarmforge/secrets"

LABEL_NAME = "swarmforge.tong.name"
LABEL_CONFIG_HASH = "swarmforge.tong.config-hash"

SHARED_PREFIX = "swarmforge-shared"

_DURATION_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)(ms|s|m|h)?\s*$")
_DURATION_FACTORS = {None: 1, "s": 1, "ms": 0.001, "m": 60, "h": 3600}
_SECRET_RE = re.compile(r"\$\{secret:[A-Za-z0-9_-]+:[^}]+\}")
_SECRET_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NAME_UNSAFE_RE = re.compile(r"[^A-Za-z0-9_.-]+")

# An anvil argv is ["docker", "run", OPTION..., IMAGE, ARG...].
_OPTIONS_START = 2
# docker run options whose value is the next argv token.
_VALUE_FLAGS = frozenset({"--name", "--network", "--tmpfs", "--env-file", "-e", "-v", "-w"})


# --- readiness ---------------------------------------------------------------

def parse_duration(value, default=None):
    """Return a duration in seconds: "30s", "500ms", "2m", "1h" or a number.

    None gives ``default``. Raises ValueError on a typo or a duration that
    is not greater than zero.
    """
    if value is None:
        return default
    if isinstance(value, (int, float)):
        seconds = float(value)
    elif isinstance(value, str):
        match = _DURATION_RE.match(value)
        if not match:
            raise ValueError(f"invalid duration {value!r}: use 30s, 500ms, 2m or 1h")
        seconds = float(match.group(1)) * _DURATION_FACTORS[match.group(2)]
    else:
        raise ValueError(f"invalid duration {value!r}")
    if seconds <= 0:
        raise ValueError(f"duration {value!r} must be greater than zero")
    return seconds


def readiness_settings(defn):
    """Resolve a tong's readiness block to (mode, command, timeout_s)."""
    iface = defn.get("interface") or {}
    readiness = defn.get("readiness") or {}
    default_mode = "tcp" if iface.get("kind") in NETWORK_KINDS else "none"
    mode = readiness.get("mode") or default_mode
    command = readiness.get("command")
    timeout = parse_duration(readiness.get("timeout"), DEFAULT_READINESS_TIMEOUT)
    return mode, command, timeout


# --- validation --------------------------------------------------------------

def is_secret_value(value):
    return isinstance(value, str) and bool(_SECRET_RE.search(value))


def validate_tong(name, defn):
    """Return the list of problems with a tong definition (empty when valid)."""
    if not isinstance(defn, dict):
        return [f"tong {name}: definition must be a mapping"]
    errors = []

    if defn.get("lifecycle") not in LIFECYCLES:
        errors.append(f"tong {name}: lifecycle must be 'session' or 'shared'")

    image = defn.get("image")
    if not isinstance(image, str) or not image:
        errors.append(f"tong {name}: image must be a non-empty string")

    kind = None
    iface = defn.get("interface")
    if not isinstance(iface, dict):
        errors.append(f"tong {name}: interface must be a mapping")
    else:
        kind = iface.get("kind")
        if kind not in INTERFACE_KINDS:
            errors.append(f"tong {name}: interface.kind must be one of mcp, port, volume, none")
            kind = None
        if kind in NETWORK_KINDS:
            port = iface.get("port")
            if not isinstance(port, int):
                errors.append(f"tong {name}: interface.port must be an integer")
        if kind == "mcp":
            if not iface.get("name"):
                errors.append(f"tong {name}: an mcp interface needs a name")
            if iface.get("transport", "http") not in MCP_TRANSPORTS:
                errors.append(f"tong {name}: interface.transport must be http")
        if kind == "volume":
            if not iface.get("volume"):
                errors.append(f"tong {name}: a volume interface needs a volume")
            if not iface.get("mountpoint"):
                errors.append(f"tong {name}: a volume interface needs a mountpoint")

    readiness = defn.get("readiness")
    if readiness is not None and not isinstance(readiness, dict):
        errors.append(f"tong {name}: readiness must be a mapping")
    else:
        readiness = readiness or {}
        mode = readiness.get("mode")
        if mode is not None and mode not in READINESS_MODES:
            errors.append(f"tong {name}: readiness.mode must be tcp, healthcheck or none")
        if kind in ("volume", "none"):
            if mode is None:
                errors.append(f"tong {name}: a {kind} tong must state readiness.mode")
            elif mode == "tcp":
                errors.append(f"tong {name}: readiness.mode tcp needs a port, and a {kind} tong has none")
        try:
            parse_duration(readiness.get("timeout"), DEFAULT_READINESS_TIMEOUT)
        except ValueError as exc:
            errors.append(f"tong {name}: readiness.timeout: {exc}")
        command = readiness.get("command")
        if command is not None and (
                not isinstance(command, list) or not command
                or not all(isinstance(word, str) for word in command)):
            errors.append(f"tong {name}: readiness.command must be a non-empty list of strings")

    env = defn.get("env", {})
    if not isinstance(env, dict):
        errors.append(f"tong {name}: env must be a mapping")
    else:
        for key, value in env.items():
            if not is_secret_value(value):
                continue
            if not _SECRET_NAME_RE.fullmatch(key):
                errors.append(f"tong {name}: secret env name {key!r} must be an identifier")
                continue
            file_key = key + "_FILE"
            if file_key in env and env[file_key] != f"{SECRET_DIR}/{key}":
                errors.append(f"tong {name}: env.{file_key} must be {SECRET_DIR}/{key}")

    mounts = defn.get("mounts", [])
    if not isinstance(mounts, list) or not all(isinstance(m, str) for m in mounts):
        errors.append(f"tong {name}: mounts must be a list of strings")
    else:
        for mount in mounts:
            if mount.partition(":")[0] not in MOUNT_WORDS:
                errors.append(f"tong {name}: unknown mount {mount!r}: use workspace or docker-socket")

    networks = defn.get("networks", [])
    if not isinstance(networks, list) or not all(isinstance(n, str) for n in networks):
        errors.append(f"tong {name}: networks must be a list of strings")

    resources = defn.get("resources", {})
    if not isinstance(resources, dict):
        errors.append(f"tong {name}: resources must be a mapping")
    else:
        memory = resources.get("memory")
        if memory is not None and not isinstance(memory, (str, int, float)):
            errors.append(f"tong {name}: resources.memory must be a string or a number")

    return errors


# --- aliases -----------------------------------------------------------------

def canonical_alias(name, defn):
    """The DNS alias a tong registers: interface.name for mcp, else its name."""
    iface = defn.get("interface") or {}
    if iface.get("kind") == "mcp":
        return iface["name"]
    return name


def alias_collisions(merged):
    """Aliases claimed by more than one network-facing tong.

    ``merged`` maps each tong name to {"source": layer, "definition": defn}.
    """
    claims = {}
    for name, entry in merged.items():
        defn = entry["definition"]
        if (defn.get("interface") or {}).get("kind") not in NETWORK_KINDS:
            continue
        claims.setdefault(canonical_alias(name, defn), []).append(name)
    return {alias: sorted(names) for alias, names in claims.items() if len(names) > 1}


# --- docker argv builders ----------------------------------------------------

def tong_mount_specs(defn, workspace, socket_path=DEFAULT_DOCKER_SOCKET):
    """Resolve the definition's mount words to docker -v specs."""
    specs = []
    for mount in defn.get("mounts") or []:
        word, _, mode = mount.partition(":")
        if word == "workspace":
            if workspace is None:
                raise ValueError("the workspace mount needs a known workspace path")
            spec = f"{workspace}:/workspace"
        elif word == "docker-socket":
            spec = f"{socket_path}:{socket_path}"
        else:
            raise ValueError(f"unknown mount {mount!r}")
        if mode:
            spec += ":" + mode
        specs.append(spec)
    return specs


def tong_resource_flags(defn):
    """Map the resources block to docker flags."""
    resources = defn.get("resources") or {}
    memory = resources.get("memory")
    if memory is None:
        return []
    return ["--memory", str(memory)]


def tong_run_argv(name, defn, container_name, network, alias, env=None,
                  tmpfs_dirs=(), label_hash=None, workspace=None,
                  socket_path=DEFAULT_DOCKER_SOCKET):
    """The `docker run -d` argv that starts one tong."""
    argv = ["docker", "run", "-d", "--name", container_name]
    if network:
        argv += ["--network", network]
    if alias and (defn.get("interface") or {}).get("kind") in NETWORK_KINDS:
        argv += ["--network-alias", alias]
    argv += ["--label", f"{LABEL_NAME}={name}"]
    if label_hash:
        argv += ["--label", f"{LABEL_CONFIG_HASH}={label_hash}"]
    for directory in tmpfs_dirs:
        argv += ["--tmpfs", directory]
    env = env or {}
    for key in sorted(env):
        argv += ["-e", f"{key}={env[key]}"]
    for spec in tong_mount_specs(defn, workspace, socket_path):
        argv += ["-v", spec]
    argv += tong_resource_flags(defn)
    argv.append(defn["image"])
    return argv


def _name_token(name):
    return _NAME_UNSAFE_RE.sub("-", name).strip("-_.")


def shared_container_name(name):
    """The session-independent container name of a shared tong."""
    token = _name_token(name)
    return f"{SHARED_PREFIX}-{token}" if token else SHARED_PREFIX


def session_container_name(session_id, name):
    """The per-session container name of a session tong."""
    token = _name_token(name)
    return f"{session_id}-tong-{token}" if token else f"{session_id}-tong"


# --- the anvil's argv --------------------------------------------------------

def _split_anvil(argv):
    """Split a `docker run` argv into (docker run, options, image and the rest)."""
    start = _OPTIONS_START
    i = start
    while i < len(argv):
        token = argv[i]
        if token in _VALUE_FLAGS:
            i += 2
        elif token.startswith("-"):
            i += 1
        else:
            break
    i = min(i, len(argv))
    return argv[:start], argv[start:i], argv[i:]


def inject_anvil_argv(anvil_argv, network=None, pre_image_args=(), post_image_args=()):
    """Return a new anvil argv joined to ``network`` and carrying the extra args."""
    argv = list(anvil_argv)
    if not network and not pre_image_args and not post_image_args:
        return argv
    head, options, rest = _split_anvil(argv)
    if network:
        for i, token in enumerate(options):
            if token == "--network" and i + 1 < len(options):
                options[i + 1] = network
                break
            if token.startswith("--network="):
                options[i] = "--network=" + network
                break
        else:
            options = ["--network", network] + options
    return head + list(pre_image_args) + options + rest + list(post_image_args)


def anvil_option_value(argv, flag):
    """The value of ``flag`` among the docker options before the image, or None."""
    _, options, _ = _split_anvil(list(argv))
    for i, token in enumerate(options):
        if token == flag and i + 1 < len(options):
            return options[i + 1]
        if token.startswith(flag + "="):
            return token[len(flag) + 1:]
    return None


# --- labels ------------------------------------------------------------------

def config_hash(defn):
    """SHA-256 of the definition's canonical JSON, for the config-hash label."""
    canonical = json.dumps(defn, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
