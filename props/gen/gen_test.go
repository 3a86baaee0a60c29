package gen_test

import (
	"fmt"
	"reflect"
	"regexp"
	"testing"

	"pgregory.net/rapid"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/props"
	"github.com/tongref/tongref/props/gen"
)

// The generators keep their promises, under rapid (props.T) and under the
// runner's own source (gen.New): other packages rely on them.

// check runs prop under rapid and over 500 seeds of gen.New.
func check(t *testing.T, prop func(fail func(format string, args ...any), s gen.T)) {
	t.Helper()
	rapid.Check(t, func(t *rapid.T) { prop(t.Fatalf, props.T(t)) })
	for seed := uint64(0); seed < 500; seed++ {
		prop(func(format string, args ...any) { t.Fatalf("gen.New(%d): %s", seed, fmt.Sprintf(format, args...)) }, gen.New(seed))
	}
}

func TestValidTongIsValid(t *testing.T) {
	check(t, func(fail func(string, ...any), s gen.T) {
		tong := gen.ValidTong(s)
		if errs := impl.ValidateTong(tong.Name, tong.Def); errs != nil {
			fail("ValidateTong(%q, def) = %v, want nil", tong.Name, errs)
		}
	})
}

func TestNearTongFaultsBreakTheTong(t *testing.T) {
	check(t, func(fail func(string, ...any), s gen.T) {
		tong := gen.ValidTong(s)
		gen.BreakTong(s, &tong)
		if errs := impl.ValidateTong(tong.Name, tong.Def); errs == nil {
			fail("ValidateTong(%q, def) = nil, want an error after the fault", tong.Name)
		}
	})
}

func TestRunOptionsForAreAccepted(t *testing.T) {
	check(t, func(fail func(string, ...any), s gen.T) {
		tong := gen.ValidTong(s)
		o := gen.RunOptionsFor(s, tong)
		if _, err := impl.TongRunArgv(tong.Name, tong.Def, o); err != nil {
			fail("TongRunArgv(%q, def, %+v) = %v, want no error", tong.Name, o, err)
		}
	})
}

func TestValidTongV2AndOptionsAreAccepted(t *testing.T) {
	check(t, func(fail func(string, ...any), s gen.T) {
		tong := gen.ValidTongV2(s)
		if errs := impl.ValidateTongV2(tong.Name, tong.Def); errs != nil {
			fail("ValidateTongV2(%q, def) = %v, want nil", tong.Name, errs)
		}
		o := gen.RunOptionsV2For(s, tong)
		if _, err := impl.TongRunArgvV2(tong.Name, tong.Def, o); err != nil {
			fail("TongRunArgvV2(%q, def, %+v) = %v, want no error", tong.Name, o, err)
		}
	})
}

func TestScopesAreScopes(t *testing.T) {
	check(t, func(fail func(string, ...any), s gen.T) {
		if sc := gen.Scope(s); !regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9_.-]*-)?[0-9a-f]{8}$`).MatchString(sc) {
			fail("Scope() = %q, not of SCOPE-1's form", sc)
		} else if _, err := impl.SharedNetworkName(sc); err != nil {
			fail("Scope() = %q, which SCOPE-1 refuses: %v", sc, err)
		}
	})
}

func TestAnvilArgvScans(t *testing.T) {
	check(t, func(fail func(string, ...any), s gen.T) {
		a := gen.AnvilParts(s)
		if _, _, err := impl.AnvilOptionValue(a.Argv, "--name"); err != nil {
			fail("AnvilOptionValue(%q, --name) = %v, want no error", a.Argv, err)
		}
	})
}

func TestInjectionArgsAreAccepted(t *testing.T) {
	check(t, func(fail func(string, ...any), s gen.T) {
		a := gen.AnvilArgv(s)
		in := gen.InjectionArgs(s)
		if _, err := impl.InjectAnvilArgv(a, in.Network, in.Pre, in.Post); err != nil {
			fail("InjectAnvilArgv(%q, %q, %q, %q) = %v, want no error", a, in.Network, in.Pre, in.Post, err)
		}
	})
}

// TestMatching checks Matching draws strings its expression matches,
// for the expressions the generators use.
func TestMatching(t *testing.T) {
	for _, re := range []string{
		`[a-z0-9]+([._/-][a-z0-9]+){0,3}(:[a-zA-Z0-9_][a-zA-Z0-9._-]{0,9})?`,
		`0{0,2}[1-9][0-9]{0,6}(\.[0-9]{1,6})?`,
		`[0-9a-f]{64}`,
		`[a-zA-Z0-9_.:é][a-zA-Z0-9_.:é-]{0,15}`,
		`[a-zA-Z0-9_. /é-]{0,20}`,
		`a|bc|`, `x+y*`,
	} {
		want := regexp.MustCompile(`^(?:` + re + `)$`)
		check(t, func(fail func(string, ...any), s gen.T) {
			if got := gen.Matching(s, "m", re); !want.MatchString(got) {
				fail("Matching(%s) = %q, which it does not match", re, got)
			}
		})
	}
}

// TestNewIsDeterministic checks the runner's source gives the same
// values for the same seed, and other values for another.
func TestNewIsDeterministic(t *testing.T) {
	draw := func(seed uint64) []any {
		s := gen.New(seed)
		var out []any
		for i := 0; i < 20; i++ {
			out = append(out, gen.ValidTong(s), gen.AnyArgv(s), gen.Tree(s), s.Float64("f"), s.String("s"))
		}
		return out
	}
	if a, b := draw(7), draw(7); !reflect.DeepEqual(fmt.Sprint(a), fmt.Sprint(b)) {
		t.Errorf("gen.New(7) drew different values twice")
	}
	if a, b := draw(7), draw(8); fmt.Sprint(a) == fmt.Sprint(b) {
		t.Errorf("gen.New(7) and gen.New(8) drew the same values")
	}
}
