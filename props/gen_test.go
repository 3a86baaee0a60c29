package props

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/tongref/tongref/impl"
)

// The generators keep their promises: other packages rely on them.

func TestValidTongIsValid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tong := ValidTong().Draw(t, "tong")
		if errs := impl.ValidateTong(tong.Name, tong.Def); errs != nil {
			t.Fatalf("ValidateTong(%q, def) = %v, want nil", tong.Name, errs)
		}
	})
}

func TestNearTongFaultsBreakTheTong(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tong := ValidTong().Draw(t, "tong")
		breakTong(t, &tong)
		if errs := impl.ValidateTong(tong.Name, tong.Def); errs == nil {
			t.Fatalf("ValidateTong(%q, def) = nil, want an error after the fault", tong.Name)
		}
	})
}

func TestRunOptionsForAreAccepted(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tong := ValidTong().Draw(t, "tong")
		o := RunOptionsFor(tong).Draw(t, "options")
		if _, err := impl.TongRunArgv(tong.Name, tong.Def, o); err != nil {
			t.Fatalf("TongRunArgv(%q, def, %+v) = %v, want no error", tong.Name, o, err)
		}
	})
}

func TestAnvilArgvScans(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := AnvilParts().Draw(t, "anvil")
		if _, _, err := impl.AnvilOptionValue(a.Argv, "--name"); err != nil {
			t.Fatalf("AnvilOptionValue(%q, --name) = %v, want no error", a.Argv, err)
		}
	})
}

func TestInjectionArgsAreAccepted(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := AnvilArgv().Draw(t, "argv")
		in := InjectionArgs().Draw(t, "injection")
		if _, err := impl.InjectAnvilArgv(a, in.Network, in.Pre, in.Post); err != nil {
			t.Fatalf("InjectAnvilArgv(%q, %q, %q, %q) = %v, want no error", a, in.Network, in.Pre, in.Post, err)
		}
	})
}
