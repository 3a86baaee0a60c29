module github.com/tongref/tongref

go 1.26.0

require (
	github.com/google/go-cmp v0.7.0
	go.yaml.in/yaml/v3 v3.0.6
	golang.org/x/mod v0.41.0 // test only: module.CheckPath and the module zip format
	gotest.tools/v3 v3.5.2
	pgregory.net/rapid v1.3.0
)
