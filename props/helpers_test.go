package props

import (
	"errors"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/tongref/tongref/impl"
)

var ruleRE = regexp.MustCompile(`^[A-Z]+-[0-9]+$`)

// checkError fails unless err is an *impl.Error whose rule has one of the
// prefixes (§3: one typed error, naming its rule).
func checkError(t *rapid.T, what string, err error, prefixes ...string) *impl.Error {
	t.Helper()
	var e *impl.Error
	if !errors.As(err, &e) {
		t.Fatalf("%s: error %v (%T), want an *impl.Error", what, err, err)
	}
	if !ruleRE.MatchString(e.Rule) {
		t.Fatalf("%s: error %q has rule %q, want a rule id such as DUR-3", what, e.Error(), e.Rule)
	}
	if e.Msg == "" {
		t.Fatalf("%s: error %#v has no message", what, e)
	}
	if len(prefixes) > 0 {
		ok := false
		for _, p := range prefixes {
			ok = ok || strings.HasPrefix(e.Rule, p)
		}
		if !ok {
			t.Fatalf("%s: error %q has rule %s, want one of %v", what, e.Error(), e.Rule, prefixes)
		}
	}
	return e
}

// diff is cmp.Diff for argvs, fast when they are equal.
func diff(want, got []string) string {
	if slices.Equal(want, got) {
		return ""
	}
	return cmp.Diff(want, got)
}

func copyArgv(argv []string) []string {
	if argv == nil {
		return nil
	}
	return append([]string{}, argv...)
}

func sameSlice(a, b []string) bool {
	return (a == nil) == (b == nil) && reflect.ValueOf(a).Pointer() == reflect.ValueOf(b).Pointer() && len(a) == len(b)
}

// pick draws one of options; it shrinks toward options[0].
func pick[E any](t *rapid.T, label string, options ...E) E {
	return rapid.SampledFrom(options).Draw(t, label)
}
