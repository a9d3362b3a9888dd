package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/textproto"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// ersClient drives `erslint lsp` (the built binary) over its standard input
// and output, as an editor does.
type ersClient struct {
	t     *testing.T
	cmd   *exec.Cmd
	in    io.WriteCloser
	mu    sync.Mutex
	next  int
	waits map[int]chan ersMessage
	diags map[string][]ersPublished // by URI, in the order published
	cond  *sync.Cond
	done  chan struct{}
	exit  error
}

type ersMessage struct {
	ID     *int            `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

type ersPublished struct {
	URI         string          `json:"uri"`
	Version     *int            `json:"version"`
	Diagnostics []ersDiagnostic `json:"diagnostics"`
}

type ersPos struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

type ersRange struct {
	Start ersPos `json:"start"`
	End   ersPos `json:"end"`
}

type ersDiagnostic struct {
	Range    ersRange        `json:"range"`
	Severity int             `json:"severity"`
	Code     string          `json:"code"`
	Source   string          `json:"source"`
	Message  string          `json:"message"`
	Data     json.RawMessage `json:"data"`
}

func startErslintLSP(t *testing.T, dir string, args ...string) *ersClient {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"lsp"}, args...)...)
	cmd.Dir = dir
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &ersClient{t: t, cmd: cmd, in: in, waits: map[int]chan ersMessage{}, diags: map[string][]ersPublished{}, done: make(chan struct{})}
	c.cond = sync.NewCond(&c.mu)
	go c.readLoop(bufio.NewReader(out))
	t.Cleanup(func() {
		in.Close()
		select {
		case <-c.done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-c.done
		}
		if t.Failed() && stderr.Len() > 0 {
			t.Logf("erslint lsp stderr:\n%s", stderr.String())
		}
	})
	return c
}

func (c *ersClient) readLoop(r *bufio.Reader) {
	defer func() {
		c.exit = c.cmd.Wait()
		c.mu.Lock()
		close(c.done)
		c.cond.Broadcast()
		c.mu.Unlock()
	}()
	tp := textproto.NewReader(r)
	for {
		h, err := tp.ReadMIMEHeader()
		if err != nil {
			return
		}
		n, err := strconv.Atoi(h.Get("Content-Length"))
		if err != nil {
			return
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(r, body); err != nil {
			return
		}
		var m ersMessage
		if err := json.Unmarshal(body, &m); err != nil {
			continue
		}
		c.mu.Lock()
		switch {
		case m.Method == "textDocument/publishDiagnostics":
			var p ersPublished
			if json.Unmarshal(m.Params, &p) == nil {
				c.diags[p.URI] = append(c.diags[p.URI], p)
			}
			c.cond.Broadcast()
		case m.Method == "" && m.ID != nil:
			if ch, ok := c.waits[*m.ID]; ok {
				ch <- m
				delete(c.waits, *m.ID)
			}
		}
		c.mu.Unlock()
	}
}

func (c *ersClient) send(m map[string]any) {
	c.t.Helper()
	m["jsonrpc"] = "2.0"
	body, err := json.Marshal(m)
	if err != nil {
		c.t.Fatal(err)
	}
	if _, err := fmt.Fprintf(c.in, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		c.t.Fatalf("write to erslint lsp: %v", err)
	}
}

func (c *ersClient) notify(method string, params any) {
	c.t.Helper()
	c.send(map[string]any{"method": method, "params": params})
}

// request sends a request and returns its response.
func (c *ersClient) request(method string, params any) ersMessage {
	c.t.Helper()
	c.mu.Lock()
	c.next++
	id := c.next
	ch := make(chan ersMessage, 1)
	c.waits[id] = ch
	c.mu.Unlock()
	c.send(map[string]any{"id": id, "method": method, "params": params})
	select {
	case m := <-ch:
		return m
	case <-c.done:
		c.t.Fatalf("%s: erslint lsp exited (%v)", method, c.exit)
	case <-time.After(60 * time.Second):
		c.t.Fatalf("%s: no response in 60 s", method)
	}
	return ersMessage{}
}

// result decodes a successful response's result into v.
func (c *ersClient) result(method string, params, v any) {
	c.t.Helper()
	m := c.request(method, params)
	if m.Error != nil {
		c.t.Fatalf("%s: error %d: %s", method, m.Error.Code, m.Error.Message)
	}
	if v != nil {
		if err := json.Unmarshal(m.Result, v); err != nil {
			c.t.Fatalf("%s: result %s: %v", method, m.Result, err)
		}
	}
}

// waitDiagnostics waits for the diagnostics of version of uri (any version
// when version < 0).
func (c *ersClient) waitDiagnostics(uri string, version int) []ersDiagnostic {
	c.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	timer := time.AfterFunc(60*time.Second, func() { c.mu.Lock(); c.cond.Broadcast(); c.mu.Unlock() })
	defer timer.Stop()
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		for _, p := range c.diags[uri] {
			if version < 0 || p.Version != nil && *p.Version == version {
				return p.Diagnostics
			}
		}
		select {
		case <-c.done:
			c.t.Fatalf("erslint lsp exited before publishing %s version %d", uri, version)
		default:
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("no diagnostics for %s version %d in 60 s", uri, version)
		}
		c.cond.Wait()
	}
}

// waitCleared waits until the last diagnostics published for uri are none
// (after didClose).
func (c *ersClient) waitCleared(uri string) {
	c.t.Helper()
	timer := time.AfterFunc(30*time.Second, func() { c.mu.Lock(); c.cond.Broadcast(); c.mu.Unlock() })
	defer timer.Stop()
	deadline := time.Now().Add(30 * time.Second)
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		if p := c.diags[uri]; len(p) > 0 && len(p[len(p)-1].Diagnostics) == 0 && p[len(p)-1].Version == nil {
			return
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("%s: diagnostics not cleared in 30 s", uri)
		}
		c.cond.Wait()
	}
}

// waitUntil waits until the last diagnostics published for uri satisfy ok.
func (c *ersClient) waitUntil(uri, what string, ok func([]ersDiagnostic) bool) []ersDiagnostic {
	c.t.Helper()
	timer := time.AfterFunc(60*time.Second, func() { c.mu.Lock(); c.cond.Broadcast(); c.mu.Unlock() })
	defer timer.Stop()
	deadline := time.Now().Add(60 * time.Second)
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		if p := c.diags[uri]; len(p) > 0 && ok(p[len(p)-1].Diagnostics) {
			return p[len(p)-1].Diagnostics
		}
		if time.Now().After(deadline) {
			p := c.diags[uri]
			c.t.Fatalf("%s: in 60 s, no diagnostics where %s; last: %+v", uri, what, p[max(len(p)-1, 0):])
		}
		c.cond.Wait()
	}
}

// published returns everything published for uri so far.
func (c *ersClient) published(uri string) []ersPublished {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]ersPublished(nil), c.diags[uri]...)
}

func (c *ersClient) initialize(root string, opts map[string]any, encodings ...string) map[string]any {
	c.t.Helper()
	params := map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}, "initializationOptions": opts}
	if root != "" {
		params["rootUri"] = "file://" + root
	}
	if len(encodings) > 0 {
		params["capabilities"] = map[string]any{"general": map[string]any{"positionEncodings": encodings}}
	}
	var res map[string]any
	c.result("initialize", params, &res)
	c.notify("initialized", map[string]any{})
	return res
}

func (c *ersClient) open(uri, text string) {
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "yaml", "version": 1, "text": text}})
}

// shutdown ends the session as an editor does and checks the exit status.
func (c *ersClient) shutdown() {
	c.t.Helper()
	c.result("shutdown", nil, nil)
	c.notify("exit", nil)
	select {
	case <-c.done:
		if c.exit != nil {
			c.t.Errorf("erslint lsp exit after shutdown: %v, want status 0", c.exit)
		}
	case <-time.After(10 * time.Second):
		c.t.Fatal("erslint lsp did not exit after exit")
	}
}
