package report

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/erslint/erslint/pkg/lint"
)

// liveHeap is the heap in use after full collections (two: the first
// leaves what sync.Pools held to the second).
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// peakWriter discards a report, collecting every 256 KiB written to sample
// the live heap: its peak is what writing the report holds at once.
type peakWriter struct {
	since int
	peak  uint64
}

func (p *peakWriter) Write(b []byte) (int, error) {
	p.since += len(b)
	if p.since >= 256<<10 {
		p.since = 0
		p.peak = max(p.peak, liveHeap())
	}
	return len(b), nil
}

// A run of many findings holds them packed, a few bytes each, and the
// reports that stream read them back a file at a time: the heap grows by
// less while writing than the findings would take unpacked (a
// finding.Finding alone is 112 bytes, its path more).
func TestManyFindingsMemoryIsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("lints 3,000 manifests")
	}
	const files = 3000
	inputs := make([]lint.Input, files)
	for i := range inputs {
		// 22 findings each, as bench/many-findings.sh.
		inputs[i] = lint.Input{Name: fmt.Sprintf("m/%03d/m%06d.yaml", i/1000, i), Data: fmt.Appendf(nil, "kind: OnboardingManifest\na: %d\n", i)}
	}
	l, err := lint.New(context.Background(), lint.Options{AsOf: "2026-11-24", Jobs: 2, PackFindings: true})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := l.Lint(context.Background(), inputs)
	if err != nil {
		t.Fatal(err)
	}
	n := rep.NumFindings()
	if n < 20*files || !rep.Packed() {
		t.Fatalf("%d findings, packed %v: want 22 a file, packed", n, rep.Packed())
	}
	for _, name := range []string{"text", "json", "sarif", "github", "junit"} {
		w, err := New(name, Options{Version: "v1.2.3"})
		if err != nil {
			t.Fatal(err)
		}
		out := &peakWriter{}
		base := liveHeap()
		if err := w.Write(out, rep); err != nil {
			t.Fatal(err)
		}
		grew := float64(int64(out.peak)-int64(base)) / float64(n)
		t.Logf("%s: the heap grows by %.1f bytes per finding while writing", name, grew)
		if grew > 32 {
			t.Errorf("%s: the heap grows by %.1f bytes per finding while writing; want at most 32: the findings are not read a file at a time", name, grew)
		}
	}
	// What the report keeps, per finding (each file's name and its
	// document's description counted with them): packed, and unpacked.
	packed := liveHeap()
	all, err := rep.Unpacked()
	if err != nil {
		t.Fatal(err)
	}
	unpacked := liveHeap()
	runtime.KeepAlive(all)
	all, rep = nil, nil
	none := liveHeap()
	perFinding := float64(int64(packed)-int64(none)) / float64(n)
	t.Logf("the report keeps %.1f bytes per finding packed, %.1f more unpacked", perFinding, float64(int64(unpacked)-int64(packed))/float64(n))
	if perFinding > 32 {
		t.Errorf("the report keeps %.1f bytes per finding; want at most 32", perFinding)
	}
}
