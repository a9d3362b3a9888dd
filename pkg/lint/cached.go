package lint

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/erslint/erslint/pkg/cache"
	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/policy"
)

// The cache (pkg/cache) keeps, per file, by its content and everything else
// that decides them (the file's key):
//
//   - a file's documents as the run keeps them after their own checks (the
//     findings before the cross-manifest step, the waivers, the keys the
//     cross-manifest rules compare), with the findings the decision made of
//     them last time, and the cross-manifest findings they were made with: a
//     run whose cross-manifest findings for the document are the same takes
//     them as they are, else it decides again from the findings kept;
//   - the keys the cross-manifest rules compare of every context file
//     (LintInContext), in one entry per run place, each file's keys checked
//     against its content id before use.
//
// A file's content id is its git blob id where git's index vouches for it
// (BlobIDs), else the SHA-256 of its bytes. A file with a document that hit a
// time limit is not cached.
//
// A planned run (LintPlanned) keeps its files apart from a plain run's, by
// its plan's key: with each document, its plan's evaluations before the
// decision (datedState) and as decided (Evaluated), taken as they are when
// the cross-manifest findings are the same, else decided again. A document
// whose look-ahead stopped short is not cached.
//
// The files' entries are kept in packs (pack of cacheRun): one cache entry
// per run place and shard of file names, holding each file's entry with its
// key, so that a warm run reads a few entries, not one per file; an item is
// used only when its key is the file's key.

// BlobIDs gives a file's git blob id when git's index vouches that the file
// on disk still holds it (gitrepo.Index).
type BlobIDs interface {
	// BlobID is given the file's os.Stat when the walk has it, else nil.
	BlobID(path string, info fs.FileInfo) (string, bool)
}

// CacheStats count what a run took from the cache.
type CacheStats struct {
	Files, FilesCached     int // inputs
	Context, ContextCached int // context files
}

type cacheCounts struct{ files, filesCached, context, contextCached atomic.Int64 }

// CacheStats says how many files came from the cache, over the Linter's runs.
func (l *Linter) CacheStats() CacheStats {
	if l.counts == nil {
		return CacheStats{}
	}
	c := l.counts
	return CacheStats{Files: int(c.files.Load()), FilesCached: int(c.filesCached.Load()),
		Context: int(c.context.Load()), ContextCached: int(c.contextCached.Load())}
}

// cacheKeys computes the keys' shared parts: what decides a file's own
// findings (the build, the rules' sources, the settings, the date, the
// limits, extra inputs), and what decides its keys (the build, the limits).
func (l *Linter) cacheKeys(sources []policy.Source) {
	lim := l.opts.Limits
	refDigest := "" // the reference data decides the ERS-REF findings
	if l.opts.RefData != nil {
		refDigest = l.opts.RefData.Digest()
	}
	limits := func(b *cache.KeyBuilder) *cache.KeyBuilder {
		// Every field of the limits, those added later too.
		return b.String(l.opts.Cache.BuildID()).String(fmt.Sprintf("%#v", lim)).String(l.opts.CacheExtra).String(refDigest)
	}
	k := limits(cache.NewKey("run")).String(l.opts.AsOf)
	for _, s := range sources {
		k.String(s.Name).Bytes(s.Text).Int(int64(btoi(s.Builtin)))
	}
	for _, id := range slices.Sorted(maps.Keys(l.opts.Rules)) {
		r := l.opts.Rules[id]
		k.String(id).Int(int64(btoi(r.Disabled))).Int(int64(r.Severity))
	}
	rk := k.Key()
	l.runKey = rk[:]
	ck := limits(cache.NewKey("context")).Key()
	l.ctxKey = ck[:]
	l.counts = &cacheCounts{}
}

// planned is the Linter of a run with plan (LintPlanned): its files' entries
// are the plan's, apart from a plain run's.
func (l *Linter) planned(plan Plan) *Linter {
	p := *l
	p.plan = plan
	if l.runKey != nil {
		// The work bound decides where a look-ahead stops (a stop is not
		// cached, but a look-ahead done under a larger bound must not stand
		// for one that stops under a smaller).
		k := cache.NewKey("planned").Bytes(l.runKey).String(plan.Key).Int(int64(l.lookAheadWork())).Key()
		p.runKey = k[:]
	}
	return &p
}

// fileEntry is an input's cache entry while the run fills it.
type fileEntry struct {
	key     cache.Key
	id      string
	name    string
	run     *cacheRun
	payload []byte // as the cache gave it
	docs    int
	dirty   atomic.Bool // to be written: a miss, or a document decided again
}

// cachedDoc is what a hit gave of a document.
type cachedDoc struct {
	own, decided, waivers []byte // encoded
	crossSig              string
	dated, evaluated      []byte // encoded, in a planned run's entry
}

// cacheRun is one run's context entry: the keys of the context files by
// name, as read (old) and as this run found them (now).
type cacheRun struct {
	key        cache.Key
	mu         sync.Mutex
	old, now   map[string]ctxItem
	oldPayload []byte // the entry as read

	cache *cache.Cache
	packs [packShards]pack
	// held counts the bytes of the new file entries kept for the packs,
	// which are written at the end of the run: past maxHeld the rest are
	// not cached this time (a later run caches them), so that the cache
	// never holds a run's memory in proportion to its findings.
	held   atomic.Int64
	inputs map[string]bool // the names of the run's inputs
	others map[string]bool // and of its context files
}

// packShards is how many packs a run place's file entries are spread over,
// by name: a run that changes a few files rewrites a few packs, and one pack
// stays far below the largest entry the cache reads.
const packShards = 16

// pack is a pack of file entries, by file name: as read (old, once it is
// needed) and as this run leaves them (now).
type pack struct {
	key  cache.Key
	once sync.Once
	old  map[string]packItem
	mu   sync.Mutex
	now  map[string]packItem
}

type packItem struct {
	key     cache.Key // the file's key
	payload []byte
}

func shardOf(name string) int {
	h := fnv.New32a()
	h.Write([]byte(name))
	return int(h.Sum32() % packShards)
}

// entry returns the payload of the file entry of key for the file name.
func (r *cacheRun) entry(name string, key cache.Key) ([]byte, bool) {
	p := &r.packs[shardOf(name)]
	p.once.Do(func() {
		if payload, ok := r.cache.Get(p.key); ok {
			p.old, _ = decodePack(payload)
		}
	})
	it, ok := p.old[name]
	if !ok || it.key != key {
		return nil, false
	}
	return it.payload, true
}

// maxHeld bounds the bytes of new file entries a run keeps for its packs:
// 24 MiB hold the entries of 30,000 clean manifests (the 10,000 of the
// benchmark corpus take 8 MiB), and 100,000 small broken files (22 findings
// each, about a gigabyte of entries) stay under 300 MiB.
var maxHeld int64 = 24 << 20 // a variable for the tests

// putNew keeps the new file entry of e for this run's pack, unless the run
// already holds maxHeld bytes of new entries: the file is then not cached.
func (r *cacheRun) putNew(e *fileEntry, payload []byte) {
	if r.held.Add(int64(len(payload))) > maxHeld {
		return
	}
	r.put(e, payload)
}

// put keeps the file entry of e for this run's pack.
func (r *cacheRun) put(e *fileEntry, payload []byte) {
	p := &r.packs[shardOf(e.name)]
	p.mu.Lock()
	if p.now == nil {
		p.now = make(map[string]packItem, len(p.old)) // most runs lint the files of last time
	}
	p.now[e.name] = packItem{key: e.key, payload: payload}
	p.mu.Unlock()
}

// savePacks writes the packs that changed: a pack holds the entries of this
// run, and those of files it did not lint that are still there (context
// files, or on disk). What a run did not cache (a time limit hit, an
// unreadable file) is left out.
func (r *cacheRun) savePacks() {
	for i := range r.packs {
		p := &r.packs[i]
		changed := false
		for name, it := range p.now {
			if old, ok := p.old[name]; !ok || old.key != it.key {
				changed = true
				break
			}
		}
		keep := func(name string) bool { return !r.inputs[name] && (r.others[name] || exists(name)) }
		for name := range p.old {
			if _, ok := p.now[name]; !changed && !ok && !keep(name) {
				changed = true // not cached this time, or gone
				break
			}
		}
		if !changed {
			continue
		}
		out := maps.Clone(p.now)
		for name, it := range p.old {
			if _, ok := out[name]; !ok && keep(name) {
				out[name] = it
			}
		}
		size := 32
		for name, it := range out {
			size += len(name) + len(it.key) + len(it.payload) + 3*binary.MaxVarintLen32
		}
		e := encoder{b: make([]byte, 0, size)} // one buffer: a pack is large
		e.uint(1)
		e.uint(uint64(len(out)))
		for _, name := range slices.Sorted(maps.Keys(out)) {
			it := out[name]
			e.str(name)
			e.bytes(it.key[:])
			e.bytes(it.payload)
		}
		r.cache.Put(p.key, e.b)
	}
}

func exists(name string) bool {
	_, err := os.Lstat(filepath.FromSlash(name))
	return err == nil
}

func decodePack(payload []byte) (map[string]packItem, bool) {
	d := decoder{b: payload}
	if d.uint() != 1 {
		return nil, false
	}
	n := d.count()
	out := make(map[string]packItem, n)
	for range n {
		name, key, it := d.str(), d.raw(), packItem{payload: d.raw()}
		if d.err != nil || len(key) != len(it.key) {
			return nil, false
		}
		copy(it.key[:], key)
		out[name] = it
	}
	if d.err != nil || len(d.b) != 0 {
		return nil, false
	}
	return out, true
}

// ctxItem is a file of a run's context entry: its content id, and its
// documents' keys as the entry encodes them (ctxDocs). A run keeps one for
// each of its files, encoded: bytes the collector does not scan.
type ctxItem struct {
	id   string
	docs []byte
}

type ctxDoc struct {
	index int
	stage finding.Stage
	key   repoKey
}

// encodeCtxDocs encodes the keys of docs: their count, then each one's.
func encodeCtxDocs(docs []*docState, keep func(*docState) bool) []byte {
	n := 0
	for _, d := range docs {
		if keep(d) {
			n++
		}
	}
	var e encoder
	e.uint(uint64(n))
	for _, d := range docs {
		if keep(d) {
			e.int(d.index)
			e.int(int(d.stage))
			e.repoKey(d.key)
		}
	}
	return e.b
}

// ctxDocs reads what encodeCtxDocs wrote; false when it is not well formed.
func ctxDocs(b []byte) ([]ctxDoc, bool) {
	d := decoder{b: b}
	n := d.count()
	out := make([]ctxDoc, 0, n)
	for range n {
		if out = append(out, d.ctxDoc()); d.err != nil {
			return nil, false
		}
	}
	return out, d.err == nil && len(d.b) == 0
}

// ctxDoc reads one document's keys, failing on an index or stage out of range.
func (d *decoder) ctxDoc() ctxDoc {
	cd := ctxDoc{index: d.int(), stage: finding.Stage(d.int()), key: d.repoKey()}
	if cd.index < 0 || cd.stage < 0 || cd.stage > finding.Live {
		d.fail()
	}
	return cd
}

// contentID is the input's content id, and its bytes when they had to be read.
func (l *Linter) contentID(in Input) (id string, src []byte, err error) {
	if in.Path != "" && l.opts.Blobs != nil {
		if oid, ok := l.opts.Blobs.BlobID(in.Path, in.info); ok {
			return "git:" + oid, nil, nil
		}
	}
	if src, err = l.read(in); err != nil {
		return "", nil, err
	}
	sum := sha256.Sum256(src)
	return "sha256:" + hex.EncodeToString(sum[:]), src, nil
}

// lintInput is lintFile through the cache.
func (l *Linter) lintInput(ctx context.Context, in Input, tab *strtab, run *cacheRun) fileResult {
	c := l.opts.Cache
	if c == nil || l.plan.Evaluations != nil && l.plan.Key == "" || in.Err != nil {
		return l.lintFile(ctx, in, tab)
	}
	l.counts.files.Add(1)
	id, src, err := l.contentID(in)
	if err != nil {
		return l.lintFile(ctx, in, tab) // reports what is wrong with it
	}
	e := &fileEntry{id: id, name: in.Name, run: run,
		key: cache.NewKey("file").Bytes(l.runKey).String(in.Name).Int(int64(btoi(in.Walked))).String(id).Key()}
	if payload, ok := run.entry(in.Name, e.key); ok {
		if res, ok := decodeEntry(in.Name, payload, e, l.plan.Evaluations != nil); ok {
			e.payload = payload
			if len(res.docs) == 0 {
				run.put(e, payload) // no document to finish: kept as it is
			}
			l.counts.filesCached.Add(1)
			run.input(in, res)
			return res
		}
	}
	if src == nil {
		if src, err = l.read(in); err != nil {
			return l.lintFile(ctx, in, tab)
		}
	}
	res := l.lintFile(ctx, Input{Name: in.Name, Data: src, Walked: in.Walked}, tab)
	if res.err != nil {
		return res
	}
	e.dirty.Store(true)
	e.docs = len(res.docs)
	if res.skipped || len(res.docs) == 0 {
		var enc encoder
		enc.uint(1)
		enc.bool(res.skipped)
		enc.uint(0)
		run.put(e, enc.b)
		return res
	}
	for _, d := range res.docs {
		d.entry = e
	}
	run.input(in, res)
	return res
}

// decodeEntry reads an input's entry, of a planned run's when planned; false
// when it is not well formed.
func decodeEntry(file string, payload []byte, e *fileEntry, planned bool) (fileResult, bool) {
	d := decoder{b: payload}
	if d.uint() != 1 {
		return fileResult{}, false
	}
	skipped := d.bool()
	n := d.count()
	var res fileResult
	res.skipped = skipped
	for i := range n {
		doc := decoder{b: d.raw()}
		if d.err != nil {
			return fileResult{}, false
		}
		st := &docState{file: file, entry: e}
		st.index, st.stage = doc.int(), finding.Stage(doc.int())
		st.name, st.org, st.orgType = doc.str(), doc.str(), doc.str()
		for range doc.count() {
			st.commissioners = append(st.commissioners, Commissioner{ODSCode: doc.str(), Name: doc.str()})
		}
		st.line, st.column, st.checked = doc.int(), doc.int(), doc.bool()
		st.key = doc.repoKey()
		hit := &cachedDoc{waivers: doc.raw()}
		for range doc.count() {
			st.waiverAt = append(st.waiverAt, place{doc.int(), doc.int()})
		}
		hit.own, hit.crossSig, hit.decided = doc.raw(), doc.str(), doc.raw()
		if planned {
			hit.dated, hit.evaluated = doc.raw(), doc.raw()
		}
		// What a hit is taken from is decoded when the document is finished:
		// an entry whose checksum holds but whose findings do not read is a
		// miss, as one whose checksum does not.
		findings := func(d *decoder) { d.findings(file) }
		if !wellFormed(hit.own, findings) || !wellFormed(hit.decided, findings) || planned &&
			(!wellFormed(hit.dated, func(d *decoder) { d.dated(file) }) || !wellFormed(hit.evaluated, func(d *decoder) { d.evaluated(file) })) {
			return fileResult{}, false
		}
		if doc.err != nil || len(doc.b) != 0 || st.index != i || st.stage < 0 || st.stage > finding.Live {
			return fileResult{}, false
		}
		if st.waivers, d.err = decodeWaivers(hit.waivers); d.err != nil {
			return fileResult{}, false
		}
		st.hit = hit
		res.docs = append(res.docs, st)
	}
	if d.err != nil || len(d.b) != 0 || skipped && n > 0 {
		return fileResult{}, false
	}
	e.docs = n
	return res, true
}

func (e *encoder) repoKey(k repoKey) {
	e.bool(k.hasName)
	e.str(k.name)
	e.int(k.nameLine)
	e.int(k.nameColumn)
	e.bool(k.hasODS)
	e.str(k.odsCode)
	e.int(k.odsLine)
	e.int(k.odsColumn)
}

func (d *decoder) repoKey() repoKey {
	var k repoKey
	k.hasName, k.name, k.nameLine, k.nameColumn = d.bool(), d.str(), d.int(), d.int()
	k.hasODS, k.odsCode, k.odsLine, k.odsColumn = d.bool(), d.str(), d.int(), d.int()
	return k
}

// crossSig is the cross-manifest findings a document was decided with.
func crossSig(d *docState) (string, bool) {
	var e encoder
	ok := e.findings(d.file, d.cross)
	return string(e.b), ok
}

// finishCached is finish for a document the cache gave: the decision of last
// time (and of its plan's evaluations) when the cross-manifest findings are
// the same, else decided again from what was kept before the decision.
func (l *Linter) finishCached(ctx context.Context, d *docState, tab *strtab) ([]finding.Finding, []Evaluated, error) {
	planned := l.plan.Evaluations != nil
	if sig, ok := crossSig(d); ok && sig == d.hit.crossSig {
		dec := decoder{b: d.hit.decided}
		fs := dec.findings(d.file)
		var evs []Evaluated
		if planned {
			evDec := decoder{b: d.hit.evaluated}
			evs = evDec.evaluated(d.file)
			if evDec.err != nil || len(evDec.b) != 0 {
				dec.fail()
			}
		}
		if dec.err == nil && len(dec.b) == 0 {
			return fs, evs, nil
		}
	}
	// The entry's checksum and key were checked when it was read: this
	// cannot happen short of a fault, and is not taken as no findings.
	broken := fmt.Errorf("%s: document %d: the cache's entry is not well formed: lint with --no-cache, or run erslint cache clean", d.file, d.index+1)
	dec := decoder{b: d.hit.own}
	own := dec.findings(d.file)
	if dec.err != nil || len(dec.b) != 0 {
		return nil, nil, broken
	}
	if planned {
		dec = decoder{b: d.hit.dated}
		if d.dated = dec.dated(d.file); dec.err != nil || len(dec.b) != 0 {
			return nil, nil, broken
		}
	}
	d.entry.dirty.Store(true)
	d.hit = nil
	return l.decideAll(ctx, d, tab, append(own, d.cross...))
}

// encodeHit is the document as its entry had it.
func (d *docState) encodeHit() []byte {
	var e encoder
	d.encodeHead(&e, d.hit.waivers)
	e.bytes(d.hit.own)
	e.str(d.hit.crossSig)
	e.bytes(d.hit.decided)
	if d.hit.dated != nil || d.hit.evaluated != nil {
		e.bytes(d.hit.dated)
		e.bytes(d.hit.evaluated)
	}
	return e.b
}

func (d *docState) encodeHead(e *encoder, waivers []byte) {
	e.int(d.index)
	e.int(int(d.stage))
	e.str(d.name)
	e.str(d.org)
	e.str(d.orgType)
	e.uint(uint64(len(d.commissioners)))
	for _, c := range d.commissioners {
		e.str(c.ODSCode)
		e.str(c.Name)
	}
	e.int(d.line)
	e.int(d.column)
	e.bool(d.checked)
	e.repoKey(d.key)
	e.bytes(waivers)
	e.uint(uint64(len(d.waiverAt)))
	for _, p := range d.waiverAt {
		e.int(p.line)
		e.int(p.col)
	}
}

// encode is the document for its file's entry, with its plan's evaluations
// (evs as decided) in a planned run's; nil when it does not encode.
func (d *docState) encode(tab *strtab, own, decided []finding.Finding, planned bool, evs []Evaluated) []byte {
	waivers, ok := encodeWaivers(d.waivers)
	if !ok {
		return nil
	}
	var e encoder
	d.encodeHead(&e, waivers)
	var part encoder
	if !part.findings(d.file, own) {
		return nil
	}
	e.bytes(part.b)
	sig, ok := crossSig(d)
	if !ok {
		return nil
	}
	e.str(sig)
	part = encoder{}
	if !part.findings(d.file, decided) {
		return nil
	}
	e.bytes(part.b)
	if planned {
		part = encoder{}
		if !d.encodeDated(&part, tab) {
			return nil
		}
		e.bytes(part.b)
		part = encoder{}
		if !part.evaluated(d.file, evs) {
			return nil
		}
		e.bytes(part.b)
	}
	return e.b
}

// encodeDated writes the document's plan evaluations before the decision;
// false when one stopped short (never cached) or does not encode.
func (d *docState) encodeDated(e *encoder, tab *strtab) bool {
	e.uint(uint64(len(d.dated)))
	for i := range d.dated {
		ds := &d.dated[i]
		fs, err := d.unpack(tab, ds.findings, ds.packed)
		if err != nil || ds.cut != nil {
			return false
		}
		prev, err := d.unpack(tab, ds.prev, ds.prevPack)
		if err != nil || !e.evaluation(ds.ev) {
			return false
		}
		e.bool(ds.parts)
		if !e.findings(d.file, fs) || !e.findings(d.file, prev) {
			return false
		}
	}
	return true
}

// stored is called with the documents of a run in order, as each is done:
// after the last document of a file, its entry is kept for its pack (encoded
// again when it changed), and what the run kept for it is let go.
func (l *Linter) stored(docs []*docState, i int) {
	e := docs[i].entry
	if e == nil || i+1 < len(docs) && docs[i+1].entry == e || i+1 < e.docs {
		return
	}
	file := docs[i+1-e.docs : i+1]
	defer func() {
		for _, doc := range file {
			doc.enc, doc.hit = nil, nil
		}
	}()
	if !e.dirty.Load() {
		e.run.put(e, e.payload)
		return
	}
	var out encoder
	out.uint(1)
	out.bool(false)
	out.uint(uint64(e.docs))
	for _, doc := range file {
		enc := doc.enc
		if enc == nil && doc.hit != nil {
			enc = doc.encodeHit() // decided as last time
		}
		if doc.entry != e || enc == nil || doc.noCache {
			return
		}
		out.bytes(enc)
	}
	e.run.putNew(e, out.b)
}

// newCacheRun reads the context entry of a run with context files.
//
// A run without context files has one too: the keys of its inputs are the
// context of a later partial run (the whole repository linted, then one file).
func (l *Linter) newCacheRun(inputs, others []Input) *cacheRun {
	if l.opts.Cache == nil {
		return nil
	}
	// One entry per place (the working directory) and kind of context (files
	// on disk, or content given, as --new-from-rev reads a revision).
	wd, _ := os.Getwd()
	if real, err := filepath.EvalSymlinks(wd); err == nil {
		wd = real
	}
	kind := "disk"
	if len(others) > 0 && others[0].Path == "" || len(others) == 0 && len(inputs) > 0 && inputs[0].Path == "" {
		kind = "data"
	}
	r := &cacheRun{key: cache.NewKey("context-set").Bytes(l.ctxKey).String(wd).String(kind).Key(),
		old: map[string]ctxItem{}, now: map[string]ctxItem{}, cache: l.opts.Cache,
		inputs: make(map[string]bool, len(inputs)), others: make(map[string]bool, len(others))}
	for i := range r.packs {
		r.packs[i].key = cache.NewKey("pack").Bytes(l.runKey).String(wd).String(kind).Int(int64(i)).Key()
	}
	for _, in := range inputs {
		r.inputs[in.Name] = true
	}
	for _, in := range others {
		r.others[in.Name] = true
	}
	if payload, ok := l.opts.Cache.Get(r.key); ok {
		r.oldPayload = payload
		// Only a run with context files looks its files up; another only
		// tells whether the entry changed, by its bytes (saveContext).
		if len(others) > 0 {
			if old, ok := decodeContext(payload); ok {
				r.old = old
			}
		}
	}
	return r
}

// input records the keys of an input, which later runs may have as context.
func (r *cacheRun) input(in Input, res fileResult) {
	if r == nil || in.Reader != nil || res.skipped {
		return
	}
	e := res.docs
	if len(e) == 0 || e[0].entry == nil {
		return
	}
	item := ctxItem{id: e[0].entry.id, docs: encodeCtxDocs(res.docs, func(d *docState) bool {
		return d.checked && (d.key.hasName || d.key.hasODS)
	})}
	r.mu.Lock()
	r.now[in.Name] = item
	r.mu.Unlock()
}

// contextInput is contextFile through the cache.
func (l *Linter) contextInput(in Input, r *cacheRun) []*docState {
	if r == nil || in.Reader != nil || in.Path == "" && int64(len(in.Data)) > l.opts.Limits.MaxFileBytes {
		return l.contextFile(in)
	}
	l.counts.context.Add(1)
	id, src, err := l.contentID(in)
	if err != nil {
		return nil // as contextFile: left out
	}
	if item, ok := r.old[in.Name]; ok && item.id == id {
		// Checked when the entry was read: one that does not read is a miss.
		if cds, ok := ctxDocs(item.docs); ok {
			l.counts.contextCached.Add(1)
			r.mu.Lock()
			r.now[in.Name] = item
			r.mu.Unlock()
			docs := make([]*docState, len(cds))
			for i, cd := range cds {
				docs[i] = &docState{file: in.Name, index: cd.index, stage: cd.stage, checked: true, key: cd.key, context: true}
			}
			return docs
		}
	}
	if src == nil {
		if src, err = l.read(in); err != nil {
			return nil
		}
	}
	docs := l.contextFile(Input{Name: in.Name, Data: src})
	item := ctxItem{id: id, docs: encodeCtxDocs(docs, func(*docState) bool { return true })}
	r.mu.Lock()
	r.now[in.Name] = item
	r.mu.Unlock()
	return docs
}

// saveContext writes the run's packs and context entry when they differ
// from those read.
func (l *Linter) saveContext(r *cacheRun) {
	if r == nil {
		return
	}
	r.savePacks()
	e := encoder{b: make([]byte, 0, len(r.oldPayload))}
	e.uint(1)
	e.uint(uint64(len(r.now)))
	for _, name := range slices.Sorted(maps.Keys(r.now)) {
		item := r.now[name]
		e.str(name)
		e.str(item.id)
		e.b = append(e.b, item.docs...)
	}
	if !bytes.Equal(e.b, r.oldPayload) {
		l.opts.Cache.Put(r.key, e.b)
	}
}

func decodeContext(payload []byte) (map[string]ctxItem, bool) {
	d := decoder{b: payload}
	if d.uint() != 1 {
		return nil, false
	}
	n := d.count()
	out := make(map[string]ctxItem, n)
	for range n {
		name, item := d.str(), ctxItem{id: d.str()}
		// The documents' keys stay encoded, checked here, read if needed.
		rest := d.b
		d.skim = true
		for range d.count() {
			if d.ctxDoc(); d.err != nil {
				return nil, false
			}
		}
		d.skim = false
		item.docs = rest[: len(rest)-len(d.b) : len(rest)-len(d.b)]
		out[name] = item
	}
	if d.err != nil || len(d.b) != 0 {
		return nil, false
	}
	return out, true
}

// evaluateRun is the cross-manifest rules' results over the keyed documents
// of a run; from the cache when a run compared the same keys, in the same
// order, with the same rules, settings and date: their results are the same.
// Results that hit a time limit or failed are not cached.
func (l *Linter) evaluateRun(ctx context.Context, keyed []*docState) ([]policy.Result, error) {
	c := l.opts.Cache
	var key cache.Key
	if c != nil {
		var e encoder
		for _, d := range keyed { // what runFields gives the rules
			e.str(d.file)
			e.bool(d.key.hasName)
			e.str(d.key.name)
			e.int(d.key.nameLine)
			e.bool(d.key.hasODS)
			e.str(d.key.odsCode)
			e.int(d.key.odsLine)
		}
		key = cache.NewKey("cross").Bytes(l.runKey).String(l.opts.AsOf).Bytes(e.b).Key()
		if payload, ok := c.Get(key); ok {
			if rs, ok := decodeResults(payload, len(keyed)); ok {
				return rs, nil
			}
		}
	}
	var input policy.RunInput
	for _, d := range keyed {
		if err := input.Add(d.runFields()); err != nil {
			return nil, err
		}
	}
	results, err := l.engine.EvaluateRun(ctx, &input)
	if err == nil && c != nil {
		if payload, ok := encodeResults(results); ok {
			c.Put(key, payload)
		}
	}
	return results, err
}

func encodeResults(rs []policy.Result) ([]byte, bool) {
	var e encoder
	e.uint(1)
	e.uint(uint64(len(rs)))
	for _, r := range rs {
		e.str(r.RuleID)
		e.str(r.Message)
		e.int(r.Document)
		if !e.path(r.Path) {
			return nil, false
		}
	}
	return e.b, true
}

// decodeResults reads what encodeResults wrote for a run of docs documents.
func decodeResults(payload []byte, docs int) ([]policy.Result, bool) {
	d := decoder{b: payload}
	if d.uint() != 1 {
		return nil, false
	}
	n := d.count()
	out := make([]policy.Result, 0, n)
	for range n {
		r := policy.Result{RuleID: d.str(), Message: d.str(), Document: d.int()}
		if r.Document < 0 || r.Document >= docs {
			d.fail()
		}
		r.Path = d.path()
		if d.err != nil {
			return nil, false
		}
		out = append(out, r)
	}
	if d.err != nil || len(d.b) != 0 {
		return nil, false
	}
	return out, true
}
