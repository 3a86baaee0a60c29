package conform

import (
	"fmt"
	"math"
	"math/big"
	"strings"
	"sync"
)

// The vector corpus (spec/vectors): hand-picked requests, at least one
// accepted and one rejected per rule where the rule can reject, each
// naming its rule. The expected responses are the reference's; `tongref
// vectors` writes them.

func tong(kind string) map[string]any {
	switch kind {
	case "port":
		return map[string]any{"lifecycle": "session", "image": "postgres:16", "interface": map[string]any{"kind": "port", "port": int64(5432)}}
	case "mcp":
		return map[string]any{"lifecycle": "shared", "image": "ghcr.io/acme/github-mcp:latest", "interface": map[string]any{"kind": "mcp", "port": int64(8080), "name": "github"}}
	case "volume":
		return map[string]any{"lifecycle": "shared", "image": "busybox", "interface": map[string]any{"kind": "volume", "volume": "cache", "mountpoint": "/cache"}, "readiness": map[string]any{"mode": "none"}}
	}
	return map[string]any{"lifecycle": "session", "image": "busybox", "interface": map[string]any{"kind": "none"}, "readiness": map[string]any{"mode": "none"}}
}

// with returns a deep copy of def with the dotted path set to v (a
// missing marker deletes the key).
func with(def map[string]any, path string, v any) map[string]any {
	out := deepCopy(def).(map[string]any)
	m := out
	keys := strings.Split(path, ".")
	for _, k := range keys[:len(keys)-1] {
		next, ok := m[k].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[k] = next
		}
		m = next
	}
	if v == missing {
		delete(m, keys[len(keys)-1])
	} else {
		m[keys[len(keys)-1]] = v
	}
	return out
}

type missingT struct{}

var missing any = missingT{}

func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = deepCopy(e)
		}
		return out
	}
	return v
}

func l(s ...any) []any { return s }

type vrow struct {
	op, rule, why string
	args          map[string]any
}

func vt(rule, why, name string, def any) vrow {
	return vrow{"validate_tong", rule, why, map[string]any{"name": name, "definition": def}}
}

func pd(rule, why string, value any) vrow {
	return vrow{"parse_duration", rule, why, map[string]any{"value": value, "default": nil}}
}

func runArgs(name string, def any, over map[string]any) map[string]any {
	a := map[string]any{"name": name, "definition": def, "container_name": "s1-tong-" + name, "network": "tongs", "alias": nil,
		"env": map[string]any{}, "tmpfs_dirs": l(), "label_hash": nil, "workspace": nil, "socket_path": "/var/run/docker.sock"}
	for k, v := range over {
		a[k] = v
	}
	return a
}

func inj(argv []any, network any, pre, post []any) map[string]any {
	return map[string]any{"argv": argv, "network": network, "pre_image_args": pre, "post_image_args": post}
}

func opt(argv []any, flag string) map[string]any {
	return map[string]any{"argv": argv, "flag": flag}
}

func deep(n int) any {
	var v any = "x"
	for i := 0; i < n; i++ {
		v = l(v)
	}
	return v
}

var huge, _ = new(big.Int).SetString("1"+strings.Repeat("0", 400), 10)

func corpusRows() []vrow {
	port, mcp, vol, none := tong("port"), tong("mcp"), tong("volume"), tong("none")
	secret := "${secret:op:op://vault/item/token}"
	rows := []vrow{
		// §2 the data model
		vt("DM-1", "", "db", port),
		vt("DM-2", "a bool is never an integer: port true is not port 1", "db", with(port, "interface.port", true)),
		vt("DM-3", "a string that is not valid UTF-8", "db", with(port, "image", "postgres\xff")),
		vt("DM-3", "", "db", with(port, "x-note", "ghcr.io/ünï/cödé:1")),
		vt("DM-4", "nests deeper than 100 lists and maps", "db", with(port, "x", deep(100))),
		vt("DM-4", "", "db", with(port, "x", deep(98))),
		{"config_hash", "DM-4", "nests deeper than 100 lists and maps", map[string]any{"definition": deep(101)}},
		{"config_hash", "DM-3", "a key that is not valid UTF-8", map[string]any{"definition": map[string]any{"\xff": int64(1)}}},
		{"config_hash", "DM-6", "", map[string]any{"definition": map[string]any{"b": int64(1), "a": int64(2)}}},
		// DEF
		vt("DEF-1", "a definition is a map", "db", l("lifecycle", "session")),
		{"readiness_settings", "DEF-1", "a definition is a map", map[string]any{"definition": "port"}},
		vt("DEF-2", "", "db", with(port, "env", nil)),
		vt("DEF-2", "a null required field is missing", "db", with(port, "image", nil)),
		// §4 durations
		{"parse_duration", "DUR-1", "", map[string]any{"value": nil, "default": nil}},
		{"parse_duration", "DUR-1", "", map[string]any{"value": nil, "default": 30.0}},
		{"parse_duration", "DUR-1", "the default must be greater than zero", map[string]any{"value": nil, "default": int64(-1)}},
		pd("DUR-2", "", int64(30)),
		pd("DUR-2", "", 0.25),
		pd("DUR-2", "", new(big.Int).Lsh(big.NewInt(1), 70)),
		pd("DUR-3", "", "30s"),
		pd("DUR-3", "", "500ms"),
		pd("DUR-3", "", "1.5m"),
		pd("DUR-3", "", "1.1h"),
		pd("DUR-3", "", " \t2h\n"),
		pd("DUR-3", "", "100ms"),
		pd("DUR-3", "", "45"),
		pd("DUR-3", "a sign is not part of the grammar", "-5s"),
		pd("DUR-3", "a space between number and unit", "5 s"),
		pd("DUR-3", "no exponent", "1e3s"),
		pd("DUR-3", "a fraction needs digits on both sides", ".5s"),
		pd("DUR-3", "a fraction needs digits on both sides", "5.s"),
		pd("DUR-3", "Arabic-Indic digits are not ASCII digits", "٣٠s"),
		pd("DUR-3", "a unit the grammar does not have", "5d"),
		pd("DUR-3", "the empty string", ""),
		pd("DUR-3", "a no-break space is not ASCII whitespace", "\u00a05s"),
		pd("DUR-4", "zero gives the probe no time", int64(0)),
		pd("DUR-4", "zero gives the probe no time", "0s"),
		pd("DUR-4", "a negative number", -1.5),
		pd("DUR-4", "NaN never fires", math.NaN()),
		pd("DUR-4", "an infinite deadline never fires", math.Inf(1)),
		pd("DUR-4", "a huge integer overflows binary64", huge),
		pd("DUR-4", "overflows binary64", "1"+strings.Repeat("0", 400)),
		pd("DUR-4", "underflows to zero", "0."+strings.Repeat("0", 400)+"1ms"),
		pd("DUR-5", "a bool is not a duration", true),
		pd("DUR-5", "a list is not a duration", l("30s")),
		pd("DUR-5", "a map is not a duration", map[string]any{"s": int64(30)}),
		// §5 validate_tong
		vt("TONG-1", "", "github-mcp", mcp),
		vt("TONG-1", "an empty tong name", "", mcp),
		vt("TONG-1", "a control character in the name", "a\nb", mcp),
		vt("LIFE-1", "", "db", with(port, "lifecycle", "shared")),
		vt("LIFE-1", "lifecycle is missing", "db", with(port, "lifecycle", missing)),
		vt("LIFE-1", "not session or shared", "db", with(port, "lifecycle", "forever")),
		vt("LIFE-1", "a list lifecycle", "db", with(port, "lifecycle", l("session"))),
		vt("IMG-1", "image is missing", "db", with(port, "image", missing)),
		vt("IMG-1", "an empty image", "db", with(port, "image", "")),
		vt("IMG-1", "an integer image", "db", with(port, "image", int64(16))),
		vt("IMG-2", "docker would read it as an option", "db", with(port, "image", "--privileged")),
		vt("IMG-2", "whitespace in an image", "db", with(port, "image", "postgres 16")),
		vt("IMG-2", "", "db", with(port, "image", "registry:5000/a/b@sha256:"+strings.Repeat("0", 64))),
		vt("IMG-3", "", "db", with(port, "image", "[::1]:5000/team/a.b__c--d:v1_2")),
		vt("IMG-3", "an upper-case name docker cannot parse", "db", with(port, "image", "Alpine")),
		vt("IMG-3", "a short digest docker cannot parse", "db", with(port, "image", "redis@sha256:0123456789abcdef")),
		vt("IMG-3", "a second colon docker cannot parse", "db", with(port, "image", "a:b:c")),
		vt("IF-1", "interface is missing", "db", with(port, "interface", missing)),
		vt("IF-1", "interface is not a map", "db", with(port, "interface", "port")),
		vt("IF-2", "kind is missing", "db", with(port, "interface.kind", missing)),
		vt("IF-2", "not a kind", "db", with(port, "interface.kind", "socket")),
		vt("IF-2", "a list kind", "db", with(port, "interface.kind", l("port"))),
		vt("IF-2", "", "cache", vol),
		vt("IF-2", "", "side", none),
		vt("IF-3", "port is missing", "db", with(port, "interface.port", missing)),
		vt("IF-3", "port 0", "db", with(port, "interface.port", int64(0))),
		vt("IF-3", "port 65536", "db", with(port, "interface.port", int64(65536))),
		vt("IF-3", "", "db", with(port, "interface.port", int64(65535))),
		vt("IF-3", "", "db", with(port, "interface.port", int64(1))),
		vt("IF-3", "a string port", "db", with(port, "interface.port", "5432")),
		vt("IF-3", "a float port", "db", with(port, "interface.port", 5432.0)),
		vt("IF-4", "an mcp tong needs a name", "gh", with(mcp, "interface.name", missing)),
		vt("IF-4", "an integer mcp name", "gh", with(mcp, "interface.name", int64(7))),
		vt("IF-4", "an empty mcp name", "gh", with(mcp, "interface.name", "")),
		vt("IF-5", "", "gh", with(mcp, "interface.transport", "http")),
		vt("IF-5", "only http is supported", "gh", with(mcp, "interface.transport", "stdio")),
		vt("IF-6", "volume is missing", "cache", with(vol, "interface.volume", missing)),
		vt("IF-6", "not a docker volume name", "cache", with(vol, "interface.volume", "-v")),
		vt("IF-6", "a relative mountpoint", "cache", with(vol, "interface.mountpoint", "cache")),
		vt("IF-6", "a colon in the mountpoint", "cache", with(vol, "interface.mountpoint", "/cache:rw")),
		vt("IF-7", "an mcp name that is not a DNS label", "gh", with(mcp, "interface.name", "git hub")),
		vt("IF-7", "a port tong's name is its alias", "my_db", port),
		vt("IF-7", "", "Db-1", port),
		vt("IF-7", "", "_anything", none),
		vt("RDY-1", "readiness is not a map", "db", with(port, "readiness", "tcp")),
		vt("RDY-1", "", "db", with(port, "readiness", map[string]any{})),
		vt("RDY-2", "not a readiness mode", "db", with(port, "readiness.mode", "http")),
		vt("RDY-2", "a map mode", "db", with(port, "readiness.mode", map[string]any{})),
		vt("RDY-3", "a volume tong has no port to probe", "cache", with(vol, "readiness", missing)),
		vt("RDY-3", "a none tong must state its mode", "side", with(none, "readiness.mode", missing)),
		vt("RDY-4", "tcp cannot probe a portless tong", "cache", with(vol, "readiness.mode", "tcp")),
		vt("RDY-5", "", "db", with(port, "readiness.timeout", "90s")),
		vt("RDY-5", "a malformed readiness timeout", "db", with(port, "readiness.timeout", "90 s")),
		vt("RDY-5", "a bool readiness timeout", "db", with(port, "readiness.timeout", true)),
		vt("RDY-6", "", "db", with(port, "readiness", map[string]any{"mode": "healthcheck", "command": l("pg_isready", "-h", "localhost")})),
		vt("RDY-6", "an empty command", "db", with(port, "readiness", map[string]any{"mode": "healthcheck", "command": l()})),
		vt("RDY-6", "a number in a command", "db", with(port, "readiness", map[string]any{"mode": "healthcheck", "command": l("sleep", int64(1))})),
		vt("RDY-6", "a string command", "db", with(port, "readiness", map[string]any{"mode": "healthcheck", "command": "pg_isready"})),
		vt("RDY-6", "a NUL in a command word", "db", with(port, "readiness", map[string]any{"mode": "healthcheck", "command": l("a\x00b")})),
		vt("RDY-7", "a healthcheck needs a command", "db", with(port, "readiness.mode", "healthcheck")),
		vt("ENV-1", "env is not a map", "db", with(port, "env", l("A=1"))),
		vt("ENV-1", "", "db", with(port, "env", map[string]any{"LOG_LEVEL": "info", "WORKERS": int64(4)})),
		vt("ENV-2", "an empty variable name", "db", with(port, "env", map[string]any{"": "x"})),
		vt("ENV-2", "= in a variable name", "db", with(port, "env", map[string]any{"A=B": "x"})),
		vt("ENV-3", "a bool env value", "db", with(port, "env", map[string]any{"DEBUG": true})),
		vt("ENV-3", "a float env value", "db", with(port, "env", map[string]any{"RATIO": 1.5})),
		vt("ENV-3", "a null env value", "db", with(port, "env", map[string]any{"X": nil})),
		vt("ENV-3", "a NUL in an env value", "db", with(port, "env", map[string]any{"X": "a\x00b"})),
		vt("ENV-4", "", "db", with(port, "env", map[string]any{"TOKEN": secret})),
		vt("ENV-4", "a malformed secret reference", "db", with(port, "env", map[string]any{"TOKEN": "${secret:op}"})),
		vt("ENV-5", "a secret's name must be an identifier", "db", with(port, "env", map[string]any{"MY-TOKEN": secret})),
		vt("ENV-6", "", "db", with(port, "env", map[string]any{"TOKEN": secret, "TOKEN_FILE": "/run/swarmforge/secrets/TOKEN"})),
		vt("ENV-6", "TOKEN_FILE beside a secret must name its file", "db", with(port, "env", map[string]any{"TOKEN": secret, "TOKEN_FILE": "/tmp/x"})),
		vt("MNT-1", "mounts is not a list", "db", with(port, "mounts", "workspace")),
		vt("MNT-1", "an integer mount", "db", with(port, "mounts", l(int64(1)))),
		vt("MNT-2", "", "db", with(port, "mounts", l("workspace:ro", "docker-socket"))),
		vt("MNT-2", "a host path is never mounted", "db", with(port, "mounts", l("/etc:/etc"))),
		vt("MNT-3", "a mount mode tongs do not support", "db", with(port, "mounts", l("workspace:z"))),
		vt("MNT-4", "a second workspace mount", "db", with(port, "mounts", l("workspace", "workspace:ro"))),
		vt("NET-1", "networks is not a list", "db", with(port, "networks", "tongs")),
		vt("NET-1", "", "db", with(port, "networks", l("tongs", "backend"))),
		vt("NET-2", "a network name docker reads as an option", "db", with(port, "networks", l("--privileged"))),
		vt("NET-2", "docker reads a network with = as key=value fields", "db", with(port, "networks", l("name=host"))),
		vt("RES-1", "resources is not a map", "db", with(port, "resources", "512m")),
		vt("RES-2", "a float memory", "db", with(port, "resources", map[string]any{"memory": 1.5})),
		vt("RES-3", "", "db", with(port, "resources", map[string]any{"memory": "512m"})),
		vt("RES-3", "", "db", with(port, "resources", map[string]any{"memory": int64(6 << 20)})),
		vt("RES-3", "below docker's 6 MiB minimum", "db", with(port, "resources", map[string]any{"memory": "5m"})),
		vt("RES-3", "a fraction", "db", with(port, "resources", map[string]any{"memory": "1.5g"})),
		// §6 readiness_settings
		{"readiness_settings", "RDY-8", "", map[string]any{"definition": port}},
		{"readiness_settings", "RDY-8", "", map[string]any{"definition": vol}},
		{"readiness_settings", "RDY-5", "", map[string]any{"definition": with(port, "readiness", map[string]any{"mode": "healthcheck", "command": l("pg_isready"), "timeout": "1.1h"})}},
		{"readiness_settings", "RDY-5", "a bad timeout", map[string]any{"definition": with(port, "readiness.timeout", "soon")}},
		// §7 aliases
		{"canonical_alias", "ALIAS-1", "", map[string]any{"name": "gh", "definition": mcp}},
		{"canonical_alias", "ALIAS-1", "", map[string]any{"name": "db", "definition": port}},
		{"canonical_alias", "ALIAS-1", "", map[string]any{"name": "cache", "definition": vol}},
		{"alias_collisions", "ALIAS-2", "", map[string]any{"tongs": map[string]any{"cache": with(vol, "interface.volume", "cache"), "cache2": vol}}},
		{"alias_collisions", "ALIAS-3", "", map[string]any{"tongs": map[string]any{"github": port, "gh": mcp}}},
		{"alias_collisions", "ALIAS-3", "", map[string]any{"tongs": map[string]any{"GitHub": port, "gh": mcp}}},
		{"alias_collisions", "ALIAS-4", "", map[string]any{"tongs": map[string]any{"db": port, "gh": mcp}}},
		{"alias_collisions", "ALIAS-4", "", map[string]any{"tongs": map[string]any{}}},
		// §8 mounts and resources
		{"tong_mount_specs", "MNT-5", "", map[string]any{"definition": with(port, "mounts", l("workspace:ro", "docker-socket")), "workspace": "/home/me/project", "socket_path": "/var/run/docker.sock"}},
		{"tong_mount_specs", "MNT-5", "the workspace is not known", map[string]any{"definition": with(port, "mounts", l("workspace")), "workspace": nil, "socket_path": "/var/run/docker.sock"}},
		{"tong_mount_specs", "MNT-5", "a relative workspace", map[string]any{"definition": with(port, "mounts", l("workspace")), "workspace": "project", "socket_path": "/var/run/docker.sock"}},
		{"tong_mount_specs", "MNT-5", "", map[string]any{"definition": port, "workspace": nil, "socket_path": "/var/run/docker.sock"}},
		{"tong_mount_specs", "MNT-6", "a socket path with a colon", map[string]any{"definition": with(port, "mounts", l("docker-socket:ro")), "workspace": nil, "socket_path": "/run/a:b.sock"}},
		{"tong_mount_specs", "MNT-6", "the socket mounted where the workspace is", map[string]any{"definition": with(port, "mounts", l("workspace", "docker-socket")), "workspace": "/home/me/p", "socket_path": "/workspace/"}},
		{"tong_mount_specs", "MNT-6", "", map[string]any{"definition": with(port, "mounts", l("docker-socket")), "workspace": nil, "socket_path": "/workspace"}},
		{"tong_resource_flags", "RES-4", "", map[string]any{"definition": with(port, "resources", map[string]any{"memory": int64(1 << 30), "cpus": "2"})}},
		{"tong_resource_flags", "RES-4", "", map[string]any{"definition": port}},
		{"tong_resource_flags", "RES-3", "above 8192t", map[string]any{"definition": with(port, "resources", map[string]any{"memory": "9000000g"})}},
		// §9 tong_run_argv
		{"tong_run_argv", "RUN-1", "the definition must be valid", runArgs("db", with(port, "image", missing), nil)},
		{"tong_run_argv", "RUN-2", "not a docker container name", runArgs("db", port, map[string]any{"container_name": "-x"})},
		{"tong_run_argv", "RUN-3", "a network docker reads as an option", runArgs("db", port, map[string]any{"network": "--net=host"})},
		{"tong_run_argv", "RUN-4", "an alias that is not a DNS label", runArgs("db", port, map[string]any{"alias": "a b"})},
		{"tong_run_argv", "RUN-4", "", runArgs("cache", vol, map[string]any{"alias": "a b"})},
		{"tong_run_argv", "RUN-5", "whitespace in the label hash", runArgs("db", port, map[string]any{"label_hash": "ab cd"})},
		{"tong_run_argv", "RUN-6", "a relative tmpfs dir", runArgs("db", port, map[string]any{"tmpfs_dirs": l("run/secrets")})},
		{"tong_run_argv", "RUN-7", "= in an env name", runArgs("db", port, map[string]any{"env": map[string]any{"A=B": "1"}})},
		{"tong_run_argv", "RUN-8", "", runArgs("gh", with(with(mcp, "mounts", l("workspace:ro")), "resources", map[string]any{"memory": "512m"}), map[string]any{
			"alias": "github", "label_hash": strings.Repeat("ab", 32), "tmpfs_dirs": l("/run/swarmforge/secrets"),
			"env": map[string]any{"Z": "1", "A": "x=y", "TOKEN_FILE": "/run/swarmforge/secrets/TOKEN"}, "workspace": "/home/me/p"})},
		{"tong_run_argv", "RUN-9", "", runArgs("db", port, map[string]any{"alias": "db"})},
		{"tong_run_argv", "RUN-4", "an alias needs a network", runArgs("db", port, map[string]any{"alias": "db", "network": nil})},
		{"tong_run_argv", "RUN-4", "docker refuses an alias on bridge", runArgs("db", port, map[string]any{"alias": "db", "network": "bridge"})},
		{"tong_run_argv", "RUN-10", "two tmpfs mounts at one path", runArgs("db", port, map[string]any{"tmpfs_dirs": l("/run/a", "/run/a/")})},
		{"tong_run_argv", "RUN-10", "a tmpfs mount where the workspace is", runArgs("db", with(port, "mounts", l("workspace")), map[string]any{"tmpfs_dirs": l("/workspace"), "workspace": "/home/me/p"})},
		{"tong_run_argv", "RUN-10", "", runArgs("db", with(port, "mounts", l("workspace")), map[string]any{"tmpfs_dirs": l("/workspace/tmp", "/run/a"), "workspace": "/home/me/p"})},
		// §10 names
		{"shared_container_name", "NAME-1", "", map[string]any{"name": ""}},
		{"shared_container_name", "NAME-2", "", map[string]any{"name": "github-mcp"}},
		{"shared_container_name", "NAME-3", "", map[string]any{"name": "a b"}},
		{"shared_container_name", "NAME-3", "", map[string]any{"name": "a-b"}},
		{"shared_container_name", "NAME-3", "", map[string]any{"name": "_x"}},
		{"shared_container_name", "NAME-6", "", map[string]any{"name": "@@@"}},
		{"shared_container_name", "NAME-6", "", map[string]any{"name": "!!!"}},
		{"session_container_name", "NAME-4", "", map[string]any{"session_id": "s1", "name": "db"}},
		{"session_container_name", "NAME-4", "not a docker container name", map[string]any{"session_id": "-s", "name": "db"}},
		{"session_container_name", "NAME-4", "the shared prefix is reserved", map[string]any{"session_id": "swarmforge-shared-1", "name": "db"}},
		{"session_container_name", "NAME-5", "", map[string]any{"session_id": "s1", "name": ""}},
		{"session_container_name", "NAME-5", "", map[string]any{"session_id": "s1", "name": "é"}},
		// §11 the argv scanner, through anvil_option_value
		{"anvil_option_value", "ARGV-1", "not the docker program", opt(l("podman", "run", "img"), "--network")},
		{"anvil_option_value", "ARGV-1", "", opt(l("/usr/bin/docker", "run", "img"), "--network")},
		{"anvil_option_value", "ARGV-1", "an empty argv", opt(l(), "--network")},
		{"anvil_option_value", "ARGV-2", "not run or create", opt(l("docker", "ps"), "--network")},
		{"anvil_option_value", "ARGV-2", "", opt(l("docker", "container", "create", "--net", "n", "img"), "--network")},
		{"anvil_option_value", "ARGV-3", "", opt(l("docker", "--context", "x", "-D", "run", "--network", "n", "img"), "--network")},
		{"anvil_option_value", "ARGV-3", "", opt(l("docker", "-Dl", "debug", "run", "--network", "n", "img"), "--network")},
		{"anvil_option_value", "ARGV-3", "", opt(l("docker", "--", "run", "--network", "n", "img"), "--network")},
		{"anvil_option_value", "ARGV-3", "an unknown global option", opt(l("docker", "--name", "x", "run", "img"), "--network")},
		{"anvil_option_value", "ARGV-2", "", opt(l("docker", "container", "--help", "run", "--network", "n", "img"), "--network")},
		{"anvil_option_value", "ARGV-2", "-- between container and run", opt(l("docker", "container", "--", "run", "img"), "--network")},
		{"anvil_option_value", "ARGV-4", "an unknown flag", opt(l("docker", "run", "--bogus", "img"), "--network")},
		{"anvil_option_value", "ARGV-4", "a flag missing its value", opt(l("docker", "run", "--network"), "--network")},
		{"anvil_option_value", "ARGV-4", "", opt(l("docker", "run", "-itp80:80", "img"), "-p")},
		{"anvil_option_value", "ARGV-4", "", opt(l("docker", "run", "-e=FOO=1", "img"), "-e")},
		{"anvil_option_value", "ARGV-4", "", opt(l("docker", "run", "--env", "--network", "img"), "--env")},
		{"anvil_option_value", "ARGV-5", "no image", opt(l("docker", "run", "-d"), "-d")},
		{"anvil_option_value", "ARGV-6", "", opt(l("docker", "run", "--", "--network", "x"), "--network")},
		{"anvil_option_value", "ARGV-7", "", opt(l("docker", "run", "-test.v", "img"), "--network")},
		{"anvil_option_value", "ARGV-8", "", opt(l("docker", "run", "--user", "1000", "--network", "n0", "img"), "--network")},
		{"anvil_option_value", "ARGV-8", "", opt(l("docker", "run", "-u", "1000", "--net=n1", "img"), "--network")},
		// §12 inject_anvil_argv
		{"inject_anvil_argv", "INJ-1", "", inj(l("not", "docker"), nil, l(), l())},
		{"inject_anvil_argv", "INJ-2", "not a docker run argv", inj(l("not", "docker"), "tongs", l(), l())},
		{"inject_anvil_argv", "INJ-3", "", inj(l("docker", "run", "img"), "tongs", l("-e", "A=1", "--volume=/a:/b"), l())},
		{"inject_anvil_argv", "INJ-3", "a stray operand would become the image", inj(l("docker", "run", "img"), "tongs", l("extra"), l())},
		{"inject_anvil_argv", "INJ-3", "pre-image args must not set the network", inj(l("docker", "run", "img"), nil, l("--net=x"), l())},
		{"inject_anvil_argv", "INJ-4", "", inj(l("docker", "run", "--net=a", "-it", "--network", "b", "img", "--network", "c"), "tongs", l(), l())},
		{"inject_anvil_argv", "INJ-4", "a network name docker reads as an option", inj(l("docker", "run", "img"), "-x", l(), l())},
		{"inject_anvil_argv", "INJ-4", "docker reads a network with = as key=value fields", inj(l("docker", "run", "img"), "name=host", l(), l())},
		{"inject_anvil_argv", "INJ-5", "", inj(l("docker", "--debug", "container", "run", "--user", "1000", "img", "arg"), "tongs", l(), l())},
		{"inject_anvil_argv", "INJ-6", "", inj(l("docker", "run", "img"), nil, l(), l("--model", "x"))},
		{"inject_anvil_argv", "INJ-7", "", inj(l("docker", "run", "img", "--network", "harness"), "tongs", l(), l())},
		// §13 anvil_option_value
		{"anvil_option_value", "OPT-1", "not an option of docker run", opt(l("docker", "run", "img"), "--bogus")},
		{"anvil_option_value", "OPT-1", "not spelled --NAME or -X", opt(l("docker", "run", "img"), "network")},
		{"anvil_option_value", "OPT-2", "", opt(l("docker", "run", "img", "--network", "x"), "--network")},
		{"anvil_option_value", "OPT-3", "", opt(l("docker", "run", "--network", "a", "--net=b", "img"), "--network")},
		{"anvil_option_value", "OPT-3", "", opt(l("docker", "run", "-d", "--detach=false", "img"), "--detach")},
		{"anvil_option_value", "OPT-4", "", opt(l("docker", "run", "img"), "--network")},
		// §14 config_hash
		{"config_hash", "HASH-1", "", map[string]any{"definition": mcp}},
		{"config_hash", "HASH-2", "", map[string]any{"definition": map[string]any{"f": l(1.0, 1e16, 1e-05, math.Copysign(0, -1), 0.1, 123456789012345678.0, math.NaN(), math.Inf(1), math.Inf(-1)), "i": l(int64(-7), huge)}}},
		{"config_hash", "HASH-3", "", map[string]any{"definition": map[string]any{"s": "\"\\\b\f\n\r\t\x01\x7f é ☃ 😀 \u2028"}}},
	}
	return rows
}

// Corpus returns the vector corpus with the reference's expected answers,
// the golden catalogue read from the tongref repository holding the
// working directory (the tests' and benchmarks' way); it panics outside
// one. CorpusFrom names the catalogue's directory.
func Corpus() []Vector {
	corpusOnce.Do(func() {
		dir, err := findGolden()
		if err == nil {
			corpus, err = CorpusFrom(dir)
		}
		if err != nil {
			panic("conform: " + err.Error())
		}
	})
	return corpus
}

// The corpus is read once per process: the catalogue's invalid files
// include one built to be slow to read (load-billion-laughs.yaml).
var (
	corpusOnce sync.Once
	corpus     []Vector
)

// CorpusFrom returns the vector corpus: the hand-picked cases, then the
// golden catalogue's (golden.go) read from dir, golden/testdata.
func CorpusFrom(dir string) ([]Vector, error) {
	g, err := goldenRows(dir)
	if err != nil {
		return nil, fmt.Errorf("reading the golden catalogue: %v", err)
	}
	var out []Vector
	for _, r := range corpusRows() {
		out = append(out, Vector{Op: r.op, Rule: r.rule, Why: r.why, Args: r.args, Expected: Reference(r.op, r.args), Spec: 1})
	}
	for _, r := range g {
		out = append(out, Vector{Op: r.op, Rule: r.rule, Why: r.why, From: r.from, Args: r.args, Expected: Reference(r.op, r.args), Spec: 1})
	}
	// each later version's own: the rows of its entries (vN/OP.jsonl)
	for _, spec := range SpecVersions()[1:] {
		for _, r := range laterRows[spec]() {
			o := LookupOp(spec, r.op)
			if o == nil || o.Specs[0] != spec {
				return nil, fmt.Errorf("a spec version %d vector of %s, which is not an op version %d adds or changes", spec, r.op, spec)
			}
			out = append(out, Vector{Op: r.op, Rule: r.rule, Why: r.why, Args: r.args, Expected: ReferenceIn(spec, r.op, r.args), Spec: spec})
		}
	}
	return out, nil
}

// laterRows are the hand-picked rows of each spec version after 1, of the
// ops it adds or changes.
var laterRows = map[int]func() []vrow{2: corpusRowsV2}

// CorpusFiles renders the corpus as spec/vectors files: OP.jsonl, or
// vN/OP.jsonl for a later spec version's op (Op.VectorFile), → bytes; dir
// is golden/testdata.
func CorpusFiles(dir string) (map[string][]byte, error) {
	vs, err := CorpusFrom(dir)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, v := range vs {
		name := LookupOp(v.Spec, v.Op).VectorFile()
		b := AppendVector(files[name], v)
		files[name] = append(b, '\n')
	}
	return files, nil
}
