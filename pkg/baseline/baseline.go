// Package baseline compares a run with an earlier one (lint --baseline
// REPORT.json, a JSON report of that run): each finding is new, unchanged or
// absent (SARIF's baselineState words), and each organisation's verdict may
// have changed. A finding is matched by its organisation (metadata.name), rule
// and path, never by its file (files move, and runs name them differently);
// findings with the same three count as a multiset. One that was waived in
// the baseline and is active now is new.
package baseline

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/erslint/erslint/pkg/forecast"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/readfile"
)

// MaxBytes bounds a baseline report: a JSON report of 10,000 organisations
// with every finding is about 60 MB.
const MaxBytes = 512 << 20

// State is a finding's baselineState.
type State string

// States, as SARIF 2.1.0 names them (§3.27.24).
const (
	New       State = "new"
	Unchanged State = "unchanged"
	Absent    State = "absent"
)

// Report is what a baseline holds: an earlier run's findings and verdicts.
type Report struct {
	File     string
	AsOf     string
	Findings []Finding
	// Verdicts are the organisations' verdicts by metadata.name.
	Verdicts map[string]string
	// Titles are the organisations' names (organisation.name) by metadata.name.
	Titles map[string]string
}

// Finding is a finding of the baseline, with the name of its organisation.
type Finding struct {
	Name       string // metadata.name of its document; "" when it has none
	RuleID     string
	Path       string
	Severity   string
	Message    string
	File       string
	Line       int
	Column     int
	Suppressed bool
}

// jsonReport is what Read reads of a JSON report (schema/report.schema.json).
type jsonReport struct {
	SchemaVersion *int    `json:"schemaVersion"`
	AsOf          *string `json:"asOf"`
	Organisations []struct {
		File         string `json:"file"`
		Document     int    `json:"document"`
		Name         string `json:"name"`
		Organisation string `json:"organisation"`
		Verdict      string `json:"verdict"`
	} `json:"organisations"`
	Findings []struct {
		RuleID     string `json:"ruleId"`
		Severity   string `json:"severity"`
		Message    string `json:"message"`
		File       string `json:"file"`
		Line       int    `json:"line"`
		Column     int    `json:"column"`
		Document   int    `json:"document"`
		Path       string `json:"path"`
		Suppressed bool   `json:"suppressed"`
	} `json:"findings"`
}

// Error is a baseline that cannot be used.
type Error struct {
	File string
	Err  error
}

func (e *Error) Error() string { return fmt.Sprintf("--baseline %s: %v", e.File, e.Err) }
func (e *Error) Unwrap() error { return e.Err }

// Read reads the JSON report at path, within MaxBytes. A report of another
// schemaVersion than 1, or one that is not a JSON report, is an *Error.
func Read(path string) (*Report, error) {
	data, err := readfile.Bounded(path, MaxBytes)
	if err != nil {
		return nil, &Error{File: path, Err: err}
	}
	rep, err := Parse(data)
	if err != nil {
		return nil, &Error{File: path, Err: err}
	}
	rep.File = path
	return rep, nil
}

// Parse reads a JSON report.
func Parse(data []byte) (*Report, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var raw jsonReport
	if err := dec.Decode(&raw); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			return nil, fmt.Errorf("not a JSON report: invalid JSON at byte %d: %v", syntax.Offset, err)
		}
		return nil, fmt.Errorf("not a JSON report of erslint lint --format json: %v", err)
	}
	if dec.More() {
		return nil, errors.New("not a JSON report: more than one JSON value")
	}
	switch {
	case raw.SchemaVersion == nil:
		return nil, errors.New("not a JSON report of erslint lint --format json: no schemaVersion")
	case *raw.SchemaVersion != 1:
		return nil, fmt.Errorf("report schemaVersion %d is not one this erslint reads (1): compare with a report of the same version", *raw.SchemaVersion)
	case raw.AsOf == nil:
		return nil, errors.New("not a JSON report of erslint lint --format json: no asOf")
	}
	rep := &Report{AsOf: *raw.AsOf, Verdicts: map[string]string{}, Titles: map[string]string{}}
	type docKey struct {
		file string
		doc  int
	}
	names := map[docKey]string{}
	for _, o := range raw.Organisations {
		name := orgName(o.Name, o.File, o.Document)
		names[docKey{o.File, o.Document}] = name
		if !validVerdict(o.Verdict) {
			return nil, fmt.Errorf("organisation %q: verdict %q is not ready, at-risk or blocked", name, o.Verdict)
		}
		if prev, ok := rep.Verdicts[name]; !ok || worse(o.Verdict, prev) {
			rep.Verdicts[name] = o.Verdict
		}
		rep.Titles[name] = o.Organisation
	}
	for _, f := range raw.Findings {
		name, ok := names[docKey{f.File, f.Document}]
		if !ok {
			name = orgName("", f.File, f.Document)
		}
		rep.Findings = append(rep.Findings, Finding{Name: name, RuleID: f.RuleID, Path: f.Path, Severity: f.Severity,
			Message: f.Message, File: f.File, Line: f.Line, Column: f.Column, Suppressed: f.Suppressed})
	}
	return rep, nil
}

// orgName is how an organisation is matched: its metadata.name, or, for a
// document without one, its file and document number (no better identity).
func orgName(name, file string, doc int) string {
	if name != "" {
		return name
	}
	return file + "#" + strconv.Itoa(doc+1)
}

func validVerdict(v string) bool {
	return slices.Contains(forecast.Verdicts(), forecast.Verdict(v))
}

// worse tells whether verdict a is worse than b.
func worse(a, b string) bool {
	return slices.Index(forecast.Verdicts(), forecast.Verdict(a)) < slices.Index(forecast.Verdicts(), forecast.Verdict(b))
}

// Result is a run compared with its baseline.
type Result struct {
	Baseline *Report
	// States has the state of each finding of the run, in the run's order.
	States []State
	// Absent are the baseline's findings the run no longer has.
	Absent []Finding
	// Changes are the organisations whose verdict changed, by name; From is
	// "" for an organisation new since the baseline, To "" for one removed.
	Changes        []Change
	New, Unchanged int // active findings of the run by state
}

// Change is an organisation's verdict change.
type Change struct {
	Name, Organisation string
	From, To           string
}

type key struct{ name, rule, path string }

// Compare compares a run (rep, with its look-ahead fc for the verdicts) with
// its baseline.
func Compare(base *Report, rep *lint.Report, fc *forecast.Forecast) *Result {
	res := &Result{Baseline: base, States: make([]State, len(rep.Findings))}
	names := map[[2]any]string{}
	titles := map[string]string{}
	verdicts := map[string]string{}
	for _, d := range fc.Documents {
		name := orgName(d.Info.Name, d.Info.File, d.Info.Index)
		names[[2]any{d.Info.File, d.Info.Index}] = name
		titles[name] = d.Info.Organisation
		v := string(fc.Verdict(d))
		if prev, ok := verdicts[name]; !ok || worse(v, prev) {
			verdicts[name] = v
		}
	}
	// Two pools: a finding active now matches an active one of the baseline
	// only; one waived now matches a waived one first, then an active one.
	active, waived := map[key][]int{}, map[key][]int{}
	for i, f := range base.Findings {
		k := key{f.Name, f.RuleID, f.Path}
		if f.Suppressed {
			waived[k] = append(waived[k], i)
		} else {
			active[k] = append(active[k], i)
		}
	}
	take := func(pool map[key][]int, k key) bool {
		if len(pool[k]) == 0 {
			return false
		}
		pool[k] = pool[k][1:]
		return true
	}
	for i, f := range rep.Findings {
		name, ok := names[[2]any{f.File, f.Document}]
		if !ok {
			name = orgName("", f.File, f.Document)
		}
		k := key{name, f.RuleID, f.Path.String()}
		matched := false
		if f.Suppressed() {
			matched = take(waived, k) || take(active, k)
		} else {
			matched = take(active, k)
		}
		res.States[i] = New
		if matched {
			res.States[i] = Unchanged
		}
		if !f.Suppressed() {
			if matched {
				res.Unchanged++
			} else {
				res.New++
			}
		}
	}
	var left []int
	for _, pool := range []map[key][]int{active, waived} {
		for _, idx := range pool {
			left = append(left, idx...)
		}
	}
	slices.Sort(left)
	for _, i := range left {
		res.Absent = append(res.Absent, base.Findings[i])
	}
	for name, to := range verdicts {
		if from := base.Verdicts[name]; from != to {
			res.Changes = append(res.Changes, Change{Name: name, Organisation: titles[name], From: from, To: to})
		}
	}
	for name, from := range base.Verdicts {
		if _, ok := verdicts[name]; !ok {
			res.Changes = append(res.Changes, Change{Name: name, Organisation: base.Titles[name], From: from})
		}
	}
	slices.SortFunc(res.Changes, func(a, b Change) int { return cmp.Compare(a.Name, b.Name) })
	return res
}

// ActiveAbsent counts the absent findings that were active in the baseline.
func (r *Result) ActiveAbsent() int {
	n := 0
	for _, f := range r.Absent {
		if !f.Suppressed {
			n++
		}
	}
	return n
}

// Words is a change for people: "blocked → ready", "new: ready", "removed (was blocked)".
func (c Change) Words() string {
	switch {
	case c.From == "":
		return "new, " + words(c.To)
	case c.To == "":
		return "removed (was " + words(c.From) + ")"
	}
	return words(c.From) + " → " + words(c.To)
}

func words(v string) string { return forecast.Verdict(v).Words() }
