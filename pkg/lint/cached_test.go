package lint

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/erslint/erslint/pkg/cache"
	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/policy"
)

// The cross-manifest step's results come from the cache when a run compares
// the same keys again, and never when the step hit its time limit.
func TestCrossResultsCachedUnlessTimedOut(t *testing.T) {
	slow := neverFinishingRun
	keyed := []*docState{
		{file: "a.yaml", checked: true, key: repoKey{name: "m", hasName: true, nameLine: 4, odsCode: "RXX", hasODS: true, odsLine: 9}},
		{file: "b.yaml", checked: true, key: repoKey{name: "m", hasName: true, nameLine: 4, odsCode: "RXX", hasODS: true, odsLine: 9}},
	}
	for _, tc := range []struct {
		name   string
		opts   Options
		cached bool
	}{
		{"plain", Options{}, true},
		{"timed out", Options{EvalTimeout: 200 * time.Millisecond, Policies: []policy.Source{{Name: "org/slow.rego", Text: []byte(slow)}}}, false},
	} {
		c, err := cache.Open(t.TempDir(), 0)
		if err != nil {
			t.Fatal(err)
		}
		tc.opts.Cache = c
		l := newLinter(t, tc.opts)
		first, err1 := l.evaluateRun(context.Background(), keyed)
		c.Close() // the entry, if any, written
		c, err = cache.Open(c.Dir(), 0)
		if err != nil {
			t.Fatal(err)
		}
		l.opts.Cache = c
		hits := c.Stats().Hits
		second, err2 := l.evaluateRun(context.Background(), keyed)
		c.Close()
		fromCache := c.Stats().Hits > hits
		if fromCache != tc.cached {
			t.Errorf("%s: second run from the cache %v, want %v", tc.name, fromCache, tc.cached)
		}
		if tc.cached && (err1 != nil || err2 != nil || !reflect.DeepEqual(first, second) || len(first) == 0) {
			t.Errorf("%s: %v %v\n%+v\n%+v", tc.name, err1, err2, first, second)
		}
		var tooLong *policy.TimeoutError
		if !tc.cached && (!errors.As(err1, &tooLong) || !errors.As(err2, &tooLong)) {
			t.Errorf("%s: %v, %v: want time limits", tc.name, err1, err2)
		}
	}
}

// A pack whose items were swapped between files (each still a well-formed,
// checksummed cache entry: forged) gives no file its entry: an item is used
// only under its file's own key.
func TestPackItemsAreUsedOnlyUnderTheirKey(t *testing.T) {
	c, err := cache.Open(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	l := newLinter(t, Options{Cache: c})
	b := strings.Replace(orgManifest("planning", ""), "name: m\n", "name: b\n", 1)
	inputs := []Input{{Name: "a.yaml", Data: []byte(orgManifest("planning", ""))}, {Name: "b.yaml", Data: []byte(b)}}
	r := l.newCacheRun(inputs, nil)
	key := func(name, data string) cache.Key {
		return cache.NewKey("file").Bytes(l.runKey).String(name).Int(0).String(data).Key()
	}
	// A pack of a.yaml's shard that holds b.yaml's item under a.yaml's name.
	p := &r.packs[shardOf("a.yaml")]
	var e encoder
	e.uint(1)
	e.uint(1)
	e.str("a.yaml")
	k := key("b.yaml", "x")
	e.bytes(k[:])
	e.bytes([]byte{1, 0, 0})
	c.Put(p.key, e.b)
	c.Close()
	if c, err = cache.Open(c.Dir(), 0); err != nil {
		t.Fatal(err)
	}
	r.cache = c
	if _, ok := r.entry("a.yaml", key("a.yaml", "x")); ok {
		t.Fatal("a.yaml got the item of another key")
	}
	if payload, ok := r.entry("a.yaml", k); !ok || string(payload) != "\x01\x00\x00" {
		t.Fatal("the item was not read under its own key")
	}
}

// A file whose document hit a time limit is not kept in its pack: the next
// run evaluates it again (and may finish), while the other files come from
// the cache.
func TestTimedOutFileIsNotCached(t *testing.T) {
	slow := `# METADATA
# title: Slow for one name
# custom:
#   id: ORG-SLOW-001
#   severity: error
#   stage: planning
package erslint.rules.org.slow

deny contains {"msg": "m", "path": []} if {
	input.metadata.name == "slow"
	some i in numbers.range(1, 100000)
	some j in numbers.range(1, 100000)
	i * j < 0
}
`
	dir := t.TempDir()
	inputs := []Input{
		{Name: "fast.yaml", Data: []byte(orgManifest("planning", ""))},
		{Name: "slow.yaml", Data: []byte(strings.Replace(orgManifest("planning", ""), "name: m\n", "name: slow\n", 1))},
	}
	var reports []string
	for run := range 2 {
		c, err := cache.Open(dir, 0)
		if err != nil {
			t.Fatal(err)
		}
		l := newLinter(t, Options{Cache: c, EvalTimeout: 200 * time.Millisecond,
			Policies: []policy.Source{{Name: "org/slow.rego", Text: []byte(slow)}}})
		rep, err := l.Lint(context.Background(), inputs)
		c.Close()
		if err != nil {
			t.Fatal(err)
		}
		reports = append(reports, findingsText(rep))
		if st := l.CacheStats(); st.Files != 2 || st.FilesCached != run {
			t.Errorf("run %d: %+v, want %d of 2 files from the cache (fast.yaml after the first run)", run, st, run)
		}
	}
	if !strings.Contains(reports[0], "slow.yaml ERS-SCHEMA-001") || reports[0] != reports[1] {
		t.Errorf("reports:\n%s\n---\n%s", reports[0], reports[1])
	}
}

// A run keeps at most maxHeld bytes of new entries for its packs: the files
// past it are not cached this time, the next run caches more, and the
// reports are the same throughout.
func TestNewEntriesHeldAreBounded(t *testing.T) {
	defer func(held int64) { maxHeld = held }(maxHeld)
	var inputs []Input
	for i := range 12 {
		inputs = append(inputs, Input{Name: fmt.Sprintf("m%02d.yaml", i),
			Data: []byte(strings.Replace(orgManifest("planning", ""), "name: m\n", fmt.Sprintf("name: m%02d\n", i), 1))})
	}
	dir := t.TempDir()
	var reports []string
	var cached []int
	for run := range 4 {
		c, err := cache.Open(dir, 0)
		if err != nil {
			t.Fatal(err)
		}
		l := newLinter(t, Options{Cache: c})
		if run == 0 {
			// Room for about five of the twelve entries: their size is
			// what a run with room for all writes.
			all := t.TempDir()
			c, err := cache.Open(all, 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := newLinter(t, Options{Cache: c}).Lint(context.Background(), inputs); err != nil {
				t.Fatal(err)
			}
			c.Close()
			maxHeld = dirSize(t, all) * 5 / 12
		}
		rep, err := l.Lint(context.Background(), inputs)
		c.Close()
		if err != nil {
			t.Fatal(err)
		}
		reports = append(reports, findingsText(rep))
		cached = append(cached, l.CacheStats().FilesCached)
	}
	for _, r := range reports[1:] {
		if r != reports[0] {
			t.Fatalf("reports differ:\n%s\n---\n%s", reports[0], r)
		}
	}
	if cached[0] != 0 || cached[1] == 0 || cached[1] >= len(inputs) || cached[2] <= cached[1] || cached[3] != len(inputs) {
		t.Errorf("files from the cache in each run: %v, want 0, some, more, all %d", cached, len(inputs))
	}
}

// dirSize is the bytes of the files under dir.
func dirSize(t *testing.T, dir string) int64 {
	t.Helper()
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			info, err := d.Info()
			if err == nil {
				n += info.Size()
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// An entry forged to pass its checksum and key, whose findings do not read
// (a count past what follows), is a miss, as a corrupt one is: the file is
// linted again and the report is that of a run without the cache, for a
// plain run and a planned one alike.
func TestMalformedFindingsInAnEntryAreAMiss(t *testing.T) {
	plan := Plan{Key: "test", Evaluations: func(any) []Evaluation {
		return []Evaluation{{AsOf: "2026-12-31"}, {AsOf: "2027-01-15", Stage: finding.Live}}
	}}
	files := map[string]string{
		"a.yaml": orgManifest("planning", "services:\n  - id: s\n    contracts:\n      - end: \"2026-12-30\"\n"),
		"b.yaml": strings.Replace(orgManifest("live", ""), "name: m\n", "name: b\n", 1),
	}
	var inputs []Input
	for name, src := range files {
		inputs = append(inputs, Input{Name: name, Data: []byte(src)})
	}
	for _, planned := range []bool{false, true} {
		for _, part := range []string{"own", "decided", "dated", "evaluated"} {
			if !planned && (part == "dated" || part == "evaluated") {
				continue
			}
			t.Run(fmt.Sprintf("%s planned %t", part, planned), func(t *testing.T) {
				dir := t.TempDir()
				lintWith := func(c *cache.Cache) (*Report, CacheStats) {
					l := newLinter(t, Options{Cache: c})
					var rep *Report
					var err error
					if planned {
						rep, err = l.LintPlanned(context.Background(), inputs, plan)
					} else {
						rep, err = l.Lint(context.Background(), inputs)
					}
					if err != nil {
						t.Fatal(err)
					}
					return rep, l.CacheStats()
				}
				want, _ := lintWith(nil)
				c, err := cache.Open(dir, 0)
				if err != nil {
					t.Fatal(err)
				}
				lintWith(c)
				c.Close()
				// Each item's documents rewritten with that part broken, and
				// the packs written again, checksummed under their keys.
				if c, err = cache.Open(dir, 0); err != nil {
					t.Fatal(err)
				}
				l := newLinter(t, Options{Cache: c})
				if planned {
					l = l.planned(plan)
				}
				r := l.newCacheRun(inputs, nil)
				forged := 0
				for i := range r.packs {
					p := &r.packs[i]
					payload, ok := c.Get(p.key)
					if !ok {
						continue
					}
					items, ok := decodePack(payload)
					if !ok {
						t.Fatal("a pack does not read")
					}
					var out encoder
					out.uint(1)
					out.uint(uint64(len(items)))
					for _, name := range slices.Sorted(maps.Keys(items)) {
						it := items[name]
						res, ok := decodeEntry(name, it.payload, &fileEntry{}, planned)
						if !ok {
							t.Fatalf("%s: the entry as written does not read", name)
						}
						var e encoder
						e.uint(1)
						e.bool(false)
						e.uint(uint64(len(res.docs)))
						for _, d := range res.docs {
							broken := []byte{9, 1} // nine findings, then one byte
							switch part {
							case "own":
								d.hit.own = broken
							case "decided":
								d.hit.decided = broken
							case "dated":
								d.hit.dated = broken
							case "evaluated":
								d.hit.evaluated = broken
							}
							e.bytes(d.encodeHit())
							forged++
						}
						out.str(name)
						out.bytes(it.key[:])
						out.bytes(e.b)
					}
					c.Put(p.key, out.b)
				}
				c.Close()
				if forged != len(inputs) {
					t.Fatalf("%d documents forged", forged)
				}
				if c, err = cache.Open(dir, 0); err != nil {
					t.Fatal(err)
				}
				got, stats := lintWith(c)
				c.Close()
				if stats.FilesCached != 0 {
					t.Errorf("%d files taken from forged entries", stats.FilesCached)
				}
				if !reflect.DeepEqual(reportOf(t, got), reportOf(t, want)) {
					t.Errorf("the report differs from a run without the cache")
				}
			})
		}
	}
}

// reportOf is what a report holds, unpacked, for comparing two.
func reportOf(t *testing.T, rep *Report) *Report {
	t.Helper()
	rep, err := rep.Unpacked()
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// findingsText is a report's findings, a line each: file, rule, message.
func findingsText(rep *Report) string {
	var lines []string
	for _, f := range rep.Findings {
		lines = append(lines, f.File+" "+f.RuleID+" "+f.Message)
	}
	return strings.Join(lines, "\n")
}
