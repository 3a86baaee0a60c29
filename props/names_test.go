package props

import (
	"pgregory.net/rapid"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/props/gen"
)

// ---------------------------------------------------------------- names

// namesMatchModel: container names are "swarmforge-shared-T" and
// "SESSION-tong-T", T being a clean name itself (the Swarmforge launcher's
// form) and any other name "_" and its escaped form; a session id is
// accepted exactly when it is a docker container name not beginning with
// "swarmforge-shared" (NAME-1 to NAME-5).
func namesMatchModel(t *rapid.T) {
	name := Draw(t, "name", gen.TongName)
	id := Draw(t, "session_id", gen.SessionID)
	wantShared := impl.SharedPrefix
	if name != "" {
		wantShared += "-" + TokenModel(name)
	}
	if got := impl.SharedContainerName(name); got != wantShared {
		t.Fatalf("SharedContainerName(%q) = %q, want %q", name, got, wantShared)
	}
	if name != "" && utf8Clean(name) && pyToken(name) == name && wantShared != "swarmforge-shared-"+pyToken(name) {
		t.Fatalf("SharedContainerName(%q) = %q, want the Swarmforge launcher's %q (NAME-2)", name, wantShared, "swarmforge-shared-"+pyToken(name))
	}
	got, err := impl.SessionContainerName(id, name)
	if !ValidSessionID(id) {
		if err == nil {
			t.Fatalf("SessionContainerName(%q, %q) = %q, want a NAME-4 error", id, name, got)
		}
		checkError(t, "SessionContainerName", err, "NAME-4")
		return
	}
	want := id + "-tong"
	if name != "" {
		want += "-" + TokenModel(name)
	}
	if err != nil || got != want {
		t.Fatalf("SessionContainerName(%q, %q) = %q, %v, want %q", id, name, got, err, want)
	}
}

// namesNeverCollide: for one session id, distinct tong names give
// distinct container names; distinct names give distinct shared names; a
// session tong's container never equals a shared tong's, nor the session
// id; every name is a valid docker container name (NAME-6).
func namesNeverCollide(t *rapid.T) {
	id := Draw(t, "session_id", gen.SessionID)
	if !ValidSessionID(id) {
		id = "s1"
	}
	a := Draw(t, "a", gen.TongName)
	// b is often a name built to collide with a under a wrong encoding:
	// a's Swarmforge token, a's escaped form taken as a name, "_" + a
	var b string
	switch pick(t, "b_kind", "any", "token", "escaped", "underscore") {
	case "token":
		b = pyToken(a)
	case "escaped":
		b = escapeModel(a)
	case "underscore":
		b = "_" + a
	default:
		b = Draw(t, "b", gen.TongName)
	}
	sa, err := impl.SessionContainerName(id, a)
	if err != nil {
		t.Fatalf("SessionContainerName(%q, %q) = %v", id, a, err)
	}
	sb, _ := impl.SessionContainerName(id, b)
	ha, hb := impl.SharedContainerName(a), impl.SharedContainerName(b)
	for _, n := range []string{sa, sb, ha, hb} {
		if !containerNameRE.MatchString(n) {
			t.Fatalf("container name %q (session %q, names %q, %q) is not a valid docker container name", n, id, a, b)
		}
	}
	if a != b && sa == sb {
		t.Fatalf("SessionContainerName(%q, %q) = SessionContainerName(%q, %q) = %q", id, a, id, b, sa)
	}
	if a != b && ha == hb {
		t.Fatalf("SharedContainerName(%q) = SharedContainerName(%q) = %q", a, b, ha)
	}
	if sa == hb || sb == ha {
		t.Fatalf("a session name equals a shared name: %q/%q vs %q/%q", sa, sb, ha, hb)
	}
	if sa == id {
		t.Fatalf("SessionContainerName(%q, %q) = the session id", id, a)
	}
}
