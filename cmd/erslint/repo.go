package main

import (
	"context"
	"os"
	"path/filepath"

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
