package main

import (
	"fmt"
	"io"

	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/policy"
	"github.com/spf13/cobra"
)

func newTestCommand() *cobra.Command {
	var s settings
	var verbose bool
	cmd := &cobra.Command{
		Use:   "test [DIR...]",
		Short: "Run the Rego unit tests (_test.rego) of custom policies",
		Long: `Run the test_ rules of custom policy directories, with erslint's built-in
helpers (data.erslint.lib) available, as they are when linting. Without DIR, the
directories of the configuration file's policies are tested.`,
		RunE: func(cmd *cobra.Command, dirs []string) error {
			if len(dirs) == 0 {
				cfg, err := s.load()
				if err != nil {
					return err
				}
				dirs = cfg.Policies
			}
			if len(dirs) == 0 {
				return usageError{fmt.Errorf("no policy directory given, and no policies in the configuration file")}
			}
			sources, err := lint.BuiltinSources()
			if err != nil {
				return err
			}
			var tests int
			var all []policy.Source
			for _, src := range sources {
				if !src.IsTest() { // the built-in tests are erslint's own, not the user's
					all = append(all, src)
				}
			}
			for _, dir := range dirs {
				custom, err := policy.FromDir(dir)
				if err != nil {
					return err
				}
				for _, src := range custom {
					if src.IsTest() {
						tests++
					}
				}
				all = append(all, custom...)
			}
			if tests == 0 {
				return fmt.Errorf("no _test.rego files in %v", dirs)
			}
			rep, err := policy.RunTests(cmd.Context(), all, false)
			if err != nil {
				return err
			}
			writeTestReport(cmd.OutOrStdout(), rep, verbose)
			if rep.Failed() > 0 {
				return &exitError{code: 1}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&s.configPath, "config", "", "configuration file whose policies are tested when no DIR is given")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list passing tests too")
	return cmd
}

func writeTestReport(w io.Writer, rep *policy.TestReport, verbose bool) {
	for _, r := range rep.Results {
		switch {
		case r.Skipped:
			if verbose {
				fmt.Fprintf(w, "SKIP %s:%d %s\n", r.File, r.Line, r.Name)
			}
		case !r.Passed:
			fmt.Fprintf(w, "FAIL %s:%d %s: %s\n", r.File, r.Line, r.Name, r.Message)
		case verbose:
			fmt.Fprintf(w, "PASS %s:%d %s (%s)\n", r.File, r.Line, r.Name, r.Duration.Round(1000))
		}
	}
	fmt.Fprintf(w, "%d passed, %d failed\n", rep.Passed(), rep.Failed())
}
