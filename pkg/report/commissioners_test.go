package report

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/forecast"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/manifest"
	"github.com/erslint/erslint/pkg/refdata"
)

// TestCommissioners: each organisation counts under every commissioner it
// contracts with; names come from the reference data when it has the code,
// else from most manifests; with reference data a sub-ICB location's
// organisations count under its ICB too, each once.
func TestCommissioners(t *testing.T) {
	doc := func(name string, open []finding.Finding, changes []forecast.Change, coms ...lint.Commissioner) forecast.Document {
		return forecast.Document{Info: lint.DocumentInfo{Name: name, Checked: true, Commissioners: coms}, Open: open, Changes: changes}
	}
	blocked := []finding.Finding{{RuleID: "ERS-CON-002", Severity: finding.Error}, {RuleID: "ERS-GOV-003", Severity: finding.Warning}}
	lapse := func(day string) []forecast.Change { return []forecast.Change{{Date: day, Blocked: true}} }
	fc := &forecast.Forecast{FailLevel: finding.Error, Documents: []forecast.Document{
		doc("a", blocked, nil, lint.Commissioner{ODSCode: "15N", Name: "Devon place"}, lint.Commissioner{ODSCode: "QWE", Name: "NHS Example ICB"}),
		doc("b", nil, lapse("2027-01-10"), lint.Commissioner{ODSCode: "QWE", Name: "Example ICB"}),
		doc("c", nil, lapse("2027-01-05"), lint.Commissioner{ODSCode: "QWE", Name: "NHS Example ICB"}),
		doc("d", nil, nil, lint.Commissioner{ODSCode: "15N", Name: "devon"}),
		doc("e", nil, nil),
	}}
	got := commissioners(fc, Directory{})
	want := `[{"odsCode":"15N","name":"Devon place","nameFrom":"manifests","icb":null,"organisations":["a","d"],"verdicts":{"ready":1,"atRisk":0,"blocked":1},"blockingRules":[{"ruleId":"ERS-CON-002","organisations":1}],"nextLapse":null},` +
		`{"odsCode":"QWE","name":"NHS Example ICB","nameFrom":"manifests","icb":null,"organisations":["a","b","c"],"verdicts":{"ready":0,"atRisk":2,"blocked":1},"blockingRules":[{"ruleId":"ERS-CON-002","organisations":1}],"nextLapse":{"date":"2027-01-05","organisations":["c"]}}]`
	if b, _ := json.Marshal(got); string(b) != want {
		t.Errorf("without reference data:\n%s\nwant\n%s", b, want)
	}
	dir := Directory{
		Name: func(code string) (string, bool) {
			n, ok := map[string]string{"QWE": "NHS EXAMPLE INTEGRATED CARE BOARD", "15N": "NHS DEVON ICB - 15N"}[code]
			return n, ok
		},
		ICB: func(code string) (string, bool) { return map[string]string{"15N": "QWE"}[code], code == "15N" },
	}
	got = commissioners(fc, dir)
	want = `[{"odsCode":"15N","name":"NHS DEVON ICB - 15N","nameFrom":"referenceData","icb":"QWE","organisations":["a","d"],"verdicts":{"ready":1,"atRisk":0,"blocked":1},"blockingRules":[{"ruleId":"ERS-CON-002","organisations":1}],"nextLapse":null},` +
		`{"odsCode":"QWE","name":"NHS EXAMPLE INTEGRATED CARE BOARD","nameFrom":"referenceData","icb":null,"organisations":["a","b","c","d"],"verdicts":{"ready":1,"atRisk":2,"blocked":1},"blockingRules":[{"ruleId":"ERS-CON-002","organisations":1}],"nextLapse":{"date":"2027-01-05","organisations":["c"]}}]`
	if b, _ := json.Marshal(got); string(b) != want {
		t.Errorf("with reference data:\n%s\nwant\n%s", b, want)
	}
}

// TestDirectoryOf: the roll-up names a commissioner as the reference data
// does, by its code however written; unknown codes and no data fall back to
// the manifests' names.
func TestDirectoryOf(t *testing.T) {
	if d := DirectoryOf(nil); d.Name != nil || d.ICB != nil {
		t.Fatal("no reference data: want the zero Directory")
	}
	d := DirectoryOf(&refdata.Document{Organisations: map[string]*refdata.Organisation{
		"QWE": {Name: "NHS EXAMPLE INTEGRATED CARE BOARD"},
		"X1":  {Name: strings.Repeat("N", 500)},
	}})
	for _, tt := range []struct {
		code, want string
		ok         bool
	}{
		{"QWE", "NHS EXAMPLE INTEGRATED CARE BOARD", true},
		{" qwe ", "NHS EXAMPLE INTEGRATED CARE BOARD", true},
		{"ZZZ", "", false},
		{"X1", manifest.Clip(strings.Repeat("N", 500)), true},
	} {
		if got, ok := d.Name(tt.code); got != tt.want || ok != tt.ok {
			t.Errorf("Name(%q) = %q, %v; want %q, %v", tt.code, got, ok, tt.want, tt.ok)
		}
	}
}
