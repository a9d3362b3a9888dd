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
		"a severity already (the schema's findings)": {{RuleID: "ERS-SCHEMA-001", Severity: finding.Error, File: file, Line: 2, Column: 3,
			Path: finding.Path{"kind"}, Message: "the document is missing the required key \"kind\""}},
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
			tab := newStrtab()
			b, ok := packFindings(tab, file, fs)
			if !ok {
				t.Fatal("not packed")
			}
			got, err := unpackFindings(tab, file, b)
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
		"another file":     {RuleID: "X", File: "b.yaml"},
		"a waiver already": {RuleID: "X", File: file, Waiver: &finding.Waiver{}},
		"a path element that is neither key nor index": {RuleID: "X", File: file, Path: finding.Path{1.5}},
	}
	for name, f := range tests {
		t.Run(name, func(t *testing.T) {
			if _, ok := packFindings(newStrtab(), file, []finding.Finding{f}); ok {
				t.Error("packed")
			}
		})
	}
}

// Every truncation of a packing is reported as corrupt, never a panic or a
// wrong finding.
func TestUnpackFindingsCorrupt(t *testing.T) {
	tab := newStrtab()
	b, ok := packFindings(tab, "a.yaml", []finding.Finding{{RuleID: "ERS-X-001", File: "a.yaml", Line: 3, Column: 4,
		Path: finding.Path{"a", 1}, Message: "m"}})
	if !ok {
		t.Fatal("not packed")
	}
	for n := range len(b) {
		if _, err := unpackFindings(tab, "a.yaml", b[:n]); err == nil {
			t.Errorf("the first %d of %d bytes unpacked without an error", n, len(b))
		}
	}
	if _, err := unpackFindings(tab, "a.yaml", append(b, 0)); err == nil {
		t.Error("trailing bytes unpacked without an error")
	}
	bad := append([]byte(nil), b...)
	bad[len(bad)-2] = 'x' // the tag of the path's last element, the index 1
	if _, err := unpackFindings(tab, "a.yaml", bad); err == nil {
		t.Error("an unknown path tag unpacked without an error")
	}
}

// A text repeated across documents is kept once, and an unknown text number
// is corrupt.
func TestPackFindingsShareTexts(t *testing.T) {
	tab := newStrtab()
	f := finding.Finding{RuleID: "ERS-ACC-001", File: "a.yaml", Line: 1, Column: 1, Path: finding.Path{"access", "url"},
		Message: "access.url is not set, expected internet-facing"}
	var packed [][]byte
	for range 1000 {
		b, ok := packFindings(tab, "a.yaml", []finding.Finding{f})
		if !ok {
			t.Fatal("not packed")
		}
		packed = append(packed, b)
	}
	if len(tab.strs) != 4 || len(packed[999]) > 16 {
		t.Errorf("%d texts kept, %d bytes a finding; want 4 texts and a few bytes", len(tab.strs), len(packed[999]))
	}
	got, err := unpackFindings(tab, "a.yaml", packed[999])
	if err != nil || !reflect.DeepEqual(got, []finding.Finding{f}) {
		t.Errorf("unpacked %+v, %v", got, err)
	}
	if _, err := unpackFindings(newStrtab(), "a.yaml", packed[0]); err == nil {
		t.Error("unpacked with a table that lacks its texts")
	}
}
