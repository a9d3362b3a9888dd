package policy_test

import (
	"context"
	"slices"
	"testing"

	"github.com/erslint/erslint/pkg/policy"
	"github.com/erslint/erslint/pkg/refdata"
)

func testRefData() *refdata.Document {
	return &refdata.Document{Format: refdata.Format, Source: "test", Extracted: "2026-11-30", Covers: []string{"RO197"},
		Organisations: map[string]*refdata.Organisation{
			"RXN": {Name: "LANCASHIRE TEACHING HOSPITALS NHS FOUNDATION TRUST", Roles: []string{"RO197", "RO57"}, Opened: "1993-04-01"},
			"RAA": {Name: "OLD TRUST", Roles: []string{"RO197"}, Opened: "1993-04-01", Closed: "2020-04-01", Successor: "RXN"},
		}}
}

// The rules read the reference data the engine gives as data.erslint.refdata,
// one organisation at a time, and are silent without it.
func TestEngineGivesRefDataToRules(t *testing.T) {
	ctx := context.Background()
	doc := map[string]any{"stage": "planning", "organisation": map[string]any{"name": "Old Trust", "type": "nhs-trust", "odsCode": "RAA"}}
	refIDs := func(e *policy.Engine) []string {
		results, err := e.Evaluate(ctx, doc)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range results {
			if len(r.RuleID) > 8 && r.RuleID[:8] == "ERS-REF-" {
				ids = append(ids, r.RuleID+" "+r.Message)
			}
		}
		slices.Sort(ids)
		return ids
	}
	if ids := refIDs(engine(t)); len(ids) != 0 {
		t.Errorf("without reference data: %v", ids)
	}
	e, err := policy.New(ctx, policy.Options{Sources: builtin(t), AsOf: "2026-11-24", RefData: testRefData()})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"ERS-REF-002 ODS code RAA (OLD TRUST) is not open on 2026-11-24: it closed on 2020-04-01; its successor is RXN (LANCASHIRE TEACHING HOSPITALS NHS FOUNDATION TRUST), per the reference data extracted 2026-11-30"}
	if got := refIDs(e); !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	// Another date (forecast) reads the same data.
	before, err := e.At(ctx, "2020-03-31")
	if err != nil {
		t.Fatal(err)
	}
	if got := refIDs(before); len(got) != 0 {
		t.Errorf("on 2020-03-31, open: %v", got)
	}
}

// A custom rule may read the reference data whole, or any part of it: the
// store answers every path as the document does.
func TestRefDataReadWhole(t *testing.T) {
	src := policy.Source{Name: "org/whole.rego", Text: []byte(`# METADATA
# title: Whole
# custom:
#   id: ORG-REFDATA-001
#   severity: info
#   stage: planning
package erslint.rules.org.whole

deny contains {"msg": sprintf("%d %s %s %v %s %v %v", [count(data.erslint.refdata.organisations), data.erslint.refdata.format, data.erslint.refdata.covers[0], data.erslint.refdata.organisations.RAA.closed, data.erslint.refdata.organisations.RAA.roles[0], data.erslint.refdata.organisations.RXN.closed, count(data.erslint.config)]), "path": []}
`)}
	e, err := policy.New(context.Background(), policy.Options{Sources: append(builtin(t), src), AsOf: "2026-11-24", RefData: testRefData()})
	if err != nil {
		t.Fatal(err)
	}
	results, err := e.Evaluate(context.Background(), map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.RuleID == "ORG-REFDATA-001" {
			if want := "2 erslint-refdata/v1 RO197 2020-04-01 RO197 null 4"; r.Message != want {
				t.Errorf("got %q, want %q", r.Message, want)
			}
			return
		}
	}
	t.Error("the custom rule gave no finding")
}
