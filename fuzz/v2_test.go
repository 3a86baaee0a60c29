package fuzz

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tongref/tongref/impl"
)

// Fuzz targets for the parsers of spec version 2 (spec/SPEC-v2.md): secret
// references, the secret-export script, and provider tables. Each checks a
// model written from the spec, not only that nothing panics.

// secretRefRE is ENV-4's reference, ${secret:PROVIDER:REF}.
var secretRefRE = regexp.MustCompile(`\$\{secret:[A-Za-z0-9_-]+:[^}]+\}`)

// refModel reads a string value by ENV-4: well formed when no text between
// its references (leftmost, non-overlapping) holds "${secret:", secret when
// it holds at least one reference. ("${secret:" overlaps no reference's
// start, so checking each gap is checking the whole.)
func refModel(s string) (wellFormed, secret bool) {
	const open = "${secret:"
	last := 0
	for _, m := range secretRefRE.FindAllStringIndex(s, -1) {
		if strings.Contains(s[last:m[0]], open) {
			return false, false
		}
		last = m[1]
		secret = true
	}
	if strings.Contains(s[last:], open) {
		return false, false
	}
	return true, secret
}

// FuzzSecretRef checks that ValidateTongV2 and PartitionSecretEnv read an
// env value's secret references as ENV-4 says (SEC-1): refused exactly
// when malformed (or holding NUL, ENV-3, or invalid UTF-8, DM-3), secret
// exactly when it holds a reference, and IsSecretValue agrees.
func FuzzSecretRef(f *testing.F) {
	for _, s := range []string{
		"${secret:op:op://vault/item/token}", "Bearer ${secret:op:t} ${secret:pass:u}", "plain", "",
		"${secret:op}", "${secret:op:}", "${secret::x}", "${secret:o p:x}", "${secret:op:x", "$secret:x",
		"${secrets:op:x}", "${secret:a:${secret:b:c}}", "${secret:a:${secret:}", "${secr${secret:a:b}et:",
		"x${secret:a:b}y${secret:c:d}", "${secret:a:b}}", "${secret:a-_9:é}", "${secret:a:b\x00}", "\xff${secret:a:b}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		def := map[string]any{
			"lifecycle": "session",
			"image":     "alpine",
			"interface": map[string]any{"kind": "port", "port": 80},
			"env":       map[string]any{"TOKEN": s},
		}
		errs := impl.ValidateTongV2("db", def)
		plain, secret, err := impl.PartitionSecretEnv(def["env"])
		wellFormed, isSecret := refModel(s)
		switch {
		case !utf8.ValidString(s):
			checkErr(t, "PartitionSecretEnv of invalid UTF-8", err, "DM-3")
		case strings.IndexByte(s, 0) >= 0:
			checkErr(t, "PartitionSecretEnv of a NUL", err, "ENV-3")
		case !wellFormed:
			checkErr(t, "PartitionSecretEnv of a malformed reference", err, "ENV-4")
		default:
			if err != nil || len(errs) > 0 {
				t.Fatalf("%q is well formed, but PartitionSecretEnv: %v, ValidateTongV2: %v", s, err, errs)
			}
			_, inSecret := secret["TOKEN"]
			_, inPlain := plain["TOKEN"]
			if inSecret != isSecret || inPlain == isSecret || impl.IsSecretValue(s) != isSecret {
				t.Fatalf("%q: secret %v by ENV-4, but PartitionSecretEnv gives plain %v, secret %v; IsSecretValue %v", s, isSecret, plain, secret, impl.IsSecretValue(s))
			}
			return
		}
		if len(errs) == 0 || errs[0].Rule != err.(*impl.Error).Rule {
			t.Fatalf("%q: PartitionSecretEnv refuses it by %v, ValidateTongV2 by %v", s, err, errs)
		}
	})
}

// unquoteExports reads RenderSecretExports's text back, as a POSIX shell
// reads "export NAME='V'" lines where V's quotes are written '\”: the
// model of SEC-2's round trip without a shell (props runs a real one).
func unquoteExports(t *testing.T, text string) map[string]string {
	out := map[string]string{}
	for text != "" {
		rest, ok := strings.CutPrefix(text, "export ")
		if !ok {
			t.Fatalf("line does not begin with export: %q", text)
		}
		name, rest, ok := strings.Cut(rest, "='")
		if !ok {
			t.Fatalf("no ='  after the name in %q", text)
		}
		var v strings.Builder
		for {
			k := strings.IndexByte(rest, '\'')
			if k < 0 {
				t.Fatalf("unterminated quote in %q", text)
			}
			v.WriteString(rest[:k])
			rest = rest[k+1:]
			if after, esc := strings.CutPrefix(rest, `\''`); esc {
				v.WriteByte('\'')
				rest = after
				continue
			}
			break
		}
		if !strings.HasPrefix(rest, "\n") {
			t.Fatalf("a quote is not followed by the line's end in %q", text)
		}
		out[name] = v.String()
		text = rest[1:]
	}
	return out
}

// FuzzSecretExports checks SEC-2: for two secrets, RenderSecretExports
// refuses a name that is not a whole identifier (or one ENV-7 keeps from
// secrets) and a value
// with NUL; otherwise its text reads back to exactly the secrets, in name
// order, and its error never quotes a value (unless the value is part of a
// name, which the error quotes).
func FuzzSecretExports(f *testing.F) {
	f.Add("TOKEN", "s3cret", "B", "it's")
	f.Add("TOKEN\n", "s3cret", "A", "")
	f.Add("OPTIND", "x", "A", "a'\\''b")
	f.Add("RANDOM", "a[$(id)]", "BASH_ENV", "x")
	f.Add("A", "a\x00b", "_", "\n$`\"é'")
	f.Fuzz(func(t *testing.T, n1, v1, n2, v2 string) {
		secrets := map[string]string{n1: v1, n2: v2}
		text, err := impl.RenderSecretExports(secrets)
		nameOK := func(n string) bool {
			return !shellSpecial[n] && !strings.HasPrefix(n, "BASH") && !strings.HasPrefix(n, "LC_") && identRE.MatchString(n) && !strings.HasSuffix(n, "\n")
		}
		ok := true
		for n, v := range secrets {
			ok = ok && nameOK(n) && strings.IndexByte(v, 0) < 0
		}
		if !ok {
			checkErr(t, "RenderSecretExports", err, "SEC-2")
			// The same names with harmless values: text their error shows
			// too is the message's own (its examples quote a[$(cmd)]).
			plain := map[string]string{}
			for n := range secrets {
				plain[n] = "x"
			}
			_, plainErr := impl.RenderSecretExports(plain)
			for _, v := range secrets {
				inName := false // a name is quoted, and is no secret
				for n := range secrets {
					inName = inName || strings.Contains(n, v)
				}
				inText := plainErr != nil && strings.Contains(plainErr.Error(), v)
				if len(v) >= 4 && !inName && !inText && strings.Contains(err.Error(), v) {
					t.Fatalf("the error %q shows a secret value", err)
				}
			}
			return
		}
		if err != nil {
			t.Fatalf("RenderSecretExports(%q): %v", secrets, err)
		}
		if got := unquoteExports(t, text); !maps(got, secrets) {
			t.Fatalf("RenderSecretExports(%q) = %q, which reads back as %q", secrets, text, got)
		}
		names := exportNameRE.FindAllStringSubmatch(text, -1)
		if !slices.IsSortedFunc(names, func(a, b []string) int { return strings.Compare(a[1], b[1]) }) {
			t.Fatalf("RenderSecretExports(%q) = %q, not in name order", secrets, text)
		}
	})
}

// shellSpecial is ENV-7's list of names a secret may not take (and every
// name beginning with BASH or LC_), as SPEC-v2.md states it.
var shellSpecial = map[string]bool{
	"_": true, "DIRSTACK": true, "EPOCHREALTIME": true, "EPOCHSECONDS": true, "EUID": true, "FUNCNAME": true,
	"GROUPS": true, "HISTCMD": true, "LINENO": true, "OPTIND": true, "PIPESTATUS": true, "PPID": true, "RANDOM": true,
	"SECONDS": true, "SHELLOPTS": true, "SHLVL": true, "SRANDOM": true, "UID": true,
}

var (
	identRE      = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	exportNameRE = regexp.MustCompile(`(?m)^export ([^=]*)=`)
)

func maps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// providerModel is PROV-2, PROV-4 and PROV-5 on a table PROV-1 accepts.
func providerModel(table map[string]any, provider, ref string) ([]string, bool) {
	var template []any
	switch e := table[provider].(type) {
	case []any:
		template = e
	case map[string]any:
		if ov, ok := e["overrides"].(map[string]any); ok {
			template, _ = ov[ref].([]any)
		}
		if template == nil {
			template, _ = e["default"].([]any)
		}
	}
	if template == nil {
		return nil, false
	}
	out := make([]string, len(template))
	for i, w := range template {
		out[i] = strings.ReplaceAll(w.(string), "{ref}", ref)
	}
	return out, true
}

// FuzzSecretProviderCommand checks PROV-1 to PROV-5 on provider tables
// read from JSON: the op is total, refuses with a PROV or tree rule, and
// what it returns is the model's command for a ref PROV-3 accepts.
func FuzzSecretProviderCommand(f *testing.F) {
	for _, c := range [][3]string{
		{`{"op":["op","read","{ref}"]}`, "op", "op://vault/item/token"},
		{`{"shared":{"default":["pass","show","{ref}"],"overrides":{"ci-token":["doppler","get","CI"],"default":["echo"]}}}`, "shared", "ci-token"},
		{`{"shared":{"default":["pass","show","{ref}"],"overrides":{"ci-token":["doppler"]}}}`, "shared", "default"},
		{`{"only":{"overrides":{"a":["get","a"]},"default":null}}`, "only", "b"},
		{`{"op":["op","read","{ref}"]}`, "op", "--out-file=/tmp/x"},
		{`{"op":["op","read","{ref}"]}`, "vault", "x"},
		{`{"op":[]}`, "op", "x"},
		{`{"op":["", "{ref}"]}`, "op", "x"},
		{`{"op":{"overide":{}}}`, "op", "x"},
		{`{"op":{"default":null,"overrides":{}}}`, "op", "x"},
		{`{"op":["x","{ref}{ref}","{re","f}"]}`, "op", "a{ref}"},
		{`null`, "op", "x"},
		{`["op"]`, "op", "x"},
		{`{"op":null}`, "op", "x"},
		{`{"op":["op","\u0000"]}`, "op", "x"},
	} {
		f.Add([]byte(c[0]), c[1], c[2])
	}
	f.Fuzz(func(t *testing.T, tableJSON []byte, provider, ref string) {
		if len(tableJSON) > 1<<12 {
			return
		}
		var table any
		if json.Unmarshal(tableJSON, &table) != nil {
			return
		}
		got, err := impl.SecretProviderCommand(table, provider, ref)
		if err != nil {
			checkErr(t, "SecretProviderCommand", err, "PROV-", "DM-")
			again, err2 := impl.SecretProviderCommand(table, provider, ref)
			if again != nil || err2 == nil || err2.Error() != err.Error() {
				t.Fatalf("SecretProviderCommand is not deterministic: %v, then %q, %v", err, again, err2)
			}
			return
		}
		if ref == "" || ref[0] == '-' || strings.IndexByte(ref, 0) >= 0 || !utf8.ValidString(ref) {
			t.Fatalf("SecretProviderCommand accepts the ref %q (PROV-3): %q", ref, got)
		}
		want, ok := providerModel(table.(map[string]any), provider, ref)
		if !ok || !slices.Equal(got, want) {
			t.Fatalf("SecretProviderCommand(%s, %q, %q) = %q, want %q (found %v)", tableJSON, provider, ref, got, want, ok)
		}
		if len(got) == 0 || got[0] == "" {
			t.Fatalf("SecretProviderCommand returned no program: %q (PROV-1)", got)
		}
	})
}
