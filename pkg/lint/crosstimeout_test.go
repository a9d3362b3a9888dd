package lint

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/erslint/erslint/pkg/policy"
)

// TestCrossManifestTimeoutIsAFinding: cross-manifest rules that cannot finish
// within --eval-timeout do not take the run down: every document reported on
// keeps its own findings and gets one ERS-SCHEMA-001 at its metadata.name
// saying it was not compared; context files get none.
func TestCrossManifestTimeoutIsAFinding(t *testing.T) {
	slow := neverFinishingRun
	l := newLinter(t, Options{EvalTimeout: 300 * time.Millisecond,
		Policies: []policy.Source{{Name: "org/slow.rego", Text: []byte(slow)}}})
	plain := newLinter(t, Options{})
	b := strings.Replace(strings.Replace(orgManifest("planning", ""), "odsCode: RXX", "odsCode: RXY", 1), "name: m\n", "name: b\n", 1)
	inputs := []Input{{Name: "a.yaml", Data: []byte(orgManifest("planning", ""))}, {Name: "b.yaml", Data: []byte(b)}}
	others := []Input{{Name: "ctx/c.yaml", Data: []byte(orgManifest("planning", ""))}}
	rep, err := l.LintInContext(context.Background(), inputs, others)
	if err != nil {
		t.Fatalf("the run failed: %v", err)
	}
	want, err := plain.Lint(context.Background(), inputs)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rep.Findings {
		if f.RuleID == "ERS-SCHEMA-001" && strings.Contains(f.Message, "cross-manifest rules") {
			got = append(got, f.File+" "+f.Path.String())
			if !strings.Contains(f.Message, "within the time limit of 300ms") || f.Line != 4 || f.Column != 9 {
				t.Errorf("%s:%d:%d %s", f.File, f.Line, f.Column, f.Message)
			}
			continue
		}
		if f.File == "ctx/c.yaml" {
			t.Errorf("a context file is reported on: %+v", f)
		}
	}
	if strings.Join(got, ",") != "a.yaml metadata.name,b.yaml metadata.name" {
		t.Errorf("not-compared findings on %q, want one on each file given, at metadata.name", got)
	}
	if n := len(rep.Findings) - len(got); n != len(want.Findings) {
		t.Errorf("%d findings of the documents' own, want %d (as without the slow rule)", n, len(want.Findings))
	}
}

// neverFinishingRun is a cross-manifest rule that runs past any time limit.
const neverFinishingRun = `# METADATA
# title: Never finishes
# custom:
#   id: ORG-RUN-009
#   severity: error
#   stage: planning
package erslint.run.org.slow

deny contains {"msg": "m", "path": [], "document": 0} if {
	some i in numbers.range(1, 100000)
	some j in numbers.range(1, 100000)
	i * j < 0
}
`
