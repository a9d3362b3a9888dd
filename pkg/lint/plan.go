package lint

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/manifest"
	"github.com/erslint/erslint/pkg/policy"
)

// Evaluation asks for a document's findings at another assessment date than
// the run's, and, when Stage is set, as if the document were at that stage (a
// go-live rehearsal: stage live on the planned date).
type Evaluation struct {
	AsOf  string        // YYYY-MM-DD
	Stage finding.Stage // 0: the document's own
}

// Plan picks, from a document's data (the manifest as JSON values), the
// further evaluations a run makes of it. It is called once per document, from
// several goroutines at once.
type Plan func(data any) []Evaluation

// Evaluated is a document's findings at one Evaluation, as a report at that
// date would hold them: schema and cross-manifest findings included, waivers
// applied, severities set for the stage, sorted.
type Evaluated struct {
	Evaluation
	Findings []finding.Finding
}

// datedState is one of a document's further evaluations until the run's end.
type datedState struct {
	ev       Evaluation
	findings []finding.Finding
	packed   []byte
}

// LintPlanned lints inputs as Lint does and, besides, each document at the
// evaluations plan asks of it, with the same rules compiled once: each further
// date only re-evaluates the rules on the document already read and checked
// against the schema (the schema and the cross-manifest rules do not depend
// on the date). The evaluations are in the report's DocumentInfos.
func (l *Linter) LintPlanned(ctx context.Context, inputs []Input, plan Plan) (*Report, error) {
	planned := *l
	planned.plan = plan
	return planned.Lint(ctx, inputs)
}

// evaluatePlan evaluates the rules on doc (input, as the run's evaluation had
// it) at each of the plan's evaluations; schema holds its schema findings.
func (l *Linter) evaluatePlan(ctx context.Context, doc *manifest.Document, input any, d *docState, schema []finding.Finding) error {
	for _, ev := range l.plan(doc.Data) {
		if _, err := time.Parse(time.DateOnly, ev.AsOf); err != nil {
			return fmt.Errorf("planned evaluation date %q is not a date YYYY-MM-DD", ev.AsOf)
		}
		engine, err := l.engine.At(ctx, ev.AsOf)
		if err != nil {
			return err
		}
		in := input
		if m, ok := input.(map[string]any); ok && ev.Stage != 0 {
			// The stage as the rules would read it, should one read it; the
			// severities are set for it too (settle).
			staged := make(map[string]any, len(m)+1)
			for k, v := range m {
				staged[k] = v
			}
			staged["stage"] = ev.Stage.String()
			in = staged
		}
		var results []policy.Result
		if ev.Stage != 0 {
			// A rehearsal reads another stage: not the document as remembered.
			results, err = engine.Evaluate(ctx, in)
		} else {
			results, err = l.evaluate(ctx, engine, d, in)
		}
		fs := slices.Clone(schema)
		var tooLong *policy.TimeoutError
		if errors.As(err, &tooLong) {
			// As in the run's own evaluation: a finding, not the end of the run.
			fs = append(fs, timeoutFinding(doc, tooLong.Limit))
			results, err = nil, nil
		}
		if err != nil {
			return fmt.Errorf("as of %s: %w", ev.AsOf, err)
		}
		for _, r := range results {
			line, col := doc.Position(r.Path)
			fs = append(fs, finding.Finding{RuleID: r.RuleID, File: doc.File, Document: doc.Index,
				Line: line, Column: col, Path: r.Path, Message: r.Message})
		}
		d.dated = append(d.dated, datedState{ev: ev, findings: fs})
	}
	return nil
}

// packDated packs the findings of the further evaluations, as pack does the
// run's own.
func (d *docState) packDated(tab *strtab) {
	for i := range d.dated {
		ds := &d.dated[i]
		if len(ds.findings) == 0 {
			continue
		}
		if b, ok := packFindings(tab, d.file, ds.findings); ok {
			ds.packed, ds.findings = b, nil
		}
	}
}

// finishDated settles each of the document's further evaluations as finish
// settles the run's: with the cross-manifest findings, waivers and severities.
// Each is decided by the Engine of its own date, so waivers expire at it.
func (l *Linter) finishDated(ctx context.Context, d *docState, tab *strtab) ([]Evaluated, error) {
	out := make([]Evaluated, 0, len(d.dated))
	for _, ds := range d.dated {
		engine, err := l.engine.At(ctx, ds.ev.AsOf)
		if err != nil {
			return nil, err
		}
		fs := ds.findings
		if ds.packed != nil {
			if fs, err = unpackFindings(tab, d.file, ds.packed); err != nil {
				return nil, fmt.Errorf("%s: document %d: %w", d.file, d.index+1, err)
			}
		}
		fs = append(slices.Clone(fs), d.cross...)
		stage := d.stage
		if ds.ev.Stage != 0 {
			stage = ds.ev.Stage
		}
		if fs, err = l.settle(ctx, engine, d, fs, stage); err != nil {
			return nil, fmt.Errorf("as of %s: %w", ds.ev.AsOf, err)
		}
		finding.Sort(fs)
		out = append(out, Evaluated{Evaluation: ds.ev, Findings: fs})
	}
	return out, nil
}
