// Package load reads tong definition files into the data model of package
// tongref/impl, keeping each value's type and the line it came from.
//
// A definition file is YAML (.yaml, .yml) or JSON (.json), chosen by the
// file name's extension, compared without regard to case. The tong's name
// is the file's base name without its last extension, as the Swarmforge
// launcher names it (Python's Path(f).stem): "github.yaml" is the tong
// github, "a.b.yaml" is a.b, ".yaml" is .yaml.
//
// The loader refuses, with an error naming the file and, where one is
// known, the line:
//
//   - a file larger than MaxFileSize, invalid UTF-8, or a file holding a NUL
//     byte (a binary file);
//   - a syntax error, including a truncated file, and a file holding no
//     document, or more than one;
//   - a duplicate key in a map, and a key that is not a string (8080:, true:,
//     ~:, a list or map as a key);
//   - lists and maps nested deeper than impl.MaxDepth (the definition map is
//     depth 1), and a tree of more than MaxNodes values once aliases are
//     expanded, so a "billion laughs" file fails at once;
//   - a YAML tag other than !!str, !!int, !!float, !!bool, !!null, !!seq and
//     !!map, and a tagged value its tag does not fit (!!int "x");
//   - a float outside float64's range (1e999; write .inf for infinity).
//
// # Values
//
// Integers become int64, or *big.Int when they do not fit; floats become
// float64 (NaN and ±Inf included); strings, bools, null (nil), lists
// ([]any) and maps (map[string]any) map as impl's data model says.
//
// A JSON file follows RFC 8259 strictly (encoding/json's grammar): a number
// without a fraction or exponent is an integer, any other number a float.
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
// resolve to strings.
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
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxFileSize is the largest definition file the loader reads, in bytes.
const MaxFileSize = 1 << 20

// MaxNodes is the most values (scalars, lists and maps, counted after
// aliases are expanded) a definition may hold.
const MaxNodes = 100_000

// Error is a loading error: a file that cannot be read as a definition.
type Error struct {
	File string // the file name as given
	Line int    // 1-based, or 0 when no line applies
	Msg  string
}

// Error formats the error as "FILE:LINE: MSG", or "FILE: MSG" without a line.
func (e *Error) Error() string {
	if e.Line > 0 {
		return e.File + ":" + strconv.Itoa(e.Line) + ": " + e.Msg
	}
	return e.File + ": " + e.Msg
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

// Definition reads one definition from data, the contents of the file
// filename, whose extension chooses YAML or JSON. Errors are *Error.
func Definition(filename string, data []byte) (Doc, error) {
	d := Doc{File: filename, Name: Name(filename)}
	errf := func(line int, format string, args ...any) (Doc, error) {
		return Doc{}, &Error{File: filename, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	f, ok := formatOf(filename)
	if !ok {
		return errf(0, "is not a definition file; name it NAME.yaml, NAME.yml or NAME.json")
	}
	if len(data) > MaxFileSize {
		return errf(0, "is %d bytes, larger than the %d a definition may be; a tong definition is a few lines", len(data), MaxFileSize)
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return errf(lineAt(data, i), "holds a NUL byte, so it is a binary file, not a definition")
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
		return errf(lineAt(data, i), "is not valid UTF-8 (byte 0x%02x at offset %d); save the file as UTF-8", data[i], i)
	}
	var err error
	switch f {
	case formatJSON:
		d.Value, d.lines, err = readJSON(data)
	default:
		d.Value, d.lines, err = readYAML(data)
	}
	if err != nil {
		var le *Error
		if errors.As(err, &le) {
			le.File = filename
			return Doc{}, le
		}
		return Doc{}, &Error{File: filename, Msg: err.Error()}
	}
	return d, nil
}

// File reads and loads the definition file at path, reading at most
// MaxFileSize+1 bytes so that a huge file (or a device) is refused without
// being read whole.
func File(path string) (Doc, error) {
	f, err := os.Open(path)
	if err != nil {
		return Doc{}, &Error{File: path, Msg: "cannot be read: " + unwrapPathError(err)}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return Doc{}, &Error{File: path, Msg: "cannot be read: " + unwrapPathError(err)}
	}
	return Definition(path, data)
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
