package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/erslint/erslint/pkg/lint"
)

type initializeParams struct {
	RootURI          *string `json:"rootUri"`
	RootPath         *string `json:"rootPath"`
	WorkspaceFolders []struct {
		URI string `json:"uri"`
	} `json:"workspaceFolders"`
	Capabilities struct {
		General struct {
			PositionEncodings []string `json:"positionEncodings"`
		} `json:"general"`
	} `json:"capabilities"`
	InitializationOptions json.RawMessage `json:"initializationOptions"`
}

func (s *Server) initialize(ctx context.Context, params json.RawMessage) (any, error) {
	var p initializeParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	var opts InitOptions
	if len(p.InitializationOptions) > 0 && string(p.InitializationOptions) != "null" {
		if err := json.Unmarshal(p.InitializationOptions, &opts); err != nil {
			return nil, &rpcError{Code: codeInvalidParams, Message: "initializationOptions: " + err.Error()}
		}
	}
	if opts.AsOf != "" {
		if err := lint.CheckAsOf(opts.AsOf); err != nil {
			return nil, &rpcError{Code: codeInvalidParams, Message: "initializationOptions.asOf: " + err.Error()}
		}
	}
	enc := encUTF16
	if slices.Contains(p.Capabilities.General.PositionEncodings, encUTF8) {
		enc = encUTF8
	}
	root := ""
	switch {
	case len(p.WorkspaceFolders) > 0:
		root = uriPath(p.WorkspaceFolders[0].URI)
	case p.RootURI != nil:
		root = uriPath(*p.RootURI)
	case p.RootPath != nil:
		root = *p.RootPath
	}
	run, err := s.opts.Setup(ctx, root, opts)
	if err != nil {
		// A broken configuration, a custom policy that does not compile: the
		// server starts, and every document says what is wrong (fail closed).
		s.notify("window/showMessage", map[string]any{"type": 1, "message": "erslint: " + err.Error()})
	}
	s.mu.Lock()
	s.initialized = true
	s.enc = enc
	s.root = root
	s.run, s.runErr = run, err
	s.mu.Unlock()
	return map[string]any{
		"capabilities": map[string]any{
			"positionEncoding": enc,
			"textDocumentSync": map[string]any{
				"openClose": true,
				"change":    2, // incremental
				"save":      map[string]any{"includeText": false},
			},
			"hoverProvider":      true,
			"codeActionProvider": map[string]any{"codeActionKinds": []string{"quickfix"}},
			"completionProvider": map[string]any{"triggerCharacters": []string{" ", ":", "-"}},
		},
		"serverInfo": map[string]any{"name": "erslint", "version": s.opts.Version},
	}, nil
}

type textDocumentItem struct {
	URI     string `json:"uri"`
	Version int    `json:"version"`
	Text    string `json:"text"`
}

type docID struct {
	URI     string `json:"uri"`
	Version int    `json:"version"`
}

func (s *Server) didOpen(_ context.Context, params json.RawMessage) (any, error) {
	var p struct {
		TextDocument textDocumentItem `json:"textDocument"`
	}
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	d := &document{uri: p.TextDocument.URI, version: p.TextDocument.Version, text: p.TextDocument.Text}
	s.mu.Lock()
	d.path = uriPath(d.uri)
	d.name = s.nameOf(d)
	s.docs[d.uri] = d
	s.mu.Unlock()
	s.sched.changed(d.uri, false)
	return nil, nil
}

func (s *Server) didChange(_ context.Context, params json.RawMessage) (any, error) {
	var p struct {
		TextDocument   docID `json:"textDocument"`
		ContentChanges []struct {
			Range *Range `json:"range"`
			Text  string `json:"text"`
		} `json:"contentChanges"`
	}
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	s.mu.Lock()
	d, ok := s.docs[p.TextDocument.URI]
	if !ok {
		s.mu.Unlock()
		return nil, fmt.Errorf("didChange for %s, which is not open", p.TextDocument.URI)
	}
	text := d.text
	for _, c := range p.ContentChanges {
		text = applyChange(text, c.Range, c.Text, s.enc)
	}
	// A new document, not changed in place: a running evaluation still reads
	// the old one.
	s.docs[d.uri] = &document{uri: d.uri, name: d.name, path: d.path, version: p.TextDocument.Version, text: text}
	s.mu.Unlock()
	s.sched.changed(d.uri, false)
	return nil, nil
}

func (s *Server) didSave(_ context.Context, params json.RawMessage) (any, error) {
	var p struct {
		TextDocument docID `json:"textDocument"`
	}
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	s.sched.changed(p.TextDocument.URI, true)
	return nil, nil
}

func (s *Server) didClose(_ context.Context, params json.RawMessage) (any, error) {
	var p struct {
		TextDocument docID `json:"textDocument"`
	}
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	s.sched.closed(p.TextDocument.URI)
	return nil, nil
}

// uriPath is the file path of a file: URI; "" for any other.
func uriPath(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return ""
	}
	p := u.Path
	if runtime.GOOS == "windows" && len(p) > 2 && p[0] == '/' && p[2] == ':' {
		p = p[1:]
	}
	return filepath.FromSlash(p)
}

// nameOf is how findings name a document: its path relative to the workspace
// root, as `erslint lint` run there names it; else its path or URI.
func (s *Server) nameOf(d *document) string {
	if d.path == "" {
		return d.uri
	}
	if s.root != "" {
		if rel, err := filepath.Rel(s.root, d.path); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(d.path)
}
