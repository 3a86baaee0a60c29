package impl_test

import (
	"fmt"
	"strings"

	"github.com/tongref/tongref/impl"
)

// A tong with a secret, under spec version 2: its plain env goes to
// docker, its secrets over a FIFO behind the /bin/sh wrapper, which execs
// the process docker would have run without it (SEC-1 to SEC-3, EXEC-2,
// RUN-11).
func ExampleTongRunArgvV2() {
	def := map[string]any{
		"lifecycle":  "session",
		"image":      "ghcr.io/acme/github-mcp:1",
		"interface":  map[string]any{"kind": "mcp", "name": "github", "port": 8080},
		"entrypoint": []any{"/srv/mcp"},
		"env":        map[string]any{"LOG_LEVEL": "info", "GITHUB_TOKEN": "${secret:op:op://dev/github/token}"},
	}
	plain, secret, _ := impl.PartitionSecretEnv(def["env"])
	fmt.Println("plain:", plain, "secret:", secret)

	// The image's own ENTRYPOINT and CMD, as docker image inspect reports
	// them: the declared entrypoint replaces both.
	target, _ := impl.ExecTarget(def, []string{"/usr/bin/tini", "--"}, []string{"serve"})
	wrapper, _ := impl.SecretInjectArgv(target)
	argv, _ := impl.TongRunArgvV2("github", def, impl.RunOptionsV2{
		ContainerName: "s1-tong-github",
		Network:       "swarmforge-session-s1",
		Alias:         "github",
		Env:           map[string]string{"LOG_LEVEL": "info"},
		SocketPath:    impl.DefaultSocketPath,
		FIFOHostPath:  "/tmp/swarmforge-s1/github.fifo",
		Override:      &wrapper,
	})
	fmt.Println(strings.Join(argv, " "))

	script, _ := impl.RenderSecretExports(map[string]string{"GITHUB_TOKEN": "ghp_it's"})
	fmt.Printf("%q\n", script)

	// Without secrets, the definition's own entrypoint: the same process.
	argv, _ = impl.TongRunArgvV2("github", def, impl.RunOptionsV2{ContainerName: "s1-tong-github"})
	fmt.Println(strings.Join(argv, " "))
	// Output:
	// plain: map[LOG_LEVEL:info] secret: map[GITHUB_TOKEN:${secret:op:op://dev/github/token}]
	// docker run -d --name s1-tong-github --network swarmforge-session-s1 --network-alias github --entrypoint /bin/sh --label swarmforge.tong.name=github -v /tmp/swarmforge-s1/github.fifo:/run/swarmforge/secret-env:ro -e LOG_LEVEL=info ghcr.io/acme/github-mcp:1 -c secret_env=$(cat /run/swarmforge/secret-env) || exit 1; eval "$secret_env" || exit 1; exec "$@" swarmforge-tong /srv/mcp
	// "export GITHUB_TOKEN='ghp_it'\\''s'\n"
	// docker run -d --name s1-tong-github --entrypoint /srv/mcp --label swarmforge.tong.name=github ghcr.io/acme/github-mcp:1
}

// Org scopes keep one org's shared tongs apart from another's and from
// the unscoped ones (SCOPE-1 to SCOPE-3, NAME-7, NAME-8, NET-4).
func ExampleOrgScopeToken() {
	scope, _ := impl.OrgScopeToken("/home/me/orgs/acme/.swarmforge/tongs")
	c, _ := impl.SharedContainerNameV2("asana", scope)
	n, _ := impl.SharedNetworkName(scope)
	fmt.Println(scope, c, n)

	// An unscoped tong named to look scoped gets an escaped name.
	u, _ := impl.SharedContainerNameV2("acme-cebc22fa-asana", "")
	fmt.Println(u)

	_, err := impl.OrgScopeToken("orgs/acme/.swarmforge/tongs")
	fmt.Println(err)
	// Output:
	// acme-cebc22fa swarmforge-shared-acme-cebc22fa-asana swarmforge-shared-net-acme-cebc22fa
	// swarmforge-shared-_acme-cebc22fa-asana
	// org_tongs_dir: "orgs/acme/.swarmforge/tongs": is not an absolute path, so it would name a different org from every working directory; make it absolute, such as /home/me/orgs/acme/.swarmforge/tongs [SCOPE-2]
}

// An anvil that must join several networks is created, connected and
// started; docker create has no -d (CREATE-1 to CREATE-3).
func ExampleToCreateArgv() {
	create, _ := impl.ToCreateArgv([]string{"docker", "--context", "run", "run", "-it", "--rm", "--name", "s1", "anvil:1", "run"})
	fmt.Println(strings.Join(create, " "))
	_, err := impl.ToCreateArgv([]string{"docker", "run", "-itd", "anvil:1"})
	fmt.Println(err)
	// Output:
	// docker --context run create -it --rm --name s1 anvil:1 run
	// argv[2]: "-itd": sets --detach, which only docker run has, and docker create would refuse it; remove it from the anvil's argv (the launcher starts the created container attached) [CREATE-2]
}

// A secret reference resolved through the user's provider table; a ref
// that would be read as an option is refused (PROV-1 to PROV-5).
func ExampleSecretProviderCommand() {
	providers := map[string]any{
		"op": []any{"op", "read", "{ref}"},
		"team": map[string]any{
			"default":   []any{"pass", "show", "{ref}"},
			"overrides": map[string]any{"ci-token": []any{"doppler", "secrets", "get", "CI_TOKEN", "--plain"}},
		},
	}
	for _, c := range [][2]string{{"op", "op://dev/github/token"}, {"team", "ci-token"}, {"team", "db"}, {"op", "--out-file=/tmp/x"}} {
		cmd, err := impl.SecretProviderCommand(providers, c[0], c[1])
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%q\n", cmd)
	}
	// Output:
	// ["op" "read" "op://dev/github/token"]
	// ["doppler" "secrets" "get" "CI_TOKEN" "--plain"]
	// ["pass" "show" "db"]
	// ref: "--out-file=/tmp/x": begins with "-", so the provider's program would read it as an option; write the secret's name or path, such as op://vault/item/token [PROV-3]
}
