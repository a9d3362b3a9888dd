package policy

import (
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// A built-in that builds its result in one step cannot be stopped by the time
// limit half-way: count(numbers.range(1, 400000000)) ran a run out of memory
// (a Go fatal error, no report) under a 3 GB address-space limit. Each built-in
// that can build far more than its arguments hold is checked first, as
// outputs.go does for the text written out, and stops the evaluation when its
// result would be over these bounds; the document is reported as not checked.
const (
	// maxValues bounds the values of a list one call builds: a million numbers
	// or strings are some hundred MB in Rego's terms.
	maxValues = 1 << 20
	// maxDigits bounds the numbers arithmetic computes with, in digits of
	// their whole part: OPA writes a whole result out in full (the floor of
	// 1e100000000 is a hundred million digits). No manifest needs more.
	maxDigits = 1 << 14
)

// LimitError stops an evaluation in which a built-in would build a result over
// the bounds above.
type LimitError struct{ Builtin, What string }

func (e *LimitError) Error() string {
	return fmt.Sprintf("a policy called %s on values that would %s", e.Builtin, e.What)
}

// limits says, for each bounded built-in, what is over its bounds about a call
// with these operands ("" when nothing is).
var limits = map[string]func(ops []*ast.Term) string{
	"numbers.range":      func(ops []*ast.Term) string { return numbersIn(ops, 2) + rangeLen(ops[0], ops[1], nil) },
	"numbers.range_step": func(ops []*ast.Term) string { return numbersIn(ops, 3) + rangeLen(ops[0], ops[1], ops[2]) },
	"bits.lsh":           shiftLeft,
	"split": func(ops []*ast.Term) string {
		return values(strings.Count(str(ops[0]), str(ops[1])) + 1)
	},
	"strings.split_n": func(ops []*ast.Term) string {
		n := strings.Count(str(ops[0]), str(ops[1])) + 1
		if limit := intOf(ops[2]); limit >= 0 {
			n = min(n, limit)
		}
		return values(n)
	},
	"indexof_n":   func(ops []*ast.Term) string { return values(strings.Count(str(ops[0]), str(ops[1]))) },
	"regex.split": func(ops []*ast.Term) string { return matches(str(ops[0]), str(ops[1]), -1) },
	"regex.find_n": func(ops []*ast.Term) string {
		return matches(str(ops[0]), str(ops[1]), intOf(ops[2]))
	},
	"regex.find_all_string_submatch_n": func(ops []*ast.Term) string {
		return matches(str(ops[0]), str(ops[1]), intOf(ops[2]))
	},
	// Replacing writes out: each occurrence of a short text with a long one.
	"replace": func(ops []*ast.Term) string {
		s, old, repl := str(ops[0]), str(ops[1]), str(ops[2])
		return writes(len(s) + strings.Count(s, old)*len(repl))
	},
	"strings.replace_n": func(ops []*ast.Term) string {
		s := str(ops[1])
		n := len(s)
		if patterns, ok := ops[0].Value.(ast.Object); ok {
			patterns.Foreach(func(k, v *ast.Term) {
				n += strings.Count(s, str(k)) * len(str(v))
			})
		}
		return writes(n)
	},
	// regex.replace: each match (at most one for each byte and one more) is
	// replaced by the value, each $1 or ${name} in it by a part of one match:
	// all of them, over all matches, at most the text once.
	"regex.replace": func(ops []*ast.Term) string {
		s, value := str(ops[0]), str(ops[2])
		refs := strings.Count(value, "$")
		return writes(len(s) + (len(s)+1)*max(0, len(value)-2*refs) + refs*len(s))
	},
	"units.parse":       func(ops []*ast.Term) string { return unitsNumber(str(ops[0])) },
	"units.parse_bytes": func(ops []*ast.Term) string { return unitsNumber(str(ops[0])) },
}

func init() {
	// Arithmetic: every number operand, and the numbers of a list or set for
	// sum and product together, within maxDigits.
	for _, name := range []string{"plus", "minus", "mul", "div", "rem", "abs", "ceil", "floor", "round",
		"format_int", "bits.and", "bits.or", "bits.xor", "bits.negate", "bits.rsh"} {
		limits[name] = func(ops []*ast.Term) string { return numbersIn(ops, len(ops)) }
	}
	for _, name := range []string{"sum", "product"} {
		limits[name] = func(ops []*ast.Term) string {
			digits := 0
			each := func(t *ast.Term) bool {
				if n, ok := t.Value.(ast.Number); ok {
					digits += numberDigits(n)
				}
				return digits > maxDigits
			}
			switch c := ops[0].Value.(type) {
			case *ast.Array:
				c.Until(each)
			case ast.Set:
				c.Until(each)
			}
			return tooBig(digits)
		}
	}
	for name, over := range limits {
		f := topdown.GetBuiltin(name)
		if f == nil {
			panic("policy: no built-in " + name + " to bound")
		}
		topdown.RegisterBuiltinFunc(name, func(bctx topdown.BuiltinContext, operands []*ast.Term, iter func(*ast.Term) error) error {
			if what := over(operands); what != "" {
				return topdown.Halt{Err: &LimitError{Builtin: name, What: what}}
			}
			return f(bctx, operands, iter)
		})
	}
}

// str is a string operand, "" for any other (the built-in refuses it itself).
func str(t *ast.Term) string {
	s, _ := t.Value.(ast.String)
	return string(s)
}

func intOf(t *ast.Term) int {
	if n, ok := t.Value.(ast.Number); ok {
		if i, ok := n.Int(); ok {
			return i
		}
	}
	return -1
}

func values(n int) string {
	if n > maxValues {
		return fmt.Sprintf("build over %d values in one list", maxValues)
	}
	return ""
}

func writes(n int) string {
	if n > maxWritten {
		return fmt.Sprintf("write over %d MiB", maxWritten>>20)
	}
	return ""
}

func tooBig(digits int) string {
	if digits > maxDigits {
		return fmt.Sprintf("compute with a number of over %d digits", maxDigits)
	}
	return ""
}

// numbersIn checks the number operands among the first n.
func numbersIn(ops []*ast.Term, n int) string {
	digits := 0
	for _, t := range ops[:min(n, len(ops))] {
		if x, ok := t.Value.(ast.Number); ok {
			digits = max(digits, numberDigits(x))
		}
	}
	return tooBig(digits)
}

// numberDigits is at least the digits of a number's whole part, read from its
// text without computing it: its characters, and one for each power of ten of
// its exponent (a negative one too: such numbers are no more needed).
func numberDigits(n ast.Number) int {
	s := string(n)
	i := strings.IndexAny(s, "eE")
	if i < 0 {
		return len(s)
	}
	exp, err := strconv.Atoi(strings.TrimPrefix(s[i+1:], "+"))
	if err != nil || exp > maxDigits || exp < -maxDigits {
		return maxDigits + 1
	}
	return i + max(exp, -exp)
}

// rangeLen checks how many numbers numbers.range(_step) would build.
func rangeLen(from, to, step *ast.Term) string {
	a, okA := from.Value.(ast.Number)
	b, okB := to.Value.(ast.Number)
	x, okX := new(big.Rat).SetString(string(a))
	y, okY := new(big.Rat).SetString(string(b))
	if !okA || !okB || !okX || !okY {
		return "" // not numbers: the built-in says so
	}
	n := new(big.Rat).Abs(new(big.Rat).Sub(y, x))
	if step != nil {
		s, ok := step.Value.(ast.Number)
		by, okS := new(big.Rat).SetString(string(s))
		if !ok || !okS || by.Sign() <= 0 {
			return ""
		}
		n.Quo(n, by)
	}
	if n.Cmp(big.NewRat(maxValues, 1)) >= 0 {
		return fmt.Sprintf("build over %d values in one list", maxValues)
	}
	return ""
}

// shiftLeft checks the bits bits.lsh(x, n) would have: those of x, and n more.
func shiftLeft(ops []*ast.Term) string {
	if what := numbersIn(ops, 1); what != "" {
		return what
	}
	x, _ := ops[0].Value.(ast.Number)
	n, ok := ops[1].Value.(ast.Number)
	if !ok {
		return ""
	}
	shift, ok := n.Int64()
	if !ok {
		return tooBig(maxDigits + 1)
	}
	// Each 3 bits shifted add less than one digit.
	return tooBig(numberDigits(x) + int(min(max(shift, 0), 4*maxDigits)/3))
}

// matches checks how many matches (at most n, when n is not negative) a
// regular expression finds: only when a text could hold more than the bound,
// so the search runs twice only for texts over a million bytes.
func matches(pattern, s string, n int) string {
	if len(s)+1 <= maxValues || n >= 0 && n <= maxValues {
		return ""
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return "" // the built-in reports it
	}
	return values(len(re.FindAllStringIndex(s, maxValues+1)))
}

// unitsNumber checks the number a units.parse string starts with.
func unitsNumber(s string) string {
	m := unitsPrefix.FindString(strings.TrimSpace(s))
	if m == "" {
		return ""
	}
	return tooBig(numberDigits(ast.Number(strings.TrimLeft(m, "+-"))))
}

var unitsPrefix = regexp.MustCompile(`^[-+]?[0-9.]+([eE][-+]?[0-9]+)?`)
