package load_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/load"
)

// A launcher's whole path for one tong: read the file, validate it, and
// build the docker run command that starts it, with the secret delivered
// as a file and the tong reachable on the session's network.
func ExampleFile() {
	d, err := load.File("testdata/github.yaml")
	if err != nil {
		fmt.Println(err) // FILE:LINE: TONG: FIELD: INPUT: MESSAGE [RULE]
		return
	}
	if err := d.Validate(); err != nil {
		fmt.Println(err) // one error per line
		return
	}
	name, err := load.ContainerName(d, "s1")
	if err != nil {
		fmt.Println(err)
		return
	}
	opts, err := load.LaunchOptions(d, name, load.Launch{Network: "tongs-s1", Workspace: "/home/me/project"})
	if err != nil {
		fmt.Println(err)
		return
	}
	argv, err := impl.TongRunArgv(d.Name, d.Value, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Join(argv, " "))
	// Output:
	// docker run -d --name s1-tong-github --network tongs-s1 --network-alias github --label swarmforge.tong.name=github --tmpfs /run/swarmforge/secrets -e GITHUB_PERSONAL_ACCESS_TOKEN_FILE=/run/swarmforge/secrets/GITHUB_PERSONAL_ACCESS_TOKEN -e GITHUB_TOOLSETS=repos,issues,pull_requests -v /home/me/project:/workspace:rw ghcr.io/github/github-mcp-server:latest
}

// Validation errors come as an Errors list: each error is placed in the
// file (its line) and keeps the field, the rule, the raw value and the
// *impl.Error behind it.
func ExampleDoc_Validate() {
	d, err := load.Definition("tongs/db.yaml", []byte(`lifecycle: session
image: postgres:16
interface:
  kind: port
  port: "5432"
env:
  DEBUG: true
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	err = d.Validate()
	var errs load.Errors
	if errors.As(err, &errs) {
		for _, e := range errs {
			fmt.Printf("line %d, %s [%s], value %#v\n", e.Line, e.Field, e.Rule, e.Value)
		}
	}
	var ie *impl.Error
	if errors.As(err, &ie) {
		fmt.Println("first:", ie)
	}
	// Output:
	// line 5, interface.port [IF-3], value "5432"
	// line 7, env.DEBUG [ENV-3], value true
	// first: interface.port: "5432": is a string; write an integer from 1 to 65535, such as port: 8080 (no quotes, no fraction) [IF-3]
}

// A file two YAML readers would read differently is refused at load time
// (LOAD-7): PyYAML, which the Swarmforge launcher reads with, takes 0777
// as octal 511.
func ExampleDefinition() {
	_, err := load.Definition("tongs/web.yaml", []byte("lifecycle: session\nimage: nginx\ninterface: {kind: port, port: 0777}\n"))
	var le *load.Error
	if errors.As(err, &le) {
		fmt.Println(le.Line, le.Tong, le.Field, le.Input, le.Rule)
		fmt.Println(err)
	}
	// Output:
	// 3 web interface.port 0777 LOAD-7
	// tongs/web.yaml:3: web: interface.port: 0777: is the integer 777 in YAML 1.2 but the integer 511 in YAML 1.1 (the PyYAML the Swarmforge launcher reads with); quote it, "0777", if you mean text, or write it so both agree (such as 8080, 1.5, true) [LOAD-7]
}
