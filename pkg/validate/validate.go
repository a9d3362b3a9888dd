// Package validate checks manifests against the embedded JSON Schema and turns
// each schema error into an ERS-SCHEMA-001 finding at the YAML node it is about,
// with a message a person reads.
package validate

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/manifest"
	"github.com/erslint/erslint/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// RuleID is the rule every schema and YAML error is reported under.
const RuleID = "ERS-SCHEMA-001"

// Validator holds the compiled schema. It is safe for concurrent use.
type Validator struct {
	schema *jsonschema.Schema
	raw    map[string]any // the schema as data, to name the keys a mapping allows
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
	return &Validator{schema: sch, raw: data}, nil
}

// Validate returns one finding per schema error in doc, sorted by position.
// File, Document and Severity are filled in; stage does not demote schema errors.
func (v *Validator) Validate(doc *manifest.Document) []finding.Finding {
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
	for _, leaf := range leaves(ve) {
		for _, f := range v.explain(doc, leaf) {
			key := fmt.Sprintf("%d:%d:%s", f.Line, f.Column, f.Message)
			if !seen[key] {
				seen[key] = true
				out = append(out, f)
			}
		}
	}
	finding.Sort(out)
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
