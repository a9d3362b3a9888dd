package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/manifest"
	"github.com/erslint/erslint/pkg/policy"
	"go.yaml.in/yaml/v3"
)

type textEdit struct {
	Range   Range  `json:"range"`
	NewText string `json:"newText"`
}

type codeAction struct {
	Title       string       `json:"title"`
	Kind        string       `json:"kind"`
	Diagnostics []Diagnostic `json:"diagnostics,omitempty"`
	IsPreferred bool         `json:"isPreferred,omitempty"`
	Edit        struct {
		Changes map[string][]textEdit `json:"changes"`
	} `json:"edit"`
}

// waiverDays is how far ahead of the assessment date a new waiver expires.
const waiverDays = 90

// codeAction offers, for each finding in the range: the keys of its rule's
// example that the document lacks, inserted where they belong, when that
// clears the finding (checked by linting the result); and, for a finding a
// waiver may cover, a waiver for its rule and path whose reason and approver
// the author must fill in (until then ERS-WAIVER-001 says so).
func (s *Server) codeAction(ctx context.Context, params json.RawMessage) (any, error) {
	var p struct {
		TextDocument struct {
			URI string `json:"uri"`
		} `json:"textDocument"`
		Range Range `json:"range"`
	}
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	s.mu.Lock()
	d, enc, run := s.docs[p.TextDocument.URI], s.enc, s.run
	var open []*document
	for _, o := range s.docs {
		if o.uri != p.TextDocument.URI {
			open = append(open, o)
		}
	}
	s.mu.Unlock()
	actions := []codeAction{}
	last := s.sched.lastFor(p.TextDocument.URI)
	if d == nil || run == nil || last == nil || last.text != d.text {
		return actions, nil // diagnostics for this text are not out yet
	}
	rules := rulesByID(run.Linter.Rules())
	var file *manifest.File
	for i, dg := range last.diags {
		if i >= len(last.findings) || !overlaps(dg.Range, p.Range) {
			continue
		}
		f := last.findings[i]
		if file == nil {
			file = manifest.Parse(d.name, []byte(d.text), manifest.Limits{MaxFileBytes: run.MaxFileBytes})
		}
		doc := documentOf(file, f.Document)
		if doc == nil {
			continue
		}
		if r, ok := rules[f.RuleID]; ok && r.Example != "" {
			if edits := exampleEdits(d.text, doc, r, enc); len(edits) > 0 && s.clears(ctx, run, d, open, edits, f, enc) {
				a := codeAction{Title: fmt.Sprintf("Fix %s: add the missing keys from the rule's example", f.RuleID),
					Kind: "quickfix", Diagnostics: []Diagnostic{dg}, IsPreferred: true}
				a.Edit.Changes = map[string][]textEdit{d.uri: edits}
				actions = append(actions, a)
			}
		}
		if waivable(f.RuleID) {
			if edit, ok := waiverEdit(d.text, doc, f, run.AsOf, enc); ok {
				a := codeAction{Title: fmt.Sprintf("Add a waiver for %s at %s (fill in its reason and approver)", f.RuleID, pathOrDocument(f.Path)),
					Kind: "quickfix", Diagnostics: []Diagnostic{dg}}
				a.Edit.Changes = map[string][]textEdit{d.uri: {edit}}
				actions = append(actions, a)
			}
		}
	}
	return actions, nil
}

func pathOrDocument(p finding.Path) string {
	if len(p) == 0 {
		return "the whole document"
	}
	return p.String()
}

func overlaps(a, b Range) bool {
	before := func(x, y Position) bool { return x.Line < y.Line || x.Line == y.Line && x.Character <= y.Character }
	return before(a.Start, b.End) && before(b.Start, a.End)
}

func documentOf(f *manifest.File, index int) *manifest.Document {
	for _, doc := range f.Documents {
		if doc.Index == index && doc.Root != nil && doc.Root.Kind == yaml.MappingNode {
			return doc
		}
	}
	return nil
}

// clears lints the text with edits applied and tells whether the finding is
// gone, so that a fix is offered only when it fixes.
func (s *Server) clears(ctx context.Context, run *Run, d *document, open []*document, edits []textEdit, f finding.Finding, enc string) bool {
	text := applyEdits(d.text, edits, enc)
	fixed := *d
	fixed.text = text
	fs, err := s.sched.evaluate(ctx, run, nil, &fixed, open)
	if err != nil {
		return false
	}
	return !slices.ContainsFunc(fs, func(g finding.Finding) bool {
		return g.RuleID == f.RuleID && g.Document == f.Document && g.Path.String() == f.Path.String()
	})
}

// applyEdits applies non-overlapping edits, last first.
func applyEdits(text string, edits []textEdit, enc string) string {
	type span struct {
		start, end int
		text       string
	}
	var spans []span
	for _, e := range edits {
		spans = append(spans, span{offsetOf(text, e.Range.Start, enc), offsetOf(text, e.Range.End, enc), e.NewText})
	}
	slices.SortStableFunc(spans, func(a, b span) int { return b.start - a.start })
	for _, sp := range spans {
		text = text[:sp.start] + sp.text + text[sp.end:]
	}
	return text
}

// exampleEdits inserts the keys of the rule's example that the document
// lacks, each at the end of the mapping that should hold it, indented as its
// siblings.
func exampleEdits(text string, doc *manifest.Document, r policy.Rule, enc string) []textEdit {
	var ex yaml.Node
	if err := yaml.Unmarshal([]byte(r.Example), &ex); err != nil || len(ex.Content) == 0 || ex.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	inserts := map[int]*strings.Builder{}
	var order []int
	var merge func(have, want *yaml.Node) bool
	merge = func(have, want *yaml.Node) bool {
		if have.Kind != yaml.MappingNode || have.Style&yaml.FlowStyle != 0 || len(have.Content) == 0 {
			return false
		}
		indent := have.Content[0].Column - 1
		at := -1
		for i := 0; i+1 < len(want.Content); i += 2 {
			k, v := want.Content[i], want.Content[i+1]
			if hv := valueOf(have, k.Value); hv != nil {
				if v.Kind == yaml.MappingNode && !merge(hv, v) {
					return false
				}
				continue
			}
			if at < 0 {
				at = blockEnd(text, lintOffset(text, have.Content[0].Line, 1), indent, false)
				if inserts[at] == nil {
					inserts[at] = &strings.Builder{}
					order = append(order, at)
				}
			}
			inserts[at].WriteString(render(k, v, indent))
		}
		return true
	}
	if !merge(doc.Root, ex.Content[0]) {
		return nil
	}
	crlf := strings.Contains(text, "\r\n")
	var edits []textEdit
	for _, at := range order {
		add := inserts[at].String()
		if at > 0 && text[at-1] != '\n' && text[at-1] != '\r' {
			add = "\n" + add
		}
		if crlf {
			add = strings.ReplaceAll(add, "\n", "\r\n")
		}
		p := positionOf(text, at, enc)
		edits = append(edits, textEdit{Range: Range{p, p}, NewText: add})
	}
	return edits
}

func valueOf(m *yaml.Node, key string) *yaml.Node {
	var v *yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			v = m.Content[i+1] // the last of duplicates, as the data reads it
		}
	}
	return v
}

// render writes key: value as block YAML, every line indented by indent.
func render(k, v *yaml.Node, indent int) string {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{k, v}}); err != nil {
		return ""
	}
	pad := strings.Repeat(" ", indent)
	var out strings.Builder
	for _, l := range strings.SplitAfter(b.String(), "\n") {
		if l != "" {
			out.WriteString(pad + l)
		}
	}
	return out.String()
}

// blockEnd is the byte offset just after the last line of the block that
// starts on the line holding start and whose entries are at column indent:
// it ends before a later line indented less (for a list, dash: or as much and
// not a list item), or a document marker.
func blockEnd(text string, start, indent int, dash bool) int {
	i := start
	for i > 0 && text[i-1] != '\n' && text[i-1] != '\r' {
		i--
	}
	end := lineEnd(text, i)
	last := end
	for i = end; i < len(text); {
		i += lspBreak(text, i)
		e := lineEnd(text, i)
		line := text[i:e]
		trimmed := strings.TrimLeft(line, " ")
		ind := len(line) - len(trimmed)
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
		case strings.HasPrefix(line, "---") || strings.HasPrefix(line, "..."):
			return after(text, last)
		case ind < indent, dash && ind == indent && !(trimmed == "-" || strings.HasPrefix(trimmed, "- ")):
			return after(text, last)
		default:
			last = e
		}
		i = e
	}
	return after(text, last)
}

// after is the start of the line after the one ending at end (len(text) at the end).
func after(text string, end int) int {
	if end < len(text) {
		return end + lspBreak(text, end)
	}
	return end
}

// waiverEdit appends a waiver for the finding's rule and path to the
// document's waivers (creating the list when there is none), expiring
// waiverDays after the assessment date, its reason and approver empty for the
// author to fill.
func waiverEdit(text string, doc *manifest.Document, f finding.Finding, asOf string, enc string) (textEdit, bool) {
	day, err := time.Parse(time.DateOnly, asOf)
	if err != nil {
		return textEdit{}, false
	}
	expires := day.AddDate(0, 0, waiverDays).Format(time.DateOnly)
	item := func(indent int) string {
		pad := strings.Repeat(" ", indent)
		var b strings.Builder
		fmt.Fprintf(&b, "%s- rule: %s\n", pad, f.RuleID)
		if len(f.Path) > 0 {
			q, _ := json.Marshal(f.Path.String())
			fmt.Fprintf(&b, "%s  path: %s\n", pad, q)
		}
		fmt.Fprintf(&b, "%s  reason: \"\"      # to fill in: why the exception is accepted, and until what is done\n", pad)
		fmt.Fprintf(&b, "%s  approvedBy: \"\"  # to fill in: who approved it\n", pad)
		fmt.Fprintf(&b, "%s  expires: %q\n", pad, expires)
		return b.String()
	}
	root := doc.Root
	rootIndent := root.Content[0].Column - 1
	var at int
	var add string
	switch w := valueOf(root, "waivers"); {
	case w == nil:
		at = blockEnd(text, lintOffset(text, root.Content[0].Line, 1), rootIndent, false)
		add = strings.Repeat(" ", rootIndent) + "waivers:\n" + item(rootIndent+2)
	case w.Kind == yaml.SequenceNode && w.Style&yaml.FlowStyle == 0 && len(w.Content) > 0:
		at = blockEnd(text, lintOffset(text, w.Line, 1), w.Column-1, true)
		add = item(w.Column - 1)
	case w.Kind == yaml.ScalarNode && w.Tag == "!!null" && (w.Value == "" || w.Value == "~" || w.Value == "null"):
		key := waiversKey(root)
		if w.Value != "" || key == nil {
			return textEdit{}, false
		}
		at = after(text, lineEnd(text, lintOffset(text, key.Line, 1)))
		add = item(key.Column - 1 + 2)
	default:
		return textEdit{}, false
	}
	if at > 0 && text[at-1] != '\n' && text[at-1] != '\r' {
		add = "\n" + add
	}
	if strings.Contains(text, "\r\n") {
		add = strings.ReplaceAll(add, "\n", "\r\n")
	}
	p := positionOf(text, at, enc)
	return textEdit{Range: Range{p, p}, NewText: add}, true
}

func waiversKey(root *yaml.Node) *yaml.Node {
	var k *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "waivers" {
			k = root.Content[i]
		}
	}
	return k
}
