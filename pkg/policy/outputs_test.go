package policy_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/erslint/erslint/pkg/policy"
)

// A value shares its parts: 100,000 copies of one 10 KB string cost little
// until a built-in writes them out, whole, in one step the time limit cannot
// stop (json.marshal of it ran the run out of memory). Each built-in that
// writes values out stops the evaluation past 32 MiB; writing a whole 10 MiB
// manifest still works.
func TestLargeOutputsStopTheEvaluation(t *testing.T) {
	tests := []struct {
		name, expr string
		stops      bool
	}{
		{"json.marshal shared", `json.marshal(copies)`, true},
		{"yaml.marshal shared", `yaml.marshal({"a": copies})`, true},
		{"sprintf shared", `sprintf("%v", [copies])`, true},
		{"concat shared", `concat(",", copies)`, true},
		{"concat set", `concat(",", {sprintf("%d%s", [i, big]) | some i in numbers.range(1, 4000)})`, true},
		{"sprintf widths", `sprintf(concat("", ["%1000000d" | some _ in numbers.range(1, 40)]), numbers.range(1, 40))`, true},
		{"sprintf star widths", `sprintf(concat("", ["%*d" | some _ in numbers.range(1, 40)]), [1000000 | some _ in numbers.range(1, 80)])`, true},
		{"json.marshal of the input", `json.marshal(input)`, false},
		{"sprintf of the input", `sprintf("%v %5d", [input, 1])`, false},
		{"concat of a few", `concat(",", array.slice(copies, 0, 100))`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := `# METADATA
# title: Output
# custom:
#   id: ORG-OUT-001
#   severity: error
#   stage: planning
package erslint.rules.custom.output

big := concat("", [input.unit | some _ in numbers.range(1, 1000)])

copies := [big | some _ in numbers.range(1, 100000)]

deny contains {"msg": sprintf("%d", [count(x)]), "path": []} if {
	x := ` + tt.expr + `
}
`
			e := engine(t, policy.Source{Name: "org/output.rego", Text: []byte(src)})
			// A manifest of 10 MiB, in one value, and a 10-byte unit.
			results, err := e.Evaluate(context.Background(), map[string]any{"unit": "0123456789", "text": strings.Repeat("x", 10<<20)})
			var oe *policy.OutputError
			switch {
			case tt.stops && (!errors.As(err, &oe) || !strings.Contains(err.Error(), "over 32 MiB written out")):
				t.Errorf("err = %v, want an OutputError", err)
			case !tt.stops && err != nil:
				t.Errorf("err = %v", err)
			case !tt.stops && len(results) == 0:
				t.Error("the rule did not fire")
			}
		})
	}
}
