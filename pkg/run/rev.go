package run

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/erslint/erslint/pkg/gitrepo"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/manifest"
)

// maxRevBytes bounds the manifests read from a revision, all together.
const maxRevBytes = 1 << 30

// Rev reads the manifests of the git work tree holding the working directory
// as they were at a commit (--new-from-rev, erslint history): no checkout, the
// work tree is not touched.
type Rev struct {
	Top    string // the top level of the work tree
	flag   string // the flag or command that asked, for messages
	realWD string // the working directory, symbolic links resolved
	limits manifest.Limits
}

// OpenRev finds the work tree; flag names what asked, in messages.
func OpenRev(ctx context.Context, flag string, limits manifest.Limits) (*Rev, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	top := gitrepo.TopLevel(ctx, ".")
	if top == "" {
		return nil, fmt.Errorf("%s: %s is not in a git work tree (or git is not installed)", flag, wd)
	}
	// git names files by their real path under the top level.
	realWD, err := filepath.EvalSymlinks(wd)
	if err != nil {
		return nil, err
	}
	return &Rev{Top: top, flag: flag, realWD: realWD, limits: limits}, nil
}

// inRepo is a path of the command line, relative to the top level.
func (r *Rev) inRepo(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	rel, err := filepath.Rel(r.Top, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%s: %s is outside the git work tree %s", r.flag, p, r.Top)
	}
	return filepath.ToSlash(rel), nil
}

// Read reads the manifests under paths at commit, named as lint names them
// (relative to the working directory), each keyed by its blob id, and those
// under contextDir (when not empty) as the context files. A file found under
// a directory is walked, as lint's walk finds it (one with no manifest is
// skipped). An input that known says the Linter has (lint.Blobs) is not read:
// it has only its name and key.
func (r *Rev) Read(ctx context.Context, commit string, paths []string, contextDir string,
	known func(lint.Input) bool) (inputs, others []lint.Input, err error) {
	lim := gitrepo.Limits{MaxFileBytes: r.limits.WithDefaults().MaxFileBytes, MaxTotalBytes: maxRevBytes}
	get := func(rels []string, known func(lint.Input) bool) ([]lint.Input, error) {
		if len(rels) == 0 {
			return nil, nil
		}
		files, err := gitrepo.List(ctx, r.Top, commit, rels, lim)
		if err != nil {
			return nil, err
		}
		inputs := make([]lint.Input, len(files))
		var todo []gitrepo.File
		var at []int
		for i, f := range files {
			name := f.Path
			if rel, err := filepath.Rel(r.realWD, filepath.Join(r.Top, filepath.FromSlash(f.Path))); err == nil {
				name = filepath.ToSlash(rel)
			}
			inputs[i] = lint.Input{Name: name, Key: f.ID, Walked: !slices.Contains(rels, f.Path)}
			if known == nil || !known(inputs[i]) {
				todo = append(todo, f)
				at = append(at, i)
			}
		}
		read, err := gitrepo.Read(ctx, r.Top, todo, lim)
		if err != nil {
			return nil, err
		}
		for j, f := range read {
			inputs[at[j]].Data, inputs[at[j]].Err = f.Data, f.Err
		}
		return inputs, nil
	}
	var rels []string
	for _, p := range paths {
		if p == "-" {
			continue // standard input has no past
		}
		rel, err := r.inRepo(p)
		if err != nil {
			return nil, nil, err
		}
		rels = append(rels, rel)
	}
	if inputs, err = get(rels, known); err != nil {
		return nil, nil, err
	}
	if contextDir != "" {
		rel, err := r.inRepo(contextDir)
		if err != nil {
			return nil, nil, err
		}
		if others, err = get([]string{rel}, nil); err != nil {
			return nil, nil, err
		}
	}
	return inputs, others, nil
}

// Exclude leaves out the walked files that the run's exclude globs match.
func (r *Run) Exclude(inputs []lint.Input) []lint.Input {
	kept, _ := r.exclude(inputs)
	return kept
}
