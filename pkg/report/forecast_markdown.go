package report

import (
	"bufio"
	"fmt"
	"io"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/forecast"
)

// ForecastMarkdown writes a look-ahead for a pull request or an email: the
// verdicts, a table of what changes by date, then the go-live rehearsals
// that have something blocking.
type ForecastMarkdown struct{}

// WriteForecast implements ForecastWriter.
func (ForecastMarkdown) WriteForecast(w io.Writer, fc *forecast.Forecast) error {
	bw := bufio.NewWriter(w)
	t := totals(fc)
	fmt.Fprintf(bw, "## erslint look-ahead, %s to %s\n\n", fc.AsOf, fc.Until)
	fmt.Fprintf(bw, "%s: %s (fail level %s).\n\n", plural(len(fc.Documents), "document"), t, fc.FailLevel)
	if lapses := fc.ByDate(); len(lapses) > 0 {
		fmt.Fprint(bw, "### What changes, by date\n\n| Date | Organisation | Appears | Clears |\n|---|---|---|---|\n")
		for _, l := range lapses {
			fmt.Fprintf(bw, "| %s | %s | %s | %s |\n", l.Change.Date, mdCell(docName(*l.Document)),
				mdFindingList(l.Change.Appear), mdFindingList(l.Change.Clear))
		}
		fmt.Fprintln(bw)
	}
	var rehearsals []forecast.Document
	for _, d := range fc.Documents {
		if d.Rehearsal != nil && d.Rehearsal.Blocking > 0 {
			rehearsals = append(rehearsals, d)
		}
	}
	if len(rehearsals) > 0 {
		fmt.Fprint(bw, "### Go-live rehearsal\n\n")
		for _, d := range rehearsals {
			r := d.Rehearsal
			fmt.Fprintf(bw, "**%s**: if you go live on %s as planned, %s block you:\n\n", mdText(docName(d)), r.Date, plural(r.Blocking, "finding"))
			for _, f := range r.Findings {
				if !f.Suppressed() && f.Severity >= fc.FailLevel {
					fmt.Fprintf(bw, "- %s %s at %s:%d:%d: %s\n", f.Severity, f.RuleID, mdText(f.File), f.Line, f.Column, mdText(f.Message))
				}
			}
			fmt.Fprintln(bw)
		}
	}
	return bw.Flush()
}

func mdFindingList(fs []finding.Finding) string {
	s := ""
	for i, f := range fs {
		if i > 0 {
			s += "<br>"
		}
		s += fmt.Sprintf("%s %s: %s", f.Severity, f.RuleID, mdCell(f.Message))
	}
	return s
}
