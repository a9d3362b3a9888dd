package lsp

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/lint"
)

// Diagnostic is LSP's, for one finding.
type Diagnostic struct {
	Range    Range          `json:"range"`
	Severity int            `json:"severity"`
	Code     string         `json:"code,omitempty"`
	Source   string         `json:"source"`
	Message  string         `json:"message"`
	Data     *diagnosticRef `json:"data,omitempty"`
}

// diagnosticRef says which finding a diagnostic is, for code actions.
type diagnosticRef struct {
	Document int    `json:"document"`
	Path     string `json:"path,omitempty"`
}

// published is what the server last published for a document: the findings
// behind its diagnostics, for hover and code actions.
type published struct {
	version  int
	text     string
	findings []finding.Finding
	diags    []Diagnostic
}

// lspSeverity is §9's mapping: 1 error, 2 warning, 3 info.
func lspSeverity(s finding.Severity) int {
	switch s {
	case finding.Error:
		return 1
	case finding.Warning:
		return 2
	}
	return 3
}

// scheduler evaluates the open documents one at a time, newest edit first.
// An edit cancels the evaluation running (its text, or the other documents
// it compares with, are stale) and marks every open document to be evaluated
// again; nothing waits for more edits, and the latest version of each is
// always the one published.
type scheduler struct {
	s      *Server
	mu     sync.Mutex
	dirty  map[string]bool
	first  string             // the document edited last: evaluated first
	cancel context.CancelFunc // of the evaluation running
	wake   chan struct{}
	done   chan struct{}
	once   sync.Once
	last   map[string]*published
	ctx    *lint.Context     // the workspace's manifests on disk, as last read
	ctxAbs map[string]string // their paths (Input.Path) to their real paths, to leave out the open ones
	ctxOK  bool              // false: read them again before the next evaluation
}

func newScheduler(s *Server) *scheduler {
	return &scheduler{s: s, dirty: map[string]bool{}, wake: make(chan struct{}, 1), done: make(chan struct{}),
		last: map[string]*published{}}
}

// changed marks uri and every other open document for evaluation, and
// cancels the evaluation running. disk says the workspace's files may have
// changed (a save, a file event): they are read again, once, before the next
// evaluation; an edit in the editor does not read them.
func (q *scheduler) changed(uri string, disk bool) {
	q.s.mu.Lock()
	uris := make([]string, 0, len(q.s.docs))
	for u := range q.s.docs {
		uris = append(uris, u)
	}
	q.s.mu.Unlock()
	q.mu.Lock()
	for _, u := range uris {
		q.dirty[u] = true
	}
	if uri != "" {
		q.first = uri
	}
	if disk {
		q.ctxOK = false
	}
	if q.cancel != nil {
		q.cancel()
	}
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// closed forgets a document and clears its diagnostics.
func (q *scheduler) closed(uri string) {
	q.s.mu.Lock()
	delete(q.s.docs, uri)
	q.s.mu.Unlock()
	q.mu.Lock()
	delete(q.dirty, uri)
	delete(q.last, uri)
	q.s.notify("textDocument/publishDiagnostics", map[string]any{"uri": uri, "diagnostics": []Diagnostic{}})
	q.mu.Unlock()
	q.changed("", true) // the others compare with its file on disk again, not its unsaved text
}

func (q *scheduler) stop() { q.once.Do(func() { close(q.done) }) }

// lastFor returns what was last published for uri, nil when nothing.
func (q *scheduler) lastFor(uri string) *published {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.last[uri]
}

func (q *scheduler) loop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-q.done:
			return
		case <-q.wake:
		}
		for q.next(ctx) {
		}
	}
}

// next evaluates one dirty document and publishes its diagnostics; false
// when none is dirty.
func (q *scheduler) next(parent context.Context) bool {
	s := q.s
	q.mu.Lock()
	uri := ""
	if q.dirty[q.first] {
		uri = q.first
	} else if len(q.dirty) > 0 {
		keys := make([]string, 0, len(q.dirty))
		for k := range q.dirty {
			keys = append(keys, k)
		}
		uri = slices.Min(keys)
	}
	if uri == "" {
		q.mu.Unlock()
		return false
	}
	delete(q.dirty, uri)
	s.mu.Lock()
	d := s.docs[uri]
	var open []*document
	for _, o := range s.docs {
		if o.uri != uri {
			open = append(open, o)
		}
	}
	run, runErr, enc := s.run, s.runErr, s.enc
	s.mu.Unlock()
	if d == nil {
		q.mu.Unlock()
		return true
	}
	ctx, cancel := context.WithCancel(parent)
	q.cancel = cancel
	q.mu.Unlock()

	fs, err := q.safeEvaluate(ctx, run, runErr, d, open)
	cancelled := ctx.Err() != nil
	cancel()

	q.mu.Lock()
	defer q.mu.Unlock()
	q.cancel = nil
	if cancelled {
		q.dirty[uri] = true // cancelled: evaluated again with what is new
		return true
	}
	s.mu.Lock()
	current := s.docs[uri]
	s.mu.Unlock()
	if current != d || q.dirty[uri] {
		return true // stale: the newer version is on its way
	}
	p := &published{version: d.version, text: d.text, findings: fs, diags: make([]Diagnostic, 0, len(fs))}
	for _, f := range fs {
		p.diags = append(p.diags, diagnosticOf(d.text, f, enc))
	}
	if err != nil {
		p.diags = append(p.diags, Diagnostic{Severity: 1, Source: "erslint", Message: err.Error()})
	}
	q.last[uri] = p
	// Published while holding the lock, so that a close cannot come between.
	s.notify("textDocument/publishDiagnostics", map[string]any{"uri": uri, "version": d.version, "diagnostics": p.diags})
	return true
}

// diagnosticOf places a finding in the text: its line and column as erslint
// counts them, in the negotiated encoding, to the end of the token there.
func diagnosticOf(text string, f finding.Finding, enc string) Diagnostic {
	start := lintOffset(text, f.Line, f.Column)
	end := max(tokenEnd(text, start), start)
	return Diagnostic{
		Range:    Range{Start: positionOf(text, start, enc), End: positionOf(text, end, enc)},
		Severity: lspSeverity(f.Severity),
		Code:     f.RuleID,
		Source:   "erslint",
		Message:  f.Message,
		Data:     &diagnosticRef{Document: f.Document, Path: f.Path.String()},
	}
}

// safeEvaluate is evaluate, with a panic (a bug met by some input) turned
// into an error shown on the document: the server lives on.
func (q *scheduler) safeEvaluate(ctx context.Context, run *Run, runErr error, d *document, open []*document) (fs []finding.Finding, err error) {
	defer func() {
		if p := recover(); p != nil {
			q.s.log.Printf("panic evaluating %s: %v\n%s", d.uri, p, debug.Stack())
			fs, err = nil, fmt.Errorf("erslint failed on this document (please report it): %v", p)
		}
	}()
	return q.evaluate(ctx, run, runErr, d, open)
}

// evaluate lints one open document as `erslint lint` would, with the
// workspace's manifests and the other open documents (their unsaved text) as
// context for the cross-manifest rules. It returns the unwaived findings, or
// an error that the document cannot be linted (shown as a diagnostic).
func (q *scheduler) evaluate(ctx context.Context, run *Run, runErr error, d *document, open []*document) ([]finding.Finding, error) {
	if runErr != nil {
		return nil, fmt.Errorf("erslint cannot lint: %w", runErr)
	}
	if run == nil {
		return nil, errors.New("erslint cannot lint: the server was not set up")
	}
	if strings.TrimSpace(d.text) == "" {
		return nil, nil // a new file: not a manifest yet
	}
	disk, skip, err := q.context(ctx, run, d, open)
	if err != nil {
		return nil, err
	}
	var others []lint.Input
	for _, o := range open {
		if run.MaxFileBytes <= 0 || int64(len(o.text)) <= run.MaxFileBytes {
			others = append(others, lint.Input{Name: o.name, Data: []byte(o.text)})
		}
	}
	// Walked: a YAML document that is not a manifest is skipped, as lint
	// skips it in a directory, and gets an empty list.
	in := lint.Input{Name: d.name, Data: []byte(d.text), Walked: true}
	rep, err := run.Linter.LintWithContext(ctx, []lint.Input{in}, disk, skip, others)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("erslint could not lint this document: %w", err)
	}
	var out []finding.Finding
	for _, f := range rep.Findings {
		if f.File == d.name && !f.Suppressed() {
			out = append(out, f)
		}
	}
	return out, nil
}

// context is what the cross-manifest rules compare an open document with,
// besides the other open documents: the workspace's manifests on disk (read
// once until a save or a file event), less the files open in the editor,
// whose text there is compared instead.
func (q *scheduler) context(ctx context.Context, run *Run, d *document, open []*document) (*lint.Context, func(string) bool, error) {
	q.mu.Lock()
	if !q.ctxOK && run.Context != nil {
		files, err := run.Context()
		if err != nil {
			q.mu.Unlock()
			return nil, nil, fmt.Errorf("the workspace's manifests: %w", err)
		}
		q.ctxAbs = make(map[string]string, len(files))
		for _, in := range files {
			if in.Path != "" {
				q.ctxAbs[in.Path] = cleanAbs(in.Path)
			}
		}
		q.ctx, q.ctxOK = run.Linter.ReadContext(ctx, files), ctx.Err() == nil
	}
	disk, abs := q.ctx, q.ctxAbs
	q.mu.Unlock()
	editing := map[string]bool{}
	for _, o := range append(open, d) {
		if o.path != "" {
			editing[cleanAbs(o.path)] = true
		}
	}
	return disk, func(path string) bool { return editing[abs[path]] }, nil
}

func cleanAbs(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	if real, err := filepath.EvalSymlinks(p); err == nil {
		p = real
	}
	return p
}
