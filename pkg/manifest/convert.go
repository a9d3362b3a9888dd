package manifest

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"github.com/erslint/erslint/pkg/finding"
	"go.yaml.in/yaml/v3"
)

// converter turns a node tree into JSON data. It does not decode through
// reflection: it reads each scalar's resolved tag and keeps dates and any
// unknown tag as their literal text (spec §1: a date is its text).
type converter struct {
	lim      Limits
	nodes    int
	stopped  bool
	problems []Problem
}

func (c *converter) problem(n *yaml.Node, path finding.Path, format string, args ...any) {
	c.problems = append(c.problems, Problem{Line: n.Line, Column: n.Column, Path: clonePath(path), Message: fmt.Sprintf(format, args...)})
}

func clonePath(p finding.Path) finding.Path { return append(finding.Path(nil), p...) }

func (c *converter) convert(n *yaml.Node, path finding.Path, depth int) any {
	if c.stopped {
		return nil
	}
	c.nodes++
	if c.nodes > c.lim.MaxNodes {
		c.stopped = true
		c.problem(n, path, "document expands to more than %d nodes (aliases included); refusing to expand it further", c.lim.MaxNodes)
		return nil
	}
	if depth > c.lim.MaxDepth {
		c.stopped = true
		c.problem(n, path, "document nests deeper than %d levels; a manifest needs far fewer", c.lim.MaxDepth)
		return nil
	}
	switch n.Kind {
	case yaml.AliasNode:
		return c.convert(n.Alias, path, depth+1)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for i, item := range n.Content {
			out = append(out, c.convert(item, append(path, i), depth+1))
		}
		return out
	case yaml.MappingNode:
		return c.mapping(n, path, depth)
	case yaml.ScalarNode:
		return scalar(n)
	}
	return nil
}

func (c *converter) mapping(n *yaml.Node, path finding.Path, depth int) map[string]any {
	out := make(map[string]any, len(n.Content)/2)
	seen := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			c.merge(out, seen, v, path, depth)
			continue
		}
		key := k.Value
		if k.Kind != yaml.ScalarNode {
			c.problem(k, path, "a mapping key must be a plain word, not a %s", kindName(k))
			continue
		}
		if first, dup := seen[key]; dup {
			c.problem(k, append(path, key), "duplicate key %q (first at line %d); YAML keeps only one of them: remove or rename one", key, first.Line)
		}
		seen[key] = k
		out[key] = c.convert(v, append(path, key), depth+1)
	}
	return out
}

// merge applies a YAML merge key (<<: *anchor): keys already set win.
func (c *converter) merge(out map[string]any, seen map[string]*yaml.Node, v *yaml.Node, path finding.Path, depth int) {
	sources := []*yaml.Node{v}
	if v.Kind == yaml.SequenceNode {
		sources = v.Content
	}
	for _, s := range sources {
		m, ok := c.convert(s, path, depth+1).(map[string]any)
		if !ok {
			c.problem(v, path, "a merge key (<<) must refer to a mapping")
			continue
		}
		for k, val := range m {
			if _, set := out[k]; !set {
				out[k] = val
				if _, ok := seen[k]; !ok {
					seen[k] = v
				}
			}
		}
	}
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.AliasNode:
		return "alias"
	}
	return "value"
}

var wholeNumber = regexp.MustCompile(`^[-+]?[0-9]+$`)

// ScalarValue is the JSON value of a scalar node, as the data holds it.
func ScalarValue(n *yaml.Node) any { return scalar(n) }

// scalar converts one scalar by its resolved tag.
func scalar(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		return strings.EqualFold(n.Value, "true")
	case "!!int":
		return intValue(n.Value)
	case "!!float":
		plain := strings.ReplaceAll(n.Value, "_", "")
		if wholeNumber.MatchString(plain) {
			return intValue(plain) // beyond 64 bits, which YAML resolves as a float
		}
		if f, err := strconv.ParseFloat(plain, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
		}
		return n.Value
	}
	// !!str, !!timestamp (kept as its text), !!binary and unknown tags.
	return n.Value
}

// intValue reads an integer as YAML does (0x, 0o, 0b and 1.1-style 0777 octal) and
// keeps integers beyond 64 bits exact as a JSON number.
func intValue(raw string) any {
	plain := strings.ReplaceAll(raw, "_", "")
	if i, err := strconv.ParseInt(plain, 0, 64); err == nil {
		return json.Number(strconv.FormatInt(i, 10))
	}
	if u, err := strconv.ParseUint(plain, 0, 64); err == nil {
		return json.Number(strconv.FormatUint(u, 10))
	}
	if b, ok := new(big.Int).SetString(plain, 0); ok {
		return json.Number(b.String())
	}
	return raw
}
