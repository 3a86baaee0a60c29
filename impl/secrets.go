package impl

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Spec version 2: secret delivery over a FIFO (rules SEC-1 to SEC-3) and
// secret provider commands (PROV-1 to PROV-5) of spec/SPEC-v2.md.
//
// A tong whose env holds secret references gets its plain env as -e
// options and its secrets through a host FIFO mounted read-only at
// SecretEnvTarget: the launcher starts the container with SecretInjectArgv
// as its entrypoint and command, and writes RenderSecretExports's script
// into the FIFO; the wrapper reads it, evals it, and execs the tong's real
// process (ExecTarget). No secret value is ever in docker's config, an
// argv, or a file.

// SecretShell runs the secret wrapper (SEC-3).
const SecretShell = "/bin/sh"

// SecretScript is the secret wrapper's script, byte for byte the Swarmforge
// launcher's: read the FIFO, eval what it holds, exec the real process
// (SEC-3). It exits 1, running nothing, when the read or the eval fails.
const SecretScript = `secret_env=$(cat ` + SecretEnvTarget + `) || exit 1; eval "$secret_env" || exit 1; exec "$@"`

// SecretScriptName is the wrapper's $0.
const SecretScriptName = "swarmforge-tong"

// PartitionSecretEnv splits a definition's env value into its plain and
// its secret entries (rule SEC-1): an entry is secret when its value holds
// a secret reference (ENV-4). A null env gives two empty maps. The env must
// pass ENV-1 to ENV-5 (and the tree rules); the first fault, in field
// order, is the error. Values are returned as given (an integer stays an
// integer); the maps are new.
func PartitionSecretEnv(env any) (plain, secret map[string]any, err error) {
	if env == nil {
		return map[string]any{}, map[string]any{}, nil
	}
	// One walk checks the tree and each variable, as ValidateTongV2 does.
	d := defView{env: env}
	em, isMap := env.(map[string]any)
	var e *Error
	if isMap {
		e = d.readEnv(em, true, true)
	} else {
		e = checkTree(env, 2)
	}
	if e != nil {
		e.Field = prefixField("env", e.Field)
		return nil, nil, e
	}
	if errs := d.envFaults(); len(errs) > 0 {
		return nil, nil, errs[0]
	}
	plain, secret = map[string]any{}, map[string]any{}
	for k, v := range em {
		if IsSecretValue(v) {
			secret[k] = v
		} else {
			plain[k] = v
		}
	}
	return plain, secret, nil
}

// Limits of the secrets RenderSecretExports delivers (SEC-2). The wrapper
// execs the tong's process with every secret in its environment, and Linux
// refuses the exec ("Argument list too long", exit 126) when one entry
// NAME=VALUE is longer than MAX_ARG_STRLEN less its NUL (32 pages of 4 KiB:
// 131071 bytes, measured with dash and busybox ash), or when the arguments
// and environment together pass ARG_MAX (a quarter of the stack limit, 2
// MiB for the usual 8 MiB). The total left to secrets is half of that, so
// the image's own environment and argv fit beside them.
const (
	MaxSecretEntry   = 32*4096 - 1 // bytes of one NAME=VALUE
	MaxSecretExports = 1 << 20     // bytes of all NAME=VALUE entries, each with its NUL
)

// RenderSecretExports returns the shell text the launcher writes into a
// tong's FIFO (rule SEC-2): for each secret, in name order (bytewise), the
// line
//
//	export NAME='VALUE'
//
// with every "'" of the value written as '\” and the line ended by "\n".
// Every name matches [A-Za-z_][A-Za-z0-9_]* whole (ENV-5; a trailing
// newline would make the shell run the value as a command and print it)
// and is not a variable dash or bash treat specially (shellSpecial: they
// evaluate it, print it, refuse it or change it), no value holds NUL (the
// wrapper's $(cat) would drop it silently), and the entries NAME=VALUE keep
// to MaxSecretEntry each and MaxSecretExports together.
// Evaluated by a POSIX shell, the text sets each variable to its value,
// byte for byte, and prints nothing. No secrets give "".
func RenderSecretExports(secrets map[string]string) (string, error) {
	// the secrets in name order, on the stack for a usual handful
	var stack [16]envPair
	pairs := stack[:0]
	n := 0
	for k, v := range secrets {
		pairs = append(pairs, envPair{k, v})
		n += len("export ='\n") + len(k) + len(v) + 3*strings.Count(v, "'")
	}
	sortEnvPairs(pairs)
	total := 0
	for _, p := range pairs {
		k, v := p.k, p.v
		if !isIdentifier(k) {
			return "", errorv("secrets."+k, "SEC-2", k, "is not a shell variable name, and the wrapper runs \"export NAME=...\"; write letters, digits and \"_\", not beginning with a digit, such as GITHUB_TOKEN")
		}
		if shellSpecial(k) {
			return "", errorv("secrets."+k, "SEC-2", k, shellSpecialMsg)
		}
		if strings.IndexByte(v, 0) >= 0 {
			return "", errorf("secrets."+k, "SEC-2", "", "holds a NUL byte, which no environment value can carry (the wrapper would drop it silently); the secret provider must return text without NUL")
		}
		entry := len(k) + 1 + len(v) // NAME=VALUE in the tong's environment
		if entry > MaxSecretEntry {
			return "", errorf("secrets."+k, "SEC-2", "", "makes the environment entry NAME=VALUE "+strconv.Itoa(entry)+" bytes long, more than "+strconv.Itoa(MaxSecretEntry)+": Linux refuses to exec a process with a longer one, so the tong would fail to start (\"Argument list too long\"); deliver a secret this large as a file instead")
		}
		total += entry + 1
	}
	if total > MaxSecretExports {
		return "", errorf("secrets", "SEC-2", "", "make the tong's environment entries NAME=VALUE "+strconv.Itoa(total)+" bytes long together (each with its NUL), more than "+strconv.Itoa(MaxSecretExports)+", half of Linux's usual 2 MiB limit on a process's arguments and environment; deliver fewer or smaller secrets")
	}
	var b strings.Builder // its one allocation is the result
	b.Grow(n)
	for _, p := range pairs {
		b.WriteString("export ")
		b.WriteString(p.k)
		b.WriteString("='")
		for v := p.v; ; {
			k := strings.IndexByte(v, '\'')
			if k < 0 {
				b.WriteString(v)
				break
			}
			b.WriteString(v[:k])
			b.WriteString(`'\''`)
			v = v[k+1:]
		}
		b.WriteString("'\n")
	}
	return b.String(), nil
}

// SecretInjectArgv returns the entrypoint and command that run a tong's
// process target behind the secret wrapper (rule SEC-3): /bin/sh with
// "-c", SecretScript, "swarmforge-tong" and the target's words. target is
// ExecTarget's result: it is not empty (the wrapper would exit 0 having run
// nothing), its first word is not empty (exec cannot run "") and does not
// begin with "-" (the shell's exec would read it as an option), and no word
// holds NUL.
func SecretInjectArgv(target []string) (Override, error) {
	if len(target) == 0 {
		return Override{}, errorf("target_argv", "SEC-3", "[]", "is empty, so the wrapper would run nothing; pass the process to run, ExecTarget's result")
	}
	if target[0] == "" {
		return Override{}, errorf("target_argv[0]", "SEC-3", `""`, "is an empty program name, which the wrapper's exec cannot run (the tong would fail to start with \"not found\"); the process to run begins with a program, such as /usr/local/bin/server")
	}
	if strings.HasPrefix(target[0], "-") {
		return Override{}, errorv("target_argv[0]", "SEC-3", target[0], "begins with \"-\", which the wrapper's exec would read as an option; the process to run begins with a program, such as /usr/local/bin/server")
	}
	args := make([]string, 0, 3+len(target))
	args = append(args, "-c", SecretScript, SecretScriptName)
	for i, w := range target {
		if strings.IndexByte(w, 0) >= 0 {
			return Override{}, errorv(index("target_argv", i), "SEC-3", w, "holds a NUL byte, which no process argument can carry; remove it")
		}
		args = append(args, w)
	}
	return Override{Entrypoint: SecretShell, Args: args}, nil
}

// MaxProviderCommand bounds the size of a provider command (PROV-5): the
// bytes of its words, after "{ref}" is replaced, at most 1 MiB.
const MaxProviderCommand = 1 << 20

// RefToken is the text of a provider's command template that the secret
// reference replaces (PROV-5).
const RefToken = "{ref}"

// SecretProviderCommand returns the command that fetches one secret
// (rules PROV-1 to PROV-5). providers is the raw provider table, the map
// under "providers:" in the user's secret-providers file; provider and ref
// are a reference's two parts, ${secret:PROVIDER:REF}.
//
// First, the whole table must be well formed (PROV-1), so a typo in any
// entry stops the launch: each entry is a command template (a non-empty
// list of strings without NUL, the first not empty) or a map with only the
// keys default (a template) and overrides (a map of refs to templates),
// declaring at least one command. Second, provider names an entry
// (PROV-2). Third, ref is not empty, holds no NUL, is valid UTF-8 and does
// not begin with "-" (PROV-3: the provider's program would read it as an
// option). Fourth, a structured entry's template is overrides[ref], else
// default; with neither, the ref is unmapped (PROV-4). Fifth, every "{ref}"
// in every word is replaced by ref, and the result is at most
// MaxProviderCommand bytes (PROV-5).
func SecretProviderCommand(providers any, provider, ref string) ([]string, error) {
	table, err := checkProviders(providers)
	if err != nil {
		return nil, err
	}
	entry, ok := table[provider]
	if !ok {
		return nil, errorv("provider", "PROV-2", provider, "is not a provider of the table; declare it under providers:, such as op: [op, read, \"{ref}\"]")
	}
	switch {
	case ref == "":
		return nil, errorf("ref", "PROV-3", `""`, "is empty; a reference is ${secret:PROVIDER:REF}")
	case !utf8.ValidString(ref):
		return nil, errorv("ref", "PROV-3", ref, "is not valid UTF-8")
	case strings.IndexByte(ref, 0) >= 0:
		return nil, errorv("ref", "PROV-3", ref, "holds a NUL byte, which no command argument can carry")
	case ref[0] == '-':
		return nil, errorv("ref", "PROV-3", ref, "begins with \"-\", so the provider's program would read it as an option; write the secret's name or path, such as op://vault/item/token")
	}
	var template []any
	switch e := entry.(type) {
	case []any:
		template = e
	case map[string]any:
		if ov, ok := field(e, "overrides"); ok {
			template, _ = ov.(map[string]any)[ref].([]any)
		}
		if template == nil {
			if d, ok := field(e, "default"); ok {
				template = d.([]any)
			}
		}
		if template == nil {
			return nil, errorv("ref", "PROV-4", ref, "has no command under the provider "+show(provider)+", which declares no default and no override for it; add overrides: {"+ref+": [...]} or a default")
		}
	}
	size := 0
	for _, w := range template {
		s := w.(string)
		size += len(s) + strings.Count(s, RefToken)*(len(ref)-len(RefToken))
	}
	if size > MaxProviderCommand {
		return nil, errorf("ref", "PROV-5", "", "makes the provider command "+strconv.Itoa(size)+" bytes long, more than "+strconv.Itoa(MaxProviderCommand)+"; use a shorter reference or template")
	}
	out := make([]string, len(template))
	for i, w := range template {
		out[i] = strings.ReplaceAll(w.(string), RefToken, ref)
	}
	return out, nil
}

// checkProviders applies PROV-1 to a raw provider table and returns it as
// a map. Entries are checked in name order, so the fault reported does not
// depend on map order.
func checkProviders(providers any) (map[string]any, *Error) {
	const f = "providers"
	if providers == nil {
		return map[string]any{}, nil
	}
	table, ok := providers.(map[string]any)
	if !ok {
		return nil, withRule(wrongType(f, providers, "a map of provider names to commands, such as {op: [op, read, \"{ref}\"]}"), "PROV-1")
	}
	if err := checkTree(table, 1); err != nil {
		err.Field = prefixField(f, err.Field)
		return nil, err
	}
	names := make([]string, 0, len(table))
	for k := range table {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		pf := f + "." + name
		switch e := table[name].(type) {
		case []any:
			if err := checkTemplate(pf, e); err != nil {
				return nil, err
			}
		case map[string]any:
			keys := make([]string, 0, len(e))
			for k := range e {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if k != "default" && k != "overrides" {
					return nil, errorv(pf+"."+k, "PROV-1", k, "is not a key of a provider entry; write default: [...] and/or overrides: {REF: [...]}")
				}
			}
			declared := false
			if d, ok := field(e, "default"); ok {
				if err := checkTemplate(pf+".default", d); err != nil {
					return nil, err
				}
				declared = true
			}
			if ov, ok := field(e, "overrides"); ok {
				om, isMap := ov.(map[string]any)
				if !isMap {
					return nil, withRule(wrongType(pf+".overrides", ov, "a map of references to commands, such as {ci-token: [doppler, secrets, get, CI_TOKEN, --plain]}"), "PROV-1")
				}
				refs := make([]string, 0, len(om))
				for r := range om {
					refs = append(refs, r)
				}
				sort.Strings(refs)
				for _, r := range refs {
					if err := checkTemplate(pf+".overrides."+r, om[r]); err != nil {
						return nil, err
					}
				}
				declared = declared || len(om) > 0
			}
			if !declared {
				return nil, errorf(pf, "PROV-1", "", "declares no command; write default: [...] and/or overrides: {REF: [...]}")
			}
		default:
			return nil, withRule(wrongType(pf, e, "a command such as [op, read, \"{ref}\"], or a map with default and overrides"), "PROV-1")
		}
	}
	return table, nil
}

// checkTemplate applies PROV-1 to one command template.
func checkTemplate(f string, v any) *Error {
	list, isList := v.([]any)
	if !isList {
		return withRule(wrongType(f, v, "a command as a list of words, such as [op, read, \"{ref}\"]"), "PROV-1")
	}
	if len(list) == 0 {
		return errorf(f, "PROV-1", "[]", "is empty; write the command's words, such as [op, read, \"{ref}\"]")
	}
	for i, w := range list {
		s, isStr := w.(string)
		switch {
		case !isStr:
			return withRule(wrongType(index(f, i), w, "each word as a string"), "PROV-1")
		case strings.IndexByte(s, 0) >= 0:
			return errorv(index(f, i), "PROV-1", s, "holds a NUL byte, which no command argument can carry")
		case i == 0 && s == "":
			return errorf(index(f, i), "PROV-1", `""`, "is an empty program name; write the provider's program, such as op")
		}
	}
	return nil
}

// shellSpecialNames are the variables that dash 0.5.12 or bash 5.2 (the
// wrapper's /bin/sh in an image) do not export as given by the wrapper
// (ENV-7, SEC-2), measured by running the wrapper's script in both: bash
// evaluates OPTIND, RANDOM, SRANDOM and HISTCMD as arithmetic (printing the
// value in its error, and running a command substitution in an array
// subscript: RANDOM='a[$(cmd)]' runs cmd), dash prints a bad OPTIND,
// bash's readonly variables refuse the assignment, and the others keep or
// take a value of their own (PIPESTATUS after the eval). Names beginning
// with BASH or LC_ are refused too (shellSpecial).
var shellSpecialNames = map[string]bool{
	"_": true, "DIRSTACK": true, "EPOCHREALTIME": true, "EPOCHSECONDS": true, "EUID": true, "FUNCNAME": true,
	"GROUPS": true, "HISTCMD": true, "LINENO": true, "OPTIND": true, "PIPESTATUS": true, "PPID": true, "RANDOM": true,
	"SECONDS": true, "SHELLOPTS": true, "SHLVL": true, "SRANDOM": true, "UID": true,
}

// ShellSpecialName reports whether a secret may not take name (ENV-7,
// SEC-2): one of the variables dash or bash treat specially, or a name
// beginning with BASH (bash's own variables, BASH_ENV among them, which a
// bash child expands and sources) or LC_ (bash warns with the value when
// it cannot set a locale).
func ShellSpecialName(name string) bool { return shellSpecial(name) }

func shellSpecial(name string) bool {
	return shellSpecialNames[name] || strings.HasPrefix(name, "BASH") || strings.HasPrefix(name, "LC_")
}

const shellSpecialMsg = "is a variable the wrapper's shell treats specially (dash and bash evaluate, print, refuse or replace it: export OPTIND='VALUE' prints the value, export RANDOM='a[$(cmd)]' runs cmd in bash); name the secret otherwise, such as GITHUB_TOKEN"
