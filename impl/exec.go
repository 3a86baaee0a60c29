package impl

import "strings"

// Spec version 2: the process a tong container runs (rules EXEC-1 to
// EXEC-4 of spec/SPEC-v2.md).
//
// Docker decides a container's process from the image's ENTRYPOINT and CMD
// and the run's --entrypoint and trailing arguments, by one rule (moby's
// merge of the run config into the image config):
//
//	--entrypoint given:  the process is the given entrypoint + the run's
//	                     arguments; the image's CMD is never used
//	else:                the image's ENTRYPOINT + (the run's arguments, or
//	                     the image's CMD when there are none)
//
// A definition's entrypoint and command mean the same under that rule, so
// a definition names one process whether it is started directly
// (RunOverride) or through the secret wrapper (ExecTarget, which names the
// process the wrapper execs).

// Override is how a run replaces the image's entrypoint and command: the
// value of --entrypoint ("" for none) and the words written after the
// image. It is RunOverride's result, SecretInjectArgv's result, and
// TongRunArgvV2's RunOptionsV2.Override.
type Override struct {
	Entrypoint string   // --entrypoint, or "" to keep the image's
	Args       []string // the words after the image
}

// checkArgvValue applies EXEC-1 to the value of the definition's
// entrypoint or command (key): absent (nil), or a non-empty list of
// non-empty strings without NUL. It allocates only for a fault.
func checkArgvValue(key string, v any) *Error {
	if v == nil {
		return nil
	}
	example := "[/usr/local/bin/server, --port, \"8080\"]"
	if key == "command" {
		example = "[serve, --port, \"8080\"]"
	}
	list, isList := v.([]any)
	if !isList {
		return withRule(wrongType(key, v, "a list of words such as "+example+" (a string is not split into words)"), "EXEC-1")
	}
	if len(list) == 0 {
		return errorf(key, "EXEC-1", "[]", "is empty, and docker cannot run an empty "+key+"; leave "+key+" out to keep the image's, or write its words such as "+example)
	}
	for i, e := range list {
		s, isStr := e.(string)
		switch {
		case !isStr:
			return withRule(wrongType(index(key, i), e, "each word as a string; quote numbers such as \"8080\""), "EXEC-1")
		case s == "":
			return errorf(index(key, i), "EXEC-1", `""`, "is an empty word, which docker reads as \"no "+key+"\" or passes as nothing; remove it")
		case strings.IndexByte(s, 0) >= 0:
			return errorv(index(key, i), "EXEC-1", s, "holds a NUL byte, which no process argument can carry; remove it")
		}
	}
	return nil
}

// declaredExec reads and checks a definition's entrypoint and command
// (DEF-1, DM-1 to DM-4, EXEC-1) in one walk of its tree, and returns their
// lists of words (nil when absent).
func declaredExec(def any) (entrypoint, command []any, err *Error) {
	m, ok := def.(map[string]any)
	if !ok {
		return nil, nil, errorf("definition", "DEF-1", "", "is "+typeName(def)+"; a tong definition is a map")
	}
	var d defView
	if err := d.read(m, false, false); err != nil {
		return nil, nil, err
	}
	if err := checkArgvValue("entrypoint", d.entrypoint); err != nil {
		return nil, nil, err
	}
	if err := checkArgvValue("command", d.command); err != nil {
		return nil, nil, err
	}
	entrypoint, _ = d.entrypoint.([]any)
	command, _ = d.command.([]any)
	return entrypoint, command, nil
}

// appendWords appends checked words (EXEC-1: strings) to dst.
func appendWords(dst []string, words []any) []string {
	for _, w := range words {
		dst = append(dst, w.(string))
	}
	return dst
}

// RunOverride returns the docker run override that makes docker run the
// process a definition declares (rule EXEC-4): with an entrypoint E and a
// command C, --entrypoint E[0] and the words E[1:] + C after the image
// (docker's --entrypoint takes one word, and drops the image's CMD, as
// EXEC-2 says); with only a command C, no --entrypoint and the words C;
// with neither, no entrypoint and no words (Args is empty, never nil), so
// the image's own ENTRYPOINT and CMD run. It checks what it reads: DEF-1, the tree, and
// EXEC-1.
func RunOverride(def any) (Override, error) {
	entrypoint, command, err := declaredExec(def)
	if err != nil {
		return Override{}, err
	}
	if len(entrypoint) == 0 {
		// never nil: the protocol's args is a list
		return Override{Args: appendWords(make([]string, 0, len(command)), command)}, nil
	}
	args := make([]string, 0, len(entrypoint)-1+len(command))
	args = appendWords(args, entrypoint[1:])
	args = appendWords(args, command)
	return Override{Entrypoint: entrypoint[0].(string), Args: args}, nil
}

// ExecTarget returns the process a container of the definition runs, given
// the image's ENTRYPOINT and CMD (nil or empty when the image has none), by
// docker's rule (EXEC-2): a declared entrypoint followed by the declared
// command (the image's CMD is never used); otherwise the image's
// ENTRYPOINT followed by the declared command, or by the image's CMD when
// none is declared. It is the argv the secret wrapper execs (SEC-3). An
// empty result (nothing to run) is an error, and so is a NUL in an image
// word (EXEC-3). It checks what it reads: DEF-1, the tree, and EXEC-1.
func ExecTarget(def any, imageEntrypoint, imageCmd []string) ([]string, error) {
	entrypoint, command, err := declaredExec(def)
	if err != nil {
		return nil, err
	}
	for i, w := range imageEntrypoint {
		if strings.IndexByte(w, 0) >= 0 {
			return nil, errorv(index("image_entrypoint", i), "EXEC-3", w, "holds a NUL byte, which no process argument can carry; pass the image's Config.Entrypoint as docker image inspect reports it")
		}
	}
	for i, w := range imageCmd {
		if strings.IndexByte(w, 0) >= 0 {
			return nil, errorv(index("image_cmd", i), "EXEC-3", w, "holds a NUL byte, which no process argument can carry; pass the image's Config.Cmd as docker image inspect reports it")
		}
	}
	var target []string
	switch {
	case len(entrypoint) > 0:
		target = make([]string, 0, len(entrypoint)+len(command))
		target = appendWords(appendWords(target, entrypoint), command)
	case len(command) > 0:
		target = make([]string, 0, len(imageEntrypoint)+len(command))
		target = appendWords(append(target, imageEntrypoint...), command)
	default:
		if len(imageEntrypoint)+len(imageCmd) == 0 {
			return nil, errorf("definition", "EXEC-3", "", "declares no entrypoint or command, and the image has none: there is no process to run; declare command: [...] in the definition")
		}
		target = make([]string, 0, len(imageEntrypoint)+len(imageCmd))
		target = append(append(target, imageEntrypoint...), imageCmd...)
	}
	return target, nil
}
