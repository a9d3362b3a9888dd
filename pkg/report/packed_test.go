package report

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/forecast"
	"github.com/erslint/erslint/pkg/lint"
)

// Every format writes the same bytes whether the report's findings are packed
// (lint.Options.PackFindings, as lint runs) or all in Findings, on manifests
// with waivers, several documents to a file, broken YAML and clean files.
func TestPackedReportsAreTheSame(t *testing.T) {
	t.Chdir("../..")
	inputs, err := lint.Collect([]string{"testdata/report", "testdata/bad", "testdata/policy", "examples"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	reports := map[bool]*lint.Report{}
	for _, packed := range []bool{false, true} {
		l, err := lint.New(context.Background(), lint.Options{AsOf: "2026-11-24", Jobs: 3, PackFindings: packed})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := l.LintPlanned(context.Background(), inputs, forecast.Plan(forecast.Options{AsOf: "2026-11-24", Until: lookAheadUntil, Rehearse: true}))
		if err != nil {
			t.Fatal(err)
		}
		if rep.Packed() != packed {
			t.Fatalf("PackFindings %v: the report's Packed is %v", packed, rep.Packed())
		}
		reports[packed] = rep
	}
	// Sorted a file at a time, the findings are in the order of sorting them all.
	if !slices.IsSortedFunc(reports[false].Findings, finding.Compare) {
		t.Error("the findings are not in report order")
	}
	if n := reports[true].NumFindings(); n < 100 || reports[true].Suppressed() == 0 {
		t.Fatalf("the corpus has %d findings, %d waived: too few to compare", n, reports[true].Suppressed())
	}
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			var out [2]bytes.Buffer
			for i, packed := range []bool{false, true} {
				w, err := New(name, Options{Version: "v1.2.3", Until: lookAheadUntil})
				if err != nil {
					t.Fatal(err)
				}
				if err := w.Write(&out[i], reports[packed]); err != nil {
					t.Fatal(err)
				}
			}
			if out[0].Len() == 0 || !bytes.Equal(out[0].Bytes(), out[1].Bytes()) {
				t.Errorf("packed: %d bytes, unpacked: %d bytes, not the same", out[1].Len(), out[0].Len())
			}
		})
	}
}
