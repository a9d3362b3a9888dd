package main

import (
	"fmt"

	"github.com/erslint/erslint/pkg/baseline"
	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/forecast"
	"github.com/erslint/erslint/pkg/history"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/report"
)

// readBaseline reads --baseline before the run, so that a baseline that
// cannot be used stops it at once (exit 2).
func readBaseline(path, newFromRev string) (*baseline.Report, error) {
	if path == "" {
		return nil, nil
	}
	if newFromRev != "" {
		return nil, usageError{fmt.Errorf("--baseline and --new-from-rev: give one of them (--new-from-rev reports only the new findings; --baseline marks each)")}
	}
	return baseline.Read(path)
}

// compareBaseline marks the run's findings and verdicts against base, and
// gives every report the comparison.
func compareBaseline(base *baseline.Report, rep *lint.Report, until string, failLevel finding.Severity, outputs []lintOutput) error {
	if until == "" {
		until = rep.AsOf
	}
	res := baseline.Compare(base, rep, forecast.FromReport(rep, until, failLevel))
	for i := range outputs {
		outputs[i].opts.Baseline = res
		w, err := report.New(outputs[i].format, outputs[i].opts)
		if err != nil {
			return err
		}
		outputs[i].writer = w
	}
	return nil
}

// readHistory reads --history, which only the html format draws.
func readHistory(path string, outputs []lintOutput) (*history.History, error) {
	if path == "" {
		return nil, nil
	}
	html := false
	for _, o := range outputs {
		html = html || o.format == "html"
	}
	if !html {
		return nil, usageError{fmt.Errorf("--history: only the html format draws a history; add --format html=PATH")}
	}
	return history.Read(path)
}
