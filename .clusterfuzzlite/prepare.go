// Command prepare readies a scratch copy of tongref for go-118-fuzz-build,
// which builds a native Go fuzz target into a libFuzzer archive but reads
// no _test.go file and replaces the testing package with its own
// (github.com/AdamKorcz/go-118-fuzz-build/testing). build.sh runs it on a
// copy, never on the checkout:
//
//	go run prepare.go -root SCRATCH -seeds SEEDDIR -dicts DICTDIR
//
// First, it finds every fuzz target: a func FuzzX(f *testing.F) in a
// _test.go file of a package's own (not its _test) package, outside
// testdata, hidden directories and nested modules. Second, in each package
// holding one, it turns the package's own _test.go files into plain files
// (NAME_test.go becomes NAME_libfuzzer.go): tests, benchmarks and examples
// are dropped; each []byte argument of a fuzz function is copied first, as
// the go command copies it; in each fuzz target, the statements before f.Fuzz that use
// f go (the f.Add seeds: under libFuzzer the seeds are the seed corpus,
// and go-118-fuzz-build would run them again for every input); "testing"
// becomes go-118-fuzz-build's package, and testing.TB, which that package
// lacks, an interface of its own; imports left unused are dropped. The
// package's _test package files are removed. Third, it converts each
// target's committed corpus, testdata/fuzz/FuzzX/*, from the go command's
// format into the bytes go-118-fuzz-build's F.Fuzz decodes (each string
// or []byte argument as a 4-byte big-endian length and its bytes), under
// SEEDDIR/FuzzX/. Fourth, it writes libFuzzer dictionaries, DICTDIR/FuzzX.dict,
// for the duration and argv targets: the duration grammar's tokens, and
// every option name of impl's docker flag tables (run, create, global) with
// the tokens of an anvil command line, so they follow the tables.
//
// It prints one line per target, "DIR TARGET", and for a target it cannot
// build, "DIR TARGET not built: REASON" (a target whose f.Fuzz argument is not
// a function literal, such as rapid.MakeFuzz's result, takes the standard
// *testing.T, which go-118-fuzz-build cannot supply).
package main

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/tongref/tongref/impl"
)

const libTesting = "github.com/AdamKorcz/go-118-fuzz-build/testing"

var testingTB = regexp.MustCompile(`\btesting\.TB\b`)

type target struct {
	dir, name, skip string
}

func main() {
	root := flag.String("root", "", "the scratch copy of the module to rewrite")
	seeds := flag.String("seeds", "", "where to write each target's seed inputs (SEEDS/FuzzX/)")
	dicts := flag.String("dicts", "", "where to write the dictionaries (DICTS/FuzzX.dict)")
	flag.Parse()
	if *root == "" || *seeds == "" || *dicts == "" {
		log.Fatal("usage: go run prepare.go -root SCRATCH -seeds SEEDDIR -dicts DICTDIR")
	}
	dirs, err := packageDirs(*root)
	if err != nil {
		log.Fatal(err)
	}
	var all []target
	for _, dir := range dirs {
		ts, err := rewritePackage(dir)
		if err != nil {
			log.Fatalf("%s: %v", dir, err)
		}
		for _, t := range ts {
			if t.skip == "" {
				if err := convertCorpus(filepath.Join(dir, "testdata", "fuzz", t.name), filepath.Join(*seeds, t.name)); err != nil {
					log.Fatalf("%s: %s: %v", dir, t.name, err)
				}
			}
		}
		all = append(all, ts...)
	}
	if err := writeDicts(*dicts, all); err != nil {
		log.Fatal(err)
	}
	for _, t := range all {
		rel, _ := filepath.Rel(*root, t.dir)
		if t.skip != "" {
			fmt.Printf("%s %s not built: %s\n", filepath.ToSlash(rel), t.name, t.skip)
		} else {
			fmt.Printf("%s %s\n", filepath.ToSlash(rel), t.name)
		}
	}
}

// packageDirs lists the directories that hold a fuzz target.
func packageDirs(root string) ([]string, error) {
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		name := d.Name()
		if path != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "vendor") {
			return filepath.SkipDir
		}
		if path != root {
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir // a nested module
			}
		}
		files, _ := filepath.Glob(filepath.Join(path, "*_test.go"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return err
			}
			if bytes.Contains(b, []byte("*testing.F)")) {
				dirs = append(dirs, path)
				break
			}
		}
		return nil
	})
	return dirs, err
}

// rewritePackage rewrites one package directory and returns its targets.
// A package none of whose targets can be built is left as it is: its test
// files may need the standard testing package (props, whose targets are
// rapid.MakeFuzz's), and other packages' targets may import it.
func rewritePackage(dir string) ([]target, error) {
	files, _ := filepath.Glob(filepath.Join(dir, "*_test.go"))
	sort.Strings(files)
	var scan []target
	for _, path := range files {
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return nil, err
		}
		if strings.HasSuffix(f.Name.Name, "_test") {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && strings.HasPrefix(fd.Name.Name, "Fuzz") && isFuzzTarget(fd) {
				scan = append(scan, target{dir: dir, name: fd.Name.Name, skip: keepFuzzCall(fd)})
			}
		}
	}
	buildable := false
	for _, t := range scan {
		buildable = buildable || t.skip == ""
	}
	if !buildable {
		return scan, nil
	}
	var targets []target
	needTB := false
	for _, path := range files {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		if strings.HasSuffix(f.Name.Name, "_test") {
			if err := os.Remove(path); err != nil {
				return nil, err
			}
			continue
		}
		var decls []ast.Decl
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil {
				decls = append(decls, d)
				continue
			}
			name := fd.Name.Name
			switch {
			case strings.HasPrefix(name, "Fuzz") && isFuzzTarget(fd):
				t := target{dir: dir, name: name}
				t.skip = keepFuzzCall(fd)
				targets = append(targets, t)
				decls = append(decls, d)
			case strings.HasPrefix(name, "Test"), strings.HasPrefix(name, "Benchmark"), strings.HasPrefix(name, "Example"):
				// not needed in a libFuzzer build
			default:
				decls = append(decls, d)
			}
		}
		f.Decls = decls
		f.Comments = nil // comments of dropped code would float free
		for _, imp := range f.Imports {
			if imp.Path.Value == `"testing"` {
				imp.Path.Value = strconv.Quote(libTesting)
			}
		}
		dropUnusedImports(f)
		var buf bytes.Buffer
		if err := format.Node(&buf, fset, f); err != nil {
			return nil, err
		}
		src := testingTB.ReplaceAllString(buf.String(), "libfuzzerTB")
		if strings.Contains(src, "libfuzzerTB") {
			needTB = true
		}
		out := strings.TrimSuffix(path, "_test.go") + "_libfuzzer.go"
		if err := os.WriteFile(out, []byte(src), 0o644); err != nil {
			return nil, err
		}
		if err := os.Remove(path); err != nil {
			return nil, err
		}
	}
	if needTB && len(files) > 0 {
		pkg, err := packageName(dir)
		if err != nil {
			return nil, err
		}
		tb := "package " + pkg + `

// libfuzzerTB stands in for testing.TB, which go-118-fuzz-build's testing
// package lacks; only helpers no libFuzzer target calls take it.
type libfuzzerTB interface {
	Helper()
	Name() string
	Log(args ...any)
	Logf(format string, args ...any)
	Error(args ...any)
	Errorf(format string, args ...any)
	Fatal(args ...any)
	Fatalf(format string, args ...any)
	Fail()
	FailNow()
	Failed() bool
	Skip(args ...any)
	Skipf(format string, args ...any)
	SkipNow()
	Skipped() bool
	Cleanup(func())
	TempDir() string
	Setenv(key, value string)
}
`
		if err := os.WriteFile(filepath.Join(dir, "libfuzzer_tb.go"), []byte(tb), 0o644); err != nil {
			return nil, err
		}
	}
	return targets, nil
}

func packageName(dir string) (string, error) {
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, path := range files {
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.PackageClauseOnly)
		if err == nil && !strings.HasSuffix(f.Name.Name, "_test") {
			return f.Name.Name, nil
		}
	}
	return "", fmt.Errorf("no package clause found")
}

// isFuzzTarget reports whether fd is func FuzzX(f *testing.F).
func isFuzzTarget(fd *ast.FuncDecl) bool {
	ps := fd.Type.Params.List
	if len(ps) != 1 || len(ps[0].Names) != 1 || fd.Type.Results != nil {
		return false
	}
	st, ok := ps[0].Type.(*ast.StarExpr)
	if !ok {
		return false
	}
	se, ok := st.X.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x, ok := se.X.(*ast.Ident)
	return ok && x.Name == "testing" && se.Sel.Name == "F"
}

// keepFuzzCall drops the statements of a fuzz target before its f.Fuzz
// call and returns why the target cannot be built, or "".
func keepFuzzCall(fd *ast.FuncDecl) string {
	f := fd.Type.Params.List[0].Names[0].Name
	for i, st := range fd.Body.List {
		es, ok := st.(*ast.ExprStmt)
		if !ok {
			continue
		}
		call, ok := es.X.(*ast.CallExpr)
		if !ok {
			continue
		}
		se, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || se.Sel.Name != "Fuzz" {
			continue
		}
		if x, ok := se.X.(*ast.Ident); !ok || x.Name != f {
			continue
		}
		var kept []ast.Stmt
		for _, st := range fd.Body.List[:i] {
			if !mentions(st, f) {
				kept = append(kept, st) // such as a regexp the fuzz function uses
			}
		}
		fd.Body.List = append(kept, fd.Body.List[i:]...)
		if len(call.Args) != 1 {
			return "f.Fuzz has no single argument"
		}
		fl, ok := call.Args[0].(*ast.FuncLit)
		if !ok {
			return "its f.Fuzz argument is not a function literal, so it takes the standard *testing.T (rapid.MakeFuzz), which go-118-fuzz-build cannot supply"
		}
		copyByteArgs(fl)
		return ""
	}
	return "no f.Fuzz call in its body"
}

// copyByteArgs makes each []byte argument of a fuzz function its own copy,
// as the go command gives it: go-118-fuzz-build passes slices of
// libFuzzer's input, which the function must not write to (an append to
// one writes into the bytes after it, and libFuzzer stops on that).
func copyByteArgs(fl *ast.FuncLit) {
	var copies []ast.Stmt
	for _, field := range fl.Type.Params.List {
		at, ok := field.Type.(*ast.ArrayType)
		if !ok || at.Len != nil {
			continue
		}
		if elt, ok := at.Elt.(*ast.Ident); !ok || (elt.Name != "byte" && elt.Name != "uint8") {
			continue
		}
		for _, name := range field.Names {
			if name.Name == "_" {
				continue
			}
			copies = append(copies, &ast.AssignStmt{
				Lhs: []ast.Expr{ast.NewIdent(name.Name)},
				Tok: token.ASSIGN,
				Rhs: []ast.Expr{&ast.CallExpr{
					Fun: ast.NewIdent("append"),
					Args: []ast.Expr{
						&ast.CallExpr{Fun: &ast.ArrayType{Elt: ast.NewIdent("byte")}, Args: []ast.Expr{ast.NewIdent("nil")}},
						ast.NewIdent(name.Name),
					},
					Ellipsis: fl.Body.Lbrace,
				}},
			})
		}
	}
	fl.Body.List = append(copies, fl.Body.List...)
}

// mentions reports whether node n refers to the identifier name.
func mentions(n ast.Node, name string) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == name {
			found = true
		}
		return !found
	})
	return found
}

// dropUnusedImports removes the imports no selector of f refers to.
func dropUnusedImports(f *ast.File) {
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if se, ok := n.(*ast.SelectorExpr); ok {
			if x, ok := se.X.(*ast.Ident); ok {
				used[x.Name] = true
			}
		}
		return true
	})
	var kept []ast.Spec
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		kept = kept[:0]
		for _, s := range gd.Specs {
			is := s.(*ast.ImportSpec)
			path, _ := strconv.Unquote(is.Path.Value)
			name := path[strings.LastIndex(path, "/")+1:]
			if is.Name != nil {
				name = is.Name.Name
			}
			if name == "_" || name == "." || used[name] || guessedName(path, used) {
				kept = append(kept, s)
			}
		}
		gd.Specs = append([]ast.Spec(nil), kept...)
	}
	var imps []*ast.ImportSpec
	for _, imp := range f.Imports {
		for _, d := range f.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
				for _, s := range gd.Specs {
					if s == imp {
						imps = append(imps, imp)
					}
				}
			}
		}
	}
	f.Imports = imps
}

// guessedName covers import paths whose package name is not their last
// element: a major version suffix (gotest.tools/v3) or a go- prefix.
func guessedName(path string, used map[string]bool) bool {
	el := strings.Split(path, "/")
	last := el[len(el)-1]
	if len(el) > 1 && len(last) > 1 && last[0] == 'v' && strings.Trim(last[1:], "0123456789") == "" {
		last = el[len(el)-2]
	}
	last = strings.TrimPrefix(last, "go-")
	last = strings.TrimSuffix(last, ".go")
	if i := strings.IndexAny(last, ".-"); i >= 0 {
		last = last[:i]
	}
	return used[last]
}

// convertCorpus writes each file of a go command corpus directory as a
// libFuzzer input for go-118-fuzz-build's F.Fuzz.
func convertCorpus(from, to string) error {
	if err := os.MkdirAll(to, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(from)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			return err
		}
		in, err := encodeCorpusFile(b)
		if err != nil {
			return fmt.Errorf("%s: %v", e.Name(), err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), in, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// encodeCorpusFile turns "go test fuzz v1" and one Go literal per line,
// string("...") or []byte("..."), into length-prefixed bytes.
func encodeCorpusFile(b []byte) ([]byte, error) {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) == 0 || lines[0] != "go test fuzz v1" {
		return nil, fmt.Errorf("not a go test fuzz v1 file")
	}
	var out []byte
	for _, l := range lines[1:] {
		var lit string
		switch {
		case strings.HasPrefix(l, "string(") && strings.HasSuffix(l, ")"):
			lit = l[len("string(") : len(l)-1]
		case strings.HasPrefix(l, "[]byte(") && strings.HasSuffix(l, ")"):
			lit = l[len("[]byte(") : len(l)-1]
		default:
			return nil, fmt.Errorf("%q: only string and []byte arguments are converted", l)
		}
		s, err := strconv.Unquote(lit)
		if err != nil {
			return nil, fmt.Errorf("%q: %v", l, err)
		}
		out = binary.BigEndian.AppendUint32(out, uint32(len(s)))
		out = append(out, s...)
	}
	return out, nil
}

// dictTokens lists each dictionary's tokens by target.
func dictTokens() map[string][]string {
	duration := []string{"ms", "s", "m", "h", ".", "0", "1", "5", "9", "+", "-", "e", "E", "_", " ", "inf", "Inf", "nan",
		"0.5", "1.5", "30s", "500ms", "1e308", "1e-300", "9007199254740993", "99999999999999999999"}
	argv := []string{"\x00", "docker", "run", "create", "container", "--", "-", "=", "--network", "--net", "--network=", "--net=",
		"host", "bridge", "none", "container:x", "tongs", "alpine", "ghcr.io/acme/anvil:1", "sh", "-c", "-itd", "-e", "A=B", "-v", "/a:/b:ro"}
	seen := map[string]bool{}
	for _, table := range [][]impl.Flag{impl.GlobalFlags(), impl.RunFlags(), impl.CreateFlags()} {
		for _, fl := range table {
			for _, tok := range []string{"--" + fl.Name, "--" + fl.Name + "="} {
				if !seen[tok] {
					seen[tok] = true
					argv = append(argv, tok)
				}
			}
			if fl.Short != 0 && !seen[string(fl.Short)] {
				seen[string(fl.Short)] = true
				argv = append(argv, "-"+string(fl.Short))
			}
		}
	}
	return map[string][]string{"FuzzParseDuration": duration, "FuzzAnvilOptionValue": argv, "FuzzInject": argv}
}

// writeDicts writes the dictionaries; a dictionary for a target that no
// longer exists is an error, so a renamed target keeps its dictionary.
func writeDicts(dir string, targets []target) error {
	found := map[string]bool{}
	for _, t := range targets {
		found[t.name] = true
	}
	for name, toks := range dictTokens() {
		if !found[name] {
			return fmt.Errorf("a dictionary is written for %s, but no such fuzz target exists", name)
		}
		var b strings.Builder
		fmt.Fprintf(&b, "# %s: tokens for libFuzzer, written by .clusterfuzzlite/prepare.go\n", name)
		for _, tok := range toks {
			b.WriteString(strconv.Quote(tok) + "\n")
		}
		if err := os.WriteFile(filepath.Join(dir, name+".dict"), []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	return nil
}
