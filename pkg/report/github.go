package report

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/lint"
)

// GitHub writes GitHub Actions workflow commands: one annotation per unsuppressed
// finding, shown on the pull request's diff, then a plain summary line. With
// StepSummary set it also appends the Markdown report to that file, which
// GitHub shows on the run's summary page.
type GitHub struct {
	StepSummary string // the path in GITHUB_STEP_SUMMARY; empty for none
}

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
	for _, f := range rep.Findings {
		if f.Suppressed() {
			continue
		}
		fmt.Fprintf(bw, "::%s %s::%s\n", githubCommand(f.Severity), githubProperties(f), oneLine(githubData.Replace(f.Message)))
	}
	fmt.Fprintln(bw, summary(rep))
	if err := bw.Flush(); err != nil {
		return err
	}
	if g.StepSummary != "" {
		if err := appendStepSummary(g.StepSummary, rep); err != nil {
			return err
		}
	}
	return nil
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
func appendStepSummary(path string, rep *lint.Report) error {
	var md bytes.Buffer
	if err := (Markdown{}).Write(&md, rep); err != nil {
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
