package dockercli

import "testing"

func BenchmarkParse(b *testing.B) {
	argv := []string{"docker", "-D", "container", "run", "-d", "--net", "a", "--network=b", "-e", "--network", "img", "x"}
	for b.Loop() {
		if _, err := Parse(argv); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCreate(b *testing.B) {
	argv := []string{"docker", "run", "-d", "--name", "nm", "--network", "tongs", "--network-alias", "al", "--label", "a=b", "--tmpfs", "/run/x", "-e", "K=V", "-v", "/w:/workspace:ro", "--memory", "512m", "img:1"}
	for b.Loop() {
		if _, err := Create(argv); err != nil {
			b.Fatal(err)
		}
	}
}
