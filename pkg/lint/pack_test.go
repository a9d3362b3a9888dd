package lint

import (
	"reflect"
	"testing"

	"github.com/erslint/erslint/pkg/finding"
)

func TestPackFindingsRoundTrip(t *testing.T) {
	const file = "orgs/a.yaml"
	tests := map[string][]finding.Finding{
		"one finding without a path": {{RuleID: "ERS-SCHEMA-001", File: file, Line: 1, Column: 1, Message: "document is empty"}},
		"keys, indexes and text that is not ASCII": {
			{RuleID: "ERS-CON-002", File: file, Document: 2, Line: 40, Column: 11,
				Path: finding.Path{"services", 3, "contracts", 0, "end"}, Message: "contract “R-1” ended on 2026-01-31"},
			{RuleID: "ERS-ODS-001", File: file, Document: 2, Line: 7, Column: 12, Path: finding.Path{"organisation", "odsCode"},
				Message: ""},
		},
		"large and negative numbers": {{RuleID: "X", File: file, Line: 1 << 40, Column: -1, Document: 999,
			Path: finding.Path{"", -5, 1 << 33}}},
	}
	for name, fs := range tests {
		t.Run(name, func(t *testing.T) {
			b, ok := packFindings(file, fs)
			if !ok {
				t.Fatal("not packed")
			}
			got, err := unpackFindings(file, b)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, fs) {
				t.Errorf("round trip:\n got %#v\nwant %#v", got, fs)
			}
		})
	}
}

// What packing cannot hold exactly is left unpacked, never changed.
func TestPackFindingsRefusesWhatItCannotHold(t *testing.T) {
	const file = "a.yaml"
	tests := map[string]finding.Finding{
		"another file":       {RuleID: "X", File: "b.yaml"},
		"a severity already": {RuleID: "X", File: file, Severity: finding.Error},
		"a waiver already":   {RuleID: "X", File: file, Waiver: &finding.Waiver{}},
		"a path element that is neither key nor index": {RuleID: "X", File: file, Path: finding.Path{1.5}},
	}
	for name, f := range tests {
		t.Run(name, func(t *testing.T) {
			if _, ok := packFindings(file, []finding.Finding{f}); ok {
				t.Error("packed")
			}
		})
	}
}

// Every truncation of a packing is reported as corrupt, never a panic or a
// wrong finding.
func TestUnpackFindingsCorrupt(t *testing.T) {
	b, ok := packFindings("a.yaml", []finding.Finding{{RuleID: "ERS-X-001", File: "a.yaml", Line: 3, Column: 4,
		Path: finding.Path{"a", 1}, Message: "m"}})
	if !ok {
		t.Fatal("not packed")
	}
	for n := range len(b) {
		if _, err := unpackFindings("a.yaml", b[:n]); err == nil {
			t.Errorf("the first %d of %d bytes unpacked without an error", n, len(b))
		}
	}
	if _, err := unpackFindings("a.yaml", append(b, 0)); err == nil {
		t.Error("trailing bytes unpacked without an error")
	}
	bad := append([]byte(nil), b...)
	bad[len(bad)-2] = 'x' // the tag of the path's last element, the index 1
	if _, err := unpackFindings("a.yaml", bad); err == nil {
		t.Error("an unknown path tag unpacked without an error")
	}
}
