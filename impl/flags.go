package impl

// The docker CLI's option tables (rule ARGV-8), one row per flag, as the
// docker CLI v29.9.3 (github.com/docker/cli@v29.9.3+incompatible) defines
// them, hidden and deprecated flags included. props/dockercli checks these
// tables against that version's own flag sets; this file is the only place
// that says which flags exist and which take a value.

// DockerCLIVersion is the docker CLI release whose flag sets the tables copy.
const DockerCLIVersion = "v29.9.3"

// Flag is one option of a docker command.
type Flag struct {
	Name                string // long name, without "--"
	Short               byte   // shorthand letter, 0 if none
	Value               bool   // takes a value; false for a flag set by its name alone (a bool)
	Option              string // the setting it writes; differs from Name for hidden aliases (net writes network)
	Hidden              bool   // left out of docker's --help
	Deprecated          bool   // docker warns when it is used
	ShorthandDeprecated bool   // docker warns when the shorthand is used
}

// RunFlags returns a copy of the table of "docker run" options.
func RunFlags() []Flag { return append([]Flag(nil), runFlags...) }

// CreateFlags returns a copy of the table of "docker create" options.
func CreateFlags() []Flag { return append([]Flag(nil), createFlags...) }

// GlobalFlags returns a copy of the table of the options docker reads
// before its subcommand.
func GlobalFlags() []Flag { return append([]Flag(nil), globalFlags...) }

// containerFlags are the options docker reads between "container" and its
// subcommand: the help flag every docker command has (there, it does not
// stop the run).
var containerFlags = []Flag{{Name: "help", Short: 'h', Option: "help"}}

var (
	containerTable = newFlagTable(containerFlags)
	runTable       = newFlagTable(runFlags)
	createTable    = newFlagTable(createFlags)
	globalTable    = newFlagTable(globalFlags)
	noFlags        = newFlagTable(nil)
)

// tableFor returns the option table of a subcommand, "run" or "create".
func tableFor(sub string) *flagTable {
	if sub == "create" {
		return createTable
	}
	return runTable
}

// runFlags are the options of "docker run" and "docker container run".
var runFlags = []Flag{
	{Name: "add-host", Value: true, Option: "add-host"},
	{Name: "annotation", Value: true, Option: "annotation"},
	{Name: "attach", Short: 'a', Value: true, Option: "attach"},
	{Name: "blkio-weight", Value: true, Option: "blkio-weight"},
	{Name: "blkio-weight-device", Value: true, Option: "blkio-weight-device"},
	{Name: "cap-add", Value: true, Option: "cap-add"},
	{Name: "cap-drop", Value: true, Option: "cap-drop"},
	{Name: "cgroup-parent", Value: true, Option: "cgroup-parent"},
	{Name: "cgroupns", Value: true, Option: "cgroupns"},
	{Name: "cidfile", Value: true, Option: "cidfile"},
	{Name: "cpu-count", Value: true, Option: "cpu-count"},
	{Name: "cpu-percent", Value: true, Option: "cpu-percent"},
	{Name: "cpu-period", Value: true, Option: "cpu-period"},
	{Name: "cpu-quota", Value: true, Option: "cpu-quota"},
	{Name: "cpu-rt-period", Value: true, Option: "cpu-rt-period"},
	{Name: "cpu-rt-runtime", Value: true, Option: "cpu-rt-runtime"},
	{Name: "cpu-shares", Short: 'c', Value: true, Option: "cpu-shares"},
	{Name: "cpus", Value: true, Option: "cpus"},
	{Name: "cpuset-cpus", Value: true, Option: "cpuset-cpus"},
	{Name: "cpuset-mems", Value: true, Option: "cpuset-mems"},
	{Name: "detach", Short: 'd', Option: "detach"},
	{Name: "detach-keys", Value: true, Option: "detach-keys"},
	{Name: "device", Value: true, Option: "device"},
	{Name: "device-cgroup-rule", Value: true, Option: "device-cgroup-rule"},
	{Name: "device-read-bps", Value: true, Option: "device-read-bps"},
	{Name: "device-read-iops", Value: true, Option: "device-read-iops"},
	{Name: "device-write-bps", Value: true, Option: "device-write-bps"},
	{Name: "device-write-iops", Value: true, Option: "device-write-iops"},
	{Name: "disable-content-trust", Option: "disable-content-trust", Hidden: true, Deprecated: true},
	{Name: "dns", Value: true, Option: "dns"},
	{Name: "dns-opt", Value: true, Option: "dns-option", Hidden: true},
	{Name: "dns-option", Value: true, Option: "dns-option"},
	{Name: "dns-search", Value: true, Option: "dns-search"},
	{Name: "domainname", Value: true, Option: "domainname"},
	{Name: "entrypoint", Value: true, Option: "entrypoint"},
	{Name: "env", Short: 'e', Value: true, Option: "env"},
	{Name: "env-file", Value: true, Option: "env-file"},
	{Name: "expose", Value: true, Option: "expose"},
	{Name: "gpus", Value: true, Option: "gpus"},
	{Name: "group-add", Value: true, Option: "group-add"},
	{Name: "health-cmd", Value: true, Option: "health-cmd"},
	{Name: "health-interval", Value: true, Option: "health-interval"},
	{Name: "health-retries", Value: true, Option: "health-retries"},
	{Name: "health-start-interval", Value: true, Option: "health-start-interval"},
	{Name: "health-start-period", Value: true, Option: "health-start-period"},
	{Name: "health-timeout", Value: true, Option: "health-timeout"},
	{Name: "help", Option: "help"},
	{Name: "hostname", Short: 'h', Value: true, Option: "hostname"},
	{Name: "init", Option: "init"},
	{Name: "interactive", Short: 'i', Option: "interactive"},
	{Name: "io-maxbandwidth", Value: true, Option: "io-maxbandwidth"},
	{Name: "io-maxiops", Value: true, Option: "io-maxiops"},
	{Name: "ip", Value: true, Option: "ip"},
	{Name: "ip6", Value: true, Option: "ip6"},
	{Name: "ipc", Value: true, Option: "ipc"},
	{Name: "isolation", Value: true, Option: "isolation"},
	{Name: "kernel-memory", Value: true, Option: "kernel-memory", Hidden: true, Deprecated: true},
	{Name: "label", Short: 'l', Value: true, Option: "label"},
	{Name: "label-file", Value: true, Option: "label-file"},
	{Name: "link", Value: true, Option: "link"},
	{Name: "link-local-ip", Value: true, Option: "link-local-ip"},
	{Name: "log-driver", Value: true, Option: "log-driver"},
	{Name: "log-opt", Value: true, Option: "log-opt"},
	{Name: "mac-address", Value: true, Option: "mac-address"},
	{Name: "memory", Short: 'm', Value: true, Option: "memory"},
	{Name: "memory-reservation", Value: true, Option: "memory-reservation"},
	{Name: "memory-swap", Value: true, Option: "memory-swap"},
	{Name: "memory-swappiness", Value: true, Option: "memory-swappiness"},
	{Name: "mount", Value: true, Option: "mount"},
	{Name: "name", Value: true, Option: "name"},
	{Name: "net", Value: true, Option: "network", Hidden: true},
	{Name: "net-alias", Value: true, Option: "network-alias", Hidden: true},
	{Name: "network", Value: true, Option: "network"},
	{Name: "network-alias", Value: true, Option: "network-alias"},
	{Name: "no-healthcheck", Option: "no-healthcheck"},
	{Name: "oom-kill-disable", Option: "oom-kill-disable"},
	{Name: "oom-score-adj", Value: true, Option: "oom-score-adj"},
	{Name: "pid", Value: true, Option: "pid"},
	{Name: "pids-limit", Value: true, Option: "pids-limit"},
	{Name: "platform", Value: true, Option: "platform"},
	{Name: "privileged", Option: "privileged"},
	{Name: "publish", Short: 'p', Value: true, Option: "publish"},
	{Name: "publish-all", Short: 'P', Option: "publish-all"},
	{Name: "pull", Value: true, Option: "pull"},
	{Name: "quiet", Short: 'q', Option: "quiet"},
	{Name: "read-only", Option: "read-only"},
	{Name: "restart", Value: true, Option: "restart"},
	{Name: "rm", Option: "rm"},
	{Name: "runtime", Value: true, Option: "runtime"},
	{Name: "security-opt", Value: true, Option: "security-opt"},
	{Name: "shm-size", Value: true, Option: "shm-size"},
	{Name: "sig-proxy", Option: "sig-proxy"},
	{Name: "stop-signal", Value: true, Option: "stop-signal"},
	{Name: "stop-timeout", Value: true, Option: "stop-timeout"},
	{Name: "storage-opt", Value: true, Option: "storage-opt"},
	{Name: "sysctl", Value: true, Option: "sysctl"},
	{Name: "tmpfs", Value: true, Option: "tmpfs"},
	{Name: "tty", Short: 't', Option: "tty"},
	{Name: "ulimit", Value: true, Option: "ulimit"},
	{Name: "umask", Value: true, Option: "umask"},
	{Name: "use-api-socket", Option: "use-api-socket"},
	{Name: "user", Short: 'u', Value: true, Option: "user"},
	{Name: "userns", Value: true, Option: "userns"},
	{Name: "uts", Value: true, Option: "uts"},
	{Name: "volume", Short: 'v', Value: true, Option: "volume"},
	{Name: "volume-driver", Value: true, Option: "volume-driver"},
	{Name: "volumes-from", Value: true, Option: "volumes-from"},
	{Name: "workdir", Short: 'w', Value: true, Option: "workdir"},
}

// createFlags are the options of "docker create": those of run but the
// three that only make sense for a container run attached or detached
// now, --detach, --detach-keys and --sig-proxy.
var createFlags = func() []Flag {
	var fs []Flag
	for _, f := range runFlags {
		switch f.Name {
		case "detach", "detach-keys", "sig-proxy":
			continue
		}
		fs = append(fs, f)
	}
	return fs
}()

// globalFlags are the options of the docker command itself, read before the subcommand.
var globalFlags = []Flag{
	{Name: "cloud", Option: "cloud", Hidden: true},
	{Name: "config", Value: true, Option: "config"},
	{Name: "context", Short: 'c', Value: true, Option: "context"},
	{Name: "debug", Short: 'D', Option: "debug"},
	{Name: "help", Short: 'h', Option: "help", Hidden: true, ShorthandDeprecated: true},
	{Name: "host", Short: 'H', Value: true, Option: "host"},
	{Name: "log-level", Short: 'l', Value: true, Option: "log-level"},
	{Name: "tls", Option: "tls"},
	{Name: "tlscacert", Value: true, Option: "tlscacert"},
	{Name: "tlscert", Value: true, Option: "tlscert"},
	{Name: "tlskey", Value: true, Option: "tlskey"},
	{Name: "tlsverify", Option: "tlsverify"},
	{Name: "version", Short: 'v', Option: "version"},
}
