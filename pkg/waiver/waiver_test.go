package waiver

import (
	"reflect"
	"testing"

	"github.com/erslint/erslint/pkg/finding"
)

func TestParsePath(t *testing.T) {
	tests := map[string]finding.Path{
		"":                             nil,
		"governance":                   {"governance"},
		"services[1]":                  {"services", 1},
		"services[1].contracts[0].end": {"services", 1, "contracts", 0, "end"},
		"a[0][2]":                      {"a", 0, 2},
	}
	for in, want := range tests {
		if got := ParsePath(in); !reflect.DeepEqual(got, want) {
			t.Errorf("ParsePath(%q) = %#v, want %#v", in, got, want)
		}
	}
	for _, bad := range []string{"services[x]", "a..b", "[0]"} {
		if p := ParsePath(bad); len(p) != 1 {
			t.Errorf("ParsePath(%q) = %v, want one element that matches nothing", bad, p)
		}
	}
}

func TestApply(t *testing.T) {
	at := func(rule string, path ...any) finding.Finding {
		return finding.Finding{RuleID: rule, File: "m.yaml", Path: path}
	}
	w := func(i int, rule, path string) Waiver {
		return Waiver{Index: i, Rule: rule, PathText: path, Path: ParsePath(path), Reason: "r", Line: 40 + i, Col: 5}
	}
	tests := []struct {
		name       string
		waivers    []Waiver
		findings   []finding.Finding
		suppressed []bool   // per input finding
		stale      []string // messages of ERS-WAIVER-003 findings added
	}{
		{
			name:       "path covers the finding and anything below it",
			waivers:    []Waiver{w(0, "ERS-CON-002", "services[1]")},
			findings:   []finding.Finding{at("ERS-CON-002", "services", 1, "contracts", 0, "end"), at("ERS-CON-002", "services", 0, "contracts", 0, "end")},
			suppressed: []bool{true, false},
		},
		{
			name:       "no path covers every finding of the rule",
			waivers:    []Waiver{w(0, "ERS-GOV-003", "")},
			findings:   []finding.Finding{at("ERS-GOV-003", "governance", "screenFilters"), at("ERS-GOV-001", "governance")},
			suppressed: []bool{true, false},
		},
		{
			name:       "schema and waiver findings cannot be waived",
			waivers:    []Waiver{w(0, "ERS-SCHEMA-001", "")},
			findings:   []finding.Finding{at("ERS-SCHEMA-001", "stage")},
			suppressed: []bool{false},
			stale:      []string{"waiver for ERS-SCHEMA-001 matches no finding anywhere in this manifest; remove it, or correct its rule or path"},
		},
		{
			name:       "an expired waiver does not suppress and is not stale",
			waivers:    []Waiver{w(0, "ERS-GOV-003", "")},
			findings:   []finding.Finding{at("ERS-GOV-003", "governance", "screenFilters"), at(ExpiredRule, "waivers", 0, "expires")},
			suppressed: []bool{false, false},
		},
		{
			name:       "an invalid waiver does not suppress and is not stale",
			waivers:    []Waiver{w(0, "ERS-GOV-003", "")},
			findings:   []finding.Finding{at("ERS-GOV-003", "governance"), at(InvalidRule, "waivers", 0, "reason")},
			suppressed: []bool{false, false},
		},
		{
			name:       "a waiver that matches nothing is stale",
			waivers:    []Waiver{w(0, "ERS-GOV-003", "governance"), w(1, "ERS-CON-003", "services[0]")},
			findings:   []finding.Finding{at("ERS-GOV-003", "governance", "screenFilters"), at("ERS-CON-003", "services", 1, "contracts", 0)},
			suppressed: []bool{true, false},
			stale:      []string{"waiver for ERS-CON-003 matches no finding at or below services[0]; remove it, or correct its rule or path"},
		},
		{
			name:       "a waiver whose path cannot be read says so",
			waivers:    []Waiver{w(0, "ERS-CON-003", "services[first]")},
			findings:   []finding.Finding{at("ERS-CON-003", "services", 0, "contracts", 0)},
			suppressed: []bool{false},
			stale:      []string{`waiver for ERS-CON-003 matches no finding: its path "services[first]" is not a path such as services[0].contracts[1].end (keys joined by dots, list positions in brackets); correct the path, or remove it to waive the rule anywhere in this manifest`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := append([]finding.Finding(nil), tt.findings...)
			out := Apply("m.yaml", 0, tt.waivers, in)
			for i, want := range tt.suppressed {
				if got := out[i].Suppressed(); got != want {
					t.Errorf("finding %d (%s %s): suppressed = %v, want %v", i, out[i].RuleID, out[i].Path, got, want)
				}
			}
			var stale []string
			for _, f := range out[len(tt.findings):] {
				if f.RuleID != StaleRule || f.Line < 40 {
					t.Errorf("added finding %+v, want a stale-waiver finding at the waiver", f)
				}
				stale = append(stale, f.Message)
			}
			if !reflect.DeepEqual(stale, tt.stale) {
				t.Errorf("stale = %q, want %q", stale, tt.stale)
			}
		})
	}
}

func TestParseReadsWaiversWithTheirPlace(t *testing.T) {
	data := map[string]any{"waivers": []any{
		map[string]any{"rule": "ERS-GOV-003", "path": "governance", "reason": "r", "approvedBy": "a", "expires": "2027-01-01"},
		"not a mapping",
	}}
	ws := Parse(data, func(p finding.Path) (int, int) { return 10 + p[1].(int), 3 })
	if len(ws) != 2 || ws[0].Rule != "ERS-GOV-003" || !reflect.DeepEqual(ws[0].Path, finding.Path{"governance"}) || ws[0].Line != 10 || ws[1].Line != 11 {
		t.Errorf("Parse = %+v", ws)
	}
}
