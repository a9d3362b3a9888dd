package validate

import (
	"fmt"

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
	if !overLimit(v.schema, doc.Data, 0) {
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

// overLimit reports whether cutLists would cut anything in data: the same
// walk, allocating nothing.
func overLimit(s *jsonschema.Schema, data any, depth int) bool {
	if s == nil || depth > 64 {
		return false
	}
	if s.Ref != nil && overLimit(s.Ref, data, depth+1) {
		return true
	}
	for _, sub := range s.AllOf {
		if overLimit(sub, data, depth+1) {
			return true
		}
	}
	switch d := data.(type) {
	case map[string]any:
		for key, sub := range s.Properties {
			if value, ok := d[key]; ok && overLimit(sub, value, depth+1) {
				return true
			}
		}
	case []any:
		if s.MaxItems != nil && len(d) > *s.MaxItems {
			return true
		}
		if s.Items2020 != nil {
			for _, item := range d {
				if overLimit(s.Items2020, item, depth+1) {
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
