package policy

import (
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// maxWritten bounds the text a built-in may write out in one call, in bytes:
// three times the largest manifest (--max-file-size, 10 MiB by default), so
// json.marshal(input) of any manifest still works.
//
// A Rego value shares its parts: [big | some _ in numbers.range(1, 100000)]
// holds one string 100,000 times for the cost of the pointers, and writing it
// out (json.marshal, sprintf "%v") repeats it whole, in one step the time
// limit cannot stop. json.marshal of 100,000 copies of a 10 KB string ran the
// run out of memory. The size such a call would write is counted first, and
// the count stops as soon as it passes the bound, so counting costs at most
// that many steps.
const maxWritten = 32 << 20

// OutputError stops an evaluation in which a built-in would write out more
// than maxWritten bytes: the document is reported as not checked.
type OutputError struct{ Builtin string }

func (e *OutputError) Error() string {
	return fmt.Sprintf("a policy called %s on a value that would be over %d MiB written out", e.Builtin, maxWritten>>20)
}

// outputSize is how many bytes each bounded built-in would write, at least,
// counted up to limit (a count over limit means "too much").
var outputSize = map[string]struct {
	args int
	size func(operands []*ast.Term, limit int) int
}{
	"json.marshal": {1, func(ops []*ast.Term, limit int) int { return written(ops[0].Value, limit) }},
	"yaml.marshal": {1, func(ops []*ast.Term, limit int) int { return written(ops[0].Value, limit) }},
	"sprintf": {2, func(ops []*ast.Term, limit int) int {
		format, _ := ops[0].Value.(ast.String)
		return formatWidths(string(format)) + written(ops[1].Value, limit)
	}},
	"concat": {2, func(ops []*ast.Term, limit int) int {
		delim, _ := ops[0].Value.(ast.String)
		n := 0
		each := func(t *ast.Term) bool {
			if s, ok := t.Value.(ast.String); ok {
				n += len(s) + len(delim)
			}
			return n > limit
		}
		switch c := ops[1].Value.(type) {
		case *ast.Array:
			c.Until(each)
		case ast.Set:
			c.Until(each)
		}
		return n
	}},
}

func init() {
	for name, b := range outputSize {
		f := topdown.GetBuiltin(name)
		topdown.RegisterBuiltinFunc(name, func(bctx topdown.BuiltinContext, operands []*ast.Term, iter func(*ast.Term) error) error {
			if len(operands) >= b.args && b.size(operands, maxWritten) > maxWritten {
				return topdown.Halt{Err: &OutputError{Builtin: name}}
			}
			return f(bctx, operands, iter)
		})
	}
}

// written counts the bytes of v written as JSON, shared parts each time they
// appear, up to just past limit.
func written(v ast.Value, limit int) int {
	n := 0
	var walk func(v ast.Value) bool // false: stop, over limit
	walk = func(v ast.Value) bool {
		switch x := v.(type) {
		case ast.String:
			n += len(x) + 2
		case ast.Number:
			n += len(x)
		case *ast.Array:
			n += 2
			x.Until(func(t *ast.Term) bool { n++; return !walk(t.Value) })
		case ast.Set:
			n += 2
			x.Until(func(t *ast.Term) bool { n++; return !walk(t.Value) })
		case ast.Object:
			n += 2
			x.Until(func(k, t *ast.Term) bool { n += 2; return !walk(k.Value) || !walk(t.Value) })
		default:
			n += 4
		}
		return n <= limit
	}
	walk(v)
	return n
}

// formatWidths is what the widths and precisions of a format ask for at
// least: "%1000000d" pads to a million characters, and a format may repeat
// it. A * takes the width from the arguments: up to the million Go allows.
func formatWidths(format string) int {
	n := len(format)
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		// Flags, argument indexes, widths and precisions, up to the verb.
		for i++; i < len(format); i++ {
			c := format[i]
			if c >= '0' && c <= '9' {
				w := 0
				for ; i < len(format) && format[i] >= '0' && format[i] <= '9'; i++ {
					w = min(w*10+int(format[i]-'0'), 1<<30)
				}
				n += w
				i--
				continue
			}
			if c == '*' {
				n += 1_000_000
				continue
			}
			if c != '+' && c != '-' && c != '#' && c != ' ' && c != '.' && c != '[' && c != ']' {
				break // the verb
			}
		}
	}
	return n
}
