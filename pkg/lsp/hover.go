package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/erslint/erslint/pkg/policy"
	"github.com/erslint/erslint/pkg/ruledoc"
	"github.com/erslint/erslint/schema"
)

// manifestSchema is the embedded JSON Schema, read once.
var manifestSchema = sync.OnceValues(func() (map[string]any, error) {
	var m map[string]any
	if err := json.Unmarshal(schema.ManifestV1, &m); err != nil {
		return nil, fmt.Errorf("embedded schema: %w", err)
	}
	return m, nil
})

// schemaAt is the schema of the value at path ("[]" for a list item), nil
// when the schema has none.
func schemaAt(path []string) map[string]any {
	root, err := manifestSchema()
	if err != nil {
		return nil
	}
	n := root
	for _, el := range path {
		n = resolveRef(root, n)
		if n == nil {
			return nil
		}
		if el == "[]" {
			n, _ = n["items"].(map[string]any)
		} else {
			props, _ := n["properties"].(map[string]any)
			n, _ = props[el].(map[string]any)
		}
	}
	return resolveRef(root, n)
}

// resolveRef follows a local $ref, keeping the referring node's description.
func resolveRef(root, n map[string]any) map[string]any {
	for i := 0; n != nil && i < 10; i++ {
		ref, ok := n["$ref"].(string)
		if !ok || !strings.HasPrefix(ref, "#/") {
			return n
		}
		target := root
		for _, part := range strings.Split(ref[2:], "/") {
			target, _ = target[part].(map[string]any)
		}
		if target == nil {
			return n
		}
		if desc, ok := n["description"]; ok {
			merged := map[string]any{}
			for k, v := range target {
				merged[k] = v
			}
			merged["description"] = desc
			target = merged
		}
		n = target
	}
	return n
}

type textDocumentPosition struct {
	TextDocument struct {
		URI string `json:"uri"`
	} `json:"textDocument"`
	Position Position `json:"position"`
}

// hover shows, on a finding, its rule as `erslint explain` does (title,
// why, how to fix); on a key, the schema's description of it.
func (s *Server) hover(_ context.Context, params json.RawMessage) (any, error) {
	var p textDocumentPosition
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	s.mu.Lock()
	d, enc, run := s.docs[p.TextDocument.URI], s.enc, s.run
	s.mu.Unlock()
	if d == nil {
		return nil, nil
	}
	var parts []string
	if last := s.sched.lastFor(d.uri); last != nil && last.text == d.text && run != nil {
		rules := rulesByID(run.Linter.Rules())
		seen := map[string]bool{}
		for _, dg := range last.diags {
			if !within(p.Position, dg.Range) || seen[dg.Code] {
				continue
			}
			seen[dg.Code] = true
			if r, ok := rules[dg.Code]; ok {
				parts = append(parts, explainMarkdown(r))
			}
		}
	}
	off := offsetOf(d.text, p.Position, enc)
	if c := cursorAt(d.text, off); c.onKey && len(c.path) > 0 {
		if n := schemaAt(c.path); n != nil {
			if desc, _ := n["description"].(string); desc != "" {
				parts = append(parts, fmt.Sprintf("**%s**\n\n%s", strings.Join(c.path, "."), desc))
			}
		}
	}
	if len(parts) == 0 {
		return nil, nil
	}
	return map[string]any{"contents": map[string]any{"kind": "markdown", "value": strings.Join(parts, "\n\n---\n\n")}}, nil
}

func within(p Position, r Range) bool {
	before := func(a, b Position) bool { return a.Line < b.Line || a.Line == b.Line && a.Character <= b.Character }
	return before(r.Start, p) && before(p, r.End)
}

func rulesByID(rules []policy.Rule) map[string]policy.Rule {
	m := make(map[string]policy.Rule, len(rules))
	for _, r := range rules {
		m[r.ID] = r
	}
	return m
}

// explainMarkdown is a rule's `erslint explain` page, for a hover or a
// completion item's documentation.
func explainMarkdown(r policy.Rule) string {
	var b strings.Builder
	if err := ruledoc.Explain(&b, r); err != nil {
		return r.ID + ": " + r.Title
	}
	return "```text\n" + strings.ReplaceAll(b.String(), "```", "` ` `") + "```\n"
}
