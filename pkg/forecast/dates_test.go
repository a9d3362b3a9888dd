package forecast

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/policies"
	"github.com/open-policy-agent/opa/v1/rego"
)

// TestAddMonthsIsLibAddMonths checks the Go reading of "12 calendar months"
// against the rules' own (lib.add_months) for every day of four years, leap
// days included: the look-ahead's DSPT day is only exact while they agree.
func TestAddMonthsIsLibAddMonths(t *testing.T) {
	lib, err := policies.FS.ReadFile("lib/lib.rego")
	if err != nil {
		t.Fatal(err)
	}
	var days []any
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	for d := start; d.Year() < 2027; d = d.AddDate(0, 0, 1) {
		days = append(days, day(d))
	}
	q, err := rego.New(rego.Query(`x := {d: [lib.add_months(d, 12), lib.add_months(d, -12)] | some d in input}`),
		rego.Module("lib.rego", string(lib)), rego.Imports([]string{"data.erslint.lib"})).PrepareForEval(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rs, err := q.Eval(context.Background(), rego.EvalInput(days))
	if err != nil || len(rs) != 1 {
		t.Fatalf("evaluate lib.add_months: %v (%d results)", err, len(rs))
	}
	got := rs[0].Bindings["x"].(map[string]any)
	if len(got) != len(days) {
		t.Fatalf("lib.add_months gave %d days of %d", len(got), len(days))
	}
	for _, d := range days {
		t0, _ := time.Parse(time.DateOnly, d.(string))
		pair := got[d.(string)].([]any)
		if want := day(AddMonths(t0, 12)); pair[0] != want {
			t.Errorf("%s plus 12 months: lib.add_months %s, AddMonths %s", d, pair[0], want)
		}
		if want := day(AddMonths(t0, -12)); pair[1] != want {
			t.Errorf("%s minus 12 months: lib.add_months %s, AddMonths %s", d, pair[1], want)
		}
	}
}

func TestDSPTLapses(t *testing.T) {
	for published, want := range map[string]string{
		"2025-12-15": "2026-12-16",
		"2024-02-29": "2025-03-01",
		"2023-02-28": "2024-03-01", // 2024-02-29 minus 12 months is 2023-02-28: still current
		"2025-03-31": "2026-04-01",
		"2025-01-31": "2026-02-01",
	} {
		p, _ := time.Parse(time.DateOnly, published)
		if got := day(dsptLapses(p)); got != want {
			t.Errorf("published %s: lapses %s, want %s", published, got, want)
		}
	}
}

// checkSharedParts fails when a shared part's path is not as made: a run
// that changed one in place would change every later document's parts.
func checkSharedParts(t *testing.T) {
	t.Helper()
	check := func(got, want finding.Path) {
		if !reflect.DeepEqual(got, want) || cap(got) != len(got) {
			t.Errorf("shared part %v (cap %d), want %v with no room to append", got, cap(got), want)
		}
	}
	check(dsptPart, finding.Path{"governance", "dspt"})
	for i := range contractParts {
		for j := range contractParts[i] {
			check(contractParts[i][j], finding.Path{"services", i, "contracts", j})
		}
		check(waiverParts[i], finding.Path{"waivers", i})
	}
}

func TestPartPaths(t *testing.T) {
	checkSharedParts(t)
	for _, tc := range []struct{ i, j int }{{0, 0}, {7, 7}, {8, 0}, {0, 8}, {100, 3}} {
		if got, want := contractPart(tc.i, tc.j), (finding.Path{"services", tc.i, "contracts", tc.j}); !reflect.DeepEqual(got, want) {
			t.Errorf("contractPart(%d, %d) = %v", tc.i, tc.j, got)
		}
		if got, want := waiverPart(tc.i), (finding.Path{"waivers", tc.i}); !reflect.DeepEqual(got, want) {
			t.Errorf("waiverPart(%d) = %v", tc.i, got)
		}
	}
}
