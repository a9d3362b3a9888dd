package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/lint"
)

// TestGitHubEscaping follows the runner's rules (toolkit/core escapeData and
// escapeProperty): a message may hold : and , but a property value may not.
func TestGitHubEscaping(t *testing.T) {
	tests := []struct {
		name, in, data, property string
	}{
		{"plain", "plain text", "plain text", "plain text"},
		{"percent first", "100%", "100%25", "100%25"},
		{"an escape in the text stays text", "%0A", "%250A", "%250A"},
		{"newline", "a\nb", "a%0Ab", "a%0Ab"},
		{"carriage return", "a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"colon", "C:/x", "C:/x", "C%3A/x"},
		{"comma", "a,b", "a,b", "a%2Cb"},
		{"command in a message", "x\n::error::forged", "x%0A::error::forged", "x%0A%3A%3Aerror%3A%3Aforged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := githubData.Replace(tt.in); got != tt.data {
				t.Errorf("message: %q escaped to %q, want %q", tt.in, got, tt.data)
			}
			if got := githubProperty.Replace(tt.in); got != tt.property {
				t.Errorf("property: %q escaped to %q, want %q", tt.in, got, tt.property)
			}
		})
	}
}

func TestGitHubCommands(t *testing.T) {
	rep := &lint.Report{
		Files: 2, Documents: 2,
		Findings: []finding.Finding{
			{RuleID: "ERS-ACC-001", Severity: finding.Error, Message: "on stdin", File: lint.StdinName, Line: 1, Column: 1},
			{RuleID: "ERS-GOV-003", Severity: finding.Warning, Message: "waived", File: "a.yaml", Line: 2, Column: 1,
				Waiver: &finding.Waiver{Reason: "on order"}},
			{RuleID: "ERS-LIVE-005", Severity: finding.Info, Message: "50% done\nnext: plan", File: "dir,1/a:b.yaml", Line: 3, Column: 5},
			{RuleID: "ERS-TRN-001", Severity: finding.Warning, Message: "review, please", File: "b.yaml", Line: 7, Column: 2},
		},
	}
	var buf bytes.Buffer
	if err := (GitHub{}).Write(&buf, rep); err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"::error title=ERS-ACC-001::on stdin",
		"::notice file=dir%2C1/a%3Ab.yaml,line=3,col=5,endLine=3,title=ERS-LIVE-005::50%25 done%0Anext: plan",
		"::warning file=b.yaml,line=7,col=2,endLine=7,title=ERS-TRN-001::review, please",
		"1 error, 1 warning, 1 info in 2 files (2 documents); 1 finding waived",
		"",
	}, "\n")
	if got := buf.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestGitHubStepSummary(t *testing.T) {
	rep := &lint.Report{Files: 1, Documents: 1, AsOf: "2026-11-24",
		DocumentInfos: []lint.DocumentInfo{{File: "a.yaml", Name: "a", Stage: finding.Live, Checked: true}},
		Findings:      []finding.Finding{{RuleID: "ERS-ODS-001", Severity: finding.Error, Message: "no ODS code", File: "a.yaml", Line: 1, Column: 1}},
	}
	var md bytes.Buffer
	if err := (Markdown{}).Write(&md, rep); err != nil {
		t.Fatal(err)
	}

	t.Run("appends to what other steps wrote", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "summary.md")
		if err := os.WriteFile(path, []byte("## Tests passed\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := (GitHub{StepSummary: path}).Write(&out, rep); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if want := "## Tests passed\n\n" + md.String(); string(got) != want {
			t.Errorf("step summary is\n%s\nwant\n%s", got, want)
		}
		if strings.Contains(out.String(), "##") {
			t.Errorf("the Markdown went to the log as well:\n%s", out.String())
		}
	})

	t.Run("creates a missing file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "summary.md")
		if err := (GitHub{StepSummary: path}).Write(&bytes.Buffer{}, rep); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(path); string(got) != md.String() {
			t.Errorf("step summary is\n%s\nwant\n%s", got, md.String())
		}
	})

	t.Run("an unwritable path is an error", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "no-such-dir", "summary.md")
		var out bytes.Buffer
		err := (GitHub{StepSummary: path}).Write(&out, rep)
		if err == nil || !strings.Contains(err.Error(), "step summary") {
			t.Errorf("got error %v, want one about the step summary", err)
		}
		if !strings.Contains(out.String(), "::error ") {
			t.Error("the annotations should be written before the summary fails")
		}
	})
}
