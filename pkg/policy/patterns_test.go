package policy_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/erslint/erslint/pkg/policy"
)

// A pattern built from a manifest's value was compiled whole, in one call the
// time limit cannot stop, and kept by OPA: a 9 MiB organisation name given to
// regex.match took 16 seconds and about 700 MiB a document. Every built-in
// that compiles a pattern stops the evaluation at a pattern over 500
// characters, and runs as before at 500.
func TestLongPatternsStopTheEvaluation(t *testing.T) {
	calls := map[string]string{
		"regex.match":                      `regex.match(p, "x")`,
		"regex.is_valid":                   `regex.is_valid(p)`,
		"regex.find_n":                     `regex.find_n(p, "x", 1)`,
		"regex.find_all_string_submatch_n": `regex.find_all_string_submatch_n(p, "x", 1)`,
		"regex.split":                      `regex.split(p, "x")`,
		"regex.replace":                    `regex.replace("x", p, "y")`,
		"regex.template_match":             `regex.template_match(p, "x", "{", "}")`,
		"regex.globs_match":                `regex.globs_match("x", p)`,
		"glob.match":                       `glob.match(p, [], "x")`,
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			src := fmt.Sprintf(`# METADATA
# title: Pattern
# custom:
#   id: ORG-PAT-001
#   severity: error
#   stage: planning
package erslint.rules.custom.pattern

deny contains {"msg": "ran", "path": []} if {
	p := input.pattern
	x := %s
	x == x
}
`, call)
			e := engine(t, policy.Source{Name: "org/pattern.rego", Text: []byte(src)})
			for _, n := range []int{500, 501, 1 << 20} {
				pattern := strings.Repeat("é", n)
				results, err := e.Evaluate(context.Background(), map[string]any{"pattern": pattern})
				var pe *policy.PatternError
				switch {
				case n <= 500 && err != nil:
					t.Errorf("a pattern of %d characters: %v", n, err)
				case n > 500 && (!errors.As(err, &pe) || pe.Builtin != name || pe.Length != n):
					t.Errorf("a pattern of %d characters: err = %v, want a PatternError of %s", n, err, name)
				case n > 500 && results != nil:
					t.Errorf("a pattern of %d characters: results returned", n)
				}
			}
		})
	}
}
