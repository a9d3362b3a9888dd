package policy

import (
	"context"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/erslint/erslint/pkg/finding"
)

// The decisions the engine recalls for findings without waivers are the ones
// the Rego gives them: random findings of every rule (disabled, raised,
// unknown, schema) at every stage, decided after the memo has learnt from the
// ones before, against the decision evaluated afresh. Documents with waivers
// are always evaluated.
func TestDecisionMemoIsTheRego(t *testing.T) {
	ctx := context.Background()
	e, err := New(ctx, Options{Sources: builtinSources(t, "policies/"), AsOf: "2026-11-24", Settings: map[string]Setting{
		"ERS-LIVE-001": {Disabled: true},
		"ERS-GOV-003":  {Severity: finding.Error},
		"ERS-CON-004":  {Severity: finding.Info},
	}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range e.Rules() {
		ids = append(ids, r.ID)
	}
	ids = append(ids, "ERS-NOPE-001", "ERS-SCHEMA-001")
	stages := []finding.Stage{finding.Planning, finding.PreGoLive, finding.Live}
	r := rand.New(rand.NewPCG(3, 4))
	recalled := 0
	for round := range 600 {
		fs := make([]finding.Finding, r.IntN(6))
		for i := range fs {
			fs[i] = finding.Finding{RuleID: ids[r.IntN(len(ids))], Path: finding.Path{"services", r.IntN(3)}}
		}
		stage := stages[r.IntN(len(stages))]
		var waivers any
		if r.IntN(5) == 0 && len(fs) > 0 {
			waivers = []any{map[string]any{"rule": fs[0].RuleID, "reason": "r", "approvedBy": "a"}}
		}
		if _, ok := e.memo.recall(fs, stage); ok && waivers == nil {
			recalled++
		}
		got, err := e.Decide(ctx, fs, waivers, stage)
		if err != nil {
			t.Fatal(err)
		}
		want, err := e.decide(ctx, fs, waivers, stage)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 && len(want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d, %v at %v (waivers %v): Decide gives\n%+v\nthe decision\n%+v", round, fs, stage, waivers, got, want)
		}
	}
	if recalled < 100 {
		t.Fatalf("only %d decisions recalled: the memo was hardly tried", recalled)
	}
	t.Logf("%d of 600 decisions recalled", recalled)
}

// A document without waivers is decided from one finding of each of its
// rules, on an engine that has decided nothing before it as on one that has:
// 20,000 findings of four rules give what the decision of all of them gives,
// and the engine has learnt four answers. The time limit is one the decision
// of all 20,000 at once does not meet (about 0.3 s here), and the decision of
// four findings does by far (about 0.3 ms): were the document decided whole,
// or only after another document taught the engine its rules, it would fail
// closed here and not on the engine that had.
func TestDecisionOfManyFindingsIsLearntFromOneEach(t *testing.T) {
	ctx := context.Background()
	e, err := New(ctx, Options{Sources: builtinSources(t, "policies/"), AsOf: "2026-11-24", Timeout: 50 * time.Millisecond,
		Settings: map[string]Setting{"ERS-LIVE-002": {Disabled: true}}})
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{"ERS-GOV-003", "ERS-LIVE-002", "ERS-TRN-001", "ERS-CON-002"}
	fs := make([]finding.Finding, 20000)
	for i := range fs {
		fs[i] = finding.Finding{RuleID: ids[i%len(ids)], Path: finding.Path{"services", i}}
	}
	got, err := e.Decide(ctx, fs, nil, finding.Planning)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(e.memo.answers); n != len(ids) {
		t.Errorf("%d answers learnt, want %d", n, len(ids))
	}
	unbounded, err := New(ctx, Options{Sources: builtinSources(t, "policies/"), AsOf: "2026-11-24",
		Settings: map[string]Setting{"ERS-LIVE-002": {Disabled: true}}})
	if err != nil {
		t.Fatal(err)
	}
	want, err := unbounded.decide(ctx, fs, nil, finding.Planning)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Decide gives %d findings, the decision of all %d", len(got), len(want))
	}
}
