package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/erslint/erslint/pkg/cache"
	"github.com/erslint/erslint/pkg/forecast"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/report"
	"github.com/erslint/erslint/pkg/run"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// maxDays bounds the look-ahead: ten years of days.
const maxDays = 3660

type forecastFlags struct {
	runFlags
	format string // one report: lint's --format is repeatable, forecast's is not
	output string
	days   int
	until  string
	cache  cacheFlags
}

func newForecastCommand() *cobra.Command {
	var f forecastFlags
	cmd := &cobra.Command{
		Use:   "forecast [PATH...]",
		Short: "Look ahead: the days on which findings appear or clear, and each go-live rehearsal",
		Long: `forecast lints each manifest again on every day within the horizon on which one of
its dates crosses a rule's boundary (a contract starts or ends or enters its 90-day
warning window, the DSPT turns 12 months old, a waiver expires), with the same
rules, and reports what appears and clears on each day.
For a manifest with goLive.plannedDate it also shows its go-live rehearsal: its
findings on that day at stage live. The exit status is that of lint on the
assessment date.`,
		Example: `  erslint forecast examples/
  erslint forecast --days 180 --format markdown manifests/
  erslint forecast --as-of 2026-11-24 --until 2027-03-31 --format json manifests/`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"."}
			}
			if cmd.Flags().Changed("days") && cmd.Flags().Changed("until") {
				return usageError{fmt.Errorf("--days and --until: give one of them")}
			}
			r, err := f.prepare()
			if err != nil {
				return err
			}
			return runForecast(cmd.Context(), f, r, args)
		},
	}
	f.addRunFlags(cmd, "one document on one day")
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "text", "report format: "+joinNames(report.ForecastNames()))
	fl.StringVarP(&f.output, "output", "o", "", "write the report to this file instead of standard output")
	fl.IntVar(&f.days, "days", 90, fmt.Sprintf("look this many days ahead of the assessment date (at most %d)", maxDays))
	fl.StringVar(&f.until, "until", "", "look ahead up to this day, YYYY-MM-DD, instead of --days")
	f.cache.add(fl)
	return cmd
}

func runForecast(ctx context.Context, f forecastFlags, r *run.Run, args []string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	failLevel, asOf := r.FailLevel, r.AsOf
	start, _ := time.Parse(time.DateOnly, asOf)
	if f.days < 0 || f.days > maxDays {
		return usageError{fmt.Errorf("--days %d: want 0 to %d", f.days, maxDays)}
	}
	until := start.AddDate(0, 0, f.days).Format(time.DateOnly)
	if f.until != "" {
		end, err := time.Parse(time.DateOnly, f.until)
		if err != nil {
			return usageError{fmt.Errorf("--until %q: want a date YYYY-MM-DD", f.until)}
		}
		if end.Before(start) || end.After(start.AddDate(0, 0, maxDays)) {
			return usageError{fmt.Errorf("--until %s: want a day from the assessment date %s to %d days after it", f.until, asOf, maxDays)}
		}
		until = f.until
	}
	color, err := useColor(f.runFlags)
	if err != nil {
		return err
	}
	writer, err := report.NewForecast(f.format, report.Options{Version: erslintVersion(), Quiet: f.quiet, Color: color.on(f.output)})
	if err != nil {
		return usageError{fmt.Errorf("--format: %w", err)}
	}
	checkInputs := func(inputs []lint.Input, err error) error {
		if err != nil {
			return f.nothingToLint(err)
		}
		if f.output != "" {
			if err := r.CheckOutputs([]run.ReportPath{{Flag: "--output " + f.output, Path: f.output}}, args, inputs); err != nil {
				return usageError{err}
			}
		}
		return nil
	}
	progress := newProgress(os.Stderr, showProgress(f.quiet, os.Getenv, term.IsTerminal(int(os.Stderr.Fd()))))
	// The cross-manifest rules see what lint's see: the whole repository when
	// given files.
	p, err := prepare(ctx, r, args, r.LinterOptions(progress.update), checkInputs, func(roots []string, w io.Writer) (*cache.Cache, lint.BlobIDs, error) {
		return openCache(ctx, f.cache, r.Config, roots, f.quiet, w)
	})
	if err != nil {
		return err
	}
	linter, inputs, others := p.linter, p.inputs, p.others
	defer closeCache(p.cache, linter, f.quiet, os.Stderr)
	// A custom policy may compare any date of a manifest with the assessment
	// date: with one, every date is a candidate day.
	fc, err := forecast.Run(ctx, linter, inputs, others, forecast.Options{AsOf: asOf, Until: until, AnyDate: len(r.Policies) > 0, RefData: r.RefData}, failLevel)
	progress.finish()
	if err != nil {
		return err
	}
	if fc.Report.Files == 0 {
		return f.nothingToLint(&lint.NoManifestsError{Paths: args, Skipped: len(fc.Report.Skipped), Reports: fc.Report.Reports})
	}
	if err := writeReport(f.output, func(w io.Writer) error { return writer.WriteForecast(w, fc) }); err != nil {
		return fmt.Errorf("write forecast: %w", err)
	}
	if fc.Report.Fails(failLevel) {
		return &exitError{code: 1}
	}
	return nil
}
