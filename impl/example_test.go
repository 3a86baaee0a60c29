package impl_test

import (
	"fmt"
	"strings"

	"github.com/tongref/tongref/impl"
)

// A readiness timeout in each of its forms (DUR-1 to DUR-5).
func ExampleParseDuration() {
	for _, v := range []any{nil, "30s", "500ms", "1.5m", 45, 2.5, "1.1h", "30 sec", "-5s", true} {
		secs, err := impl.ParseDuration(v, 30)
		if err != nil {
			fmt.Printf("%#v: %v\n", v, err)
			continue
		}
		fmt.Printf("%#v: %v\n", v, secs)
	}
	// Output:
	// <nil>: 30
	// "30s": 30
	// "500ms": 0.5
	// "1.5m": 90
	// 45: 45
	// 2.5: 2.5
	// "1.1h": 3960.0000000000005
	// "30 sec": "30 sec": is not a duration; write ASCII digits with an optional .fraction and an optional unit ms, s, m or h, such as "30s", "1.5m" or "500ms" [DUR-3]
	// "-5s": "-5s": is not a duration; write ASCII digits with an optional .fraction and an optional unit ms, s, m or h, such as "30s", "1.5m" or "500ms" [DUR-3]
	// true: true: is a bool, not a duration; write a string such as "30s", "500ms", "2m" or "1h", or a number of seconds [DUR-5]
}

// A valid definition has no faults; an invalid one gets every fault, each
// with its field and rule.
func ExampleValidateTong() {
	github := map[string]any{
		"lifecycle": "session",
		"image":     "ghcr.io/github/github-mcp-server:latest",
		"interface": map[string]any{"kind": "mcp", "name": "github", "port": 8080},
		"env":       map[string]any{"GITHUB_PERSONAL_ACCESS_TOKEN": "${secret:op:op://dev/github/token}"},
	}
	if errs := impl.ValidateTong("github", github); errs == nil {
		fmt.Println("github: valid")
	}

	broken := map[string]any{
		"lifecycle": "always",
		"image":     "Postgres:16",
		"interface": map[string]any{"kind": "port", "port": "5432"},
		"env":       map[string]any{"POSTGRES_DB": "app", "DEBUG": true},
	}
	for _, e := range impl.ValidateTong("postgres", broken) {
		fmt.Println(e)
	}
	// Output:
	// github: valid
	// lifecycle: "always": is not a lifecycle; write session or shared [LIFE-1]
	// image: "Postgres:16": is not an image reference docker can read (docker run would stop with "invalid reference format"); write [REGISTRY/]NAME[:TAG][@sha256:DIGEST] with a lower-case name, such as ghcr.io/acme/github-mcp:latest [IMG-3]
	// interface.port: "5432": is a string; write an integer from 1 to 65535, such as port: 8080 (no quotes, no fraction) [IF-3]
	// env.DEBUG: true: is a bool, which launchers render differently; write the value as a quoted string, such as "true" or "1.5" [ENV-3]
}

// The docker run that starts a session tong, and a fault in the launcher's
// own options (RUN-1 to RUN-10).
func ExampleTongRunArgv() {
	postgres := map[string]any{
		"lifecycle": "session",
		"image":     "postgres:16",
		"interface": map[string]any{"kind": "port", "port": 5432},
		"env":       map[string]any{"POSTGRES_PASSWORD": "${secret:env:PGPASS}", "POSTGRES_DB": "app"},
		"mounts":    []any{"workspace:ro"},
		"resources": map[string]any{"memory": "512m"},
	}
	container, _ := impl.SessionContainerName("s1", "postgres")
	argv, err := impl.TongRunArgv("postgres", postgres, impl.RunOptions{
		ContainerName: container,
		Network:       "tongs",
		Alias:         "postgres",
		Env: map[string]string{
			"POSTGRES_DB":            "app",
			"POSTGRES_PASSWORD_FILE": impl.SecretDir + "/POSTGRES_PASSWORD",
		},
		TmpfsDirs:  []string{impl.SecretDir},
		Workspace:  "/home/me/project",
		SocketPath: impl.DefaultSocketPath,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Join(argv, " "))

	_, err = impl.TongRunArgv("postgres", postgres, impl.RunOptions{ContainerName: container, Alias: "postgres"})
	fmt.Println(err)
	// Output:
	// docker run -d --name s1-tong-postgres --network tongs --network-alias postgres --label swarmforge.tong.name=postgres --tmpfs /run/swarmforge/secrets -e POSTGRES_DB=app -e POSTGRES_PASSWORD_FILE=/run/swarmforge/secrets/POSTGRES_PASSWORD -v /home/me/project:/workspace:ro --memory 512m postgres:16
	// alias: "postgres": needs a network: docker gives network aliases only on a user-defined network; pass the tongs' network, or no alias [RUN-4]
}

// The anvil joins the tongs' network: the network option the user wrote is
// rewritten in its own spelling, the harness's flags follow the image, and
// the image and its arguments are never read as options (INJ-1 to INJ-7).
func ExampleInjectAnvilArgv() {
	argv := []string{"docker", "run", "--rm", "-it", "--net=host", "ghcr.io/acme/anvil:latest", "--net=host"}
	out, err := impl.InjectAnvilArgv(argv, "tongs",
		[]string{"-e", "MCP_GITHUB_URL=http://github:8080"},
		[]string{"--mcp-config", "/run/swarmforge/mcp.json"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Join(out, " "))

	// No tongs: the argv itself, whatever it is.
	out, _ = impl.InjectAnvilArgv([]string{"podman", "run", "img"}, "", nil, nil)
	fmt.Println(strings.Join(out, " "))

	_, err = impl.InjectAnvilArgv([]string{"docker", "ps"}, "tongs", nil, nil)
	fmt.Println(err)
	// Output:
	// docker run -e MCP_GITHUB_URL=http://github:8080 --rm -it --net=tongs ghcr.io/acme/anvil:latest --net=host --mcp-config /run/swarmforge/mcp.json
	// podman run img
	// argv[1]: "ps": is not the run or create subcommand; the anvil argv must be "docker [GLOBAL OPTIONS] [container] run|create [OPTIONS] IMAGE [ARG...]" [ARGV-2]
}

// Container names: a clean tong name is kept as the Swarmforge launcher
// writes it, any other is escaped so two names never share a container
// (NAME-1 to NAME-6).
func ExampleSessionContainerName() {
	for _, name := range []string{"github", "my tong", "my-tong", ""} {
		c, _ := impl.SessionContainerName("s1", name)
		fmt.Printf("%q: %s\n", name, c)
	}
	fmt.Println(impl.SharedContainerName("broker"))
	_, err := impl.SessionContainerName("swarmforge-shared-1", "github")
	fmt.Println(err)
	// Output:
	// "github": s1-tong-github
	// "my tong": s1-tong-_my_20tong
	// "my-tong": s1-tong-my-tong
	// "": s1-tong
	// swarmforge-shared-broker
	// session_id: "swarmforge-shared-1": begins with "swarmforge-shared", which only shared tongs' containers may; choose another session id [NAME-4]
}

// The config hash a launcher stamps on a shared tong's container: the
// SHA-256 of the canonical JSON Python's json.dumps writes (HASH-1 to
// HASH-3), whatever the order of the keys.
func ExampleConfigHash() {
	broker := map[string]any{
		"lifecycle": "shared",
		"image":     "eclipse-mosquitto:2",
		"interface": map[string]any{"kind": "port", "port": 1883},
		"readiness": map[string]any{"timeout": 1.5, "mode": "tcp"},
		"env":       map[string]any{"GREETING": "héllo\n"},
	}
	canon, _ := impl.CanonicalJSON(broker)
	fmt.Println(string(canon))
	hash, err := impl.ConfigHash(broker)
	fmt.Println(hash, err)
	// Output:
	// {"env":{"GREETING":"héllo\n"},"image":"eclipse-mosquitto:2","interface":{"kind":"port","port":1883},"lifecycle":"shared","readiness":{"mode":"tcp","timeout":1.5}}
	// 37394c91ee20d6d3c5024e6d241b6c1084b6ac5cd6311a6d13dba129528bdc1e <nil>
}
