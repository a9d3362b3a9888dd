package policy

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/open-policy-agent/opa/v1/ast"
)

// Setting changes one rule for a run (the configuration file's rules).
type Setting struct {
	Disabled bool
	Severity finding.Severity // 0: the rule's own
}

// decisionQuery calls the decision (policies/decision) on one document.
const decisionQuery = "decided := data.erslint.decision.decide(input.findings, input.waivers, input.stage)"

// ConfigData is what the engine gives the policies as data.erslint.config, and
// what a bundle serves there: the assessment date (empty: none, a bundle's
// entrypoint supplies it), the rule IDs, each rule's severity and stage, and the
// run's settings.
func ConfigData(asOf string, rules []Rule, settings map[string]Setting) map[string]any {
	ids := make([]any, len(rules))
	meta := make(map[string]any, len(rules))
	for i, r := range rules {
		ids[i] = r.ID
		meta[r.ID] = map[string]any{"severity": r.Severity.String(), "stage": r.Stage.String()}
	}
	set := make(map[string]any, len(settings))
	for _, id := range slices.Sorted(maps.Keys(settings)) {
		s := settings[id]
		m := map[string]any{"disabled": s.Disabled}
		if s.Severity != 0 {
			m["severity"] = s.Severity.String()
		}
		set[id] = m
	}
	cfg := map[string]any{"ruleIds": ids, "rules": meta, "settings": set}
	if asOf != "" {
		cfg["asOf"] = asOf
	}
	return cfg
}

// Decided is one finding after the decision: a finding given to Decide (Ref is
// its index) or a stale-waiver finding the decision added (Ref is -1; RuleID,
// Message and Path are set).
type Decided struct {
	Ref      int
	RuleID   string
	Message  string
	Path     finding.Path
	Severity finding.Severity
	Waiver   *DecidedWaiver // the waiver that suppresses the finding
}

// DecidedWaiver is the waiver that suppresses a finding, Index being its
// position in the manifest's waivers.
type DecidedWaiver struct {
	Index                       int
	Reason, ApprovedBy, Expires string
}

// Decide applies waivers, the run's settings and the document's stage to every
// finding of one document (its own, the schema's and the cross-manifest ones),
// with the decision in policies/decision: the same Rego the bundle serves.
// waivers is the manifest's waivers value as written (nil when it has none).
func (e *Engine) Decide(ctx context.Context, findings []finding.Finding, waivers any, stage finding.Stage) ([]Decided, error) {
	if waivers == nil {
		if out, ok := e.memo.recall(findings, stage); ok {
			return out, nil
		}
		// The decision of one finding of each rule gives every answer the
		// document needs, whatever else it holds: a document is then decided
		// the same way whatever the documents decided before it, and one with
		// thousands of findings of a few rules costs a decision of a few.
		var once []finding.Finding
		seen := map[string]bool{}
		for _, f := range findings {
			if !seen[f.RuleID] {
				seen[f.RuleID] = true
				once = append(once, f)
			}
		}
		out, err := e.decide(ctx, once, nil, stage)
		if err != nil {
			return nil, err
		}
		e.memo.learn(once, out, stage)
		if out, ok := e.memo.recall(findings, stage); ok {
			return out, nil
		}
	}
	return e.decide(ctx, findings, waivers, stage)
}

// decide is Decide, evaluating the decision every time.
func (e *Engine) decide(ctx context.Context, findings []finding.Finding, waivers any, stage finding.Stage) ([]Decided, error) {
	list := make([]*ast.Term, len(findings))
	for i, f := range findings {
		path := make([]*ast.Term, len(f.Path))
		for j, el := range f.Path {
			switch v := el.(type) {
			case int:
				path[j] = ast.IntNumberTerm(v)
			default:
				path[j] = ast.StringTerm(fmt.Sprint(v))
			}
		}
		list[i] = ast.ObjectTerm(
			ast.Item(ast.InternedTerm("rule"), ast.StringTerm(f.RuleID)),
			ast.Item(ast.InternedTerm("path"), ast.ArrayTerm(path...)),
			ast.Item(ast.InternedTerm("ref"), ast.IntNumberTerm(i)),
		)
	}
	w := ast.Value(ast.Null{})
	if waivers != nil {
		var err error
		if w, err = ast.InterfaceToValue(waivers); err != nil {
			return nil, fmt.Errorf("convert waivers: %w", err)
		}
	}
	input := ast.NewObject(
		ast.Item(ast.InternedTerm("findings"), ast.ArrayTerm(list...)),
		ast.Item(ast.InternedTerm("waivers"), ast.NewTerm(w)),
		ast.Item(ast.InternedTerm("stage"), ast.StringTerm(stage.String())),
	)
	// Bounded as the rules' evaluation is: matching waivers to findings grows
	// with both, and a hostile manifest may have thousands.
	rs, err := e.run(ctx, e.decideQuery, input)
	if err != nil {
		return nil, fmt.Errorf("decide: %w", err)
	}
	if len(rs) != 1 {
		return nil, errors.New("decide: the decision is undefined")
	}
	t, _ := rs[0].Bindings["decided"].(*ast.Term)
	arr, ok := t.Value.(*ast.Array)
	if !ok {
		return nil, fmt.Errorf("decide: the decision is %v, not a list", t)
	}
	out := make([]Decided, 0, arr.Len())
	for i := range arr.Len() {
		d, err := toDecided(arr.Elem(i).Value, len(findings))
		if err != nil {
			return nil, fmt.Errorf("decide: finding %d: %w", i, err)
		}
		out = append(out, d)
	}
	return out, nil
}

func toDecided(v ast.Value, n int) (Decided, error) {
	obj, ok := v.(ast.Object)
	if !ok {
		return Decided{}, errors.New("not an object")
	}
	d := Decided{Ref: -1}
	sev, _ := stringAt(obj, "severity")
	var err error
	if d.Severity, err = finding.ParseSeverity(sev); err != nil {
		return Decided{}, err
	}
	if ref, ok := valueAt(obj, "ref").(ast.Number); ok {
		i, ok := ref.Int()
		if !ok || i < 0 || i >= n {
			return Decided{}, fmt.Errorf("ref %v names no finding", ref)
		}
		d.Ref = i
	} else {
		// A finding the decision added: read it as a rule's.
		d.RuleID, _ = stringAt(obj, "rule")
		res, err := toResult(d.RuleID, obj)
		if err != nil {
			return Decided{}, err
		}
		d.Message, d.Path = res.Message, res.Path
	}
	if w, ok := valueAt(obj, "waiver").(ast.Object); ok {
		idx, _ := valueAt(w, "index").(ast.Number)
		i, _ := idx.Int()
		dw := &DecidedWaiver{Index: i}
		dw.Reason, _ = stringAt(w, "reason")
		dw.ApprovedBy, _ = stringAt(w, "approvedBy")
		dw.Expires, _ = stringAt(w, "expires")
		d.Waiver = dw
	}
	return d, nil
}

// decisionMemo is what the decision said of findings without waivers. It
// then settles each finding on its own, from its rule and the document's
// stage only (severity_at: the rule's severity or the configuration's, one
// level lower before the rule's stage, or the finding dropped), so its answer
// for a rule at a stage holds for every such finding of the run. The engine
// keeps the answers the Rego gave and decides findings whose every rule it has
// one for without evaluating it again: most documents have no waivers, and a
// look-ahead decides a document again on each day its findings change. The
// Rego stays the only place the decision is made (TestDecisionMemoIsTheRego).
type decisionMemo struct {
	mu      sync.RWMutex
	answers map[memoKey]memoAnswer
}

type memoKey struct {
	stage finding.Stage
	rule  string
}

type memoAnswer struct {
	kept     bool
	severity finding.Severity
}

// maxMemo bounds the answers kept: rule IDs times stages, far fewer in any run.
const maxMemo = 4096

// recall decides findings (of a document without waivers) from the answers
// kept, in their order; false when a rule has none yet.
func (m *decisionMemo) recall(findings []finding.Finding, stage finding.Stage) ([]Decided, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]Decided, 0, len(findings))
	for i, f := range findings {
		a, ok := m.answers[memoKey{stage, f.RuleID}]
		if !ok {
			return nil, false
		}
		if a.kept {
			out = append(out, Decided{Ref: i, Severity: a.severity})
		}
	}
	return out, true
}

// learn keeps what the decision made of findings without waivers (decided):
// each finding kept with its severity, or dropped. An answer that is not of
// that shape (a finding the decision added, two answers for one rule) teaches
// nothing.
func (m *decisionMemo) learn(findings []finding.Finding, decided []Decided, stage finding.Stage) {
	learnt := make(map[memoKey]memoAnswer, len(findings))
	for _, f := range findings {
		learnt[memoKey{stage, f.RuleID}] = memoAnswer{}
	}
	for _, d := range decided {
		if d.Ref < 0 || d.Waiver != nil {
			return
		}
		k := memoKey{stage, findings[d.Ref].RuleID}
		if a := learnt[k]; a.kept && a.severity != d.Severity {
			return
		}
		learnt[k] = memoAnswer{kept: true, severity: d.Severity}
	}
	// A rule kept for one finding and dropped for another is no answer.
	kept := make(map[int]bool, len(decided))
	for _, d := range decided {
		kept[d.Ref] = true
	}
	for i, f := range findings {
		if learnt[memoKey{stage, f.RuleID}].kept != kept[i] {
			return
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for k, a := range learnt {
		if len(m.answers) >= maxMemo {
			break
		}
		m.answers[k] = a
	}
}
