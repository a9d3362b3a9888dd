package policy_test

import (
	"context"
	"slices"
	"strings"
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

// Without reference data the ERS-REF rules are still known (rules, explain,
// waivers name them) but not evaluated, and a custom policy may still call
// lib's reference data helpers (undefined without data, as with it when a
// code is not listed).
func TestRunWithoutRefDataKnowsTheRules(t *testing.T) {
	ctx := context.Background()
	own := policy.Source{Name: "own.rego", Text: []byte(`# METADATA
# title: t
# custom:
#   id: ORG-REF-001
#   severity: error
#   stage: planning
#   remedy: r
package erslint.rules.org.ref

import data.erslint.lib

deny contains lib.finding(lib.describe_roles({"RO197"}), ["organisation"]) if not lib.refdata_organisation("RXN")
`)}
	for _, extra := range [][]policy.Source{nil, {own}} {
		e, err := policy.New(ctx, policy.Options{Sources: append(builtin(t), extra...), AsOf: "2026-11-24"})
		if err != nil {
			t.Fatal(err)
		}
		var refs []string
		for _, r := range e.Rules() {
			if strings.HasPrefix(r.ID, "ERS-REF-") {
				if r.Title == "" || r.Remedy == "" || r.Line == 0 {
					t.Errorf("%s: metadata not read: %+v", r.ID, r)
				}
				refs = append(refs, r.ID)
			}
		}
		if len(refs) != 5 {
			t.Errorf("ERS-REF rules known: %q", refs)
		}
		doc := map[string]any{"stage": "planning", "organisation": map[string]any{"name": "Old Trust", "type": "nhs-trust", "odsCode": "RAA"}}
		results, err := e.Evaluate(ctx, doc)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range results {
			if strings.HasPrefix(r.RuleID, "ERS-REF-") || r.RuleID == "ORG-REF-001" {
				got = append(got, r.RuleID+" "+r.Message)
			}
		}
		want := []string(nil)
		if extra != nil {
			want = []string{"ORG-REF-001 RO197 (NHS trust)"}
		}
		if !slices.Equal(got, want) {
			t.Errorf("findings %q, want %q", got, want)
		}
	}
}
