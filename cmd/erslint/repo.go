package main

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
	"github.com/erslint/erslint/pkg/manifest"
)

// reportRoot is the repository root that SARIF's artifact URIs are relative to:
// the top level of the git work tree (where code scanning looks for the files),
// else the configuration file's directory, else the working directory.
func reportRoot(ctx context.Context, cfg *config.Config) string {
	if top := gitrepo.TopLevel(ctx, "."); top != "" {
		return top
	}
	if cfg.File != "" {
		if abs, err := filepath.Abs(filepath.Dir(cfg.File)); err == nil {
			return abs
		}
	}
	wd, _ := os.Getwd()
	return wd
}

// githubSourceURL is where a file of this run is on GitHub, when erslint runs
// in GitHub Actions: <server>/<owner>/<repo>/blob/<commit>; "" elsewhere.
func githubSourceURL() string {
	if os.Getenv("GITHUB_ACTIONS") != "true" {
		return ""
	}
	server, repo, sha := os.Getenv("GITHUB_SERVER_URL"), os.Getenv("GITHUB_REPOSITORY"), os.Getenv("GITHUB_SHA")
	if server == "" || repo == "" || sha == "" || strings.ContainsAny(repo+sha, " \t\n?#") {
		return ""
	}
	return strings.TrimSuffix(server, "/") + "/" + repo + "/blob/" + sha
}

// maxRevBytes bounds the manifests read from a revision, all together.
const maxRevBytes = 1 << 30

// lintAtRev lints the manifests under paths as they were at rev: the same
// files and directories, read from git, not from the work tree. With a
// context root (given files), the cross-manifest rules compare them with the
// manifests under it at rev, as they did now.
func lintAtRev(ctx context.Context, linter *lint.Linter, rev string, paths []string, limits manifest.Limits, contextDir string, exclude []lint.Exclude) (*lint.Report, error) {
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
		files, err := gitrepo.Files(ctx, top, commit, rels, gitrepo.Limits{MaxFileBytes: limits.WithDefaults().MaxFileBytes, MaxTotalBytes: maxRevBytes})
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
		for i := range others {
			others[i].Walked = true // found by walking the context root, as now
		}
		others = excludeContext(exclude, others)
	}
	rep, err := linter.LintInContext(ctx, inputs, others)
	if err != nil {
		return nil, fmt.Errorf("--new-from-rev %s: %w", rev, err)
	}
	return rep, nil
}

// contextFiles are the manifests the cross-manifest rules compare the inputs
// with, besides each other, when lint is given files rather than directories
// (pre-commit passes the changed files only): every manifest under the
// context root, which is --context, else the configuration file's directory,
// else the top level of the git work tree. --context none turns it off; with
// a directory among the paths, the paths are the scope, unless --context is
// given.
func contextFiles(ctx context.Context, dir string, cfg *config.Config, paths []string) ([]lint.Input, string, error) {
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
		return nil, "", usageError{fmt.Errorf("--context %s: not a directory", dir)}
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
	return others, root, nil
}

// excludeContext leaves out the context files that the exclude globs match, as
// a walk of the repository leaves them out: a file that `lint .` excludes must
// not decide the verdict of `lint a/org.yaml` (pre-commit) either.
func excludeContext(sets []lint.Exclude, others []lint.Input) []lint.Input {
	for _, e := range sets {
		others, _ = e.Filter(others)
	}
	return others
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
