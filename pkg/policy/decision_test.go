package policy_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/policy"
)

// TestDecide checks what Engine.Decide reads back from the decision
// (policies/decision, whose own tests are Rego): which finding each decided
// one is, its severity after settings and stage, its waiver, and the
// stale-waiver findings the decision adds.
func TestDecide(t *testing.T) {
	ctx := context.Background()
	e, err := policy.New(ctx, policy.Options{Sources: builtin(t), AsOf: "2026-11-24", Settings: map[string]policy.Setting{
		"ERS-LIVE-001": {Disabled: true},
		"ERS-GOV-003":  {Severity: finding.Error},
	}})
	if err != nil {
		t.Fatal(err)
	}
	findings := []finding.Finding{
		{RuleID: "ERS-CON-002", Path: finding.Path{"services", 0, "contracts", 0, "end"}}, // error from pre-go-live
		{RuleID: "ERS-LIVE-001", Path: finding.Path{"goLive"}},                            // disabled
		{RuleID: "ERS-GOV-003", Path: finding.Path{"governance", "screenFilters"}},        // warning raised to error
		{RuleID: "ERS-NOPE-001", Path: nil},                                               // no such rule
	}
	waivers := []any{
		map[string]any{"rule": "ERS-CON-002", "path": "services[0]", "reason": "r", "approvedBy": "a", "expires": "2027-01-01"},
		map[string]any{"rule": "ERS-ACC-001", "reason": "r", "approvedBy": "a"},
	}
	got, err := e.Decide(ctx, findings, waivers, finding.Planning)
	if err != nil {
		t.Fatal(err)
	}
	want := []policy.Decided{
		{Ref: 0, Severity: finding.Warning, Waiver: &policy.DecidedWaiver{Index: 0, Reason: "r", ApprovedBy: "a", Expires: "2027-01-01"}},
		{Ref: 2, Severity: finding.Error},
		{Ref: -1, RuleID: "ERS-WAIVER-003", Severity: finding.Warning, Path: finding.Path{"waivers", 1},
			Message: "waiver for ERS-ACC-001 matches no finding anywhere in this manifest; remove it, or correct its rule or path"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Decide =\n%+v\nwant\n%+v", got, want)
	}

	none, err := e.Decide(ctx, nil, nil, finding.Live)
	if err != nil || len(none) != 0 {
		t.Errorf("Decide of nothing = %v, %v; want nothing", none, err)
	}
}
