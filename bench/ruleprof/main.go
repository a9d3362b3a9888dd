// Command ruleprof shows where the built-in rules spend their evaluation time,
// so that rule changes are made by measurement: run it before and after.
//
// It reports what erslint lint pays per document (policy.Engine.Evaluate), then
// the marginal cost of each rule: the same evaluation with and without that
// rule's package. Time varies with the load of the machine; allocations do not,
// and track time closely in topdown, so the table is sorted by them. With -top,
// it also prints OPA's profile of the whole query by Rego expression.
//
//	go run ./bench/ruleprof [-n 200] [-top 25] FILE.yaml...
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/manifest"
	"github.com/erslint/erslint/pkg/policy"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/profiler"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
)

func main() {
	n := flag.Int("n", 200, "evaluations per document for each measurement")
	top := flag.Int("top", 0, "expressions to show from OPA's profile (0: none)")
	asOf := flag.String("as-of", "2026-11-24", "assessment date")
	flag.Parse()
	if err := run(*n, *top, *asOf, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "ruleprof:", err)
		os.Exit(1)
	}
}

type cost struct {
	d      time.Duration
	allocs int64
}

// measure runs f n times over each of docs documents and gives the mean cost.
func measure(n, docs int, f func(i int) error) (cost, error) {
	runtime.GC() // so that one measurement does not pay for another's garbage
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	for range n {
		for i := range docs {
			if err := f(i); err != nil {
				return cost{}, err
			}
		}
	}
	d := time.Since(start)
	runtime.ReadMemStats(&after)
	evals := int64(n * docs)
	return cost{d / time.Duration(evals), int64(after.Mallocs-before.Mallocs) / evals}, nil
}

func run(n, top int, asOf string, files []string) error {
	if len(files) == 0 {
		return fmt.Errorf("name at least one manifest")
	}
	var docs []any
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		for _, d := range manifest.Parse(f, src, manifest.DefaultLimits).Documents {
			docs = append(docs, d.Data)
		}
	}
	sources, err := lint.BuiltinSources()
	if err != nil {
		return err
	}
	ctx := context.Background()
	evaluate := func(sources []policy.Source) (cost, error) {
		e, err := policy.New(ctx, policy.Options{Sources: sources, AsOf: asOf})
		if err != nil {
			return cost{}, err
		}
		return measure(n, len(docs), func(i int) error {
			_, err := e.Evaluate(ctx, docs[i])
			return err
		})
	}
	all, err := evaluate(sources)
	if err != nil {
		return err
	}
	// lib and the decision are kept: every engine needs them (the decision's
	// query is prepared with the rules').
	shared := func(name string) bool {
		return strings.HasPrefix(name, "policies/lib/") || strings.HasPrefix(name, "policies/decision/")
	}
	none, err := evaluate(slices.DeleteFunc(slices.Clone(sources), func(s policy.Source) bool {
		return strings.HasPrefix(s.Name, "policies/") && !shared(s.Name)
	}))
	if err != nil {
		return err
	}

	type marginal struct {
		rule string
		c    cost
	}
	var rules []marginal
	for _, s := range sources {
		dir, file, _ := strings.Cut(strings.TrimPrefix(s.Name, "policies/"), "/")
		if shared(s.Name) || s.IsTest() || !strings.HasSuffix(file, ".rego") {
			continue
		}
		without, err := evaluate(slices.DeleteFunc(slices.Clone(sources), func(o policy.Source) bool { return o.Name == s.Name }))
		if err != nil {
			return err
		}
		name := strings.TrimSuffix(dir+"/"+file, ".rego")
		rules = append(rules, marginal{name, cost{all.d - without.d, all.allocs - without.allocs}})
	}
	slices.SortFunc(rules, func(a, b marginal) int { return int(b.c.allocs - a.c.allocs) })

	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "time\tallocs\tper document (%d documents, %d runs)\t\n", len(docs), n)
	show := func(c cost, name string) {
		fmt.Fprintf(w, "%s\t%d\t%s\t\n", c.d.Round(100*time.Nanosecond), c.allocs, name)
	}
	show(all, "policy.Engine.Evaluate, every rule")
	show(none, "the same with no rule (input conversion, query, shared lib values)")
	for _, r := range rules {
		show(r.c, "  "+r.rule)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if top > 0 {
		return profile(ctx, top, asOf, sources, docs)
	}
	return nil
}

// profile prints OPA's profiler report: time by Rego expression, over one
// evaluation of each document. Expressions nest, so times overlap.
func profile(ctx context.Context, top int, asOf string, sources []policy.Source, docs []any) error {
	modules := map[string]*ast.Module{}
	for _, s := range sources {
		if s.IsTest() {
			continue
		}
		m, err := ast.ParseModuleWithOpts(s.Name, string(s.Text), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			return err
		}
		modules[s.Name] = m
	}
	compiler, err := policy.Compile(modules)
	if err != nil {
		return err
	}
	store := inmem.NewFromObject(map[string]any{"erslint": map[string]any{"config": map[string]any{"asOf": asOf, "ruleIds": []any{}}}})
	pq, err := rego.New(rego.Query("data.erslint.rules[area][name].deny[finding]"), rego.Compiler(compiler), rego.Store(store)).PrepareForEval(ctx)
	if err != nil {
		return err
	}
	p := profiler.New()
	for _, d := range docs {
		if _, err := pq.Eval(ctx, rego.EvalInput(d), rego.EvalQueryTracer(p)); err != nil {
			return err
		}
	}
	fmt.Printf("\nOPA profile over %d document(s), by expression:\n", len(docs))
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "time\tevals\tredos\tlocation\n")
	for _, s := range p.ReportTopNResults(top, []string{"total_time_ns", "num_eval", "num_redo", "file", "line"}) {
		fmt.Fprintf(w, "%s\t%d\t%d\t%s\n", time.Duration(s.ExprTimeNs), s.NumEval, s.NumRedo, s.Location)
	}
	return w.Flush()
}
