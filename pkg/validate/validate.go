// Package validate checks manifests against the embedded JSON Schema and turns
// each schema error into an ERS-SCHEMA-001 finding at the YAML node it is about,
// with a message a person reads.
package validate

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/manifest"
	"github.com/erslint/erslint/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"go.yaml.in/yaml/v3"
)

// RuleID is the rule every schema and YAML error is reported under.
const RuleID = "ERS-SCHEMA-001"

// Validator holds the compiled schema. It is safe for concurrent use.
type Validator struct {
	schema *jsonschema.Schema
	raw    map[string]any // the schema as data, to name the keys a mapping allows
	lists  limitedLists
}

// New compiles the embedded manifest schema.
func New() (*Validator, error) { return Compile(schema.ManifestV1ID, schema.ManifestV1) }

// Compile compiles a JSON Schema (draft 2020-12) held in raw, identified by id.
func Compile(id string, raw []byte) (*Validator, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("read schema %s: %w", id, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(id, doc); err != nil {
		return nil, fmt.Errorf("load schema %s: %w", id, err)
	}
	sch, err := c.Compile(id)
	if err != nil {
		return nil, fmt.Errorf("compile schema %s: %w", id, err)
	}
	data, _ := doc.(map[string]any)
	return &Validator{schema: sch, raw: data, lists: findLimitedLists(sch)}, nil
}

// Validate returns one finding per schema error in doc, sorted by position.
// File, Document and Severity are filled in; stage does not demote schema errors.
func (v *Validator) Validate(doc *manifest.Document) []finding.Finding {
	out := v.schemaErrors(doc)
	out = append(out, yamlTraps(doc, out)...)
	out = append(out, duplicateServiceIDs(doc)...)
	finding.Sort(out)
	return out
}

func (v *Validator) schemaErrors(doc *manifest.Document) []finding.Finding {
	err := v.schema.Validate(doc.Data)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		line, col := doc.Position(nil)
		return []finding.Finding{newFinding(doc, nil, line, col, "schema check failed: "+err.Error())}
	}
	var out []finding.Finding
	seen := map[string]bool{}
	// A value the loader already reported (a number too large to be exact, .inf)
	// is explained there, with its fix; the schema's complaint about the same value
	// would only repeat it less clearly.
	for _, p := range doc.Problems {
		if p.Value {
			seen[fmt.Sprintf("%d:%d", p.Line, p.Column)] = true
		}
	}
	for _, leaf := range leaves(ve) {
		for _, f := range v.explain(doc, leaf) {
			key := fmt.Sprintf("%d:%d:%s", f.Line, f.Column, f.Message)
			if _, unknownKey := leaf.ErrorKind.(*kind.AdditionalProperties); !unknownKey && seen[fmt.Sprintf("%d:%d", f.Line, f.Column)] {
				continue
			}
			if !seen[key] {
				seen[key] = true
				out = append(out, f)
			}
		}
	}
	return out
}

// yamlTraps reports values the schema accepted that YAML tools disagree on
// (spec §4): a plain yes, no, on, off, y or n taken as text (erslint reads YAML
// 1.2, where it is text, but YAML 1.1 tools such as PyYAML read a boolean), and a
// plain number with a leading zero (octal to some tools, decimal to others).
// Values already reported, or under an unknown key, are left to that finding.
func yamlTraps(doc *manifest.Document, reported []finding.Finding) []finding.Finding {
	if doc.Root == nil {
		return nil
	}
	reportedAt := map[[2]int]bool{}
	unknown := map[string]bool{}
	for _, f := range reported {
		reportedAt[[2]int{f.Line, f.Column}] = true
		if strings.HasPrefix(f.Message, "unknown key ") {
			unknown[f.Path.String()] = true
		}
	}
	var out []finding.Finding
	var at finding.PathStack // the way to the node walked
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if k := n.Content[i]; k.Kind == yaml.ScalarNode && k.ShortTag() == "!!str" {
					at.PushKey(k.Value)
					if len(unknown) == 0 || !unknown[at.Path().String()] {
						walk(n.Content[i+1])
					}
					at.Pop()
				}
			}
		case yaml.SequenceNode:
			for i, item := range n.Content {
				at.PushIndex(i)
				walk(item)
				at.Pop()
			}
		case yaml.ScalarNode:
			if n.Style != 0 || reportedAt[[2]int{n.Line, n.Column}] {
				return
			}
			switch tag := n.ShortTag(); {
			case tag == "!!str" && isYAML11Bool(n.Value):
				p := at.Path()
				out = append(out, newFinding(doc, p, n.Line, n.Column, fmt.Sprintf(
					"%s is the text %q here, but YAML 1.1 tools read %s as a boolean: quote it, \"%s\"",
					describe(p), n.Value, n.Value, n.Value)))
			case (tag == "!!int" || tag == "!!float") && leadingZero.MatchString(n.Value):
				p := at.Path()
				out = append(out, newFinding(doc, p, n.Line, n.Column, fmt.Sprintf(
					"%s is written %s: with its leading zero some YAML tools read it as octal and others as decimal; write %s, or quote it if it is a code",
					describe(p), n.Value, strings.TrimLeft(n.Value, "0"))))
			}
		}
	}
	walk(doc.Root)
	return out
}

var leadingZero = regexp.MustCompile(`^0[0-9_]+$`)

// duplicateServiceIDs reports a service id used twice in one manifest (spec §1:
// unique within the manifest), at the second one, naming the first.
func duplicateServiceIDs(doc *manifest.Document) []finding.Finding {
	m, _ := doc.Data.(map[string]any)
	services, _ := m["services"].([]any)
	first := map[string]int{}
	var out []finding.Finding
	for i, s := range services {
		svc, _ := s.(map[string]any)
		id, ok := svc["id"].(string)
		if !ok {
			continue
		}
		j, dup := first[id]
		if !dup {
			first[id] = i
			continue
		}
		path := finding.Path{"services", i, "id"}
		line, col := doc.Position(path)
		firstLine, _ := doc.Position(finding.Path{"services", j, "id"})
		out = append(out, newFinding(doc, path, line, col, fmt.Sprintf(
			"service id %q is already used by services[%d] (line %d); service ids are unique within a manifest", id, j, firstLine)))
	}
	return out
}

// leaves flattens the error tree to the errors that say what is wrong.
func leaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}

func newFinding(doc *manifest.Document, path finding.Path, line, col int, msg string) finding.Finding {
	return finding.Finding{
		RuleID: RuleID, Severity: finding.Error, Message: msg,
		File: doc.File, Document: doc.Index, Line: line, Column: col, Path: path,
	}
}

// instancePath turns the validator's JSON pointer tokens into a Path, reading
// numeric tokens as indexes where the data holds a list.
func instancePath(data any, tokens []string) finding.Path {
	p := make(finding.Path, 0, len(tokens))
	cur := data
	for _, t := range tokens {
		switch c := cur.(type) {
		case []any:
			i, err := strconv.Atoi(t)
			if err == nil && i >= 0 && i < len(c) {
				p = append(p, i)
				cur = c[i]
				continue
			}
			p = append(p, t)
			cur = nil
		case map[string]any:
			p = append(p, t)
			cur = c[t]
		default:
			p = append(p, t)
			cur = nil
		}
	}
	return p
}

func (v *Validator) explain(doc *manifest.Document, e *jsonschema.ValidationError) []finding.Finding {
	path := instancePath(doc.Data, e.InstanceLocation)
	at := func(p finding.Path, msg string) finding.Finding {
		line, col := doc.Position(p)
		return newFinding(doc, p, line, col, msg)
	}
	switch k := e.ErrorKind.(type) {
	case *kind.AdditionalProperties:
		allowed := v.allowedKeys(path)
		var out []finding.Finding
		for _, prop := range k.Properties {
			p := append(slices.Clone(path), prop)
			line, col := doc.KeyPosition(p)
			out = append(out, newFinding(doc, p, line, col, unknownKey(path, prop, allowed)))
		}
		return out
	case *kind.Required:
		var out []finding.Finding
		for _, m := range k.Missing {
			out = append(out, at(append(slices.Clone(path), m), fmt.Sprintf("%s is missing the required key %q", describe(path), m)))
		}
		return out
	}
	return []finding.Finding{at(path, valueMessage(doc, path, e))}
}

func describe(path finding.Path) string {
	if len(path) == 0 {
		return "the document"
	}
	return path.String()
}
