package schema

import (
	"encoding/json"
	"fmt"
	"testing"
)

// Editors show a property's description on hover and an enumeration value's
// enumDescriptions entry in completion and hover (yaml-language-server, VS
// Code): every property and every value of both schemas must say what it is.
func TestEveryPropertyAndValueIsDescribed(t *testing.T) {
	for name, src := range map[string][]byte{"manifest-v1.schema.json": ManifestV1, "config.schema.json": Config} {
		t.Run(name, func(t *testing.T) {
			var root any
			if err := json.Unmarshal(src, &root); err != nil {
				t.Fatal(err)
			}
			props, enums := 0, 0
			var walk func(node any, at string)
			walk = func(node any, at string) {
				switch n := node.(type) {
				case []any:
					for i, v := range n {
						walk(v, fmt.Sprintf("%s/%d", at, i))
					}
				case map[string]any:
					if p, ok := n["properties"].(map[string]any); ok {
						for key, sub := range p {
							props++
							s, _ := sub.(map[string]any)
							if d, _ := s["description"].(string); len(d) < 10 {
								t.Errorf("%s/properties/%s: no description (editors show it on hover)", at, key)
							}
						}
					}
					if e, ok := n["enum"].([]any); ok {
						enums++
						ds, _ := n["enumDescriptions"].([]any)
						if len(ds) != len(e) {
							t.Errorf("%s: enum of %d values has %d enumDescriptions; give one per value, in order", at, len(e), len(ds))
						}
						for i, d := range ds {
							if s, _ := d.(string); len(s) < 5 {
								t.Errorf("%s: enumDescriptions[%d] (for %v) is empty", at, i, e[min(i, len(e)-1)])
							}
						}
					}
					for k, v := range n {
						walk(v, at+"/"+k)
					}
				}
			}
			walk(root, "#")
			if props == 0 || enums == 0 {
				t.Fatalf("found %d properties and %d enumerations: the walk is broken", props, enums)
			}
		})
	}
}
