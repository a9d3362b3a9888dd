package validate

import (
	"fmt"
	"maps"
	"slices"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/manifest"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// CutLists returns doc's data with every list longer than its schema's
// maxItems cut to its first maxItems items, and for each list cut one
// ERS-SCHEMA-001 finding at the list saying so. Checking the rest would only
// repeat findings: 60,000 contracts gave 180,000 findings, a 40 MB report and
// 708 MB. The data is copied only along the paths to the lists cut; doc is
// not changed. Validate and the rules then read the data returned, so the
// schema's own maxItems error is this finding.
func (v *Validator) CutLists(doc *manifest.Document) (any, []finding.Finding) {
	if !v.lists.overLimit(v.schema, doc.Data, 0) {
		return doc.Data, nil // the usual case, found without building a path
	}
	var out []finding.Finding
	data, _ := cutLists(v.schema, doc.Data, nil, func(path finding.Path, got, limit int) {
		line, col := doc.Position(path)
		out = append(out, newFinding(doc, path, line, col, fmt.Sprintf(
			"%s lists %d items, over the limit of %d (far more than any organisation has); only its first %d were checked, "+
				"by the schema and the rules: check how the list was made, or split the organisation's manifest",
			fieldName(path), got, limit, limit)))
	}, 0)
	return data, out
}

// fieldName is a path as messages name a field: services, services[0].contracts.
func fieldName(path finding.Path) string {
	if s := path.String(); s != "" {
		return s
	}
	return "the document"
}

// limitedLists is, for each subschema with a maxItems at or below it (through
// the references, allOf, properties and items cutLists follows), its
// properties that lead to one, in the schema's order: overLimit walks only
// those parts of a document. Most of a manifest has no limited list below it,
// and looking up every property of every mapping was 2% of a lint.
type limitedLists map[*jsonschema.Schema][]limitedProperty

type limitedProperty struct {
	key string
	sub *jsonschema.Schema
}

// findLimitedLists finds the subschemas of root with a maxItems at or below
// them. It repeats until nothing changes, so that a schema that refers back
// to itself is marked too.
func findLimitedLists(root *jsonschema.Schema) limitedLists {
	var all []*jsonschema.Schema
	seen := map[*jsonschema.Schema]bool{}
	var visit func(*jsonschema.Schema)
	visit = func(s *jsonschema.Schema) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		all = append(all, s)
		for _, sub := range children(s) {
			visit(sub)
		}
	}
	visit(root)
	limited := map[*jsonschema.Schema]bool{}
	for changed := true; changed; {
		changed = false
		for _, s := range all {
			if limited[s] {
				continue
			}
			if s.MaxItems != nil || slices.ContainsFunc(children(s), func(sub *jsonschema.Schema) bool { return limited[sub] }) {
				limited[s], changed = true, true
			}
		}
	}
	out := limitedLists{}
	for _, s := range all {
		if !limited[s] {
			continue
		}
		props := []limitedProperty{}
		for _, key := range slices.Sorted(maps.Keys(s.Properties)) {
			if limited[s.Properties[key]] {
				props = append(props, limitedProperty{key, s.Properties[key]})
			}
		}
		out[s] = props
	}
	return out
}

// children are the subschemas cutLists follows from s.
func children(s *jsonschema.Schema) []*jsonschema.Schema {
	var out []*jsonschema.Schema
	if s.Ref != nil {
		out = append(out, s.Ref)
	}
	out = append(out, s.AllOf...)
	for _, sub := range s.Properties {
		out = append(out, sub)
	}
	if s.Items2020 != nil {
		out = append(out, s.Items2020)
	}
	return out
}

// overLimit reports whether cutLists would cut anything in data: the same
// walk, through the parts of the schema with a limited list only, allocating
// nothing.
func (l limitedLists) overLimit(s *jsonschema.Schema, data any, depth int) bool {
	props, limited := l[s]
	if !limited || depth > 64 {
		return false
	}
	if s.Ref != nil && l.overLimit(s.Ref, data, depth+1) {
		return true
	}
	for _, sub := range s.AllOf {
		if l.overLimit(sub, data, depth+1) {
			return true
		}
	}
	switch d := data.(type) {
	case map[string]any:
		for _, p := range props {
			if value, ok := d[p.key]; ok && l.overLimit(p.sub, value, depth+1) {
				return true
			}
		}
	case []any:
		if s.MaxItems != nil && len(d) > *s.MaxItems {
			return true
		}
		if s.Items2020 != nil {
			for _, item := range d {
				if l.overLimit(s.Items2020, item, depth+1) {
					return true
				}
			}
		}
	}
	return false
}

// cutLists walks data with the schema s that applies to it, and reports
// whether it cut anything (the value returned is then a copy). depth bounds
// the walk through references (the manifest schema has no recursion; a schema
// that had some must not loop).
func cutLists(s *jsonschema.Schema, data any, path finding.Path, cut func(finding.Path, int, int), depth int) (any, bool) {
	if s == nil || depth > 64 {
		return data, false
	}
	changed := false
	if s.Ref != nil {
		var c bool
		data, c = cutLists(s.Ref, data, path, cut, depth+1)
		changed = changed || c
	}
	for _, sub := range s.AllOf {
		var c bool
		data, c = cutLists(sub, data, path, cut, depth+1)
		changed = changed || c
	}
	switch d := data.(type) {
	case map[string]any:
		var copied map[string]any
		for key, sub := range s.Properties {
			value, ok := d[key]
			if !ok {
				continue
			}
			if next, c := cutLists(sub, value, append(path[:len(path):len(path)], key), cut, depth+1); c {
				if copied == nil {
					copied = make(map[string]any, len(d))
					for k, v := range d {
						copied[k] = v
					}
				}
				copied[key] = next
			}
		}
		if copied != nil {
			return copied, true
		}
	case []any:
		if s.MaxItems != nil && len(d) > *s.MaxItems {
			cut(path, len(d), *s.MaxItems)
			d, changed = d[:*s.MaxItems:*s.MaxItems], true
		}
		if s.Items2020 != nil {
			var copied []any
			for i, item := range d {
				if next, c := cutLists(s.Items2020, item, append(path[:len(path):len(path)], i), cut, depth+1); c {
					if copied == nil {
						copied = append([]any(nil), d...)
					}
					copied[i] = next
				}
			}
			if copied != nil {
				return copied, true
			}
		}
		return d, changed
	}
	return data, changed
}
