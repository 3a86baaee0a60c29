// Package load reads tong definition files into the data model of package
// github.com/tongref/tongref/impl, keeping each value's type and the line it
// came from, and derives the options a launcher starts a tong's container
// with (LaunchOptions, LaunchOptionsV2).
//
// A definition file is YAML (.yaml, .yml) or JSON (.json), chosen by the
// file name's extension, compared without regard to case. The tong's name
// is the file's base name without its last extension, as the Swarmforge
// launcher names it (Python's Path(f).stem): "github.yaml" is the tong
// github, "a.b.yaml" is a.b, ".yaml" is .yaml.
//
// The loader refuses, with an *Error naming the file, the tong, the field
// and the rule of spec/SPEC.md, and the line where one is known:
//
//   - a name without one of those extensions, and a path that is not a
//     regular file (a directory, a FIFO, a device), before opening it
//     (LOAD-1);
//   - a file larger than MaxFileSize, invalid UTF-8, or a file holding a NUL
//     byte (a binary file); a syntax error, including a truncated file, and
//     a file holding no document, or more than one (LOAD-2);
//   - a duplicate key in a map, and a key that is not a string (8080:, true:,
//     ~:, a list or map as a key) (LOAD-3);
//   - lists and maps nested deeper than impl.MaxDepth (the definition map is
//     depth 1), a tree of more than MaxNodes values or MaxExpandedSize bytes
//     of text once aliases are expanded, so a "billion laughs" file fails at
//     once, and an alias inside the anchor it names (LOAD-4);
//   - a float outside float64's range (1e999; write .inf for infinity), a
//     YAML tag other than !!str, !!int, !!float, !!bool, !!null, !!seq and
//     !!map, and a tagged value its tag does not fit (!!int "x") (LOAD-5,
//     LOAD-6);
//   - a scalar YAML 1.1 and YAML 1.2 read as different values, tagged or
//     not (LOAD-7);
//   - a merge of something other than maps, a map merged into itself, and
//     the merge key << written as a value (LOAD-8).
//
// A Go launcher loads a file with File, checks it with Doc.Validate (whose
// errors are an Errors list of *Error, each wrapping the *impl.Error
// behind it), and derives the container's options with LaunchOptions; see
// the examples. Under spec version 2 (spec/SPEC-v2.md), Doc.ValidateV2 and
// LaunchOptionsV2 take their place, the latter also naming the secrets the
// launcher writes into the tong's FIFO.
//
// # Values
//
// Integers become int64, or *big.Int when they do not fit; floats become
// float64 (NaN and ±Inf included); strings, bools, null (nil), lists
// ([]any) and maps (map[string]any) map as impl's data model says.
//
// A JSON file follows RFC 8259 strictly (encoding/json's grammar): a number
// without a fraction or exponent is an integer, any other number a float.
// Its strings are read as tongref's protocol reads them: a lone surrogate
// escape becomes bytes that are not UTF-8 (\udcXX is the byte 0xXX), which
// Doc.Validate and impl refuse by DM-3, never a silent U+FFFD.
//
// A YAML plain (unquoted) scalar is resolved by the YAML 1.2 core schema:
//
//	null     ~, null, Null, NULL, or nothing
//	bool     true, True, TRUE, false, False, FALSE
//	integer  [-+]?[0-9]+ (decimal), 0o[0-7]+ (octal), 0x[0-9a-fA-F]+ (hex)
//	float    [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?,
//	         [-+]?(.inf|.Inf|.INF), .nan, .NaN, .NAN
//	string   anything else
//
// This deliberately differs from go.yaml.in/yaml/v3's own resolver, which
// also reads 1_000 and 0b101 as integers, 0777 as octal 511 and
// 2001-12-14 as a timestamp. Quoted, literal and folded scalars are always
// strings.
//
// Ambiguous scalars are refused. The Swarmforge launcher reads definitions
// with a YAML 1.1 reader (PyYAML), which reads some plain scalars as other
// values: yes, no, on and off as bools, 0777 as octal 511, 1_000 and 0b101
// as integers, 1:30 as 90, 2001-12-14 as a date, while 1e5, 0o17 and 08080
// are strings there. A plain scalar that YAML 1.1 and YAML 1.2 read as
// different values is an error telling the author to quote it (when text
// is meant) or to write it in a form both read alike, so a definition
// means the same to every launcher. Map keys follow the same rules and must
// resolve to strings. A tagged scalar is read by its tag's constructor in
// YAML 1.1 (!!int 0777 is 511 to PyYAML) and by the core schema here, and
// the two must agree as well.
//
// Merge keys (<<: *base, or <<: [*a, *b]) are supported as YAML 1.1 and
// go.yaml.in/yaml/v3 define them: a key written in the map wins over a
// merged one, and among merged maps the first listed wins. A key written
// twice in one map, "<<" included, is a duplicate.
package load

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/tongref/tongref/impl"
)

// MaxFileSize is the largest definition file the loader reads, in bytes
// (1 MiB).
const MaxFileSize = 1 << 20

// MaxNodes is the most values (scalars, lists and maps, counted after
// aliases are expanded) a definition may hold.
const MaxNodes = 100_000

// MaxExpandedSize bounds, in bytes (4 MiB), the text a definition expands
// to: the bytes of every scalar (keys and values) plus the bytes of the
// field path the loader records for each value ("env.TOKEN", "mounts[1]"),
// counted after YAML aliases are expanded. An alias of a long string is one
// value but all of its bytes, so MaxNodes alone would let a file under
// MaxFileSize grow into gigabytes once hashed or rendered.
const MaxExpandedSize = 4 << 20

// Error is an error in a definition file: one the loader found reading it
// (rules LOAD-1 to LOAD-8 of spec/SPEC.md), or one of impl.ValidateTong's
// errors placed in the file (Doc.Validate).
type Error struct {
	File  string // the file name as given
	Line  int    // 1-based, or 0 when no line applies
	Tong  string // the tong name (Name(File))
	Field string // the field path as impl's errors spell it ("interface.port"), or "" for the whole file
	Rule  string // the rule broken, such as "LOAD-7" or "IF-3"
	// Input is the offending input as a person reads it: the text the file
	// writes for a loading error, impl's rendering for a validation error;
	// "" when there is nothing to show.
	Input string
	// Value is, for a validation error, the raw offending value: the
	// impl.Error's own Value, or else the value at Field in the definition
	// (nil when the field is absent). A loading error has none.
	Value any
	Msg   string // what is wrong and what to write instead
	// Err is the *impl.Error behind a validation error, or the cause of a
	// file that cannot be read; nil otherwise.
	Err error
}

// Error formats the error as "FILE:LINE: TONG: FIELD: INPUT: MESSAGE [RULE]",
// leaving out the parts that are empty (LINE when no line applies).
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":")
		b.WriteString(strconv.Itoa(e.Line))
	}
	if e.Tong != "" {
		b.WriteString(": ")
		b.WriteString(e.Tong)
	}
	b.WriteString(": ")
	b.WriteString(e.Detail())
	return b.String()
}

// Detail formats the error without its place: "FIELD: INPUT: MESSAGE
// [RULE]", as impl.Error does. A loading error's field path longer than
// 120 bytes is cut in its middle.
func (e *Error) Detail() string {
	if ie, ok := e.Err.(*impl.Error); ok {
		return ie.Error()
	}
	return (&impl.Error{Field: clip(e.Field), Rule: e.Rule, Input: e.Input, Msg: e.Msg}).Error()
}

// clip shortens a long field path to its first and last 60 bytes.
func clip(s string) string {
	const half = 60
	if len(s) <= 2*half {
		return s
	}
	i, j := half, len(s)-half
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	for j < len(s) && !utf8.RuneStart(s[j]) {
		j++
	}
	return s[:i] + "…" + s[j:]
}

// Unwrap returns the impl error or the cause behind e, if any.
func (e *Error) Unwrap() error { return e.Err }

// Errors is a list of errors in definition files, in the order found, as
// Doc.Validate returns it. A caller reaches the list with errors.As and
// each error with errors.As on the list or by ranging over it.
type Errors []*Error

// Error formats the errors one per line.
func (es Errors) Error() string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Unwrap returns the errors, for errors.Is and errors.As.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// errAt makes a loading error; Definition fills in the file and the tong.
func errAt(line int, field, rule, input, msg string) *Error {
	return &Error{Line: line, Field: field, Rule: rule, Input: input, Msg: msg}
}

// Doc is a loaded definition.
type Doc struct {
	File  string // the file name as given
	Name  string // the tong name: the base name without its last extension
	Value any    // the definition tree, in impl's data model
	lines map[string]int
}

// Line returns the line of a field path as impl's errors spell it
// ("interface.port", "env.TOKEN", "mounts[1]", "readiness.command[0]"),
// or "definition" for the whole definition. A field the file does not hold
// (a missing key) takes the line of its nearest enclosing field that it
// does hold; a field none of whose parents are in the file gives 0.
func (d Doc) Line(field string) int {
	if field == "definition" {
		return d.lines[""]
	}
	for field != "" {
		if l, ok := d.lines[field]; ok {
			return l
		}
		field = parent(field)
	}
	return 0
}

// Validate checks the definition with impl.ValidateTong and returns its
// errors placed in the file (an Errors list), or nil when it is valid.
func (d Doc) Validate() error { return d.located(impl.ValidateTong(d.Name, d.Value)) }

// ValidateV2 is Validate under spec version 2 (impl.ValidateTongV2).
func (d Doc) ValidateV2() error { return d.located(impl.ValidateTongV2(d.Name, d.Value)) }

// located is errs placed in the file (Locate), or nil for none.
func (d Doc) located(errs []*impl.Error) error {
	if len(errs) == 0 {
		return nil
	}
	out := make(Errors, len(errs))
	for i, e := range errs {
		out[i] = d.Locate(e)
	}
	return out
}

// Locate places an error impl returned about this definition in the file:
// its line (none for the tong's name, which comes from the file name),
// the tong, and the raw offending value.
func (d Doc) Locate(e *impl.Error) *Error {
	le := &Error{File: d.File, Tong: d.Name, Field: e.Field, Rule: e.Rule, Input: e.Input, Msg: e.Msg, Err: e}
	if e.Field != "name" {
		le.Line = d.Line(e.Field)
		le.Value = e.Value
		if le.Value == nil {
			le.Value, _ = valueAt(d.Value, e.Field)
		}
	}
	return le
}

// valueAt returns the value at a field path in a tree, if it is there. A
// map key holding "." or "[" is found as a whole when the path splits it
// differently.
func valueAt(v any, field string) (any, bool) {
	if field == "" || field == "definition" {
		return v, true
	}
	switch t := v.(type) {
	case map[string]any:
		// the longest key that the path begins with, followed by the end,
		// "." or "["
		for i := len(field); i > 0; i-- {
			if i < len(field) && field[i] != '.' && field[i] != '[' {
				continue
			}
			if e, ok := t[field[:i]]; ok {
				rest := field[i:]
				rest = strings.TrimPrefix(rest, ".")
				if r, ok := valueAt(e, rest); ok {
					return r, true
				}
			}
		}
	case []any:
		if field[0] != '[' {
			return nil, false
		}
		j := strings.IndexByte(field, ']')
		if j < 0 {
			return nil, false
		}
		n, err := strconv.Atoi(field[1:j])
		if err != nil || n < 0 || n >= len(t) {
			return nil, false
		}
		return valueAt(t[n], strings.TrimPrefix(field[j+1:], "."))
	}
	return nil, false
}

// parent strips the last ".key" or "[i]" from a field path.
func parent(field string) string {
	if strings.HasSuffix(field, "]") {
		if i := strings.LastIndexByte(field, '['); i >= 0 {
			return field[:i]
		}
	}
	if i := strings.LastIndexByte(field, '.'); i >= 0 {
		return field[:i]
	}
	return ""
}

// Name returns the tong name of a definition file: its base name without
// the last extension, as Python's Path(f).stem gives it.
func Name(filename string) string {
	base := filepath.Base(filename)
	if i := strings.LastIndexByte(base, '.'); i > 0 && i < len(base)-1 {
		return base[:i]
	}
	return base
}

// Format is how a file is read.
type format int

const (
	formatYAML format = iota + 1
	formatJSON
)

func formatOf(filename string) (format, bool) {
	switch strings.ToLower(filepath.Ext(filename)) {
	case ".yaml", ".yml":
		return formatYAML, true
	case ".json":
		return formatJSON, true
	}
	return 0, false
}

const notDefinitionFile = "is not a definition file; name it NAME.yaml, NAME.yml or NAME.json"

// tooBig says that a file of size bytes (or more, when atLeast) is over
// MaxFileSize.
func tooBig(size int64, atLeast bool) *Error {
	what := "is " + strconv.FormatInt(size, 10) + " bytes"
	if atLeast {
		what = "is larger than 1 MiB"
	}
	return errAt(0, "", "LOAD-2", "", what+", and a definition file may be at most 1 MiB (1048576 bytes); a tong definition is a few lines")
}

// Definition reads one definition from data, the contents of the file
// filename, whose extension chooses YAML or JSON. Errors are *Error.
func Definition(filename string, data []byte) (Doc, error) {
	d, err := definition(filename, data)
	if err != nil {
		err.File, err.Tong = filename, Name(filename)
		return Doc{}, err
	}
	return d, nil
}

func definition(filename string, data []byte) (Doc, *Error) {
	d := Doc{File: filename, Name: Name(filename)}
	f, ok := formatOf(filename)
	if !ok {
		return Doc{}, errAt(0, "", "LOAD-1", "", notDefinitionFile)
	}
	if len(data) > MaxFileSize {
		return Doc{}, tooBig(int64(len(data)), false)
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return Doc{}, errAt(lineAt(data, i), "", "LOAD-2", "", "holds a NUL byte, so it is a binary file, not a definition")
	}
	if !utf8.Valid(data) {
		i := 0
		for i < len(data) {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			i += n
		}
		return Doc{}, errAt(lineAt(data, i), "", "LOAD-2", "", fmt.Sprintf("is not valid UTF-8 (byte 0x%02x at offset %d); save the file as UTF-8", data[i], i))
	}
	var err *Error
	switch f {
	case formatJSON:
		d.Value, d.lines, err = readJSON(data)
	default:
		d.Value, d.lines, err = readYAML(data)
	}
	if err != nil {
		return Doc{}, err
	}
	return d, nil
}

// File reads and loads the definition file at path. It checks, in order,
// that the name is a definition file's (LOAD-1), that the path is a regular
// file (so a FIFO or a device is never opened, and a read never blocks), and
// that it is at most MaxFileSize bytes; then it reads at most MaxFileSize+1
// bytes, so that a file growing meanwhile is refused without being read
// whole.
func File(path string) (Doc, error) {
	fail := func(e *Error) (Doc, error) {
		e.File, e.Tong = path, Name(path)
		return Doc{}, e
	}
	if _, ok := formatOf(path); !ok {
		return fail(errAt(0, "", "LOAD-1", "", notDefinitionFile))
	}
	fi, err := os.Stat(path)
	if err != nil {
		e := errAt(0, "", "LOAD-1", "", "cannot be read: "+unwrapPathError(err))
		e.Err = err
		return fail(e)
	}
	if !fi.Mode().IsRegular() {
		return fail(errAt(0, "", "LOAD-1", "", "is "+fileKind(fi.Mode())+", not a regular file; a definition is a file such as tongs/github.yaml"))
	}
	if fi.Size() > MaxFileSize {
		return fail(tooBig(fi.Size(), false))
	}
	// Open without blocking, and check the file opened: a path swapped
	// for a FIFO after the Stat above must not block the read either.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		e := errAt(0, "", "LOAD-1", "", "cannot be read: "+unwrapPathError(err))
		e.Err = err
		return fail(e)
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return fail(errAt(0, "", "LOAD-1", "", "is not a regular file; a definition is a file such as tongs/github.yaml"))
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		e := errAt(0, "", "LOAD-1", "", "cannot be read: "+unwrapPathError(err))
		e.Err = err
		return fail(e)
	}
	if len(data) > MaxFileSize {
		return fail(tooBig(0, true))
	}
	return Definition(path, data)
}

// fileKind names a file type that is not a regular file.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

func unwrapPathError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// lineAt returns the 1-based line of byte offset i.
func lineAt(data []byte, i int) int {
	if i > len(data) {
		i = len(data)
	}
	return bytes.Count(data[:i], []byte{'\n'}) + 1
}

// showText renders source text for an error's Input: as it is when it is
// short and printable, else quoted (so control characters are visible)
// and cut to a readable length.
func showText(s string) string {
	const max = 60
	cut := false
	if len(s) > max {
		i := max
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		s, cut = s[:i], true
	}
	q := strconv.Quote(s)
	if q[1:len(q)-1] != s || s == "" || strings.TrimSpace(s) != s {
		s = q
	}
	if cut {
		s += "…"
	}
	return s
}
