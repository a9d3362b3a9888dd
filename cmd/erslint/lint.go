package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/erslint/erslint/pkg/cache"
	"github.com/erslint/erslint/pkg/delta"
	"github.com/erslint/erslint/pkg/forecast"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/report"
	"github.com/erslint/erslint/pkg/run"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

type lintFlags struct {
	runFlags
	formats    []string // FORMAT or FORMAT=PATH, repeatable
	output     string
	newFromRev string
	lookAhead  int    // days of look-ahead for the json and html summaries
	baseline   string // --baseline REPORT.json
	history    string // --history HISTORY.json, for the html format
	cache      cacheFlags
}

func newLintCommand() *cobra.Command {
	var f lintFlags
	cmd := &cobra.Command{
		Use:   "lint [PATH...]",
		Short: "Check manifests: files, directories (walked for *.yaml, *.yml), or - for stdin",
		Long: `Check manifests: files, directories (walked for *.yaml, *.yml), or - for stdin.

A file named here is always linted (unless --force-exclude), except an erslint
report, recognised by its content, which never is. A YAML file found
while walking a directory is left out when an exclude glob (the configuration's
exclude, or --exclude) matches it, or when it holds no manifest: no document
names the manifest's apiVersion or kind, or has one of its sections, even
misspelt (such as docker-compose.yml or a CI workflow). The summary counts the
files skipped. Hidden files and directories are not walked.

` + exitStatusHelp,
		Example: `  erslint lint examples/
  erslint lint --format sarif --output erslint.sarif manifests/
  erslint lint --format github --format sarif=erslint.sarif --format junit=erslint.xml manifests/
  cat org.yaml | erslint lint -`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"."}
			}
			r, err := f.prepare()
			if err != nil {
				return err
			}
			// Flags override the configuration file, which overrides the defaults.
			if r.Config.Format != "" && !cmd.Flags().Changed("format") {
				f.formats = []string{r.Config.Format}
			}
			return runLint(cmd.Context(), f, r, args)
		},
	}
	f.addRunFlags(cmd, "one document")
	fl := cmd.Flags()
	fl.StringArrayVar(&f.formats, "format", []string{"text"}, "report format: "+joinNames(report.Names())+
		"; FORMAT=PATH writes it to a file, and --format is repeatable: one run, several reports (at most one to standard output)")
	fl.StringVarP(&f.output, "output", "o", "", "write the report of the --format without =PATH to this file instead of standard output")
	fl.StringVar(&f.newFromRev, "new-from-rev", "", "report only findings that are new since this git revision (the manifests as they were there are linted too); the exit status follows them")
	fl.StringVar(&f.baseline, "baseline", "", "a JSON report of an earlier run: mark each finding new, unchanged or absent (by organisation, rule and path) and each verdict that changed; the reports lead with it")
	fl.StringVar(&f.history, "history", "", "html: the output of erslint history, drawn as the programme's trend")
	fl.IntVar(&f.lookAhead, "days", 90, fmt.Sprintf("json, html, markdown and --baseline: days of look-ahead for each organisation's verdict and next verdict change (0 to %d; 0: none)", maxDays))
	f.cache.add(fl)
	return cmd
}

func runLint(ctx context.Context, f lintFlags, r *run.Run, args []string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	failLevel, asOf, cfg := r.FailLevel, r.AsOf, r.Config
	color, err := useColor(f.runFlags)
	if err != nil {
		return err
	}
	if f.lookAhead < 0 || f.lookAhead > maxDays {
		return usageError{fmt.Errorf("--days %d: want 0 to %d", f.lookAhead, maxDays)}
	}
	outputs, err := parseOutputs(f.formats, f.output)
	if err != nil {
		return usageError{err}
	}
	base, err := readBaseline(f.baseline, f.newFromRev)
	if err != nil {
		return err
	}
	// The json and html reports summarise each organisation with its verdict
	// and the next day it changes: the look-ahead (erslint forecast) of --days.
	start, _ := time.Parse(time.DateOnly, asOf)
	var plan *forecast.Options
	for _, o := range outputs {
		if (o.format == "json" || o.format == "html" || o.format == "markdown" || base != nil) && f.lookAhead > 0 {
			if plan == nil {
				plan = &forecast.Options{AsOf: asOf, Until: start.AddDate(0, 0, f.lookAhead).Format(time.DateOnly)}
			}
			plan.Rehearse = plan.Rehearse || o.format == "html"
		}
	}
	opts := report.Options{Version: erslintVersion(), Quiet: f.quiet, StepSummary: os.Getenv("GITHUB_STEP_SUMMARY"),
		FailLevel: failLevel, SourceURL: githubSourceURL(), Directory: report.DirectoryOf(r.RefData)}
	if opts.History, err = readHistory(f.history, outputs); err != nil {
		return err
	}
	if plan != nil {
		opts.Until = plan.Until
	}
	// The repository root (a git command) only for the reports that name files
	// relative to it: SARIF, and links to the files in GitHub.
	for _, o := range outputs {
		if o.format == "sarif" || opts.SourceURL != "" {
			opts.Root = reportRoot(ctx, cfg)
			break
		}
	}
	for i := range outputs {
		o := opts
		o.Color = color.on(outputs[i].path)
		outputs[i].opts = o
		if outputs[i].writer, err = report.New(outputs[i].format, o); err != nil {
			return usageError{fmt.Errorf("--format: %w", err)}
		}
	}
	var paths []run.ReportPath
	for _, o := range outputs {
		if o.path != "" {
			paths = append(paths, run.ReportPath{Flag: o.flag, Path: o.path})
		}
	}
	checkInputs := func(inputs []lint.Input, err error) error {
		if err != nil {
			return f.nothingToLint(err)
		}
		if err := r.CheckOutputs(paths, args, inputs); err != nil {
			return usageError{err}
		}
		return nil
	}
	progress := newProgress(os.Stderr, showProgress(f.quiet, os.Getenv, term.IsTerminal(int(os.Stderr.Fd()))))
	lintOpts := r.LinterOptions(progress.update)
	lintOpts.PackFindings = true // the reports read them a file at a time
	p, err := prepare(ctx, r, args, lintOpts, checkInputs, func(roots []string, w io.Writer) (*cache.Cache, lint.BlobIDs, error) {
		return openCache(ctx, f.cache, r.Config, roots, f.quiet, w)
	})
	if err != nil {
		return err
	}
	inputs, others, contextDir, linter := p.inputs, p.others, p.contextDir, p.linter
	defer closeCache(p.cache, linter, f.quiet, os.Stderr)
	var rep *lint.Report
	if plan != nil {
		plan.AnyDate = len(r.Policies) > 0
		plan.RefData = r.RefData
		rep, err = linter.LintPlannedInContext(ctx, inputs, others, forecast.Plan(*plan))
	} else {
		rep, err = linter.LintInContext(ctx, inputs, others)
	}
	progress.finish()
	if err != nil {
		return err
	}
	if rep.Files == 0 {
		return f.nothingToLint(&lint.NoManifestsError{Paths: args, Skipped: len(rep.Skipped), Reports: rep.Reports})
	}
	if base != nil || f.newFromRev != "" {
		// A baseline and a delta compare every finding at once.
		if rep, err = rep.Unpacked(); err != nil {
			return err
		}
	}
	if base != nil {
		if err := compareBaseline(base, rep, opts.Until, failLevel, outputs); err != nil {
			return err
		}
	}
	if f.newFromRev != "" {
		base, err := r.AtRev(ctx, linter, f.newFromRev, args, contextDir)
		if err == nil {
			base, err = base.Unpacked()
		}
		if err != nil {
			return err
		}
		d := delta.Compare(f.newFromRev, base, rep)
		rep = d.Filter(rep)
		for i := range outputs {
			if outputs[i].writer, err = report.New(outputs[i].format, withDelta(outputs[i].opts, d)); err != nil {
				return err
			}
		}
	}
	// Each report is written as it is encoded, not built in memory first: for a
	// large run it is as big as every finding kept. Files first, then standard
	// output, so a CI log ends with the report it shows.
	slices.SortStableFunc(outputs, func(a, b lintOutput) int { return cmp.Compare(btoi(a.path == ""), btoi(b.path == "")) })
	for _, o := range outputs {
		if err := writeReport(o.path, func(w io.Writer) error { return o.writer.Write(w, rep) }); err != nil {
			return fmt.Errorf("write %s report: %w", o.format, err)
		}
	}
	if rep.Fails(failLevel) {
		return &exitError{code: 1}
	}
	return nil
}

// colorMode is --color decided: always and never say it for every text
// report; auto colours only the text report written to standard output, when
// that is a terminal and NO_COLOR is not set.
type colorMode struct{ always, auto bool }

// on tells whether the text report written to path ("": standard output) is
// coloured.
func (c colorMode) on(path string) bool {
	return c.always || c.auto && path == ""
}

// useColor decides --color. --no-color is --color never.
func useColor(f runFlags) (colorMode, error) {
	mode := f.color
	if f.noColor {
		if mode == "always" {
			return colorMode{}, usageError{fmt.Errorf("--no-color and --color always contradict each other")}
		}
		mode = "never"
	}
	switch mode {
	case "always":
		return colorMode{always: true}, nil
	case "never":
		return colorMode{}, nil
	case "auto":
		return colorMode{auto: os.Getenv("NO_COLOR") == "" && term.IsTerminal(int(os.Stdout.Fd()))}, nil
	}
	return colorMode{}, usageError{fmt.Errorf("--color %q: want auto, always or never", f.color)}
}

// nothingToLint is what a run that finds no manifest returns: exit 2, unless
// --force-exclude, where it is the normal case of a pre-commit run on changes
// to other YAML only: exit 0, with a note.
func (f runFlags) nothingToLint(err error) error {
	if !f.force || !errors.Is(err, lint.ErrNoManifests) {
		return err
	}
	if !f.quiet {
		fmt.Fprintf(os.Stderr, "erslint: nothing to lint: %v\n", err)
	}
	return nil
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
