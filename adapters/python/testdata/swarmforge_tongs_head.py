"""Pure launch toolkit for sidecar tongs, as the launcher has it at spec 2.

This module reproduces the behaviour of the Swarmforge launcher's pure
helpers at commit 42246cf (spec/SPEC.md's spec version 2), defects included,
so that tongref's Python adapter can be tested against a module with that
launcher's signatures: tong_run_argv without tmpfs_dirs and with the secret
FIFO, entrypoint and command; shared_container_name with a scope; and the
helpers the launch path gained (create argvs, org scopes, network names,
run overrides, secret delivery). It runs no docker and reads no file.
"""

import hashlib
import json
import os
import re

LIFECYCLES = frozenset({"session", "shared"})
INTERFACE_KINDS = frozenset({"mcp", "port", "volume", "none"})
NETWORK_KINDS = frozenset({"mcp", "port"})
READINESS_MODES = frozenset({"tcp", "healthcheck", "none"})
MCP_TRANSPORTS = frozenset({"http"})
MOUNT_MODES = frozenset({"ro", "rw"})

DEFAULT_READINESS_TIMEOUT = 30.0
DEFAULT_DOCKER_SOCKET = "/var/run/docker.sock"
FIFO_TARGET = "/run/swarmforge/secret-env"
WRAPPER_SHELL = "/bin/sh"
HOST_PATH_ENV = "SWARMFORGE_WORKSPACE_HOST_PATH"

LABEL_NAME = "swarmforge.tong.name"
LABEL_CONFIG_HASH = "swarmforge.tong.config-hash"

SHARED_PREFIX = "swarmforge-shared"
SHARED_NET_PREFIX = "swarmforge-shared-net"
SESSION_NET_PREFIX = "swarmforge-session"
ENV_VAR_PREFIX = "SWARMFORGE_TONG"
MCP_PATH = "/mcp"

# \d and $ as Python has them: Unicode digits; $ also before a final newline.
_DURATION_RE = re.compile(r"^(\d+(?:\.\d+)?)(ms|s|m|h)?$")
_DURATION_FACTORS = {None: 1.0, "s": 1.0, "ms": 0.001, "m": 60.0, "h": 3600.0}
_SECRET_REF_RE = re.compile(r"\$\{secret:([^:}]+):([^}]+)\}")
_IDENTIFIER_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_NAME_UNSAFE_RE = re.compile(r"[^A-Za-z0-9_.-]+")
_ENV_UNSAFE_RE = re.compile(r"[^A-Za-z0-9]+")

# The docker run options whose value is the next token, as far as the
# anvil argv scanner knows.
_VALUE_FLAGS = frozenset({"--name", "--network", "--tmpfs", "--env-file", "-e", "-v", "-w"})


def _whole_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


# --- readiness ---------------------------------------------------------------

def parse_duration(value, default=None):
    """Seconds for "30s", "500ms", "2m", "1h", or a number; None gives default."""
    if value is None:
        return default
    if _whole_int(value) or isinstance(value, float):
        seconds = float(value)
    elif isinstance(value, str):
        match = _DURATION_RE.match(value.strip())
        if match is None:
            raise ValueError(f"invalid duration {value!r}")
        seconds = float(match.group(1)) * _DURATION_FACTORS[match.group(2)]
    else:
        raise ValueError(f"a duration is a string or a number, not {value!r}")
    if seconds <= 0:
        raise ValueError(f"duration {value!r} must be greater than zero")
    return seconds


def readiness_settings(defn):
    """(mode, command, timeout_s) of a validated definition."""
    iface = defn.get("interface") or {}
    readiness = defn.get("readiness") or {}
    mode = readiness.get("mode")
    if mode is None:
        mode = "tcp" if iface.get("kind") in NETWORK_KINDS else "none"
    return mode, readiness.get("command"), parse_duration(readiness.get("timeout"), DEFAULT_READINESS_TIMEOUT)


# --- secret references -------------------------------------------------------

def _has_secret_ref(value):
    """Whether a secret reference occurs in any string inside value."""
    if isinstance(value, str):
        return _SECRET_REF_RE.search(value) is not None
    if isinstance(value, dict):
        return any(_has_secret_ref(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_secret_ref(v) for v in value)
    return False


def partition_secret_env(env):
    """Split an env mapping into (plain, secret) by secret-reference presence."""
    plain, secret = {}, {}
    for key, value in (env or {}).items():
        (secret if _has_secret_ref(value) else plain)[key] = value
    return plain, secret


# --- validation --------------------------------------------------------------

def validate_tong(name, defn):
    """The problems of one definition; empty when it is valid."""
    if not isinstance(defn, dict):
        return [f"{name}: a definition is a mapping"]
    problems = []

    def problem(text):
        problems.append(f"{name}: {text}")

    lifecycle = defn.get("lifecycle")
    if lifecycle is None:
        problem("lifecycle is required")
    elif lifecycle not in LIFECYCLES:
        problem(f"lifecycle {lifecycle!r} is neither session nor shared")

    image = defn.get("image")
    if not image or not isinstance(image, str):
        problem("image is required, as a string")

    kind = None
    iface = defn.get("interface")
    if not isinstance(iface, dict):
        problem("interface is required, as a mapping")
    else:
        kind = iface.get("kind")
        if kind not in INTERFACE_KINDS:
            problem(f"interface.kind {kind!r} is none of mcp, port, volume, none")
        elif kind in NETWORK_KINDS:
            if not _whole_int(iface.get("port")):
                problem(f"a {kind} interface needs an integer port")
            if kind == "mcp":
                if not iface.get("name"):
                    problem("an mcp interface needs a name")
                if iface.get("transport", "http") not in MCP_TRANSPORTS:
                    problem("interface.transport must be http")
        elif kind == "volume":
            if not iface.get("volume"):
                problem("a volume interface needs a volume")
            if not iface.get("mountpoint"):
                problem("a volume interface needs a mountpoint")

    readiness = defn.get("readiness")
    if readiness is not None and not isinstance(readiness, dict):
        problem("readiness is a mapping")
        readiness = None
    mode = readiness.get("mode") if readiness is not None else None
    if mode is not None and mode not in READINESS_MODES:
        problem(f"readiness.mode {mode!r} is none of tcp, healthcheck, none")
    if kind in ("volume", "none") and mode is None:
        problem(f"a {kind} interface must state readiness.mode")
    if mode == "tcp" and kind not in NETWORK_KINDS:
        problem(f"readiness.mode tcp needs a port, and a {kind} interface has none")
    if readiness is not None:
        try:
            parse_duration(readiness.get("timeout"), DEFAULT_READINESS_TIMEOUT)
        except ValueError as exc:
            problem(f"readiness.timeout: {exc}")
        command = readiness.get("command")
        if command is not None and not (
                isinstance(command, list) and command and all(isinstance(w, str) for w in command)):
            problem("readiness.command is a non-empty list of strings")

    env = defn.get("env")
    if env is not None and not isinstance(env, dict):
        problem("env is a mapping")
    elif isinstance(env, dict):
        for key in sorted(partition_secret_env(env)[1]):
            if not _IDENTIFIER_RE.match(key):
                problem(f"secret env name {key!r} is not an identifier")

    # Any list of strings passes: empty lists, empty words and NUL included.
    for field in ("entrypoint", "command"):
        value = defn.get(field)
        if value is not None and not (isinstance(value, list) and all(isinstance(w, str) for w in value)):
            problem(f"{field} is a list of strings")

    for field in ("mounts", "networks"):
        value = defn.get(field)
        if value is not None and not isinstance(value, list):
            problem(f"{field} is a list")

    mounts = defn.get("mounts")
    if isinstance(mounts, list):
        for mount in mounts:
            if not isinstance(mount, str):
                problem(f"a mount is a string, not {mount!r}")
                continue
            word, colon, mode = mount.partition(":")
            if word not in ("workspace", "docker-socket"):
                problem(f"unknown mount {mount!r}: use workspace or docker-socket")
            elif colon and mode not in MOUNT_MODES:
                problem(f"mount {mount!r}: the mode after ':' is ro or rw")

    networks = defn.get("networks")
    if isinstance(networks, list):
        for network in networks:
            if not isinstance(network, str):
                problem(f"a network is a string, not {network!r}")

    resources = defn.get("resources")
    if resources is not None and not isinstance(resources, dict):
        problem("resources is a mapping")
    elif isinstance(resources, dict):
        memory = resources.get("memory")
        if memory is not None and not (isinstance(memory, (str, float)) or _whole_int(memory)):
            problem("resources.memory is a string or a number")

    return problems


# --- secret providers --------------------------------------------------------

class UnmappedSecretError(Exception):
    """A structured provider has no command for a ref and no default."""

    def __init__(self, provider, ref):
        super().__init__(f"provider {provider!r} maps no command for {ref!r}")
        self.provider = provider
        self.ref = ref


def _coerce_provider_command(label, template):
    """A copy of one command template: a non-empty list of strings."""
    if not isinstance(template, list) or not template:
        raise ValueError(f"{label}: a command is a non-empty list")
    if not all(isinstance(word, str) for word in template):
        raise ValueError(f"{label}: a command is a list of strings")
    return list(template)


def _load_provider_entry(name, entry):
    """A structured provider entry as {"default": cmd|None, "overrides": {ref: cmd}}."""
    unknown = set(entry) - {"default", "overrides"}
    if unknown:
        raise ValueError(f"provider {name!r}: unknown keys {sorted(unknown)}; only default and overrides")
    default = entry.get("default")
    if default is not None:
        default = _coerce_provider_command(f"provider {name!r} default", default)
    overrides = entry.get("overrides")
    if overrides is not None and not isinstance(overrides, dict):
        raise ValueError(f"provider {name!r}: overrides is a mapping")
    loaded = {ref: _coerce_provider_command(f"provider {name!r} override {ref!r}", cmd)
              for ref, cmd in (overrides or {}).items()}
    if default is None and not loaded:
        raise ValueError(f"provider {name!r}: declare default, overrides or both")
    return {"default": default, "overrides": loaded}


def secret_provider_command(providers, provider, ref):
    """The argv that fetches ref through provider (a loaded table).

    KeyError for an unknown provider, UnmappedSecretError for a ref a
    structured provider does not cover.
    """
    entry = providers[provider]
    if isinstance(entry, dict):
        template = entry["overrides"].get(ref)
        if template is None:
            template = entry["default"]
        if template is None:
            raise UnmappedSecretError(provider, ref)
    else:
        template = entry
    return [word.replace("{ref}", ref) for word in template]


# --- secret delivery ---------------------------------------------------------

def render_secret_exports(resolved_secrets):
    """Shell text exporting each secret, single-quoted, names in sorted order."""
    out = []
    for key in sorted(resolved_secrets):
        if not _IDENTIFIER_RE.match(key):
            raise ValueError(f"secret env name {key!r} is not an identifier")
        value = resolved_secrets[key].replace("'", "'\\''")
        out.append(f"export {key}='{value}'\n")
    return "".join(out)


def secret_inject_argv(target_argv):
    """(entrypoint, command) of the wrapper that reads the FIFO, then execs."""
    script = f'secret_env=$(cat {FIFO_TARGET}) || exit 1; eval "$secret_env" || exit 1; exec "$@"'
    return WRAPPER_SHELL, ["-c", script, "swarmforge-tong"] + list(target_argv)


def resolve_exec_target(defn, image_entrypoint, image_cmd):
    """The argv the wrapper execs: declared or image entrypoint, then command."""
    entrypoint = defn.get("entrypoint")
    if entrypoint is None:
        entrypoint = image_entrypoint or []
    command = defn.get("command")
    if command is None:
        command = image_cmd or []
    target = list(entrypoint) + list(command)
    if not target:
        raise ValueError(f"image {defn.get('image')!r}: nothing to exec; declare a command")
    return target


def declared_run_override(defn):
    """(--entrypoint word or None, words after the image) of the declared overrides."""
    entrypoint = defn.get("entrypoint") or []
    command = defn.get("command") or []
    if entrypoint:
        return entrypoint[0], list(entrypoint[1:]) + list(command)
    return None, list(command)


# --- aliases, env names and MCP ---------------------------------------------

def _network_facing(defn):
    return (defn.get("interface") or {}).get("kind") in NETWORK_KINDS


def canonical_alias(name, defn):
    """The DNS alias a tong registers: interface.name for mcp when set, else its name."""
    iface = defn.get("interface") or {}
    if iface.get("kind") == "mcp" and iface.get("name"):
        return iface["name"]
    return name


def alias_collisions(merged):
    """{alias: [names]} for aliases more than one network-facing tong claims."""
    claims = {}
    for name in sorted(merged):
        defn = merged[name]["definition"]
        if _network_facing(defn):
            claims.setdefault(canonical_alias(name, defn), []).append(name)
    return {alias: names for alias, names in claims.items() if len(names) > 1}


def tong_env_var(name, suffix):
    """SWARMFORGE_TONG_<NAME>_<SUFFIX>, the name's other characters as _."""
    token = _ENV_UNSAFE_RE.sub("_", name).strip("_").upper()
    return f"{ENV_VAR_PREFIX}_{token}_{suffix.upper()}"


def mcp_url(defn, alias):
    """http://ALIAS:PORT/PATH of a validated mcp tong."""
    iface = defn.get("interface") or {}
    transport = iface.get("transport", "http")
    if transport != "http":
        raise ValueError(f"no URL for MCP transport {transport!r} (alias {alias!r})")
    path = iface.get("path", MCP_PATH)
    if not path.startswith("/"):
        path = "/" + path
    return "http://%s:%d%s" % (alias, iface["port"], path)


def _anvil_env(name, defn):
    iface = defn.get("interface") or {}
    kind = iface.get("kind")
    if kind == "port":
        return {tong_env_var(name, "HOST"): canonical_alias(name, defn),
                tong_env_var(name, "PORT"): str(iface.get("port"))}
    if kind == "volume" and iface.get("mountpoint"):
        return {tong_env_var(name, "PATH"): iface.get("mountpoint")}
    return {}


def _mcp_servers(merged):
    """{alias: definition} of the mcp tongs; the first name to claim an alias wins."""
    servers = {}
    for name in sorted(merged):
        defn = merged[name]["definition"]
        if (defn.get("interface") or {}).get("kind") == "mcp":
            servers.setdefault(canonical_alias(name, defn), defn)
    return servers


def plan_injection(merged, harness):
    """{env, mounts, mcp} the tongs add to one anvil launch for harness."""
    env, mounts = {}, []
    for name in sorted(merged):
        defn = merged[name]["definition"]
        for key, value in _anvil_env(name, defn).items():
            if key not in env or env[key] == value:
                env[key] = value
        iface = defn.get("interface") or {}
        if iface.get("kind") == "volume":
            mounts.append({"volume": iface.get("volume"), "mountpoint": iface.get("mountpoint")})
    servers = _mcp_servers(merged)
    if harness == "opencode":
        conf = {alias: {"type": "remote", "url": mcp_url(d, alias), "enabled": True} for alias, d in servers.items()}
        mcp = {"mcp": conf} if conf else {}
    elif harness == "claude":
        conf = {alias: {"type": "http", "url": mcp_url(d, alias)} for alias, d in servers.items()}
        mcp = {"mcpServers": conf} if conf else {}
    else:
        mcp = {}
    return {"env": env, "mounts": mounts, "mcp": mcp}


# --- names and networks ------------------------------------------------------

def _name_token(name):
    return _NAME_UNSAFE_RE.sub("-", name).strip("-_.")


def org_scope_token(org_tongs_dir):
    """HINT-xxxxxxxx for an org tongs directory; None when none is given."""
    if not org_tongs_dir:
        return None
    path = os.path.normpath(os.path.abspath(org_tongs_dir))
    digest = hashlib.sha256(path.encode("utf-8")).hexdigest()[:8]
    hint = _name_token(os.path.basename(os.path.dirname(os.path.dirname(path))))
    return f"{hint}-{digest}" if hint else digest


def shared_container_name(name, scope=None):
    """The session-independent container name of a shared tong, in scope."""
    parts = [SHARED_PREFIX]
    if scope:
        parts.append(scope)
    token = _name_token(name)
    if token:
        parts.append(token)
    return "-".join(parts)


def shared_network_name(scope):
    """The network a scope's shared tongs live on."""
    return f"{SHARED_NET_PREFIX}-{scope}"


def session_container_name(session_id, name):
    """The per-session container name of a session tong."""
    token = _name_token(name)
    return f"{session_id}-tong-{token}" if token else f"{session_id}-tong"


def session_network_name(session_id):
    """The per-session network's name."""
    token = _name_token(session_id)
    return f"{SESSION_NET_PREFIX}-{token}" if token else SESSION_NET_PREFIX


def plan_network(merged, base_network, session_id):
    """How one launch wires networks: the anvil's, the one to create, and the tongs' aliases."""
    if not any(merged[n]["definition"].get("lifecycle") == "session" for n in merged):
        return {"network": base_network, "create": None, "extra_networks": [],
                "session_aliases": [], "shared_connect": []}
    net = session_network_name(session_id)
    claimed = set()
    session_aliases, shared_connect = [], []
    for name in sorted(merged):
        defn = merged[name]["definition"]
        lifecycle = defn.get("lifecycle")
        if lifecycle not in LIFECYCLES or not _network_facing(defn):
            continue
        alias = canonical_alias(name, defn)
        if alias in claimed:
            continue
        claimed.add(alias)
        (session_aliases if lifecycle == "session" else shared_connect).append((name, alias))
    return {"network": net, "create": net, "extra_networks": [base_network] if base_network else [],
            "session_aliases": session_aliases, "shared_connect": shared_connect}


# --- docker argv builders ----------------------------------------------------

def tong_mount_specs(defn, workspace, socket_path=DEFAULT_DOCKER_SOCKET):
    """docker -v specs of the mount words; whatever follows ':' is appended."""
    specs = []
    for mount in defn.get("mounts") or []:
        if not isinstance(mount, str):
            raise ValueError(f"a mount is a string, not {mount!r}")
        word, colon, mode = mount.partition(":")
        if word == "workspace":
            if not workspace:
                raise ValueError("the workspace mount needs a known workspace path")
            spec = f"{workspace}:/workspace"
        elif word == "docker-socket":
            spec = f"{socket_path}:{socket_path}"
        else:
            raise ValueError(f"unknown mount {mount!r}")
        if colon and mode:
            spec += ":" + mode
        specs.append(spec)
    return specs


def tong_resource_flags(defn):
    """--memory of the resources block."""
    resources = defn.get("resources")
    if resources is None:
        return []
    if not isinstance(resources, dict):
        raise ValueError("resources is a mapping")
    memory = resources.get("memory")
    return [] if memory is None else ["--memory", str(memory)]


def _mounts_socket(defn):
    return any(isinstance(m, str) and m.split(":", 1)[0] == "docker-socket" for m in defn.get("mounts") or [])


def tong_run_argv(name, defn, container_name, network, alias, env=None,
                  label_hash=None, workspace=None, socket_path=DEFAULT_DOCKER_SOCKET,
                  fifo_host_path=None, entrypoint=None, command=None):
    """The `docker run -d` argv that starts one tong."""
    if entrypoint is None and command is None:
        entrypoint, command = declared_run_override(defn)
    argv = ["docker", "run", "-d", "--name", container_name]
    if network:
        argv += ["--network", network]
    if alias and _network_facing(defn):
        argv += ["--network-alias", alias]
    if entrypoint:
        argv += ["--entrypoint", entrypoint]
    argv += ["--label", f"{LABEL_NAME}={name}"]
    if label_hash:
        argv += ["--label", f"{LABEL_CONFIG_HASH}={label_hash}"]
    if fifo_host_path:
        argv += ["-v", f"{fifo_host_path}:{FIFO_TARGET}:ro"]
    env = dict(env or {})
    if workspace and _mounts_socket(defn) and defn.get("lifecycle") == "session":
        env.setdefault(HOST_PATH_ENV, workspace)
    for key in sorted(env):
        argv += ["-e", f"{key}={env[key]}"]
    for spec in tong_mount_specs(defn, workspace, socket_path):
        argv += ["-v", spec]
    argv += tong_resource_flags(defn)
    argv.append(defn["image"])
    return argv + list(command or [])


# --- the anvil's argv --------------------------------------------------------

def _after_subcommand(argv):
    """Index after the first run or create token; ValueError without one."""
    for i, token in enumerate(argv):
        if token in ("run", "create"):
            return i + 1
    raise ValueError(f"not a docker run argv: {argv!r}")


def _image_index(argv):
    """Index of the image: options end at the first word not starting with -."""
    i = _after_subcommand(argv)
    while i < len(argv):
        token = argv[i]
        if token == "--":
            return min(i + 1, len(argv))
        if not token.startswith("-") or token == "-":
            return i
        option, eq, _ = token.partition("=")
        i += 1
        if not eq and option in _VALUE_FLAGS:
            i += 1
    return len(argv)


def anvil_option_value(argv, flag):
    """The first value of flag among the options before the image, or None."""
    for i in range(_after_subcommand(argv), _image_index(argv)):
        token = argv[i]
        if token == flag and i + 1 < len(argv):
            return argv[i + 1]
        if token.startswith(flag + "="):
            return token[len(flag) + 1:]
    return None


def to_create_argv(anvil_argv):
    """A copy of the argv with its first run or create token made create."""
    out = list(anvil_argv)
    out[_after_subcommand(out) - 1] = "create"
    return out


def inject_anvil_argv(anvil_argv, network=None, pre_image_args=(), post_image_args=()):
    """A new anvil argv on network, with options before the image and args after."""
    argv = list(anvil_argv)
    if network:
        start, end = _after_subcommand(argv), _image_index(argv)
        for i in range(start, end):
            if argv[i] == "--network" and i + 1 < len(argv):
                argv[i + 1] = network
                break
            if argv[i].startswith("--network="):
                argv[i] = "--network=" + network
                break
        else:
            argv[start:start] = ["--network", network]
    if pre_image_args:
        at = _after_subcommand(argv)
        argv[at:at] = list(pre_image_args)
    return argv + list(post_image_args or [])


# --- labels ------------------------------------------------------------------

def config_hash(defn):
    """SHA-256 of the definition's canonical JSON."""
    text = json.dumps(defn, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
