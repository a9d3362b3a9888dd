package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/erslint/erslint/pkg/config"
	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/manifest"
	"github.com/erslint/erslint/pkg/report"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

type lintFlags struct {
	settings
	format      string
	output      string
	asOf        string
	failLevel   string
	jobs        int
	noColor     bool
	evalTimeout time.Duration
	limits      *manifest.Limits
}

func newLintCommand() *cobra.Command {
	var f lintFlags
	cmd := &cobra.Command{
		Use:   "lint [PATH...]",
		Short: "Check manifests: files, directories (walked for *.yaml, *.yml), or - for stdin",
		Example: `  erslint lint examples/
  erslint lint --format sarif --output erslint.sarif manifests/
  cat org.yaml | erslint lint -`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"."}
			}
			cfg, err := f.load()
			if err != nil {
				return err
			}
			// Flags override the configuration file, which overrides the defaults.
			if cfg.FailLevel != "" && !cmd.Flags().Changed("fail-level") {
				f.failLevel = cfg.FailLevel
			}
			if cfg.Format != "" && !cmd.Flags().Changed("format") {
				f.format = cfg.Format
			}
			return runLint(cmd.Context(), f, cfg, args)
		},
	}
	fl := cmd.Flags()
	f.limits = addLimitFlags(fl)
	fl.StringVar(&f.format, "format", "text", "report format: "+joinNames(report.Names()))
	fl.StringVarP(&f.output, "output", "o", "", "write the report to this file instead of standard output")
	fl.StringVar(&f.asOf, "as-of", "", "assessment date for time rules, YYYY-MM-DD (default today, UTC)")
	fl.StringVar(&f.failLevel, "fail-level", "error", "exit 1 when a finding is at or above: error, warning, info or none")
	fl.IntVar(&f.jobs, "jobs", 0, "files linted at once (default: number of CPUs)")
	fl.BoolVar(&f.noColor, "no-color", false, "never colour the text report (NO_COLOR is honoured too)")
	fl.DurationVar(&f.evalTimeout, "eval-timeout", 10*time.Second, "time limit for evaluating the rules on one document")
	f.addFlags(cmd)
	return cmd
}

func runLint(ctx context.Context, f lintFlags, cfg *config.Config, args []string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	failLevel, err := finding.ParseFailLevel(f.failLevel)
	if err != nil {
		return usageError{fmt.Errorf("--fail-level: %w", err)}
	}
	asOf := f.asOf
	if asOf == "" {
		asOf = time.Now().UTC().Format(time.DateOnly)
	} else if _, err := time.Parse(time.DateOnly, asOf); err != nil {
		return usageError{fmt.Errorf("--as-of %q: want a date YYYY-MM-DD", asOf)}
	}
	writer, err := report.New(f.format, report.Options{Version: erslintVersion(), Color: useColor(f), StepSummary: os.Getenv("GITHUB_STEP_SUMMARY"),
		Root: reportRoot(ctx, cfg), FailLevel: failLevel, SourceURL: githubSourceURL()})
	if err != nil {
		return usageError{fmt.Errorf("--format: %w", err)}
	}
	extra, err := f.policies(cfg)
	if err != nil {
		return err
	}
	inputs, err := lint.Collect(args, os.Stdin)
	if err != nil {
		return err
	}
	tuneGC(len(inputs))
	linter, err := lint.New(ctx, lint.Options{AsOf: asOf, Jobs: f.jobs, Policies: extra, EvalTimeout: f.evalTimeout,
		Rules: ruleSettings(cfg), Limits: *f.limits})
	if err != nil {
		return placeConfigError(cfg, err)
	}
	rep, err := linter.Lint(ctx, inputs)
	if err != nil {
		return err
	}
	// The report is written as it is encoded, not built in memory first: for a
	// large run it is as big as every finding kept.
	write := func(w io.Writer) error { return writer.Write(w, rep) }
	if f.output != "" {
		err = writeFileWith(f.output, write)
	} else {
		bw := bufio.NewWriter(os.Stdout)
		if err = write(bw); err == nil {
			err = bw.Flush()
		}
	}
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if rep.Fails(failLevel) {
		return &exitError{code: 1}
	}
	return nil
}

// useColor colours text only for a terminal, and never with --no-color or NO_COLOR.
func useColor(f lintFlags) bool {
	if f.noColor || f.output != "" || os.Getenv("NO_COLOR") != "" {
		return false
	}
	return term.IsTerminal(int(os.Stdout.Fd()))
}

func joinNames(names []string) string {
	out := ""
	for i, n := range names {
		if i > 0 {
			out += "|"
		}
		out += n
	}
	return out
}
