package main

import (
	"time"

	"github.com/erslint/erslint/pkg/run"
	"github.com/spf13/cobra"
)

// runFlags are the flags of every command that lints (lint, forecast, ...),
// declared once here so that a flag means the same, and is accepted, in each.
type runFlags struct {
	settings
	asOf        string
	failLevel   string
	jobs        int
	evalTimeout time.Duration
	exclude     []string
	force       bool // --force-exclude
	contextDir  string
	quiet       bool
	color       string
	noColor     bool

	cmd *cobra.Command // to tell a flag given from its default
}

// addRunFlags declares the shared flags on cmd. evalWhat says what one
// evaluation is, for --eval-timeout's help.
func (f *runFlags) addRunFlags(cmd *cobra.Command, evalWhat string) {
	f.cmd = cmd
	fl := cmd.Flags()
	f.limits = addLimitFlags(fl)
	f.addFlags(cmd)
	fl.StringVar(&f.asOf, "as-of", "", "assessment date for time rules, YYYY-MM-DD (default today, UTC)")
	fl.StringVar(&f.failLevel, "fail-level", "error", "exit 1 when a finding is at or above: error, warning, info or none (default: the configuration's failLevel, else error)")
	fl.IntVar(&f.jobs, "jobs", 0, "files linted at once (default: number of CPUs)")
	fl.DurationVar(&f.evalTimeout, "eval-timeout", 10*time.Second, "time limit for evaluating the rules on "+evalWhat)
	fl.StringArrayVar(&f.exclude, "exclude", nil, "leave out paths matching this glob when walking directories (repeatable; adds to the configuration's exclude)")
	fl.BoolVar(&f.force, "force-exclude", false, "treat the files named on the command line as found by walking: exclude globs apply and YAML with no manifest is skipped (for pre-commit, which names every changed file)")
	fl.StringVar(&f.contextDir, "context", "", "when given files, the cross-manifest rules also compare them with every manifest under this directory (default: the configuration file's directory, else the git top level; standard input alone: none; none to turn off)")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "print the findings only: no summary line, no progress")
	fl.StringVar(&f.color, "color", "auto", "colour the text report: auto (on a terminal, unless NO_COLOR is set), always or never")
	fl.BoolVar(&f.noColor, "no-color", false, "never colour the text report: --color never")
}

// prepare builds the run: the flags given, then the configuration file.
func (f *runFlags) prepare() (*run.Run, error) {
	s := run.Settings{ConfigPath: f.configPath, PolicyDirs: f.policyDirs, Limits: f.fileLimits(),
		AsOf: f.asOf, AsOfGiven: f.changed("as-of"), Jobs: f.jobs, EvalTimeout: f.evalTimeout,
		Exclude: f.exclude, ForceExclude: f.force, Context: f.contextDir}
	if f.changed("fail-level") {
		s.FailLevel = f.failLevel
	}
	r, err := run.New(s)
	if err != nil {
		return nil, usageError{err}
	}
	return r, nil
}

func (f *runFlags) changed(name string) bool {
	return f.cmd != nil && f.cmd.Flags().Changed(name)
}
