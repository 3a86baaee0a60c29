package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"

	"github.com/tongref/tongref/internal/conform"
	"github.com/tongref/tongref/load"
)

// flagSet is one subcommand's flags, with the text its --help prints.
type flagSet struct {
	*flag.FlagSet
	name     string
	synopsis string // the arguments after the subcommand's name
	about    string // what it does, a paragraph or two
	example  string // one or more example command lines
}

func newFlagSet(name, synopsis, about, example string) *flagSet {
	fs := flag.NewFlagSet("tongref "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are printed by parse, help by usage
	fs.Usage = func() {}
	return &flagSet{FlagSet: fs, name: name, synopsis: synopsis, about: about, example: example}
}

// usage writes the --help text: every flag, as flag.PrintDefaults lists
// them.
func (fs *flagSet) usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: tongref %s %s\n\n%s\n", fs.name, fs.synopsis, strings.TrimSpace(fs.about))
	header := false
	fs.VisitAll(func(f *flag.Flag) {
		if !header {
			fmt.Fprintf(w, "\nFlags:\n")
			header = true
		}
		writeFlag(w, f)
	})
	fmt.Fprintf(w, "\nExample:\n%s\n", indent(strings.TrimSpace(fs.example)))
}

// writeFlag writes one flag's entry as flag.PrintDefaults does: its name
// and the kind of value on one line, its usage and any non-zero default,
// indented, on the next.
func writeFlag(w io.Writer, f *flag.Flag) {
	kind, usage := flag.UnquoteUsage(f)
	line := "  -" + f.Name
	if kind != "" {
		line += " " + kind
	}
	if len(line) <= 4 { // a one-letter bool flag: its usage on the same line
		line += "\t"
	} else {
		line += "\n    \t"
	}
	line += strings.ReplaceAll(usage, "\n", "\n    \t")
	switch f.DefValue {
	case "", "0", "0s", "false":
	default:
		if fmt.Sprintf("%T", f.Value) == "*flag.stringValue" { // quoted, as flag does
			line += fmt.Sprintf(" (default %q)", f.DefValue)
		} else {
			line += fmt.Sprintf(" (default %v)", f.DefValue)
		}
	}
	fmt.Fprintln(w, line)
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(s, "\n", "\n  ")
}

// parse parses args. With interspersed set, flags may also follow the
// positional arguments (tongref argv FILE --json), up to a "--", after which
// everything is positional; otherwise the first positional argument ends the
// flags, as in the flag package. It returns the positional arguments, and
// done set when the caller must return code at once (after --help, exit 0;
// after a usage error, exit 2).
func (fs *flagSet) parse(args []string, interspersed bool, stdout, stderr io.Writer) (pos []string, code int, done bool) {
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			fs.usage(stdout)
			return nil, exitOK, true
		}
		if err != nil {
			return nil, fs.usageError(stderr, err.Error()), true
		}
		rest := fs.Args()
		consumed := len(args) - len(rest)
		if !interspersed || len(rest) == 0 || consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), 0, false
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// usageError reports a command line error and returns exitUsage.
func (fs *flagSet) usageError(stderr io.Writer, msg string) int {
	fmt.Fprintf(stderr, "tongref %s: %s\nRun tongref %s --help for the flags and an example.\n", fs.name, msg, fs.name)
	return exitUsage
}

// listFlag is a flag that may be given many times, collecting each value.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ", ") }
func (l *listFlag) Set(v string) error {
	*l = append(*l, v)
	return nil
}

// shellQuote quotes one word for a POSIX shell: as it is when it holds only
// characters no shell treats specially, otherwise in single quotes, each
// single quote inside written as quote, backslash, quote, quote.
func shellQuote(s string) string {
	if s == "" {
		return "''"
	}
	safe := true
	for i := 0; i < len(s) && safe; i++ {
		c := s[i]
		safe = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte("_@%+=:,./-", c) >= 0
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// shellJoin quotes each word and joins them with spaces: a command line a
// person can paste into a POSIX shell.
func shellJoin(argv []string) string {
	q := make([]string, len(argv))
	for i, a := range argv {
		q[i] = shellQuote(a)
	}
	return strings.Join(q, " ")
}

// writeJSON writes v as indented JSON and a newline. Strings are written
// losslessly: each byte that is not part of valid UTF-8 (in a file name, a
// tong name, an argv word) becomes the lone surrogate \udcXX, the
// protocol's convention (spec/PROTOCOL.md, "Values"), which Python's
// surrogateescape reads back to the same bytes; encoding/json would write
// U+FFFD instead.
func writeJSON(w io.Writer, v any) {
	compact, err := appendJSON(nil, reflect.ValueOf(v))
	if err == nil {
		var b bytes.Buffer
		if err = json.Indent(&b, compact, "", "  "); err == nil {
			b.WriteByte('\n')
			w.Write(b.Bytes())
			return
		}
	}
	// Every value written here is plain data; this is a programming error.
	panic(err)
}

// isEmpty is encoding/json's "empty" for omitempty: false, 0, a nil
// pointer or interface, and an empty array, slice, map or string.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Pointer, reflect.Interface:
		return v.IsNil()
	}
	return v.IsZero()
}

// appendJSON writes v as compact JSON, as encoding/json would (struct
// fields by their json tags, map keys sorted), but with strings written by
// conform.AppendString.
func appendJSON(dst []byte, v reflect.Value) ([]byte, error) {
	switch v.Kind() {
	case reflect.Invalid:
		return append(dst, "null"...), nil
	case reflect.String:
		return conform.AppendString(dst, v.String()), nil
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return append(dst, "null"...), nil
		}
		return appendJSON(dst, v.Elem())
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return append(dst, "null"...), nil
		}
		dst = append(dst, '[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err error
			if dst, err = appendJSON(dst, v.Index(i)); err != nil {
				return nil, err
			}
		}
		return append(dst, ']'), nil
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			break
		}
		if v.IsNil() {
			return append(dst, "null"...), nil
		}
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		dst = append(dst, '{')
		for i, k := range keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = conform.AppendString(dst, k.String())
			dst = append(dst, ':')
			var err error
			if dst, err = appendJSON(dst, v.MapIndex(k)); err != nil {
				return nil, err
			}
		}
		return append(dst, '}'), nil
	case reflect.Struct:
		dst = append(dst, '{')
		n := 0
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if opts == "omitempty" && isEmpty(v.Field(i)) {
				continue
			}
			if n > 0 {
				dst = append(dst, ',')
			}
			n++
			dst = conform.AppendString(dst, name)
			dst = append(dst, ':')
			var err error
			if dst, err = appendJSON(dst, v.Field(i)); err != nil {
				return nil, err
			}
		}
		return append(dst, '}'), nil
	}
	// numbers and bools, as encoding/json writes them
	b, err := json.Marshal(v.Interface())
	return append(dst, b...), err
}

// loadFiles loads each file, printing load errors to stderr. ok is false
// when any failed.
func loadFiles(files []string, stderr io.Writer) (docs []load.Doc, ok bool) {
	ok = true
	for _, f := range files {
		d, err := load.File(f)
		if err != nil {
			fmt.Fprintln(stderr, err)
			ok = false
			continue
		}
		docs = append(docs, d)
	}
	return docs, ok
}

// finding is one error in a file (validate's --json output), or one
// reason a plan is refused (plan's), which may name no file.
type finding struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Tong    string `json:"tong,omitempty"`
	Field   string `json:"field,omitempty"`
	Rule    string `json:"rule,omitempty"`
	Input   string `json:"input,omitempty"`
	Message string `json:"message"` // FIELD: INPUT: MESSAGE [RULE]
	text    string // the line validate prints
}

// findingOf turns an error in a file (a loading or a validation error)
// into a finding; any other error is one about the file as a whole.
func findingOf(file string, err error) finding {
	var le *load.Error
	if !errors.As(err, &le) {
		return finding{File: file, Tong: load.Name(file), Message: err.Error(), text: file + ": " + err.Error()}
	}
	return finding{File: le.File, Line: le.Line, Tong: le.Tong, Field: le.Field, Rule: le.Rule, Input: le.Input, Message: le.Detail(), text: le.Error()}
}

// findings lists the errors of a file: those of an Errors list, or err.
func findings(file string, err error) []finding {
	var errs load.Errors
	if !errors.As(err, &errs) {
		return []finding{findingOf(file, err)}
	}
	out := make([]finding, len(errs))
	for i, e := range errs {
		out[i] = findingOf(file, e)
	}
	return out
}
