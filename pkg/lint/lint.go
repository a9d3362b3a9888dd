// Package lint is erslint's pipeline: read each manifest, check it against the
// schema, evaluate the rules, run the cross-manifest checks, apply waivers, set
// each finding's severity for the document's stage, and sort.
package lint

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/manifest"
	"github.com/erslint/erslint/pkg/policy"
	"github.com/erslint/erslint/pkg/validate"
	"github.com/erslint/erslint/pkg/waiver"
	"github.com/erslint/erslint/policies"
)

// RuleSetting changes one rule for a run (configuration file).
type RuleSetting struct {
	Disabled bool
	Severity finding.Severity // 0: the rule's own
}

// Options configure a run.
type Options struct {
	AsOf        string // assessment date, YYYY-MM-DD
	Jobs        int    // files linted at once; 0 means one per CPU
	Limits      manifest.Limits
	Rules       map[string]RuleSetting
	Policies    []policy.Source // custom policies, besides the built-in ones
	EvalTimeout time.Duration   // limit for one document's evaluation; 0 means none
}

// UnknownRuleError is returned when settings name a rule that does not exist.
type UnknownRuleError struct{ ID string }

func (e *UnknownRuleError) Error() string {
	return fmt.Sprintf("unknown rule %s (erslint rules lists them)", e.ID)
}

// Linter holds what is prepared once per run: the schema and the compiled rules.
type Linter struct {
	opts      Options
	engine    *policy.Engine
	validator *validate.Validator
}

// BuiltinSources returns the embedded policies.
func BuiltinSources() ([]policy.Source, error) {
	return policy.FromFS(policies.FS, "policies", true)
}

// New prepares a Linter.
func New(ctx context.Context, opts Options) (*Linter, error) {
	if _, err := time.Parse(time.DateOnly, opts.AsOf); err != nil {
		return nil, fmt.Errorf("assessment date %q is not a date YYYY-MM-DD", opts.AsOf)
	}
	opts.Limits = opts.Limits.WithDefaults()
	if opts.Jobs <= 0 {
		opts.Jobs = runtime.NumCPU()
	}
	sources, err := BuiltinSources()
	if err != nil {
		return nil, err
	}
	// The schema compiles on another CPU while the rules do: a cold start is
	// most of the time of linting one file (the pre-commit case).
	type compiled struct {
		v   *validate.Validator
		err error
	}
	schema := make(chan compiled, 1)
	go func() {
		v, err := validate.New()
		schema <- compiled{v, err}
	}()
	engine, err := policy.New(ctx, policy.Options{Sources: append(sources, opts.Policies...), AsOf: opts.AsOf, Timeout: opts.EvalTimeout})
	s := <-schema
	if err != nil {
		return nil, err
	}
	for _, id := range slices.Sorted(maps.Keys(opts.Rules)) {
		if _, ok := engine.Rule(id); !ok {
			return nil, &UnknownRuleError{ID: id}
		}
	}
	if s.err != nil {
		return nil, s.err
	}
	return &Linter{opts: opts, engine: engine, validator: s.v}, nil
}

// Rules lists every rule of the run, built-in and custom, by ID.
func (l *Linter) Rules() []policy.Rule { return l.engine.Rules() }

// Report is the outcome of a run.
type Report struct {
	AsOf      string
	Files     int
	Documents int
	// FileNames names every input, sorted, so that reports can list a file that
	// has no findings (JUnit shows it as a passing suite).
	FileNames []string
	// DocumentInfos describes every document read, by file then index, so that
	// reports can group findings by organisation and show clean documents too.
	// It includes entries for what could not be read as a manifest (a YAML syntax
	// error, an empty document), which Documents does not count.
	DocumentInfos []DocumentInfo
	Findings      []finding.Finding // sorted; suppressed findings included
	Rules         []policy.Rule
}

// DocumentInfo identifies one document of a run for reports.
type DocumentInfo struct {
	File         string
	Index        int           // 0-based, as in Finding.Document
	Name         string        // metadata.name; empty when not a string
	Organisation string        // organisation.name; empty when not a string
	Stage        finding.Stage // as the rules saw it: missing or invalid reads as live
	Checked      bool          // the rules ran: false when it was not YAML or was empty
}

// Counts returns the number of unsuppressed findings at each severity.
func (r *Report) Counts() map[finding.Severity]int {
	c := map[finding.Severity]int{}
	for _, f := range r.Findings {
		if !f.Suppressed() {
			c[f.Severity]++
		}
	}
	return c
}

// Suppressed returns the number of findings waivers suppress.
func (r *Report) Suppressed() int {
	n := 0
	for _, f := range r.Findings {
		if f.Suppressed() {
			n++
		}
	}
	return n
}

// Fails reports whether an unsuppressed finding is at or above level.
func (r *Report) Fails(level finding.Severity) bool {
	for _, f := range r.Findings {
		if !f.Suppressed() && f.Severity >= level {
			return true
		}
	}
	return false
}

// docState is what a run keeps of a document after its own checks: enough to add
// the cross-manifest findings and apply waivers, not the document itself.
type docState struct {
	file     string
	index    int
	stage    finding.Stage
	name     string // metadata.name, for reports
	org      string // organisation.name, for reports
	findings []finding.Finding
	packed   []byte // the document's own findings once packed (pack.go); findings then has only the cross-manifest ones
	waivers  []waiver.Waiver
	checked  bool    // the rules ran: it was a YAML document, not empty
	key      repoKey // what the run-scope rules compare
	context  bool    // a context file's document (LintInContext): compared, not reported
}

// repoKey keeps, of a document, only the fields the cross-manifest rules
// compare, with their places: a run keeps it for every document until the end.
type repoKey struct {
	name, odsCode        string
	hasName, hasODS      bool // the field is a string
	nameLine, nameColumn int
	odsLine, odsColumn   int
}

type fileResult struct {
	docs []*docState
	err  error
}

// Lint checks every input. One bad file never stops the run: it becomes findings.
// An error is returned only when erslint itself cannot do its job.
func (l *Linter) Lint(ctx context.Context, inputs []Input) (*Report, error) {
	return l.lint(ctx, inputs, nil)
}

// lint is Lint with the context files of LintInContext (context.go).
func (l *Linter) lint(ctx context.Context, inputs, others []Input) (*Report, error) {
	results := make([]fileResult, len(inputs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(l.opts.Jobs, len(inputs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = l.lintFile(ctx, inputs[i])
			}
		}()
	}
	for i := range inputs {
		next <- i
	}
	close(next)
	wg.Wait()

	var docs []*docState
	var errs []error
	for _, r := range results {
		if r.err != nil {
			errs = append(errs, r.err)
		}
		docs = append(docs, r.docs...)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(others) > 0 {
		docs = append(docs, l.contextDocs(ctx, inputs, others)...)
	}
	// Inputs arrive in the order given, not sorted; reports must not depend on
	// it, the cross-manifest messages (which list the other documents) included.
	slices.SortStableFunc(docs, func(a, b *docState) int {
		return cmp.Or(strings.Compare(a.file, b.file), cmp.Compare(a.index, b.index))
	})
	if err := l.crossCheck(ctx, docs); err != nil {
		return nil, err
	}
	rep := &Report{AsOf: l.opts.AsOf, Files: len(inputs), Rules: l.engine.Rules()}
	for _, in := range inputs {
		rep.FileNames = append(rep.FileNames, in.Name)
	}
	slices.Sort(rep.FileNames)
	for _, d := range docs {
		if d.context {
			continue // compared, never reported on
		}
		if d.checked {
			rep.Documents++
		}
		rep.DocumentInfos = append(rep.DocumentInfos, DocumentInfo{File: d.file, Index: d.index, Name: d.name,
			Organisation: d.org, Stage: d.stage, Checked: d.checked})
		fs, err := l.finish(d)
		if err != nil {
			return nil, err
		}
		rep.Findings = append(rep.Findings, fs...)
	}
	finding.Sort(rep.Findings)
	return rep, nil
}

func (l *Linter) lintFile(ctx context.Context, in Input) fileResult {
	fileProblem := func(line, col int, msg string) fileResult {
		return fileResult{docs: []*docState{{file: in.Name, stage: finding.Live, findings: []finding.Finding{{
			RuleID: validate.RuleID, File: in.Name, Line: line, Column: col, Message: msg,
		}}}}}
	}
	if in.Err != nil {
		return fileProblem(1, 1, in.Err.Error())
	}
	src := in.Data
	if in.Path != "" {
		var err error
		if src, err = readLimited(in.Path, l.opts.Limits.MaxFileBytes); err != nil {
			return fileProblem(1, 1, err.Error())
		}
	}
	f := manifest.Parse(in.Name, src, l.opts.Limits)
	var out fileResult
	for _, doc := range f.Documents {
		d, err := l.lintDocument(ctx, doc)
		if err != nil {
			return fileResult{err: fmt.Errorf("%s: document %d: %w", in.Name, doc.Index+1, err)}
		}
		out.docs = append(out.docs, d)
	}
	if p := f.Fatal; p != nil {
		out.docs = append(out.docs, fileProblem(p.Line, p.Column, p.Message).docs...)
		out.docs[len(out.docs)-1].index = len(f.Documents)
	}
	for _, d := range out.docs {
		d.pack()
	}
	return out
}

func (l *Linter) lintDocument(ctx context.Context, doc *manifest.Document) (*docState, error) {
	d := &docState{file: doc.File, index: doc.Index, stage: doc.Stage()}
	for _, p := range doc.Problems {
		d.findings = append(d.findings, finding.Finding{RuleID: validate.RuleID, File: doc.File, Document: doc.Index,
			Line: p.Line, Column: p.Column, Path: p.Path, Message: p.Message})
	}
	if doc.Root == nil {
		line := max(doc.Line, 1)
		d.findings = append(d.findings, finding.Finding{RuleID: validate.RuleID, File: doc.File, Document: doc.Index,
			Line: line, Column: 1, Message: "document is empty; a manifest document is a mapping starting with apiVersion"})
		return d, nil
	}
	d.findings = append(d.findings, l.validator.Validate(doc)...)
	// A document that is not a mapping is still checked (spec §3): with every
	// section missing, as the rules read a missing section.
	input := doc.Data
	if _, ok := input.(map[string]any); !ok {
		input = map[string]any{}
	}
	results, err := l.engine.Evaluate(ctx, input)
	if err != nil {
		return nil, err
	}
	for _, r := range results {
		line, col := doc.Position(r.Path)
		d.findings = append(d.findings, finding.Finding{RuleID: r.RuleID, File: doc.File, Document: doc.Index,
			Line: line, Column: col, Path: r.Path, Message: r.Message})
	}
	d.waivers = waiver.Parse(doc.Data, doc.Position)
	d.checked = true
	d.key = keyOf(doc)
	d.name = d.key.name
	if m, ok := doc.Data.(map[string]any); ok {
		org, _ := m["organisation"].(map[string]any)
		d.org, _ = org["name"].(string)
	}
	return d, nil
}

// keyOf reads a document's repoKey: name and ODS code, when they are strings.
func keyOf(doc *manifest.Document) repoKey {
	var k repoKey
	m, _ := doc.Data.(map[string]any)
	meta, _ := m["metadata"].(map[string]any)
	org, _ := m["organisation"].(map[string]any)
	if k.name, k.hasName = meta["name"].(string); k.hasName {
		k.nameLine, k.nameColumn = doc.Position(finding.Path{"metadata", "name"})
	}
	if k.odsCode, k.hasODS = org["odsCode"].(string); k.hasODS {
		k.odsLine, k.odsColumn = doc.Position(finding.Path{"organisation", "odsCode"})
	}
	return k
}

// runFields are the document's fields as the run-scope rules read them
// (input.files[i], input.names[i], ...). Every document of the run is held in
// this form at once, so they are only what the rules read: the lines are for
// their messages; the columns, which no message shows, stay in the key.
func (d *docState) runFields() map[string]any {
	in := map[string]any{"files": d.file}
	if d.key.hasName {
		in["names"], in["nameLines"] = d.key.name, d.key.nameLine
	}
	if d.key.hasODS {
		in["odsCodes"], in["odsLines"] = d.key.odsCode, d.key.odsLine
	}
	return in
}

// crossCheck runs the run-scope rules once over the keys of every document.
func (l *Linter) crossCheck(ctx context.Context, docs []*docState) error {
	var keyed []*docState
	var input policy.RunInput
	for _, d := range docs {
		if !d.checked {
			continue
		}
		if err := input.Add(d.runFields()); err != nil {
			return err
		}
		keyed = append(keyed, d)
	}
	if len(keyed) == 0 {
		return nil
	}
	results, err := l.engine.EvaluateRun(ctx, &input)
	if err != nil {
		return fmt.Errorf("cross-manifest rules: %w", err)
	}
	for _, r := range results {
		if r.Document < 0 || r.Document >= len(keyed) {
			return fmt.Errorf("cross-manifest rule %s reported document %d, which does not exist", r.RuleID, r.Document)
		}
		d := keyed[r.Document]
		line, col := d.key.position(r.Path)
		d.findings = append(d.findings, finding.Finding{RuleID: r.RuleID, File: d.file, Document: d.index,
			Line: line, Column: col, Path: r.Path, Message: r.Message})
	}
	return nil
}

// position is where a run-scope finding's path is, when it is a compared field.
func (k repoKey) position(path finding.Path) (int, int) {
	line, col := 1, 1
	switch path.String() {
	case "metadata.name":
		line, col = k.nameLine, k.nameColumn
	case "organisation.odsCode":
		line, col = k.odsLine, k.odsColumn
	}
	return max(line, 1), max(col, 1)
}

// pack packs the document's findings so far, when they fit (see pack.go).
func (d *docState) pack() {
	if len(d.findings) == 0 {
		return
	}
	if b, ok := packFindings(d.file, d.findings); ok {
		d.packed, d.findings = b, nil
	}
}

// finish applies waivers and configuration and sets each finding's severity.
func (l *Linter) finish(d *docState) ([]finding.Finding, error) {
	fs := d.findings
	if d.packed != nil {
		own, err := unpackFindings(d.file, d.packed)
		if err != nil {
			return nil, fmt.Errorf("%s: document %d: %w", d.file, d.index+1, err)
		}
		fs = append(own, fs...)
	}
	fs = waiver.Apply(d.file, d.index, d.waivers, fs)
	out := fs[:0]
	for _, f := range fs {
		setting := l.opts.Rules[f.RuleID]
		if setting.Disabled {
			continue
		}
		rule, ok := l.engine.Rule(f.RuleID)
		if !ok {
			continue
		}
		base := rule.Severity
		if setting.Severity != 0 {
			base = setting.Severity
		}
		f.Severity = finding.SeverityAt(base, rule.Stage, d.stage)
		out = append(out, f)
	}
	return out, nil
}
