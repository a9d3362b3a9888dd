package validate

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/erslint/erslint/pkg/manifest"
)

// CutLists finds lists over their limit wherever the schema puts one, and a
// document with none costs it no allocation (it runs on every document).
func TestCutListsOnlyWhereOverTheLimit(t *testing.T) {
	v, err := New()
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("../../examples/independent-sector-provider.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	contracts := strings.Index(text, "    contracts:\n") + len("    contracts:\n")
	contract := "      - commissioner: {name: NHS Example ICB, odsCode: QWE}\n        reference: R\n"
	services := strings.Index(text, "services:\n") + len("services:\n")
	service := "  - id: extra\n    name: Extra\n"
	for _, tc := range []struct {
		name string
		src  string
		want []string // paths cut
	}{
		{"example", text, nil},
		{"contracts at the limit", text[:contracts] + strings.Repeat(contract, 99) + text[contracts:], nil},
		{"contracts over", text[:contracts] + strings.Repeat(contract, 100) + text[contracts:], []string{"services[0].contracts"}},
		{"services over", text[:services] + strings.Repeat(service, 1000) + text[services:], []string{"services"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := manifest.Parse("m.yaml", []byte(tc.src), manifest.DefaultLimits)
			if f.Fatal != nil {
				t.Fatalf("parse: %+v", f.Fatal)
			}
			doc := f.Documents[0]
			data, cut := v.CutLists(doc)
			var got []string
			for _, c := range cut {
				got = append(got, c.Path.String())
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("cut %q, want %q", got, tc.want)
			}
			if tc.want == nil {
				if allocs := testing.AllocsPerRun(20, func() { v.CutLists(doc) }); allocs != 0 {
					t.Errorf("%v allocations on a document with no list over its limit", allocs)
				}
				if fmt.Sprintf("%p", data) != fmt.Sprintf("%p", doc.Data) {
					t.Error("the data was copied though nothing was cut")
				}
			}
		})
	}
}
