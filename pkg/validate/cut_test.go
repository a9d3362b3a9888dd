package validate

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/erslint/erslint/pkg/manifest"
	"go.yaml.in/yaml/v3"
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

// Every list the schema gives a maxItems is cut when over it: the walk that
// looks for one (limitedLists) reaches each place the schema puts one.
func TestEveryLimitedListIsCut(t *testing.T) {
	v, err := New()
	if err != nil {
		t.Fatal(err)
	}
	type place struct {
		path  []string // property names; "[]" for the first item of a list
		limit int
	}
	var places []place
	var walk func(node map[string]any, path []string)
	walk = func(node map[string]any, path []string) {
		if n, ok := node["maxItems"]; ok {
			limit, err := strconv.Atoi(fmt.Sprint(n)) // a json.Number
			if err != nil {
				t.Fatalf("maxItems %v: %v", n, err)
			}
			places = append(places, place{slices.Clone(path), limit})
		}
		if props, ok := node["properties"].(map[string]any); ok {
			for k, sub := range props {
				if m, ok := sub.(map[string]any); ok {
					walk(m, append(path, k))
				}
			}
		}
		if items, ok := node["items"].(map[string]any); ok {
			walk(items, append(path, "[]"))
		}
	}
	walk(v.raw, nil)
	if len(places) < 5 {
		t.Fatalf("%d lists with a maxItems found in the schema, want at least 5", len(places))
	}
	for _, p := range places {
		// The data: the path's mappings and one-item lists, ending in a
		// list one item over its limit.
		var data any = make([]any, p.limit+1)
		for i := range p.limit + 1 {
			data.([]any)[i] = "x"
		}
		want := ""
		for i := len(p.path) - 1; i >= 0; i-- {
			if p.path[i] == "[]" {
				data = []any{data}
			} else {
				data = map[string]any{p.path[i]: data}
			}
		}
		for i, k := range p.path {
			switch {
			case k == "[]":
				want += "[0]"
			case i == 0:
				want += k
			default:
				want += "." + k
			}
		}
		src, err := yaml.Marshal(data)
		if err != nil {
			t.Fatal(err)
		}
		f := manifest.Parse("m.yaml", src, manifest.DefaultLimits)
		if f.Fatal != nil {
			t.Fatalf("%s: parse: %+v", want, f.Fatal)
		}
		_, cut := v.CutLists(f.Documents[0])
		if len(cut) != 1 || cut[0].Path.String() != want {
			var got []string
			for _, c := range cut {
				got = append(got, c.Path.String())
			}
			t.Errorf("%s over its limit of %d: cut %q", want, p.limit, got)
		}
	}
}
