//go:build unix

package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/textproto"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/erslint/erslint/pkg/lint"
)

// pipeClient drives a Server in this process over pipes, for benchmarks.
type pipeClient struct {
	tb   testing.TB
	in   *io.PipeWriter
	pubs chan int // versions published for the document
	done chan error
}

func startPipe(tb testing.TB) *pipeClient { return startPipeIn(tb, nil) }

// startPipeIn starts a server whose workspace holds the given manifests.
func startPipeIn(tb testing.TB, workspace []lint.Input) *pipeClient {
	tb.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	srv := New(Options{Setup: func(ctx context.Context, root string, opts InitOptions) (*Run, error) {
		l, err := lint.New(ctx, lint.Options{AsOf: "2026-11-24", Jobs: 1, EvalTimeout: 10 * time.Second})
		if err != nil {
			return nil, err
		}
		return &Run{Linter: l, AsOf: "2026-11-24", MaxFileBytes: 10 << 20,
			Context: func() ([]lint.Input, error) { return workspace, nil }}, nil
	}})
	c := &pipeClient{tb: tb, in: inW, pubs: make(chan int, 1<<16), done: make(chan error, 1)}
	go func() { c.done <- srv.Serve(context.Background(), inR, outW); outW.Close() }()
	go func() {
		r := bufio.NewReader(outR)
		tp := textproto.NewReader(r)
		for {
			h, err := tp.ReadMIMEHeader()
			if err != nil {
				return
			}
			n, _ := strconv.Atoi(h.Get("Content-Length"))
			body := make([]byte, n)
			if _, err := io.ReadFull(r, body); err != nil {
				return
			}
			var m struct {
				Method string `json:"method"`
				Params struct {
					Version *int `json:"version"`
				} `json:"params"`
			}
			if json.Unmarshal(body, &m) == nil && m.Method == "textDocument/publishDiagnostics" && m.Params.Version != nil {
				c.pubs <- *m.Params.Version
			}
		}
	}()
	c.send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`)
	c.send(`{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	tb.Cleanup(func() {
		c.send(`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`)
		c.send(`{"jsonrpc":"2.0","method":"exit"}`)
		<-c.done
	})
	return c
}

func (c *pipeClient) send(body string) {
	if _, err := fmt.Fprintf(c.in, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		c.tb.Fatal(err)
	}
}

func (c *pipeClient) notify(method string, params any) {
	b, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
	if err != nil {
		c.tb.Fatal(err)
	}
	c.send(string(b))
}

// waitVersion waits for the diagnostics of version v.
func (c *pipeClient) waitVersion(v int) {
	timeout := time.After(60 * time.Second)
	for {
		select {
		case got := <-c.pubs:
			if got == v {
				return
			}
		case <-timeout:
			c.tb.Fatalf("no diagnostics for version %d in 60 s", v)
		}
	}
}

// manifest300 is a 300-line manifest: the ISP example with more services,
// some of them with gaps (findings to place).
func manifest300(tb testing.TB) string {
	b, err := os.ReadFile("../../examples/independent-sector-provider.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	text := string(b)
	var more strings.Builder
	for i := 0; strings.Count(text, "\n")+strings.Count(more.String(), "\n") < 300; i++ {
		fmt.Fprintf(&more, "  - id: service-%d\n    name: Service %d — Ysbyty 😀\n    bookingType: directly-bookable\n    contracts:\n      - commissioner:\n          name: NHS Example ICB\n          odsCode: QWE\n        reference: NHSSC-2025-%04d\n        start: \"2025-04-01\"\n        end: \"2028-03-31\"\n        paymentAgreed: %v\n", i, i, i, i%3 != 0)
	}
	text = strings.Replace(text, "services:\n", "services:\n"+more.String(), 1)
	if n := strings.Count(text, "\n"); n < 300 || n > 320 {
		tb.Fatalf("manifest of %d lines", n)
	}
	return text
}

// editor opens the 300-line manifest and edits one value back and forth.
type editor struct {
	c       *pipeClient
	line    int
	value   string
	version int
}

const benchURI = "file:///bench/clinic.yaml"

func openEditor(tb testing.TB) *editor { return openEditorIn(tb, nil) }

func openEditorIn(tb testing.TB, workspace []lint.Input) *editor {
	c := startPipeIn(tb, workspace)
	text := manifest300(tb)
	line := -1
	for i, l := range strings.Split(text, "\n") {
		if l == "  screenFilters: true" {
			line = i
		}
	}
	if line < 0 {
		tb.Fatal("no screenFilters line")
	}
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": benchURI, "languageId": "yaml", "version": 1, "text": text}})
	c.waitVersion(1)
	return &editor{c: c, line: line, value: "true", version: 1}
}

// edit flips screenFilters (ERS-GOV-003 comes and goes) and returns the version.
func (e *editor) edit() int {
	next := "false"
	if e.value == "false" {
		next = "true"
	}
	col := len("  screenFilters: ")
	e.version++
	e.c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": benchURI, "version": e.version},
		"contentChanges": []any{map[string]any{"range": Range{Position{e.line, col}, Position{e.line, col + len(e.value)}}, "text": next}}})
	e.value = next
	return e.version
}

// One edit of a 300-line manifest to its diagnostics published: ns/op is the
// latency an author sees.
func BenchmarkDiagnosticsAfterEdit(b *testing.B) {
	e := openEditor(b)
	cpu := cpuTime()
	b.ResetTimer()
	for range b.N {
		e.c.waitVersion(e.edit())
	}
	b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// cpuTime is the process's CPU time so far (user and system): on a shared
// machine, wall time includes waiting for a CPU.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// The same, in a workspace of 200 other manifests on disk (the cross-manifest
// rules compare with each, every time).
func BenchmarkDiagnosticsAfterEditInWorkspace(b *testing.B) {
	dir := b.TempDir()
	src, err := os.ReadFile("../../examples/nhs-trust.yaml")
	if err != nil {
		b.Fatal(err)
	}
	var workspace []lint.Input
	for i := range 200 {
		path := fmt.Sprintf("%s/org-%03d.yaml", dir, i)
		text := strings.Replace(string(src), "name: ", fmt.Sprintf("name: org-%03d-", i), 1)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
		workspace = append(workspace, lint.Input{Name: fmt.Sprintf("org-%03d.yaml", i), Path: path, Walked: true})
	}
	e := openEditorIn(b, workspace)
	cpu := cpuTime()
	b.ResetTimer()
	for range b.N {
		e.c.waitVersion(e.edit())
	}
	b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// A burst of 20 edits sent back to back (a typist): the time from the last
// edit to its diagnostics, coalescing included (stale evaluations dropped).
func BenchmarkDiagnosticsAfterBurst(b *testing.B) {
	e := openEditor(b)
	var total time.Duration
	published := 0
	cpu := cpuTime()
	b.ResetTimer()
	for range b.N {
		for range 19 {
			e.edit()
		}
		start := time.Now()
		last := e.edit()
		for v := range e.c.pubs {
			published++
			if v == last {
				break
			}
		}
		total += time.Since(start)
	}
	b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms-after-last-edit")
	b.ReportMetric(float64(published)/float64(b.N), "published/burst")
	b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/burst")
}

// Memory over 10,000 edits: the live heap after 1,000 edits and after 10,000
// (each after a GC, once the last version is published) should be the same.
func BenchmarkMemoryOver10000Edits(b *testing.B) {
	for range b.N {
		e := openEditor(b)
		heap := func() uint64 {
			runtime.GC()
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			return m.HeapAlloc
		}
		var at1000 uint64
		for i := 1; i <= 10000; i++ {
			v := e.edit()
			if i%500 == 0 {
				e.c.waitVersion(v) // an author pauses now and then
			}
			if i == 1000 {
				at1000 = heap()
			}
		}
		at10000 := heap()
		b.ReportMetric(float64(at1000)/(1<<20), "MiB-heap-after-1000")
		b.ReportMetric(float64(at10000)/(1<<20), "MiB-heap-after-10000")
	}
}

// Edits, hovers, completions and code actions at once, under the race
// detector: the latest version is published.
func TestServerUnderLoad(t *testing.T) {
	e := openEditor(t)
	pos := map[string]any{"textDocument": map[string]any{"uri": benchURI}, "position": Position{e.line, 3}}
	for i := range 30 {
		e.edit()
		switch i % 3 {
		case 0:
			e.c.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"textDocument/hover","params":%s}`, 100+i, mustJSON(t, pos)))
		case 1:
			e.c.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"textDocument/completion","params":%s}`, 100+i, mustJSON(t, pos)))
		case 2:
			e.c.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"textDocument/codeAction","params":{"textDocument":{"uri":%q},"range":{"start":{"line":0,"character":0},"end":{"line":400,"character":0}},"context":{"diagnostics":[]}}}`, 100+i, benchURI))
		}
	}
	e.c.waitVersion(e.version)
}

func mustJSON(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
