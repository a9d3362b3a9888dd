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
	"sync/atomic"
	"time"

	"github.com/erslint/erslint/pkg/cache"
	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/manifest"
	"github.com/erslint/erslint/pkg/policy"
	"github.com/erslint/erslint/pkg/readfile"
	"github.com/erslint/erslint/pkg/refdata"
	"github.com/erslint/erslint/pkg/validate"
	"github.com/erslint/erslint/policies"
)

// RuleSetting changes one rule for a run (configuration file).
type RuleSetting = policy.Setting

// Options configure a run.
type Options struct {
	AsOf        string // assessment date, YYYY-MM-DD
	Jobs        int    // files linted at once; 0 means one per CPU
	Limits      manifest.Limits
	Rules       map[string]RuleSetting
	Policies    []policy.Source // custom policies, besides the built-in ones
	EvalTimeout time.Duration   // limit for one document's evaluation (its look-ahead: 6 times it); 0 means none
	// LookAheadWork bounds the look-ahead of one document (LintPlanned): the
	// values evaluated again over all its days; 0 means DefaultLookAheadWork.
	LookAheadWork int
	// RefData is the reference data of the national register (spec §8),
	// checked and fresh; nil: none, and the ERS-REF rules do not run.
	RefData *refdata.Document
	// Progress, when set, is called after each file with the number of files
	// done and the total, from the goroutine that linted it.
	Progress func(done, total int)
	// Cache, when set, keeps each file's results between runs (cached.go);
	// CacheExtra is a digest of any other input that decides findings
	// (reference data), and Blobs, when set, names files by git blob id.
	Cache      *cache.Cache
	CacheExtra string
	Blobs      BlobIDs
	// PackFindings keeps the report's findings packed (findings.go), for a
	// run whose findings may be many: Report.Findings is then nil, and
	// Report.Each, EachFile or Unpacked read them.
	PackFindings bool
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
	plan      Plan         // further evaluations of each document (LintPlanned); none for a plain run
	prior     *readContext // context files read before (LintWithContext); nil for none
	blobs     *Blobs       // files remembered by content (Remembering); nil: none

	sources        []policy.Source // the rules' sources, built-in then custom: the cache's keys
	runKey, ctxKey []byte          // the cache keys' shared parts (cached.go)
	counts         *cacheCounts    // what came from the cache
}

// BuiltinSources returns the embedded policies.
func BuiltinSources() ([]policy.Source, error) {
	return policy.FromFS(policies.FS, "policies", true)
}

// The years of the dates erslint works with, the assessment date and every date
// of a manifest (the schema's date pattern allows the same): OPA counts time in
// nanoseconds since 1970 in 64 bits (1677-09-21 to 2262-04-11), outside which
// every date rule would be silently undefined, and the rules reach 12 months
// before and 90 days after the assessment date. No onboarding plan needs more.
const (
	MinYear = 1900
	MaxYear = 2199
)

// CheckAsOf returns an error saying what is wrong with an assessment date that
// is not a date YYYY-MM-DD in the years MinYear to MaxYear.
func CheckAsOf(asOf string) error {
	t, err := time.Parse(time.DateOnly, asOf)
	if err != nil {
		return fmt.Errorf("assessment date %q is not a date YYYY-MM-DD", asOf)
	}
	if t.Year() < MinYear || t.Year() > MaxYear {
		return fmt.Errorf("assessment date %s is outside the years %d to %d, the dates the rules can compute with", asOf, MinYear, MaxYear)
	}
	return nil
}

// New prepares a Linter.
func New(ctx context.Context, opts Options) (*Linter, error) {
	if err := CheckAsOf(opts.AsOf); err != nil {
		return nil, err
	}
	opts.Limits = opts.Limits.WithDefaults()
	if opts.Jobs <= 0 {
		opts.Jobs = runtime.NumCPU()
	}
	sources, err := policy.LiveFromFS(policies.FS, "policies", true)
	if err != nil {
		return nil, err
	}
	sources = append(sources, opts.Policies...)
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
	engine, err := policy.New(ctx, policy.Options{Sources: sources, AsOf: opts.AsOf, Timeout: opts.EvalTimeout,
		Settings: opts.Rules, RefData: opts.RefData})
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
	l := &Linter{opts: opts, engine: engine, validator: s.v, sources: sources}
	l.UseCache(opts.Cache, opts.Blobs)
	return l, nil
}

// UseCache has the Linter keep its files' results in c and take blob ids for
// their content from blobs (either may be nil), as Options.Cache and
// Options.Blobs say: for a caller that compiles the rules while it finds the
// cache, as a warm run's time is spread over both. Not while linting.
func (l *Linter) UseCache(c *cache.Cache, blobs BlobIDs) {
	l.opts.Cache, l.opts.Blobs = c, blobs
	if c != nil {
		l.cacheKeys(l.sources)
	}
}

// Rules lists every rule of the run, built-in and custom, by ID.
func (l *Linter) Rules() []policy.Rule { return l.engine.Rules() }

// Report is the outcome of a run.
type Report struct {
	AsOf string
	// RefData names the reference data the run used; nil when none.
	RefData   *refdata.Info
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
	Findings      []finding.Finding // sorted; suppressed findings included; nil when packed (Packed)
	Rules         []policy.Rule
	// Skipped names the files found while walking a directory that hold no
	// manifest (manifest.LooksLikeManifest), and the files that are erslint's
	// own reports (manifest.IsReport), sorted; they are not in Files.
	Skipped []string
	Reports int // of Skipped, the erslint reports

	packed *packedReport // the findings, when packed (Options.PackFindings)
}

// DocumentInfo identifies one document of a run for reports.
type DocumentInfo struct {
	File         string
	Index        int           // 0-based, as in Finding.Document
	Name         string        // metadata.name; empty when not a string
	Organisation string        // organisation.name; empty when not a string
	Type         string        // organisation.type; empty when not a string
	Stage        finding.Stage // as the rules saw it: missing or invalid reads as live
	Checked      bool          // the rules ran: false when it was not YAML or was empty
	// Commissioners are those of its contracts (services[].contracts[]), by
	// ODS code, each once, in the order first written; for the roll-up by
	// commissioner.
	Commissioners []Commissioner
	// Evaluations are the document's findings at the further dates its plan
	// asked for (LintPlanned); empty in a plain run.
	Evaluations []Evaluated
}

// Counts returns the number of unsuppressed findings at each severity.
func (r *Report) Counts() map[finding.Severity]int {
	if r.packed != nil {
		return r.packed.countsCopy()
	}
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
	if r.packed != nil {
		return r.packed.suppressed
	}
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
	if r.packed != nil {
		for sev, n := range r.packed.counts {
			if sev >= level && n > 0 {
				return true
			}
		}
		return false
	}
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
	file          string
	index         int
	stage         finding.Stage
	name          string         // metadata.name, for reports
	org           string         // organisation.name, for reports
	orgType       string         // organisation.type, for reports
	commissioners []Commissioner // for reports
	line          int            // where the document's first key is: for a finding about the whole document
	column        int
	findings      []finding.Finding
	packed        []byte            // the document's own findings once packed (pack.go); findings then has only the cross-manifest ones
	waivers       any               // the manifest's waivers as written, nil when it has none
	waiverAt      []place           // where each item of waivers is written
	checked       bool              // the rules ran: it was a YAML document, not empty
	key           repoKey           // what the run-scope rules compare
	cross         []finding.Finding // the cross-manifest findings, also in findings
	dated         []datedState      // the plan's evaluations (plan.go)
	context       bool              // a context file's document (LintInContext): compared, not reported
	blob          *blobDoc          // the document remembered by content (Blobs); nil: not remembered
	data          any               // the document's data, with blob: for its change dates
	noCache       bool              // hit a time limit: its file is not cached
	entry         *fileEntry        // its file's cache entry (cached.go); nil with no cache
	hit           *cachedDoc        // what the cache gave of it
	enc           []byte            // it, encoded for its file's entry, once decided
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
	docs    []*docState
	err     error
	skipped bool // walked, and no manifest in it; or an erslint report
	report  bool // skipped as one of erslint's own reports
}

// Lint checks every input. One bad file never stops the run: it becomes findings.
// An error is returned only when erslint itself cannot do its job.
func (l *Linter) Lint(ctx context.Context, inputs []Input) (*Report, error) {
	return l.lint(ctx, inputs, nil)
}

// lint is Lint with the context files of LintInContext (context.go).
func (l *Linter) lint(ctx context.Context, inputs, others []Input) (*Report, error) {
	results := make([]fileResult, len(inputs))
	tab := newStrtab()
	run := l.newCacheRun(inputs, others)
	var wg sync.WaitGroup
	next := make(chan int)
	var done atomic.Int64
	for range min(l.opts.Jobs, len(inputs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = l.lintInput(ctx, inputs[i], tab, run)
				if l.opts.Progress != nil {
					l.opts.Progress(int(done.Add(1)), len(inputs))
				}
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
		docs = append(docs, l.contextDocs(ctx, inputs, others, run)...)
	}
	docs = append(docs, l.prior.copies()...)
	// Inputs arrive in the order given, not sorted; reports must not depend on
	// it, the cross-manifest messages (which list the other documents) included.
	slices.SortStableFunc(docs, func(a, b *docState) int {
		return cmp.Or(strings.Compare(a.file, b.file), cmp.Compare(a.index, b.index))
	})
	if err := l.crossCheck(ctx, docs); err != nil {
		return nil, err
	}
	// A context file's documents were compared; they are never reported on.
	docs = slices.DeleteFunc(docs, func(d *docState) bool { return d.context })
	rep := &Report{AsOf: l.opts.AsOf, Rules: l.engine.Rules(), RefData: l.opts.RefData.Info()}
	for i, in := range inputs {
		if results[i].skipped {
			rep.Skipped = append(rep.Skipped, in.Name)
			if results[i].report {
				rep.Reports++
			}
			continue
		}
		rep.FileNames = append(rep.FileNames, in.Name)
	}
	rep.Files = len(rep.FileNames)
	slices.Sort(rep.FileNames)
	slices.Sort(rep.Skipped)
	// The documents come in order of file: a file's findings, once all
	// decided, are sorted and packed (findings.go), and the file's documents
	// are let go, described for the reports (DocumentInfos): the run's memory
	// peaks before, holding every document's state.
	rep.packed = newPackedReport(tab, len(rep.FileNames))
	rep.DocumentInfos = make([]DocumentInfo, 0, len(docs))
	var file []finding.Finding
	fileStart := 0
	err := l.finishAll(ctx, docs, tab, func(i int, fs []finding.Finding, evs []Evaluated) {
		d := docs[i]
		if i > 0 && docs[i-1].file != d.file {
			rep.packed.add(docs[i-1].file, file)
			file = file[:0]
			clear(docs[fileStart:i]) // stored reads back only the documents of the file at i
			fileStart = i
		}
		file = append(file, fs...)
		if d.checked {
			rep.Documents++
		}
		rep.DocumentInfos = append(rep.DocumentInfos, DocumentInfo{File: d.file, Index: d.index, Name: d.name,
			Organisation: d.org, Type: d.orgType, Stage: d.stage, Checked: d.checked, Commissioners: d.commissioners, Evaluations: evs})
		if l.opts.Cache != nil {
			l.stored(docs, i)
		}
		d.findings, d.packed, d.cross = nil, nil, nil
	})
	if err != nil {
		return nil, err
	}
	if len(docs) > 0 {
		rep.packed.add(docs[len(docs)-1].file, file)
	}
	if rep.DocumentInfos == nil {
		rep.DocumentInfos = []DocumentInfo{}
	}
	l.saveContext(run)
	if !l.opts.PackFindings || rep.packed.mixed {
		return rep.Unpacked()
	}
	return rep, nil
}

func (l *Linter) lintFile(ctx context.Context, in Input, tab *strtab) fileResult {
	// A file that cannot be read is one finding, packed like any other: a run
	// of many such files must not keep them as structs.
	fileProblem := func(line, col int, msg string) fileResult {
		d := &docState{file: in.Name, stage: finding.Live, findings: []finding.Finding{{
			RuleID: validate.RuleID, File: in.Name, Line: line, Column: col, Message: msg,
		}}}
		d.pack(tab)
		return fileResult{docs: []*docState{d}}
	}
	if in.Err != nil {
		return fileProblem(1, 1, in.Err.Error())
	}
	var f *manifest.File
	var schema [][]finding.Finding
	var blobs []*blobDoc
	if l.blobs != nil && in.Key != "" {
		// A file of the same content linted before: parsed and checked once.
		bf := l.blobs.parsed(in, func() (*manifest.File, bool, bool, [][]finding.Finding) {
			f := manifest.Parse(in.Name, in.Data, l.opts.Limits)
			if _, ok := manifest.IsReport(f, in.Data); ok {
				return f, true, true, nil // never a manifest, however named
			}
			if in.Walked && !manifest.LooksLikeManifest(f, in.Data) {
				return f, true, false, nil
			}
			var schema [][]finding.Finding
			for _, doc := range f.Documents {
				schema = append(schema, l.schemaFindings(doc))
			}
			return f, false, false, schema
		})
		if bf.skip {
			return fileResult{skipped: true, report: bf.report}
		}
		f, blobs = bf.file, bf.docs
		for _, bd := range blobs {
			schema = append(schema, bd.schema)
		}
	} else {
		src, err := l.read(in)
		if err != nil {
			return fileProblem(1, 1, err.Error())
		}
		f = manifest.Parse(in.Name, src, l.opts.Limits)
		if _, ok := manifest.IsReport(f, src); ok {
			return fileResult{skipped: true, report: true} // never a manifest, however named
		}
		if in.Walked && !manifest.LooksLikeManifest(f, src) {
			return fileResult{skipped: true}
		}
		for _, doc := range f.Documents {
			schema = append(schema, l.schemaFindings(doc))
		}
		blobs = make([]*blobDoc, len(f.Documents))
	}
	var out fileResult
	for i, doc := range f.Documents {
		d, err := l.lintDocument(ctx, doc, schema[i], blobs[i])
		if err != nil {
			return fileResult{err: fmt.Errorf("%s: document %d: %w", in.Name, doc.Index+1, err)}
		}
		out.docs = append(out.docs, d)
	}
	for _, d := range out.docs {
		d.pack(tab)
	}
	if p := f.Fatal; p != nil {
		// Charged to the document that holds it, so that reports show that
		// organisation blocked, not the first one of the file.
		d := &docState{file: in.Name, index: f.FatalDocument, stage: finding.Live, findings: []finding.Finding{{
			RuleID: validate.RuleID, File: in.Name, Document: f.FatalDocument, Line: p.Line, Column: p.Column, Message: p.Message,
		}}}
		d.pack(tab)
		out.docs = append(out.docs, d)
	}
	return out
}

// read reads an input within --max-file-size: a file as it is linted, not
// before (memory holds the files being linted, not every file of the run), and
// standard input like a file.
func (l *Linter) read(in Input) ([]byte, error) {
	limit := l.opts.Limits.MaxFileBytes
	switch {
	case in.Path != "":
		data, err := readfile.Bounded(in.Path, limit)
		var tooLarge *readfile.TooLargeError
		var special *readfile.NotRegularError
		switch {
		case err == nil, errors.As(err, &tooLarge):
			return data, err
		case errors.As(err, &special):
			return nil, fmt.Errorf("%w; replace it with the manifest file", err)
		default:
			return nil, fmt.Errorf("cannot be read: %w", err)
		}
	case in.Reader != nil:
		data, err := readfile.All(in.Reader, limit)
		var tooLarge *readfile.TooLargeError
		if errors.As(err, &tooLarge) {
			return nil, fmt.Errorf("standard input is over the limit of %d bytes; not read: lint the file by its name (or raise --max-file-size)", limit)
		}
		if err != nil {
			return nil, fmt.Errorf("standard input cannot be read: %w", err)
		}
		return data, nil
	}
	return in.Data, nil
}

// schemaFindings are a document's findings that no date changes: its YAML
// problems and the schema's.
func (l *Linter) schemaFindings(doc *manifest.Document) []finding.Finding {
	var fs []finding.Finding
	for _, p := range doc.Problems {
		fs = append(fs, finding.Finding{RuleID: validate.RuleID, File: doc.File, Document: doc.Index,
			Line: p.Line, Column: p.Column, Path: p.Path, Message: p.Message})
	}
	if doc.Root == nil {
		line := max(doc.Line, 1)
		return append(fs, finding.Finding{RuleID: validate.RuleID, File: doc.File, Document: doc.Index,
			Line: line, Column: 1, Message: "document is empty; a manifest document is a mapping starting with apiVersion"})
	}
	// A list over its schema limit is checked up to the limit, by the schema
	// and the rules alike: the rest would only repeat findings (and cost).
	if data, cut := l.validator.CutLists(doc); len(cut) > 0 {
		fs = append(fs, cut...)
		doc.Data = data
	}
	return append(fs, l.validator.Validate(doc)...)
}

// lintDocument evaluates the rules on doc, whose schemaFindings are schema;
// bd, when not nil, remembers the evaluation by date (Blobs).
func (l *Linter) lintDocument(ctx context.Context, doc *manifest.Document, schema []finding.Finding, bd *blobDoc) (*docState, error) {
	d := &docState{file: doc.File, index: doc.Index, stage: doc.Stage(), blob: bd}
	d.findings = slices.Clone(schema)
	if doc.Root == nil {
		return d, nil
	}
	if bd != nil {
		d.data = doc.Data
	}
	schemaFindings := len(d.findings)
	// A document that is not a mapping is still checked (spec §3): with every
	// section missing, as the rules read a missing section.
	input := doc.Data
	if _, ok := input.(map[string]any); !ok {
		input = map[string]any{}
	}
	var results []policy.Result
	var whole *policy.Input // input converted once, when the plan evaluates it again
	var err error
	if l.plan.Evaluations != nil && d.blob == nil {
		if whole, err = policy.NewInput(input); err != nil {
			return nil, err
		}
		results, err = l.engine.EvaluateInput(ctx, whole)
	} else {
		results, err = l.evaluate(ctx, l.engine, d, input)
	}
	var tooLong *policy.TimeoutError
	if errors.As(err, &tooLong) {
		// One document the rules cannot finish in time is a finding of its own,
		// not the end of the run: the other documents keep their findings. Its
		// waivers are not read: with no rule's finding to waive, each would be
		// reported as stale.
		d.findings = append(d.findings, timeoutFinding(doc, tooLong.Limit))
		d.noCache = true
		d.describe(doc)
		return d, nil
	}
	var tooBig *policy.PatternError
	var failed *policy.EvalError
	if errors.As(err, &tooBig) || errors.As(err, &failed) {
		// The same for a pattern too long to compile within the bounds, and
		// for a rule that fails on a value of this document.
		why := fmt.Sprint(failed)
		if tooBig != nil {
			why = fmt.Sprintf("%v; a pattern built from a manifest's values must stay short", tooBig)
		}
		line, col := doc.Position(nil)
		d.findings = append(d.findings, finding.Finding{RuleID: validate.RuleID, File: doc.File, Document: doc.Index,
			Line: line, Column: col, Message: "the rules could not be evaluated on this document, so none of them was checked: " + why})
		d.describe(doc)
		return d, nil
	}
	if err != nil {
		return nil, err
	}
	for _, r := range results {
		line, col := doc.Position(r.Path)
		d.findings = append(d.findings, finding.Finding{RuleID: r.RuleID, File: doc.File, Document: doc.Index,
			Line: line, Column: col, Path: r.Path, Message: r.Message})
	}
	if l.plan.Evaluations != nil {
		if err := l.evaluatePlan(ctx, doc, input, whole, d, d.findings[:schemaFindings:schemaFindings]); err != nil {
			return nil, err
		}
	}
	if m, ok := doc.Data.(map[string]any); ok && m["waivers"] != nil {
		d.waivers = m["waivers"]
		list, _ := d.waivers.([]any)
		for i := range list {
			line, col := doc.Position(finding.Path{"waivers", i})
			d.waiverAt = append(d.waiverAt, place{line, col})
		}
	}
	d.describe(doc)
	return d, nil
}

// describe records what the run and its reports keep of a checked document:
// its keys for the cross-manifest rules, its name and organisation.
func (d *docState) describe(doc *manifest.Document) {
	d.checked = true
	d.line, d.column = doc.Position(nil)
	d.key = keyOf(doc)
	d.name = d.key.name
	if m, ok := doc.Data.(map[string]any); ok {
		org, _ := m["organisation"].(map[string]any)
		d.org, _ = org["name"].(string)
		d.orgType, _ = org["type"].(string)
		d.commissioners = commissionersOf(m)
	}
}

// timeoutFinding reports a document the rules could not finish in time.
func timeoutFinding(doc *manifest.Document, limit time.Duration) finding.Finding {
	line, col := doc.Position(nil)
	return finding.Finding{RuleID: validate.RuleID, File: doc.File, Document: doc.Index,
		Line: line, Column: col, Message: fmt.Sprintf("the rules could not be evaluated on this document within "+
			"the time limit of %s, so none of them was checked: make the document smaller (one organisation per "+
			"document, within the schema's limits on lists and text), or raise the limit with --eval-timeout", limit)}
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
	for _, d := range docs {
		if d.checked {
			keyed = append(keyed, d)
		}
	}
	if len(keyed) == 0 {
		return nil
	}
	results, err := l.evaluateRun(ctx, keyed) // cached.go
	var tooLong *policy.TimeoutError
	var failed *policy.EvalError
	if errors.As(err, &tooLong) || errors.As(err, &failed) {
		// Fail closed without losing the run: each document reported on gets a
		// finding saying it was not compared, and keeps its own findings.
		uncompared(keyed, len(keyed), err)
		return nil
	}
	if err != nil {
		return fmt.Errorf("cross-manifest rules: %w", err)
	}
	for _, r := range results {
		if r.Document < 0 || r.Document >= len(keyed) {
			return fmt.Errorf("cross-manifest rule %s reported document %d, which does not exist", r.RuleID, r.Document)
		}
		d := keyed[r.Document]
		line, col := d.key.position(r.Path)
		f := finding.Finding{RuleID: r.RuleID, File: d.file, Document: d.index,
			Line: line, Column: col, Path: r.Path, Message: r.Message}
		d.findings = append(d.findings, f)
		d.cross = append(d.cross, f)
	}
	return nil
}

// uncompared adds to each document reported on (not a context file's) an
// ERS-SCHEMA-001 finding: the cross-manifest rules could not be evaluated over
// the n documents of the run, so it was not compared with the others. It is
// placed where the document is compared, its metadata.name (else its ODS
// code, else its first key), so an editor or a code-scanning alert shows it
// on the field a clash would be reported at.
func uncompared(docs []*docState, n int, err error) {
	why := fmt.Sprintf("a rule failed (%v): fix the rule it names", err)
	var tooLong *policy.TimeoutError
	if errors.As(err, &tooLong) {
		why = fmt.Sprintf("they did not finish within the time limit of %s: lint fewer manifests at once "+
			"(--context, or the exclude globs), or raise the limit with --eval-timeout", tooLong.Limit)
	}
	msg := fmt.Sprintf("the cross-manifest rules (such as ERS-REPO-001 and ERS-REPO-002) could not be evaluated over the %d "+
		"documents of this run, so this document was not compared with the others: %s", n, why)
	for _, d := range docs {
		if d.context {
			continue
		}
		f := finding.Finding{RuleID: validate.RuleID, File: d.file, Document: d.index, Message: msg}
		switch {
		case d.key.hasName:
			f.Path = finding.Path{"metadata", "name"}
			f.Line, f.Column = d.key.nameLine, d.key.nameColumn
		case d.key.hasODS:
			f.Path = finding.Path{"organisation", "odsCode"}
			f.Line, f.Column = d.key.odsLine, d.key.odsColumn
		default:
			f.Line, f.Column = d.line, d.column
		}
		f.Line, f.Column = max(f.Line, 1), max(f.Column, 1)
		d.findings = append(d.findings, f)
		d.cross = append(d.cross, f)
	}
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
func (d *docState) pack(tab *strtab) {
	d.packDated(tab)
	if len(d.findings) == 0 {
		return
	}
	if b, ok := packFindings(tab, d.file, d.findings); ok {
		d.packed, d.findings = b, nil
	}
}

// place is a line and column.
type place struct{ line, col int }

// finishBatch is how many documents finishAll decides at once.
const finishBatch = 512

// finishAll decides every document's findings (finish) and its plan's
// evaluations (finishDated) on the run's workers, a batch of documents at a
// time, and hands them to add in document order, with the document's index
// in docs: besides the report, only one batch's findings are held.
func (l *Linter) finishAll(ctx context.Context, docs []*docState, tab *strtab, add func(int, []finding.Finding, []Evaluated)) error {
	out := make([][]finding.Finding, min(finishBatch, len(docs)))
	evs := make([][]Evaluated, len(out))
	errs := make([]error, len(out))
	for start := 0; start < len(docs); start += finishBatch {
		part := docs[start:min(start+finishBatch, len(docs))]
		var wg sync.WaitGroup
		next := make(chan int)
		for range min(l.opts.Jobs, len(part)) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range next {
					out[j], evs[j], errs[j] = l.finish(ctx, part[j], tab)
				}
			}()
		}
		for j := range part {
			next <- j
		}
		close(next)
		wg.Wait()
		for j := range part {
			if errs[j] != nil {
				return errs[j]
			}
			add(start+j, out[j], evs[j])
			out[j], evs[j] = nil, nil
		}
	}
	return nil
}

// finish applies waivers and configuration and sets each finding's severity:
// the decision (policies/decision), the Rego the OPA bundle serves, run on all
// of the document's findings, cross-manifest ones included; and so for its
// plan's evaluations (finishDated).
func (l *Linter) finish(ctx context.Context, d *docState, tab *strtab) ([]finding.Finding, []Evaluated, error) {
	if d.hit != nil {
		return l.finishCached(ctx, d, tab) // cached.go
	}
	fs, err := d.all(tab)
	if err != nil {
		return nil, nil, err
	}
	return l.decideAll(ctx, d, tab, fs)
}

// decideAll is finish on fs, every finding of the document before the
// decision (its own, then the cross-manifest ones). With a cache entry, the
// document is kept encoded for it.
func (l *Linter) decideAll(ctx context.Context, d *docState, tab *strtab, fs []finding.Finding) ([]finding.Finding, []Evaluated, error) {
	decided, err := l.settle(ctx, l.engine, d, fs, d.stage)
	if err != nil {
		return nil, nil, err
	}
	var evs []Evaluated
	if len(d.dated) > 0 {
		if evs, err = l.finishDated(ctx, d, tab, fs, decided); err != nil {
			return nil, nil, err
		}
	}
	if d.entry != nil && !d.noCache {
		d.enc = d.encode(tab, fs[:len(fs)-len(d.cross)], decided, l.plan.Evaluations != nil, evs)
	}
	return decided, evs, nil
}

// all is every finding of the document before the decision: its own and the
// cross-manifest ones.
func (d *docState) all(tab *strtab) ([]finding.Finding, error) {
	fs := d.findings
	if d.packed != nil {
		own, err := unpackFindings(tab, d.file, d.packed)
		if err != nil {
			return nil, fmt.Errorf("%s: document %d: %w", d.file, d.index+1, err)
		}
		fs = append(own, fs...)
	}
	return fs, nil
}

// settle applies the document's waivers and the run's rule settings to fs, its
// findings, and sets each finding's severity for stage: the decision, made by
// engine, the Engine of the assessment date the findings are of (l.engine for
// the run's; l.engine.At for a plan's evaluation), so that a waiver's expiry
// is judged at that date.
func (l *Linter) settle(ctx context.Context, engine *policy.Engine, d *docState, fs []finding.Finding, stage finding.Stage) ([]finding.Finding, error) {
	if len(fs) == 0 && d.waivers == nil {
		return nil, nil // nothing to decide: no finding, and no waiver to find stale
	}
	if d.blob != nil {
		return l.blobs.decide(d.blob, d.data, engine.AsOf(), stage, fs, func() ([]finding.Finding, error) {
			return l.decide(ctx, engine, d, fs, stage)
		})
	}
	return l.decide(ctx, engine, d, fs, stage)
}

// decide is settle, without memory.
func (l *Linter) decide(ctx context.Context, engine *policy.Engine, d *docState, fs []finding.Finding, stage finding.Stage) ([]finding.Finding, error) {
	decided, err := engine.Decide(ctx, fs, d.waivers, stage)
	var tooLong *policy.TimeoutError
	if errors.As(err, &tooLong) {
		d.noCache = true
		return l.undecided(d, fs, tooLong.Limit), nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: document %d: %w", d.file, d.index+1, err)
	}
	out := make([]finding.Finding, 0, len(decided))
	for _, r := range decided {
		var f finding.Finding
		if r.Ref >= 0 {
			f = fs[r.Ref]
		} else {
			f = finding.Finding{RuleID: r.RuleID, File: d.file, Document: d.index, Path: r.Path, Message: r.Message}
			f.Line, f.Column = d.waiverPlace(r.Path)
		}
		f.Severity = r.Severity
		if w := r.Waiver; w != nil {
			line, _ := d.waiverPlace(finding.Path{"waivers", w.Index})
			f.Waiver = &finding.Waiver{Reason: w.Reason, ApprovedBy: w.ApprovedBy, Expires: w.Expires, File: d.file, Line: line}
		}
		out = append(out, f)
	}
	return out, nil
}

// undecided fails closed for a document whose findings the decision could not
// settle in time (a hostile manifest with tens of thousands of findings): no
// waiver applies and no stage lowers a severity, so each finding keeps its
// rule's severity (or the configuration's, when higher), and one more finding
// says why. The other documents of the run are decided as usual.
func (l *Linter) undecided(d *docState, fs []finding.Finding, limit time.Duration) []finding.Finding {
	out := make([]finding.Finding, 0, len(fs)+1)
	for _, f := range fs {
		setting := l.opts.Rules[f.RuleID]
		if setting.Disabled {
			continue
		}
		f.Severity = max(setting.Severity, finding.Error)
		if rule, ok := l.engine.Rule(f.RuleID); ok {
			f.Severity = max(setting.Severity, rule.Severity)
		}
		out = append(out, f)
	}
	return append(out, finding.Finding{RuleID: validate.RuleID, Severity: finding.Error, File: d.file, Document: d.index,
		Line: max(d.line, 1), Column: max(d.column, 1), Message: fmt.Sprintf("the waivers, stage and settings could not be applied to this "+
			"document's %d findings within the time limit of %s, so each is reported at its rule's full severity and "+
			"no waiver applies: make the document smaller, or raise the limit with --eval-timeout", len(fs), limit)})
}

// waiverPlace is where the waiver a path waivers[i]... names is written.
func (d *docState) waiverPlace(path finding.Path) (int, int) {
	if len(path) >= 2 && path[0] == "waivers" {
		if i, ok := path[1].(int); ok && i >= 0 && i < len(d.waiverAt) {
			return d.waiverAt[i].line, d.waiverAt[i].col
		}
	}
	return 1, 1
}
