package policy_test

import (
	"context"
	"testing"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/policy"
)

// BenchmarkEvaluateDatedPart is a look-ahead's change day of one contract:
// the rule whose boundary its end crosses, evaluated on that contract only;
// "empty" is the same query on a document with no contract (its set-up).
func BenchmarkEvaluateDatedPart(b *testing.B) {
	ctx := context.Background()
	e := engine(b)
	doc := map[string]any{
		"services": []any{map[string]any{"id": "s", "name": "S", "contracts": []any{
			map[string]any{"reference": "a", "start": "2025-04-01", "end": "2027-01-31", "paymentAgreed": true,
				"commissioner": map[string]any{"name": "NHS Example ICB", "odsCode": "Q00"}},
		}}},
	}
	whole, err := policy.NewInput(doc)
	if err != nil {
		b.Fatal(err)
	}
	part, _ := whole.Only([]finding.Path{{"services", 0, "contracts", 0}})
	empty, err := policy.NewInput(map[string]any{})
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		in   *policy.Input
	}{{"contract", part}, {"empty", empty}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := e.EvaluateDatedOnly(ctx, tc.in, []string{"ERS-CON-004"}, "2026-11-02"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
