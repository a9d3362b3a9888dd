package main

import (
	"context"
	"errors"
	"log"
	"os"
	"path/filepath"

	"github.com/erslint/erslint/pkg/config"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/lsp"
	"github.com/erslint/erslint/pkg/run"
	"github.com/spf13/cobra"
)

func newLSPCommand() *cobra.Command {
	var f runFlags
	cmd := &cobra.Command{
		Use:   "lsp",
		Short: "Language server (LSP 3.17) on standard input and output: findings as you type",
		Long: `Language server (Language Server Protocol 3.17) on standard input and output.

For every open manifest it publishes the findings erslint lint reports for the
same text, configuration and assessment date (waived ones left out), after each
open, change and save; hover explains a key (from the schema) or a finding (as
erslint explain); quick fixes add the keys a rule's example has, or a waiver;
completion offers rule IDs in waivers and the values of enumerated fields.

The run is built as lint builds it, with the workspace root in place of the
working directory: the configuration file is the nearest .erslint.yaml from
the root, and the cross-manifest rules compare a document with the root's
manifests (less what the exclude globs leave out) and with the other open
documents, unsaved text included. initializationOptions may set asOf
(YYYY-MM-DD), config (a file) and policies (directories); they override the
flags.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// A bad date is the command line's (exit 2); a broken configuration
			// is the workspace's, shown on its documents once a client connects.
			if _, err := run.AssessmentDate(f.asOf, f.changed("as-of")); err != nil {
				return usageError{err}
			}
			srv := lsp.New(lsp.Options{
				Setup: lspSetup(&f),
				// A document's text, JSON-escaped, within --max-file-size:
				// larger messages are skipped unread.
				MaxMessageBytes: 2*f.fileLimits().WithDefaults().MaxFileBytes + 1<<20,
				Log:             log.New(os.Stderr, "erslint lsp: ", 0),
				Version:         erslintVersion(),
			})
			err := srv.Serve(cmd.Context(), os.Stdin, os.Stdout)
			if errors.Is(err, lsp.ErrExitWithoutShutdown) {
				return &exitError{code: 1} // LSP: exit without shutdown is status 1
			}
			return err
		},
	}
	f.addRunFlags(cmd, "one document")
	// The flags of reports and of walking named files mean nothing to a
	// server: accepted, as every command that lints accepts them, not shown.
	for _, name := range []string{"fail-level", "jobs", "force-exclude", "quiet", "color", "no-color"} {
		cmd.Flags().MarkHidden(name)
	}
	return cmd
}

// lspSetup builds the server's run once the client names its workspace:
// the run of lint (pkg/run), from the flags, the client's options and the root.
func lspSetup(f *runFlags) lsp.Setup {
	return func(ctx context.Context, root string, opts lsp.InitOptions) (*lsp.Run, error) {
		s := run.Settings{ConfigPath: f.configPath, PolicyDirs: append(append([]string{}, f.policyDirs...), opts.Policies...),
			Limits: f.fileLimits(), AsOf: f.asOf, AsOfGiven: f.changed("as-of"), Jobs: 1, EvalTimeout: f.evalTimeout,
			Exclude: f.exclude, Context: f.contextDir}
		if opts.AsOf != "" {
			s.AsOf, s.AsOfGiven = opts.AsOf, true
		}
		if opts.Config != "" {
			s.ConfigPath = opts.Config
		}
		if s.ConfigPath == "" && root != "" {
			found, err := config.Find(root)
			if err != nil {
				return nil, err
			}
			s.ConfigPath = found // "": none from the root; then the working directory's, as lint
		}
		if s.Context == "" {
			s.Context = root
			if root == "" {
				s.Context = "none"
			}
		}
		r, err := run.New(s)
		if err != nil {
			return nil, err
		}
		linter, err := r.Linter(ctx, r.LinterOptions(nil))
		if err != nil {
			return nil, err
		}
		return &lsp.Run{Linter: linter, AsOf: r.AsOf, MaxFileBytes: r.Limits.WithDefaults().MaxFileBytes,
			Context: func() ([]lint.Input, error) { return workspaceManifests(ctx, r, s.Context) }}, nil
	}
}

// workspaceManifests are the manifests under the context root, named
// relative to it as the open documents are.
func workspaceManifests(ctx context.Context, r *run.Run, root string) ([]lint.Input, error) {
	if root == "none" {
		return nil, nil
	}
	if info, err := os.Stat(root); err != nil || !info.IsDir() {
		return nil, nil // a workspace that is gone: nothing to compare with
	}
	inputs, _, err := r.Context(ctx, nil)
	if err != nil {
		return nil, err
	}
	for i := range inputs {
		if abs, err := filepath.Abs(inputs[i].Path); err == nil && inputs[i].Path != "" {
			if rel, err := filepath.Rel(root, abs); err == nil {
				inputs[i].Name = filepath.ToSlash(rel)
			}
		}
	}
	return inputs, nil
}
