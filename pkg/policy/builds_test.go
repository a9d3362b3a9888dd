package policy_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/erslint/erslint/pkg/policy"
)

// A built-in that builds its result in one step, which the time limit cannot
// stop, is bounded: past a million values in one list, a number over 2^65536,
// or 32 MiB written out, the evaluation stops with a LimitError (lint reports
// the document as not checked). Each case over the bound is just over it, so
// that the unbounded built-in still finishes here; the case,
// count(numbers.range(1, 400000000)), is TestCustomPolicyCannotExhaustMemory
// in cmd/erslint, under a 3 GB address-space limit.
func TestBuiltinsThatBuildMuchAreBounded(t *testing.T) {
	tests := []struct {
		name, expr string
		stops      bool
	}{
		{"numbers.range", `numbers.range(1, 1100000)`, true},
		{"numbers.range down", `numbers.range(1100000, 1)`, true},
		{"numbers.range_step", `numbers.range_step(0, 2200000, 2)`, true},
		{"bits.lsh", `bits.lsh(1, 60000)`, true},
		{"bits.lsh of a big shift", `bits.lsh(1, 100000000000000000000)`, true},
		// A policy cannot write such a number (OPA's parser refuses it, and
		// to_number), but can compute one: huge is 1e19200.
		{"floor of a huge number", `floor(huge)`, true},
		{"mul of a huge number", `huge * 1`, true},
		{"plus of a huge number", `huge + 1`, true},
		{"sum of huge numbers", `sum([1, huge])`, true},
		{"product of huge numbers", `product([h5, h5])`, true},
		{"format_int of a huge number", `format_int(huge, 2)`, true},
		{"units.parse of a huge number", `units.parse("1e20000")`, true},
		{"units.parse_bytes of a huge number", `units.parse_bytes("1e20000KB")`, true},
		{"split into characters", `split(input.text, "")`, true},
		{"strings.split_n", `strings.split_n(input.text, "", -1)`, true},
		{"indexof_n", `indexof_n(input.text, "x")`, true},
		{"regex.split", `regex.split("", input.text)`, true},
		{"regex.find_n", `regex.find_n("x", input.text, -1)`, true},
		{"regex.find_all_string_submatch_n", `regex.find_all_string_submatch_n("(x)", input.text, -1)`, true},
		{"replace", `replace(input.few, "x", input.big)`, true},
		{"strings.replace_n", `strings.replace_n({"x": input.big}, input.few)`, true},
		{"regex.replace", `regex.replace(input.few, "x", input.big)`, true},
		// Within the bounds: the built-ins work as before.
		{"numbers.range small", `numbers.range(1, 1000)`, false},
		{"numbers.range_step small", `numbers.range_step(1, 1000, 7)`, false},
		{"bits.lsh small", `bits.lsh(1, 62)`, false},
		{"arithmetic", `[floor(1.5), 2 * 3, 1e300 * 10, sum([1, 2]), product([2, 3]), format_int(255, 16)]`, false},
		{"units.parse", `units.parse("10Mi")`, false},
		{"split a little", `split("a,b,c", ",")`, false},
		{"split_n a lot, keeping few", `strings.split_n(input.text, "", 10)`, false},
		{"regex.find_n a few in much", `regex.find_n("x", input.text, 5)`, false},
		{"replace a little", `replace(input.text, "y", "z")`, false},
		{"regex.replace with groups", `regex.replace(input.few, "(x)", "[$1]")`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := `# METADATA
# title: Builds
# custom:
#   id: ORG-BUILD-001
#   severity: error
#   stage: planning
package erslint.rules.custom.builds

h1 := 1e300 * 1e300

h2 := h1 * h1

h3 := h2 * h2

h4 := h3 * h3

h5 := h4 * h4

huge := h5 * h5

deny contains {"msg": sprintf("%d", [count(json.marshal(x))]), "path": []} if {
	x := ` + tt.expr + `
}
`
			e := engine(t, policy.Source{Name: "org/builds.rego", Text: []byte(src)})
			results, err := e.Evaluate(context.Background(), map[string]any{
				"text": strings.Repeat("x", 1_100_000), // a text of a million characters
				"few":  strings.Repeat("x", 4000),
				"big":  strings.Repeat("y", 10_000),
			})
			var le *policy.LimitError
			switch {
			case tt.stops && !errors.As(err, &le):
				t.Errorf("err = %v, want a LimitError", err)
			case !tt.stops && err != nil:
				t.Errorf("err = %v", err)
			case !tt.stops && len(results) == 0:
				t.Error("the rule did not fire")
			}
		})
	}
}
