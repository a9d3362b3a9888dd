package policy

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/erslint/erslint/pkg/isodate"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"
	"github.com/open-policy-agent/opa/v1/types"
)

// The rules call a few lib helpers on every value of every document (is this
// date blank, can the rules compute with it, is this name filled in). Written
// plainly in Rego, as the rules' authors read them, each call is a function
// evaluation of several bodies with its own bindings: in the built-in rules
// those calls cost a third of the evaluation of a document. The engine has a
// Go implementation of each such helper and, once the rules are compiled,
// points their calls at it. The Rego definition stays the meaning: it is what
// `erslint test`, the OPA bundle and a reader see, and a test checks that the
// two agree on every kind of value (natives_test.go).
//
// Only pure helpers are here: functions of their arguments alone, each a
// single value or undefined, which never fail on any argument.

// native is a lib helper with a Go implementation.
type native struct {
	name string // the helper in data.erslint.lib
	decl *types.Function
	fn   topdown.BuiltinFunc
	// input: the helper reads the document (lib.doc) by a path, as
	// object.get does; a call is given the input first, before the helper's
	// own arguments (withInputNatives).
	input bool
}

// nativePrefix names the built-ins the calls are pointed at. Policies cannot
// call them: they are on no allowed list (capabilities.go).
const nativePrefix = "erslint.native."

var natives = []native{
	{"blank", types.NewFunction(types.Args(types.A), types.B), boolNative(blank), false},
	{"filled", types.NewFunction(types.Args(types.A), types.B), boolNative(filled), false},
	{"uncomputable_date", types.NewFunction(types.Args(types.A), types.B), boolNative(uncomputableDate), false},
	{"date_ns", types.NewFunction(types.Args(types.A), types.N), dateNs, false},
	{"normal_ods_code", types.NewFunction(types.Args(types.A), types.S), normalODSCode, false},
	{"finding", types.NewFunction(types.Args(types.A, types.A), types.A), findingNative, false},
	// natives_text.go: the helpers that write messages.
	{"clip", types.NewFunction(types.Args(types.A), types.A), clipNative, false},
	{"quote", types.NewFunction(types.Args(types.A), types.S), quoteNative, false},
	{"describe_service", types.NewFunction(types.Args(types.A), types.S), describeServiceNative, false},
	{"describe_contract", types.NewFunction(types.Args(types.A), types.S), describeContractNative, false},
	{"plural", types.NewFunction(types.Args(types.A, types.A), types.S), pluralNative, false},
	{"days_between", types.NewFunction(types.Args(types.A, types.A), types.N), daysBetweenNative, false},
	// natives_text.go: the helpers that read the document by a path. Rules
	// call them on every document, which nearly always has the value.
	{"get", types.NewFunction(types.Args(types.A, types.A, types.A), types.A), getNative, true},
	{"flag_not_true", types.NewFunction(types.Args(types.A, types.A), types.S), flagNotTrueNative, true},
}

// inputNatives are the built-in names of the natives that read the document.
var inputNatives = map[string]bool{}

func init() {
	// The keys the engine looks up in values, and writes: ast.InternedTerm
	// makes a new term, each time, of a string OPA has not interned.
	ast.InternStringTerm("msg", "path", "rule", "ref", "severity", "waiver", "index", "reason", "approvedBy",
		"expires", "findings", "waivers", "stage", "services", "id", "name", "contract", "service", "reference",
		"commissioner", "j", "erslint", "refdata", "format", "source", "extracted", "covers", "organisations",
		"roles", "primaryRole", "opened", "closed", "successor")
	for _, n := range natives {
		name := nativePrefix + n.name
		ast.RegisterBuiltin(&ast.Builtin{Name: name, Decl: n.decl, CanSkipBctx: true})
		topdown.RegisterBuiltinFunc(name, n.fn)
		denied[name] = "it is the engine's own implementation of data.erslint.lib." + n.name + ": call that instead"
		if n.input {
			inputNatives[name] = true
		}
	}
}

// libRef is where the rules find the helpers.
var libRef = dataRef("erslint", "lib")

// useNatives points every call of a helper in natives at its Go
// implementation, in the compiled modules (every call is an expression of its
// own once compiled). Only the engine's compiler is changed: the Rego stays as
// written everywhere else.
func useNatives(c *ast.Compiler) {
	if mocksLib(c) {
		return // a mock of a helper must reach every call of it, as in OPA
	}
	targets := make(map[string]native, len(natives))
	for _, n := range natives {
		targets[n.name] = n
	}
	for _, m := range c.Modules {
		ast.WalkExprs(m, func(expr *ast.Expr) bool {
			if n, ok := callOf(expr, targets); ok && !n.input {
				expr.Terms.([]*ast.Term)[0] = ast.NewTerm(nativeRef(n.name))
			}
			return false
		})
		for _, r := range m.Rules {
			// The variables the rule has, so that the ones set to the input
			// take names it does not use (a custom rule may write any).
			used := map[ast.Var]bool{}
			ast.WalkVars(r, func(v ast.Var) bool {
				used[v] = true
				return false
			})
			for ; r != nil; r = r.Else {
				r.Body = withInputNatives(r.Body, targets, used)
			}
		}
	}
}

// withInputNatives points the calls, in body, of the helpers that read the
// document at their Go implementation, given the input in a variable set just
// before: a built-in's operands are values, not references to evaluate. Calls
// elsewhere (in a comprehension) stay calls of the Rego.
func withInputNatives(body ast.Body, targets map[string]native, used map[ast.Var]bool) ast.Body {
	var out ast.Body
	for i, expr := range body {
		n, ok := callOf(expr, targets)
		if !ok || !n.input {
			if out != nil {
				out = append(out, expr)
			}
			continue
		}
		if out == nil {
			out = append(make(ast.Body, 0, len(body)+1), body[:i]...)
		}
		name := ast.Var(fmt.Sprintf("__erslint_input%d__", i))
		for used[name] {
			name += "_"
		}
		used[name] = true
		doc := ast.NewTerm(name)
		set := ast.Equality.Expr(doc, ast.NewTerm(ast.InputRootRef))
		set.Location = expr.Location
		terms := expr.Terms.([]*ast.Term)
		expr.Terms = append([]*ast.Term{ast.NewTerm(nativeRef(n.name)), doc}, terms[1:]...)
		out = append(out, set, expr)
	}
	if out == nil {
		return body
	}
	for i, expr := range out {
		expr.Index = i
	}
	return out
}

// callOf is the helper of targets that expr calls, without `with`.
func callOf(expr *ast.Expr, targets map[string]native) (native, bool) {
	if !expr.IsCall() || len(expr.With) > 0 {
		return native{}, false
	}
	op, ok := expr.Terms.([]*ast.Term)[0].Value.(ast.Ref)
	if !ok || len(op) != len(libRef)+1 || !op.HasPrefix(libRef) {
		return native{}, false
	}
	name, ok := op[len(libRef)].Value.(ast.String)
	if !ok {
		return native{}, false
	}
	n, ok := targets[string(name)]
	return n, ok
}

// nativeRef is the reference erslint.native.<name>, built rather than parsed:
// each parse makes the parser's capabilities anew (a copy and a sort of every
// built-in).
func nativeRef(name string) ast.Ref {
	return ast.Ref{ast.VarTerm("erslint"), ast.StringTerm("native"), ast.StringTerm(name)}
}

// mocksLib reports whether any module replaces, with `with` (a custom policy
// may), something of lib or a built-in function, which the helpers' Rego may
// call (sprintf, count, trim_space): the calls then stay calls of the Rego.
func mocksLib(c *ast.Compiler) bool {
	found := false
	for _, m := range c.Modules {
		ast.WalkExprs(m, func(expr *ast.Expr) bool {
			for _, w := range expr.With {
				ref, ok := w.Target.Value.(ast.Ref)
				builtin := !ok || !(ref.HasPrefix(ast.DefaultRootRef) || ref.HasPrefix(ast.InputRootRef))
				if builtin || ref.HasPrefix(libRef) || libRef.HasPrefix(ref) {
					found = true
				}
			}
			return found
		})
	}
	return found
}

// boolNative is a helper that holds (true) or is undefined.
func boolNative(holds func(ast.Value) bool) topdown.BuiltinFunc {
	return func(_ topdown.BuiltinContext, operands []*ast.Term, iter func(*ast.Term) error) error {
		if holds(operands[0].Value) {
			return iter(ast.InternedTerm(true))
		}
		return nil
	}
}

// blank: null, or a string of only spaces (lib.blank).
func blank(v ast.Value) bool {
	switch v := v.(type) {
	case ast.Null:
		return true
	case ast.String:
		return strings.TrimSpace(string(v)) == ""
	}
	return false
}

// filled: a string with more than spaces in it (lib.filled).
func filled(v ast.Value) bool {
	s, ok := v.(ast.String)
	return ok && strings.TrimSpace(string(s)) != ""
}

// uncomputableDate: a value given that is no date the rules compute with
// (lib.uncomputable_date), its three bodies in turn.
func uncomputableDate(v ast.Value) bool {
	s, isString := v.(ast.String)
	if !blank(v) {
		if _, ok := dateOf(v); !ok {
			return true
		}
	}
	if isString && string(s) < "1900-01-01" && !blank(v) {
		return true
	}
	return isString && string(s) > "2199-12-31"
}

// dateOf is lib.date_ns of v: defined for a string time.parse_ns reads.
func dateOf(v ast.Value) (int64, bool) {
	s, ok := v.(ast.String)
	if !ok {
		return 0, false
	}
	return parseDate(string(s))
}

// dateNs is lib.date_ns: time.parse_ns("2006-01-02", d) of a string.
func dateNs(_ topdown.BuiltinContext, operands []*ast.Term, iter func(*ast.Term) error) error {
	ns, ok := dateOf(operands[0].Value)
	if !ok {
		return nil
	}
	return iter(ast.NumberTerm(json.Number(strconv.FormatInt(ns, 10))))
}

// parseDate is time.parse_ns("2006-01-02", s): undefined (an error in OPA,
// which makes the call undefined) for a text Go cannot parse so, or a time
// outside what 64 bits of nanoseconds from 1970 hold.
func parseDate(s string) (int64, bool) {
	t, ok := isodate.Parse(s)
	if !ok || t.Before(minNs) || t.After(maxNs) {
		return 0, false
	}
	return t.UnixNano(), true
}

var minNs, maxNs = time.Unix(0, math.MinInt64).UTC(), time.Unix(0, math.MaxInt64).UTC()

// normalODSCode is lib.normal_ods_code: a filled code trimmed and upper-cased.
func normalODSCode(_ topdown.BuiltinContext, operands []*ast.Term, iter func(*ast.Term) error) error {
	s, ok := operands[0].Value.(ast.String)
	if !ok || !filled(s) {
		return nil
	}
	return iter(ast.StringTerm(strings.ToUpper(strings.TrimSpace(string(s)))))
}

// findingNative is lib.finding: {"msg": msg, "path": path}.
func findingNative(_ topdown.BuiltinContext, operands []*ast.Term, iter func(*ast.Term) error) error {
	return iter(ast.ObjectTerm(ast.Item(ast.InternedTerm("msg"), operands[0]), ast.Item(ast.InternedTerm("path"), operands[1])))
}
