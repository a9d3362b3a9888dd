package policy

import (
	"fmt"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// maxPattern bounds the regular expressions and globs a policy may compile,
// in characters. Compiling is one call the time limit cannot interrupt, and
// OPA keeps the last 100 patterns compiled for the life of the run: a 9 MiB
// pattern built from a manifest value took 16 seconds and about 700 MiB each.
// A compiled pattern holds about 6 KiB a character at worst ([a-z]{1000}
// repeated), so 500 characters is at most 3 MiB each, 300 MiB for the 100
// kept; a pattern a policy writes (an ODS code, a URL) has a few dozen.
const maxPattern = 500

// patternArgs are the built-ins that compile an argument as a regular
// expression or a glob, and which arguments.
var patternArgs = map[string][]int{
	"re_match":                         {0},
	"regex.match":                      {0},
	"regex.is_valid":                   {0},
	"regex.find_n":                     {0},
	"regex.find_all_string_submatch_n": {0},
	"regex.split":                      {0},
	"regex.replace":                    {1},
	"regex.template_match":             {0},
	"regex.globs_match":                {0, 1},
	"glob.match":                       {0},
}

// PatternError stops an evaluation that would compile a pattern longer than
// maxPattern: the document is reported as not checked, never passed over.
type PatternError struct {
	Builtin string
	Length  int // characters
}

func (e *PatternError) Error() string {
	return fmt.Sprintf("a policy called %s with a pattern of %d characters, over the limit of %d", e.Builtin, e.Length, maxPattern)
}

func init() {
	for name, args := range patternArgs {
		topdown.RegisterBuiltinFunc(name, boundPatterns(name, args, topdown.GetBuiltin(name)))
	}
}

// boundPatterns runs f unless one of its pattern arguments is too long.
func boundPatterns(name string, args []int, f topdown.BuiltinFunc) topdown.BuiltinFunc {
	return func(bctx topdown.BuiltinContext, operands []*ast.Term, iter func(*ast.Term) error) error {
		for _, i := range args {
			if i >= len(operands) {
				continue
			}
			if s, ok := operands[i].Value.(ast.String); ok && len(s) > maxPattern {
				if n := utf8.RuneCountInString(string(s)); n > maxPattern {
					return topdown.Halt{Err: &PatternError{Builtin: name, Length: n}}
				}
			}
		}
		return f(bctx, operands, iter)
	}
}
