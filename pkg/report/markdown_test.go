package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/policy"
)

// TestMarkdownCellEscaping: manifest text in a table cell must neither end the
// cell or row, nor turn into HTML or formatting.
func TestMarkdownCellEscaping(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "plain text", "plain text"},
		{"pipe", "a|b", `a\|b`},
		{"escaped pipe stays text", `a\|b`, `a\\\|b`},
		{"backslash", `C:\dir`, `C:\\dir`},
		{"newline", "one\ntwo", "one<br>two"},
		{"crlf is one break", "one\r\ntwo", "one<br>two"},
		{"lone cr", "one\rtwo", "one<br>two"},
		{"html", "<script>x</script>", "&lt;script&gt;x&lt;/script&gt;"},
		{"ampersand", "Broken & Co", "Broken &amp; Co"},
		{"emphasis", "*bold* _it_ ~~del~~", `\*bold\* \_it\_ \~\~del\~\~`},
		{"code", "`code`", "\\`code\\`"},
		{"link", "see [docs](https://evil.example)", "see \\[docs\\](https:\u2060//evil.example)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mdCell(tt.in); got != tt.want {
				t.Errorf("mdCell(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMarkdownText(t *testing.T) {
	if got, want := mdText("a|b\nc"), `a\|b c`; got != want {
		t.Errorf("mdText = %q, want %q: a heading cannot hold a line break", got, want)
	}
}

func TestRuleArea(t *testing.T) {
	tests := []struct{ pkg, want string }{
		{"rules.contract.in_force", "contract"},
		{"rules.golive.service_desk", "golive"},
		{"engine.schema.valid", "schema"},
		{"engine.waiver.stale", "waiver"},
		{"run.repo.ods_unique", "repo"},
		{"rules.custom_area.mine", "custom_area"},
		{"rules", "other"},
		{"", "other"},
	}
	for _, tt := range tests {
		t.Run(tt.pkg, func(t *testing.T) {
			if got := ruleArea(tt.pkg); got != tt.want {
				t.Errorf("ruleArea(%q) = %q, want %q", tt.pkg, got, tt.want)
			}
		})
	}
}

// TestMarkdownSections checks the parts a reviewer relies on: every organisation
// has a section (clean ones too), areas carry the right status, a custom rule's
// area is listed, table cells are escaped, and a waived finding appears only in
// the Waived section, with its reason.
func TestMarkdownSections(t *testing.T) {
	rep := &lint.Report{
		AsOf: "2026-11-24", Files: 2, Documents: 3,
		DocumentInfos: []lint.DocumentInfo{
			{File: "a.yaml", Index: 0, Name: "alpha", Organisation: "Alpha | Co", Stage: finding.Planning, Checked: true},
			{File: "a.yaml", Index: 1, Stage: finding.Live, Checked: true},
			{File: "b.yaml", Index: 0, Name: "clean-org", Stage: finding.Live, Checked: true},
		},
		Rules: []policy.Rule{
			{ID: "ERS-GOV-003", Package: "rules.governance.screen_filters", Builtin: true},
			{ID: "ERS-LIVE-005", Package: "rules.golive.benefits_case", Builtin: true},
			{ID: "ERS-ODS-001", Package: "rules.ods.org_code", Builtin: true},
			{ID: "ACME-X-001", Package: "rules.acme.thing"},
		},
		Findings: []finding.Finding{
			{RuleID: "ERS-GOV-003", Severity: finding.Warning, Message: "filters | missing", File: "a.yaml", Line: 3, Column: 1},
			{RuleID: "ERS-LIVE-005", Severity: finding.Info, Message: "no benefits case", File: "a.yaml", Line: 4, Column: 1},
			{RuleID: "ACME-X-001", Severity: finding.Error, Message: "custom", File: "a.yaml", Line: 5, Column: 1},
			{RuleID: "ERS-ODS-001", Severity: finding.Error, Message: "hidden by waiver", File: "a.yaml", Line: 6, Column: 1,
				Waiver: &finding.Waiver{Reason: "code | pending\nfrom NHS Digital", Expires: "2027-01-31"}},
			{RuleID: "ERS-LIVE-005", Severity: finding.Info, Message: "only info", File: "a.yaml", Document: 1, Line: 20, Column: 1},
		},
	}
	var buf bytes.Buffer
	if err := (Markdown{}).Write(&buf, rep); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	section := func(heading string) string {
		i := strings.Index(out, heading)
		if i < 0 {
			t.Fatalf("no %q in\n%s", heading, out)
		}
		rest := out[i+len(heading):]
		if j := strings.Index(rest, "\n### "); j >= 0 {
			rest = rest[:j]
		}
		return rest
	}
	alpha := section("### ❌ alpha — Alpha \\| Co\n")
	for _, want := range []string{
		"a.yaml, document 1 · stage: planning",
		"| governance | 0 | 1 | 0 | ⚠️ |",
		"| golive | 0 | 0 | 1 | ✅ |",
		"| ods | 0 | 0 | 0 | ✅ |",
		"| schema | 0 | 0 | 0 | ✅ |\n| acme | 1 | 0 | 0 | ❌ |",
		"| a.yaml:3:1 | warning | [ERS-GOV-003](" + HelpURI("ERS-GOV-003") + ") | filters \\| missing |",
		"| a.yaml:5:1 | error | ACME-X-001 | custom |",
	} {
		if !strings.Contains(alpha, want) {
			t.Errorf("alpha's section lacks %q:\n%s", want, alpha)
		}
	}
	if strings.Contains(alpha, "hidden by waiver") {
		t.Errorf("a waived finding is listed among alpha's findings:\n%s", alpha)
	}
	if s := section("### ✅ a.yaml#2\n"); !strings.Contains(s, "| a.yaml:20:1 | info |") {
		t.Errorf("the unnamed document's section lacks its info finding:\n%s", s)
	}
	if s := section("### ✅ clean-org\n"); !strings.Contains(s, "No findings.") {
		t.Errorf("the clean document's section does not say it has no findings:\n%s", s)
	}
	waived := section("### Waived (1)\n")
	if want := "| a.yaml:6:1 | [ERS-ODS-001](" + HelpURI("ERS-ODS-001") + ") | code \\| pending<br>from NHS Digital | 2027-01-31 |"; !strings.Contains(waived, want) {
		t.Errorf("the Waived section lacks %q:\n%s", want, waived)
	}
	if !strings.HasPrefix(out, "## erslint: e-RS onboarding readiness\n\n❌ **1 error, 1 warning, 2 info in 2 files (3 documents); 1 finding waived**, assessed on 2026-11-24.\n") {
		t.Errorf("heading and totals are wrong:\n%s", out)
	}
}

// TestMarkdownUncheckedDocument: a file that is not YAML was not checked by the
// rules, so it must not be shown with a table of green areas.
func TestMarkdownUncheckedDocument(t *testing.T) {
	rep := &lint.Report{Files: 1,
		DocumentInfos: []lint.DocumentInfo{{File: "bad.yaml", Stage: finding.Live}},
		Findings:      []finding.Finding{{RuleID: "ERS-SCHEMA-001", Severity: finding.Error, Message: "YAML syntax error", File: "bad.yaml", Line: 4, Column: 1}},
	}
	var buf bytes.Buffer
	if err := (Markdown{}).Write(&buf, rep); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "| Area |") || !strings.Contains(out, "Not checked against the rules") {
		t.Errorf("an unchecked document should have no area table:\n%s", out)
	}
	if !strings.Contains(out, "| bad.yaml:4:1 | error | ERS-SCHEMA-001 | YAML syntax error |") {
		t.Errorf("the syntax error is not listed:\n%s", out)
	}
}
