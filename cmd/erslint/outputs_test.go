package main

import (
	"encoding/xml"
	"strings"
	"testing"
)

// junitReport is what a CI test reporter reads of erslint's JUnit output.
type junitReport struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Suites   []struct {
		Name  string `xml:"name,attr"`
		Cases []struct {
			Name      string    `xml:"name,attr"`
			File      string    `xml:"file,attr"`
			Line      int       `xml:"line,attr"`
			Failure   *struct{} `xml:"failure"`
			SystemOut string    `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

// TestJUnitGreenJobNoRedTests: a run that passes (exit 0) shows no failed test
// case, and every case names the file and line a reporter annotates.
func TestJUnitGreenJobNoRedTests(t *testing.T) {
	for _, tt := range []struct {
		name      string
		args      []string
		code      int
		failures  int
		warnCases bool
	}{
		{"warnings below the fail level pass", []string{"testdata/cli/warning-only.yaml"}, 0, 0, true},
		{"warnings at the fail level fail", []string{"--fail-level=warning", "testdata/cli/warning-only.yaml"}, 1, 1, true},
		{"errors fail", []string{"examples/gaps/"}, 1, -1, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := erslint(t, "", append([]string{"lint", asOf, "--format=junit"}, tt.args...)...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\n%s", r.code, tt.code, r.stderr)
			}
			var doc junitReport
			if err := xml.Unmarshal([]byte(r.stdout), &doc); err != nil {
				t.Fatalf("not XML: %v\n%s", err, r.stdout)
			}
			if (r.code == 0) != (doc.Failures == 0) || (tt.failures >= 0 && doc.Failures != tt.failures) {
				t.Errorf("exit %d with %d failed test cases (want %d)", r.code, doc.Failures, tt.failures)
			}
			for _, s := range doc.Suites {
				for _, c := range s.Cases {
					if c.File != s.Name || c.Line < 1 && c.Name != "all rules pass" {
						t.Errorf("case %q: file %q line %d; want the file %s and a line", c.Name, c.File, c.Line, s.Name)
					}
					if c.Failure == nil && strings.HasPrefix(c.Name, "ERS-LIVE-002") && !strings.Contains(c.SystemOut, " ERS-LIVE-002 ") {
						t.Errorf("passing case %q does not list its finding: %q", c.Name, c.SystemOut)
					}
				}
			}
		})
	}
}
