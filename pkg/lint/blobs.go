package lint

import (
	"context"
	"hash/fnv"
	"slices"
	"sort"
	"strconv"
	"sync"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/manifest"
	"github.com/erslint/erslint/pkg/policy"
)

// Blobs is a run's memory of the files it has linted, by content (a git blob
// id, Input.Key), for linting the same files again at other dates (erslint
// history lints a repository as it stood at each of many dates): a file whose
// content is unchanged is not read, parsed or checked against the schema
// again, and its rules are evaluated again only when the date crosses one of
// its change dates (Dates): between two change dates a document's findings
// are the same on every day. The decision (waivers, stage) is remembered the
// same way, with the cross-manifest findings it was made with.
//
// It lives in memory for one run; a Linter uses it only for inputs that carry
// a Key. Safe for concurrent use.
type Blobs struct {
	// Dates lists, sorted, the days on which the findings of a document (its
	// data as JSON values) may differ from the day before's
	// (forecast.Candidates over every computable date). Nil: every day may,
	// and only the parse and the schema are remembered.
	Dates func(data any) []string

	mu    sync.Mutex
	files map[blobKey]*blobFile
	used  map[blobKey]bool // looked up since the last Prune
}

// blobKey names a file's content as linted: the name is in every finding, and
// whether it was walked decides whether a file with no manifest is skipped.
type blobKey struct {
	id, name string
	walked   bool
}

type blobFile struct {
	file   *manifest.File
	skip   bool          // walked and not a manifest, or one of erslint's reports
	report bool          // one of erslint's reports
	docs   []*blobDoc    // one per file.Documents
	ready  chan struct{} // closed once file, skip and docs are set
}

// blobDoc is what is remembered of one document of a file.
type blobDoc struct {
	schema []finding.Finding // the YAML problems and the schema's findings: no date in them

	mu       sync.Mutex
	dates    []string // Blobs.Dates of the document; nil until asked
	hasDates bool
	results  map[string][]policy.Result        // the rules' results by epoch
	decided  map[decisionKey][]finding.Finding // the decision by epoch, stage and findings decided
}

type decisionKey struct {
	epoch string
	stage finding.Stage
	sum   uint64 // of the findings decided
}

// NewBlobs returns an empty memory; dates is Blobs.Dates.
func NewBlobs(dates func(data any) []string) *Blobs {
	return &Blobs{Dates: dates, files: map[blobKey]*blobFile{}, used: map[blobKey]bool{}}
}

// Prune forgets the files not looked up since the last Prune: a history keeps
// the files of the last date it linted, not of every date.
func (b *Blobs) Prune() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for k := range b.files {
		if !b.used[k] {
			delete(b.files, k)
		}
	}
	b.used = map[blobKey]bool{}
}

// Has tells whether the content of in (by its Key) is remembered: then it
// need not be read again (Input.Data may be left empty).
func (b *Blobs) Has(in Input) bool {
	if in.Key == "" || in.Err != nil {
		return false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	_, ok := b.files[blobKey{in.Key, in.Name, in.Walked}]
	return ok
}

// Len is how many files are remembered.
func (b *Blobs) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.files)
}

// parsed returns the file of in, parsed and checked against the schema, from
// memory or by parse (the first caller of a key parses; others wait).
func (b *Blobs) parsed(in Input, parse func() (*manifest.File, bool, bool, [][]finding.Finding)) *blobFile {
	k := blobKey{in.Key, in.Name, in.Walked}
	b.mu.Lock()
	b.used[k] = true
	f, ok := b.files[k]
	if !ok {
		f = &blobFile{ready: make(chan struct{})}
		b.files[k] = f
	}
	b.mu.Unlock()
	if ok {
		<-f.ready
		return f
	}
	var schema [][]finding.Finding
	f.file, f.skip, f.report, schema = parse()
	for _, s := range schema {
		f.docs = append(f.docs, &blobDoc{schema: s})
	}
	close(f.ready)
	return f
}

// epoch is the last change date of the document on or before day ("" for
// none): the document's findings on day are those on its epoch.
func (b *Blobs) epoch(bd *blobDoc, data any, day string) (string, bool) {
	if b.Dates == nil {
		return "", false
	}
	if !bd.hasDates {
		bd.dates, bd.hasDates = b.Dates(data), true
	}
	i := sort.SearchStrings(bd.dates, day)
	if i < len(bd.dates) && bd.dates[i] == day {
		return day, true
	}
	if i == 0 {
		return "", true
	}
	return bd.dates[i-1], true
}

// evaluate is engine.Evaluate of the document bd remembers, from memory when
// the rules were evaluated on a day of the same epoch.
func (b *Blobs) evaluate(ctx context.Context, engine *policy.Engine, bd *blobDoc, data, input any) ([]policy.Result, error) {
	bd.mu.Lock()
	defer bd.mu.Unlock()
	epoch, ok := b.epoch(bd, data, engine.AsOf())
	if ok {
		if r, hit := bd.results[epoch]; hit {
			return r, nil
		}
	}
	r, err := engine.Evaluate(ctx, input)
	if err != nil || !ok {
		return r, err // a timeout is not remembered: it may not happen again
	}
	if bd.results == nil {
		bd.results = map[string][]policy.Result{}
	}
	bd.results[epoch] = r
	return r, nil
}

// decide is decide() of fs, from memory when the same findings were decided
// for the same stage on a day of the same epoch.
func (b *Blobs) decide(bd *blobDoc, data any, day string, stage finding.Stage, fs []finding.Finding,
	decide func() ([]finding.Finding, error)) ([]finding.Finding, error) {
	bd.mu.Lock()
	defer bd.mu.Unlock()
	epoch, ok := b.epoch(bd, data, day)
	if !ok {
		return decide()
	}
	k := decisionKey{epoch, stage, sumFindings(fs)}
	if out, hit := bd.decided[k]; hit {
		return slices.Clone(out), nil
	}
	out, err := decide()
	if err != nil {
		return nil, err
	}
	if bd.decided == nil {
		bd.decided = map[decisionKey][]finding.Finding{}
	}
	bd.decided[k] = slices.Clone(out)
	return out, nil
}

// sumFindings hashes what the decision reads of findings.
func sumFindings(fs []finding.Finding) uint64 {
	h := fnv.New64a()
	for _, f := range fs {
		for _, s := range []string{f.RuleID, f.File, strconv.Itoa(f.Document), strconv.Itoa(f.Line), strconv.Itoa(f.Column),
			f.Path.String(), f.Message, strconv.Itoa(int(f.Severity))} {
			h.Write([]byte(s))
			h.Write([]byte{0})
		}
		h.Write([]byte{1})
	}
	return h.Sum64()
}

// evaluate is engine.Evaluate of the document d, remembered when d is.
func (l *Linter) evaluate(ctx context.Context, engine *policy.Engine, d *docState, input any) ([]policy.Result, error) {
	if d.blob == nil {
		return engine.Evaluate(ctx, input)
	}
	return l.blobs.evaluate(ctx, engine, d.blob, d.data, input)
}

// Remembering returns l remembering the files it lints by content in b
// (inputs with a Key).
func (l *Linter) Remembering(b *Blobs) *Linter {
	r := *l
	r.blobs = b
	return &r
}

// At returns l assessing at another date, with the same rules compiled once.
func (l *Linter) At(ctx context.Context, asOf string) (*Linter, error) {
	if err := CheckAsOf(asOf); err != nil {
		return nil, err
	}
	engine, err := l.engine.At(ctx, asOf)
	if err != nil {
		return nil, err
	}
	r := *l
	r.engine = engine
	r.opts.AsOf = asOf
	return &r, nil
}
