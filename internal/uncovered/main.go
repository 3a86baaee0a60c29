// Command uncovered runs the mutants that gremlins reports as NOT COVERED
// (or, with -statuses, those of other statuses) and writes their verdicts
// as a report of gremlins' own shape.
//
// make mutation runs it after gremlins. gremlins runs a mutant only where
// Go's cover profile has a block, and the profile has none for a switch's
// case expressions, so every mutant of a case expression (impl's byte
// classes, its key switches) is reported as not covered and never run.
// This command applies each such mutant exactly as gremlins would (one
// operator token swapped, by gremlins v0.6.0's table), runs the package's
// tests on a copy of the module, and records KILLED, LIVED, TIMED OUT or
// NOT VIABLE. impl's TestMutationSurvivors then reads both reports.
//
// make mutation-recheck runs it with -statuses "LIVED,NOT COVERED" after
// rows were added: while the package's own code is the code gremlins
// mutated, rerunning the survivors under the new tests gives the verdicts
// a whole new gremlins run would (a mutant killed before is killed still,
// as tests were only added), in minutes instead of an hour.
//
// Usage:
//
//	go run ./internal/uncovered -report mutation.json -out uncovered.json -tags mutation ./impl
//
// It is a development tool for make mutation; the product never imports
// it.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"
)

// swaps is the part of gremlins v0.6.0's token table
// (internal/engine/mappings.go) for the mutators it enables by default.
// A binary '-' and a unary '-' are both token.SUB, so INVERT_NEGATIVES and
// ARITHMETIC_BASE swap the same text; gremlins chooses between them by the
// node, and the report names which one it meant.
var swaps = map[string]map[token.Token]token.Token{
	"ARITHMETIC_BASE": {
		token.ADD: token.SUB, token.MUL: token.QUO, token.QUO: token.MUL,
		token.REM: token.MUL, token.SUB: token.ADD,
	},
	"CONDITIONALS_BOUNDARY": {
		token.GEQ: token.GTR, token.GTR: token.GEQ,
		token.LEQ: token.LSS, token.LSS: token.LEQ,
	},
	"CONDITIONALS_NEGATION": {
		token.EQL: token.NEQ, token.NEQ: token.EQL,
		token.GEQ: token.LSS, token.GTR: token.LEQ,
		token.LEQ: token.GTR, token.LSS: token.GEQ,
	},
	"INCREMENT_DECREMENT": {token.DEC: token.INC, token.INC: token.DEC},
	"INVERT_NEGATIVES":    {token.SUB: token.ADD},
}

type mutation struct {
	Type   string `json:"type"`
	Status string `json:"status"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

type file struct {
	Name      string     `json:"file_name"`
	Mutations []mutation `json:"mutations"`
}

type report struct {
	Files         []file  `json:"files"`
	TestEfficacy  float64 `json:"test_efficacy"`
	Coverage      float64 `json:"mutations_coverage"`
	Total         int     `json:"mutants_total"`
	Killed        int     `json:"mutants_killed"`
	Lived         int     `json:"mutants_lived"`
	NotViable     int     `json:"mutants_not_viable"`
	NotCovered    int     `json:"mutants_not_covered"`
	ElapsedSecond float64 `json:"elapsed_time"`
}

func main() {
	in := flag.String("report", "", "gremlins' JSON report to read the NOT COVERED mutants from")
	out := flag.String("out", "", "where to write the verdicts, as a report of gremlins' shape")
	tags := flag.String("tags", "", "build tags for go test, as given to gremlins")
	coef := flag.Float64("timeout-coefficient", 60, "a mutant's run may take this many times the unmutated run")
	workers := flag.Int("workers", runtime.NumCPU(), "how many mutants run at once, each in its own copy of the module")
	statuses := flag.String("statuses", "NOT COVERED", "comma-separated `STATUSES` of the report's mutants to run")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: uncovered -report GREMLINS.json -out FILE.json [-tags TAGS] [-statuses S,...] PACKAGE\n\nexample: go run ./internal/uncovered -report mutation.json -out uncovered.json -tags mutation ./impl")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *in == "" || *out == "" || flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	want := map[string]bool{}
	for _, st := range strings.Split(*statuses, ",") {
		want[strings.TrimSpace(st)] = true
	}
	if err := run(*in, *out, *tags, *coef, max(1, *workers), want, flag.Arg(0)); err != nil {
		fmt.Fprintln(os.Stderr, "uncovered:", err)
		os.Exit(1)
	}
}

// maxReport bounds the report read: gremlins' report of impl is about
// 300 KB, so a larger file is not one.
const maxReport = 64 << 20

// interrupted is cancelled by SIGINT or SIGTERM: the running tests' process
// groups are killed and the copies removed before the command exits.
var interrupted context.Context

func run(in, out, tags string, coef float64, workers int, want map[string]bool, pkg string) error {
	start := time.Now()
	var stop context.CancelFunc
	interrupted, stop = signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if fi, err := os.Stat(in); err != nil {
		return err
	} else if fi.Size() > maxReport {
		return fmt.Errorf("%s: %d bytes, more than the %d a gremlins report of one package takes; name gremlins' --output file", in, fi.Size(), maxReport)
	}
	b, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	var rep report
	if err := json.Unmarshal(b, &rep); err != nil {
		return fmt.Errorf("%s: %v", in, err)
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	// one copy of the module per worker: each mutates its own files
	works := make([]string, workers)
	for w := range works {
		if works[w], err = os.MkdirTemp("", "uncovered-"); err != nil {
			return err
		}
		defer os.RemoveAll(works[w])
		if err := copyTree(root, works[w]); err != nil {
			return err
		}
	}

	args := []string{"test", "-count=1", "-failfast", "-vet=off"}
	if tags != "" {
		args = append(args, "-tags", tags)
	}
	args = append(args, "./"+filepath.Clean(pkg))
	t0 := time.Now()
	if st, outp := goTest(works[0], args, time.Hour); st != "LIVED" {
		return fmt.Errorf("the unmutated tests do not pass (%s):\n%s", st, outp)
	}
	limit := time.Duration(coef * float64(time.Since(t0)))

	// the mutants to run, in the report's order; results keep that order
	type job struct {
		file string
		m    mutation
		st   string
		err  error
	}
	var jobs []*job
	for _, f := range rep.Files {
		for _, m := range f.Mutations {
			if want[m.Status] {
				jobs = append(jobs, &job{file: f.Name, m: m})
			}
		}
	}
	next := make(chan *job)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for w := range workers {
		wg.Add(1)
		go func(work string) {
			defer wg.Done()
			for j := range next {
				path := filepath.Join(work, pkg, filepath.Base(j.file))
				j.st, j.err = runOne(work, path, j.m, args, limit)
				if j.err != nil {
					continue // reported after the others finish
				}
				mu.Lock()
				fmt.Printf("%12s %s at %s:%d:%d\n", j.st, j.m.Type, filepath.Base(j.file), j.m.Line, j.m.Column)
				mu.Unlock()
			}
		}(works[w])
	}
	for _, j := range jobs {
		if interrupted.Err() != nil {
			break
		}
		next <- j
	}
	close(next)
	wg.Wait()
	if interrupted.Err() != nil {
		return errors.New("interrupted; no report written")
	}

	var res report
	for _, j := range jobs {
		if j.err != nil {
			return fmt.Errorf("%s:%d:%d %s: %v", j.file, j.m.Line, j.m.Column, j.m.Type, j.err)
		}
		if n := len(res.Files); n == 0 || res.Files[n-1].Name != j.file {
			res.Files = append(res.Files, file{Name: j.file})
		}
		f := &res.Files[len(res.Files)-1]
		f.Mutations = append(f.Mutations, mutation{j.m.Type, j.st, j.m.Line, j.m.Column})
		switch j.st {
		case "KILLED", "TIMED OUT":
			res.Killed++
		case "LIVED":
			res.Lived++
		case "NOT VIABLE":
			res.NotViable++
		}
	}
	res.Total = res.Killed + res.Lived + res.NotViable
	if n := res.Killed + res.Lived; n > 0 {
		res.TestEfficacy = 100 * float64(res.Killed) / float64(n)
		res.Coverage = 100
	}
	res.ElapsedSecond = time.Since(start).Seconds()
	fmt.Printf("uncovered: %d run: %d killed, %d lived, %d not viable, in %s\n", res.Total, res.Killed, res.Lived, res.NotViable, time.Since(start).Round(time.Second))
	b, err = json.MarshalIndent(res, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(out, append(b, '\n'), 0o644)
}

// runOne swaps the operator token at m's position, runs the tests and
// puts the file back.
func runOne(work, path string, m mutation, args []string, limit time.Duration) (string, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	mutated, err := swap(src, m)
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(path, mutated, 0o644); err != nil {
		return "", err
	}
	st, _ := goTest(work, append(args[:len(args):len(args)], "-timeout", limit.String()), limit+time.Minute)
	// The next mutant must start from the unmutated file.
	return st, os.WriteFile(path, src, 0o644)
}

// swap returns src with the operator at m's line and column replaced as
// gremlins' mutator m.Type replaces it. The column counts bytes from 1, as
// go/token does.
func swap(src []byte, m mutation) ([]byte, error) {
	table, ok := swaps[m.Type]
	if !ok {
		return nil, fmt.Errorf("mutator %s is not one this command applies", m.Type)
	}
	fset := token.NewFileSet()
	tf := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(tf, src, nil, 0)
	for {
		pos, tok, _ := s.Scan()
		if tok == token.EOF {
			return nil, errors.New("no token at this position")
		}
		p := fset.Position(pos)
		if p.Line != m.Line || p.Column != m.Column {
			continue
		}
		to, ok := table[tok]
		if !ok {
			return nil, fmt.Errorf("token %s is not one %s changes", tok, m.Type)
		}
		off := tf.Offset(pos)
		var b bytes.Buffer
		b.Write(src[:off])
		b.WriteString(to.String())
		b.Write(src[off+len(tok.String()):])
		return b.Bytes(), nil
	}
}

// goTest runs go test in dir and classifies the outcome as gremlins does:
// passing tests let the mutant live, a build failure makes it not viable,
// running past the limit times it out, and any failing test kills it.
func goTest(dir string, args []string, limit time.Duration) (string, []byte) {
	ctx, cancel := context.WithTimeout(interrupted, limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	// go test runs the test binary as its child: kill the whole group.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	outp, err := cmd.CombinedOutput()
	switch {
	case err == nil:
		return "LIVED", outp
	case interrupted.Err() != nil:
		return "INTERRUPTED", outp
	case ctx.Err() != nil || bytes.Contains(outp, []byte("panic: test timed out")):
		return "TIMED OUT", outp
	case bytes.Contains(outp, []byte("[build failed]")) || bytes.Contains(outp, []byte("[setup failed]")):
		return "NOT VIABLE", outp
	default:
		return "KILLED", outp
	}
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", err
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("not inside a module")
	}
	return filepath.Dir(mod), nil
}

// copyTree copies the module's files as git lists them (tracked, and
// untracked but not ignored), so that mutants are written to a copy and
// the working tree is never changed.
func copyTree(from, to string) error {
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = from
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("git ls-files: %v", err)
	}
	for _, rel := range strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00") {
		src := filepath.Join(from, rel)
		info, err := os.Lstat(src)
		if errors.Is(err, fs.ErrNotExist) {
			continue // deleted in the working tree
		}
		if err != nil {
			return err
		}
		if !info.Mode().IsRegular() {
			continue
		}
		b, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		dst := filepath.Join(to, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dst, b, info.Mode().Perm()); err != nil {
			return err
		}
	}
	return nil
}
