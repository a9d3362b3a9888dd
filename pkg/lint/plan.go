package lint

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/isodate"
	"github.com/erslint/erslint/pkg/manifest"
	"github.com/erslint/erslint/pkg/policy"
	"github.com/erslint/erslint/pkg/validate"
)

// Evaluation asks for a document's findings at another assessment date than
// the run's, and, when Stage is set, as if the document were at that stage (a
// go-live rehearsal: stage live on the planned date).
type Evaluation struct {
	AsOf  string        // YYYY-MM-DD
	Stage finding.Stage // 0: the document's own
	// Parts, when set on every day of a document at its own stage, are the
	// parts of the document (paths of list items or sections) whose dates
	// cross a boundary on AsOf. With them the plan vouches that the built-in
	// rules that read the date judge each such part on its own, from its
	// dates and what it is in (forecast.Candidates): lint then evaluates them
	// again on those parts only, and the findings elsewhere are the previous
	// day's. A document with waivers, or a run with a custom rule that reads
	// the date, is evaluated whole on each day whatever the plan says.
	Parts []finding.Path
	// Rules, with Parts, are the rules that read the date whose findings at
	// or below Parts may change on AsOf: the plan vouches that the others
	// give the same findings there as the day before, so only these are
	// evaluated again. Nil: every rule that reads the date.
	Rules []string
}

// Plan is the further evaluations a run makes of each document.
type Plan struct {
	// Evaluations picks, from a document's data (the manifest as JSON
	// values), the further evaluations of it, the days at its own stage in
	// order. It is called once per document, from several goroutines at once.
	Evaluations func(data any) []Evaluation
	// Key names the plan for the cache: two plans with the same key pick the
	// same evaluations of the same data, so a file's evaluations are cached
	// with it. Empty: a planned run caches nothing.
	Key string
}

// Evaluated is what a document's findings are at one Evaluation, as a report
// at that date would hold them (schema and cross-manifest findings included,
// waivers applied, severities set for the stage, sorted).
type Evaluated struct {
	Evaluation
	// Findings, for a rehearsal (Stage set): every finding on that day,
	// waived ones included.
	Findings []finding.Finding
	// Appear and Clear, for a day at the document's own stage: the
	// unsuppressed findings it has that the previous evaluation (the run's on
	// the assessment date, for the first) has not, and the other way round,
	// compared by Identity as multisets; Clear as the previous evaluation
	// reported them. A day at the document's own stage with neither is left
	// out of DocumentInfo.Evaluations.
	Appear, Clear []finding.Finding
	// Counts are the unsuppressed findings by severity from that day on.
	Counts map[finding.Severity]int
}

// Identity is what makes a finding the same on two days: its rule, severity
// and path; not its message, which may count the days to the assessment date.
func Identity(f finding.Finding) string {
	return f.RuleID + "\x00" + f.Severity.String() + "\x00" + f.Path.String()
}

// Diff returns the findings of cur that prev does not have, and those of prev
// that cur does not have, as multisets by Identity, each in its list's order.
func Diff(prev, cur []finding.Finding) (appear, clear []finding.Finding) {
	seen := map[string]int{}
	for _, f := range prev {
		seen[Identity(f)]++
	}
	for _, f := range cur {
		k := Identity(f)
		if seen[k] > 0 {
			seen[k]--
			continue
		}
		appear = append(appear, f)
	}
	now := map[string]int{}
	for _, f := range cur {
		now[Identity(f)]++
	}
	for _, f := range prev {
		k := Identity(f)
		if now[k] > 0 {
			now[k]--
			continue
		}
		clear = append(clear, f)
	}
	return appear, clear
}

// DefaultLookAheadWork is the default of Options.LookAheadWork: on a 2-core
// machine, about ten seconds of a document evaluated whole each day (a
// 1,000-contract manifest with waivers: 100 days), and far more than a
// manifest evaluated by parts needs (the same without waivers: 3,000 days in
// 600,000).
const DefaultLookAheadWork = 2_000_000

// lookAheadWork is Options.LookAheadWork, or its default.
func (l *Linter) lookAheadWork() int {
	if l.opts.LookAheadWork <= 0 {
		return DefaultLookAheadWork
	}
	return l.opts.LookAheadWork
}

// lookAheadTimes is how many times Options.EvalTimeout (one evaluation) the
// look-ahead of one document may take, all its days together: a backstop
// behind the work bound, which does not depend on the machine's load.
const lookAheadTimes = 6

// datedState is one of a document's further evaluations until the run's end:
// for a day at the document's own stage, the findings of the rules that read
// the date (of its parts only, with those of the previous day in prev, when
// parts is set); for a rehearsal, of every rule.
type datedState struct {
	ev       Evaluation
	findings []finding.Finding
	packed   []byte
	parts    bool
	prev     []finding.Finding
	prevPack []byte
	// cut, when set, is the finding that says the look-ahead stopped on this
	// day: nothing is known from then on.
	cut *finding.Finding
}

// LintPlanned lints inputs as Lint does and, besides, each document at the
// evaluations plan asks of it, with the same rules compiled once. A further
// day evaluates again only the rules that read the assessment date
// (policy.Engine.Dated) on the document already read and checked: the
// schema, the other rules and the cross-manifest rules give the same findings
// on every day. The evaluations are in the report's DocumentInfos.
//
// The look-ahead of one document is bounded by Options.LookAheadWork and by
// lookAheadTimes times Options.EvalTimeout: past either, it stops with an
// ERS-SCHEMA-001 finding that appears on the day it stopped, saying what was
// not checked.
func (l *Linter) LintPlanned(ctx context.Context, inputs []Input, plan Plan) (*Report, error) {
	return l.planned(plan).Lint(ctx, inputs)
}

// evaluatePlan evaluates the rules on doc (input, as the run's evaluation had
// it; whole, when not nil, input converted) at each of the plan's
// evaluations; schema holds its schema findings.
func (l *Linter) evaluatePlan(ctx context.Context, doc *manifest.Document, input any, whole *policy.Input, d *docState, schema []finding.Finding) error {
	evs := l.plan.Evaluations(doc.Data)
	byParts := l.byParts(input, evs)
	wholeInput := func() (*policy.Input, error) {
		if whole == nil {
			var err error
			if whole, err = policy.NewInput(input); err != nil {
				return nil, err
			}
		}
		return whole, nil
	}
	nodes := -1 // the work of a day evaluated whole
	work, budget := 0, l.lookAheadWork()
	start := time.Now()
	prevDay := l.opts.AsOf
	stopped := false
	for _, ev := range evs {
		if _, ok := isodate.Parse(ev.AsOf); !ok {
			return fmt.Errorf("planned evaluation date %q is not a date YYYY-MM-DD", ev.AsOf)
		}
		if ev.Stage != 0 {
			ds, err := l.rehearse(ctx, doc, d, input, wholeInput, ev, schema)
			if err != nil {
				return err
			}
			d.dated = append(d.dated, ds)
			continue
		}
		if stopped {
			continue
		}
		cut := func(msg string) {
			d.noCache = true // what is known stops short; some limits are the machine's
			line, col := doc.Position(nil)
			d.dated = append(d.dated, datedState{ev: ev, cut: &finding.Finding{RuleID: validate.RuleID, Severity: finding.Error,
				File: doc.File, Document: doc.Index, Line: line, Column: col, Message: msg}})
			stopped = true
		}
		if limit := lookAheadTimes * l.opts.EvalTimeout; limit > 0 && time.Since(start) > limit {
			cut(fmt.Sprintf("the look-ahead of this document stopped on %s: it took longer than its time limit of %s "+
				"(%d times --eval-timeout), so its findings from that day on were not checked: make the document smaller "+
				"(one organisation per document), look fewer days ahead (--days), or raise the limit with --eval-timeout",
				ev.AsOf, limit, lookAheadTimes))
			continue
		}
		ds := datedState{ev: ev, parts: byParts}
		in, err := wholeInput()
		if err != nil {
			return err
		}
		cost := 0
		if byParts {
			var n int
			in, n = in.Only(ev.Parts)
			cost = 2 * n
		} else {
			if nodes < 0 {
				// Each day decides every finding again too.
				nodes = countValues(input) + 8*len(d.findings)
			}
			cost = nodes
		}
		if work += cost; work > budget {
			cut(fmt.Sprintf("the look-ahead of this document stopped on %s: evaluating its rules again on each day its "+
				"dates change is over the limit of %d values evaluated, so its findings from that day on were not checked: "+
				"make the document smaller (one organisation per document), or look fewer days ahead (--days)", ev.AsOf, budget))
			continue
		}
		var parts []finding.Path
		var rules []string
		days := []string{ev.AsOf}
		if byParts {
			parts, rules = ev.Parts, ev.Rules
			if prevDay == l.opts.AsOf {
				// The day before is the assessment date: the run's evaluation.
				ds.prev = l.datedUnder(d.findings, parts, rules)
			} else {
				days = append(days, prevDay)
			}
		}
		var found [][]finding.Finding
		if found, err = l.evaluateDated(ctx, doc, in, parts, rules, days); err == nil {
			ds.findings = found[0]
			if len(found) > 1 {
				ds.prev = found[1]
			}
		}
		if why := failedEvaluation(err); why != "" {
			cut(fmt.Sprintf("the look-ahead of this document stopped on %s: %s, so its findings from that day on were not checked", ev.AsOf, why))
			continue
		}
		if err != nil {
			return fmt.Errorf("as of %s: %w", ev.AsOf, err)
		}
		d.dated = append(d.dated, ds)
		prevDay = ev.AsOf
	}
	return nil
}

// byParts holds when the document's days can be evaluated on their parts
// only (Evaluation.Parts): every day has them, the document has no waivers
// (whose findings the decision matches with every other), and every rule that
// reads the date is a built-in one.
func (l *Linter) byParts(input any, evs []Evaluation) bool {
	if m, ok := input.(map[string]any); ok && m["waivers"] != nil {
		return false
	}
	for _, r := range l.engine.DatedRules() {
		if !r.Builtin {
			return false
		}
	}
	days := 0
	for _, ev := range evs {
		if ev.Stage == 0 {
			if ev.Parts == nil {
				return false
			}
			days++
		}
	}
	return days > 0
}

// failedEvaluation says why an evaluation failed on the document, when it did
// (time limit, a pattern too long, a rule that fails on a value); empty for
// no error or an error of the run.
func failedEvaluation(err error) string {
	var tooLong *policy.TimeoutError
	var tooBig *policy.PatternError
	var failed *policy.EvalError
	switch {
	case errors.As(err, &tooLong):
		return fmt.Sprintf("the rules could not be evaluated within the time limit of %s (raise it with --eval-timeout)", tooLong.Limit)
	case errors.As(err, &tooBig):
		return fmt.Sprintf("the rules could not be evaluated: %v", tooBig)
	case errors.As(err, &failed):
		return fmt.Sprintf("the rules could not be evaluated: %v", failed)
	}
	return ""
}

// evaluateDated is the findings of the rules that read the date (of rules
// only, when set) on in as of each of days; at or below parts only, when set.
func (l *Linter) evaluateDated(ctx context.Context, doc *manifest.Document, in *policy.Input, parts []finding.Path, rules []string, days []string) ([][]finding.Finding, error) {
	results, err := l.engine.EvaluateDatedOnly(ctx, in, rules, days...)
	if err != nil {
		return nil, err
	}
	out := make([][]finding.Finding, len(days))
	for i, rs := range results {
		for _, r := range rs {
			if parts != nil && !slices.ContainsFunc(parts, func(p finding.Path) bool { return under(r.Path, p) }) {
				continue
			}
			line, col := doc.Position(r.Path)
			out[i] = append(out[i], finding.Finding{RuleID: r.RuleID, File: doc.File, Document: doc.Index,
				Line: line, Column: col, Path: r.Path, Message: r.Message})
		}
	}
	return out, nil
}

// datedUnder is the findings of fs of the rules that read the date (of rules
// only, when set), at or below parts.
func (l *Linter) datedUnder(fs []finding.Finding, parts []finding.Path, rules []string) []finding.Finding {
	var out []finding.Finding
	for _, f := range fs {
		if rules != nil && !slices.Contains(rules, f.RuleID) {
			continue
		}
		if l.engine.Dated(f.RuleID) && slices.ContainsFunc(parts, func(p finding.Path) bool { return under(f.Path, p) }) {
			out = append(out, f)
		}
	}
	return out
}

// rehearse evaluates every rule on the document (d, with its findings on the
// assessment date, schema first) as of ev.AsOf at ev.Stage; whole is its input
// (input converted). A rehearsal that hits the time limit is not cached.
func (l *Linter) rehearse(ctx context.Context, doc *manifest.Document, d *docState, input any, whole func() (*policy.Input, error), ev Evaluation, schema []finding.Finding) (datedState, error) {
	run := d.findings[len(schema):]
	if m, ok := input.(map[string]any); ok && m["stage"] == ev.Stage.String() || !l.engine.StageRead() {
		// Already at that stage, or no rule reads it: the rules read what the
		// run's evaluation read, so those that do not read the date give the
		// run's findings. The stage decides the severities (finishDated).
		in, err := whole()
		if err != nil {
			return datedState{}, err
		}
		fs := slices.Clone(schema)
		for _, f := range run {
			if !l.engine.Dated(f.RuleID) {
				fs = append(fs, f)
			}
		}
		found, err := l.evaluateDated(ctx, doc, in, nil, nil, []string{ev.AsOf})
		var tooLong *policy.TimeoutError
		if errors.As(err, &tooLong) {
			d.noCache = true
			return datedState{ev: ev, findings: append(slices.Clone(schema), timeoutFinding(doc, tooLong.Limit))}, nil
		}
		if err != nil {
			return datedState{}, fmt.Errorf("as of %s: %w", ev.AsOf, err)
		}
		return datedState{ev: ev, findings: append(fs, found[0]...)}, nil
	}
	engine, err := l.engine.At(ctx, ev.AsOf)
	if err != nil {
		return datedState{}, err
	}
	in := input
	if m, ok := input.(map[string]any); ok {
		// The stage as the rules would read it, should one read it; the
		// severities are set for it too (settle).
		staged := make(map[string]any, len(m)+1)
		for k, v := range m {
			staged[k] = v
		}
		staged["stage"] = ev.Stage.String()
		in = staged
	}
	results, err := engine.Evaluate(ctx, in)
	fs := slices.Clone(schema)
	var tooLong *policy.TimeoutError
	if errors.As(err, &tooLong) {
		// As in the run's own evaluation: a finding, not the end of the run.
		d.noCache = true
		fs = append(fs, timeoutFinding(doc, tooLong.Limit))
		results, err = nil, nil
	}
	if err != nil {
		return datedState{}, fmt.Errorf("as of %s: %w", ev.AsOf, err)
	}
	for _, r := range results {
		line, col := doc.Position(r.Path)
		fs = append(fs, finding.Finding{RuleID: r.RuleID, File: doc.File, Document: doc.Index,
			Line: line, Column: col, Path: r.Path, Message: r.Message})
	}
	return datedState{ev: ev, findings: fs}, nil
}

// under holds when path is at or below part.
func under(path, part finding.Path) bool {
	return len(path) >= len(part) && slices.Equal(path[:len(part)], part)
}

// countValues is how many values v holds, itself included.
func countValues(v any) int {
	switch x := v.(type) {
	case map[string]any:
		n := 1
		for _, e := range x {
			n += countValues(e)
		}
		return n
	case []any:
		n := 1
		for _, e := range x {
			n += countValues(e)
		}
		return n
	}
	return 1
}

// packDated packs the findings of the further evaluations, as pack does the
// run's own.
func (d *docState) packDated(tab *strtab) {
	for i := range d.dated {
		ds := &d.dated[i]
		if len(ds.findings) > 0 {
			if b, ok := packFindings(tab, d.file, ds.findings); ok {
				ds.packed, ds.findings = b, nil
			}
		}
		if len(ds.prev) > 0 {
			if b, ok := packFindings(tab, d.file, ds.prev); ok {
				ds.prevPack, ds.prev = b, nil
			}
		}
	}
}

func (d *docState) unpack(tab *strtab, fs []finding.Finding, packed []byte) ([]finding.Finding, error) {
	if packed == nil {
		return fs, nil
	}
	fs, err := unpackFindings(tab, d.file, packed)
	if err != nil {
		return nil, fmt.Errorf("%s: document %d: %w", d.file, d.index+1, err)
	}
	return fs, nil
}

// finishDated settles each of the document's further evaluations as finish
// settles the run's: with the cross-manifest findings, waivers and severities.
// own is every finding of the document before the decision, decided them as
// finish settled them, on the assessment date. A day is compared with the one
// before: only a day with a change is kept.
func (l *Linter) finishDated(ctx context.Context, d *docState, tab *strtab, own, decided []finding.Finding) ([]Evaluated, error) {
	open := slices.DeleteFunc(slices.Clone(decided), finding.Finding.Suppressed)
	finding.Sort(open)
	// The findings of the rules that do not read the date are the same on
	// every day.
	static := slices.DeleteFunc(slices.Clone(own), func(f finding.Finding) bool { return l.engine.Dated(f.RuleID) })
	prev := open
	counts := countOpen(open)
	var out []Evaluated
	for _, ds := range d.dated {
		fs, err := d.unpack(tab, ds.findings, ds.packed)
		if err != nil {
			return nil, err
		}
		if ds.ev.Stage != 0 {
			fs = append(slices.Clone(fs), d.cross...)
			engine, err := l.decider(ctx, ds.ev.AsOf)
			if err != nil {
				return nil, err
			}
			if fs, err = l.settle(ctx, engine, d, fs, ds.ev.Stage); err != nil {
				return nil, fmt.Errorf("as of %s: %w", ds.ev.AsOf, err)
			}
			finding.Sort(fs)
			out = append(out, Evaluated{Evaluation: ds.ev, Findings: fs})
			continue
		}
		var appear, clear []finding.Finding
		switch {
		case ds.cut != nil:
			appear = []finding.Finding{*ds.cut}
		case ds.parts:
			// Only the parts changed: their findings today against the day before's.
			before, err := d.unpack(tab, ds.prev, ds.prevPack)
			if err != nil {
				return nil, err
			}
			// Without waivers the decision takes each finding on its own:
			// both days are decided at once, the day before's marked by a
			// document index no finding has.
			all := slices.Clone(fs)
			for _, f := range before {
				f.Document = -1
				all = append(all, f)
			}
			both, err := l.openAt(ctx, d, ds.ev.AsOf, all)
			if err != nil {
				return nil, fmt.Errorf("as of %s: %w", ds.ev.AsOf, err)
			}
			var cur, was []finding.Finding
			for _, f := range both {
				if f.Document < 0 {
					f.Document = d.index
					was = append(was, f)
				} else {
					cur = append(cur, f)
				}
			}
			appear, clear = Diff(was, cur)
		default:
			cur, err := l.openAt(ctx, d, ds.ev.AsOf, append(slices.Clone(static), fs...))
			if err != nil {
				return nil, fmt.Errorf("as of %s: %w", ds.ev.AsOf, err)
			}
			appear, clear = Diff(prev, cur)
			prev = cur
		}
		if len(appear)+len(clear) == 0 {
			continue
		}
		counts = maps.Clone(counts)
		for _, f := range appear {
			counts[f.Severity]++
		}
		for _, f := range clear {
			counts[f.Severity]--
		}
		out = append(out, Evaluated{Evaluation: ds.ev, Appear: appear, Clear: clear, Counts: counts})
		if ds.cut != nil {
			break
		}
	}
	return out, nil
}

// openAt settles fs at the document's stage and keeps the unsuppressed
// findings, sorted.
func (l *Linter) openAt(ctx context.Context, d *docState, day string, fs []finding.Finding) ([]finding.Finding, error) {
	engine, err := l.decider(ctx, day)
	if err != nil {
		return nil, err
	}
	fs, err = l.settle(ctx, engine, d, fs, d.stage)
	if err != nil {
		return nil, err
	}
	finding.Sort(fs)
	return slices.DeleteFunc(fs, finding.Finding.Suppressed), nil
}

// decider is the Engine that decides findings of day: the run's, unless the
// decision reads the date.
func (l *Linter) decider(ctx context.Context, day string) (*policy.Engine, error) {
	if !l.engine.DecisionDated() {
		return l.engine, nil
	}
	return l.engine.At(ctx, day)
}

func countOpen(fs []finding.Finding) map[finding.Severity]int {
	c := map[finding.Severity]int{}
	for _, f := range fs {
		if !f.Suppressed() {
			c[f.Severity]++
		}
	}
	return c
}
