package conform

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tongref/tongref/impl"
	"github.com/tongref/tongref/load"
)

// The golden catalogue (golden/testdata) in the vector corpus: every
// definition of catalogue/, read with the definition reader
// (load) as tongref reads files, and every case the golden files
// pin for it, asked as protocol requests; collide/'s tong, validated, its
// alias and its collision with the catalogue; every definition of invalid/
// the reader accepts, to validate_tong (a file the reader refuses breaks
// a LOAD rule, which no op has); and the anvils and injections of
// inject.golden. The launcher's choices are the golden tests' own
// (golden/golden_test.go): session sess-42, network tongs, workspace
// /home/me/project, extra tmpfs /tmp/scratch.

const (
	goldenSession   = "sess-42"
	goldenWorkspace = "/home/me/project"
	goldenNetwork   = "tongs"
	goldenScratch   = "/tmp/scratch"
)

// goldenDoc is one loaded definition file.
type goldenDoc struct {
	from string // golden/testdata/DIR/FILE
	doc  load.Doc
}

// goldenRow is a corpus row taken from a golden file.
type goldenRow struct {
	vrow
	from string // the golden file(s)
}

// goldenRows returns the catalogue's vectors; dir is golden/testdata.
func goldenRows(dir string) ([]goldenRow, error) {
	var rows []goldenRow
	add := func(op, from string, argm map[string]any) {
		exp := Reference(op, argm)
		r := goldenRow{vrow{op: op, rule: lookup(op).Rule, args: argm}, from}
		if exp.Err != nil || exp.first != nil {
			r.rule = ruleOf(exp)
			r.why = goldenWhy(exp)
		}
		rows = append(rows, r)
	}

	cat, err := goldenDocs(dir, "catalogue", true)
	if err != nil {
		return nil, err
	}
	collide, err := goldenDocs(dir, "collide", true)
	if err != nil {
		return nil, err
	}
	// collide/ holds the tong whose alias collides: the golden files pin
	// only its collision, so it is validated and its alias asked
	for _, g := range collide {
		add("validate_tong", g.from, map[string]any{"name": g.doc.Name, "definition": g.doc.Value})
		add("canonical_alias", g.from, map[string]any{"name": g.doc.Name, "definition": g.doc.Value})
	}
	for _, g := range cat {
		name, def := g.doc.Name, g.doc.Value
		from := g.from
		add("validate_tong", from, map[string]any{"name": name, "definition": def})
		add("readiness_settings", from, map[string]any{"definition": def})
		add("canonical_alias", from, map[string]any{"name": name, "definition": def})
		add("tong_resource_flags", from, map[string]any{"definition": def})
		add("config_hash", from, map[string]any{"definition": def})
		add("shared_container_name", from, map[string]any{"name": name})
		add("session_container_name", from, map[string]any{"session_id": goldenSession, "name": name})
		for _, ws := range []any{nil, goldenWorkspace} {
			add("tong_mount_specs", from, map[string]any{"definition": def, "workspace": ws, "socket_path": impl.DefaultSocketPath})
		}
		// the argvs of NAME.golden: with and without a network, the
		// config hash label, an extra tmpfs and a known workspace
		for _, net := range []string{"", goldenNetwork} {
			for _, hash := range []bool{false, true} {
				for _, tmpfs := range [][]string{nil, {goldenScratch}} {
					for _, ws := range []string{"", goldenWorkspace} {
						argm, err := goldenRunArgs(g.doc, net, hash, tmpfs, ws)
						if err != nil {
							return nil, fmt.Errorf("%s: %v", from, err)
						}
						add("tong_run_argv", from, argm)
					}
				}
			}
		}
	}
	// the collisions tongref collisions is shown: the catalogue alone,
	// and with collide/ (whose tong claims the postgres tong's alias)
	for _, set := range [][]goldenDoc{cat, append(append([]goldenDoc{}, cat...), collide...)} {
		docs := make([]load.Doc, len(set))
		var from []string
		for i, g := range set {
			docs[i] = g.doc
			from = append(from, g.from)
		}
		tongs, err := load.Tongs(docs)
		if err != nil {
			return nil, err
		}
		add("alias_collisions", strings.Join(from, " "), map[string]any{"tongs": tongs})
	}

	invalid, err := goldenDocs(dir, "invalid", false)
	if err != nil {
		return nil, err
	}
	for _, g := range invalid {
		add("validate_tong", g.from, map[string]any{"name": g.doc.Name, "definition": g.doc.Value})
	}

	inj, err := goldenInjections(filepath.Join(dir, "inject.golden"))
	if err != nil {
		return nil, err
	}
	for _, argm := range inj {
		add("inject_anvil_argv", "golden/testdata/inject.golden", argm)
	}
	return rows, nil
}

// goldenDocs loads the definition files of dir/sub in name order. With
// mustLoad a file the reader refuses is an error; otherwise it is left
// out (it breaks a LOAD rule, the reader's, which no op has).
func goldenDocs(dir, sub string, mustLoad bool) ([]goldenDoc, error) {
	entries, err := os.ReadDir(filepath.Join(dir, sub))
	if err != nil {
		return nil, err
	}
	var out []goldenDoc
	for _, e := range entries {
		switch filepath.Ext(e.Name()) {
		case ".yaml", ".yml", ".json":
		default:
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, sub, e.Name()))
		if err != nil {
			return nil, err
		}
		d, err := load.Definition(sub+"/"+e.Name(), data)
		if err != nil {
			if mustLoad {
				return nil, err
			}
			continue
		}
		out = append(out, goldenDoc{from: "golden/testdata/" + sub + "/" + e.Name(), doc: d})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no definitions in %s", filepath.Join(dir, sub))
	}
	return out, nil
}

// goldenRunArgs are the tong_run_argv arguments a launcher gives for a
// loaded definition, as golden/golden_test.go's runArgv builds them
// (load.ContainerName, load.LaunchOptions).
func goldenRunArgs(d load.Doc, net string, hash bool, tmpfs []string, ws string) (map[string]any, error) {
	container, err := load.ContainerName(d, goldenSession)
	if err != nil {
		return nil, err
	}
	o, err := load.LaunchOptions(d, container, load.Launch{Network: net, Workspace: ws, Tmpfs: tmpfs, Hash: hash})
	if err != nil {
		return nil, err
	}
	envm := make(map[string]any, len(o.Env))
	for k, v := range o.Env {
		envm[k] = v
	}
	return map[string]any{"name": d.Name, "definition": d.Value, "container_name": o.ContainerName,
		"network": orNull(o.Network), "alias": orNull(o.Alias), "env": envm, "tmpfs_dirs": strsToAny(o.TmpfsDirs),
		"label_hash": orNull(o.LabelHash), "workspace": orNull(o.Workspace), "socket_path": o.SocketPath}, nil
}

// goldenInjections reads inject.golden: each "$ ARGV" line (shell-quoted
// as tongref argv quotes) and each "network=%q pre=%q post=%q" line below
// it make one inject_anvil_argv request. The answer lines are checked
// against the reference by TestGoldenVectorsAgreeWithGoldenFiles.
func goldenInjections(path string) ([]map[string]any, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []map[string]any
	var argv []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "$ "):
			if argv, err = shellSplit(line[2:]); err != nil {
				return nil, fmt.Errorf("%s:%d: %v", path, n, err)
			}
		case strings.HasPrefix(line, "network="):
			net, pre, post, err := parseInjection(line)
			if err != nil || argv == nil {
				return nil, fmt.Errorf("%s:%d: cannot read %q: %v", path, n, line, err)
			}
			out = append(out, map[string]any{"argv": strsToAny(argv), "network": orNull(net),
				"pre_image_args": strsToAny(pre), "post_image_args": strsToAny(post)})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no injections", path)
	}
	return out, sc.Err()
}

// parseInjection reads `network="N" pre=["a" "b"] post=[]`.
func parseInjection(line string) (string, []string, []string, error) {
	rest, ok := strings.CutPrefix(line, "network=")
	if !ok {
		return "", nil, nil, errors.New("no network=")
	}
	q, err := strconv.QuotedPrefix(rest)
	if err != nil {
		return "", nil, nil, err
	}
	net, _ := strconv.Unquote(q)
	rest = rest[len(q):]
	lists := make([][]string, 2)
	for i, key := range []string{" pre=[", " post=["} {
		if rest, ok = strings.CutPrefix(rest, key); !ok {
			return "", nil, nil, fmt.Errorf("no%s", key)
		}
		lists[i] = []string{}
		for !strings.HasPrefix(rest, "]") {
			rest = strings.TrimPrefix(rest, " ")
			q, err := strconv.QuotedPrefix(rest)
			if err != nil {
				return "", nil, nil, err
			}
			s, _ := strconv.Unquote(q)
			lists[i] = append(lists[i], s)
			rest = rest[len(q):]
		}
		rest = rest[1:]
	}
	if rest != "" {
		return "", nil, nil, fmt.Errorf("unexpected %q", rest)
	}
	return net, lists[0], lists[1], nil
}

// shellSplit splits a line quoted as tongref argv quotes (shellJoin):
// words separated by one space, each plain or in single quotes, a single
// quote inside written as quote, backslash, quote, quote.
func shellSplit(s string) ([]string, error) {
	var out []string
	var w strings.Builder
	inWord := false
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == ' ':
			if inWord {
				out = append(out, w.String())
				w.Reset()
				inWord = false
			}
			i++
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, errors.New("unterminated quote")
			}
			w.WriteString(s[i+1 : i+1+j])
			inWord = true
			i += j + 2
		case c == '\\' && i+1 < len(s):
			w.WriteByte(s[i+1])
			inWord = true
			i += 2
		default:
			w.WriteByte(c)
			inWord = true
			i++
		}
	}
	if inWord {
		out = append(out, w.String())
	}
	return out, nil
}

// findGolden returns golden/testdata of the tongref repository holding the
// working directory.
func findGolden() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		// The repository's root: the module's go.mod beside the spec.
		if isFile(filepath.Join(dir, "go.mod")) && isFile(filepath.Join(dir, "spec", "SPEC.md")) {
			return filepath.Join(dir, "golden", "testdata"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("the golden catalogue (golden/testdata) is read from the tongref repository; run this inside it")
		}
		dir = parent
	}
}

// goldenWhy is the first clause of the reference's first error: what is
// wrong, without the advice after the ";".
func goldenWhy(exp Response) string {
	ie := exp.first
	if exp.Err != nil {
		errors.As(exp.Err.err, &ie)
	}
	if ie == nil {
		return "rejected"
	}
	msg, _, _ := strings.Cut(ie.Msg, ";")
	return ie.Field + " " + msg
}

func isFile(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}
