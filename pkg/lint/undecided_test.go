package lint

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/policy"
)

// A decision that cannot finish in time (a hostile manifest with tens of
// thousands of findings) must not end the run, nor let a waiver or a stage
// lower what it could not settle: the document's findings keep their rules'
// full severity, and one more finding says why.
func TestUndecidedDocumentFailsClosed(t *testing.T) {
	ctx := context.Background()
	l, err := New(ctx, Options{AsOf: "2026-11-24", Jobs: 1, EvalTimeout: time.Nanosecond,
		Rules: map[string]RuleSetting{"ERS-LIVE-002": {Disabled: true}, "ERS-TRN-001": {Severity: finding.Error}}})
	if err != nil {
		t.Fatal(err)
	}
	var fs []finding.Finding
	for i := range 20000 {
		id := []string{"ERS-GOV-003", "ERS-LIVE-002", "ERS-TRN-001", "ERS-CON-002"}[i%4]
		fs = append(fs, finding.Finding{RuleID: id, File: "org.yaml", Line: 10 + i, Column: 3, Path: finding.Path{"services", i}, Message: fmt.Sprint("gap ", i)})
	}
	d := &docState{file: "org.yaml", line: 2, column: 1, stage: finding.Planning,
		waivers: []any{map[string]any{"rule": "ERS-GOV-003", "reason": "r", "approvedBy": "a", "expires": "2027-01-01"}}}

	_, err = l.engine.Decide(ctx, fs, d.waivers, d.stage)
	var tooLong *policy.TimeoutError
	if !errors.As(err, &tooLong) {
		t.Fatalf("Decide with a 1ns limit: %v, want a TimeoutError", err)
	}
	out, err := l.settle(ctx, l.engine, d, fs, d.stage)
	if err != nil {
		t.Fatalf("settle: %v, want findings", err)
	}
	want := map[string]finding.Severity{
		"ERS-GOV-003": finding.Warning, // its rule's severity, not lowered by the stage, not waived
		"ERS-TRN-001": finding.Error,   // the configuration's, higher than the rule's
		"ERS-CON-002": finding.Error,   // error though the stage (planning) would lower it
	}
	n := map[string]int{}
	for _, f := range out[:len(out)-1] {
		if f.Waiver != nil {
			t.Fatalf("a waiver was applied: %+v", f)
		}
		if f.Severity != want[f.RuleID] {
			t.Fatalf("%s: severity %v, want %v", f.RuleID, f.Severity, want[f.RuleID])
		}
		n[f.RuleID]++
	}
	if n["ERS-LIVE-002"] != 0 || n["ERS-GOV-003"] != 5000 || n["ERS-TRN-001"] != 5000 || n["ERS-CON-002"] != 5000 {
		t.Errorf("findings by rule %v: want 5000 each, none of the disabled ERS-LIVE-002", n)
	}
	last := out[len(out)-1]
	if last.RuleID != "ERS-SCHEMA-001" || last.Severity != finding.Error || last.Line != 2 || last.Column != 1 ||
		!strings.Contains(last.Message, "within the time limit of 1ns") {
		t.Errorf("the closing finding: %+v", last)
	}
}
