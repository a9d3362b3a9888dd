package report

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

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
	// Organisations with no error and no warning share one line.
	if s := section("### ✅ No errors or warnings (2)\n"); !strings.Contains(s, "a.yaml#2, clean-org. Their advice (1 info) is in the full report.") {
		t.Errorf("the compliant organisations are not on one line:\n%s", s)
	}
	if strings.Contains(out, "### ✅ clean-org") || strings.Contains(out, "✂️") {
		t.Errorf("a compliant organisation has a section, or a small report was cut:\n%s", out)
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

// bigReport is a run over n organisations: every third has three errors and a
// warning, every third two warnings, the rest nothing, and each has a waiver.
func bigReport(n int) *lint.Report {
	rep := &lint.Report{AsOf: "2026-11-24", Files: n, Documents: n,
		Rules: []policy.Rule{{ID: "ERS-GOV-001", Package: "rules.governance.dspt", Builtin: true},
			{ID: "ERS-LIVE-002", Package: "rules.golive.release_page", Builtin: true}}}
	for i := range n {
		file := fmt.Sprintf("manifests/%05d/org.yaml", i)
		rep.FileNames = append(rep.FileNames, file)
		rep.DocumentInfos = append(rep.DocumentInfos, lint.DocumentInfo{File: file, Name: fmt.Sprintf("org-%05d", i),
			Organisation: fmt.Sprintf("Example Organisation %d", i), Stage: finding.Live, Checked: true})
		switch i % 3 {
		case 0:
			for l := range 3 {
				rep.Findings = append(rep.Findings, finding.Finding{RuleID: "ERS-GOV-001", Severity: finding.Error, File: file, Line: 10 + l, Column: 3,
					Message: "the DSPT status is approaching-standards, expected a published DSPT with status standards-met or standards-exceeded"})
			}
			fallthrough
		case 1:
			rep.Findings = append(rep.Findings, finding.Finding{RuleID: "ERS-LIVE-002", Severity: finding.Warning, File: file, Line: 40, Column: 3,
				Message: "the e-RS release page is not bookmarked"})
		}
		rep.Findings = append(rep.Findings, finding.Finding{RuleID: "ERS-LIVE-002", Severity: finding.Warning, File: file, Line: 41, Column: 3,
			Message: "waived", Waiver: &finding.Waiver{Reason: "bookmark on order, see ticket 1234", Expires: "2027-01-31"}})
	}
	finding.Sort(rep.Findings)
	return rep
}

// TestMarkdownFitsGitHubAtScale: at any scale the report stays under GitHub's
// 65,536-character limit, shows errors first, lists the compliant
// organisations on one line and says what it cut.
func TestMarkdownFitsGitHubAtScale(t *testing.T) {
	for _, n := range []int{3, 120, 1000, 10000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			var buf bytes.Buffer
			if err := (Markdown{}).Write(&buf, bigReport(n)); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			if buf.Len() > MaxMarkdownBytes || utf8.RuneCountInString(out) >= 65536 {
				t.Fatalf("%d bytes, over the limit of %d", buf.Len(), MaxMarkdownBytes)
			}
			if first := strings.Index(out, "\n### "); first < 0 || !strings.HasPrefix(out[first:], "\n### ❌ org-00000 ") {
				t.Errorf("the first section is not an organisation with errors:\n%.400s", out[max(first, 0):])
			}
			if i, j := strings.Index(out, "### ⚠️"), strings.LastIndex(out, "### ❌"); i >= 0 && i < j {
				t.Error("an organisation with only warnings comes before one with errors")
			}
			compliant := n / 3
			if !strings.Contains(out, fmt.Sprintf("### ✅ No errors or warnings (%d)\n\norg-00002 — Example Organisation 2", compliant)) {
				t.Errorf("no line of compliant organisations")
			}
			sections := strings.Count(out, "\n### ❌ ") + strings.Count(out, "\n### ⚠️ ")
			lines := strings.Count(out, "\n- ❌ ") + strings.Count(out, "\n- ⚠️ ")
			flagged := n - compliant
			cut := strings.Contains(out, "> ✂️ Cut to stay within GitHub's limit")
			if cut != (sections < flagged) {
				t.Errorf("%d of %d organisations have a section; cut note: %v", sections, flagged, cut)
			}
			if omitted := flagged - sections - lines; omitted > 0 && !strings.Contains(out, fmt.Sprintf("%d more organisations with errors or warnings not listed", omitted)) {
				t.Errorf("%d organisations are missing with no word of it", omitted)
			}
			if !strings.Contains(out, "### Waived (") {
				t.Error("no Waived section")
			}
			t.Logf("%d organisations: %d bytes, %d sections, %d lines", n, buf.Len(), sections, lines)
		})
	}
}

// TestMarkdownLinksLocations: with a source URL (GitHub Actions), each location
// links to the file and line at the run's commit.
func TestMarkdownLinksLocations(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	rep := bigReport(1)
	rep.Findings = append(rep.Findings, finding.Finding{RuleID: "ERS-GOV-001", Severity: finding.Error, File: "odd dir/(x).yaml", Line: 7, Column: 1, Message: "m"},
		finding.Finding{RuleID: "ERS-GOV-001", Severity: finding.Error, File: lint.StdinName, Line: 2, Column: 1, Message: "m"})
	var buf bytes.Buffer
	if err := (Markdown{SourceURL: "https://github.com/o/r/blob/abc123", Root: wd}).Write(&buf, rep); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"| [manifests/00000/org.yaml:10:3](https://github.com/o/r/blob/abc123/manifests/00000/org.yaml#L10) | error |",
		"| [odd dir/(x).yaml:7:1](https://github.com/o/r/blob/abc123/odd%20dir/%28x%29.yaml#L7) | error |",
		"| &lt;stdin&gt;:2:1 | error |",
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("no %q in\n%s", want, buf.String())
		}
	}
}

// TestMarkdownOneHugeOrganisation: an organisation with more findings than fit
// keeps its section, errors first, cut short with a count.
func TestMarkdownOneHugeOrganisation(t *testing.T) {
	rep := bigReport(3)
	for i := range 3000 {
		sev := finding.Warning
		if i%2 == 1 {
			sev = finding.Error
		}
		rep.Findings = append(rep.Findings, finding.Finding{RuleID: "ERS-GOV-001", Severity: sev, File: "manifests/00000/org.yaml",
			Line: 100 + i, Column: 1, Message: "a long message about the DSPT that repeats for every one of these findings"})
	}
	finding.Sort(rep.Findings)
	var buf bytes.Buffer
	if err := (Markdown{}).Write(&buf, rep); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if buf.Len() > MaxMarkdownBytes {
		t.Fatalf("%d bytes, over %d", buf.Len(), MaxMarkdownBytes)
	}
	sec := out[strings.Index(out, "### ❌ org-00000"):]
	if strings.Index(sec, "| warning |") < strings.LastIndex(sec, "| error |") && strings.Contains(sec, "| warning |") {
		t.Error("a warning is listed before an error")
	}
	for _, want := range []string{"more findings of this organisation not listed.", "the findings of org-00000 — Example Organisation 0 cut short", "### ✅ No errors or warnings (1)"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in the report", want)
		}
	}
}
