// Package lsp is erslint's language server (spec §9): Language Server
// Protocol 3.17 over a pair of streams, publishing for every open manifest the
// findings `erslint lint` reports for the same text, with hover, quick fixes
// and completion from the schema and the rules.
package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"runtime/debug"
	"sync"

	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/policy"
)

// Linter is what the server needs of a run: lint inputs, with other manifests
// as context for the cross-manifest rules (the workspace's, read once until
// they change on disk), and the rules it knows. *lint.Linter is one.
type Linter interface {
	ReadContext(ctx context.Context, others []lint.Input) *lint.Context
	LintWithContext(ctx context.Context, inputs []lint.Input, c *lint.Context, skip func(path string) bool, others []lint.Input) (*lint.Report, error)
	Rules() []policy.Rule
}

// Run is a run as the server uses it, built once the client has said where
// its workspace is.
type Run struct {
	Linter Linter
	AsOf   string // the assessment date, YYYY-MM-DD
	// MaxFileBytes bounds a document's text, as --max-file-size bounds a file.
	MaxFileBytes int64
	// Context lists the workspace's manifests on disk that the cross-manifest
	// rules compare an open document with; nil for none.
	Context func() ([]lint.Input, error)
}

// InitOptions are the client's initializationOptions.
type InitOptions struct {
	AsOf     string   `json:"asOf"`     // assessment date; default today (UTC)
	Config   string   `json:"config"`   // configuration file; default: found from the workspace root
	Policies []string `json:"policies"` // extra policy directories, as --policy
}

// Setup builds the run for a workspace root ("" when the client names none).
type Setup func(ctx context.Context, root string, opts InitOptions) (*Run, error)

// Options configure a Server.
type Options struct {
	Setup Setup
	// MaxMessageBytes bounds one message from the client; larger ones are
	// skipped. 0: 64 MiB.
	MaxMessageBytes int64
	Log             *log.Logger // where the server says what went wrong; nil: nowhere
	Version         string
}

// Server is one language server session.
type Server struct {
	opts Options
	out  *writer
	log  *log.Logger

	mu          sync.Mutex
	initialized bool
	shutdown    bool
	enc         string
	root        string
	run         *Run
	runErr      error // the run could not be built: every document says why
	docs        map[string]*document
	sched       *scheduler
}

// document is an open text document.
type document struct {
	uri     string
	name    string // as findings name it
	path    string // on disk, when the URI is a file
	version int
	text    string
}

// ErrExitWithoutShutdown is returned by Serve when the client sent exit
// without shutdown first: the process should exit with status 1.
var ErrExitWithoutShutdown = errors.New("exit without shutdown")

// New returns a server.
func New(opts Options) *Server {
	if opts.MaxMessageBytes <= 0 {
		opts.MaxMessageBytes = 64 << 20
	}
	l := opts.Log
	if l == nil {
		l = log.New(io.Discard, "", 0)
	}
	return &Server{opts: opts, log: l, enc: encUTF16, docs: map[string]*document{}}
}

// Serve reads messages from in and writes to out until exit or the end of
// in. It returns nil after shutdown and exit, ErrExitWithoutShutdown after an
// exit without shutdown, and an error when the stream breaks.
func (s *Server) Serve(ctx context.Context, in io.Reader, out io.Writer) error {
	s.out = &writer{w: out}
	s.sched = newScheduler(s)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go s.sched.loop(ctx)
	r := newReader(in, s.opts.MaxMessageBytes)
	for {
		body, err := r.read()
		if errors.Is(err, errTooLarge) {
			s.log.Printf("skipped a message: %v", err)
			s.notify("window/logMessage", map[string]any{"type": 1, "message": "erslint: skipped a message: " + err.Error()})
			continue
		}
		if err == io.EOF {
			s.mu.Lock()
			done := s.shutdown
			s.mu.Unlock()
			if done {
				return nil
			}
			return ErrExitWithoutShutdown
		}
		if err != nil {
			return err
		}
		var m message
		if err := json.Unmarshal(body, &m); err != nil || m.Method == "" && !m.isRequest() {
			s.reply(nil, nil, &rpcError{Code: codeParseError, Message: fmt.Sprintf("not a JSON-RPC message: %v", err)})
			continue
		}
		if m.Method == "exit" {
			s.mu.Lock()
			done := s.shutdown
			s.mu.Unlock()
			if done {
				return nil
			}
			return ErrExitWithoutShutdown
		}
		if m.Method == "" {
			continue // a response to a request the server sent
		}
		s.handle(ctx, &m)
	}
}

// handle answers one message; a panic answers the request with an internal
// error, and the server goes on.
func (s *Server) handle(ctx context.Context, m *message) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Printf("panic in %s: %v\n%s", m.Method, p, debug.Stack())
			if m.isRequest() {
				s.reply(m.ID, nil, &rpcError{Code: codeInternalError, Message: fmt.Sprintf("erslint: %s failed: %v", m.Method, p)})
			}
		}
	}()
	s.mu.Lock()
	initialized, shutdown := s.initialized, s.shutdown
	s.mu.Unlock()
	switch {
	case !initialized && m.Method != "initialize":
		if m.isRequest() {
			s.reply(m.ID, nil, &rpcError{Code: codeServerNotInitialized, Message: "the server is not initialized"})
		}
		return
	case shutdown && m.isRequest():
		s.reply(m.ID, nil, &rpcError{Code: codeInvalidRequest, Message: "the server is shutting down"})
		return
	}
	h, ok := handlers[m.Method]
	if !ok {
		// A notification the server does not know ($/progress, ...) is ignored.
		if m.isRequest() {
			s.reply(m.ID, nil, &rpcError{Code: codeMethodNotFound, Message: "method not found: " + m.Method})
		}
		return
	}
	result, err := h(s, ctx, m.Params)
	if !m.isRequest() {
		if err != nil {
			s.log.Printf("%s: %v", m.Method, err)
		}
		return
	}
	var rerr *rpcError
	if err != nil && !errors.As(err, &rerr) {
		rerr = &rpcError{Code: codeInternalError, Message: err.Error()}
	}
	s.reply(m.ID, result, rerr)
}

type handler func(s *Server, ctx context.Context, params json.RawMessage) (any, error)

var handlers map[string]handler

func init() {
	handlers = map[string]handler{
		"initialize":              (*Server).initialize,
		"initialized":             func(*Server, context.Context, json.RawMessage) (any, error) { return nil, nil },
		"shutdown":                (*Server).shutdownRequest,
		"textDocument/didOpen":    (*Server).didOpen,
		"textDocument/didChange":  (*Server).didChange,
		"textDocument/didSave":    (*Server).didSave,
		"textDocument/didClose":   (*Server).didClose,
		"textDocument/hover":      (*Server).hover,
		"textDocument/codeAction": (*Server).codeAction,
		"textDocument/completion": (*Server).completion,
		"workspace/didChangeWatchedFiles": func(s *Server, _ context.Context, _ json.RawMessage) (any, error) {
			s.sched.changed("", true)
			return nil, nil
		},
		"$/cancelRequest":                  func(*Server, context.Context, json.RawMessage) (any, error) { return nil, nil },
		"$/setTrace":                       func(*Server, context.Context, json.RawMessage) (any, error) { return nil, nil },
		"workspace/didChangeConfiguration": func(*Server, context.Context, json.RawMessage) (any, error) { return nil, nil },
	}
}

func (s *Server) reply(id json.RawMessage, result any, rerr *rpcError) {
	if id == nil {
		id = json.RawMessage("null")
	}
	m := map[string]any{"jsonrpc": "2.0", "id": id}
	if rerr != nil {
		m["error"] = rerr
	} else {
		m["result"] = result // null for a request with no result
	}
	if err := s.out.write(m); err != nil {
		s.log.Printf("write reply: %v", err)
	}
}

func (s *Server) notify(method string, params any) {
	if err := s.out.write(map[string]any{"jsonrpc": "2.0", "method": method, "params": params}); err != nil {
		s.log.Printf("write %s: %v", method, err)
	}
}

// decode reads params into v, or says why it cannot.
func decode(params json.RawMessage, v any) error {
	if len(params) == 0 {
		return &rpcError{Code: codeInvalidParams, Message: "missing params"}
	}
	if err := json.Unmarshal(params, v); err != nil {
		return &rpcError{Code: codeInvalidParams, Message: "invalid params: " + err.Error()}
	}
	return nil
}

func (s *Server) shutdownRequest(context.Context, json.RawMessage) (any, error) {
	s.mu.Lock()
	s.shutdown = true
	s.mu.Unlock()
	s.sched.stop()
	return nil, nil
}
