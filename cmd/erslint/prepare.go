package main

import (
	"bytes"
	"context"
	"io"
	"os"

	"github.com/erslint/erslint/pkg/cache"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/run"
)

// prepared is what a linting command has before it lints.
type prepared struct {
	inputs, others []lint.Input
	contextDir     string
	linter         *lint.Linter
	cache          *cache.Cache // nil: none
	gc             *gcTuner
}

// cacheOpener opens the cache for a run that lints roots (directories), or
// says on w why it goes on without one.
type cacheOpener func(roots []string, w io.Writer) (*cache.Cache, lint.BlobIDs, error)

// prepare collects the run's inputs and context files, opens the cache (with
// openCache, when not nil) and compiles the rules into a Linter of opts
// (r.LinterOptions, and the command's own), side by side: each is
// independent of the others, and on a warm run the walk of the files, git's
// index and the compilation are most of its time. checkInputs is given the
// inputs, or the error collecting them, as soon as the walk is done.
//
// It fails as a run done one step after another would: first with what
// checkInputs says, then the context's, the cache's and the rules' errors;
// what the cache would say is said only when the inputs are fine.
func prepare(ctx context.Context, r *run.Run, args []string, opts lint.Options,
	checkInputs func([]lint.Input, error) error, openCache cacheOpener) (*prepared, error) {
	p := &prepared{gc: tuneGC()}
	var inputsErr error
	walked := make(chan struct{})
	go func() {
		defer close(walked)
		p.inputs, inputsErr = r.Inputs(args, os.Stdin)
		inputsErr = checkInputs(p.inputs, inputsErr)
	}()
	type built struct {
		l   *lint.Linter
		err error
	}
	compiled := make(chan built, 1)
	go func() {
		l, err := r.Linter(ctx, opts)
		compiled <- built{l, err}
	}()
	var said bytes.Buffer
	var blobs lint.BlobIDs
	others, contextDir, err := r.Context(ctx, args)
	if err == nil && openCache != nil {
		p.cache, blobs, err = openCache(lintedDirs(args, contextDir), &said)
	}
	<-walked
	b := <-compiled
	if inputsErr == nil {
		os.Stderr.Write(said.Bytes())
	}
	for _, e := range []error{inputsErr, err, b.err} {
		if e != nil {
			if p.cache != nil {
				p.cache.Close()
			}
			return nil, e
		}
	}
	p.others, p.contextDir, p.linter = others, contextDir, b.l
	p.linter.UseCache(p.cache, blobs)
	p.gc.expect(len(p.inputs))
	return p, nil
}
