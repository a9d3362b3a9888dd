package policy

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
)

// A look-ahead (forecast) lints each document again on the days its dates
// cross a rule's boundary. Most rules never read the assessment date, so their
// findings on another day are the run's: only the rules that can depend on it
// (dated) are evaluated again, on every day with one prepared query that reads
// the day from its transaction (datedstore.go), instead of an Engine prepared
// per day (At).

// asOfRef is where the rules read the assessment date.
var asOfRef = dataRef("erslint", "config", "asOf")

// datedRules is what the look-ahead needs of an Engine, worked out on its first
// use: a plain run (the cold start of a pre-commit lint) never pays for it.
// Every Engine of a run (At) shares one.
type datedRules struct {
	stageOnce sync.Once
	stageRead bool // StageRead (staged.go)

	once      sync.Once
	dated     []Rule
	query     *rego.PreparedEvalQuery
	store     storage.Store // query's: the run's, with the day read from the transaction
	constants cacheFrame    // the run's constants that do not depend on the date
	// datedConstants are the run's constants that do: their values on a day
	// are learnt from the first evaluations on it (days).
	datedConstants []ast.Ref
	dayMu          sync.Mutex
	days           map[string]cacheFrame
	err            error // preparing query
	decisionDated  bool

	// some holds the queries of some of the dated rules (EvaluateDatedOnly),
	// by their IDs joined.
	mu   sync.Mutex
	some map[string]*rego.PreparedEvalQuery
}

// maxSome bounds datedRules.some; past it, a query is prepared each time.
const maxSome = 64

// datedRules works out, once, the document rules that can depend on the
// assessment date and prepares their query.
func (e *Engine) datedRules() *datedRules {
	d := e.datedInfo
	d.once.Do(func() { d.err = e.prepareDated(d) })
	return d
}

// prepareDated finds the document rules that can depend on the assessment
// date and prepares their query.
func (e *Engine) prepareDated(d *datedRules) error {
	deps := dateAnalysis{compiler: e.compiler, done: map[*ast.Rule]bool{}}
	d.decisionDated = deps.datedAll(dataRef("erslint", "decision", "decide"))
	for _, r := range e.rules {
		if r.Scope != ScopeDocument {
			continue
		}
		deny := r.denyRef()
		if deps.datedAll(deny) {
			d.dated = append(d.dated, r)
		}
	}
	if len(d.dated) == 0 {
		return nil
	}
	d.store = datedStore{e.store}
	pq, err := e.prepareDatedQuery(d, d.dated)
	if err != nil {
		return err
	}
	d.query = pq
	// The constants of the run's date that do not read it hold on every day.
	d.constants = e.constants.filter(func(ref ast.Ref) bool { return !deps.datedAll(ref) })
	d.datedConstants = e.constants.filter(func(ref ast.Ref) bool { return deps.datedAll(ref) }).refs()
	d.days = map[string]cacheFrame{}
	return nil
}

// maxDays bounds the days whose constants datedRules keeps.
const maxDays = 4096

// on is what is known of the constants that read the date on day.
func (d *datedRules) on(day string) cacheFrame {
	d.dayMu.Lock()
	defer d.dayMu.Unlock()
	return d.days[day]
}

// learn keeps the values of the constants that read the date found in the
// cache of an evaluation on day that ended well, known holding what was known
// before it. Each is the same in every evaluation on that day (it reads
// neither the document nor anything that does), so the evaluations after it
// take it from there: a constant such as the last day of a window, worked out
// from the date with a few helpers, cost a fifth of a change day's evaluation.
func (d *datedRules) learn(day string, known cacheFrame, c *evalCache) {
	if known.len() == len(d.datedConstants) {
		return
	}
	var found []cacheEntry
	for _, ref := range d.datedConstants {
		h := ref.Hash()
		if _, ok := known.get(ref, h); ok {
			continue
		}
		if e, ok := c.frames[0].get(ref, h); ok {
			found = append(found, cacheEntry{ref: ref, value: e.value, undefined: e.undefined})
		}
	}
	if len(found) == 0 {
		return
	}
	d.dayMu.Lock()
	defer d.dayMu.Unlock()
	cur, ok := d.days[day]
	if !ok && len(d.days) >= maxDays {
		return
	}
	// A new frame: evaluations running now read the one they were given.
	next := cur.filter(func(ast.Ref) bool { return true })
	for _, e := range found {
		h := e.ref.Hash()
		if _, ok := next.get(e.ref, h); !ok {
			next.put(e.ref, h, e.value, func(r ast.Ref) ast.Ref { return r }) // nil: undefined
		}
	}
	d.days[day] = next
}

// prepareDatedQuery prepares one query for rules (dated ones): each
// evaluation costs a set-up besides its rules.
func (e *Engine) prepareDatedQuery(d *datedRules, rules []Rule) (*rego.PreparedEvalQuery, error) {
	var names []string
	var area, name string
	for _, r := range rules {
		parts := strings.Split(r.Package, ".") // rules.<area>.<name>
		area, name = parts[1], parts[2]
		names = append(names, fmt.Sprintf("[%q, %q]", area, name))
	}
	q := fmt.Sprintf("some rule in [%s]; finding := data.erslint.rules[rule[0]][rule[1]].deny[_]", strings.Join(names, ", "))
	if len(rules) == 1 {
		// The rule of most change days: named outright, OPA goes straight
		// to it rather than through a reference with variables (5% of such
		// a day's evaluation).
		q = fmt.Sprintf("rule := %s; finding := data.erslint.rules[%q][%q].deny[_]", names[0], area, name)
	}
	// Prepared without the caller's context: the first caller's cancellation
	// must not leave the shared query unprepared for the others.
	pq, err := rego.New(rego.Query(q), rego.Compiler(e.compiler), rego.Store(d.store)).PrepareForEval(context.Background())
	if err != nil {
		return nil, fmt.Errorf("prepare %s: %w", q, err)
	}
	return &pq, nil
}

// Dated reports whether the findings of rule id can depend on the assessment
// date: its rules read it (data.erslint.config.asOf), or something that does,
// or anything that could hold it (data.erslint.config as a whole, a key not
// known before evaluation). The others give the same findings on every day.
func (e *Engine) Dated(id string) bool {
	for _, r := range e.datedRules().dated {
		if r.ID == id {
			return true
		}
	}
	return false
}

// DecisionDated reports whether the decision (policies/decision) can depend
// on the assessment date; when not, the Engine of any day decides as this one.
func (e *Engine) DecisionDated() bool { return e.datedRules().decisionDated }

// DatedRules lists the rules Dated holds for, by ID.
func (e *Engine) DatedRules() []Rule { return slices.Clone(e.datedRules().dated) }

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

// EvaluateDated runs the dated rules (Dated) on in as of each of days
// (YYYY-MM-DD), one evaluation per day, each within the engine's time limit:
// the results of days[i] are out[i]. Together with the other rules' findings
// on any day, they are what Evaluate gives at that day.
func (e *Engine) EvaluateDated(ctx context.Context, in *Input, days ...string) ([][]Result, error) {
	return e.EvaluateDatedOnly(ctx, in, nil, days...)
}

// EvaluateDatedOnly is EvaluateDated for the dated rules of ids only; nil:
// every dated rule. An ID that is not a dated rule's selects nothing.
func (e *Engine) EvaluateDatedOnly(ctx context.Context, in *Input, ids []string, days ...string) ([][]Result, error) {
	out := make([][]Result, len(days))
	d := e.datedRules()
	if d.err != nil {
		return nil, d.err
	}
	q := d.query
	if ids != nil && q != nil {
		var err error
		if q, err = e.datedQuery(d, ids); err != nil {
			return nil, err
		}
	}
	if q == nil {
		return out, nil
	}
	for i, day := range days {
		var err error
		if out[i], err = e.evaluateDatedOn(ctx, d, q, in, day); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// datedQuery is the query of the dated rules of ids (nil when none is),
// prepared on its first use.
func (e *Engine) datedQuery(d *datedRules, ids []string) (*rego.PreparedEvalQuery, error) {
	// The key is the IDs of the dated rules of ids, in the engine's order:
	// read on every evaluation of a change day, so made on the stack.
	key := make([]byte, 0, 128)
	n := 0
	for _, r := range d.dated {
		if slices.Contains(ids, r.ID) {
			key = append(append(key, r.ID...), 0)
			n++
		}
	}
	switch n {
	case 0:
		return nil, nil
	case len(d.dated):
		return d.query, nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if q, ok := d.some[string(key)]; ok {
		return q, nil
	}
	rules := slices.DeleteFunc(slices.Clone(d.dated), func(r Rule) bool { return !slices.Contains(ids, r.ID) })
	q, err := e.prepareDatedQuery(d, rules)
	if err != nil {
		return nil, err
	}
	if d.some == nil {
		d.some = map[string]*rego.PreparedEvalQuery{}
	}
	if len(d.some) < maxSome {
		d.some[string(key)] = q
	}
	return q, nil
}

// evaluateDatedOn runs q, a query of dated rules, on in as of day.
func (e *Engine) evaluateDatedOn(ctx context.Context, d *datedRules, q *rego.PreparedEvalQuery, in *Input, day string) ([]Result, error) {
	txn, err := d.store.NewTransaction(ctx)
	if err != nil {
		return nil, fmt.Errorf("dated rules: %w", err)
	}
	defer d.store.Abort(ctx, txn)
	cache := newEvalCache(d.constants)
	defer cache.release()
	cache.day = d.on(day)
	rs, err := e.runIn(ctx, *q, in.value, cache, rego.EvalTransaction(&datedTxn{Transaction: txn, asOf: day}))
	if err != nil {
		return nil, e.evalError(ctx, err)
	}
	d.learn(day, cache.day, cache)
	out := make([]Result, 0, len(rs))
	for _, r := range rs {
		rt, _ := r.Bindings["rule"].(*ast.Term)
		arr, _ := rt.Value.(*ast.Array)
		if arr == nil || arr.Len() != 2 {
			return nil, fmt.Errorf("dated rules: unexpected rule %v", rt)
		}
		rule, ok := e.byPackage["rules."+termString(arr.Elem(0))+"."+termString(arr.Elem(1))]
		if !ok {
			return nil, fmt.Errorf("dated rules: no rule %v", rt)
		}
		var item ast.Value
		if t, ok := r.Bindings["finding"].(*ast.Term); ok {
			item = t.Value
		}
		res, err := toResult(rule.ID, item)
		if err != nil {
			return nil, &EvalError{Err: fmt.Errorf("%s (%s): %w", rule.ID, rule.File, err)}
		}
		out = append(out, res)
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

func (a dateAnalysis) dated(rule *ast.Rule) bool { return decideRule(a.done, rule, a.datedRefs) }

// decideRule decides rule with one, and its else branches: true when one
// holds for any. done remembers each rule decided; a rule being decided
// counts as false meanwhile (recursion is refused by the compiler).
func decideRule(done map[*ast.Rule]bool, rule *ast.Rule, one func(*ast.Rule) bool) bool {
	if v, ok := done[rule]; ok {
		return v
	}
	done[rule] = false
	holds := false
	for r := rule; r != nil && !holds; r = r.Else {
		holds = one(r)
	}
	done[rule] = holds
	return holds
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

// refs are the references f has an entry for.
func (f cacheFrame) refs() []ast.Ref {
	out := make([]ast.Ref, 0, f.len())
	for _, e := range f.first {
		out = append(out, e.ref)
	}
	for _, e := range f.more {
		out = append(out, e.ref)
	}
	return out
}

// len is how many entries f has.
func (f cacheFrame) len() int { return len(f.first) + len(f.more) }

// filter is the entries of f whose reference keep holds for.
func (f cacheFrame) filter(keep func(ast.Ref) bool) cacheFrame {
	var out cacheFrame
	for h, e := range f.first {
		if keep(e.ref) {
			if out.first == nil {
				out.first = make(map[int]cacheEntry, len(f.first))
			}
			out.first[h] = e
		}
	}
	for _, e := range f.more {
		if keep(e.ref) {
			out.more = append(out.more, e)
		}
	}
	return out
}
