package report

import (
	"bufio"
	"fmt"
	"io"

	"github.com/erslint/erslint/pkg/baseline"
	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/lint"
)

// Text writes one line per finding, file:line:col: severity ID message, then a
// summary line. Waived findings are not listed; the summary counts them.
type Text struct {
	Color bool
	Quiet bool // no summary line
	// Baseline, with --baseline: the report leads with what changed, and
	// marks the new findings.
	Baseline *baseline.Result
}

var colors = map[finding.Severity]string{finding.Error: "\x1b[31m", finding.Warning: "\x1b[33m", finding.Info: "\x1b[36m"}

const (
	bold  = "\x1b[1m"
	reset = "\x1b[0m"
)

// Write implements Writer.
func (t Text) Write(w io.Writer, rep *lint.Report) error {
	bw := bufio.NewWriter(w)
	if t.Baseline != nil && !t.Quiet {
		for _, line := range baselineLines(t.Baseline) {
			fmt.Fprintln(bw, oneLine(line))
		}
	}
	err := rep.Each(func(i int, f finding.Finding) error {
		if f.Suppressed() {
			return nil
		}
		if t.Baseline != nil && i < len(t.Baseline.States) && t.Baseline.States[i] == baseline.New {
			f.Message = "[new] " + f.Message
		}
		sev := f.Severity.String()
		loc := fmt.Sprintf("%s:%d:%d:", oneLine(f.File), f.Line, f.Column)
		if t.Color {
			sev = colors[f.Severity] + sev + reset
			loc = bold + loc + reset
		}
		_, err := fmt.Fprintf(bw, "%s %s %s %s\n", loc, sev, oneLine(f.RuleID), oneLine(f.Message))
		return err // the writer failed: the rest would be lost too
	})
	if err != nil {
		return err
	}
	if !t.Quiet {
		fmt.Fprintln(bw, oneLine(RefDataLine(rep.RefData)))
		fmt.Fprintln(bw, summary(rep))
	}
	return bw.Flush()
}
