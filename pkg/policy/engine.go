package policy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
)

// Options configure an Engine.
type Options struct {
	Sources []Source      // Rego files: rules, helpers; tests are ignored
	AsOf    string        // assessment date, YYYY-MM-DD, given to rules as data.erslint.config.asOf
	Timeout time.Duration // limit for one evaluation; 0 means none
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
}

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
			live = append(live, s)
		}
	}
	modules, err := parse(live)
	if err != nil {
		return nil, err
	}
	e := &Engine{byID: map[string]int{}, timeout: opts.Timeout}
	if err := e.readRules(live, modules); err != nil {
		return nil, err
	}
	compiler, err := Compile(modules)
	if err != nil {
		return nil, err
	}
	store := inmem.NewFromObject(map[string]any{"erslint": map[string]any{"config": map[string]any{
		"asOf": opts.AsOf, "ruleIds": e.ids(),
	}}})
	e.docQuery, err = prepare(ctx, compiler, store, denyQuery("rules"))
	if err != nil {
		return nil, err
	}
	if e.has(ScopeRun) {
		q, err := prepare(ctx, compiler, store, denyQuery("run"))
		if err != nil {
			return nil, err
		}
		e.runQuery = &q
	}
	return e, nil
}

// readRules reads each rule's metadata in source order (built-in first), so a
// custom rule that reuses an ID is the one reported.
func (e *Engine) readRules(sources []Source, modules map[string]*ast.Module) error {
	for _, s := range sources {
		r, ok, err := ruleFromModule(s.Name, modules[s.Name])
		if err != nil {
			return err
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

// Compile compiles modules with erslint's capabilities: no network, no host
// access, nothing that makes a result depend on when or where it runs.
func Compile(modules map[string]*ast.Module) (*ast.Compiler, error) {
	c := ast.NewCompiler().WithCapabilities(Capabilities()).WithEnablePrintStatements(false)
	c.Compile(modules)
	if c.Failed() {
		return nil, &CompileError{Errors: c.Errors}
	}
	return c, nil
}

// denied lists built-in functions policies may not call, with the reason.
var denied = map[string]string{
	"http.send":    "network access",
	"opa.runtime":  "host environment access",
	"time.now_ns":  "use data.erslint.config.asOf, so results do not depend on when erslint runs",
	"rand.intn":    "results must be deterministic",
	"uuid.rfc4122": "results must be deterministic",
}

// Capabilities are OPA's built-ins less those that reach the network or the host
// (http.send, net.*, opa.runtime) or make results depend on time or chance.
func Capabilities() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	caps.Builtins = slices.DeleteFunc(caps.Builtins, func(b *ast.Builtin) bool {
		_, deny := denied[b.Name]
		return deny || strings.HasPrefix(b.Name, "net.")
	})
	caps.AllowNet = []string{}
	return caps
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

func (e *Engine) ids() []any {
	out := make([]any, len(e.rules))
	for i, r := range e.rules {
		out[i] = r.ID
	}
	return out
}

func (e *Engine) has(s Scope) bool {
	return slices.ContainsFunc(e.rules, func(r Rule) bool { return r.Scope == s })
}

// Evaluate runs every document rule on one manifest (as JSON data).
func (e *Engine) Evaluate(ctx context.Context, manifest any) ([]Result, error) {
	return e.eval(ctx, e.docQuery, "rules", manifest)
}

// EvaluateRun runs the run-scope rules (cross-manifest checks) once over input.
func (e *Engine) EvaluateRun(ctx context.Context, input any) ([]Result, error) {
	if e.runQuery == nil {
		return nil, nil
	}
	return e.eval(ctx, *e.runQuery, "run", input)
}

func (e *Engine) eval(ctx context.Context, q rego.PreparedEvalQuery, ns string, input any) ([]Result, error) {
	value, err := ast.InterfaceToValue(input)
	if err != nil {
		return nil, fmt.Errorf("convert input: %w", err)
	}
	if e.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, e.timeout)
		defer cancel()
	}
	rs, err := q.Eval(ctx, rego.EvalParsedInput(value))
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("policy evaluation took longer than %s", e.timeout)
		}
		return nil, fmt.Errorf("evaluate policies: %w", err)
	}
	out := make([]Result, 0, len(rs))
	for _, r := range rs {
		area, _ := r.Bindings["area"].(string)
		name, _ := r.Bindings["name"].(string)
		rule, ok := e.byPackage[ns+"."+area+"."+name]
		if !ok {
			continue // a package without metadata cannot be a rule (readRules refuses it)
		}
		res, err := toResult(rule.ID, r.Bindings["finding"])
		if err != nil {
			return nil, fmt.Errorf("%s (%s): %w", rule.ID, rule.File, err)
		}
		out = append(out, res)
	}
	return out, nil
}

// denyQuery asks for every finding of every rule under data.erslint.<ns>, and
// nothing else: helper rules in a package are evaluated only as deny needs them.
func denyQuery(ns string) string {
	return "data.erslint." + ns + "[area][name].deny[finding]"
}
func toResult(id string, item any) (Result, error) {
	obj, ok := item.(map[string]any)
	if !ok {
		return Result{}, fmt.Errorf("a finding must be an object built by lib.finding, got %T", item)
	}
	msg, ok := obj["msg"].(string)
	if !ok || msg == "" {
		return Result{}, errors.New("a finding has no msg")
	}
	res := Result{RuleID: id, Message: msg}
	raw, _ := obj["path"].([]any)
	for _, el := range raw {
		switch v := el.(type) {
		case string:
			res.Path = append(res.Path, v)
		case json.Number:
			n, err := v.Int64()
			if err != nil {
				return Result{}, fmt.Errorf("path index %s is not a whole number", v)
			}
			res.Path = append(res.Path, int(n))
		default:
			return Result{}, fmt.Errorf("path element %v is neither a key nor an index", v)
		}
	}
	if doc, ok := obj["document"].(json.Number); ok {
		n, _ := doc.Int64()
		res.Document = int(n)
	}
	return res, nil
}
