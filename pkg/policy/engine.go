package policy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/refdata"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/metrics"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// Options configure an Engine.
type Options struct {
	Sources []Source      // Rego files: rules, helpers; tests are ignored
	AsOf    string        // assessment date, YYYY-MM-DD, given to rules as data.erslint.config.asOf
	Timeout time.Duration // limit for one evaluation; 0 means none
	// Settings are the configuration's rule settings, which the decision
	// (policies/decision) reads as data.erslint.config.settings.
	Settings map[string]Setting
	// RefData is the reference data (spec §8), given to rules as
	// data.erslint.refdata; nil: none, and the REF rules are silent.
	RefData *refdata.Document
}

// Engine evaluates manifests against compiled rules. It is safe for concurrent use.
type Engine struct {
	rules []Rule // sorted by ID
	byID  map[string]int
	// byPackage maps scope.area.name (document rules: rules.contract.in_force) to a rule.
	byPackage map[string]Rule
	docQuery  rego.PreparedEvalQuery
	runQuery  *rego.PreparedEvalQuery
	timeout   time.Duration
	// constants holds the value of every rule that reads neither input nor
	// anything that does (lib.as_of, the date 12 months before it, ...),
	// worked out once for the run; read-only, so shared by all evaluations.
	constants cacheFrame
	asOf      string
	// compiler and dates let At evaluate at another date without compiling
	// again (forecast): dates is shared by every Engine At returns.
	compiler *ast.Compiler
	dates    *dateCache

	// decideQuery applies waivers, settings and stage (policies/decision),
	// judging waivers' expiry at asOf; settings are the run's, given to it
	// as data.erslint.config.settings.
	decideQuery rego.PreparedEvalQuery
	settings    map[string]Setting
	refData     *refdata.Document

	// store is the data of asOf; datedInfo, the rules that can depend on
	// the date, evaluated on any day with one query (dated.go).
	store     storage.Store
	datedInfo *datedRules
	memo      *decisionMemo // the decision's answers at asOf (decision.go)
}

// dateCache holds the Engine prepared for each date asked of At.
type dateCache struct {
	mu     sync.Mutex
	byDate map[string]*Engine
}

// maxDates bounds the engines a dateCache keeps; past it, At prepares an
// Engine each time without keeping it (a forecast over years of dates).
const maxDates = 4096

// TimeoutError is returned when one evaluation takes longer than the engine's
// time limit (Options.Timeout).
type TimeoutError struct{ Limit time.Duration }

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("policy evaluation took longer than %s", e.Limit)
}

// EvalError is an evaluation that failed on what it was given: a rule that
// met a value it cannot handle (a conflict, a finding with no message or a
// path index of 1.5 taken from the manifest). It belongs to that input, like
// a TimeoutError, not to the run.
type EvalError struct{ Err error }

// Error is cut as a finding's message is: it may quote a value of the input.
func (e *EvalError) Error() string { return clipMessage("evaluate policies: " + e.Err.Error()) }

func (e *EvalError) Unwrap() error { return e.Err }

// Result is one finding a rule returned, before it is placed in a file.
type Result struct {
	RuleID   string
	Message  string
	Path     finding.Path
	Document int // run-scope rules: index of the document in the run's input
}

// New parses and compiles sources once and prepares the queries every manifest
// is evaluated with.
func New(ctx context.Context, opts Options) (*Engine, error) {
	var live []Source
	for _, s := range opts.Sources {
		if !s.IsTest() {
			s.known = lookupKnown(s)
			live = append(live, s)
		}
	}
	if opts.RefData == nil {
		live = withoutRefData(live)
	}
	modules, err := parse(live)
	if err != nil {
		return nil, err
	}
	if err := checkNamespaces(live, modules); err != nil {
		return nil, err
	}
	e := &Engine{byID: map[string]int{}, timeout: opts.Timeout, settings: opts.Settings, refData: opts.RefData}
	if err := e.readRules(live, modules); err != nil {
		return nil, err
	}
	// A package of metadata only holds no rule: compiled, its empty package is
	// one more place every evaluation looks for findings.
	compiled := maps.Clone(modules)
	for _, s := range live {
		if s.metadataOnly {
			delete(compiled, s.Name)
		}
	}
	compiler, err := compile(compiled, !slices.ContainsFunc(live, func(s Source) bool { return !s.Builtin }))
	if err != nil {
		return nil, err
	}
	useNatives(compiler)
	e.compiler = compiler
	e.dates = &dateCache{byDate: map[string]*Engine{}}
	if err := e.prepareAt(ctx, opts.AsOf); err != nil {
		return nil, err
	}
	e.dates.byDate[opts.AsOf] = e
	e.datedInfo = &datedRules{}
	return e, nil
}

// prepareAt prepares e's queries and constants for the assessment date asOf.
func (e *Engine) prepareAt(ctx context.Context, asOf string) error {
	e.asOf = asOf
	e.memo = &decisionMemo{answers: map[memoKey]memoAnswer{}}
	store := configStore{withRefData(inmem.NewFromObject(map[string]any{"erslint": map[string]any{"config": ConfigData(asOf, e.rules, e.settings)}}), e.refData)}
	e.store = store
	var err error
	if e.constants, err = runConstants(ctx, e.compiler, store, e.timeout); err != nil {
		return err
	}
	e.docQuery, err = prepare(ctx, e.compiler, store, denyQuery("rules"))
	if err != nil {
		return err
	}
	if e.decideQuery, err = prepare(ctx, e.compiler, store, decisionQuery); err != nil {
		return err
	}
	if e.has(ScopeRun) {
		q, err := prepare(ctx, e.compiler, store, denyQuery("run"))
		if err != nil {
			return err
		}
		e.runQuery = &q
	}
	return nil
}

// AsOf is the assessment date the Engine evaluates at.
func (e *Engine) AsOf() string { return e.asOf }

// At returns the Engine evaluating the same compiled rules at the assessment
// date asOf (YYYY-MM-DD): the rules read the date from data, so only the data
// store, the prepared queries and the date constants are new, and an Engine
// asked for the same date again is the one prepared before. Safe for
// concurrent use.
func (e *Engine) At(ctx context.Context, asOf string) (*Engine, error) {
	if asOf == e.asOf {
		return e, nil
	}
	e.dates.mu.Lock()
	defer e.dates.mu.Unlock()
	if d, ok := e.dates.byDate[asOf]; ok {
		return d, nil
	}
	d := &Engine{rules: e.rules, byID: e.byID, byPackage: e.byPackage, timeout: e.timeout,
		settings: e.settings, refData: e.refData, compiler: e.compiler, dates: e.dates, datedInfo: e.datedInfo}
	if err := d.prepareAt(ctx, asOf); err != nil {
		return nil, fmt.Errorf("prepare the rules for %s: %w", asOf, err)
	}
	if len(e.dates.byDate) < maxDates {
		e.dates.byDate[asOf] = d
	}
	return d, nil
}

// readRules reads each rule's metadata in source order (built-in first), so a
// custom rule that reuses an ID is the one reported.
func (e *Engine) readRules(sources []Source, modules map[string]*ast.Module) error {
	for _, s := range sources {
		var r Rule
		var ok bool
		if k := s.known; k != nil {
			r, ok = k.rule, k.isRule
		} else {
			var err error
			if r, ok, err = ruleFromModule(s, modules[s.Name]); err != nil {
				return err
			}
		}
		if !ok {
			continue
		}
		r.Builtin = s.Builtin
		if i, dup := e.byID[r.ID]; dup {
			prev := e.rules[i]
			return fmt.Errorf("%s:%d: rule ID %s is already defined at %s:%d", r.File, r.Line, r.ID, prev.File, prev.Line)
		}
		e.byID[r.ID] = len(e.rules)
		e.rules = append(e.rules, r)
	}
	slices.SortFunc(e.rules, func(a, b Rule) int { return strings.Compare(a.ID, b.ID) })
	e.byPackage = make(map[string]Rule, len(e.rules))
	for i, r := range e.rules {
		e.byID[r.ID] = i
		e.byPackage[r.Package] = r
	}
	return nil
}

// withoutRefData is sources for a run without reference data, in which the
// built-in ERS-REF rules do not run (spec §8): of their modules only the
// metadata is read (rules, explain and waivers name them), and lib's
// reference data helpers are left out unless a custom policy may call them.
// A run without reference data then parses and compiles none of it.
func withoutRefData(sources []Source) []Source {
	custom := slices.ContainsFunc(sources, func(s Source) bool { return !s.Builtin })
	out := make([]Source, 0, len(sources))
	for _, s := range sources {
		switch {
		case !s.Builtin:
		case strings.HasPrefix(s.Name, "policies/refdata/"):
			s.Text, s.metadataOnly = header(s.Text), true
		case s.Name == "policies/lib/refdata.rego" && !custom:
			continue
		}
		out = append(out, s)
	}
	return out
}

// header is a module's text up to the end of its package line: its package
// and the package's METADATA.
func header(text []byte) []byte {
	at := 0
	for at < len(text) {
		end := bytes.IndexByte(text[at:], '\n')
		if end < 0 {
			end = len(text) - at
		}
		if bytes.HasPrefix(text[at:], []byte("package ")) {
			return text[:at+end]
		}
		at += end + 1
	}
	return text
}

// Compile compiles modules with erslint's capabilities: no network, no host
// access, nothing that makes a result depend on when or where it runs.
func Compile(modules map[string]*ast.Module) (*ast.Compiler, error) {
	return compile(modules, false)
}

// checkStages are the compiler's stages that only check the modules (unused
// or duplicate imports, keywords, void calls, conflicts, undefined functions,
// unsafe rule heads, recursion, types, unsafe and deprecated built-ins) and
// change nothing a policy evaluates: TestTrustedCompileIsTheSame compares the
// compiled modules. With them goes the rules' dependency graph, which only the
// recursion and type checks read (OPA's evaluation does not).
var checkStages = []ast.StageID{
	ast.StageCheckUnusedImports, ast.StageCheckKeywordOverrides, ast.StageCheckDuplicateImports,
	ast.StageCheckVoidCalls, ast.StageCheckRuleConflicts, ast.StageCheckUndefinedFuncs,
	ast.StageCheckSafetyRuleHeads, ast.StageSetGraph,
	ast.StageCheckRecursion, ast.StageCheckTypes, ast.StageCheckUnsafeBuiltins,
	ast.StageCheckDeprecatedBuiltins, ast.StageBuildRequiredCapabilities,
}

// idleStages are the compiler's stages that have nothing to do on erslint's
// own policies, yet walk every module looking: they call neither print nor
// rego.metadata, write no template strings, and their annotations are read
// by the parser. Should one come to, TestTrustedCompileIsTheSame fails.
var idleStages = []ast.StageID{
	ast.StageRewritePrintCalls, ast.StageRewriteTemplateStrings, ast.StageParseMetadataBlocks,
	ast.StageSetAnnotationSet, ast.StageRewriteRegoMetadataCalls,
}

// compile compiles modules; trusted skips checkStages and idleStages, for
// erslint's own policies only: the same bytes are embedded in the binary and
// checked by its tests, and checking them again is a fifth of a cold start's
// compile.
func compile(modules map[string]*ast.Module, trusted bool) (*ast.Compiler, error) {
	c := ast.NewCompiler().WithCapabilities(Capabilities()).WithEnablePrintStatements(false)
	if trusted {
		c = c.WithSkipStages(slices.Concat(checkStages, idleStages)...)
	}
	c.Compile(modules)
	if c.Failed() {
		return nil, &CompileError{Errors: c.Errors}
	}
	return c, nil
}

func prepare(ctx context.Context, c *ast.Compiler, store storage.Store, query string) (rego.PreparedEvalQuery, error) {
	pq, err := rego.New(rego.Query(query), rego.Compiler(c), rego.Store(store)).PrepareForEval(ctx)
	if err != nil {
		return pq, fmt.Errorf("prepare %s: %w", query, err)
	}
	return pq, nil
}

// Rules lists every rule, by ID.
func (e *Engine) Rules() []Rule { return e.rules }

// Rule returns the rule with id.
func (e *Engine) Rule(id string) (Rule, bool) {
	i, ok := e.byID[id]
	if !ok {
		return Rule{}, false
	}
	return e.rules[i], true
}

func (e *Engine) has(s Scope) bool {
	return slices.ContainsFunc(e.rules, func(r Rule) bool { return r.Scope == s })
}

// RunInput is the input of the run-scope rules, built one document at a time.
// It is held in columns, input.<field>[i] being document i's field, null when
// the document has none: every document of a run is held at once, and an OPA
// object per document took four times the memory (950 bytes a document; 95 MB
// for 100,000 manifests).
type RunInput struct {
	n    int
	cols map[string][]*ast.Term
}

// Add appends document n (n counting the documents added before it) with its
// fields.
func (r *RunInput) Add(fields map[string]any) error {
	if r.cols == nil {
		r.cols = map[string][]*ast.Term{}
	}
	for k, v := range fields {
		value, err := ast.InterfaceToValue(v)
		if err != nil {
			return fmt.Errorf("convert run document %d: %w", r.n, err)
		}
		r.cols[k] = append(r.padded(k, r.n), ast.NewTerm(value))
	}
	r.n++
	return nil
}

// padded is column k with a null for each document before n without the field.
func (r *RunInput) padded(k string, n int) []*ast.Term {
	col := r.cols[k]
	for len(col) < n {
		col = append(col, nullTerm)
	}
	return col
}

var nullTerm = ast.NullTerm()

func (r *RunInput) value() ast.Value {
	obj := ast.NewObject()
	for _, k := range slices.Sorted(maps.Keys(r.cols)) {
		obj.Insert(ast.StringTerm(k), ast.ArrayTerm(r.padded(k, r.n)...))
	}
	return obj
}

// EvaluateRun runs the run-scope rules (cross-manifest checks) once over input.
func (e *Engine) EvaluateRun(ctx context.Context, input *RunInput) ([]Result, error) {
	if e.runQuery == nil {
		return nil, nil
	}
	return e.eval(ctx, *e.runQuery, "run", input.value())
}

// Evaluate runs every document rule on one manifest (as JSON data).
func (e *Engine) Evaluate(ctx context.Context, manifest any) ([]Result, error) {
	value, err := ast.InterfaceToValue(manifest)
	if err != nil {
		return nil, fmt.Errorf("convert input: %w", err)
	}
	return e.eval(ctx, e.docQuery, "rules", value)
}

// EvaluateInput is Evaluate on a manifest converted before (NewInput), for
// a caller that evaluates it again (a look-ahead).
func (e *Engine) EvaluateInput(ctx context.Context, in *Input) ([]Result, error) {
	return e.eval(ctx, e.docQuery, "rules", in.value)
}

// run evaluates q on value within the engine's time limit; an evaluation
// stopped by that limit gives a *TimeoutError.
func (e *Engine) run(ctx context.Context, q rego.PreparedEvalQuery, value ast.Value) (rego.ResultSet, error) {
	return e.runWith(ctx, q, value, e.constants)
}

// runWith is run with the constants given and further options.
func (e *Engine) runWith(ctx context.Context, q rego.PreparedEvalQuery, value ast.Value, constants cacheFrame, opts ...rego.EvalOption) (rego.ResultSet, error) {
	cache := newEvalCache(constants)
	defer cache.release()
	return e.runIn(ctx, q, value, cache, opts...)
}

// runIn is runWith with the cache given.
//
// OPA starts a goroutine per evaluation to watch ctx unless it is given a
// Cancel: with one document per evaluation that goroutine (and the large
// stack the runtime gives it after topdown's deep recursion) cost more than
// many rules. A callback on ctx and a timer cancel the evaluation instead.
func (e *Engine) runIn(ctx context.Context, q rego.PreparedEvalQuery, value ast.Value, cache *evalCache, opts ...rego.EvalOption) (rego.ResultSet, error) {
	cancel := topdown.NewCancel()
	defer context.AfterFunc(ctx, cancel.Cancel)()
	var timedOut atomic.Bool
	if e.timeout > 0 {
		timer := time.AfterFunc(e.timeout, func() {
			timedOut.Store(true)
			cancel.Cancel()
		})
		defer timer.Stop()
	}
	rs, err := q.Eval(ctx, append([]rego.EvalOption{rego.EvalParsedInput(value), rego.EvalExternalCancel(cancel),
		rego.EvalMetrics(noMetrics), rego.EvalGenerateJSON(keepTerm),
		rego.EvalVirtualCache(cache)}, opts...)...)
	if err != nil && timedOut.Load() {
		return nil, &TimeoutError{Limit: e.timeout}
	}
	return rs, err
}

func (e *Engine) eval(ctx context.Context, q rego.PreparedEvalQuery, ns string, value ast.Value) ([]Result, error) {
	rs, err := e.run(ctx, q, value)
	if err != nil {
		return nil, e.evalError(ctx, err)
	}
	out := make([]Result, 0, len(rs))
	for _, r := range rs {
		rule, ok := e.byPackage[ns+"."+termString(r.Bindings["area"])+"."+termString(r.Bindings["name"])]
		if !ok {
			continue // a package without metadata cannot be a rule (readRules refuses it)
		}
		var finding ast.Value
		if t, ok := r.Bindings["finding"].(*ast.Term); ok {
			finding = t.Value
		}
		res, err := toResult(rule.ID, finding)
		if err != nil {
			return nil, &EvalError{Err: fmt.Errorf("%s (%s): %w", rule.ID, rule.File, err)}
		}
		out = append(out, res)
	}
	return out, nil
}

// evalError is what an evaluation's error is for the caller: a
// *TimeoutError, a *PatternError or an *EvalError, which belong to the input,
// or the run's context ending.
func (e *Engine) evalError(ctx context.Context, err error) error {
	if te := (*TimeoutError)(nil); errors.As(err, &te) {
		return te
	}
	if pe := (*PatternError)(nil); errors.As(err, &pe) {
		return pe
	}
	if ctx.Err() != nil {
		return fmt.Errorf("evaluate policies: %w", context.Cause(ctx))
	}
	return &EvalError{Err: err}
}

// noMetrics spares each evaluation the timers and counters OPA keeps by default;
// erslint never reads them.
var noMetrics = metrics.NoOp()

// keepTerm hands back query results as OPA terms: toResult reads the few fields
// it needs from them, where OPA's default would convert every result to Go
// maps and slices first.
func keepTerm(t *ast.Term, _ *rego.EvalContext) (any, error) { return t, nil }

// termString is the text of a string term (a package name), empty otherwise.
func termString(b any) string {
	if t, ok := b.(*ast.Term); ok {
		s, _ := t.Value.(ast.String)
		return string(s)
	}
	return ""
}

// runConstants evaluates, once, every rule whose value is the same for every
// document of a run: a complete rule (no arguments, one value) that reads
// neither input nor a rule or function that does, and calls no
// non-deterministic built-in. Without it, each evaluation would work such
// values out again: the rules' date bounds alone (lib.as_of, a date 90 days or
// 12 months away from it) cost a fifth of the evaluation of a document.
//
// A custom policy's constant may be anything (count(numbers.range(1, 2e9))),
// so all of them together get the time limit of one evaluation: one that is
// not done by then is left to each evaluation, where it is a document over
// the time limit, a finding, instead of a run that hangs or runs out of
// memory before anything is linted.
func runConstants(ctx context.Context, c *ast.Compiler, store storage.Store, limit time.Duration) (cacheFrame, error) {
	var cache cacheFrame
	cancel := topdown.NewCancel()
	defer context.AfterFunc(ctx, cancel.Cancel)()
	if limit > 0 {
		defer time.AfterFunc(limit, cancel.Cancel).Stop()
	}
	deps := constantAnalysis{compiler: c, done: map[*ast.Rule]bool{}}
	txn, err := store.NewTransaction(ctx)
	if err != nil {
		return cache, err
	}
	defer store.Abort(ctx, txn)
	x := ast.VarTerm("x")
	for _, name := range sortedNames(c.Modules) {
		for _, rule := range c.Modules[name].Rules {
			if len(rule.Head.Args) > 0 || rule.Head.RuleKind() != ast.SingleValue || !rule.Ref().IsGround() {
				continue
			}
			ref := rule.Ref()
			if _, ok := cache.get(ref, ref.Hash()); ok || !deps.constantAll(ref) {
				continue
			}
			// topdown directly, not the rego package: preparing a rego query per
			// constant would cost more than the evaluations it saves a small run.
			var value *ast.Term
			err := topdown.NewQuery(ast.NewBody(ast.Equality.Expr(x, ast.NewTerm(ref)))).
				WithCompiler(c).WithStore(store).WithTransaction(txn).WithCancel(cancel).
				Iter(ctx, func(qr topdown.QueryResult) error {
					value = qr[x.Value.(ast.Var)]
					return nil
				})
			if err != nil {
				if ctx.Err() != nil {
					return cache, fmt.Errorf("evaluate policies: %w", context.Cause(ctx))
				}
				continue // left to each evaluation, which reports the error (or the time limit) as before
			}
			cache.put(ref, ref.Hash(), value, slices.Clone) // nil: undefined
		}
	}
	return cache, nil
}

// constantAnalysis decides which rules do not depend on the document.
type constantAnalysis struct {
	compiler *ast.Compiler
	done     map[*ast.Rule]bool // a rule being decided counts as constant (recursion is refused by the compiler)
}

// constantAll holds when every rule that defines ref is constant (a complete
// rule may be defined by several rules, and a default).
func (a constantAnalysis) constantAll(ref ast.Ref) bool {
	for _, r := range a.compiler.GetRulesDynamicWithOpts(ref, ast.RulesOptions{}) {
		if !a.constant(r) {
			return false
		}
	}
	return true
}

func (a constantAnalysis) constant(rule *ast.Rule) bool {
	if v, ok := a.done[rule]; ok {
		return v
	}
	a.done[rule] = true
	ok := true
	for r := rule; r != nil && ok; r = r.Else {
		ok = a.constantRefs(r)
	}
	a.done[rule] = ok
	return ok
}

func (a constantAnalysis) constantRefs(rule *ast.Rule) bool {
	ok := true
	ast.WalkExprs(rule, func(x *ast.Expr) bool {
		if len(x.With) > 0 {
			ok = false // with changes what a rule reads
		}
		return !ok
	})
	// input or data on its own (not in a reference), e.g. doc := input.
	ast.WalkTerms(rule, func(t *ast.Term) bool {
		if _, isRef := t.Value.(ast.Ref); isRef {
			return true // its head is not the variable on its own; see below
		}
		if v, isVar := t.Value.(ast.Var); isVar && (v.Equal(ast.InputRootDocument.Value) || v.Equal(ast.DefaultRootDocument.Value)) {
			ok = false
		}
		return !ok
	})
	ast.WalkRefs(rule, func(ref ast.Ref) bool {
		if !ok {
			return true
		}
		switch {
		case ref.HasPrefix(ast.InputRootRef):
			ok = false
		case ref.HasPrefix(ast.DefaultRootRef):
			// Base documents (the run's configuration) are constant; rules and
			// functions are if all they read is.
			ok = a.constantAll(ref)
		default:
			if b, isBuiltin := ast.BuiltinMap[ref.String()]; isBuiltin && b.Nondeterministic {
				ok = false
			}
		}
		return !ok
	})
	return ok
}

// evalCache is one evaluation's cache of rule and function values (OPA's
// virtual cache), in front of which it puts the run's constants.
//
// OPA's own cache is a tree with a node and a map per element of each
// reference: caching data.erslint.rules.access.cis2.deny costs it half a dozen
// allocations, and topdown caches every rule and every function call, about a
// fifth of the allocations of an evaluation. This one is a map from the
// reference's hash to the entry, the references copied into one buffer.
//
// A with statement pushes a frame, in which a constant may not hold: there only
// the frame's own entries are used, as OPA's cache does.
type evalCache struct {
	constants cacheFrame
	day       cacheFrame   // a look-ahead's: the constants that read the date, on its day (dated.go)
	frames    []cacheFrame // the last is the active frame
	refs      []*ast.Term  // backing store for the entries' references
}

// cacheFrame maps a reference's hash to its entry; the rare references whose
// hash another already has are kept in more.
type cacheFrame struct {
	first map[int]cacheEntry
	more  []cacheEntry
}

type cacheEntry struct {
	ref       ast.Ref
	value     *ast.Term
	undefined bool // the reference was evaluated and is undefined
}

func (f *cacheFrame) get(ref ast.Ref, hash int) (cacheEntry, bool) {
	if e, ok := f.first[hash]; ok && e.ref.Equal(ref) {
		return e, true
	}
	for _, e := range f.more {
		if e.ref.Equal(ref) {
			return e, true
		}
	}
	return cacheEntry{}, false
}

// put records value for ref (nil: undefined); keep gives the copy of ref to
// store when ref is new.
func (f *cacheFrame) put(ref ast.Ref, hash int, value *ast.Term, keep func(ast.Ref) ast.Ref) {
	if f.first == nil {
		f.first = make(map[int]cacheEntry, 64)
	}
	e, ok := f.first[hash]
	switch {
	case !ok:
		e = cacheEntry{ref: keep(ref)}
	case !e.ref.Equal(ref):
		i := slices.IndexFunc(f.more, func(m cacheEntry) bool { return m.ref.Equal(ref) })
		if i < 0 {
			f.more = append(f.more, cacheEntry{ref: keep(ref)})
			i = len(f.more) - 1
		}
		f.more[i].set(value)
		return
	}
	e.set(value)
	f.first[hash] = e
}

func (e *cacheEntry) set(value *ast.Term) {
	if value != nil {
		e.value = value
	} else {
		e.undefined = true
	}
}

// evalCaches keeps caches between evaluations, their map and buffer emptied
// but allocated: a few kilobytes less garbage per document.
var evalCaches = sync.Pool{New: func() any { return &evalCache{frames: make([]cacheFrame, 1, 2)} }}

func newEvalCache(constants cacheFrame) *evalCache {
	c := evalCaches.Get().(*evalCache)
	c.constants = constants
	return c
}

// release empties the cache and gives it back for another evaluation. Nothing
// read from it outlives the evaluation: results are converted to Go values.
func (c *evalCache) release() {
	base := c.frames[0]
	clear(base.first)
	clear(base.more)
	clear(c.refs[:cap(c.refs)])
	*c = evalCache{frames: append(c.frames[:0], cacheFrame{first: base.first, more: base.more[:0]}), refs: c.refs[:0]}
	evalCaches.Put(c)
}

func (c *evalCache) Push() { c.frames = append(c.frames, cacheFrame{}) }

func (c *evalCache) Pop() { c.frames = c.frames[:len(c.frames)-1] }

// Get is as OPA's: (value, false) when cached, (nil, true) when cached as
// undefined, (nil, false) when not cached.
func (c *evalCache) Get(ref ast.Ref) (*ast.Term, bool) {
	h := ref.Hash()
	e, ok := c.frames[len(c.frames)-1].get(ref, h)
	if !ok && len(c.frames) == 1 {
		if e, ok = c.constants.get(ref, h); !ok {
			e, ok = c.day.get(ref, h)
		}
	}
	if !ok || e.undefined {
		return nil, ok
	}
	return e.value, false
}

// Put is as OPA's: a nil value marks the reference undefined.
func (c *evalCache) Put(ref ast.Ref, value *ast.Term) {
	c.frames[len(c.frames)-1].put(ref, ref.Hash(), value, c.keep)
}

// keep copies ref into the cache's buffer: topdown reuses the slice it passes
// (a function's cache key).
func (c *evalCache) keep(ref ast.Ref) ast.Ref {
	if cap(c.refs)-len(c.refs) < len(ref) {
		c.refs = make([]*ast.Term, 0, max(256, len(ref)))
	}
	start := len(c.refs)
	c.refs = append(c.refs, ref...)
	return c.refs[start:len(c.refs):len(c.refs)]
}

// Keys lists the references with a value in the active frame (OPA's tracers
// use it).
func (c *evalCache) Keys() []ast.Ref {
	f := c.frames[len(c.frames)-1]
	var keys []ast.Ref
	for _, e := range f.first {
		if e.value != nil {
			keys = append(keys, e.ref)
		}
	}
	for _, e := range f.more {
		if e.value != nil {
			keys = append(keys, e.ref)
		}
	}
	return keys
}

// denyQuery asks for every finding of every rule under data.erslint.<ns>, and
// nothing else: helper rules in a package are evaluated only as deny needs them.
func denyQuery(ns string) string {
	return "data.erslint." + ns + "[area][name].deny[finding]"
}
func toResult(id string, item ast.Value) (Result, error) {
	obj, ok := item.(ast.Object)
	if !ok {
		return Result{}, fmt.Errorf("a finding must be an object built by lib.finding, got %s", typeName(item))
	}
	msg, ok := stringAt(obj, "msg")
	if !ok || msg == "" {
		return Result{}, errors.New("a finding has no msg")
	}
	res := Result{RuleID: id, Message: clipMessage(msg)}
	switch raw := valueAt(obj, "path").(type) {
	case *ast.Array:
		if raw.Len() > 0 {
			res.Path = make(finding.Path, 0, raw.Len())
		}
		for i := range raw.Len() {
			switch v := raw.Elem(i).Value.(type) {
			case ast.String:
				res.Path = append(res.Path, string(v))
			case ast.Number:
				n, err := wholeIndex("path index", string(v))
				if err != nil {
					return Result{}, err
				}
				res.Path = append(res.Path, n)
			default:
				return Result{}, fmt.Errorf("path element %v is neither a key nor an index", pathElement(v))
			}
		}
	case ast.Set:
		// Only a custom policy would give a set: read it as results were read
		// before, as a JSON list in OPA's order.
		var err error
		if res.Path, err = pathFromJSON(raw); err != nil {
			return Result{}, err
		}
	}
	res.Path = boundPath(res.Path)
	if doc, ok := valueAt(obj, "document").(ast.Number); ok {
		// Read as 0, it put the finding in the run's first document.
		n, err := wholeIndex("document index", string(doc))
		if err != nil {
			return Result{}, err
		}
		res.Document = n
	}
	return res, nil
}

// maxMessage bounds a finding's message (in characters), a last defence: the
// built-in rules clip every value they quote (lib.clip, 60 characters), but a
// custom rule may quote one whole, and a report must grow with the number of
// findings, not the size of values.
const maxMessage = 4000

// clipMessage cuts msg to maxMessage characters, saying so.
func clipMessage(msg string) string {
	if len(msg) <= maxMessage {
		return msg // no more characters than bytes
	}
	n := 0
	for i := range msg {
		if n == maxMessage {
			return msg[:i] + fmt.Sprintf("… (message cut at %d characters)", maxMessage)
		}
		n++
	}
	return msg
}

// maxPath and maxPathKey bound a finding's path, which locates its node and is
// written whole in the JSON and SARIF reports: a custom rule could give a path
// of 300,000 indexes, or quote a value as a key, and make a report grow with
// values as a long message would. A manifest nests at most --max-depth (64)
// levels and its keys are the schema's, so a longer path or key locates no node;
// the finding is placed at the deepest node its cut path reaches.
const (
	maxPath    = 128
	maxPathKey = 200
)

// boundPath cuts path to maxPath elements and each key to maxPathKey
// characters.
func boundPath(path finding.Path) finding.Path {
	if len(path) > maxPath {
		path = slices.Clone(path[:maxPath])
	}
	for i, el := range path {
		if key, ok := el.(string); ok {
			path[i] = clipRunes(key, maxPathKey)
		}
	}
	return path
}

// clipRunes cuts s to n characters.
func clipRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

func valueAt(obj ast.Object, key string) ast.Value {
	if t := obj.Get(ast.InternedTerm(key)); t != nil {
		return t.Value
	}
	return nil
}

func stringAt(obj ast.Object, key string) (string, bool) {
	s, ok := valueAt(obj, key).(ast.String)
	return string(s), ok
}

// typeName names a finding's type in an error the way the check did when
// results were Go values, so a custom policy's author sees the same message.
func typeName(v ast.Value) string {
	switch v.(type) {
	case ast.String:
		return "string"
	case ast.Number:
		return "json.Number"
	case ast.Boolean:
		return "bool"
	case ast.Null:
		return "<nil>"
	case *ast.Array, ast.Set:
		return "[]interface {}"
	}
	return fmt.Sprintf("%T", v)
}

// pathElement shows a bad path element as it was shown when results were Go
// values (JSON-like: true, map[...], [...]).
func pathElement(v ast.Value) any {
	x, err := ast.JSON(v)
	if err != nil {
		return v
	}
	return x
}

func pathFromJSON(set ast.Set) (finding.Path, error) {
	x, err := ast.JSON(set)
	if err != nil {
		return nil, err
	}
	raw, _ := x.([]any)
	var path finding.Path
	for _, el := range raw {
		switch v := el.(type) {
		case string:
			path = append(path, v)
		case json.Number:
			n, err := wholeIndex("path index", string(v))
			if err != nil {
				return nil, err
			}
			path = append(path, n)
		default:
			return nil, fmt.Errorf("path element %v is neither a key nor an index", v)
		}
	}
	return path, nil
}
