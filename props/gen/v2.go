package gen

import (
	"strings"

	"github.com/tongref/tongref/impl"
)

// Generators for the inputs of spec version 2 (spec/SPEC-v2.md).

// execWords are the words of generated entrypoints, commands and image
// configs: programs, options, words a shell or docker might misread.
var execWords = []string{"/srv", "serve", "-v", "--port=80", "node", "server.js", "é", " ", "a b", "$HOME", "`id`", "'", "\"", "--", "-", "run", "x=1", "/bin/sh", "-c", "exec srv"}

// ExecWords draws a non-empty list of words for an entrypoint, a command
// or an image's config (EXEC-1: non-empty words without NUL).
func ExecWords(t T) []string {
	w := make([]string, Int(t, "words_len", 1, 3))
	for i := range w {
		if oneIn(t, "word_text?", 4) {
			if w[i] = cleanText(t, "word"); w[i] == "" {
				w[i] = "w"
			}
		} else {
			w[i] = pick(t, "word", execWords...)
		}
	}
	return w
}

// ImageExec is an image's ENTRYPOINT and CMD, as docker image inspect
// reports them: each absent (nil), empty, or some words.
type ImageExec struct {
	Entrypoint, Cmd []string
}

// ImageExecs draws an image's config.
func ImageExecs(t T) ImageExec {
	words := func(label string) []string {
		switch pick(t, label, "none", "empty", "words") {
		case "empty":
			return []string{}
		case "words":
			return ExecWords(t)
		}
		return nil
	}
	return ImageExec{Entrypoint: words("image_entrypoint"), Cmd: words("image_cmd")}
}

// ValidTongV2 draws a tong ValidateTongV2 accepts: ValidTong's, with
// mount modes MNT-7 accepts and no env name a shell treats specially
// (ENV-7), and
// entrypoint, command and an mcp tong's interface.path each absent, null
// or present.
func ValidTongV2(t T) Tong {
	tong := ValidTong(t)
	def := tong.Def
	if mounts, ok := def["mounts"].([]any); ok {
		for i, m := range mounts {
			mounts[i] = strings.TrimSuffix(m.(string), ":") // MNT-7: no empty mode
		}
	}
	if env, ok := def["env"].(map[string]any); ok {
		for k := range env {
			if impl.ShellSpecialName(k) {
				delete(env, k) // ENV-7
			}
		}
	}
	for _, key := range []string{"entrypoint", "command"} {
		switch pick(t, key+"?", "absent", "present", "null") {
		case "present":
			w := ExecWords(t)
			l := make([]any, len(w))
			for i, s := range w {
				l[i] = s
			}
			def[key] = l
		case "null":
			def[key] = nil
		}
	}
	if im := def["interface"].(map[string]any); im["kind"] == impl.KindMCP {
		switch pick(t, "path?", "absent", "present", "null") {
		case "present":
			im["path"] = pick(t, "path", "/mcp", "mcp", "", "/api/v1/mcp", "/a%20b", "/x;y=1:@!$&'()*+,~")
		case "null":
			im["path"] = nil
		}
	}
	return tong
}

// RunOptionsV2For draws options TongRunArgvV2 accepts for tong (RUN-2 to
// RUN-7, RUN-12, RUN-14, MNT-5, MNT-6), from RunOptionsFor's: no tmpfs
// dirs, sometimes a FIFO path (the socket never at its target), and no
// override (the definition's own; a property sets one).
func RunOptionsV2For(t T, tong Tong) impl.RunOptionsV2 {
	v1 := RunOptionsFor(t, tong)
	o := impl.RunOptionsV2{
		ContainerName: v1.ContainerName,
		Network:       v1.Network,
		Alias:         v1.Alias,
		Env:           v1.Env,
		LabelHash:     v1.LabelHash,
		Workspace:     v1.Workspace,
		SocketPath:    v1.SocketPath,
	}
	if Bool(t, "fifo?") {
		o.FIFOHostPath = AbsPath(t)
	}
	if o.SocketPath == impl.SecretEnvTarget {
		o.SocketPath = impl.DefaultSocketPath // RUN-12
	}
	return o
}

// shellRunes are the characters of generated secret values: every
// character POSIX sh quoting treats specially, line ends, non-ASCII text.
var shellRunes = []rune("'\"\\$`!*?[]{}()<>|&;#~= \t\n\r%^aZ09é日\u00a0\U0001F600\x01\x7f")

// SecretValue draws a resolved secret value: any text without NUL,
// weighted to the characters a shell reads specially (SEC-2).
func SecretValue(t T) string {
	if oneIn(t, "value_text?", 4) {
		return strings.ReplaceAll(Text(t), "\x00", "")
	}
	r := make([]rune, Int(t, "value_len", 0, 12))
	for i := range r {
		r[i] = pick(t, "value_rune", shellRunes...)
	}
	return string(r)
}

// shellNames are variables dash or bash know (bash's compgen -v, and
// dash's own), some refused by ENV-7 and some not: a secret may be named
// IFS or HOME, never RANDOM or OPTIND.
var shellNames = []string{"IFS", "PS4", "HOME", "LINENO", "PPID", "secret_env", "ENV", "CDPATH", "PS1", "_", "OPTIND", "OPTARG",
	"RANDOM", "SRANDOM", "SECONDS", "HISTCMD", "EPOCHSECONDS", "EPOCHREALTIME", "SHLVL", "UID", "EUID", "GROUPS", "DIRSTACK",
	"SHELLOPTS", "BASHOPTS", "BASH_ENV", "BASH_ARGV0", "BASHPID", "FUNCNAME", "PWD", "OLDPWD", "MAILCHECK", "HISTSIZE", "TMOUT",
	"POSIXLY_CORRECT", "COLUMNS", "LINES", "HOSTNAME", "HOSTTYPE", "MACHTYPE", "OSTYPE", "TERM", "PIPESTATUS", "COPROC", "MAPFILE", "REPLY",
	"LANG", "LC_ALL", "LC_CTYPE", "LC_ADDRESS", "FUNCNAME", "BASH_XTRACEFD", "BASH_COMPAT", "COMP_WORDBREAKS", "HISTFILE", "TIMEFORMAT",
	"GLOBIGNORE", "PROMPT_COMMAND", "PS0", "PS2", "PS3", "OPTERR", "SHELL", "TMPDIR", "MAIL", "MAILPATH", "FUNCNEST", "EXECIGNORE", "histchars", "CHILD_MAX"}

// SecretName draws a secret's name (ENV-5): an identifier, weighted to
// names a shell treats specially, some of them refused by ENV-7.
func SecretName(t T) string {
	if Bool(t, "special_name?") {
		return pick(t, "name", shellNames...)
	}
	return Matching(t, "name", `[A-Za-z_][A-Za-z0-9_]{0,6}`)
}

// Secrets draws the resolved secrets a launcher renders (SEC-2).
func Secrets(t T) map[string]string {
	n := Int(t, "secrets_len", 0, 4)
	s := make(map[string]string, n)
	for i := 0; i < n; i++ {
		s[SecretName(t)] = SecretValue(t)
	}
	return s
}

// Scope draws a scope of SCOPE-1: a digest alone, or after a hint, some
// of them hints the launcher's sanitizer makes from odd org names.
func Scope(t T) string {
	digest := Matching(t, "digest", `[0-9a-f]{8}`)
	switch pick(t, "hint", "none", "label", "odd") {
	case "label":
		return DNSLabel(t) + "-" + digest
	case "odd":
		return pick(t, "odd_hint", "a.b", "a_b", "my-org", "x--y", "a-b-c", "deadbeef0", "DEADBEEF", "b-1234567") + "-" + digest
	}
	return digest
}

// ScopedName is a shared tong's name with its scope ("" for none).
type ScopedName struct {
	Name, Scope string
}

// ScopedNames draws a (name, scope) pair, the names weighted to those
// that spell a scope or a part of one.
func ScopedNames(t T) ScopedName {
	var sn ScopedName
	if Bool(t, "scoped?") {
		sn.Scope = Scope(t)
	}
	switch pick(t, "name_kind", "name", "spells_scope", "hex") {
	case "spells_scope":
		sn.Name = Scope(t)
		if Bool(t, "with_tail?") {
			sn.Name += "-" + TongName(t)
		}
	case "hex":
		sn.Name = Matching(t, "hex_name", `[0-9a-f]{8}(-[a-z]{1,3})?`)
	default:
		sn.Name = TongName(t)
	}
	return sn
}

// OrgDir draws an org tongs directory: an absolute path with ".", "..",
// repeated and trailing slashes, a leading "//", odd org names, and now
// and then a relative path (refused by SCOPE-2).
func OrgDir(t T) string {
	var b strings.Builder
	if oneIn(t, "relative?", 8) {
		b.WriteString(pick(t, "rel", "", ".", "..", "orgs"))
	} else {
		b.WriteString(pick(t, "root", "/", "//", "///"))
	}
	n := Int(t, "segments", 0, 5)
	for i := 0; i < n; i++ {
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "/") {
			b.WriteString(pick(t, "sep", "/", "/", "//"))
		}
		b.WriteString(pick(t, "segment", "home", "me", "acme", ".", "..", ".swarmforge", "tongs", "my org!", "deadbeef", "é", "a-b", "-x-", ""))
	}
	if Bool(t, "trailing_slash?") {
		b.WriteString("/")
	}
	return b.String()
}

// ProviderTable draws a raw secret-provider table (PROV-1): flat
// templates and structured entries, valid ones and near misses.
func ProviderTable(t T) any {
	template := func(label string) any {
		switch pick(t, label, "ok", "ok", "ok", "empty", "not_list", "bad_word", "empty_program", "nul") {
		case "empty":
			return []any{}
		case "not_list":
			return "op read {ref}"
		case "bad_word":
			return []any{"op", 1}
		case "empty_program":
			return []any{"", "{ref}"}
		case "nul":
			return []any{"op", "a\x00"}
		}
		l := make([]any, Int(t, label+"_len", 1, 4))
		for i := range l {
			l[i] = pick(t, label+"_word", "op", "read", "{ref}", "--id={ref}", "{ref}{ref}", "{re", "f}", "pass", "--")
		}
		return l
	}
	n := Int(t, "providers_len", 0, 3)
	table := make(map[string]any, n)
	for i := 0; i < n; i++ {
		name := pick(t, "provider", "op", "pass", "shared", "x", "")
		switch pick(t, "entry", "flat", "structured", "null", "scalar") {
		case "flat":
			table[name] = template("flat")
		case "structured":
			e := map[string]any{}
			if Bool(t, "default?") {
				e["default"] = template("default")
			}
			if Bool(t, "overrides?") {
				om := map[string]any{}
				for j := Int(t, "overrides_len", 0, 2); j > 0; j-- {
					om[pick(t, "override_ref", "a", "ci-token", "default", "-x")] = template("override")
				}
				e["overrides"] = om
			}
			if oneIn(t, "typo?", 6) {
				e["overide"] = template("typo")
			}
			table[name] = e
		case "null":
			table[name] = nil
		default:
			table[name] = 3
		}
	}
	return table
}

// TongSetV2 draws a set of up to six ValidTongV2 tongs for the launch
// plan (SPEC-v2.md §9). Now and then a tong takes a name that collides
// with an earlier one's: the same name in another case (one DNS alias),
// or with "-", "_" and "." swapped (one anvil variable); or an mcp tong
// takes an earlier mcp tong's interface.name in another case. The set
// may so be one the plan refuses (PLAN-3, PLAN-4).
func TongSetV2(t T) map[string]any {
	n := Int(t, "tongs", 0, 6)
	set := make(map[string]any, n)
	var names []string
	for i := 0; i < n; i++ {
		tong := ValidTongV2(t)
		if len(names) > 0 && oneIn(t, "collide?", 3) {
			other := names[Int(t, "other", 0, len(names)-1)]
			switch pick(t, "how", "case", "separator", "mcp name") {
			case "case":
				tong.Name = strings.ToUpper(other)
				if tong.Name == other {
					tong.Name = strings.ToLower(other)
				}
			case "separator":
				// the other tong's definition under a name of one token,
				// at a mountpoint of its own
				tong.Name = strings.NewReplacer("-", "_", "_", ".", ".", "-").Replace(other)
				if tong.Name == other {
					tong.Name = other + "_"
				}
				od := set[other].(map[string]any)
				def := make(map[string]any, len(od))
				for k, v := range od {
					def[k] = v
				}
				im := make(map[string]any)
				for k, v := range od["interface"].(map[string]any) {
					im[k] = v
				}
				im["mountpoint"] = "/separator/" + strings.Repeat("x", i+1)
				def["interface"] = im
				tong.Def = def
			default:
				im, _ := tong.Def["interface"].(map[string]any)
				oim, _ := set[other].(map[string]any)["interface"].(map[string]any)
				if im["kind"] == impl.KindMCP && oim["kind"] == impl.KindMCP {
					im["name"] = strings.ToUpper(oim["name"].(string))
				}
			}
		}
		if _, taken := set[tong.Name]; taken || len(impl.ValidateTongV2(tong.Name, tong.Def)) > 0 {
			continue
		}
		set[tong.Name] = tong.Def
		names = append(names, tong.Name)
	}
	return set
}
