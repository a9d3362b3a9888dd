package report

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/lint"
)

// GitHub writes GitHub Actions workflow commands: an annotation per unsuppressed
// finding, shown on the pull request's diff, then a plain summary line. With
// StepSummary set it also appends the Markdown report to that file, which
// GitHub shows on the run's summary page.
//
// GitHub shows at most 10 annotations of each level (error, warning, notice)
// from a step, so errors come first, then warnings, then notices, each in
// report order; past the tenth of a level the findings are plain log lines,
// and the step summary says how many annotations were left out.
type GitHub struct {
	StepSummary string   // the path in GITHUB_STEP_SUMMARY; empty for none
	Markdown    Markdown // the step summary's settings (links, size)
}

// GitHubAnnotationLimit is how many annotations of each level GitHub shows
// from one step.
const GitHubAnnotationLimit = 10

var githubCommands = map[finding.Severity]string{finding.Error: "error", finding.Warning: "warning", finding.Info: "notice"}

// GitHub reads a command's message up to the end of the line, so line breaks
// (and %, which starts its escapes) must be encoded; property values also end
// at , and : (toolkit/core's escapeData and escapeProperty).
var (
	githubData     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	githubProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// Write implements Writer.
func (g GitHub) Write(w io.Writer, rep *lint.Report) error {
	bw := bufio.NewWriter(w)
	shown := map[string]int{}
	left := map[string]int{}
	for _, level := range []string{"error", "warning", "notice"} {
		err := rep.Each(func(_ int, f finding.Finding) error {
			cmd := githubCommand(f.Severity)
			if f.Suppressed() || cmd != level {
				return nil
			}
			if shown[cmd] < GitHubAnnotationLimit {
				shown[cmd]++
				_, err := fmt.Fprintf(bw, "::%s %s::%s\n", cmd, githubProperties(f), oneLine(githubData.Replace(f.Message)))
				return err
			}
			left[cmd]++
			// Past GitHub's limit an annotation would not be shown: the log keeps
			// the finding, as a line that is not a workflow command. It starts
			// with the severity, so no file name (::error::x.yaml) can make it
			// one, and line breaks are encoded, so no message can start another.
			_, err := fmt.Fprintf(bw, "%s %s %s:%d:%d: %s\n", f.Severity, oneLine(f.RuleID), oneLine(githubData.Replace(f.File)), f.Line, f.Column, oneLine(githubData.Replace(f.Message)))
			return err
		})
		if err != nil {
			return err
		}
	}
	fmt.Fprintln(bw, summary(rep))
	if d := g.Markdown.Delta; d != nil {
		fmt.Fprintf(bw, "new since %s: %s introduced, %s resolved\n", oneLine(githubData.Replace(d.Rev)), plural(d.Introduced, "finding"), plural(d.Resolved, "finding"))
	}
	if note := annotationNote(left); note != "" {
		fmt.Fprintln(bw, note)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if g.StepSummary != "" {
		md := g.Markdown
		if note := annotationNote(left); note != "" {
			md.Notes = append(slices.Clone(md.Notes), "> ℹ️ "+note)
		}
		if err := appendStepSummary(g.StepSummary, md, rep); err != nil {
			return err
		}
	}
	return nil
}

// annotationNote says how many annotations GitHub would not have shown; "" when
// none was left out.
func annotationNote(left map[string]int) string {
	var parts []string
	for _, c := range []string{"error", "warning", "notice"} {
		if n := left[c]; n > 0 {
			parts = append(parts, plural(n, c))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return fmt.Sprintf("GitHub shows %d annotations of each level per step: %s left out (listed in the log and the SARIF report).",
		GitHubAnnotationLimit, strings.Join(parts, ", "))
}

func githubCommand(s finding.Severity) string {
	if c, ok := githubCommands[s]; ok {
		return c
	}
	return "notice"
}

// githubProperties places an annotation. Standard input has no file in the
// repository to attach to, so its findings are annotations of the run alone.
func githubProperties(f finding.Finding) string {
	var props []string
	if f.File != lint.StdinName {
		props = append(props,
			"file="+oneLine(githubProperty.Replace(f.File)),
			fmt.Sprintf("line=%d", f.Line),
			fmt.Sprintf("col=%d", f.Column),
			fmt.Sprintf("endLine=%d", f.Line))
	}
	props = append(props, "title="+oneLine(githubProperty.Replace(f.RuleID)))
	return strings.Join(props, ",")
}

// appendStepSummary adds the Markdown report to the job summary. GitHub creates
// the file and other steps write to it too, so it is appended to, never replaced.
func appendStepSummary(path string, m Markdown, rep *lint.Report) error {
	var md bytes.Buffer
	if err := m.Write(&md, rep); err != nil {
		return fmt.Errorf("step summary: %w", err)
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("open step summary: %w", err)
	}
	out := md.Bytes()
	// A blank line first, so the report never runs on from another step's text.
	if info, err := f.Stat(); err == nil && info.Size() > 0 {
		out = append([]byte("\n"), out...)
	}
	if _, err := f.Write(out); err != nil {
		f.Close()
		return fmt.Errorf("write step summary %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write step summary %s: %w", path, err)
	}
	return nil
}
