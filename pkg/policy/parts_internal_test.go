package policy

import (
	"testing"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/open-policy-agent/opa/v1/ast"
)

// Only keeps the sections the parts are in, the list items on the way to
// them (the others null, each kept item at its index) and every mapping on
// the way whole, and counts what it keeps.
func TestInputOnly(t *testing.T) {
	doc := map[string]any{
		"stage": "live",
		"services": []any{
			map[string]any{"id": "a", "contracts": []any{map[string]any{"end": "2027-01-01"}, map[string]any{"end": "2027-02-01"}}},
			map[string]any{"id": "b", "contracts": []any{map[string]any{"end": "2027-03-01"}}},
			map[string]any{"id": "c"},
		},
		"governance": map[string]any{"dspt": map[string]any{"publishedOn": "2026-06-20", "status": "standards-met"}},
	}
	for _, tc := range []struct {
		name  string
		parts []finding.Path
		want  string
		n     int
	}{
		{"one contract", []finding.Path{{"services", 0, "contracts", 1, "end"}},
			`{"services": [{"id": "a", "contracts": [null, {"end": "2027-02-01"}]}]}`, 10},
		{"two services", []finding.Path{{"services", 1, "contracts", 0}, {"services", 0, "contracts", 0, "end"}},
			`{"services": [{"id": "a", "contracts": [{"end": "2027-01-01"}]}, {"id": "b", "contracts": [{"end": "2027-03-01"}]}]}`, 16},
		{"a section", []finding.Path{{"governance", "dspt", "publishedOn"}},
			`{"governance": {"dspt": {"publishedOn": "2026-06-20", "status": "standards-met"}}}`, 5},
		{"a section not there", []finding.Path{{"waivers", 0, "expires"}}, `{}`, 1},
		{"an index past the list", []finding.Path{{"services", 7, "contracts"}}, `{"services": []}`, 2},
		{"a key in a list", []finding.Path{{"services", "id"}}, `{"services": []}`, 2},
		{"the whole document", []finding.Path{{"services", 0}, {}}, "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, err := NewInput(doc)
			if err != nil {
				t.Fatal(err)
			}
			got, n := in.Only(tc.parts)
			if tc.want == "" {
				if got != in || n != countTerms(in.value) {
					t.Fatalf("got %v (%d values), want the document whole (%d)", got.value, n, countTerms(in.value))
				}
				return
			}
			if want := ast.MustParseTerm(tc.want); ast.Compare(got.value, want.Value) != 0 || n != tc.n {
				t.Errorf("got %v (%d values), want %v (%d)", got.value, n, want, tc.n)
			}
		})
	}
	// What has nothing cut below it is kept, not copied.
	in, err := NewInput(doc)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := in.Only([]finding.Path{{"services", 0, "contracts", 1, "end"}, {"governance", "dspt", "status"}})
	at := func(v ast.Value, path string) *ast.Term {
		t.Helper()
		term, err := v.Find(ast.MustParseRef("x." + path)[1:])
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return ast.NewTerm(term)
	}
	for _, path := range []string{"services[0].contracts[1]", "governance"} {
		if a, b := at(got.value, path), at(in.value, path); a.Value != b.Value {
			t.Errorf("%s is a copy", path)
		}
	}
}
