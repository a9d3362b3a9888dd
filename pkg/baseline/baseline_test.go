package baseline

import (
	"slices"
	"strings"
	"testing"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/forecast"
	"github.com/erslint/erslint/pkg/lint"
)

// TestCompareIsAMultiset: findings with the same organisation, rule and path
// match one for one, whatever their file, line or message.
func TestCompareIsAMultiset(t *testing.T) {
	base, err := Parse([]byte(`{"schemaVersion": 1, "asOf": "2026-11-17",
		"organisations": [{"file": "old.yaml", "document": 0, "name": "a", "organisation": "A", "verdict": "blocked"}],
		"findings": [
			{"ruleId": "R1", "file": "old.yaml", "document": 0, "path": "p", "line": 1, "column": 1, "suppressed": false},
			{"ruleId": "R1", "file": "old.yaml", "document": 0, "path": "p", "line": 2, "column": 1, "suppressed": false},
			{"ruleId": "R2", "file": "old.yaml", "document": 0, "path": "q", "line": 3, "column": 1, "suppressed": false}]}`))
	if err != nil {
		t.Fatal(err)
	}
	f := func(rule, path string, line int) finding.Finding {
		return finding.Finding{RuleID: rule, File: "new.yaml", Path: finding.Path{path}, Line: line, Severity: finding.Error}
	}
	rep := &lint.Report{AsOf: "2026-11-24", Findings: []finding.Finding{f("R1", "p", 7), f("R1", "p", 8), f("R1", "p", 9)},
		DocumentInfos: []lint.DocumentInfo{{File: "new.yaml", Name: "a", Checked: true}}}
	res := Compare(base, rep, forecast.FromReport(rep, "2026-11-24", finding.Error))
	if got := []State{res.States[0], res.States[1], res.States[2]}; !slices.Equal(got, []State{Unchanged, Unchanged, New}) {
		t.Errorf("states %v, want two unchanged and one new", got)
	}
	if len(res.Absent) != 1 || res.Absent[0].RuleID != "R2" || res.New != 1 || res.Unchanged != 2 {
		t.Errorf("absent %+v, new %d, unchanged %d", res.Absent, res.New, res.Unchanged)
	}
	if len(res.Changes) != 0 {
		t.Errorf("verdict changes %+v: a stays blocked", res.Changes)
	}
}

func TestParseRefuses(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"schemaVersion": 3, "asOf": "2026-01-01"}`, "schemaVersion 3"},
		{`{"asOf": "2026-01-01"}`, "no schemaVersion"},
		{`{"schemaVersion": 1}`, "no asOf"},
		{`{"schemaVersion": "1", "asOf": "2026-01-01"}`, "not a JSON report"},
		{`[]`, "not a JSON report"},
		{`{"schemaVersion": 1, "asOf": "2026-01-01"} 1`, "more than one"},
		{`{"schemaVersion": 1, "asOf": "2026-01-01", "organisations": [{"name": "a", "verdict": "ok"}]}`, `verdict "ok"`},
	} {
		if _, err := Parse([]byte(tc.in)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.in, err, tc.want)
		}
	}
}
