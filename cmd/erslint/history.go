package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/erslint/erslint/pkg/gitrepo"
	"github.com/erslint/erslint/pkg/history"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/run"
	"github.com/spf13/cobra"
)

type historyFlags struct {
	runFlags
	output    string
	lookAhead int
	since     string
	every     string
	rev       string
}

func newHistoryCommand() *cobra.Command {
	var f historyFlags
	cmd := &cobra.Command{
		Use:   "history [PATH...]",
		Short: "The programme over time: the manifests as they stood in git on each day, by verdict and stage",
		Long: `history lints the manifests as they stood at the last commit on or before each of
the days --since, --since + 1 period, ... up to the assessment date (--as-of),
with that day as the assessment date: what a board would have seen then. The
files are read with git (no checkout; the work tree is not touched). It writes
JSON (schema/history.schema.json): per day, the organisations by verdict and by
stage, and per organisation its verdict on each day. A day before the first
commit counts no organisations. The dashboard draws it:
erslint lint --format html=dashboard.html --history HISTORY.json.

A file whose content did not change between two days is read, parsed and
checked against the schema once; its rules run again only when the day crosses
one of its dates.`,
		Example: `  erslint history --since 2026-01-05 --every week --output history.json manifests/
  erslint lint --format html=dashboard.html --history history.json manifests/`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"."}
			}
			r, err := f.prepare()
			if err != nil {
				return err
			}
			return runHistory(cmd.Context(), f, r, args)
		},
	}
	f.addRunFlags(cmd, "one document on one day")
	fl := cmd.Flags()
	fl.StringVar(&f.since, "since", "", "the first day, YYYY-MM-DD (required); the last is the assessment date (--as-of)")
	fl.StringVar(&f.every, "every", "week", "the period between days: day, week or month")
	fl.StringVar(&f.rev, "rev", "HEAD", "the git revision whose history is read")
	fl.StringVarP(&f.output, "output", "o", "", "write the JSON to this file instead of standard output")
	fl.IntVar(&f.lookAhead, "days", 90, fmt.Sprintf("days of look-ahead for each day's verdicts, as lint's (0 to %d)", maxDays))
	return cmd
}

func runHistory(ctx context.Context, f historyFlags, r *run.Run, args []string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if f.since == "" {
		return usageError{fmt.Errorf("--since: give the first day, YYYY-MM-DD")}
	}
	if err := lint.CheckAsOf(f.since); err != nil {
		return usageError{fmt.Errorf("--since: %w", err)}
	}
	if f.lookAhead < 0 || f.lookAhead > maxDays {
		return usageError{fmt.Errorf("--days %d: want 0 to %d", f.lookAhead, maxDays)}
	}
	if _, err := history.Points(f.since, r.AsOf, f.every); err != nil {
		return usageError{err}
	}
	for _, a := range args {
		if a == "-" {
			return usageError{fmt.Errorf("history reads the manifests from git: standard input (-) has no history")}
		}
		if _, err := os.Stat(a); err != nil {
			return fmt.Errorf("%s: %w", a, err)
		}
	}
	if f.output != "" {
		if err := r.CheckOutputs([]run.ReportPath{{Flag: "--output " + f.output, Path: f.output}}, args, nil); err != nil {
			return usageError{err}
		}
	}
	repo, err := run.OpenRev(ctx, "history", r.Limits)
	if err != nil {
		return err
	}
	tip, err := gitrepo.Resolve(ctx, repo.Top, f.rev)
	if err != nil {
		return fmt.Errorf("--rev: %w", err)
	}
	linter, err := r.Linter(ctx, r.LinterOptions(nil))
	if err != nil {
		return err
	}
	contextDir := r.Settings.Context
	if contextDir == "none" {
		contextDir = ""
	}
	src := func(ctx context.Context, day string, known func(lint.Input) bool) (history.Snapshot, error) {
		commit, err := gitrepo.CommitOn(ctx, repo.Top, tip, day)
		if err != nil || commit == "" {
			return history.Snapshot{}, err
		}
		inputs, others, err := repo.Read(ctx, commit, args, contextDir, known)
		if err != nil {
			return history.Snapshot{}, err
		}
		return history.Snapshot{Commit: commit, Inputs: r.Exclude(inputs), Others: r.Exclude(others)}, nil
	}
	h, err := history.Run(ctx, linter, src, history.Options{Since: f.since, Until: r.AsOf, Every: f.every,
		FailLevel: r.FailLevel, Days: f.lookAhead, AnyDate: len(r.Policies) > 0})
	if err != nil {
		return err
	}
	h.Tool = history.Tool{Name: "erslint", Version: erslintVersion()}
	write := func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(h)
	}
	if err := writeReport(f.output, write); err != nil {
		return fmt.Errorf("write history: %w", err)
	}
	return nil
}
