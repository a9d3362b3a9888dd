package manifest

import (
	"github.com/erslint/erslint/pkg/finding"
	"go.yaml.in/yaml/v3"
)

// Location is where a path points in a document.
type Location struct {
	Node  *yaml.Node // deepest existing node on the path
	Key   *yaml.Node // the mapping key of Node, if Node is a mapping value
	Found bool       // the whole path exists
}

// Locate follows path from the document's root. When the path does not exist it
// stops at the nearest existing parent (spec §4).
func (d *Document) Locate(path finding.Path) Location {
	loc := Location{Node: d.Root, Found: d.Root != nil}
	if d.Root == nil {
		return loc
	}
	n := d.Root
	for _, el := range path {
		n = resolveAlias(n)
		var next, key *yaml.Node
		switch v := el.(type) {
		case string:
			if n.Kind == yaml.MappingNode {
				key, next = d.lookup(n, v)
			}
		case int:
			if n.Kind == yaml.SequenceNode && v >= 0 && v < len(n.Content) {
				next = n.Content[v]
			}
		}
		if next == nil {
			loc.Found = false
			return loc
		}
		n = next
		loc.Node, loc.Key = next, key
	}
	return loc
}

func (d *Document) lookup(m *yaml.Node, key string) (k, v *yaml.Node) {
	if idx, ok := d.keys[m]; ok {
		if i, ok := idx[key]; ok {
			return m.Content[i], m.Content[i+1]
		}
		return nil, nil
	}
	// The last of duplicate keys wins, as in the data.
	for i := 0; i+1 < len(m.Content); i += 2 {
		if name, ok := keyText(m.Content[i]); ok && name == key && !isMerge(m.Content[i]) {
			k, v = m.Content[i], m.Content[i+1]
		}
	}
	return k, v
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// Position is where a finding about path is reported. For a value that exists,
// the value; for a missing one, its nearest existing parent: the parent mapping or
// list itself, or the key of an empty or scalar parent so the user sees where to
// write. The root mapping's position is its first key.
func (d *Document) Position(path finding.Path) (line, col int) {
	loc := d.Locate(path)
	return loc.position(!loc.Found)
}

// KeyPosition is where a finding about a key itself is reported (unknown key).
func (d *Document) KeyPosition(path finding.Path) (line, col int) {
	loc := d.Locate(path)
	if loc.Found && loc.Key != nil {
		return loc.Key.Line, loc.Key.Column
	}
	return loc.position(!loc.Found)
}

func (l Location) position(missing bool) (int, int) {
	if l.Node == nil {
		return 1, 1
	}
	n := l.Node
	if missing && l.Key != nil && n.Kind == yaml.ScalarNode {
		n = l.Key
	}
	if n.Kind == yaml.AliasNode && missing && l.Key != nil {
		n = l.Key
	}
	return max(n.Line, 1), max(n.Column, 1)
}
