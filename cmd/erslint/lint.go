package main

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/erslint/erslint/pkg/config"
	"github.com/erslint/erslint/pkg/delta"
	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/forecast"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/manifest"
	"github.com/erslint/erslint/pkg/report"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

type lintFlags struct {
	settings
	formats     []string // FORMAT or FORMAT=PATH, repeatable
	output      string
	asOf        string
	failLevel   string
	jobs        int
	noColor     bool
	color       string
	quiet       bool
	exclude     []string
	force       bool // --force-exclude
	evalTimeout time.Duration
	limits      *manifest.Limits
	newFromRev  string
	contextDir  string
	lookAhead   int // days of look-ahead for the json and html summaries
	cache       cacheFlags
}

func newLintCommand() *cobra.Command {
	var f lintFlags
	cmd := &cobra.Command{
		Use:   "lint [PATH...]",
		Short: "Check manifests: files, directories (walked for *.yaml, *.yml), or - for stdin",
		Long: `Check manifests: files, directories (walked for *.yaml, *.yml), or - for stdin.

A file named here is always linted (unless --force-exclude). A YAML file found
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
			cfg, err := f.load()
			if err != nil {
				return err
			}
			// Flags override the configuration file, which overrides the defaults.
			if cfg.FailLevel != "" && !cmd.Flags().Changed("fail-level") {
				f.failLevel = cfg.FailLevel
			}
			if cfg.Format != "" && !cmd.Flags().Changed("format") {
				f.formats = []string{cfg.Format}
			}
			return runLint(cmd.Context(), f, cfg, args)
		},
	}
	fl := cmd.Flags()
	f.limits = addLimitFlags(fl)
	f.settings.limits = f.limits
	fl.StringArrayVar(&f.formats, "format", []string{"text"}, "report format: "+joinNames(report.Names())+
		"; FORMAT=PATH writes it to a file, and --format is repeatable: one run, several reports (at most one to standard output)")
	fl.StringVarP(&f.output, "output", "o", "", "write the report of the --format without =PATH to this file instead of standard output")
	fl.StringVar(&f.asOf, "as-of", "", "assessment date for time rules, YYYY-MM-DD (default today, UTC)")
	fl.StringVar(&f.failLevel, "fail-level", "error", "exit 1 when a finding is at or above: error, warning, info or none")
	fl.IntVar(&f.jobs, "jobs", 0, "files linted at once (default: number of CPUs)")
	fl.BoolVar(&f.noColor, "no-color", false, "never colour the text report: --color never")
	fl.StringVar(&f.color, "color", "auto", "colour the text report: auto (on a terminal, unless NO_COLOR is set), always or never")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "print the findings only: no summary line, no progress")
	fl.StringArrayVar(&f.exclude, "exclude", nil, "leave out paths matching this glob when walking directories (repeatable; adds to the configuration's exclude)")
	fl.BoolVar(&f.force, "force-exclude", false, "treat the files named on the command line as found by walking: exclude globs apply and YAML with no manifest is skipped (for pre-commit, which names every changed file)")
	fl.StringVar(&f.contextDir, "context", "", "when given files, the cross-manifest rules also compare them with every manifest under this directory (default: the configuration file's directory, else the git top level; standard input alone: none; none to turn off)")
	fl.StringVar(&f.newFromRev, "new-from-rev", "", "report only findings that are new since this git revision (the manifests as they were there are linted too); the exit status follows them")
	fl.DurationVar(&f.evalTimeout, "eval-timeout", 10*time.Second, "time limit for evaluating the rules on one document")
	fl.IntVar(&f.lookAhead, "days", 90, fmt.Sprintf("json and html: days of look-ahead for each organisation's verdict and next verdict change (0 to %d; 0: none)", maxDays))
	f.cache.add(fl)
	f.addFlags(cmd)
	return cmd
}

// assessmentDate is --as-of checked as every rule needs it, or today (UTC).
func assessmentDate(flag string) (string, error) {
	if flag == "" {
		return time.Now().UTC().Format(time.DateOnly), nil
	}
	if err := lint.CheckAsOf(flag); err != nil {
		return "", usageError{fmt.Errorf("--as-of: %w", err)}
	}
	return flag, nil
}

func runLint(ctx context.Context, f lintFlags, cfg *config.Config, args []string) error {
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
	color, err := useColor(f)
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
	// The json and html reports summarise each organisation with its verdict
	// and the next day it changes: the look-ahead (erslint forecast) of --days.
	start, _ := time.Parse(time.DateOnly, asOf)
	var plan *forecast.Options
	for _, o := range outputs {
		if (o.format == "json" || o.format == "html") && f.lookAhead > 0 {
			if plan == nil {
				plan = &forecast.Options{AsOf: asOf, Until: start.AddDate(0, 0, f.lookAhead).Format(time.DateOnly)}
			}
			plan.Rehearse = plan.Rehearse || o.format == "html"
		}
	}
	opts := report.Options{Version: erslintVersion(), Quiet: f.quiet, StepSummary: os.Getenv("GITHUB_STEP_SUMMARY"),
		FailLevel: failLevel, SourceURL: githubSourceURL()}
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
	extra, err := f.policies(cfg)
	if err != nil {
		return err
	}
	inputs, err := lint.Collect(args, os.Stdin)
	if err != nil {
		return err
	}
	if f.force {
		for i := range inputs {
			if inputs[i].Path != "" {
				inputs[i].Walked = true
			}
		}
	}
	inputs, err = excludeInputs(cfg, f.exclude, args, inputs)
	if err != nil {
		return f.nothingToLint(err)
	}
	var paths []string
	for _, o := range outputs {
		if o.path != "" {
			paths = append(paths, o.path)
		}
	}
	if err := checkOutputs(paths, args, inputs, cfg, extra); err != nil {
		return err
	}
	tuneGC(len(inputs))
	others, contextDir, err := contextFiles(ctx, f.contextDir, cfg, args)
	if err != nil {
		return err
	}
	cached, blobs, err := openCache(ctx, f.cache, cfg, lintedDirs(args, contextDir), f.quiet, os.Stderr)
	if err != nil {
		return err
	}
	progress := newProgress(os.Stderr, showProgress(f.quiet, os.Getenv, term.IsTerminal(int(os.Stderr.Fd()))))
	linter, err := lint.New(ctx, lint.Options{AsOf: asOf, Jobs: f.jobs, Policies: extra, EvalTimeout: f.evalTimeout,
		Rules: ruleSettings(cfg), Limits: *f.limits, Progress: progress.update, Cache: cached, Blobs: blobs})
	if err != nil {
		cached.Close()
		return placeConfigError(cfg, err)
	}
	defer closeCache(cached, linter, f.quiet, os.Stderr)
	var rep *lint.Report
	if plan != nil {
		plan.AnyDate = len(extra) > 0
		rep, err = linter.LintPlannedInContext(ctx, inputs, others, forecast.Plan(*plan))
	} else {
		rep, err = linter.LintInContext(ctx, inputs, others)
	}
	progress.finish()
	if err != nil {
		return err
	}
	if rep.Files == 0 {
		return f.nothingToLint(&lint.NoManifestsError{Paths: args, Skipped: len(rep.Skipped)})
	}
	if f.newFromRev != "" {
		base, err := lintAtRev(ctx, linter, f.newFromRev, args, *f.limits, contextDir)
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
		write := func(w io.Writer) error { return o.writer.Write(w, rep) }
		if o.path != "" {
			err = writeFileWith(o.path, write)
		} else {
			bw := bufio.NewWriter(os.Stdout)
			if err = write(bw); err == nil {
				err = bw.Flush()
			}
		}
		if err != nil {
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
func useColor(f lintFlags) (colorMode, error) {
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
func (f lintFlags) nothingToLint(err error) error {
	if !f.force || !errors.Is(err, lint.ErrNoManifests) {
		return err
	}
	if !f.quiet {
		fmt.Fprintf(os.Stderr, "erslint: nothing to lint: %v\n", err)
	}
	return nil
}

// excludeInputs leaves out the walked files that the configuration's exclude
// globs (relative to its file) or --exclude (relative to the working
// directory) match. Files named on the command line are always linted.
func excludeInputs(cfg *config.Config, flags, args []string, inputs []lint.Input) ([]lint.Input, error) {
	sets := []lint.Exclude{{Base: cfg.ExcludeBase, Patterns: cfg.Exclude}, {Patterns: flags}}
	total := 0
	for i, e := range sets {
		if err := e.Check(); err != nil {
			if i == 0 && cfg.File != "" {
				return nil, fmt.Errorf("%s: %w", cfg.File, err)
			}
			return nil, usageError{fmt.Errorf("--exclude: %w", err)}
		}
		var n int
		inputs, n = e.Filter(inputs)
		total += n
	}
	if len(inputs) == 0 {
		return nil, &lint.NoManifestsError{Paths: args, Excluded: total}
	}
	return inputs, nil
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
