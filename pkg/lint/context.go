package lint

import (
	"context"
	"os"
	"path/filepath"
	"sync"

	"github.com/erslint/erslint/pkg/manifest"
)

// LintInContext is Lint, with the other manifests of the repository as
// context: the cross-manifest rules (ERS-REPO-*) compare the inputs with them
// too, but only the inputs are reported on. This is how a run on a few files
// (pre-commit passes only the changed ones) still finds a manifest that
// clashes with one it was not given.
//
// A context file is only parsed, for the fields those rules compare; one
// that cannot be read or parsed is left out, as it is not reported on. A
// context file that is also an input (the same file on disk) is the input.
func (l *Linter) LintInContext(ctx context.Context, inputs, others []Input) (*Report, error) {
	return l.lint(ctx, inputs, others)
}

// contextDocs reads the documents of the context files that are not inputs.
func (l *Linter) contextDocs(ctx context.Context, inputs, others []Input, run *cacheRun) []*docState {
	given := map[fileKey]bool{}
	names := map[string]bool{}
	for _, in := range inputs {
		if k, ok := keyOfFile(in.Path, in.info); ok {
			given[k] = true
		}
		names[in.Name] = true
	}
	var todo []Input
	for _, in := range others {
		switch {
		case in.Err != nil:
			continue
		case in.Path == "": // content given (a file at a git revision): by name
			if names[in.Name] {
				continue
			}
		default:
			if k, ok := keyOfFile(in.Path, in.info); !ok || given[k] {
				continue
			}
		}
		todo = append(todo, in)
	}
	results := make([][]*docState, len(todo))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(l.opts.Jobs, len(todo)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = l.contextInput(todo[i], run)
			}
		}()
	}
	for i := range todo {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	var docs []*docState
	for _, r := range results {
		docs = append(docs, r...)
	}
	return docs
}

// contextFile parses one context file for the keys of its documents.
func (l *Linter) contextFile(in Input) []*docState {
	if in.Reader != nil || in.Path == "" && int64(len(in.Data)) > l.opts.Limits.MaxFileBytes {
		return nil
	}
	src, err := l.read(in)
	if err != nil {
		return nil
	}
	f := manifest.Parse(in.Name, src, l.opts.Limits)
	if _, ok := manifest.IsReport(f, src); ok || !manifest.LooksLikeManifest(f, src) {
		return nil // left out as a walk of the repository leaves it out
	}
	var docs []*docState
	for _, doc := range f.Documents {
		if doc.Root == nil {
			continue
		}
		k := keyOf(doc)
		if !k.hasName && !k.hasODS {
			continue
		}
		docs = append(docs, &docState{file: doc.File, index: doc.Index, stage: doc.Stage(), checked: true, key: k, context: true})
	}
	return docs
}

// fileKey identifies a file on disk: by device and inode where the system
// has them, else by absolute path.
type fileKey struct {
	id  dirID
	abs string
}

func keyOfFile(path string, info os.FileInfo) (fileKey, bool) {
	if path == "" {
		return fileKey{}, false
	}
	var err error
	if info == nil {
		info, err = os.Stat(path)
	}
	if err == nil {
		if id, ok := dirKey(info); ok {
			return fileKey{id: id}, true
		}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fileKey{}, false
	}
	return fileKey{abs: abs}, true
}

// LintPlannedInContext is LintPlanned (plan.go) with the context files of
// LintInContext.
func (l *Linter) LintPlannedInContext(ctx context.Context, inputs, others []Input, plan Plan) (*Report, error) {
	return l.planned(plan).lint(ctx, inputs, others)
}

// Context is context files read once (ReadContext), for a caller that lints
// again and again against the same files: a language server, at every edit
// of an open document, against the workspace's manifests on disk.
type Context struct {
	docs  []*docState
	paths []string // each document's Input.Path
}

// ReadContext reads the keys of the documents of the context files, as
// LintInContext reads its others.
func (l *Linter) ReadContext(ctx context.Context, others []Input) *Context {
	c := &Context{}
	for _, in := range others {
		if ctx.Err() != nil {
			break
		}
		if in.Err != nil {
			continue
		}
		for _, d := range l.contextFile(in) {
			c.docs = append(c.docs, d)
			c.paths = append(c.paths, in.Path)
		}
	}
	return c
}

// LintWithContext is LintInContext with context files read before: the
// documents of c, less those of the files whose Input.Path skip reports (the
// caller's inputs in another form, such as a file open in an editor with
// unsaved changes), and others, read now.
func (l *Linter) LintWithContext(ctx context.Context, inputs []Input, c *Context, skip func(path string) bool, others []Input) (*Report, error) {
	read := &readContext{}
	if c != nil {
		for i, d := range c.docs {
			if skip == nil || !skip(c.paths[i]) {
				read.docs = append(read.docs, d)
			}
		}
	}
	with := *l
	with.prior = read
	return with.lint(ctx, inputs, others)
}

// readContext is the documents of a Context a run compares with.
type readContext struct{ docs []*docState }

// copies are fresh copies of the documents, for one run to add its
// cross-manifest findings to: the Context stays as read, safe for other runs.
func (r *readContext) copies() []*docState {
	if r == nil {
		return nil
	}
	out := make([]*docState, len(r.docs))
	for i, d := range r.docs {
		cp := *d
		out[i] = &cp
	}
	return out
}
