package lsp

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
)

type completionItem struct {
	Label         string         `json:"label"`
	Kind          int            `json:"kind"`
	Detail        string         `json:"detail,omitempty"`
	Documentation map[string]any `json:"documentation,omitempty"`
}

// LSP CompletionItemKind values.
const (
	kindValue      = 12
	kindEnumMember = 20
)

// completion offers, in a waiver's rule, the IDs of the rules that can be
// waived, and in a value the schema enumerates, its values with their
// meanings.
func (s *Server) completion(_ context.Context, params json.RawMessage) (any, error) {
	var p textDocumentPosition
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	s.mu.Lock()
	d, enc, run := s.docs[p.TextDocument.URI], s.enc, s.run
	s.mu.Unlock()
	items := []completionItem{}
	if d == nil {
		return map[string]any{"isIncomplete": false, "items": items}, nil
	}
	c := cursorAt(d.text, offsetOf(d.text, p.Position, enc))
	if !c.inValue || len(c.path) == 0 {
		return map[string]any{"isIncomplete": false, "items": items}, nil
	}
	if len(c.path) == 3 && c.path[0] == "waivers" && c.path[1] == "[]" && c.path[2] == "rule" && run != nil {
		for _, r := range run.Linter.Rules() {
			if !waivable(r.ID) {
				continue
			}
			items = append(items, completionItem{Label: r.ID, Kind: kindValue, Detail: r.Title,
				Documentation: map[string]any{"kind": "markdown", "value": explainMarkdown(r)}})
		}
		return map[string]any{"isIncomplete": false, "items": items}, nil
	}
	n := schemaAt(c.path)
	if n == nil {
		return map[string]any{"isIncomplete": false, "items": items}, nil
	}
	values, _ := n["enum"].([]any)
	if v, ok := n["const"]; ok {
		values = []any{v}
	}
	descs, _ := n["enumDescriptions"].([]any)
	for i, v := range values {
		label, ok := v.(string)
		if !ok {
			continue
		}
		it := completionItem{Label: label, Kind: kindEnumMember}
		if i < len(descs) {
			if desc, ok := descs[i].(string); ok {
				it.Detail = desc
				it.Documentation = map[string]any{"kind": "markdown", "value": desc}
			}
		}
		items = append(items, it)
	}
	if len(items) == 0 && slices.Contains(typesOf(n), "boolean") {
		items = append(items, completionItem{Label: "true", Kind: kindValue}, completionItem{Label: "false", Kind: kindValue})
	}
	return map[string]any{"isIncomplete": false, "items": items}, nil
}

func typesOf(n map[string]any) []string {
	switch t := n["type"].(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, x := range t {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// waivable says whether a waiver may name a rule (spec §3: any rule except
// ERS-SCHEMA-* and ERS-WAIVER-*).
func waivable(id string) bool {
	return !strings.HasPrefix(id, "ERS-SCHEMA-") && !strings.HasPrefix(id, "ERS-WAIVER-")
}
