// Package report writes a lint run's findings in each output format. Every format
// has one file here and a golden test; an unknown format is an error, never a
// silent fallback.
package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/erslint/erslint/pkg/baseline"
	"github.com/erslint/erslint/pkg/delta"
	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/forecast"
	"github.com/erslint/erslint/pkg/history"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/refdata"
)

// Options are what every format may use.
type Options struct {
	Version string // erslint's version, for tool metadata
	Color   bool   // text only: colour severities (the caller checks for a terminal)
	Quiet   bool   // text only: the findings without the summary line
	// StepSummary is the file the github format appends a Markdown summary to.
	// The caller reads it from GITHUB_STEP_SUMMARY, so that pkg/ reads no
	// environment; empty means no summary.
	StepSummary string
	// Root is the repository root, for SARIF's relative artifact URIs; empty
	// means the working directory.
	Root string
	// FailLevel is the run's: JUnit fails only the cases at or above it, and
	// it is what blocks an organisation in the summaries of the json and html
	// formats (0: error).
	FailLevel finding.Severity
	// SourceURL, when set, is where the Markdown report links locations to:
	// <server>/<owner>/<repo>/blob/<commit>, from GitHub's environment.
	SourceURL string
	// Delta, with --new-from-rev, is the comparison with the revision: the
	// report then holds only the new findings, and Markdown shows the change
	// per organisation.
	Delta *delta.Result
	// Until is the last day of the look-ahead the report was linted with
	// (lint.LintPlanned with forecast.Plan); empty: the assessment date, no
	// look-ahead.
	Until string
	// Directory names commissioners from reference data in the roll-up by
	// commissioner; the zero Directory: from the manifests.
	Directory Directory
	// Baseline, with --baseline, is the comparison with an earlier run's
	// JSON report: each finding's baselineState, the absent ones, and the
	// verdicts that changed. The reports lead with it.
	Baseline *baseline.Result
	// History, for the html format (--history): the programme over time,
	// drawn as a trend.
	History *history.History
}

// lookAhead reads the look-ahead of rep, linted with forecast.Plan up to
// o.Until (a report without one reads as a look-ahead of no days).
func (o Options) lookAhead(rep *lint.Report) *forecast.Forecast {
	level := o.FailLevel
	if level == 0 {
		level = finding.Error
	}
	until := o.Until
	if until == "" {
		until = rep.AsOf
	}
	return forecast.FromReport(rep, until, level)
}

// verdicts is lookAhead as the JSON report reads it, a document at a time
// (eachDocument), keeping of each document's open findings only what its
// verdict and the roll-up by commissioner read, as rule and severity: one
// finding at or above the fail level, and for a document with commissioners
// one for each rule. A run of many findings then holds a few for its verdicts.
func (o Options) verdicts(rep *lint.Report) (*forecast.Forecast, error) {
	level := o.FailLevel
	if level == 0 {
		level = finding.Error
	}
	until := o.Until
	if until == "" {
		until = rep.AsOf
	}
	fc := &forecast.Forecast{AsOf: rep.AsOf, Until: until, FailLevel: level, Report: rep,
		Documents: make([]forecast.Document, 0, len(rep.DocumentInfos))}
	err := eachDocument(rep, func(i int, all []finding.Finding) error {
		d := forecast.DocumentOf(rep.DocumentInfos[i], nil, level)
		var blocking []finding.Finding
		for _, f := range all {
			if len(blocking) > 0 && len(d.Info.Commissioners) == 0 {
				break
			}
			if !f.Suppressed() && f.Severity >= level && !slices.ContainsFunc(blocking, func(b finding.Finding) bool { return b.RuleID == f.RuleID }) {
				blocking = append(blocking, finding.Finding{RuleID: f.RuleID, Severity: f.Severity})
			}
		}
		d.Open = blocking // of the open findings, only these
		fc.Documents = append(fc.Documents, d)
		return nil
	})
	return fc, err
}

// Writer writes one report.
type Writer interface {
	Write(w io.Writer, rep *lint.Report) error
}

type factory func(Options) Writer

var formats = map[string]factory{
	"text":  func(o Options) Writer { return Text{Color: o.Color, Quiet: o.Quiet, Baseline: o.Baseline} },
	"json":  func(o Options) Writer { return JSON{Version: o.Version, Options: o} },
	"sarif": func(o Options) Writer { return SARIF{Version: o.Version, Root: o.Root, Baseline: o.Baseline} },
	"junit": func(o Options) Writer { return JUnit{FailLevel: o.FailLevel} },
	"github": func(o Options) Writer {
		return GitHub{StepSummary: o.StepSummary, Markdown: Markdown{SourceURL: o.SourceURL, Root: o.Root, Delta: o.Delta}}
	},
	"markdown": func(o Options) Writer {
		return Markdown{SourceURL: o.SourceURL, Root: o.Root, Delta: o.Delta, Programme: &o}
	},
	"html": func(o Options) Writer { return HTML{Version: o.Version, Options: o} },
}

// Names lists the formats, sorted.
func Names() []string {
	names := make([]string, 0, len(formats))
	for n := range formats {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// New returns the writer for a format name.
func New(name string, opts Options) (Writer, error) {
	f, ok := formats[name]
	if !ok {
		return nil, fmt.Errorf("unknown format %q (want one of %s)", name, strings.Join(Names(), ", "))
	}
	return f(opts), nil
}

// HelpURI is where a rule's documentation lives.
func HelpURI(id string) string {
	return "https://github.com/erslint/erslint/blob/main/docs/rules.md#" + strings.ToLower(id)
}

// summary says how many findings of each severity a run has, in words.
func summary(rep *lint.Report) string {
	c := rep.Counts()
	scope := fmt.Sprintf("%s (%s)", plural(rep.Files, "file"), plural(rep.Documents, "document"))
	var parts []string
	for _, s := range []finding.Severity{finding.Error, finding.Warning, finding.Info} {
		if c[s] > 0 {
			parts = append(parts, plural(c[s], s.String()))
		}
	}
	text := "no findings in " + scope
	if len(parts) > 0 {
		text = strings.Join(parts, ", ") + " in " + scope
	}
	if n := rep.Suppressed(); n > 0 {
		text += fmt.Sprintf("; %s waived", plural(n, "finding"))
	}
	if n := len(rep.Skipped); n > 0 {
		why := fmt.Sprintf("no manifest in %s", map[bool]string{true: "it", false: "them"}[n == 1])
		switch {
		case rep.Reports == n && n == 1:
			why = "an erslint report, not a manifest"
		case rep.Reports == n:
			why = "erslint reports, not manifests"
		case rep.Reports > 0:
			why += fmt.Sprintf(": %d of them erslint reports", rep.Reports)
		}
		text += fmt.Sprintf("; %s skipped (%s)", plural(n, "YAML file"), why)
	}
	return text
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	if word == "info" {
		return fmt.Sprintf("%d info", n)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// RefDataLine is the one line every human-readable report gives the
// reference data (spec §8): its source and date, or that there was none.
func RefDataLine(info *refdata.Info) string {
	if info == nil {
		return "Reference data: none (the ODS checks, ERS-REF-*, did not run)."
	}
	return fmt.Sprintf("Reference data: %s, extracted %s.", clipText(info.Source, 200), info.Extracted)
}

// clipText cuts s to n characters.
func clipText(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i] + "…"
		}
		n--
	}
	return s
}
