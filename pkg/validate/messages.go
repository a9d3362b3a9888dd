package validate

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/manifest"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"go.yaml.in/yaml/v3"
)

// valueMessage explains an error about a value: what was expected, what was found,
// and, for the usual YAML traps, how to write it.
func valueMessage(doc *manifest.Document, path finding.Path, e *jsonschema.ValidationError) string {
	name := describe(path)
	got := gotText(doc, path)
	switch k := e.ErrorKind.(type) {
	case *kind.Type:
		if len(path) == 0 {
			return fmt.Sprintf("a manifest document must be a mapping of keys to values; got %s", typedGot(got, k.Got))
		}
		return fmt.Sprintf("%s must be %s; got %s", name, wantWords(k.Want), typedGot(got, k.Got)) + typeHint(doc, path, k)
	case *kind.Enum:
		return fmt.Sprintf("%s must be one of %s; got %s", name, joinValues(k.Want), got) + suggest(k.Got, k.Want)
	case *kind.Const:
		return fmt.Sprintf("%s must be %s; got %s", name, valueText(k.Want), got)
	case *kind.Pattern:
		return fmt.Sprintf("%s must be %s; got %s", name, patternWords(e.SchemaURL, k.Want), got)
	case *kind.Format:
		if k.Want == "date" {
			return fmt.Sprintf("%s must be a real calendar date, YYYY-MM-DD; got %s", name, got)
		}
		return fmt.Sprintf("%s must be a valid %s; got %s", name, k.Want, got)
	case *kind.MinLength:
		return fmt.Sprintf("%s must not be empty", name)
	case *kind.MaxLength:
		// got is clipped: the point is the length, not a megabyte of text.
		return fmt.Sprintf("%s is %d characters long, over the limit of %d (no real %s is that long): shorten it; got %s",
			name, k.Got, k.Want, lastKey(path), got)
	case *kind.MaxItems:
		return fmt.Sprintf("%s lists %d items, over the limit of %d (far more than any organisation has); "+
			"check how the list was made, or split the organisation's manifest", name, k.Got, k.Want)
	case *kind.Minimum:
		return fmt.Sprintf("%s must be at least %s; got %s", name, k.Want.FloatString(0), got)
	}
	return fmt.Sprintf("%s: %s", name, e.ErrorKind.LocalizedString(nil))
}

// lastKey names what the value at path is, by its key: name, reason.
func lastKey(path finding.Path) string {
	for i := len(path) - 1; i >= 0; i-- {
		if k, ok := path[i].(string); ok {
			return k
		}
	}
	return "value"
}

// gotText says what the document holds at path, as the user wrote it: its kind
// for a mapping, a list or null; text quoted (escaped and cut, so that an
// invisible character shows and a megabyte does not); anything else as written.
func gotText(doc *manifest.Document, path finding.Path) string {
	loc := doc.Locate(path)
	if !loc.Found || loc.Node == nil {
		return "nothing"
	}
	n := loc.Node
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	switch v := manifest.ScalarValue(n).(type) {
	case nil:
		return "nothing (null)"
	case string:
		return manifest.Quote(v)
	}
	return manifest.Clip(n.Value)
}

// typedGot names the JSON type before a value shown by gotText, which already
// names mappings, lists and null.
func typedGot(got, jsonType string) string {
	if got == "a mapping" || got == "a list" || strings.HasPrefix(got, "nothing") {
		return got
	}
	return typeWord(jsonType) + " " + got
}

var typeWords = map[string]string{
	"string": "a string", "boolean": "true or false", "integer": "a whole number",
	"number": "a number", "object": "a mapping", "array": "a list", "null": "empty",
}

func wantWords(want []string) string {
	words := make([]string, 0, len(want))
	for _, w := range want {
		if t, ok := typeWords[w]; ok {
			words = append(words, t)
		} else {
			words = append(words, w)
		}
	}
	return strings.Join(words, " or ")
}

func typeWord(got string) string {
	switch got {
	case "object":
		return "mapping"
	case "array":
		return "list"
	case "null":
		return "null"
	}
	return got
}

// typeHint names the YAML trap behind a wrong type.
func typeHint(doc *manifest.Document, path finding.Path, k *kind.Type) string {
	loc := doc.Locate(path)
	if !loc.Found || loc.Node == nil || loc.Node.Kind != yaml.ScalarNode {
		return ""
	}
	if n := loc.Node; n.Style&yaml.TaggedStyle != 0 {
		return fmt.Sprintf(" (the tag %s sets its type: remove the tag)", manifest.Clip(n.Tag))
	}
	raw := manifest.Clip(loc.Node.Value)
	wantsString := slices.Contains(k.Want, "string")
	wantsBool := slices.Contains(k.Want, "boolean")
	switch {
	case wantsBool && k.Got == "string" && isYAML11Bool(raw):
		return fmt.Sprintf(" (YAML 1.2 reads %s as text, not a boolean: write true or false)", raw)
	case wantsString && (k.Got == "number" || k.Got == "integer") && len(raw) > 1 && raw[0] == '0' && raw[1] >= '0' && raw[1] <= '9':
		return fmt.Sprintf(" (an unquoted %s is read as a number and loses its leading zero: quote it, \"%s\")", raw, raw)
	case wantsString && (k.Got == "number" || k.Got == "integer" || k.Got == "boolean"):
		return fmt.Sprintf(" (quote it: \"%s\")", raw)
	}
	return ""
}

func isYAML11Bool(s string) bool {
	// No word is longer than three bytes, and only ASCII lowers to ASCII
	// letters (but for the Kelvin sign, to k): a longer text is none of them.
	if len(s) > 3 {
		return false
	}
	switch strings.ToLower(s) {
	case "yes", "no", "on", "off", "y", "n":
		return true
	}
	return false
}

func joinValues(vs []any) string {
	words := make([]string, 0, len(vs))
	for _, v := range vs {
		if s, ok := v.(string); ok {
			words = append(words, s)
		} else {
			words = append(words, valueText(v))
		}
	}
	return strings.Join(words, ", ")
}

func valueText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// patternWords says in words what a pattern from the schema asks for.
func patternWords(schemaURL, pattern string) string {
	switch {
	case strings.Contains(schemaURL, "/$defs/date"):
		return "a date written YYYY-MM-DD in the years 1900 to 2199"
	case strings.Contains(schemaURL, "/$defs/odsCode"):
		return "an ODS code: 3 to 8 upper-case letters and digits"
	case strings.Contains(schemaURL, "/metadata/properties/name"):
		return "a slug of lower-case letters, digits and hyphens (at most 63, starting and ending with a letter or digit)"
	case strings.Contains(schemaURL, "/dspt/properties/version"):
		return "an assessment year written YYYY-YY, e.g. \"2025-26\""
	}
	return fmt.Sprintf("text matching %s", pattern)
}

func suggest(got any, want []any) string {
	s, ok := got.(string)
	if !ok {
		return ""
	}
	var options []string
	for _, w := range want {
		if ws, ok := w.(string); ok {
			options = append(options, ws)
		}
	}
	if best := closest(s, options); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

func unknownKey(parent finding.Path, key string, allowed []string) string {
	msg := fmt.Sprintf("unknown key %s in %s", manifest.Quote(key), describe(parent))
	if best := closest(key, allowed); best != "" {
		return msg + fmt.Sprintf("; did you mean %q?", best)
	}
	if len(allowed) > 0 {
		return msg + "; allowed keys: " + strings.Join(allowed, ", ")
	}
	return msg
}

// closest returns the option nearest to s by edit distance, if it is near enough
// to be a typo (case ignored).
func closest(s string, options []string) string {
	best, bestDist := "", -1
	limit := max(2, len(s)/3)
	for _, o := range options {
		// Lengths this far apart cannot be a typo; skipping them also spares a
		// hostile megabyte-long key the quadratic distance.
		if diff := len(s) - len(o); diff > limit || -diff > limit {
			continue
		}
		d := distance(strings.ToLower(s), strings.ToLower(o))
		if bestDist < 0 || d < bestDist {
			best, bestDist = o, d
		}
	}
	if bestDist >= 0 && bestDist <= limit {
		return best
	}
	return ""
}

// distance is the Levenshtein edit distance between a and b.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// allowedKeys lists the keys the schema allows in the mapping at path, sorted.
func (v *Validator) allowedKeys(path finding.Path) []string {
	node := v.raw
	for _, el := range path {
		node = v.deref(node)
		switch el.(type) {
		case int:
			node, _ = node["items"].(map[string]any)
		default:
			props, _ := node["properties"].(map[string]any)
			next, ok := props[fmt.Sprint(el)].(map[string]any)
			if !ok {
				next, _ = node["additionalProperties"].(map[string]any) // a map keyed by any name
			}
			node = next
		}
		if node == nil {
			return nil
		}
	}
	props, _ := v.deref(node)["properties"].(map[string]any)
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (v *Validator) deref(node map[string]any) map[string]any {
	ref, ok := node["$ref"].(string)
	if !ok || !strings.HasPrefix(ref, "#/$defs/") {
		return node
	}
	defs, _ := v.raw["$defs"].(map[string]any)
	def, _ := defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
	return def
}

// PatternWords says in words what the pattern at schemaURL (a location in the
// manifest schema, such as #/$defs/date) asks for, as schema findings say it.
func PatternWords(schemaURL, pattern string) string { return patternWords(schemaURL, pattern) }
