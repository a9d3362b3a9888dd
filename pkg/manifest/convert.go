package manifest

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/erslint/erslint/pkg/finding"
	"go.yaml.in/yaml/v3"
)

// converter turns the node trees of one file into JSON data. It does not decode
// through reflection: it reads each scalar's resolved tag and keeps dates and any
// unknown tag as their literal text (spec §1: a date is its text). It counts the
// values it builds across the whole file, so that aliases cannot make a small
// file expand without bound.
type converter struct {
	lim   Limits
	nodes int // values built so far in the file, aliases expanded
	// expanding holds the anchored nodes being converted: an alias to one of them
	// is an alias inside its own anchor, which would expand forever.
	expanding map[*yaml.Node]bool
	via       *yaml.Node // the outermost alias being expanded: where a blow-up is reported
	viaPath   finding.Path
	fatal     *Problem          // a limit or a cycle: the file is refused
	at        finding.PathStack // the path to the node being converted

	// Of the document being converted:
	problems []Problem
	keys     map[*yaml.Node]map[string]int
	anchors  map[*yaml.Node]bool // its anchored nodes: yaml.v3 lets an alias reach into an earlier document
}

// indexFrom is the size from which a mapping's keys are indexed for Locate.
const indexFrom = 16

// document converts one parsed document.
func (c *converter) document(file string, index int, node *yaml.Node) *Document {
	d := &Document{File: file, Index: index, Line: node.Line}
	if node.Kind == yaml.DocumentNode && len(node.Content) > 0 {
		d.Root = node.Content[0]
	}
	if r := d.Root; r != nil && r.Kind == yaml.ScalarNode && r.Value == "" && r.ShortTag() == "!!null" && r.Style == 0 {
		d.Root = nil // "---" with nothing after it
	}
	if d.Root == nil {
		d.Line = max(d.Line, 1)
		return d
	}
	c.problems, c.keys, c.anchors = nil, nil, map[*yaml.Node]bool{}
	if c.expanding == nil {
		c.expanding = map[*yaml.Node]bool{}
	}
	collectAnchors(d.Root, c.anchors)
	c.at.Reset()
	d.Data = c.convert(d.Root, 0)
	d.Problems, d.keys = c.problems, c.keys
	return d
}

// problem records a problem with n, at the path being converted.
func (c *converter) problem(n *yaml.Node, format string, args ...any) {
	c.problems = append(c.problems, Problem{Line: max(n.Line, 1), Column: max(n.Column, 1), Path: c.at.Path(), Message: fmt.Sprintf(format, args...)})
}

func (c *converter) fail(n *yaml.Node, path finding.Path, format string, args ...any) {
	c.fatal = &Problem{Line: max(n.Line, 1), Column: max(n.Column, 1), Path: path, Message: fmt.Sprintf(format, args...)}
}

func (c *converter) convert(n *yaml.Node, depth int) any {
	if c.fatal != nil || n == nil {
		return nil
	}
	if n.Kind == yaml.AliasNode {
		return c.alias(n, depth)
	}
	c.nodes++
	if c.nodes > c.lim.MaxNodes {
		if c.via != nil {
			c.fail(c.via, c.viaPath, "aliases expand this file to more than %d values (a \"billion laughs\" file?); refusing to expand them: "+
				"write the repeated parts out, use fewer aliases, or raise --max-nodes", c.lim.MaxNodes)
		} else {
			c.fail(n, c.at.Path(), "file holds more than %d values; split it into smaller files (or raise --max-nodes)", c.lim.MaxNodes)
		}
		return nil
	}
	if depth > c.lim.MaxDepth {
		c.fail(n, c.at.Path(), "nesting deeper than %d levels; a manifest needs fewer than 10: flatten it (or raise --max-depth)", c.lim.MaxDepth)
		return nil
	}
	if n.Anchor != "" {
		c.expanding[n] = true
		defer delete(c.expanding, n)
	}
	if msg := tagMismatch(n); msg != "" {
		c.problem(n, "%s", msg)
	}
	switch n.Kind {
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for i, item := range n.Content {
			c.at.PushIndex(i)
			out = append(out, c.convert(item, depth+1))
			c.at.Pop()
		}
		return out
	case yaml.MappingNode:
		return c.mapping(n, depth)
	case yaml.ScalarNode:
		v, problem := scalarValue(n)
		if problem == "" {
			problem = escapedControl(n)
		}
		if problem != "" {
			c.problem(n, "%s", problem)
			c.problems[len(c.problems)-1].Value = true
		}
		return v
	}
	return nil
}

func (c *converter) alias(n *yaml.Node, depth int) any {
	target := n.Alias
	if target == nil {
		return nil // yaml.v3 sets it on every alias it parses
	}
	if c.expanding[target] {
		c.fail(n, c.at.Path(), "alias *%s is used inside its own anchor &%s, so it would never end; refer to something outside the anchor", Clip(n.Value), Clip(n.Value))
		return nil
	}
	if !c.anchors[target] {
		// Other YAML tools refuse such a file; the value is still used, as meant.
		c.problem(n, "alias *%s refers to an anchor in an earlier document; anchors belong to their own document: define &%s again in this one", Clip(n.Value), Clip(n.Value))
	}
	if c.via == nil {
		c.via, c.viaPath = n, c.at.Path()
		defer func() { c.via, c.viaPath = nil, nil }()
	}
	return c.convert(target, depth)
}

// collectAnchors records the anchored nodes of a document's tree, without
// following aliases. It recurses only as deep as the parser nested, which
// yaml.v3 bounds at 10,000 levels.
func collectAnchors(n *yaml.Node, into map[*yaml.Node]bool) {
	if n.Anchor != "" {
		into[n] = true
	}
	for _, child := range n.Content {
		collectAnchors(child, into)
	}
}

func (c *converter) mapping(n *yaml.Node, depth int) map[string]any {
	pairs := len(n.Content) / 2
	out := make(map[string]any, pairs)
	own := make(map[string]*yaml.Node, pairs)
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if isMerge(k) {
			merges = append(merges, v)
			continue
		}
		key, ok := keyText(k)
		if !ok {
			c.problem(k, "a mapping key must be plain text, not a %s; write the key as a word", kindName(resolveAlias(k)))
			continue
		}
		c.at.PushKey(key)
		if msg := escapedControl(resolveAlias(k)); msg != "" {
			c.problem(k, "%s", msg)
		}
		if first, dup := own[key]; dup {
			at := v // spec §4: a YAML pitfall is reported at the value
			if v.Kind != yaml.ScalarNode && v.Kind != yaml.AliasNode {
				at = k // a nested mapping or list starts on a later line: the key says more
			}
			c.problem(at, "duplicate key %s (first at line %d); YAML keeps only the last one: remove or rename one", Quote(key), first.Line)
		}
		own[key] = k
		out[key] = c.convert(v, depth+1)
		c.at.Pop()
	}
	// A merge key (<<) never overrides the mapping's own keys, wherever it stands,
	// and an earlier merged mapping wins over a later one (YAML merge key type).
	for _, v := range merges {
		c.merge(out, v, depth)
	}
	if pairs >= indexFrom && c.fatal == nil {
		c.index(n)
	}
	return out
}

func (c *converter) merge(out map[string]any, v *yaml.Node, depth int) {
	var sources []any
	switch val := c.convert(v, depth+1).(type) {
	case map[string]any:
		sources = []any{val}
	case []any:
		sources = val
	default:
		if c.fatal == nil {
			c.problem(v, "a merge key (<<) takes a mapping or a list of mappings, e.g. <<: *defaults; this is neither")
		}
		return
	}
	seq := resolveAlias(v)
	for i, s := range sources {
		m, ok := s.(map[string]any)
		if !ok {
			at := v
			if seq.Kind == yaml.SequenceNode && i < len(seq.Content) {
				at = seq.Content[i]
			}
			c.problem(at, "a merge key (<<) takes a mapping or a list of mappings, e.g. <<: *defaults; this item is not a mapping")
			continue
		}
		for k, val := range m {
			if _, set := out[k]; !set {
				out[k] = val
			}
		}
	}
}

// index records where each key of a large mapping is, the last of duplicates
// winning as in the data.
func (c *converter) index(n *yaml.Node) {
	if c.keys == nil {
		c.keys = map[*yaml.Node]map[string]int{}
	}
	if _, done := c.keys[n]; done {
		return
	}
	idx := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		if key, ok := keyText(n.Content[i]); ok && !isMerge(n.Content[i]) {
			idx[key] = i
		}
	}
	c.keys[n] = idx
}

func isMerge(k *yaml.Node) bool { return k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" }

// keyText is the text of a mapping key: a scalar, or an alias to one.
func keyText(k *yaml.Node) (string, bool) {
	k = resolveAlias(k)
	if k.Kind != yaml.ScalarNode {
		return "", false
	}
	return k.Value, true
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

var wholeNumber = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[-+]?[0-9]+$`) })

// maxExact is the largest integer that JSON tools, JavaScript and float64 all
// hold exactly (2^53 - 1).
const maxExact = 1<<53 - 1

// ScalarValue is the JSON value of a scalar node, as the data holds it.
func ScalarValue(n *yaml.Node) any {
	v, _ := scalarValue(n)
	return v
}

// tagMismatch says what is wrong with an explicit tag that does not fit its
// node: !!map on a list, !!seq on a mapping, a collection's tag on a scalar, a
// scalar's on a collection. yaml.v3 keeps the node as written, other tools
// refuse it or read it as the tag says; and YAML 1.1's !!omap, !!pairs and
// !!set, which only some tools turn into other types.
func tagMismatch(n *yaml.Node) string {
	tag := n.ShortTag()
	if !strings.HasPrefix(tag, "!!") {
		return "" // unknown local tags: kept as written (scalars as their text)
	}
	var want, what string
	switch n.Kind {
	case yaml.SequenceNode:
		want, what = "!!seq", "a list"
	case yaml.MappingNode:
		want, what = "!!map", "a mapping"
	case yaml.ScalarNode:
		switch tag {
		case "!!map", "!!seq", "!!omap", "!!pairs", "!!set":
			return fmt.Sprintf("the tag %s is for a collection, but this is a single value; remove the tag", tag)
		}
		return ""
	default:
		return ""
	}
	if tag == want {
		return ""
	}
	switch tag {
	case "!!omap", "!!pairs", "!!set":
		return fmt.Sprintf("the tag %s (YAML 1.1) is read as another type by some tools and ignored by others; remove the tag and write %s plainly", tag, what)
	}
	return fmt.Sprintf("the tag %s does not fit %s (other YAML tools refuse it, or read it as the tag says); remove the tag", tag, what)
}

// escapedControl says what is wrong with a double-quoted scalar whose escapes
// (\0, \x01, \e) make a character that YAML text cannot hold: the file's text
// is checked (checkText), but an escape writes such a character in printable
// text; a NUL ends the string for C tools, a control character hides text on
// a terminal. "" when there is none.
func escapedControl(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode || n.Style&yaml.DoubleQuotedStyle == 0 {
		return ""
	}
	for _, r := range n.Value {
		if !yamlChar(r) {
			what := "the control character"
			if r == 0 {
				what = "a NUL character"
			}
			return fmt.Sprintf("this quoted text holds %s %U, written as an escape; no manifest value holds one, and tools cut or refuse text "+
				"that does: remove the escape", what, r)
		}
	}
	return ""
}

// scalarValue converts one scalar by its resolved tag. It also returns a problem
// when the value is one no manifest can mean as written: a number too large to
// be exact, infinity, or a value its explicit tag does not fit.
func scalarValue(n *yaml.Node) (any, string) {
	tag := n.ShortTag()
	switch tag {
	case "!!null":
		return nil, ""
	case "!!bool":
		switch strings.ToLower(n.Value) {
		case "true":
			return true, ""
		case "false":
			return false, ""
		}
		return n.Value, fmt.Sprintf("%s is tagged !!bool but YAML 1.2 reads only true and false as booleans: write true or false", Quote(n.Value))
	case "!!int":
		return intValue(n.Value, tag)
	case "!!float":
		plain := strings.ReplaceAll(n.Value, "_", "")
		if wholeNumber().MatchString(plain) {
			return intValue(n.Value, tag) // beyond 64 bits, or 08 and 09: YAML resolves them as floats
		}
		switch strings.ToLower(strings.TrimLeft(plain, "+-")) {
		case ".inf", ".nan":
			what := "infinity"
			if strings.HasSuffix(strings.ToLower(plain), "nan") {
				what = "not-a-number"
			}
			return n.Value, fmt.Sprintf("%s is YAML for %s, which no manifest field holds; write a number, or quote it as text", n.Value, what)
		}
		f, err := strconv.ParseFloat(plain, 64)
		switch {
		case err == nil && f == 0 && nonzeroMantissa(plain):
			return n.Value, fmt.Sprintf("the number %s is too small to hold: it would read as 0; write 0, or quote it as text: \"%s\"", Clip(n.Value), Clip(n.Value))
		case err == nil && !math.IsInf(f, 0) && !math.IsNaN(f):
			return json.Number(strconv.FormatFloat(f, 'g', -1, 64)), ""
		case errors.Is(err, strconv.ErrRange):
			return n.Value, fmt.Sprintf("the number %s is too large to hold; write a smaller number, or quote it as text: \"%s\"", Clip(n.Value), Clip(n.Value))
		}
		return n.Value, fmt.Sprintf("%s is tagged !!float but is not a number; fix it or remove the tag", Quote(n.Value))
	}
	// Most text does not start as a number does: the patterns below are for
	// the text that does (they ran on every value of every manifest).
	if tag != "!!str" || n.Style != 0 || !startsLikeNumber(n.Value) {
		return n.Value, ""
	}
	// yaml.v3 reads a plain number too large for a float64 as text: as written,
	// it was meant as a number that no tool can hold.
	if plainFloat().MatchString(n.Value) {
		return n.Value, fmt.Sprintf("the number %s is too large to hold; write a smaller number, or quote it as text: \"%s\"", Clip(n.Value), Clip(n.Value))
	}
	// yaml.v3 reads a hexadecimal, octal or binary number beyond 64 bits as text.
	if plainRadixInt().MatchString(n.Value) {
		return n.Value, fmt.Sprintf("the number %s is too large to hold (over 64 bits); write a smaller number, or quote it as text: \"%s\"", Clip(n.Value), Clip(n.Value))
	}
	// !!str, !!timestamp (kept as its text), !!binary and unknown tags.
	return n.Value, ""
}

// startsLikeNumber holds for text that starts, after a sign, with a digit or a
// point: every match of plainFloat and plainRadixInt does.
func startsLikeNumber(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	return s != "" && (s[0] >= '0' && s[0] <= '9' || s[0] == '.')
}

// plainRadixInt is a hexadecimal, octal (0o, or 1.1-style 0777) or binary integer.
var plainRadixInt = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[-+]?0(x[0-9a-fA-F_]+|o[0-7_]+|b[01_]+|[0-7_]+)$`) })

// nonzeroMantissa reports whether a float's digits before its exponent are not
// all zero: 1e-400 is not 0, though it reads as 0.
func nonzeroMantissa(s string) bool {
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		s = s[:i]
	}
	return strings.ContainsAny(s, "123456789")
}

// plainFloat is YAML 1.2's float syntax (core schema), without .inf and .nan.
var plainFloat = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)
})

// intValue reads an integer as YAML does (0x, 0o, 0b and 1.1-style 0777 octal).
// An integer too large to be exact in other tools is kept as its text, with a
// problem: a long reference number must be quoted, a count cannot be that big.
func intValue(raw, tag string) (any, string) {
	plain := strings.ReplaceAll(raw, "_", "")
	i, err := strconv.ParseInt(plain, 0, 64)
	if err != nil && wholeNumber().MatchString(plain) {
		i, err = strconv.ParseInt(plain, 10, 64) // 089: not octal, so decimal with a leading zero
	}
	switch {
	case err == nil && i >= -maxExact && i <= maxExact:
		return json.Number(strconv.FormatInt(i, 10)), ""
	case err == nil || errors.Is(err, strconv.ErrRange):
		return raw, fmt.Sprintf("the number %s is too large for many YAML and JSON tools to hold exactly (over 2^53); "+
			"if it is a code or reference, quote it: \"%s\"", Clip(raw), Clip(raw))
	}
	return raw, fmt.Sprintf("%s is tagged %s but is not a whole number; fix it or remove the tag", Quote(raw), tag)
}
