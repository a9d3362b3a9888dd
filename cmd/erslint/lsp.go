package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/erslint/erslint/pkg/config"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/lsp"
	"github.com/spf13/cobra"
)

func newLSPCommand() *cobra.Command {
	var f settings
	var asOf string
	var evalTimeout time.Duration
	cmd := &cobra.Command{
		Use:   "lsp",
		Short: "Language server (LSP 3.17) on standard input and output: findings as you type",
		Long: `Language server (Language Server Protocol 3.17) on standard input and output.

For every open manifest it publishes the findings erslint lint reports for the
same text, configuration and assessment date (waived ones left out), after each
open, change and save; hover explains a key (from the schema) or a finding (as
erslint explain); quick fixes add the keys a rule's example has, or a waiver;
completion offers rule IDs in waivers and the values of enumerated fields.

The configuration is found from the workspace root as lint finds it from the
working directory. initializationOptions may set asOf (YYYY-MM-DD), config
(a file) and policies (directories). The cross-manifest rules compare a
document with the workspace's manifests and the other open documents.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if asOf != "" {
				if _, err := assessmentDate(asOf); err != nil {
					return err
				}
			}
			srv := lsp.New(lsp.Options{
				Setup:   lspSetup(f, asOf, evalTimeout),
				Log:     log.New(os.Stderr, "erslint lsp: ", 0),
				Version: erslintVersion(),
			})
			err := srv.Serve(cmd.Context(), os.Stdin, os.Stdout)
			if errors.Is(err, lsp.ErrExitWithoutShutdown) {
				return &exitError{code: 1} // LSP: exit without shutdown is status 1
			}
			return err
		},
	}
	fl := cmd.Flags()
	f.limits = addLimitFlags(fl)
	fl.StringVar(&asOf, "as-of", "", "assessment date for time rules, YYYY-MM-DD (default today, UTC; initializationOptions.asOf overrides it)")
	fl.DurationVar(&evalTimeout, "eval-timeout", 10*time.Second, "time limit for evaluating the rules on one document")
	f.addFlags(cmd)
	return cmd
}

// lspSetup builds the server's run once the client names its workspace.
func lspSetup(f settings, asOf string, evalTimeout time.Duration) lsp.Setup {
	return func(ctx context.Context, root string, opts lsp.InitOptions) (*lsp.Run, error) {
		date := asOf
		if opts.AsOf != "" {
			date = opts.AsOf
		}
		date, err := assessmentDate(date)
		if err != nil {
			return nil, err
		}
		s := f
		if opts.Config != "" {
			s.configPath = opts.Config
		}
		s.policyDirs = append(append([]string{}, s.policyDirs...), opts.Policies...)
		cfg := &config.Config{}
		path := s.configPath
		if path == "" {
			dir := root
			if dir == "" {
				dir = "."
			}
			if path, err = config.Find(dir); err != nil {
				return nil, err
			}
		}
		if path != "" {
			if cfg, err = config.LoadLimited(path, s.fileLimits()); err != nil {
				return nil, err
			}
		}
		extra, err := s.policies(cfg)
		if err != nil {
			return nil, err
		}
		linter, err := lint.New(ctx, lint.Options{AsOf: date, Jobs: 1, Policies: extra, EvalTimeout: evalTimeout,
			Rules: ruleSettings(cfg), Limits: s.fileLimits()})
		if err != nil {
			return nil, placeConfigError(cfg, err)
		}
		run := &lsp.Run{Linter: linter, AsOf: date, MaxFileBytes: s.fileLimits().WithDefaults().MaxFileBytes}
		if root != "" {
			run.Context = func() ([]lint.Input, error) { return workspaceManifests(root) }
		}
		return run, nil
	}
}

// workspaceManifests are the manifests under root, named relative to it.
func workspaceManifests(root string) ([]lint.Input, error) {
	if info, err := os.Stat(root); err != nil || !info.IsDir() {
		return nil, nil
	}
	inputs, err := lint.Collect([]string{root}, nil)
	if errors.Is(err, lint.ErrNoManifests) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", root, err)
	}
	for i := range inputs {
		if rel, err := filepath.Rel(root, inputs[i].Path); err == nil {
			inputs[i].Name = filepath.ToSlash(rel)
		}
	}
	return inputs, nil
}
