package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/erslint/erslint/pkg/config"
	"github.com/erslint/erslint/pkg/gitrepo"
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
