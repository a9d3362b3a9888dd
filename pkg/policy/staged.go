package policy

import (
	"github.com/open-policy-agent/opa/v1/ast"
)

// A go-live rehearsal (forecast) lints a document as if it were at stage live
// on its planned date. The stage decides severities (the decision), and the
// date decides the dated rules' findings (Dated); a rule that reads neither
// gives the run's findings. StageRead tells whether any document rule may read
// the stage: when none does, a rehearsal evaluates the dated rules only.

// typeTests are the built-ins that read only the type of their argument: a
// document given another stage keeps its type.
var typeTests = map[string]bool{
	"is_object": true, "is_string": true, "is_array": true, "is_set": true,
	"is_number": true, "is_boolean": true, "is_null": true, "type_name": true,
}

// stageKey is the document's field that holds its stage.
const stageKey = "stage"

// StageRead reports whether the findings of some document rule may depend on
// the document's stage (input.stage). A custom rule is taken to: its Rego
// may build the field's name from pieces, which no reading of it sees. Of
// the built-in rules, one counts as reading it when it (or a rule or function
// it uses) names the field (a text "stage" anywhere in it), reads the
// document by a key not known before evaluation, hands the document whole to
// a function or to a built-in other than a type test or object.get (of a
// path other than the empty one, which gets the document itself), or uses
// with. The built-in rules read it nowhere.
func (e *Engine) StageRead() bool {
	d := e.datedInfo
	d.stageOnce.Do(func() { d.stageRead = e.stageRead() })
	return d.stageRead
}

func (e *Engine) stageRead() bool {
	a := stageAnalysis{compiler: e.compiler, done: map[*ast.Rule]bool{}, aliases: map[string]bool{}}
	// A rule whose value is the document itself (lib.doc := input) is read as
	// the document is; so is one whose value is such a rule, and so on.
	for changed := true; changed; {
		changed = false
		for _, m := range e.compiler.Modules {
			ast.WalkRules(m, func(r *ast.Rule) bool {
				if p := r.Path().String(); !a.aliases[p] && a.isAlias(r) {
					a.aliases[p], changed = true, true
				}
				return false
			})
		}
	}
	for _, r := range e.rules {
		if r.Scope != ScopeDocument {
			continue
		}
		if !r.Builtin {
			return true
		}
		deny := r.denyRef()
		for _, rule := range e.compiler.GetRulesDynamicWithOpts(deny, ast.RulesOptions{}) {
			if a.reads(rule) {
				return true
			}
		}
	}
	return false
}

type stageAnalysis struct {
	compiler *ast.Compiler
	done     map[*ast.Rule]bool // a rule being decided counts as not reading it (recursion is refused by the compiler)
	aliases  map[string]bool    // paths of the rules whose value is the document
}

// documentRef tells whether ref is the document (input, an alias of it, or a
// local variable that holds it: docVars) and how many of its elements name it.
func (a stageAnalysis) documentRef(ref ast.Ref, docVars map[ast.Var]bool) (int, bool) {
	if v, ok := ref[0].Value.(ast.Var); ok && docVars[v] {
		return 1, true
	}
	if ref.HasPrefix(ast.InputRootRef) {
		return 1, true
	}
	if !ref.HasPrefix(ast.DefaultRootRef) {
		return 0, false
	}
	for n := len(ref); n > 1; n-- {
		if p := ref[:n]; p.IsGround() && a.aliases[p.String()] {
			return n, true
		}
	}
	return 0, false
}

// whole tells whether t is the document on its own.
func (a stageAnalysis) whole(t *ast.Term, docVars map[ast.Var]bool) bool {
	switch v := t.Value.(type) {
	case ast.Var:
		return docVars[v]
	case ast.Ref:
		n, ok := a.documentRef(v, docVars)
		return ok && n == len(v)
	}
	return false
}

// docVars are the local variables of rule set to the document on its own
// (the compiler writes lib.doc := input as __local1__ = input, and a
// reference to a rule in a call's argument as a local set to it), and the
// expressions that set them.
func (a stageAnalysis) docVars(rule *ast.Rule) (map[ast.Var]bool, map[*ast.Expr]bool) {
	vars, sets := map[ast.Var]bool{}, map[*ast.Expr]bool{}
	for changed := true; changed; {
		changed = false
		for _, x := range rule.Body {
			if !x.IsEquality() || len(x.With) > 0 {
				continue
			}
			ops := x.Operands()
			for i := range 2 {
				v, ok := ops[i].Value.(ast.Var)
				if ok && !vars[v] && a.whole(ops[1-i], vars) {
					vars[v], changed = true, true
					sets[x] = true
				}
			}
		}
	}
	return vars, sets
}

// isAlias holds for a rule whose value is the document on its own.
func (a stageAnalysis) isAlias(r *ast.Rule) bool {
	if r.Head.Value == nil {
		return false
	}
	vars, _ := a.docVars(r)
	return a.whole(r.Head.Value, vars)
}

func (a stageAnalysis) reads(rule *ast.Rule) bool { return decideRule(a.done, rule, a.readsIn) }

// readsIn decides one rule (not its else). The document may stand on its own
// only where a local variable or an alias rule's value is set to it, as a
// type test's argument and as object.get's first.
func (a stageAnalysis) readsIn(rule *ast.Rule) bool {
	docVars, sets := a.docVars(rule)
	read := false
	var term func(t *ast.Term, whole bool)
	var body func(b ast.Body)
	call := func(op *ast.Term, args []*ast.Term, x *ast.Expr) {
		term(op, false)
		name := op.String()
		for i, arg := range args {
			// object.get of the empty path is the document itself; the
			// natives that read the document read it as object.get does.
			whole := x != nil && sets[x] ||
				i == 0 && (typeTests[name] || (name == "object.get" || inputNatives[name]) && !emptyPath(args))
			term(arg, whole)
		}
	}
	term = func(t *ast.Term, whole bool) {
		if read {
			return
		}
		switch v := t.Value.(type) {
		case ast.String:
			read = string(v) == stageKey // a path to it, however written
		case ast.Var:
			read = docVars[v] && !whole || v.Equal(ast.DefaultRootDocument.Value) || v.Equal(ast.InputRootDocument.Value)
		case ast.Ref:
			read = a.readsRef(v, docVars, whole)
			for _, el := range v[1:] {
				term(el, false)
			}
		case ast.Call:
			if len(v) > 0 {
				call(v[0], v[1:], nil)
			}
		case *ast.Array:
			v.Foreach(func(e *ast.Term) { term(e, false) })
		case ast.Set:
			v.Foreach(func(e *ast.Term) { term(e, false) })
		case ast.Object:
			v.Foreach(func(k, e *ast.Term) { term(k, false); term(e, false) })
		case *ast.ArrayComprehension:
			term(v.Term, false)
			body(v.Body)
		case *ast.SetComprehension:
			term(v.Term, false)
			body(v.Body)
		case *ast.ObjectComprehension:
			term(v.Key, false)
			term(v.Value, false)
			body(v.Body)
		case ast.Number, ast.Boolean, ast.Null:
		default:
			read = true // a kind of term not known here
		}
	}
	body = func(b ast.Body) {
		for _, x := range b {
			if read {
				return
			}
			if len(x.With) > 0 {
				read = true // with may set the document, or what reads it
				return
			}
			switch ts := x.Terms.(type) {
			case *ast.Term:
				term(ts, false)
			case []*ast.Term:
				call(ts[0], ts[1:], x)
			case *ast.SomeDecl:
				for _, s := range ts.Symbols {
					term(s, false)
				}
			case *ast.Every:
				term(ts.Key, false)
				term(ts.Value, false)
				term(ts.Domain, false)
				body(ts.Body)
			default:
				read = true
			}
		}
	}
	for _, t := range rule.Head.Args {
		term(t, false)
	}
	if rule.Head.Key != nil {
		term(rule.Head.Key, false)
	}
	if rule.Head.Value != nil {
		term(rule.Head.Value, a.isAlias(rule))
	}
	body(rule.Body)
	return read
}

// emptyPath holds for object.get's arguments whose path is the empty list,
// which gets the object itself.
func emptyPath(args []*ast.Term) bool {
	if len(args) < 2 {
		return false
	}
	a, ok := args[1].Value.(*ast.Array)
	return ok && a.Len() == 0
}

// readsRef decides a reference: the document by a key not known before
// evaluation, or on its own where it may not stand whole, reads the stage; a
// data reference reads it when a rule it may name does.
func (a stageAnalysis) readsRef(ref ast.Ref, docVars map[ast.Var]bool, whole bool) bool {
	if n, ok := a.documentRef(ref, docVars); ok {
		if len(ref) == n {
			return !whole
		}
		_, known := ref[n].Value.(ast.String)
		return !known
	}
	if !ref.HasPrefix(ast.DefaultRootRef) {
		return false // a local, or a built-in
	}
	if len(ref) == 1 {
		return true // data whole
	}
	for _, r := range a.compiler.GetRulesDynamicWithOpts(ref, ast.RulesOptions{}) {
		if a.reads(r) {
			return true
		}
	}
	return false
}
