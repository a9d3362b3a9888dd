package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
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
func lintAtRev(ctx context.Context, linter *lint.Linter, rev string, paths []string, limits manifest.Limits, contextDir string) (*lint.Report, error) {
	repo, err := openRevFiles(ctx, "--new-from-rev")
	if err != nil {
		return nil, err
	}
	commit, err := gitrepo.Resolve(ctx, repo.top, rev)
	if err != nil {
		return nil, fmt.Errorf("--new-from-rev: %w", err)
	}
	inputs, others, err := repo.read(ctx, commit, paths, limits, contextDir, nil)
	if err != nil {
		return nil, fmt.Errorf("--new-from-rev %s: %w", rev, err)
	}
	rep, err := linter.LintInContext(ctx, inputs, others)
	if err != nil {
		return nil, fmt.Errorf("--new-from-rev %s: %w", rev, err)
	}
	return rep, nil
}

// revFiles reads the manifests of the git work tree holding the working
// directory as they were at a commit.
type revFiles struct {
	flag   string // the flag that asked, for messages
	top    string // the top level of the work tree
	realWD string // the working directory, symbolic links resolved
}

func openRevFiles(ctx context.Context, flag string) (*revFiles, error) {
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
	return &revFiles{flag: flag, top: top, realWD: realWD}, nil
}

// inRepo is a path of the command line, relative to the top level.
func (r *revFiles) inRepo(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	rel, err := filepath.Rel(r.top, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%s: %s is outside the git work tree %s", r.flag, p, r.top)
	}
	return filepath.ToSlash(rel), nil
}

// read reads the manifests under paths at commit, named as lint names them
// (relative to the working directory), each keyed by its blob id, and those
// under contextDir (when not empty) as the context files. An input that known
// says the linter has (lint.Blobs) is not read: it has only its name and key.
func (r *revFiles) read(ctx context.Context, commit string, paths []string, limits manifest.Limits, contextDir string,
	known func(lint.Input) bool) (inputs, others []lint.Input, err error) {
	lim := gitrepo.Limits{MaxFileBytes: limits.WithDefaults().MaxFileBytes, MaxTotalBytes: maxRevBytes}
	get := func(rels []string, known func(lint.Input) bool) ([]lint.Input, error) {
		if len(rels) == 0 {
			return nil, nil
		}
		files, err := gitrepo.List(ctx, r.top, commit, rels, lim)
		if err != nil {
			return nil, err
		}
		inputs := make([]lint.Input, len(files))
		var todo []gitrepo.File
		var at []int
		for i, f := range files {
			name := f.Path
			if rel, err := filepath.Rel(r.realWD, filepath.Join(r.top, filepath.FromSlash(f.Path))); err == nil {
				name = filepath.ToSlash(rel)
			}
			// A file found under a directory, not named, is walked: one
			// with no manifest in it is skipped, as lint's walk does.
			inputs[i] = lint.Input{Name: name, Key: f.ID, Walked: !slices.Contains(rels, f.Path)}
			if known == nil || !known(inputs[i]) {
				todo = append(todo, f)
				at = append(at, i)
			}
		}
		read, err := gitrepo.Read(ctx, r.top, todo, lim)
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
