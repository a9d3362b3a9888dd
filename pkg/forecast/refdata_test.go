package forecast

import (
	"slices"
	"testing"

	"github.com/erslint/erslint/pkg/refdata"
)

// The days an organisation or a commissioner opens or closes are change
// days, within the horizon only; other codes, and no reference data, add none.
func TestCandidatesWithRefData(t *testing.T) {
	data := &refdata.Document{Organisations: map[string]*refdata.Organisation{
		"RXN": {Name: "T", Opened: "1993-04-01", Closed: "2027-01-15"},
		"QE1": {Name: "ICB", Opened: "2026-12-20"},
		"01K": {Name: "CCG", Opened: "2013-04-01", Closed: "2027-06-30"},
		"ZZZ": {Name: "Other", Opened: "2026-12-10"},
	}}
	doc := map[string]any{
		"organisation": map[string]any{"odsCode": " rxn"},
		"services": []any{map[string]any{"contracts": []any{
			map[string]any{"commissioner": map[string]any{"odsCode": "QE1"}},
			map[string]any{"commissioner": map[string]any{"odsCode": "01K"}},
			map[string]any{"commissioner": "QE1"},
		}}},
	}
	opts := Options{AsOf: "2026-12-01", Until: "2027-03-01", RefData: data}
	if got, want := Candidates(doc, opts), []string{"2026-12-20", "2027-01-15"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	opts.RefData = nil
	if got := Candidates(doc, opts); len(got) != 0 {
		t.Errorf("without reference data: %v", got)
	}
}
