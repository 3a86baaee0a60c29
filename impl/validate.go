package impl

import (
	"sort"
	"strconv"
	"strings"
)

// Interface kinds.
const (
	KindMCP    = "mcp"
	KindPort   = "port"
	KindVolume = "volume"
	KindNone   = "none"
)

// SecretDir is where the launcher delivers secret files; a secret env
// value NAME is given to the tong as NAME_FILE=SecretDir/NAME.
const SecretDir = "/run/swarmforge/secrets"

// ValidateTong checks a tong definition against the v1 schema and returns
// every fault it finds, in a fixed order, or nil when the definition is
// valid (rules TONG-1, DEF-1, DEF-2, DM-1 to DM-4, LIFE-1, IMG-1 to IMG-3,
// IF-1 to IF-7, RDY-1 to RDY-7, ENV-1 to ENV-6, MNT-1 to MNT-4, NET-1,
// NET-2, RES-1 to RES-3). Keys it does not know are allowed.
//
// The checks run in this order: the tong name, the tree itself, then the
// fields lifecycle, image, interface, readiness, env, mounts, networks and
// resources. Within env the faults are sorted by field, and two faults of
// one field by rule.
func ValidateTong(name string, def any) []*Error { return validateTong(name, def, false) }

// ValidateTongV2 checks a tong definition against spec version 2 (see
// spec/SPEC-v2.md): the rules of ValidateTong, except that ENV-6 is gone
// (secrets are delivered over a FIFO, not as files) and a mount's mode is
// exactly ro or rw when a ":" is written (MNT-7 replaces MNT-3, so
// "workspace:" is an error), plus EXEC-1 (entrypoint and command, when
// present, are non-empty lists of non-empty words without NUL) and IF-8
// (an mcp tong's interface.path, when present, is a URL path). The checks
// run in ValidateTong's order, with entrypoint and command after env.
func ValidateTongV2(name string, def any) []*Error { return validateTong(name, def, true) }

func validateTong(name string, def any, v2 bool) []*Error {
	var d defView
	return d.validate(name, def, v2)
}

// validate is validateTong that leaves in d what it read, so an operation
// that needs a valid definition (TongRunArgv) reads no field twice. The
// walk that checks the tree reads every field (defView.read); the field
// checks below then look nothing up.
func (d *defView) validate(name string, def any, v2 bool) []*Error {
	var errs []*Error
	if e := checkTongName(name); e != nil {
		errs = append(errs, e)
	}
	m, ok := def.(map[string]any)
	if !ok {
		return append(errs, errorf("definition", "DEF-1", "", "is "+typeName(def)+"; a tong definition is a map with at least lifecycle, image and interface"))
	}
	if err := d.read(m, true, v2); err != nil {
		return append(errs, err)
	}
	if e := checkLifecycleValue(d.lifecycle); e != nil {
		errs = append(errs, e)
	}
	if e := checkImageValue(d.image); e != nil {
		errs = append(errs, e)
	}
	kind, ifErrs := d.checkInterface(name, v2)
	errs = append(errs, ifErrs...)
	errs = append(errs, checkReadinessValues(d.readiness, d.mode, d.timeout, d.rcommand, kind, nil)...)
	errs = append(errs, d.envFaults()...)
	if v2 {
		if e := checkArgvValue("entrypoint", d.entrypoint); e != nil {
			errs = append(errs, e)
		}
		if e := checkArgvValue("command", d.command); e != nil {
			errs = append(errs, e)
		}
	}
	errs = append(errs, checkMountsValue(d.mounts, v2)...)
	errs = append(errs, checkNetworksValue(d.networks)...)
	if _, e := resourceMemoryOf(d.resources, d.memory); e != nil {
		errs = append(errs, e)
	}
	return errs
}

// field returns m[key], treating a null value as absent (DEF-2).
func field(m map[string]any, key string) (any, bool) {
	v, ok := m[key]
	if v == nil {
		return nil, false
	}
	return v, ok
}

func wrongType(fieldName string, v any, want string) *Error {
	return errorv(fieldName, "", v, "is "+typeName(v)+"; write "+want)
}

func withRule(e *Error, rule string) *Error {
	e.Rule = rule
	return e
}

// checkTongName applies TONG-1: the tong name labels the container and is
// the alias of a port tong, so it must be non-empty text without control
// characters.
func checkTongName(name string) *Error {
	if name == "" {
		return errorf("name", "TONG-1", `""`, "is empty; a tong is named after its definition file, such as github for github.yaml")
	}
	if hasControl(name) {
		return errorv("name", "TONG-1", name, "holds a control character or invalid UTF-8; name the tong with printable text")
	}
	return nil
}

// checkLifecycleValue applies LIFE-1 to the lifecycle field's value (nil
// when absent, DEF-2).
func checkLifecycleValue(v any) *Error {
	if v == nil {
		return errorf("lifecycle", "LIFE-1", "", "is missing; write lifecycle: session (one container per session) or lifecycle: shared (one for all sessions)")
	}
	if s, isStr := v.(string); !isStr || (s != "session" && s != "shared") {
		return errorv("lifecycle", "LIFE-1", v, "is not a lifecycle; write session or shared")
	}
	return nil
}

// checkImageValue applies IMG-1 to IMG-3 to the image field's value (nil
// when absent).
func checkImageValue(v any) *Error {
	if v == nil {
		return errorf("image", "IMG-1", "", "is missing; write the image to run, such as image: ghcr.io/acme/github-mcp:latest")
	}
	s, isStr := v.(string)
	switch {
	case !isStr:
		return withRule(wrongType("image", v, "the image reference as a string, such as ghcr.io/acme/github-mcp:latest"), "IMG-1")
	case s == "":
		return errorf("image", "IMG-1", `""`, "is empty; write the image to run, such as ghcr.io/acme/github-mcp:latest")
	case isImageReference(s):
		// the grammar's references begin with a letter, digit or "[" and
		// hold no whitespace or control character: IMG-2 holds for them
		return nil
	case s[0] == '-':
		return errorv("image", "IMG-2", s, "begins with \"-\", so docker would read it as an option, not an image; write an image reference such as ghcr.io/acme/github-mcp:latest")
	case hasSpaceOrControl(s):
		return errorv("image", "IMG-2", s, "holds whitespace or a control character, which no image reference has; write an image reference such as ghcr.io/acme/github-mcp:latest")
	default:
		return errorv("image", "IMG-3", s, "is not an image reference docker can read (docker run would stop with \"invalid reference format\"); write [REGISTRY/]NAME[:TAG][@sha256:DIGEST] with a lower-case name, such as ghcr.io/acme/github-mcp:latest")
	}
}

// checkInterface applies IF-1 to IF-7 (and, for spec version 2, IF-8) to
// the fields d has read, and returns the kind ("" when it is not one of
// the four).
func (d *defView) checkInterface(name string, v2 bool) (string, []*Error) {
	v := d.iface
	if v == nil {
		return "", []*Error{errorf("interface", "IF-1", "", "is missing; write a map such as interface: {kind: port, port: 5432}")}
	}
	if _, isMap := v.(map[string]any); !isMap {
		return "", []*Error{withRule(wrongType("interface", v, "a map such as {kind: port, port: 5432}"), "IF-1")}
	}
	kv := d.kind
	if kv == nil {
		return "", []*Error{errorf("interface.kind", "IF-2", "", "is missing; write mcp, port, volume or none")}
	}
	kind, _ := kv.(string)
	switch kind {
	case KindMCP, KindPort, KindVolume, KindNone:
	default:
		return "", []*Error{errorv("interface.kind", "IF-2", kv, "is not an interface kind; write mcp, port, volume or none")}
	}
	var errs []*Error
	add := func(e *Error) {
		if e != nil {
			errs = append(errs, e)
		}
	}
	switch kind {
	case KindMCP, KindPort:
		add(checkPortValue(d.port))
	}
	switch kind {
	case KindMCP:
		nv := d.ifName
		ns, isStr := nv.(string)
		switch {
		case nv == nil:
			add(errorf("interface.name", "IF-4", "", "is missing; an mcp tong is reached by its name, such as name: github"))
		case !isStr:
			add(withRule(wrongType("interface.name", nv, "the name as a string, such as name: github"), "IF-4"))
		case ns == "":
			add(errorf("interface.name", "IF-4", `""`, "is empty; write the name the anvil reaches the tong by, such as github"))
		default:
			add(checkAlias("interface.name", ns, "IF-7"))
		}
		if tv := d.transport; tv != nil && tv != "http" {
			add(errorv("interface.transport", "IF-5", tv, "is not a transport tongs support; write http, or leave it out (http is the default)"))
		}
		if v2 {
			add(checkMCPPathValue(d.path))
		}
	case KindPort:
		add(checkAlias("name", name, "IF-7"))
	case KindVolume:
		add(checkVolumeNameValue(d.volume))
		add(checkMountpointValue(d.mountpoint))
	}
	return kind, errs
}

// checkPortValue applies IF-3 to interface.port's value (nil when absent).
func checkPortValue(v any) *Error {
	if v == nil {
		return errorf("interface.port", "IF-3", "", "is missing; write the TCP port the tong listens on, such as port: 8080")
	}
	i, fits, isInt := intValue(v)
	if !isInt {
		return withRule(wrongType("interface.port", v, "an integer from 1 to 65535, such as port: 8080 (no quotes, no fraction)"), "IF-3")
	}
	if !fits || i < 1 || i > 65535 {
		return errorv("interface.port", "IF-3", v, "is not a TCP port; write an integer from 1 to 65535, such as 8080")
	}
	return nil
}

// checkAlias applies IF-7: an alias is a DNS label for docker's embedded
// DNS: 1 to 63 ASCII letters, digits and "-", not beginning or ending with
// "-".
func checkAlias(fieldName, s, rule string) *Error {
	if len(s) < 1 || len(s) > 63 || s[0] == '-' || s[len(s)-1] == '-' || !allIn(s, bLabel) {
		what := "the interface name"
		if fieldName == "name" {
			what = "the tong name (the definition file's name)"
		}
		return errorv(fieldName, rule, s, "is the tong's network alias and is not a DNS label; make "+what+" 1 to 63 letters, digits and \"-\", not beginning or ending with \"-\", such as github-mcp")
	}
	return nil
}

// checkVolumeNameValue applies IF-6 to interface.volume: docker's volume name
// grammar, [a-zA-Z0-9][a-zA-Z0-9_.-]+.
func checkVolumeNameValue(v any) *Error {
	if v == nil {
		return errorf("interface.volume", "IF-6", "", "is missing; a volume tong names the docker volume it shares, such as volume: cache")
	}
	s, isStr := v.(string)
	if !isStr {
		return withRule(wrongType("interface.volume", v, "a docker volume name such as cache"), "IF-6")
	}
	if err := checkContainerName("interface.volume", s, "IF-6"); err != nil {
		err.Msg = "is not a docker volume name; write a letter or digit, then one or more letters, digits, \"_\", \".\" or \"-\", such as cache"
		return err
	}
	return nil
}

// checkMountpointValue applies IF-6 to interface.mountpoint: an absolute path
// without ":" (which would split a -v spec) or control characters.
func checkMountpointValue(v any) *Error {
	if v == nil {
		return errorf("interface.mountpoint", "IF-6", "", "is missing; write where the anvil sees the volume, such as mountpoint: /cache")
	}
	s, isStr := v.(string)
	if !isStr {
		return withRule(wrongType("interface.mountpoint", v, "an absolute path such as /cache"), "IF-6")
	}
	return checkPath("interface.mountpoint", s, "IF-6", "/cache")
}

// checkPath refuses a path docker could not use in a -v or --tmpfs spec:
// not absolute, or holding ":" or a control character.
func checkPath(fieldName, s, rule, example string) *Error {
	switch {
	case s == "" || s[0] != '/':
		return errorv(fieldName, rule, s, "is not an absolute path; write one such as "+example)
	case strings.IndexByte(s, ':') >= 0:
		return errorv(fieldName, rule, s, "holds \":\", which docker reads as the end of the path; write a path without \":\" such as "+example)
	case hasControl(s):
		return errorv(fieldName, rule, s, "holds a control character; write a path such as "+example)
	}
	return nil
}

// readiness modes
const (
	ModeTCP         = "tcp"
	ModeHealthcheck = "healthcheck"
	ModeNone        = "none"
)

// checkReadinessValues applies RDY-1 to RDY-7 for a tong of the given
// kind ("" when the kind is unknown) to the value of readiness and, when
// it is a map, of its fields mode, timeout and command (each nil when
// absent). When r is not nil and it finds no fault, it also writes what
// the block states into r (mode, command and timeout; r keeps its
// defaults for what is absent), so ReadinessSettings reads and parses
// each field once.
func checkReadinessValues(v, mv, tv, cv any, kind string, r *Readiness) []*Error {
	ok := v != nil
	portless := kind == KindVolume || kind == KindNone
	if !ok {
		if portless {
			return []*Error{errorf("readiness.mode", "RDY-3", "", "is missing; a "+kind+" tong has no port to probe, so state readiness: {mode: none} or {mode: healthcheck, command: [...]}")}
		}
		return nil
	}
	if _, isMap := v.(map[string]any); !isMap {
		return []*Error{withRule(wrongType("readiness", v, "a map such as {mode: tcp, timeout: 30s}"), "RDY-1")}
	}
	var errs []*Error
	mode := ""
	if mv != nil {
		mode, _ = mv.(string)
		switch mode {
		case ModeTCP, ModeHealthcheck, ModeNone:
		default:
			errs = append(errs, errorv("readiness.mode", "RDY-2", mv, "is not a readiness mode; write tcp, healthcheck or none"))
			mode = "?"
		}
	}
	switch {
	case mode == "" && portless:
		errs = append(errs, errorf("readiness.mode", "RDY-3", "", "is missing; a "+kind+" tong has no port to probe, so write mode: none or mode: healthcheck with a command"))
	case mode == ModeTCP && portless:
		errs = append(errs, errorf("readiness.mode", "RDY-4", `"tcp"`, "cannot work for a "+kind+" tong, which has no port to dial; write none, or healthcheck with a command"))
	}
	timeout := DefaultReadinessTimeout
	if tv != nil {
		var err error
		if timeout, err = ParseDuration(tv, DefaultReadinessTimeout); err != nil {
			e := err.(*Error)
			errs = append(errs, &Error{Field: "readiness.timeout", Rule: e.Rule, Input: show(tv), Value: tv, Msg: e.Msg, Err: e})
		}
	}
	hasCmd := cv != nil
	if hasCmd {
		errs = append(errs, checkCommand(cv)...)
	} else if mode == ModeHealthcheck {
		errs = append(errs, errorf("readiness.command", "RDY-7", "", "is missing; a healthcheck runs a command, such as command: [pg_isready, -h, localhost]"))
	}
	if r != nil && len(errs) == 0 {
		if mode != "" {
			r.Mode = mode
		}
		r.TimeoutS = timeout
		if hasCmd {
			cmd := cv.([]any)
			r.Command = make([]string, len(cmd))
			for i, w := range cmd {
				r.Command[i] = w.(string)
			}
		}
	}
	return errs
}

// checkCommand applies RDY-6: a non-empty list of strings without NUL.
func checkCommand(cv any) []*Error {
	list, isList := cv.([]any)
	if !isList {
		return []*Error{withRule(wrongType("readiness.command", cv, "a list of strings such as [pg_isready, -h, localhost]"), "RDY-6")}
	}
	if len(list) == 0 {
		return []*Error{errorf("readiness.command", "RDY-6", "[]", "is empty; write the command and its arguments, such as [pg_isready, -h, localhost]")}
	}
	var errs []*Error
	for i, e := range list {
		s, isStr := e.(string)
		switch {
		case !isStr:
			errs = append(errs, withRule(wrongType(index("readiness.command", i), e, "each word of the command as a string; quote numbers such as \"5432\""), "RDY-6"))
		case strings.IndexByte(s, 0) >= 0:
			errs = append(errs, errorv(index("readiness.command", i), "RDY-6", s, "holds a NUL byte, which no command argument can carry; remove it"))
		}
	}
	return errs
}

// envFaults applies ENV-1 to ENV-5, and ENV-6 unless v2 (spec version 2
// delivers secrets over a FIFO, so no NAME_FILE pointer exists), or ENV-7
// when v2, to the env d has read: ENV-1 when env is not a map, else the
// variables' faults read found (envVarFault), sorted by field and then by
// rule.
func (d *defView) envFaults() []*Error {
	v := d.env
	if v == nil {
		return nil
	}
	if _, isMap := v.(map[string]any); !isMap {
		return []*Error{withRule(wrongType("env", v, "a map of names to values, such as {LOG_LEVEL: info}"), "ENV-1")}
	}
	errs := d.envErrs
	if len(errs) > 1 {
		// by field, and two faults of one field (a NAME_FILE variable's
		// own and its secret's ENV-6) by rule, whatever the map order
		sort.Slice(errs, func(i, j int) bool {
			if errs[i].Field != errs[j].Field {
				return errs[i].Field < errs[j].Field
			}
			return errs[i].Rule < errs[j].Rule
		})
	}
	return errs
}

// envVarFault applies ENV-2 to ENV-5, and ENV-7 (v2) or ENV-6 (not v2), to
// the variable k: val of the env map em, and returns its first fault. The
// field names are built only for a fault, so a valid variable allocates
// nothing.
func envVarFault(em map[string]any, k string, val any, v2 bool) *Error {
	if e := checkEnvName(k); e != nil {
		return e
	}
	switch kindOf(val) {
	case kindInt:
		return nil
	case kindString:
	default:
		return errorv("env."+k, "ENV-3", val, "is "+typeName(val)+", which launchers render differently; write the value as a quoted string, such as \"true\" or \"1.5\"")
	}
	s := val.(string)
	nul, dollar := hasIn(s, bValueStop, 0, '$')
	if nul {
		return errorv("env."+k, "ENV-3", s, "holds a NUL byte, which no environment value can carry; remove it")
	}
	if !dollar {
		return nil // no "${secret:", so no secret reference (ENV-4)
	}
	isSecret, serr := secretRef(s)
	if serr != "" {
		return errorv("env."+k, "ENV-4", s, serr)
	}
	if !isSecret {
		return nil
	}
	if !isIdentifier(k) {
		return errorv("env."+k, "ENV-5", k, "names a secret, and a secret's name becomes a file name and NAME_FILE; write letters, digits and \"_\", not beginning with a digit, such as GITHUB_TOKEN")
	}
	if v2 && shellSpecial(k) {
		return errorv("env."+k, "ENV-7", k, "names a secret, and "+shellSpecialMsg)
	}
	if v2 {
		return nil
	}
	// NAME_FILE looked up through a stack buffer: a map index by
	// string(bytes) makes no string
	var buf [64]byte
	fileKey := append(buf[:0], k...)
	fileKey = append(fileKey, "_FILE"...)
	if fv, ok := em[string(fileKey)]; ok {
		want := SecretDir + "/" + k
		if fs, isStr := fv.(string); !isStr || fs != want {
			return errorv("env."+k+"_FILE", "ENV-6", fv, "sits beside the secret "+k+", whose file the launcher delivers at "+want+"; write exactly that, or leave "+k+"_FILE out")
		}
	}
	return nil
}

// checkEnvName applies ENV-2: a name docker's -e KEY=VALUE can carry. The
// fault's field is env.KEY.
func checkEnvName(k string) *Error {
	nul, eq := hasIn(k, bNameStop, 0, '=')
	switch {
	case k == "":
		return errorf("env.", "ENV-2", `""`, "is an empty variable name; name the variable, such as LOG_LEVEL")
	case eq:
		return errorv("env."+k, "ENV-2", k, "holds \"=\", which would end the name in KEY=VALUE; write a name without \"=\"")
	case nul:
		return errorv("env."+k, "ENV-2", k, "holds a NUL byte, which no variable name can carry; remove it")
	}
	return nil
}

func isIdentifier(s string) bool {
	return s != "" && !('0' <= s[0] && s[0] <= '9') && allIn(s, bIdent)
}

// secretRef reports whether s holds a secret reference (ENV-4). A string
// holding "${secret:" must hold only well-formed references
// "${secret:PROVIDER:REF}", PROVIDER being one or more of [A-Za-z0-9_-] and
// REF one or more characters other than "}"; otherwise msg says what is
// wrong.
func secretRef(s string) (isSecret bool, msg string) {
	const open = "${secret:"
	for {
		k := strings.Index(s, open)
		if k < 0 {
			return isSecret, ""
		}
		s = s[k+len(open):]
		p := 0
		for p < len(s) && byteClass[s[p]]&bProvider != 0 {
			p++
		}
		if p == 0 || p >= len(s) || s[p] != ':' {
			return false, "holds a malformed secret reference; write ${secret:PROVIDER:REF}, such as ${secret:op:op://vault/item/token}"
		}
		s = s[p+1:]
		r := strings.IndexByte(s, '}')
		if r <= 0 {
			return false, "holds a malformed secret reference; write ${secret:PROVIDER:REF}, such as ${secret:op:op://vault/item/token}"
		}
		s = s[r+1:]
		isSecret = true
	}
}

// IsSecretValue reports whether an env value of a valid definition is a
// secret: a string holding a ${secret:PROVIDER:REF} reference (ENV-4).
func IsSecretValue(v any) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	isSecret, msg := secretRef(s)
	return isSecret && msg == ""
}

// checkMountsValue applies MNT-1 to MNT-4 to the mounts field's value (nil
// when absent), with MNT-7 in place of MNT-3 when v2: a mode written after
// ":" is exactly ro or rw, never empty.
func checkMountsValue(v any, v2 bool) []*Error {
	if v == nil {
		return nil
	}
	list, isList := v.([]any)
	if !isList {
		return []*Error{withRule(wrongType("mounts", v, "a list such as [workspace:ro]"), "MNT-1")}
	}
	var errs []*Error
	seen := [2]bool{}
	for i, e := range list {
		s, isStr := e.(string)
		if !isStr {
			errs = append(errs, withRule(wrongType(index("mounts", i), e, "workspace, workspace:ro, workspace:rw, docker-socket or docker-socket:ro"), "MNT-1"))
			continue
		}
		word, mode, hasMode := strings.Cut(s, ":")
		w := 0
		switch word {
		case "workspace":
		case "docker-socket":
			w = 1
		default:
			errs = append(errs, errorv(index("mounts", i), "MNT-2", s, "is not a mount word; write workspace or docker-socket, optionally followed by :ro or :rw (host paths are never mounted directly)"))
			continue
		}
		if v2 && hasMode && mode != "ro" && mode != "rw" {
			errs = append(errs, errorv(index("mounts", i), "MNT-7", s, "has a mount mode other than ro or rw after \":\"; write "+word+":ro, "+word+":rw or "+word))
			continue
		}
		if mode != "" && mode != "ro" && mode != "rw" {
			errs = append(errs, errorv(index("mounts", i), "MNT-3", s, "has a mount mode tongs do not support; write "+word+":ro, "+word+":rw or "+word))
			continue
		}
		if seen[w] {
			errs = append(errs, errorv(index("mounts", i), "MNT-4", s, "mounts "+word+" a second time, and docker refuses two mounts at one path; keep one"))
			continue
		}
		seen[w] = true
	}
	return errs
}

// checkNetworksValue applies NET-1 and NET-2 to the networks field's value
// (nil when absent).
func checkNetworksValue(v any) []*Error {
	if v == nil {
		return nil
	}
	list, isList := v.([]any)
	if !isList {
		return []*Error{withRule(wrongType("networks", v, "a list of docker network names such as [tongs]"), "NET-1")}
	}
	var errs []*Error
	for i, e := range list {
		s, isStr := e.(string)
		if !isStr {
			errs = append(errs, withRule(wrongType(index("networks", i), e, "a docker network name such as tongs"), "NET-1"))
			continue
		}
		if err := checkNetworkName("", s, "NET-2"); err != nil {
			err.Field = index("networks", i) // built only for a fault
			errs = append(errs, err)
		}
	}
	return errs
}

// Memory bounds (RES-3): docker's daemon refuses less than 6 MiB, and
// docker's CLI reads the value through a float64, exact up to 2^53.
const (
	minMemory = 6 << 20
	maxMemory = 1 << 53
)

// resourceMemoryOf checks the resources block (RES-1 to RES-3), given the
// values of resources and, when it is a map, of resources.memory (each nil
// when absent), and returns resources.memory as --memory takes it, or ""
// when none is given.
func resourceMemoryOf(v, mv any) (string, *Error) {
	if v == nil {
		return "", nil
	}
	if _, isMap := v.(map[string]any); !isMap {
		return "", withRule(wrongType("resources", v, "a map such as {memory: 512m}"), "RES-1")
	}
	if mv == nil {
		return "", nil
	}
	return memoryValue(mv)
}

// memoryValue renders resources.memory for --memory (RES-2, RES-3).
func memoryValue(mv any) (string, *Error) {
	const f = "resources.memory"
	var s string
	switch kindOf(mv) {
	case kindString:
		s = mv.(string)
	case kindInt:
		s = string(appendInt(nil, mv))
	default:
		return "", errorv(f, "RES-2", mv, "is "+typeName(mv)+"; write a whole number of bytes or a string with a unit b, k, m or g, such as 512m")
	}
	// consume digits, then an optional unit
	i := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	mult := uint64(1)
	if i == len(s)-1 {
		switch s[i] {
		case 'b', 'B':
		case 'k', 'K':
			mult = 1 << 10
		case 'm', 'M':
			mult = 1 << 20
		case 'g', 'G':
			mult = 1 << 30
		default:
			i = -1
		}
	} else if i != len(s) {
		i = -1
	}
	if i <= 0 {
		return "", errorv(f, "RES-3", mv, "is not a memory size; write digits with an optional unit b, k, m or g, such as 512m or 2g (no fractions, no spaces)")
	}
	digits := strings.TrimLeft(s[:i], "0")
	n, err := strconv.ParseUint(digits, 10, 64)
	if digits == "" {
		n, err = 0, nil
	}
	if err != nil || n > maxMemory/mult || n*mult < minMemory {
		return "", errorv(f, "RES-3", mv, "is outside what docker accepts; write from 6m (docker's minimum) to 8388608g (2^53 bytes), such as 512m")
	}
	return s, nil
}

// checkMCPPathValue applies IF-8 to an mcp tong's interface.path (nil
// when absent): when present, a string of URL path characters (RFC 3986:
// letters, digits, "-._~", "!$&'()*+,;=", ":", "@", "/" and %XX escapes),
// so the tong's URL http://ALIAS:PORT/PATH cannot grow a query, a
// fragment, whitespace or another host. The launcher supplies a missing
// leading "/".
func checkMCPPathValue(v any) *Error {
	if v == nil {
		return nil
	}
	s, isStr := v.(string)
	if !isStr {
		return withRule(wrongType("interface.path", v, "the URL path as a string, such as /mcp"), "IF-8")
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case byteClass[c]&bPath != 0:
		case c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]):
			i += 2
		default:
			return errorv("interface.path", "IF-8", s, "holds "+strconv.Quote(s[i:i+1])+", which is not a URL path character (no spaces, \"?\", \"#\", \"%\" without two hex digits, or non-ASCII); write a path such as /mcp or /api/v1/mcp, with %XX escapes")
		}
	}
	return nil
}
