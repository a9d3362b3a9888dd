package report

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/lint"
)

// JUnit writes JUnit XML for CI test reporters (GitLab, Jenkins, GitHub test
// reporter actions): a suite per file and a test case per rule broken in it,
// listing every finding of that rule, so a reporter's "failed tests" list reads
// as the rules to fix. Each case carries the file and line attributes of its
// first finding, which reporters use to annotate the file.
//
// A case fails only when a finding in it is at or above the fail level: a job
// that passes never shows a failed test. Findings below it make a passing case
// whose system-out lists them. A file with no unsuppressed findings gets one
// passing case, so every linted file shows up. Waived findings are not listed.
type JUnit struct {
	FailLevel finding.Severity // 0: error
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	SystemOut *junitOutput  `xml:"system-out,omitempty"`
}

type junitOutput struct {
	Body string `xml:",cdata"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	// CDATA keeps the one-finding-per-line body readable in the raw file, where
	// character data would turn every newline into &#xA;.
	Body string `xml:",cdata"`
}

// junitPassName names the case of a file with nothing to fix.
const junitPassName = "all rules pass"

// Write implements Writer.
func (j JUnit) Write(w io.Writer, rep *lint.Report) error {
	// Every finding at once: grouped by document, or counted first.
	rep, err := rep.Unpacked()
	if err != nil {
		return err
	}
	failLevel := j.FailLevel
	if failLevel == 0 {
		failLevel = finding.Error
	}
	titles := make(map[string]string, len(rep.Rules))
	for _, r := range rep.Rules {
		titles[r.ID] = r.Title
	}
	byFile := map[string]map[string][]finding.Finding{}
	for _, f := range rep.Findings {
		if f.Suppressed() {
			continue
		}
		if byFile[f.File] == nil {
			byFile[f.File] = map[string][]finding.Finding{}
		}
		byFile[f.File][f.RuleID] = append(byFile[f.File][f.RuleID], f)
	}
	// A report built without FileNames still lists every file with findings.
	files := slices.Clone(rep.FileNames)
	for _, f := range rep.Findings {
		files = append(files, f.File)
	}
	slices.Sort(files)
	files = slices.Compact(files)

	out := junitSuites{Name: "erslint"}
	for _, file := range files {
		suite := junitSuite{Name: xmlText(file)}
		rules := byFile[file]
		ids := make([]string, 0, len(rules))
		for id := range rules {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			suite.Cases = append(suite.Cases, junitRuleCase(file, id, titles[id], rules[id], failLevel))
		}
		if len(suite.Cases) == 0 {
			suite.Cases = []junitCase{{Name: junitPassName, Classname: xmlText(file), File: junitFile(file)}}
		}
		for _, c := range suite.Cases {
			suite.Tests++
			if c.Failure != nil {
				suite.Failures++
			}
		}
		out.Tests += suite.Tests
		out.Failures += suite.Failures
		out.Suites = append(out.Suites, suite)
	}

	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString(xml.Header); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	enc := xml.NewEncoder(bw)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("encode junit: %w", err)
	}
	if err := bw.WriteByte('\n'); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	return bw.Flush()
}

// junitRuleCase is one rule broken in one file. fs is in report order, so the
// failure's message, file and line are the first finding a reader meets in the
// file. It fails when a finding is at or above failLevel; else its findings are
// its output.
func junitRuleCase(file, id, title string, fs []finding.Finding, failLevel finding.Severity) junitCase {
	name := id
	if title != "" {
		name = id + ": " + title
	}
	worst := fs[0].Severity
	lines := make([]string, 0, len(fs))
	for _, f := range fs {
		// One rule can carry different severities in one file (documents at
		// different stages); the failure's type is the worst of them.
		worst = max(worst, f.Severity)
		lines = append(lines, fmt.Sprintf("%s:%d:%d: %s %s %s", f.File, f.Line, f.Column, f.Severity, f.RuleID, f.Message))
	}
	c := junitCase{Name: xmlText(name), Classname: xmlText(file), File: junitFile(file), Line: fs[0].Line}
	body := xmlText(strings.Join(lines, "\n"))
	if worst < failLevel {
		c.SystemOut = &junitOutput{Body: body}
		return c
	}
	c.Failure = &junitFailure{Message: xmlText(fs[0].Message), Type: worst.String(), Body: body}
	return c
}

// junitFile is a case's file attribute: standard input has none.
func junitFile(name string) string {
	if name == lint.StdinName {
		return ""
	}
	return xmlText(name)
}

// xmlText replaces what XML 1.0 cannot hold at all, even escaped (most control
// characters), with U+FFFD. encoding/xml does this for attributes and character
// data but writes CDATA as it is, and a file name may hold anything.
func xmlText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r',
			r >= 0x20 && r <= 0xD7FF,
			r >= 0xE000 && r <= 0xFFFD,
			r >= 0x10000 && r <= 0x10FFFF:
			return r
		}
		return '\uFFFD'
	}, s)
}
