package lint

import (
	"reflect"
	"slices"
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

// A report's findings, decided, keep their waivers packed (of their own
// file), and read back a file at a time in the order they were added, each
// file's sorted; with the counts the summaries print.
func TestPackedReport(t *testing.T) {
	waiver := &finding.Waiver{Reason: "agreed with the ICB", ApprovedBy: "J. Smith", Expires: "2027-01-31", File: "a.yaml", Line: 40}
	a := []finding.Finding{
		{RuleID: "ERS-CON-002", Severity: finding.Error, File: "a.yaml", Line: 9, Column: 3, Path: finding.Path{"services", 0, "end"}, Message: "ended"},
		{RuleID: "ERS-ACC-001", Severity: finding.Warning, File: "a.yaml", Document: 1, Line: 30, Column: 1, Message: "waived", Waiver: waiver},
		{RuleID: "ERS-ACC-001", Severity: finding.Info, File: "a.yaml", Line: 2, Column: 1, Path: finding.Path{"access"}, Message: "advice"},
	}
	b := []finding.Finding{{RuleID: "ERS-SCHEMA-001", Severity: finding.Error, File: "b.yaml", Line: 1, Column: 1, Message: "empty"}}
	p := newPackedReport(newStrtab(), 2)
	p.add("a.yaml", slices.Clone(a))
	p.add("b.yaml", slices.Clone(b))
	p.add("c.yaml", nil) // no findings: no file
	rep := &Report{packed: p}
	want := append(slices.Clone(a), b...)
	finding.Sort(want)
	var got []finding.Finding
	var starts []int
	err := rep.EachFile(func(start int, fs []finding.Finding) error {
		starts = append(starts, start)
		got = append(got, fs...)
		return nil
	})
	if err != nil || !reflect.DeepEqual(got, want) || !slices.Equal(starts, []int{0, 3}) {
		t.Errorf("read %+v from %v, %v;\nwant %+v from [0 3]", got, starts, err, want)
	}
	if rep.NumFindings() != 4 || rep.Suppressed() != 1 || !reflect.DeepEqual(rep.Counts(), map[finding.Severity]int{finding.Error: 2, finding.Info: 1}) ||
		!rep.Fails(finding.Error) || rep.Fails(finding.None) {
		t.Errorf("counts %v, %d suppressed, %d findings", rep.Counts(), rep.Suppressed(), rep.NumFindings())
	}
	all, err := rep.Unpacked()
	if err != nil || all.Packed() || !reflect.DeepEqual(all.Findings, want) || !rep.Packed() {
		t.Errorf("unpacked %+v, %v", all.Findings, err)
	}
	// A waiver of another file does not fit the packing: kept as it is.
	odd := []finding.Finding{{RuleID: "X", File: "d.yaml", Waiver: &finding.Waiver{File: "e.yaml"}}}
	p.add("d.yaml", slices.Clone(odd))
	if got, err := p.read(2); err != nil || !reflect.DeepEqual(got, odd) {
		t.Errorf("read %+v, %v; want %+v", got, err, odd)
	}
	// A packing cut short is an error, never a wrong finding.
	p.files[0].b = p.files[0].b[:len(p.files[0].b)-1]
	if err := rep.Each(func(int, finding.Finding) error { return nil }); err == nil {
		t.Error("a corrupt packing read without an error")
	}
}
