package bundle

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/erslint/erslint/pkg/validate"
)

// schemaTable derives, from the manifest's JSON Schema, what the schema asks at
// each place of a manifest, for the bundle's schema check (rego/schema.rego):
// keys are places with keys joined by dots and * for a list index ("" is the
// document, services.*.contracts.* a contract), values hold the keywords of
// manifest v1 (type as a list, properties as a sorted list with closed when no
// other key is allowed, required, enum, const as {"value": ...}, pattern with
// the words findings use for it, format, minLength, maxLength, maxItems,
// minimum), with $ref
// resolved, and what lets the check skip a value with built-ins only: types
// (type_name's words), integer, strings (a check of strings is there).
func schemaTable(raw []byte) (map[string]any, error) {
	var root map[string]any
	if err := json.Unmarshal(raw, &root); err != nil {
		return nil, fmt.Errorf("read the manifest schema: %w", err)
	}
	defs, _ := root["$defs"].(map[string]any)
	table := map[string]any{}
	var walk func(node map[string]any, place, url string) error
	walk = func(node map[string]any, place, url string) error {
		if ref, ok := node["$ref"].(string); ok {
			name, isDef := strings.CutPrefix(ref, "#/$defs/")
			def, found := defs[name].(map[string]any)
			if !isDef || !found {
				return fmt.Errorf("manifest schema at %s: $ref %q is not one of its $defs", url, ref)
			}
			node, url = def, "#/$defs/"+name
		}
		for key := range node {
			switch key {
			case "$schema", "$id", "$defs", "title", "description", "markdownDescription", "examples", "default",
				"enumDescriptions", "markdownEnumDescriptions", // annotations for editors
				"type", "properties", "additionalProperties", "required", "items", "enum", "const", "pattern",
				"format", "minLength", "maxLength", "maxItems", "minimum":
			default:
				// A keyword the check does not know would pass silently there.
				return fmt.Errorf("manifest schema at %s: keyword %q is not supported by the bundle's schema check", url, key)
			}
		}
		entry := map[string]any{}
		var types []any
		switch t := node["type"].(type) {
		case string:
			types = []any{t}
		case []any:
			types = t
		}
		if types != nil {
			// type as the schema says it, for messages; types as Rego's
			// type_name says it, for the check, integer being a number that
			// is whole.
			entry["type"] = types
			var names []any
			for _, t := range types {
				if t == "integer" {
					t = "number"
					entry["integer"] = true
				}
				names = append(names, t)
			}
			entry["types"] = names
		}
		props, _ := node["properties"].(map[string]any)
		if props != nil {
			entry["properties"] = slices.Sorted(maps.Keys(props))
			entry["closed"] = node["additionalProperties"] == false
		}
		for _, k := range []string{"required", "enum", "format", "minLength", "maxLength", "maxItems", "minimum"} {
			if v, ok := node[k]; ok {
				entry[k] = v
			}
		}
		if v, ok := node["const"]; ok {
			entry["const"] = map[string]any{"value": v}
		}
		if node["format"] != nil || node["pattern"] != nil || node["minLength"] != nil {
			entry["strings"] = true
		}
		if p, ok := node["pattern"].(string); ok {
			entry["pattern"] = p
			entry["patternWords"] = validate.PatternWords(url, p)
		}
		table[place] = entry
		for _, k := range slices.Sorted(maps.Keys(props)) {
			child, _ := props[k].(map[string]any)
			if err := walk(child, join(place, k), url+"/properties/"+k); err != nil {
				return err
			}
		}
		if items, ok := node["items"].(map[string]any); ok {
			if err := walk(items, join(place, "*"), url+"/items"); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(root, "", "#"); err != nil {
		return nil, err
	}
	return table, nil
}

func join(place, key string) string {
	if place == "" {
		return key
	}
	return place + "." + key
}
