package policy_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/erslint/erslint/pkg/policy"
)

// TestDatedRules checks which rules the look-ahead evaluates again on each
// day: those that read the assessment date, directly or through a helper or
// anything that could hold it, and no other.
func TestDatedRules(t *testing.T) {
	e := engine(t,
		customRule("direct", "ORG-A-001", `deny contains lib.finding("x", []) if input.goLive.plannedDate < data.erslint.config.asOf`),
		customRule("helper", "ORG-A-002", `late(d) if d < lib.as_of
deny contains lib.finding("x", []) if late(input.goLive.plannedDate)`),
		customRule("whole", "ORG-A-003", `deny contains lib.finding("x", []) if count(data.erslint.config) > 100`),
		customRule("dynamic", "ORG-A-004", `deny contains lib.finding("x", []) if { some k; data.erslint.config[k] == "2026-01-01" }`),
		customRule("undated", "ORG-A-005", `deny contains lib.finding("x", []) if count(data.erslint.config.ruleIds) == 0`),
		customRule("plain", "ORG-A-006", `deny contains lib.finding("x", []) if input.stage == "x"`),
	)
	var got []string
	for _, r := range e.DatedRules() {
		got = append(got, r.ID)
	}
	// Without reference data the ERS-REF rules do not run (spec §8): none is dated.
	want := []string{"ERS-CON-002", "ERS-CON-004", "ERS-GOV-002", "ERS-WAIVER-002", "ORG-A-001", "ORG-A-002", "ORG-A-003", "ORG-A-004"}
	if !slices.Equal(got, want) {
		t.Errorf("dated rules:\n got %q\nwant %q", got, want)
	}
	withRef, err := policy.New(context.Background(), policy.Options{Sources: builtin(t), AsOf: "2026-11-24", RefData: testRefData()})
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, r := range withRef.DatedRules() {
		got = append(got, r.ID)
	}
	want = []string{"ERS-CON-002", "ERS-CON-004", "ERS-GOV-002", "ERS-REF-002", "ERS-REF-004", "ERS-WAIVER-002"}
	if !slices.Equal(got, want) {
		t.Errorf("dated rules with reference data:\n got %q\nwant %q", got, want)
	}
	// The look-ahead decides every day with the run's engine.
	if e.DecisionDated() {
		t.Error("the decision reads the assessment date")
	}
}

// TestEvaluateDated checks that the dated rules evaluated on another day give
// the findings of those rules in a full evaluation by the Engine of that day.
func TestEvaluateDated(t *testing.T) {
	ctx := context.Background()
	e := engine(t)
	doc := map[string]any{
		"services": []any{map[string]any{"id": "s", "contracts": []any{
			map[string]any{"reference": "a", "start": "2026-12-01", "end": "2027-01-31"},
			map[string]any{"reference": "b", "start": "2025-01-01", "end": "2026-11-30"},
		}}},
		"governance": map[string]any{"dspt": map[string]any{"publishedOn": "2025-12-15"}},
		"waivers":    []any{map[string]any{"rule": "ERS-GOV-003", "expires": "2026-12-05"}},
	}
	in, err := policy.NewInput(doc)
	if err != nil {
		t.Fatal(err)
	}
	days := []string{"2026-11-24", "2026-12-01", "2026-12-06", "2026-12-16", "2027-01-01", "2027-02-01"}
	// Twice: the second time, the constants that read the date are the ones
	// learnt on that day the first time.
	for _, day := range slices.Concat(days, days) {
		at, err := e.At(ctx, day)
		if err != nil {
			t.Fatal(err)
		}
		full, err := at.Evaluate(ctx, doc)
		if err != nil {
			t.Fatal(err)
		}
		both, err := e.EvaluateDated(ctx, in, "2026-11-24", day)
		if err != nil {
			t.Fatal(err)
		}
		dated := both[1]
		var want, got []string
		for _, r := range full {
			if e.Dated(r.RuleID) {
				want = append(want, r.RuleID+" "+r.Path.String()+" "+r.Message)
			}
		}
		for _, r := range dated {
			got = append(got, r.RuleID+" "+r.Path.String()+" "+r.Message)
		}
		slices.Sort(want)
		slices.Sort(got)
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("%s:\n got %q\nwant %q", day, got, want)
		}
		// Each rule on its own (a query naming the one rule), and two at once.
		for _, ids := range [][]string{{"ERS-CON-002"}, {"ERS-CON-004"}, {"ERS-GOV-002"}, {"ERS-WAIVER-002"}, {"ERS-CON-002", "ERS-CON-004"}} {
			only, err := e.EvaluateDatedOnly(ctx, in, ids, day)
			if err != nil {
				t.Fatal(err)
			}
			var want, got []string
			for _, r := range full {
				if slices.Contains(ids, r.RuleID) {
					want = append(want, r.RuleID+" "+r.Path.String()+" "+r.Message)
				}
			}
			for _, r := range only[0] {
				got = append(got, r.RuleID+" "+r.Path.String()+" "+r.Message)
			}
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s, %v only:\n got %q\nwant %q", day, ids, got, want)
			}
		}
	}
}

// TestEvaluateDatedReadsTheDay checks that a rule reading the date however it
// may (the date itself, the configuration as a whole, a key not known before
// evaluation, a helper) reads the day asked for, as the Engine of that day would
// have it, and that the rest of the data is the run's.
func TestEvaluateDatedReadsTheDay(t *testing.T) {
	ctx := context.Background()
	e := engine(t,
		customRule("direct", "ORG-D-001", `deny contains lib.finding(data.erslint.config.asOf, [])`),
		customRule("config", "ORG-D-002", `deny contains lib.finding(sprintf("%s %d", [c.asOf, count(c.ruleIds)]), []) if c := data.erslint.config`),
		customRule("keyed", "ORG-D-004", `deny contains lib.finding(sprintf("%s=%s", [k, v]), []) if { some k; v := data.erslint.config[k]; k == "asOf" }`),
		customRule("below", "ORG-D-005", `deny contains lib.finding("below the date", []) if data.erslint.config.asOf.x`),
		customRule("helper", "ORG-D-006", `deny contains lib.finding(sprintf("%s %s", [lib.as_of, lib.add_days(lib.as_of, 1)]), [])`),
	)
	in, err := policy.NewInput(map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	days := []string{"2027-01-01", "2026-11-24", "2030-02-28"}
	got, err := e.EvaluateDated(ctx, in, days...)
	if err != nil {
		t.Fatal(err)
	}
	for i, day := range days {
		at, err := e.At(ctx, day)
		if err != nil {
			t.Fatal(err)
		}
		full, err := at.Evaluate(ctx, map[string]any{})
		if err != nil {
			t.Fatal(err)
		}
		var want, have []string
		for _, r := range full {
			if strings.HasPrefix(r.RuleID, "ORG-D-") {
				want = append(want, r.RuleID+" "+r.Message)
			}
		}
		for _, r := range got[i] {
			if strings.HasPrefix(r.RuleID, "ORG-D-") {
				have = append(have, r.RuleID+" "+r.Message)
			}
		}
		slices.Sort(want)
		slices.Sort(have)
		if len(want) != 4 || !slices.Equal(have, want) {
			t.Errorf("%s:\n got %q\nwant %q", day, have, want)
		}
		for _, m := range have {
			if !strings.Contains(m, day) {
				t.Errorf("%s: %q does not read the day", day, m)
			}
		}
	}
}

// customRule is a custom policy file: package erslint.rules.org.<name>,
// rule id, and body after the import of lib.
func customRule(name, id, body string) policy.Source {
	return policy.Source{Name: name + ".rego", Text: []byte(fmt.Sprintf(`# METADATA
# title: t
# custom:
#   id: %s
#   severity: error
#   stage: planning
#   remedy: r
package erslint.rules.org.%s

import data.erslint.lib

%s
`, id, name, body))}
}
