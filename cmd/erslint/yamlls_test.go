package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/erslint/erslint/internal/testtools"
)

// lspClient speaks the Language Server Protocol (JSON-RPC 2.0 with
// Content-Length framing) to a server over its standard input and output, as
// an editor does. Requests from the server are answered: workspace/configuration
// with the settings given, anything else with null.
type lspClient struct {
	t        *testing.T
	in       io.WriteCloser
	mu       sync.Mutex
	nextID   int
	pending  map[int]chan json.RawMessage
	notes    chan lspMessage
	settings any
}

type lspMessage struct {
	ID     *json.RawMessage `json:"id,omitempty"`
	Method string           `json:"method,omitempty"`
	Params json.RawMessage  `json:"params,omitempty"`
	Result json.RawMessage  `json:"result,omitempty"`
	Error  *struct {
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

func startLSP(t *testing.T, settings any, command string, args ...string) *lspClient {
	t.Helper()
	cmd := exec.Command(command, args...)
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
	c := &lspClient{t: t, in: in, pending: map[int]chan json.RawMessage{}, notes: make(chan lspMessage, 100), settings: settings}
	t.Cleanup(func() {
		in.Close()
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		if t.Failed() && stderr.Len() > 0 {
			t.Logf("server stderr:\n%s", stderr.String())
		}
	})
	go c.read(bufio.NewReader(out))
	return c
}

func (c *lspClient) read(r *bufio.Reader) {
	for {
		length := -1
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				close(c.notes)
				return
			}
			line = strings.TrimSpace(line)
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length:"); ok {
				length, _ = strconv.Atoi(strings.TrimSpace(v))
			}
		}
		if length < 0 {
			continue
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(r, body); err != nil {
			close(c.notes)
			return
		}
		var m lspMessage
		if err := json.Unmarshal(body, &m); err != nil {
			continue
		}
		switch {
		case m.ID != nil && m.Method != "": // a request from the server
			var result any
			if m.Method == "workspace/configuration" {
				var p struct{ Items []any }
				json.Unmarshal(m.Params, &p)
				all := make([]any, len(p.Items))
				for i := range all {
					all[i] = c.settings
				}
				result = all
			}
			c.send(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": result})
		case m.ID != nil: // a response
			id, _ := strconv.Atoi(string(*m.ID))
			c.mu.Lock()
			ch := c.pending[id]
			delete(c.pending, id)
			c.mu.Unlock()
			if ch != nil {
				if m.Error != nil {
					ch <- json.RawMessage(fmt.Sprintf(`{"error":%q}`, m.Error.Message))
				} else {
					ch <- m.Result
				}
			}
		default:
			c.notes <- m
		}
	}
}

func (c *lspClient) send(msg any) {
	body, err := json.Marshal(msg)
	if err != nil {
		c.t.Error(err)
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	fmt.Fprintf(c.in, "Content-Length: %d\r\n\r\n%s", len(body), body)
}

func (c *lspClient) notify(method string, params any) {
	c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

func (c *lspClient) call(method string, params any) json.RawMessage {
	c.t.Helper()
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan json.RawMessage, 1)
	c.pending[id] = ch
	c.mu.Unlock()
	c.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	select {
	case r := <-ch:
		return r
	case <-time.After(60 * time.Second):
		c.t.Fatalf("%s: no answer from the language server in 60 s", method)
		return nil
	}
}

type lspDiagnostic struct {
	Range struct {
		Start struct{ Line, Character int } `json:"start"`
	} `json:"range"`
	Message string `json:"message"`
	Source  string `json:"source"`
}

// diagnostics waits for the first non-empty publishDiagnostics for uri.
func (c *lspClient) diagnostics(uri string) []lspDiagnostic {
	c.t.Helper()
	return c.waitDiagnostics(uri, false)
}

// waitDiagnostics waits for a publishDiagnostics for uri: the first, or the
// first non-empty one.
func (c *lspClient) waitDiagnostics(uri string, empty bool) []lspDiagnostic {
	c.t.Helper()
	deadline := time.After(60 * time.Second)
	for {
		select {
		case m, ok := <-c.notes:
			if !ok {
				c.t.Fatal("the language server closed its output")
			}
			if m.Method != "textDocument/publishDiagnostics" {
				continue
			}
			var p struct {
				URI         string          `json:"uri"`
				Diagnostics []lspDiagnostic `json:"diagnostics"`
			}
			if err := json.Unmarshal(m.Params, &p); err != nil {
				c.t.Fatal(err)
			}
			if p.URI == uri && (empty || len(p.Diagnostics) > 0) {
				return p.Diagnostics
			}
		case <-deadline:
			c.t.Fatalf("no diagnostics for %s in 60 s", uri)
		}
	}
}

func fileURI(p string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(p)}).String()
}

// A new user's day with the real yaml-language-server: `erslint init` writes a
// manifest and the schema its modeline names, in the user's own directory; an
// editor opening the manifest flags an unknown key, completes the values of
// stage with what each means, and shows a property's description on hover.
func TestYAMLLanguageServerWithInitsManifest(t *testing.T) {
	server := testtools.Find(t, "yaml-language-server", "bash .ci/install-yamlls.sh")
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if r := erslintIn(t, dir, "init", "--type", "gp-practice", "--name", "high-street-surgery", "--output", "manifests/hss.yaml"); r.code != 0 {
		t.Fatalf("init: exit %d %s", r.code, r.stderr)
	}
	path := filepath.Join(dir, "manifests", "hss.yaml")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(src), "# yaml-language-server: $schema=./manifest-v1.schema.json\n") {
		t.Fatalf("init's manifest does not start with the modeline:\n%s", src)
	}
	if _, err := os.Stat(filepath.Join(dir, "manifests", "manifest-v1.schema.json")); err != nil {
		t.Fatalf("init wrote no schema beside the manifest: %v", err)
	}
	// The user misspells a key and is about to choose a stage.
	text := strings.Replace(string(src), "\nstage: planning", "\norganisaton_owner: someone\nstage: planning", 1)
	lines := strings.Split(text, "\n")
	unknownLine, stageLine := -1, -1
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "organisaton_owner:"):
			unknownLine = i
		case strings.HasPrefix(l, "stage: "):
			stageLine = i
		}
	}
	if unknownLine < 0 || stageLine < 0 {
		t.Fatalf("the starting manifest has no top-level stage:\n%s", text)
	}

	settings := map[string]any{
		"validate": true, "completion": true, "hover": true,
		"schemaStore": map[string]any{"enable": false},
	}
	c := startLSP(t, map[string]any{"yaml": settings}, server, "--stdio")
	c.call("initialize", map[string]any{
		"processId": os.Getpid(),
		"rootUri":   fileURI(dir),
		"capabilities": map[string]any{
			"workspace": map[string]any{"configuration": true},
			"textDocument": map[string]any{
				"completion":         map[string]any{"completionItem": map[string]any{"documentationFormat": []string{"plaintext"}}},
				"hover":              map[string]any{"contentFormat": []string{"plaintext"}},
				"publishDiagnostics": map[string]any{},
			},
		},
	})
	c.notify("initialized", map[string]any{})
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"yaml": settings}})
	uri := fileURI(path)
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "yaml", "version": 1, "text": text,
	}})

	// A diagnostic: the misspelt key, at its line, from the schema.
	diags := c.diagnostics(uri)
	found := false
	for _, d := range diags {
		if d.Range.Start.Line == unknownLine && strings.Contains(d.Message, "organisaton_owner") && strings.Contains(d.Message, "not allowed") {
			found = true
		}
	}
	if !found {
		t.Errorf("no diagnostic for the unknown key at line %d; got %+v", unknownLine+1, diags)
	}
	for _, d := range diags {
		if d.Range.Start.Line != unknownLine {
			t.Errorf("unexpected diagnostic on init's manifest at line %d: %s", d.Range.Start.Line+1, d.Message)
		}
	}

	// A completion: the values of stage, each with what it means.
	raw := c.call("textDocument/completion", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"position":     map[string]any{"line": stageLine, "character": len("stage: ")},
	})
	var list struct {
		Items []struct {
			Label         string `json:"label"`
			Documentation any    `json:"documentation"`
		} `json:"items"`
	}
	if err := json.Unmarshal(raw, &list); err != nil {
		t.Fatalf("completion: %v: %s", err, raw)
	}
	docs := map[string]string{}
	for _, it := range list.Items {
		switch d := it.Documentation.(type) {
		case string:
			docs[it.Label] = d
		case map[string]any:
			docs[it.Label], _ = d["value"].(string)
		default:
			docs[it.Label] = ""
		}
	}
	for _, want := range []struct{ value, means string }{
		{"planning", "being planned"}, {"pre-go-live", "ready to go live"}, {"live", "every rule applies"},
	} {
		d, ok := docs[want.value]
		if !ok {
			t.Errorf("completion of stage lacks %s; got %v", want.value, docs)
			continue
		}
		if !strings.Contains(d, want.means) {
			t.Errorf("completion of stage %s: documentation %q does not say what it means (%q)", want.value, d, want.means)
		}
	}

	// A hover: the description of organisation.newToErs.
	newLine := -1
	for i, l := range lines {
		if strings.HasPrefix(l, "  newToErs:") {
			newLine = i
		}
	}
	raw = c.call("textDocument/hover", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"position":     map[string]any{"line": newLine, "character": 4},
	})
	if !strings.Contains(string(raw), "first time") {
		t.Errorf("hover on newToErs does not show its description: %s", raw)
	}
}

// The editor and erslint read the schema alike: the real yaml-language-server
// reports nothing on the example manifests, which erslint's schema check
// passes, through the modeline each starts with.
func TestYAMLLanguageServerOnTheExamples(t *testing.T) {
	server := testtools.Find(t, "yaml-language-server", "bash .ci/install-yamlls.sh")
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	settings := map[string]any{"validate": true, "schemaStore": map[string]any{"enable": false}}
	c := startLSP(t, map[string]any{"yaml": settings}, server, "--stdio")
	c.call("initialize", map[string]any{"processId": os.Getpid(), "rootUri": fileURI(root),
		"capabilities": map[string]any{"workspace": map[string]any{"configuration": true}}})
	c.notify("initialized", map[string]any{})
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"yaml": settings}})
	files, _ := filepath.Glob(filepath.Join(root, "examples", "*.yaml"))
	more, _ := filepath.Glob(filepath.Join(root, "examples", "*", "*.yaml"))
	files = append(files, more...)
	if len(files) < 4 {
		t.Fatalf("found %d examples", len(files))
	}
	for _, f := range files {
		if r := erslint(t, "", "lint", asOf, "--format=json", f); strings.Contains(r.stdout, "ERS-SCHEMA-001") {
			t.Fatalf("%s: erslint reports a schema error", f)
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		uri := fileURI(f)
		c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
			"uri": uri, "languageId": "yaml", "version": 1, "text": string(src),
		}})
		for _, d := range c.waitDiagnostics(uri, true) {
			t.Errorf("%s:%d: yaml-language-server: %s", f, d.Range.Start.Line+1, d.Message)
		}
	}
}
