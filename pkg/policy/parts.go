package policy

import (
	"maps"
	"slices"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/open-policy-agent/opa/v1/ast"
)

// Only is in with only what leads to parts (a look-ahead's change day
// evaluates the rules on those alone): of the top-level mapping, the sections
// a part is in; in a list on the way to a part, the items on the way to one
// (the others null, so that every item keeps its index); every other mapping
// on the way whole. What it keeps are in's own terms, not copies: a change day
// costs the path to its parts, not a conversion of what they are in. It also
// returns how many values it holds, the work of evaluating it.
func (in *Input) Only(parts []finding.Path) (*Input, int) {
	obj, ok := in.value.(ast.Object)
	if !ok {
		return in, 1
	}
	sections := map[string]bool{}
	for _, p := range parts {
		if len(p) == 0 {
			return in, countTerms(in.value)
		}
		if k, ok := p[0].(string); ok && obj.Get(ast.InternedTerm(k)) != nil {
			sections[k] = true
		}
	}
	n := 1
	kept := ast.NewObject()
	for _, k := range slices.Sorted(maps.Keys(sections)) {
		var below []finding.Path
		for _, p := range parts {
			if p[0] == any(k) {
				below = append(below, p[1:])
			}
		}
		pruned, c := pruneTerm(obj.Get(ast.InternedTerm(k)), below)
		kept.Insert(ast.InternedTerm(k), pruned)
		n += c
	}
	return &Input{value: kept}, n
}

// pruneTerm keeps, in v, the list items on the way to paths (relative to v).
// What has nothing pruned below it is v itself, not a copy: most parts are a
// mapping whole (a contract, up to the date that crosses).
func pruneTerm(v *ast.Term, paths []finding.Path) (*ast.Term, int) {
	for _, p := range paths {
		if len(p) == 0 {
			return v, countTerms(v.Value)
		}
	}
	switch x := v.Value.(type) {
	case *ast.Array:
		last := -1
		for _, p := range paths {
			if i, ok := p[0].(int); ok && i < x.Len() {
				last = max(last, i)
			}
		}
		items := make([]*ast.Term, last+1)
		n := 1 + len(items)
		for i := range items {
			var below []finding.Path
			for _, p := range paths {
				if p[0] == any(i) {
					below = append(below, p[1:])
				}
			}
			if below == nil {
				items[i] = nullTerm
				continue
			}
			var c int
			items[i], c = pruneTerm(x.Elem(i), below)
			n += c
		}
		return ast.ArrayTerm(items...), n
	case ast.Object:
		n := 1
		var pruned map[*ast.Term]*ast.Term // by key, what changed
		x.Foreach(func(k, e *ast.Term) {
			var below []finding.Path
			if s, ok := k.Value.(ast.String); ok {
				for _, p := range paths {
					if p[0] == any(string(s)) {
						below = append(below, p[1:])
					}
				}
			}
			if below == nil {
				n += countTerms(e.Value)
				return
			}
			p, c := pruneTerm(e, below)
			n += c
			if p != e {
				if pruned == nil {
					pruned = map[*ast.Term]*ast.Term{}
				}
				pruned[k] = p
			}
		})
		if pruned == nil {
			return v, n
		}
		out := ast.NewObject()
		x.Foreach(func(k, e *ast.Term) {
			if p, ok := pruned[k]; ok {
				e = p
			}
			out.Insert(k, e)
		})
		return ast.NewTerm(out), n
	}
	return v, 1
}

// countTerms is how many values v holds, itself included. Its closures are
// made once, not at each mapping and list it counts.
func countTerms(v ast.Value) int {
	switch v.(type) {
	case ast.Object, *ast.Array, ast.Set:
	default:
		return 1
	}
	n := 0
	var count func(v ast.Value)
	each := func(e *ast.Term) { count(e.Value) }
	eachValue := func(_, e *ast.Term) { count(e.Value) }
	count = func(v ast.Value) {
		n++
		switch x := v.(type) {
		case ast.Object:
			x.Foreach(eachValue)
		case *ast.Array:
			x.Foreach(each)
		case ast.Set:
			x.Foreach(each)
		}
	}
	count(v)
	return n
}
