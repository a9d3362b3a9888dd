// Package forecast is erslint's look-ahead (spec §7): for each document, the
// days within a horizon on which its findings change, what appears and what
// clears on each, and its go-live rehearsal, the findings it would have on its
// planned go-live date at stage live.
//
// It is exact, not sampled: the findings of a document change only on days its
// own dates cross a boundary the rules draw (Candidates), and the document is
// linted on each such day by the same Linter, rules and pipeline as a plain run
// (lint.Linter.LintPlanned); nothing here re-implements a rule.
package forecast

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/lint"
)

// Forecast is the look-ahead of one run.
type Forecast struct {
	AsOf      string
	Until     string
	FailLevel finding.Severity
	Documents []Document // every document of the run, by file then index (Info.Checked: the rules ran)
	Report    *lint.Report
}

// Document is the look-ahead of one document.
type Document struct {
	Info lint.DocumentInfo
	// Open are its unsuppressed findings on the assessment date.
	Open []finding.Finding
	// Changes are the days within the horizon its findings change, in order.
	Changes []Change
	// Rehearsal is its findings on goLive.plannedDate at stage live; nil
	// without a planned date.
	Rehearsal *Rehearsal
}

// Change is what changes on one day: the findings that appear and those that
// clear, against the day before. Waived findings do not count (a waiver that
// expires makes the finding it waived appear).
type Change struct {
	Date    string
	Appear  []finding.Finding
	Clear   []finding.Finding        // as last reported: on the assessment date or the previous change day
	Counts  map[finding.Severity]int // unsuppressed findings from that day on
	Blocked bool                     // a finding at or above the fail level is open from that day on
}

// Rehearsal is a go-live rehearsal: the document's findings on Date at stage live.
type Rehearsal struct {
	Date     string
	Findings []finding.Finding // waived ones included, marked
	Blocking int               // unsuppressed findings at or above the fail level
}

// Run lints inputs with l, and each document again on each of its candidate
// days up to until and on its planned go-live date. The cross-manifest rules
// also compare the inputs with others (the whole-repository context), as lint
// does.
func Run(ctx context.Context, l *lint.Linter, inputs, others []lint.Input, opts Options, failLevel finding.Severity) (*Forecast, error) {
	if _, err := time.Parse(time.DateOnly, opts.Until); err != nil {
		return nil, fmt.Errorf("forecast horizon %q is not a date YYYY-MM-DD", opts.Until)
	}
	if opts.Until < opts.AsOf {
		return nil, fmt.Errorf("forecast horizon %s is before the assessment date %s", opts.Until, opts.AsOf)
	}
	opts.Rehearse = true
	rep, err := l.LintPlannedInContext(ctx, inputs, others, Plan(opts))
	if err != nil {
		return nil, err
	}
	return FromReport(rep, opts.Until, failLevel), nil
}

// FromReport reads the look-ahead from a report linted with Plan (a report
// without evaluations gives documents without changes or rehearsal).
func FromReport(rep *lint.Report, until string, failLevel finding.Severity) *Forecast {
	fc := &Forecast{AsOf: rep.AsOf, Until: until, FailLevel: failLevel, Report: rep}
	byDoc := map[docKey][]finding.Finding{}
	for _, f := range rep.Findings {
		if !f.Suppressed() {
			k := docKey{f.File, f.Document}
			byDoc[k] = append(byDoc[k], f)
		}
	}
	for _, info := range rep.DocumentInfos {
		fc.Documents = append(fc.Documents, DocumentOf(info, byDoc[docKey{info.File, info.Index}], failLevel))
	}
	return fc
}

// DocumentOf is the look-ahead of one document of a report linted with Plan,
// from its DocumentInfo and its findings on the assessment date (waived ones
// are left out of Open), as FromReport reads it.
func DocumentOf(info lint.DocumentInfo, findings []finding.Finding, failLevel finding.Severity) Document {
	d := Document{Info: info}
	for _, f := range findings {
		if !f.Suppressed() {
			d.Open = append(d.Open, f)
		}
	}
	for _, ev := range info.Evaluations {
		if ev.Stage != 0 {
			d.Rehearsal = &Rehearsal{Date: ev.AsOf, Findings: ev.Findings, Blocking: blocking(ev.Findings, failLevel)}
			continue
		}
		if len(ev.Appear)+len(ev.Clear) > 0 {
			d.Changes = append(d.Changes, Change{Date: ev.AsOf, Appear: ev.Appear, Clear: ev.Clear,
				Counts: ev.Counts, Blocked: blockingCounts(ev.Counts, failLevel)})
		}
	}
	return d
}

// blockingCounts holds when counts have a finding at or above the fail level.
func blockingCounts(counts map[finding.Severity]int, failLevel finding.Severity) bool {
	for sev, n := range counts {
		if sev >= failLevel && n > 0 {
			return true
		}
	}
	return false
}

type docKey struct {
	file  string
	index int
}

func counts(fs []finding.Finding) map[finding.Severity]int {
	c := map[finding.Severity]int{}
	for _, f := range fs {
		if !f.Suppressed() {
			c[f.Severity]++
		}
	}
	return c
}

func blocking(fs []finding.Finding, failLevel finding.Severity) int {
	n := 0
	for _, f := range fs {
		if !f.Suppressed() && f.Severity >= failLevel {
			n++
		}
	}
	return n
}

// Blocked reports whether the document has an open finding at or above the
// fail level on the assessment date.
func (d Document) Blocked(failLevel finding.Severity) bool {
	return blocking(d.Open, failLevel) > 0
}

// Verdict is a document's readiness under the fail level.
type Verdict string

// Verdicts.
const (
	// Ready: no open finding at or above the fail level on the assessment
	// date, and none appears within the horizon.
	Ready Verdict = "ready"
	// AtRisk: ready on the assessment date, but a finding at or above the
	// fail level appears within the horizon (a contract ends, the DSPT
	// lapses, a waiver expires).
	AtRisk Verdict = "at-risk"
	// Blocked: an open finding at or above the fail level on the assessment date.
	Blocked Verdict = "blocked"
)

// Words is the verdict for prose: "at risk" for at-risk.
func (v Verdict) Words() string { return strings.ReplaceAll(string(v), "-", " ") }

// Verdicts lists the verdicts, worst first.
func Verdicts() []Verdict { return []Verdict{Blocked, AtRisk, Ready} }

// Verdict is the document's verdict under fc's fail level.
func (fc *Forecast) Verdict(d Document) Verdict {
	if d.Blocked(fc.FailLevel) {
		return Blocked
	}
	for _, c := range d.Changes {
		if c.Blocked {
			return AtRisk
		}
	}
	return Ready
}

// NextVerdictChange is the first day within the horizon on which the
// document's verdict changes, and whether it is blocked from then; ok is
// false when it holds through the horizon.
func (fc *Forecast) NextVerdictChange(d Document) (date string, blocked bool, ok bool) {
	was := d.Blocked(fc.FailLevel)
	for _, c := range d.Changes {
		if c.Blocked != was {
			return c.Date, c.Blocked, true
		}
	}
	return "", false, false
}

// Lapse is one document's change on one day, for the "what lapses next" list.
type Lapse struct {
	Document *Document
	Change   *Change
}

// ByDate lists every change of every document by day, then file and index.
func (fc *Forecast) ByDate() []Lapse {
	var out []Lapse
	for i := range fc.Documents {
		d := &fc.Documents[i]
		for j := range d.Changes {
			out = append(out, Lapse{Document: d, Change: &d.Changes[j]})
		}
	}
	slices.SortStableFunc(out, func(a, b Lapse) int {
		return cmp.Or(strings.Compare(a.Change.Date, b.Change.Date),
			strings.Compare(a.Document.Info.File, b.Document.Info.File),
			cmp.Compare(a.Document.Info.Index, b.Document.Info.Index))
	})
	return out
}

// Day is the count of open findings of a run on one day.
type Day struct {
	Date     string
	Errors   int
	Warnings int
}

// Daily counts the open errors and warnings of every document on each day
// from the assessment date to the horizon.
func (fc *Forecast) Daily() []Day {
	a, err1 := time.Parse(time.DateOnly, fc.AsOf)
	h, err2 := time.Parse(time.DateOnly, fc.Until)
	if err1 != nil || err2 != nil || h.Before(a) {
		return nil
	}
	type delta struct{ errors, warnings int }
	deltas := map[string]delta{}
	var errs, warns int
	for _, d := range fc.Documents {
		c := counts(d.Open)
		errs += c[finding.Error]
		warns += c[finding.Warning]
		prev := c
		for _, ch := range d.Changes {
			x := deltas[ch.Date]
			x.errors += ch.Counts[finding.Error] - prev[finding.Error]
			x.warnings += ch.Counts[finding.Warning] - prev[finding.Warning]
			deltas[ch.Date] = x
			prev = ch.Counts
		}
	}
	var out []Day
	for t := a; !t.After(h); t = t.AddDate(0, 0, 1) {
		x := deltas[day(t)]
		errs += x.errors
		warns += x.warnings
		out = append(out, Day{Date: day(t), Errors: errs, Warnings: warns})
	}
	return out
}
