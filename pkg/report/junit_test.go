package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/lint"
)

// junitDoc is what CI reporters read of a JUnit file, decoded independently of
// the writer's own types so the test checks the XML, not the structs.
type junitDoc struct {
	XMLName  xml.Name `xml:"testsuites"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Cases    []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			File      string `xml:"file,attr"`
			Line      int    `xml:"line,attr"`
			SystemOut string `xml:"system-out"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Body    string `xml:",chardata"`
			} `xml:"failure"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func writeJUnit(t *testing.T, rep *lint.Report) junitDoc {
	t.Helper()
	return writeJUnitAt(t, rep, 0)
}

func writeJUnitAt(t *testing.T, rep *lint.Report, failLevel finding.Severity) junitDoc {
	t.Helper()
	var buf bytes.Buffer
	if err := (JUnit{FailLevel: failLevel}).Write(&buf, rep); err != nil {
		t.Fatal(err)
	}
	var doc junitDoc
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("JUnit output does not parse as XML: %v\n%s", err, buf.Bytes())
	}
	return doc
}

// TestJUnitParsesWithCounts lints the report manifests together with a clean
// one, so the output holds failing suites and a passing one.
func TestJUnitParsesWithCounts(t *testing.T) {
	t.Chdir("../..")
	rep := lintPaths(t, "testdata/report", "pkg/report/testdata/clean")
	doc := writeJUnit(t, rep)

	// Expected counts, worked out from the findings rather than from the writer:
	// a case per file and rule, failing when a finding is an error (the default
	// fail level).
	cases := map[string]bool{}
	failing := map[string]bool{}
	withFindings := map[string]bool{}
	first := map[string]finding.Finding{}
	for _, f := range rep.Findings {
		if !f.Suppressed() {
			key := f.File + "\x00" + f.RuleID
			cases[key] = true
			if f.Severity == finding.Error {
				failing[key] = true
			}
			withFindings[f.File] = true
			if _, ok := first[key]; !ok {
				first[key] = f
			}
		}
	}
	wantFailures := len(failing)
	wantTests := len(cases) + len(rep.FileNames) - len(withFindings)
	// The same numbers, pinned, so a change in the test data is noticed here too.
	if wantTests != 37 || wantFailures != 23 || len(rep.FileNames) != 4 {
		t.Fatalf("test data changed: %d tests, %d failures, %d files; want 37, 23, 4", wantTests, wantFailures, len(rep.FileNames))
	}
	if doc.Tests != wantTests || doc.Failures != wantFailures {
		t.Errorf("testsuites: tests=%d failures=%d, want %d and %d", doc.Tests, doc.Failures, wantTests, wantFailures)
	}
	if len(doc.Suites) != len(rep.FileNames) {
		t.Fatalf("%d test suites, want one per file (%d)", len(doc.Suites), len(rep.FileNames))
	}
	for i, s := range doc.Suites {
		if s.Name != rep.FileNames[i] {
			t.Errorf("suite %d is %q, want %q (files sorted)", i, s.Name, rep.FileNames[i])
		}
		failures := 0
		for _, c := range s.Cases {
			if c.Classname != s.Name || c.File != s.Name {
				t.Errorf("%s: case %q has classname %q and file %q, want the file", s.Name, c.Name, c.Classname, c.File)
			}
			id, _, _ := strings.Cut(c.Name, ":")
			if f, ok := first[s.Name+"\x00"+id]; ok && c.Line != f.Line {
				t.Errorf("%s: case %q has line %d, want its first finding's, %d", s.Name, c.Name, c.Line, f.Line)
			}
			if failing[s.Name+"\x00"+id] != (c.Failure != nil) {
				t.Errorf("%s: case %q fails: %v; want it to fail only with an error", s.Name, c.Name, c.Failure != nil)
			}
			if c.Failure == nil && cases[s.Name+"\x00"+id] && !strings.Contains(c.SystemOut, id) {
				t.Errorf("%s: passing case %q does not list its findings in system-out: %q", s.Name, c.Name, c.SystemOut)
			}
			if c.Failure != nil {
				failures++
			}
		}
		if s.Tests != len(s.Cases) || s.Failures != failures {
			t.Errorf("%s: tests=%d failures=%d, but it holds %d cases, %d failing", s.Name, s.Tests, s.Failures, len(s.Cases), failures)
		}
	}

	clean := doc.Suites[0]
	if clean.Name != "pkg/report/testdata/clean/gp-practice.yaml" || len(clean.Cases) != 1 || clean.Cases[0].Failure != nil {
		t.Errorf("the clean file should be one suite with one passing case; got %+v", clean)
	}
	// waived.yaml's ERS-GOV-003 is waived: it must not be a failing case.
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if strings.HasPrefix(c.Name, "ERS-GOV-003") {
				t.Errorf("%s: waived rule ERS-GOV-003 is reported as a test case", s.Name)
			}
		}
	}
}

// TestJUnitFailureContent checks one case in detail: the message is the first
// finding's, the type the worst severity, the body one line per finding, and
// text that XML cannot hold as it is survives the round trip.
func TestJUnitFailureContent(t *testing.T) {
	file := `a&b <"x">.yaml`
	rep := &lint.Report{
		FileNames: []string{file, "z-clean.yaml"},
		Findings: []finding.Finding{
			{RuleID: "ERS-ODS-001", Severity: finding.Warning, Message: "first ]]> <tag> & \"q\"", File: file, Line: 2, Column: 3},
			{RuleID: "ERS-ODS-001", Severity: finding.Error, Message: "second\nline \x01", File: file, Line: 9, Column: 1},
			{RuleID: "ERS-GOV-003", Severity: finding.Error, Message: "waived", File: file, Line: 4, Column: 1,
				Waiver: &finding.Waiver{Reason: "on order"}},
		},
	}
	doc := writeJUnit(t, rep)
	if doc.Tests != 2 || doc.Failures != 1 || len(doc.Suites) != 2 {
		t.Fatalf("tests=%d failures=%d suites=%d, want 2, 1, 2", doc.Tests, doc.Failures, len(doc.Suites))
	}
	s := doc.Suites[0]
	if s.Name != file || len(s.Cases) != 1 || s.Cases[0].Failure == nil {
		t.Fatalf("suite %q: want one failing case for ERS-ODS-001 (the waived rule passes), got %+v", s.Name, s.Cases)
	}
	f := s.Cases[0].Failure
	if s.Cases[0].Name != "ERS-ODS-001" {
		t.Errorf("case name %q, want the rule ID (no title is known in this report)", s.Cases[0].Name)
	}
	if f.Message != rep.Findings[0].Message {
		t.Errorf("failure message %q, want the first finding's %q", f.Message, rep.Findings[0].Message)
	}
	if f.Type != "error" {
		t.Errorf("failure type %q, want error, the worst severity among the findings", f.Type)
	}
	wantBody := fmt.Sprintf("%s:2:3: warning ERS-ODS-001 first ]]> <tag> & \"q\"\n%s:9:1: error ERS-ODS-001 second\nline \uFFFD", file, file)
	if f.Body != wantBody {
		t.Errorf("failure body\n%q\nwant\n%q", f.Body, wantBody)
	}
	if pass := doc.Suites[1]; pass.Name != "z-clean.yaml" || len(pass.Cases) != 1 || pass.Cases[0].Failure != nil {
		t.Errorf("a file without findings should have one passing case, got %+v", pass)
	}
}

// TestJUnitFailLevel: a case fails only at or above the fail level, so a job
// that passes shows no failed test, and one that fails shows why.
func TestJUnitFailLevel(t *testing.T) {
	rep := &lint.Report{
		FileNames: []string{"a.yaml"},
		Findings: []finding.Finding{
			{RuleID: "ERS-GOV-002", Severity: finding.Error, Message: "e", File: "a.yaml", Line: 3, Column: 1},
			{RuleID: "ERS-LIVE-002", Severity: finding.Warning, Message: "w", File: "a.yaml", Line: 7, Column: 1},
			{RuleID: "ERS-LIVE-005", Severity: finding.Info, Message: "i", File: "a.yaml", Line: 9, Column: 1},
		},
	}
	for _, tt := range []struct {
		level    finding.Severity
		failures int
	}{{finding.None, 0}, {finding.Error, 1}, {finding.Warning, 2}, {finding.Info, 3}} {
		t.Run(tt.level.String(), func(t *testing.T) {
			doc := writeJUnitAt(t, rep, tt.level)
			if doc.Tests != 3 || doc.Failures != tt.failures {
				t.Errorf("tests=%d failures=%d, want 3 and %d", doc.Tests, doc.Failures, tt.failures)
			}
			for _, c := range doc.Suites[0].Cases {
				if c.File != "a.yaml" || c.Line == 0 {
					t.Errorf("case %q: file %q line %d", c.Name, c.File, c.Line)
				}
			}
		})
	}
}

func TestXMLText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"tab\tnewline\ncr\r", "tab\tnewline\ncr\r"},
		{"nul\x00bell\x07esc\x1b", "nul\uFFFDbell\uFFFDesc\uFFFD"},
		{"bad utf-8 \xff", "bad utf-8 \uFFFD"},
		{"emoji ✅ and \U0001F600", "emoji ✅ and \U0001F600"},
		{"noncharacter \uFFFE", "noncharacter \uFFFD"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := xmlText(tt.in); got != tt.want {
				t.Errorf("xmlText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
