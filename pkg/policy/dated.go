package policy

import (
	"context"
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// A look-ahead (forecast) lints each document again on the days its dates
// cross a rule's boundary. Most rules never read the assessment date, so their
// findings on another day are the run's: only the rules that can depend on it
// (dated) are evaluated again, on every day with one prepared query that sets
// the date with `with`, instead of an Engine prepared per day (At).

// asOfRef is where the rules read the assessment date.
var asOfRef = ast.MustParseRef("data.erslint.config.asOf")

// datedQuery is one dated rule's findings on input.doc as of input.asOf.
type datedQuery struct {
	rule  Rule
	query rego.PreparedEvalQuery
}

// prepareDated finds the document rules that can depend on the assessment
// date and prepares their query.
func (e *Engine) prepareDated(ctx context.Context) error {
	deps := dateAnalysis{compiler: e.compiler, done: map[*ast.Rule]bool{}}
	e.decisionDated = deps.datedAll(ast.MustParseRef("data.erslint.decision.decide"))
	for _, r := range e.rules {
		if r.Scope != ScopeDocument {
			continue
		}
		deny := ast.MustParseRef("data.erslint." + r.Package + ".deny")
		if !deps.datedAll(deny) {
			continue
		}
		q := fmt.Sprintf("finding := %s[_] with input as input.doc with data.erslint.config.asOf as input.asOf", deny)
		pq, err := rego.New(rego.Query(q), rego.Compiler(e.compiler), rego.Store(e.store)).PrepareForEval(ctx)
		if err != nil {
			return fmt.Errorf("prepare %s: %w", q, err)
		}
		e.dated = append(e.dated, datedQuery{rule: r, query: pq})
	}
	return nil
}

// Dated reports whether the findings of rule id can depend on the assessment
// date: its rules read it (data.erslint.config.asOf), or something that does,
// or anything that could hold it (data.erslint.config as a whole, a key not
// known before evaluation). The others give the same findings on every day.
func (e *Engine) Dated(id string) bool {
	for _, d := range e.dated {
		if d.rule.ID == id {
			return true
		}
	}
	return false
}

// DecisionDated reports whether the decision (policies/decision) can depend
// on the assessment date; when not, the Engine of any day decides as this one.
func (e *Engine) DecisionDated() bool { return e.decisionDated }

// DatedRules lists the rules Dated holds for, by ID.
func (e *Engine) DatedRules() []Rule {
	out := make([]Rule, len(e.dated))
	for i, d := range e.dated {
		out[i] = d.rule
	}
	return out
}

// Input is a manifest converted once for evaluating it on many days.
type Input struct{ value ast.Value }

// NewInput converts a manifest (as JSON data) for EvaluateDated.
func NewInput(manifest any) (*Input, error) {
	v, err := ast.InterfaceToValue(manifest)
	if err != nil {
		return nil, fmt.Errorf("convert input: %w", err)
	}
	return &Input{value: v}, nil
}

// EvaluateDated runs the dated rules (Dated) on in as of asOf (YYYY-MM-DD),
// within the engine's time limit for one evaluation. Together with the other
// rules' findings on any day, they are what Evaluate gives at asOf.
func (e *Engine) EvaluateDated(ctx context.Context, in *Input, asOf string) ([]Result, error) {
	if len(e.dated) == 0 {
		return nil, nil
	}
	wrapped := ast.NewObject(
		ast.Item(ast.InternedTerm("doc"), ast.NewTerm(in.value)),
		ast.Item(ast.InternedTerm("asOf"), ast.StringTerm(asOf)),
	)
	var out []Result
	for _, d := range e.dated {
		rs, err := e.run(ctx, d.query, wrapped)
		if err != nil {
			return nil, e.evalError(ctx, err)
		}
		for _, r := range rs {
			var item ast.Value
			if t, ok := r.Bindings["finding"].(*ast.Term); ok {
				item = t.Value
			}
			res, err := toResult(d.rule.ID, item)
			if err != nil {
				return nil, &EvalError{Err: fmt.Errorf("%s (%s): %w", d.rule.ID, d.rule.File, err)}
			}
			out = append(out, res)
		}
	}
	return out, nil
}

// dateAnalysis decides which rules can depend on the assessment date.
type dateAnalysis struct {
	compiler *ast.Compiler
	done     map[*ast.Rule]bool // a rule being decided counts as undated (recursion is refused by the compiler)
}

// datedAll holds when a rule that defines ref, or the base data at ref, can
// depend on the date.
func (a dateAnalysis) datedAll(ref ast.Ref) bool {
	if overlaps(ref, asOfRef) {
		return true
	}
	for _, r := range a.compiler.GetRulesDynamicWithOpts(ref, ast.RulesOptions{}) {
		if a.dated(r) {
			return true
		}
	}
	return false
}

func (a dateAnalysis) dated(rule *ast.Rule) bool {
	if v, ok := a.done[rule]; ok {
		return v
	}
	a.done[rule] = false
	dated := false
	for r := rule; r != nil && !dated; r = r.Else {
		dated = a.datedRefs(r)
	}
	a.done[rule] = dated
	return dated
}

func (a dateAnalysis) datedRefs(rule *ast.Rule) bool {
	dated := false
	ast.WalkExprs(rule, func(x *ast.Expr) bool {
		if len(x.With) > 0 {
			dated = true // with may set the date, or what reads it
		}
		return dated
	})
	// data on its own (not in a reference), e.g. d := data.
	ast.WalkTerms(rule, func(t *ast.Term) bool {
		if _, isRef := t.Value.(ast.Ref); isRef {
			return true // its head is not the variable on its own; WalkRefs reads it
		}
		if v, isVar := t.Value.(ast.Var); isVar && v.Equal(ast.DefaultRootDocument.Value) {
			dated = true
		}
		return dated
	})
	ast.WalkRefs(rule, func(ref ast.Ref) bool {
		if !dated && ref.HasPrefix(ast.DefaultRootRef) {
			dated = a.datedAll(ref)
		}
		if b, isBuiltin := ast.BuiltinMap[ref.String()]; isBuiltin && b.Nondeterministic {
			dated = true
		}
		return dated
	})
	return dated
}

// overlaps holds when ref may name target, a part of it or a document that
// holds it: they agree on every element both have, a variable agreeing with
// anything.
func overlaps(ref, target ast.Ref) bool {
	for i := 0; i < len(ref) && i < len(target); i++ {
		if !ref[i].IsGround() || !target[i].IsGround() {
			continue
		}
		if !ref[i].Equal(target[i]) {
			return false
		}
	}
	return true
}
