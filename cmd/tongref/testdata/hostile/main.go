// Command hostile is a conformance adapter that misbehaves on purpose, one
// way per mode, so the tests of cmd/tongref can check that tongref conform
// stays bounded in time and memory, reports what went wrong and leaves no
// process behind. It writes its pid (and any child's) to the file named by
// $HOSTILE_PIDS, one a line.
//
//	hostile MODE
//
// The modes:
//
//	stop-reading     answers hello, then never reads stdin again
//	endless          answers hello, then writes bytes without a newline forever
//	huge-line        answers each request with a valid 32 MiB line
//	huge-int         answers each request with an integer of a million digits
//	huge-result      answers each request with a 4 MiB string
//	escaped-child    answers hello, starts a child in a new session that keeps
//	                 stdout open, and exits
//	escaped-quiet    answers hello, starts a child in a new session with no
//	                 pipe of the runner's open, and exits
//	empty-ops        says "ops": [] in hello
//	no-ops           says no ops in hello
//	ops-not-list     says "ops": "parse_duration" in hello
//	all-unsupported  claims every op and answers each request "unsupported"
//	unknown-ops      claims only ops the protocol does not have
//	hold             (the escaped child) sleeps, holding stdout
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/tongref/tongref/internal/conform"
)

// ops are the ops hello claims: spec version 1's, from the op table.
var ops = conform.OpNames(conform.Spec)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: hostile MODE")
		os.Exit(2)
	}
	mode := os.Args[1]
	notePid(os.Getpid())
	if mode == "hold" {
		time.Sleep(2 * time.Minute)
		return
	}
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	id := readID(in)
	hello := map[string]any{"name": "hostile " + mode, "protocol": 1, "ops": ops}
	switch mode {
	case "empty-ops":
		hello["ops"] = []string{}
	case "no-ops":
		delete(hello, "ops")
	case "ops-not-list":
		hello["ops"] = "parse_duration"
	case "unknown-ops":
		hello["ops"] = []string{"frobnicate", "parse_duration_v2"}
	}
	b, _ := json.Marshal(map[string]any{"id": json.RawMessage(id), "result": hello})
	out.Write(append(b, '\n'))
	out.Flush()

	switch mode {
	case "stop-reading":
		time.Sleep(time.Hour)
		return
	case "endless":
		readID(in)
		chunk := []byte(strings.Repeat("a", 1<<16))
		for {
			if _, err := out.Write(chunk); err != nil {
				return
			}
		}
	case "escaped-child", "escaped-quiet":
		self, err := os.Executable()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		c := exec.Command(self, "hold")
		if mode == "escaped-child" {
			c.Stdout = os.Stdout
			c.Stderr = os.Stderr
		}
		c.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		if err := c.Start(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	for {
		id := readID(in)
		if id == "" {
			return
		}
		switch mode {
		case "huge-line":
			fmt.Fprintf(out, `{"id":%s,"result":"`, id)
			chunk := strings.Repeat("a", 1<<16)
			for i := 0; i < 32<<20>>16; i++ {
				out.WriteString(chunk)
			}
			out.WriteString("\"}\n")
		case "huge-int":
			fmt.Fprintf(out, `{"id":%s,"result":1`, id)
			out.WriteString(strings.Repeat("0", 1_000_000))
			out.WriteString("}\n")
		case "huge-result":
			fmt.Fprintf(out, `{"id":%s,"result":"%s"}`+"\n", id, strings.Repeat("b", 4<<20))
		default:
			fmt.Fprintf(out, `{"id":%s,"error":{"kind":"unsupported","message":"hostile %s"}}`+"\n", id, mode)
		}
		if in.Buffered() == 0 {
			if err := out.Flush(); err != nil {
				return
			}
		}
	}
}

// readID reads one request and returns its id as written; "" at the end
// of input. The runner writes the id first; the rest of the line is not
// read (it may hold NaN, which encoding/json refuses).
func readID(in *bufio.Reader) string {
	line, err := in.ReadBytes('\n')
	if len(line) == 0 && err == io.EOF {
		return ""
	}
	rest, ok := strings.CutPrefix(string(line), `{"id":`)
	if !ok {
		return "null"
	}
	n := strings.IndexFunc(rest, func(r rune) bool { return r != '-' && (r < '0' || r > '9') })
	if n <= 0 {
		return "null"
	}
	return rest[:n]
}

func notePid(pid int) {
	name := os.Getenv("HOSTILE_PIDS")
	if name == "" {
		return
	}
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return
	}
	fmt.Fprintln(f, pid)
	f.Close()
}
