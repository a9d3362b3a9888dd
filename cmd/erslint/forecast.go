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
	"github.com/erslint/erslint/pkg/forecast"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/report"
	"github.com/spf13/cobra"
)

// maxDays bounds the look-ahead: ten years of days.
const maxDays = 3660

type forecastFlags struct {
	lintFlags
	format string // one report: lint's --format is repeatable, forecast's is not
	days   int
	until  string
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
			cfg, err := f.load()
			if err != nil {
				return err
			}
			if cfg.FailLevel != "" && !cmd.Flags().Changed("fail-level") {
				f.failLevel = cfg.FailLevel
			}
			return runForecast(cmd.Context(), f, cfg, args)
		},
	}
	fl := cmd.Flags()
	f.limits = addLimitFlags(fl)
	fl.StringVar(&f.format, "format", "text", "report format: "+joinNames(report.ForecastNames()))
	fl.StringVarP(&f.output, "output", "o", "", "write the report to this file instead of standard output")
	fl.StringVar(&f.asOf, "as-of", "", "assessment date the look-ahead starts from, YYYY-MM-DD (default today, UTC)")
	fl.IntVar(&f.days, "days", 90, fmt.Sprintf("look this many days ahead of the assessment date (at most %d)", maxDays))
	fl.StringVar(&f.until, "until", "", "look ahead up to this day, YYYY-MM-DD, instead of --days")
	fl.StringVar(&f.failLevel, "fail-level", "error", "what blocks an organisation, and exit 1: error, warning, info or none")
	fl.IntVar(&f.jobs, "jobs", 0, "files linted at once (default: number of CPUs)")
	fl.DurationVar(&f.evalTimeout, "eval-timeout", 10*time.Second, "time limit for evaluating the rules on one document on one day")
	f.refData.add(fl)
	f.addFlags(cmd)
	return cmd
}

func runForecast(ctx context.Context, f forecastFlags, cfg *config.Config, args []string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	failLevel, err := finding.ParseFailLevel(f.failLevel)
	if err != nil {
		return usageError{fmt.Errorf("--fail-level: %w", err)}
	}
	asOf, err := assessmentDate(f.asOf)
	if err != nil {
		return err
	}
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
	writer, err := report.NewForecast(f.format, report.Options{Version: erslintVersion()})
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
	if f.output != "" {
		if err := checkOutputs([]string{f.output}, args, inputs, cfg, extra); err != nil {
			return err
		}
	}
	refData, err := f.refData.load(cfg, asOf)
	if err != nil {
		return err
	}
	tuneGC(len(inputs))
	linter, err := lint.New(ctx, lint.Options{AsOf: asOf, Jobs: f.jobs, Policies: extra, EvalTimeout: f.evalTimeout,
		Rules: ruleSettings(cfg), Limits: *f.limits, RefData: refData})
	if err != nil {
		return placeConfigError(cfg, err)
	}
	// A custom policy may compare any date of a manifest with the assessment
	// date: with one, every date is a candidate day.
	fc, err := forecast.Run(ctx, linter, inputs, forecast.Options{AsOf: asOf, Until: until, AnyDate: len(extra) > 0, RefData: refData}, failLevel)
	if err != nil {
		return err
	}
	write := func(w io.Writer) error { return writer.WriteForecast(w, fc) }
	if f.output != "" {
		err = writeFileWith(f.output, write)
	} else {
		bw := bufio.NewWriter(os.Stdout)
		if err = write(bw); err == nil {
			err = bw.Flush()
		}
	}
	if err != nil {
		return fmt.Errorf("write forecast: %w", err)
	}
	if fc.Report.Fails(failLevel) {
		return &exitError{code: 1}
	}
	return nil
}
