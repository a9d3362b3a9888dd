package report

import (
	"bufio"
	"fmt"
	"io"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/forecast"
)

// ForecastText writes a look-ahead for a terminal: for each document with a
// change or a rehearsal, its verdict, then each change day with what appears
// (+) and clears (-), then its go-live rehearsal's blocking findings.
type ForecastText struct{}

// WriteForecast implements ForecastWriter.
func (ForecastText) WriteForecast(w io.Writer, fc *forecast.Forecast) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "look-ahead from %s to %s, fail level %s\n", fc.AsOf, fc.Until, fc.FailLevel)
	line := func(mark string, f finding.Finding) {
		fmt.Fprintf(bw, "    %s %s:%d:%d: %s %s %s\n", mark, plain(f.File), f.Line, f.Column, f.Severity, f.RuleID, plain(f.Message))
	}
	for _, d := range fc.Documents {
		if len(d.Changes) == 0 && d.Rehearsal == nil {
			continue
		}
		fmt.Fprintf(bw, "\n%s (document %d) %s, %s: %s\n", plain(d.Info.File), d.Info.Index+1,
			plain(docName(d)), d.Info.Stage, verdictWords(fc, d))
		for _, c := range d.Changes {
			fmt.Fprintf(bw, "  %s\n", c.Date)
			for _, f := range c.Appear {
				line("+", f)
			}
			for _, f := range c.Clear {
				line("-", f)
			}
		}
		if r := d.Rehearsal; r != nil {
			if r.Blocking == 0 {
				fmt.Fprintf(bw, "  go-live rehearsal %s (stage live): nothing blocks go-live\n", r.Date)
				continue
			}
			fmt.Fprintf(bw, "  go-live rehearsal %s (stage live): if you go live on %s as planned, %s block you\n",
				r.Date, r.Date, plural(r.Blocking, "finding"))
			for _, f := range r.Findings {
				if !f.Suppressed() && f.Severity >= fc.FailLevel {
					line("!", f)
				}
			}
		}
	}
	fmt.Fprintf(bw, "\n%s: %s\n", plural(len(fc.Documents), "document"), totals(fc))
	return bw.Flush()
}

// docName is metadata.name and the organisation's name, as far as known.
func docName(d forecast.Document) string {
	switch {
	case d.Info.Name != "" && d.Info.Organisation != "":
		return d.Info.Name + " (" + d.Info.Organisation + ")"
	case d.Info.Name != "":
		return d.Info.Name
	case d.Info.Organisation != "":
		return d.Info.Organisation
	}
	return "unnamed"
}
