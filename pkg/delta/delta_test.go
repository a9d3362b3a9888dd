package delta

import (
	"testing"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/lint"
)

func run(docs []lint.DocumentInfo, fs ...finding.Finding) *lint.Report {
	return &lint.Report{DocumentInfos: docs, Findings: fs}
}

func f(file string, line int, rule string, sev finding.Severity, path ...any) finding.Finding {
	return finding.Finding{File: file, Line: line, Column: 1, RuleID: rule, Severity: sev, Path: path, Message: "m"}
}

func TestCompare(t *testing.T) {
	a := []lint.DocumentInfo{{File: "a.yaml", Name: "alpha", Checked: true}}
	renamed := []lint.DocumentInfo{{File: "b.yaml", Name: "alpha", Checked: true}}
	unnamed := []lint.DocumentInfo{{File: "a.yaml", Checked: true}}
	tests := []struct {
		name                  string
		base, head            *lint.Report
		newCount, intro, reso int
	}{
		{"lines move", run(a, f("a.yaml", 3, "R1", finding.Error, "x")), run(a, f("a.yaml", 9, "R1", finding.Error, "x")), 0, 0, 0},
		{"file renamed", run(a, f("a.yaml", 3, "R1", finding.Error, "x")), run(renamed, f("b.yaml", 3, "R1", finding.Error, "x")), 0, 0, 0},
		{"new path", run(a, f("a.yaml", 3, "R1", finding.Error, "x")), run(a, f("a.yaml", 3, "R1", finding.Error, "y")), 1, 1, 1},
		{"one more at a path", run(a, f("a.yaml", 3, "R1", finding.Error)), run(a, f("a.yaml", 3, "R1", finding.Error), f("a.yaml", 4, "R1", finding.Error)), 1, 1, 0},
		{"resolved", run(a, f("a.yaml", 3, "R1", finding.Error), f("a.yaml", 4, "R2", finding.Warning)), run(a, f("a.yaml", 3, "R1", finding.Error)), 0, 0, 1},
		{"unnamed document by file", run(unnamed, f("a.yaml", 3, "R1", finding.Error)), run(unnamed, f("a.yaml", 5, "R1", finding.Error)), 0, 0, 0},
		{"new file", run(nil), run(a, f("a.yaml", 3, "R1", finding.Error)), 1, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Compare("main", tt.base, tt.head)
			if len(r.New) != tt.newCount || r.Introduced != tt.intro || r.Resolved != tt.reso {
				t.Errorf("new %d, introduced %d, resolved %d; want %d, %d, %d", len(r.New), r.Introduced, r.Resolved, tt.newCount, tt.intro, tt.reso)
			}
			if tt.intro+tt.reso > 0 && (len(r.Orgs) != 1 || r.Orgs[0].Name != "alpha" && r.Orgs[0].Name != "a.yaml#1") {
				t.Errorf("organisations %+v, want alpha", r.Orgs)
			}
			if got := r.Filter(tt.head).Findings; len(got) != tt.newCount {
				t.Errorf("Filter kept %d findings", len(got))
			}
		})
	}
}
