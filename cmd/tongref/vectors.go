package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/tongref/tongref/internal/conform"
)

func init() {
	register(&command{
		name:    "vectors",
		summary: "write the conformance vector corpus (spec/vectors) from the reference",
		run:     runVectors,
	})
}

func runVectors(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("vectors", "[--out DIR] [--golden DIR]", `
Vectors writes the vector corpus, one JSON Lines file per op (OP.jsonl; an
op a later spec version N adds or changes in vN/OP.jsonl): each request
with the rule it covers and the reference's answer. The corpus is the
hand-picked cases and every case of the golden catalogue; run it from the
repository's root (make vectors does).`, `
tongref vectors --out spec/vectors`)
	out := fs.String("out", "spec/vectors", "write the OP.jsonl files into `DIR`")
	golden := fs.String("golden", "golden/testdata", "the golden catalogue, whose definitions and cases join the corpus")
	pos, code, done := fs.parse(args, false, stdout, stderr)
	if done {
		return code
	}
	if len(pos) > 0 {
		return fs.usageError(stderr, fmt.Sprintf("unexpected argument %q", pos[0]))
	}
	fail := func(format string, args ...any) int {
		fmt.Fprintf(stderr, "tongref vectors: "+format+"\n", args...)
		return exitInvalid
	}
	// First the inputs, in memory: nothing is created when they fail.
	files, err := conform.CorpusFiles(*golden)
	if err != nil {
		return fail("%v (run it from the repository's root, or give --golden)", err)
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	if err := writeCorpus(*out, names, files); err != nil {
		return fail("%v", err)
	}
	fmt.Fprintf(stdout, "wrote %d files to %s\n", len(names), *out)
	return exitOK
}

// writeCorpus replaces the files names in dir, creating dir if need be, as
// nearly all or nothing as a file system allows: it checks every target
// first (a symbolic link or anything but a regular file is refused, so no
// write goes through a link), writes each file to a temporary file beside
// its target, and only when all are written renames them over the targets.
// When it fails before the renames, it removes its temporary files and any
// directory it created.
func writeCorpus(dir string, names []string, files map[string][]byte) (err error) {
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	for _, n := range names {
		p := filepath.Join(dir, n)
		fi, err := os.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return err
		case fi.Mode()&fs.ModeSymlink != 0:
			return fmt.Errorf("%s is a symbolic link; the corpus is written as plain files only, so remove the link", p)
		case !fi.Mode().IsRegular():
			return fmt.Errorf("%s is not a regular file; remove it", p)
		}
	}
	// the topmost directory this call creates, removed on failure
	created := ""
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		created = d
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var temps, subs []string
	defer func() {
		if err != nil {
			for _, t := range temps {
				os.Remove(t)
			}
			for _, d := range subs {
				os.Remove(d)
			}
			if created != "" {
				os.RemoveAll(created)
			}
		}
	}()
	for _, n := range names {
		// a later spec version's files are in their vN directory, which
		// goes again on failure when this call made it
		sub := filepath.Join(dir, filepath.Dir(n))
		if _, err := os.Lstat(sub); errors.Is(err, fs.ErrNotExist) {
			if err := os.Mkdir(sub, 0o755); err != nil {
				return err
			}
			subs = append(subs, sub)
		}
		f, err := os.CreateTemp(sub, "."+filepath.Base(n)+".*.tmp")
		if err != nil {
			return err
		}
		temps = append(temps, f.Name())
		_, werr := f.Write(files[n])
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr == nil {
			werr = os.Chmod(f.Name(), 0o644)
		}
		if werr != nil {
			return werr
		}
	}
	for i, n := range names {
		if err := os.Rename(temps[i], filepath.Join(dir, n)); err != nil {
			temps = temps[i:]
			created = ""
			return fmt.Errorf("%v; %d of %d files were replaced before it", err, i, len(names))
		}
	}
	return nil
}
