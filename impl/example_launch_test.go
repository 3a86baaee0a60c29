package impl_test

import (
	"fmt"
	"strings"

	"github.com/tongref/tongref/impl"
)

// One launch of a claude anvil with a Postgres session tong and a shared
// port tong on the anvil's network: the session network, each tong's run,
// the shared tong's connection, the readiness waits, and the anvil,
// created, connected to its own network and started, because it joins
// two (PLAN-9 to PLAN-12).
func ExampleLaunchCommands() {
	pg := map[string]any{
		"lifecycle": "session",
		"image":     "postgres:16",
		"interface": map[string]any{"kind": "port", "port": 5432},
		"env":       map[string]any{"POSTGRES_PASSWORD": "dev"},
	}
	redis := map[string]any{
		"lifecycle": "shared",
		"image":     "redis:7",
		"interface": map[string]any{"kind": "port", "port": 6379},
	}
	plan, errs := impl.LaunchCommands(impl.LaunchInput{
		Tongs:   map[string]any{"pg": pg, "redis": redis},
		Anvil:   strings.Fields("docker run -it --rm --name claude-x --network tongs anvil:latest"),
		Harness: impl.HarnessClaude,
	})
	if errs != nil {
		fmt.Println(errs)
		return
	}
	for _, s := range plan.Steps {
		switch {
		case s.Kind == impl.StepWait:
			fmt.Printf("# %s: wait for %s:%d on %s\n", s.Kind, s.Wait.Host, s.Wait.Port, s.Wait.Network)
		case s.Kind == impl.StepTongRun:
			fmt.Printf("# %s %s: %s\n", s.Kind, s.Tong, strings.Join(s.Argv[:7], " ")+" ...")
		default:
			fmt.Printf("# %s: %s\n", s.Kind, strings.Join(s.Argv, " "))
		}
	}
	// Output:
	// # session-network: docker network create swarmforge-session-claude-x
	// # tong-run pg: docker run -d --name claude-x-tong-pg --network swarmforge-session-claude-x ...
	// # tong-run redis: docker run -d --name swarmforge-shared-redis --network tongs ...
	// # network-disconnect: docker network disconnect swarmforge-session-claude-x swarmforge-shared-redis
	// # network-connect: docker network connect --alias redis swarmforge-session-claude-x swarmforge-shared-redis
	// # wait: wait for pg:5432 on swarmforge-session-claude-x
	// # wait: wait for redis:6379 on swarmforge-session-claude-x
	// # anvil-create: docker create -e SWARMFORGE_TONG_PG_HOST=pg -e SWARMFORGE_TONG_PG_PORT=5432 -e SWARMFORGE_TONG_REDIS_HOST=redis -e SWARMFORGE_TONG_REDIS_PORT=6379 -it --rm --name claude-x --network swarmforge-session-claude-x anvil:latest
	// # anvil-connect: docker network connect tongs claude-x
	// # anvil-start: docker start --attach --interactive claude-x
}
