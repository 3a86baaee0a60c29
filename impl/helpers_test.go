package impl

import (
	"strings"
)

// Definitions used across the tables. Each call returns a fresh tree, so a
// row may change it freely.

func mcpTong() map[string]any {
	return map[string]any{
		"lifecycle": "session",
		"image":     "ghcr.io/acme/github-mcp:latest",
		"interface": map[string]any{"kind": "mcp", "transport": "http", "port": 8080, "name": "github"},
		"env": map[string]any{
			"GITHUB_TOKEN": "${secret:op:op://vault/item/token}",
			"LOG_LEVEL":    "info",
		},
		"mounts":    []any{"workspace:rw"},
		"readiness": map[string]any{"mode": "tcp"},
	}
}

func portTong() map[string]any {
	return map[string]any{
		"lifecycle": "session",
		"image":     "postgres:16",
		"interface": map[string]any{"kind": "port", "port": 5432},
		"resources": map[string]any{"memory": "512m"},
	}
}

func volumeTong() map[string]any {
	return map[string]any{
		"lifecycle": "shared",
		"image":     "busybox:1.36",
		"interface": map[string]any{"kind": "volume", "volume": "cache", "mountpoint": "/cache"},
		"readiness": map[string]any{"mode": "none"},
	}
}

func noneTong() map[string]any {
	return map[string]any{
		"lifecycle": "shared",
		"image":     "acme/broker:2",
		"interface": map[string]any{"kind": "none"},
		"mounts":    []any{"docker-socket"},
		"readiness": map[string]any{"mode": "healthcheck", "command": []any{"broker", "ping"}, "timeout": "10s"},
	}
}

// set returns def with the value at a dotted path replaced (or added);
// a path ending in "-" deletes the key instead.
func set(def map[string]any, path string, v any) map[string]any {
	keys := strings.Split(path, ".")
	m := def
	for _, k := range keys[:len(keys)-1] {
		next, ok := m[k].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[k] = next
		}
		m = next
	}
	m[keys[len(keys)-1]] = v
	return def
}

// del returns def without the value at a dotted path.
func del(def map[string]any, path string) map[string]any {
	keys := strings.Split(path, ".")
	m := def
	for _, k := range keys[:len(keys)-1] {
		m = m[k].(map[string]any)
	}
	delete(m, keys[len(keys)-1])
	return def
}

func rulesOf(errs []*Error) []string {
	var r []string
	for _, e := range errs {
		r = append(r, e.Rule)
	}
	return r
}

// ruleOf returns the rule of an error the package returned, or "" for nil.
func ruleOf(err error) string {
	if err == nil {
		return ""
	}
	if e, ok := err.(*Error); ok {
		return e.Rule
	}
	return "not an *Error: " + err.Error()
}

// citeFault splits a row's rule: "DM-2>IF-3" cites DM-2 and expects the
// fault IF-3; "IF-3" cites and expects IF-3.
func citeFault(rule string) (cite, fault string) {
	cite, fault, ok := strings.Cut(rule, ">")
	if !ok {
		fault = cite
	}
	return cite, fault
}
