package policy

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/cover"
	"github.com/open-policy-agent/opa/v1/tester"
)

// TestResult is the outcome of one Rego test rule (test_*).
type TestResult struct {
	Name     string // package.test_name
	File     string
	Line     int
	Passed   bool
	Skipped  bool
	Message  string // why it failed or errored
	Duration time.Duration
}

// TestReport is the outcome of a Rego test run.
type TestReport struct {
	Results  []TestResult // sorted by file and line
	Coverage *cover.Report
}

// Passed counts passing tests; Failed the others that ran.
func (r *TestReport) Passed() int { return r.count(func(t TestResult) bool { return t.Passed }) }

// Failed counts tests that failed or errored.
func (r *TestReport) Failed() int {
	return r.count(func(t TestResult) bool { return !t.Passed && !t.Skipped })
}

func (r *TestReport) count(f func(TestResult) bool) int {
	n := 0
	for _, t := range r.Results {
		if f(t) {
			n++
		}
	}
	return n
}

// RunTests runs the test_* rules in sources (rules, helpers and tests together),
// compiled with the same capabilities as a lint run. With coverage, the report
// covers the non-test files.
func RunTests(ctx context.Context, sources []Source, coverage bool) (*TestReport, error) {
	modules, err := parse(sources)
	if err != nil {
		return nil, err
	}
	live := slices.DeleteFunc(slices.Clone(sources), Source.IsTest)
	if err := checkNamespaces(live, modules); err != nil {
		return nil, err
	}
	compiler := ast.NewCompiler().WithCapabilities(Capabilities()).WithEnablePrintStatements(true)
	runner := tester.NewRunner().SetCompiler(compiler).SetModules(modules).SetTimeout(30 * time.Second)
	var cov *cover.Cover
	if coverage {
		cov = cover.New()
		runner = runner.SetCoverageQueryTracer(cov)
	}
	ch, err := runner.RunTests(ctx, nil)
	if err != nil {
		if errs, ok := err.(ast.Errors); ok {
			return nil, &CompileError{Errors: errs}
		}
		return nil, fmt.Errorf("run rego tests: %w", err)
	}
	rep := &TestReport{}
	for r := range ch {
		res := TestResult{Name: strings.TrimPrefix(r.Package, "data.") + "." + r.Name, Duration: r.Duration,
			Passed: r.Pass(), Skipped: r.Skip}
		if r.Location != nil {
			res.File, res.Line = r.Location.File, r.Location.Row
		}
		switch {
		case r.Error != nil:
			res.Message = r.Error.Error()
		case r.Fail:
			res.Message = "failed"
			if r.FailedAt != nil {
				res.Message = fmt.Sprintf("failed at %s:%d: %s", r.FailedAt.Location.File, r.FailedAt.Location.Row, r.FailedAt)
			}
		}
		rep.Results = append(rep.Results, res)
	}
	slices.SortFunc(rep.Results, func(a, b TestResult) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
	if cov != nil {
		live := map[string]*ast.Module{}
		for _, s := range sources {
			if !s.IsTest() {
				live[s.Name] = modules[s.Name]
			}
		}
		report := cov.Report(live)
		rep.Coverage = &report
	}
	return rep, nil
}
