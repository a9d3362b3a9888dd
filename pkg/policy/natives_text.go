package policy

import (
	"fmt"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// The lib helpers that write a finding's message (quote a value, name a
// contract, count days). A rule calls them once per finding, not per value,
// but each call in Rego is several function evaluations: a contract's name
// alone is seven. A look-ahead writes again the messages of every finding that
// appears on a day, so there they cost more than the rule that found them.
// As for the other natives, the Rego in policies/lib is the meaning, and
// natives_internal_test.go checks the two agree on every kind of value.

// maxShown is lib.max_shown: how many characters of a value a message quotes.
const maxShown = 60

// clipText is lib.clip of a string: at most maxShown characters, marked with
// an ellipsis when cut. OPA's substring reads the text as runes, an invalid
// byte as U+FFFD, and so does the conversion here.
func clipText(s string) string {
	if utf8.RuneCountInString(s) <= maxShown {
		return s
	}
	return string([]rune(s)[:maxShown]) + "…"
}

// quoteText is lib.quote of a string.
func quoteText(s string) string {
	if n := utf8.RuneCountInString(s); n > maxShown {
		return fmt.Sprintf("%q (%d characters)", clipText(s), n)
	}
	return fmt.Sprintf("%q", s)
}

// opaCall calls an OPA built-in as a rule's call of it does: an error makes
// the call undefined, as in an evaluation without strict built-in errors.
func opaCall(name string, args ...*ast.Term) (*ast.Term, bool) {
	var out *ast.Term
	err := topdown.GetBuiltin(name)(topdown.BuiltinContext{}, args, func(t *ast.Term) error {
		out = t
		return nil
	})
	return out, err == nil && out != nil
}

// collectionLen is count of an array, object or set; false for another value
// (count fails on it).
func collectionLen(v ast.Value) (int, bool) {
	switch v := v.(type) {
	case *ast.Array:
		return v.Len(), true
	case ast.Object:
		return v.Len(), true
	case ast.Set:
		return v.Len(), true
	}
	return 0, false
}

// clipNative is lib.clip: a string clipped; an array, object or set of at
// most maxShown elements as it is (count holds, the first body gives it);
// undefined for anything else (count or substring fails).
func clipNative(_ topdown.BuiltinContext, operands []*ast.Term, iter func(*ast.Term) error) error {
	if s, ok := operands[0].Value.(ast.String); ok {
		if c := clipText(string(s)); c != string(s) {
			return iter(ast.StringTerm(c))
		}
		return iter(operands[0])
	}
	if n, ok := collectionLen(operands[0].Value); ok && n <= maxShown {
		return iter(operands[0])
	}
	return nil
}

// quoteNative is lib.quote: a string quoted as by %q; an array, object or set
// of at most maxShown elements is given to sprintf's %q as its text (what OPA
// does with a value that is not a string or a number); undefined for the rest.
func quoteNative(_ topdown.BuiltinContext, operands []*ast.Term, iter func(*ast.Term) error) error {
	if s, ok := operands[0].Value.(ast.String); ok {
		return iter(ast.StringTerm(quoteText(string(s))))
	}
	if n, ok := collectionLen(operands[0].Value); ok && n <= maxShown {
		return iter(ast.StringTerm(fmt.Sprintf("%q", operands[0].Value.String())))
	}
	return nil
}

// field is v.<key> as a rule reads it: an object's value at key; a set's
// element key when it has it; undefined otherwise.
func field(v *ast.Term, key string) *ast.Term {
	if v == nil {
		return nil
	}
	k := ast.InternedTerm(key)
	switch x := v.Value.(type) {
	case ast.Object:
		return x.Get(k)
	case ast.Set:
		if x.Contains(k) {
			return k
		}
	}
	return nil
}

// stringOf is the string t holds; false when t is undefined (nil) or holds
// another value.
func stringOf(t *ast.Term) (string, bool) {
	if t == nil {
		return "", false
	}
	s, ok := t.Value.(ast.String)
	return string(s), ok
}

// filledTerm is lib.filled of a value that may be undefined (nil).
func filledTerm(t *ast.Term) (string, bool) {
	s, ok := stringOf(t)
	return s, ok && filled(ast.String(s))
}

// describeService is lib.describe_service.
func describeService(service *ast.Term) string {
	id, idOK := stringOf(field(service, "id"))
	if !idOK {
		return "a service with no id"
	}
	if name, ok := stringOf(field(service, "name")); ok {
		return "service " + quoteText(id) + " (" + clipText(name) + ")"
	}
	return "service " + quoteText(id)
}

func describeServiceNative(_ topdown.BuiltinContext, operands []*ast.Term, iter func(*ast.Term) error) error {
	return iter(ast.StringTerm(describeService(operands[0])))
}

// describeContractNative is lib.describe_contract: undefined when c has no
// contract or service, or (without a reference) no position j to count from.
func describeContractNative(_ topdown.BuiltinContext, operands []*ast.Term, iter func(*ast.Term) error) error {
	c := operands[0]
	contract, service := field(c, "contract"), field(c, "service")
	if contract == nil || service == nil {
		return nil
	}
	var reference string
	if ref, ok := filledTerm(field(contract, "reference")); ok {
		reference = clipText(ref)
	} else {
		j := field(c, "j")
		if j == nil {
			return nil
		}
		next, ok := opaCall("plus", j, ast.InternedTerm(1))
		if !ok {
			return nil
		}
		t, ok := opaCall("sprintf", ast.InternedTerm("#%d (no reference)"), ast.ArrayTerm(next))
		if !ok {
			return nil
		}
		reference = string(t.Value.(ast.String))
	}
	with := ""
	if name, ok := filledTerm(field(field(contract, "commissioner"), "name")); ok {
		with = " with " + clipText(name)
	}
	return iter(ast.StringTerm("contract " + reference + with + " for " + describeService(service)))
}

// pluralNative is lib.plural: sprintf's "%d %s", or "%d %ss" unless n == 1.
func pluralNative(_ topdown.BuiltinContext, operands []*ast.Term, iter func(*ast.Term) error) error {
	format := "%d %ss"
	if ast.Compare(operands[0].Value, ast.Number("1")) == 0 {
		format = "%d %s"
	}
	if t, ok := opaCall("sprintf", ast.InternedTerm(format), ast.ArrayTerm(operands[0], operands[1])); ok {
		return iter(t)
	}
	return nil
}

// daysBetweenNative is lib.days_between: whole days from a to b. A date the
// rules compute with is midnight UTC, a whole number of days from 1970, so the
// difference of the day numbers is exact (the nanoseconds' difference could
// overflow 64 bits).
func daysBetweenNative(_ topdown.BuiltinContext, operands []*ast.Term, iter func(*ast.Term) error) error {
	a, okA := dateOf(operands[0].Value)
	b, okB := dateOf(operands[1].Value)
	if !okA || !okB {
		return nil
	}
	const dayNs = 24 * 60 * 60 * 1_000_000_000
	return iter(ast.IntNumberTerm(int(b/dayNs - a/dayNs)))
}

// documentOf is lib.doc of the input t: the document when it is a mapping,
// else an empty one.
func documentOf(t *ast.Term) *ast.Term {
	if _, ok := t.Value.(ast.Object); ok {
		return t
	}
	return ast.ObjectTerm()
}

// getNative is lib.get(path, default) of the document (operands[0], the
// input): OPA's object.get of lib.doc.
func getNative(_ topdown.BuiltinContext, operands []*ast.Term, iter func(*ast.Term) error) error {
	if t, ok := opaCall("object.get", documentOf(operands[0]), operands[1], operands[2]); ok {
		return iter(t)
	}
	return nil
}

// flagNotTrueNative is lib.flag_not_true(path) of the document (operands[0],
// the input): undefined when the value at path is true, else what it holds
// instead. object.get, concat and json.marshal are OPA's own.
func flagNotTrueNative(_ topdown.BuiltinContext, operands []*ast.Term, iter func(*ast.Term) error) error {
	value, ok := opaCall("object.get", documentOf(operands[0]), operands[1], nullTerm)
	if !ok || ast.Compare(value.Value, ast.Boolean(true)) == 0 {
		return nil
	}
	joined, ok := opaCall("concat", ast.InternedTerm("."), operands[1])
	if !ok {
		return nil
	}
	described := "is not set"
	if ast.Compare(value.Value, ast.Null{}) != 0 {
		shown, ok := jsonValue(value)
		if !ok {
			return nil
		}
		described = "is " + shown
	}
	return iter(ast.StringTerm(string(joined.Value.(ast.String)) + " " + described + ", expected true"))
}

// jsonValue is lib.json_value: a string clipped then written as JSON, any
// other value written as JSON then clipped.
func jsonValue(value *ast.Term) (string, bool) {
	if s, ok := value.Value.(ast.String); ok {
		t, ok := opaCall("json.marshal", ast.StringTerm(clipText(string(s))))
		if !ok {
			return "", false
		}
		return string(t.Value.(ast.String)), true
	}
	t, ok := opaCall("json.marshal", value)
	if !ok {
		return "", false
	}
	return clipText(string(t.Value.(ast.String))), true
}
