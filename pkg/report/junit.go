package report

import (
	"bufio"
	"bytes"
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

// Write implements Writer. The findings are read a file at a time, twice:
// first for the totals the root element carries, then for each file's suite,
// encoded one at a time, in the bytes of encoding the whole document at once
// with a two-space indent.
func (j JUnit) Write(w io.Writer, rep *lint.Report) error {
	failLevel := j.FailLevel
	if failLevel == 0 {
		failLevel = finding.Error
	}
	titles := make(map[string]string, len(rep.Rules))
	for _, r := range rep.Rules {
		titles[r.ID] = r.Title
	}
	out := junitSuites{Name: "erslint"}
	err := junitFiles(rep, func(file string, fs []finding.Finding) error {
		suite := junitSuiteOf(file, fs, titles, failLevel)
		out.Tests += suite.Tests
		out.Failures += suite.Failures
		return nil
	})
	if err != nil {
		return err
	}
	var root bytes.Buffer
	if err := xml.NewEncoder(&root).Encode(out); err != nil {
		return fmt.Errorf("encode junit: %w", err)
	}
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString(xml.Header); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	// The root's start tag, then each suite nested in it.
	bw.Write(bytes.TrimSuffix(root.Bytes(), []byte("</testsuites>")))
	suites := 0
	var buf bytes.Buffer
	err = junitFiles(rep, func(file string, fs []finding.Finding) error {
		buf.Reset()
		enc := xml.NewEncoder(&buf)
		enc.Indent("  ", "  ")
		if err := enc.EncodeElement(junitSuiteOf(file, fs, titles, failLevel), xml.StartElement{Name: xml.Name{Local: "testsuite"}}); err != nil {
			return fmt.Errorf("encode junit: %w", err)
		}
		suites++
		bw.WriteByte('\n')
		_, err := bw.Write(buf.Bytes())
		return err // the writer failed: the rest would be lost too
	})
	if err != nil {
		return err
	}
	if suites > 0 {
		bw.WriteByte('\n')
	}
	bw.WriteString("</testsuites>\n")
	return bw.Flush()
}

// junitFiles calls fn with each file of the report, sorted, once each, and
// its findings in report order (nil when it has none): every file linted
// (FileNames), and any other that has findings (a report built without
// FileNames).
func junitFiles(rep *lint.Report, fn func(file string, fs []finding.Finding) error) error {
	names := slices.Clone(rep.FileNames)
	if !rep.Packed() {
		byFile := map[string][]finding.Finding{}
		for _, f := range rep.Findings {
			byFile[f.File] = append(byFile[f.File], f)
			names = append(names, f.File)
		}
		slices.Sort(names)
		for _, file := range slices.Compact(names) {
			if err := fn(file, byFile[file]); err != nil {
				return err
			}
		}
		return nil
	}
	// Packed, the findings come a file at a time in the order of their names.
	slices.Sort(names)
	names = slices.Compact(names)
	i := 0
	err := rep.EachFile(func(_ int, fs []finding.Finding) error {
		file := fs[0].File
		for ; i < len(names) && names[i] < file; i++ {
			if err := fn(names[i], nil); err != nil {
				return err
			}
		}
		if i < len(names) && names[i] == file {
			i++
		}
		return fn(file, fs)
	})
	if err != nil {
		return err
	}
	for ; i < len(names); i++ {
		if err := fn(names[i], nil); err != nil {
			return err
		}
	}
	return nil
}

// junitSuiteOf is the suite of one file, fs its findings in report order: a
// case per rule broken, by rule, or one passing case.
func junitSuiteOf(file string, fs []finding.Finding, titles map[string]string, failLevel finding.Severity) junitSuite {
	rules := map[string][]finding.Finding{}
	for _, f := range fs {
		if !f.Suppressed() {
			rules[f.RuleID] = append(rules[f.RuleID], f)
		}
	}
	ids := make([]string, 0, len(rules))
	for id := range rules {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	suite := junitSuite{Name: xmlText(file)}
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
	return suite
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
