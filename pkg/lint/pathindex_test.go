package lint

import (
	"context"
	"strings"
	"testing"

	"github.com/erslint/erslint/pkg/policy"
)

// TestCustomPathIndexSaysWhatIsWrong: a custom rule's path index taken from
// a manifest is refused with what is wrong with it: 1e29 is out of range, not
// "not a whole number"; 1.5 is not a whole number; 2e0 is the index 2.
func TestCustomPathIndexSaysWhatIsWrong(t *testing.T) {
	tests := []struct{ index, want string }{
		{"1e29", "path index 1e29 is out of range"},
		{"100000000000000000000000000000", "path index 100000000000000000000000000000 is out of range"},
		{"1.5", "path index 1.5 is not a whole number"},
		{"2e0", ""},
	}
	for _, tt := range tests {
		t.Run(tt.index, func(t *testing.T) {
			rule := `# METADATA
# title: Index
# custom:
#   id: ORG-IDX-001
#   severity: error
#   stage: planning
package erslint.rules.org.index

deny contains {"msg": "m", "path": ["devices", ` + tt.index + `]} if input.stage
`
			l := newLinter(t, Options{Policies: []policy.Source{{Name: "org/index.rego", Text: []byte(rule)}}})
			rep, err := l.Lint(context.Background(), []Input{{Name: "a.yaml", Data: []byte(orgManifest("planning", ""))}})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range rep.Findings {
				if f.RuleID == "ORG-IDX-001" && tt.want == "" && f.Path.String() == "devices[2]" {
					return
				}
				if f.RuleID == "ERS-SCHEMA-001" {
					got = append(got, f.Message)
				}
			}
			if tt.want == "" || len(got) != 1 || !strings.Contains(got[0], tt.want) {
				t.Errorf("findings %q, want one saying %q", got, tt.want)
			}
		})
	}
}
