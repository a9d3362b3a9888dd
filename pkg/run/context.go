package run

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/erslint/erslint/pkg/config"
	"github.com/erslint/erslint/pkg/gitrepo"
	"github.com/erslint/erslint/pkg/lint"
)

// maxRevBytes bounds the manifests read from a revision, all together.
const maxRevBytes = 1 << 30

// AtRev lints the manifests under paths as they were at rev: the same
// files and directories, read from git, not from the work tree. With a
// context root (given files), the cross-manifest rules compare them with the
// manifests under it at rev, as they did now.
func (r *Run) AtRev(ctx context.Context, linter *lint.Linter, rev string, paths []string, contextDir string) (*lint.Report, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	top := gitrepo.TopLevel(ctx, ".")
	if top == "" {
		return nil, fmt.Errorf("--new-from-rev: %s is not in a git work tree (or git is not installed)", wd)
	}
	commit, err := gitrepo.Resolve(ctx, top, rev)
	if err != nil {
		return nil, fmt.Errorf("--new-from-rev: %w", err)
	}
	// git names files by their real path under the top level.
	realWD, err := filepath.EvalSymlinks(wd)
	if err != nil {
		return nil, err
	}
	inRepo := func(p string) (string, error) {
		abs, err := filepath.Abs(p)
		if err != nil {
			return "", err
		}
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			abs = real
		}
		rel, err := filepath.Rel(top, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return "", fmt.Errorf("--new-from-rev: %s is outside the git work tree %s", p, top)
		}
		return filepath.ToSlash(rel), nil
	}
	read := func(rels []string) ([]lint.Input, error) {
		if len(rels) == 0 {
			return nil, nil
		}
		files, err := gitrepo.Files(ctx, top, commit, rels, gitrepo.Limits{MaxFileBytes: r.Limits.WithDefaults().MaxFileBytes, MaxTotalBytes: maxRevBytes})
		if err != nil {
			return nil, fmt.Errorf("--new-from-rev %s: %w", rev, err)
		}
		var inputs []lint.Input
		for _, f := range files {
			name := f.Path
			if rel, err := filepath.Rel(realWD, filepath.Join(top, filepath.FromSlash(f.Path))); err == nil {
				name = filepath.ToSlash(rel)
			}
			inputs = append(inputs, lint.Input{Name: name, Data: f.Data, Err: f.Err})
		}
		return inputs, nil
	}
	var rels []string
	for _, p := range paths {
		if p == "-" {
			continue // standard input has no past
		}
		rel, err := inRepo(p)
		if err != nil {
			return nil, err
		}
		rels = append(rels, rel)
	}
	inputs, err := read(rels)
	if err != nil {
		return nil, err
	}
	var others []lint.Input
	if contextDir != "" {
		rel, err := inRepo(contextDir)
		if err != nil {
			return nil, err
		}
		if others, err = read([]string{rel}); err != nil {
			return nil, err
		}
		// Found by walking the context root, as now: the exclude globs
		// leave out at the revision what they leave out now.
		for i := range others {
			others[i].Walked = true
		}
		others, _ = r.exclude(others)
	}
	rep, err := linter.LintInContext(ctx, inputs, others)
	if err != nil {
		return nil, fmt.Errorf("--new-from-rev %s: %w", rev, err)
	}
	return rep, nil
}

// Context is the manifests the cross-manifest rules compare the inputs
// with, besides each other, when lint is given files rather than directories
// (pre-commit passes the changed files only): every manifest under the
// context root, which is --context, else the configuration file's directory,
// else the top level of the git work tree. --context none turns it off; with
// a directory among the paths, the paths are the scope, unless --context is
// given.
func (r *Run) Context(ctx context.Context, paths []string) ([]lint.Input, string, error) {
	dir, cfg := r.Settings.Context, r.Config
	if dir == "none" {
		return nil, "", nil
	}
	if dir == "" {
		var files []string
		for _, p := range paths {
			if p == "-" {
				continue
			}
			if info, err := os.Stat(p); err != nil || info.IsDir() {
				return nil, "", nil
			}
			files = append(files, p)
		}
		// Standard input alone has no place in a repository: it may be a copy
		// of a manifest there, which would then clash with itself. It gets
		// the context only when --context names it.
		if len(files) == 0 {
			return nil, "", nil
		}
		if dir = contextRoot(ctx, cfg, files); dir == "" {
			return nil, "", nil
		}
	} else if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return nil, "", fmt.Errorf("--context %s: not a directory", dir)
	}
	root := dir
	// Named relative to the working directory, as the inputs are, so that the
	// cross-manifest messages read the same way.
	if wd, err := os.Getwd(); err == nil {
		if abs, err := filepath.Abs(dir); err == nil {
			if rel, err := filepath.Rel(wd, abs); err == nil {
				dir = rel
			}
		}
	}
	others, err := lint.Collect([]string{dir}, nil)
	if errors.Is(err, lint.ErrNoManifests) {
		return nil, root, nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("--context: %w", err)
	}
	// What the exclude globs leave out of a walk is no manifest of the
	// repository: lint . would not compare with it, so neither does lint
	// a/org.yaml.
	others, _ = r.exclude(others)
	return others, root, nil
}

// contextRoot is the repository root of the files given: the configuration
// file's directory when it holds them all, else the top level of the git work
// tree of the first, when it holds them all; "" when there is none.
func contextRoot(ctx context.Context, cfg *config.Config, files []string) string {
	var reals []string
	for _, f := range files {
		real, err := realPath(f)
		if err != nil {
			return ""
		}
		reals = append(reals, real)
	}
	holdsAll := func(root string) bool {
		for _, r := range reals {
			if rel, err := filepath.Rel(root, r); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				return false
			}
		}
		return true
	}
	if cfg.File != "" {
		if root, err := realPath(filepath.Dir(cfg.File)); err == nil && holdsAll(root) {
			return root
		}
	}
	start := filepath.Dir(reals[0])
	if info, err := os.Stat(reals[0]); err == nil && info.IsDir() {
		start = reals[0]
	}
	if top := gitrepo.TopLevel(ctx, start); top != "" && holdsAll(top) {
		return top
	}
	return ""
}
