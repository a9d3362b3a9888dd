package report

import (
	"fmt"
	"strings"

	"github.com/erslint/erslint/pkg/baseline"
)

// baselineLines say what changed since the baseline, for the text report's
// head: the counts, then each organisation whose verdict changed.
func baselineLines(b *baseline.Result) []string {
	lines := []string{fmt.Sprintf("since the baseline of %s (%s): %d new, %d unchanged, %d absent; %s",
		b.Baseline.AsOf, b.Baseline.File, b.New, b.Unchanged, b.ActiveAbsent(), plural(len(b.Changes), "verdict change"))}
	for _, c := range b.Changes {
		lines = append(lines, fmt.Sprintf("  %s: %s", changeTitle(c), c.Words()))
	}
	return lines
}

func changeTitle(c baseline.Change) string {
	if c.Organisation == "" {
		return c.Name
	}
	return c.Name + " — " + c.Organisation
}

// baseline is the comparison the Markdown report leads with, if any.
func (m Markdown) baseline() *baseline.Result {
	if m.Programme == nil {
		return nil
	}
	return m.Programme.Baseline
}

// baselineSection is the Markdown of what changed since the baseline, within
// max bytes.
func baselineSection(b *baseline.Result, max int) string {
	var out strings.Builder
	fmt.Fprintf(&out, "\n### Changes since the baseline of %s\n\n**%d new, %d unchanged, %d absent** findings; %s.\n",
		mdText(b.Baseline.AsOf), b.New, b.Unchanged, b.ActiveAbsent(), plural(len(b.Changes), "verdict change"))
	if len(b.Changes) == 0 {
		return out.String()
	}
	out.WriteString("\n| Organisation | Verdict |\n|---|---|\n")
	for i, c := range b.Changes {
		row := fmt.Sprintf("| %s | %s |\n", mdText(changeTitle(c)), mdText(c.Words()))
		if out.Len()+len(row) > max {
			fmt.Fprintf(&out, "\n%s not shown.\n", plural(len(b.Changes)-i, "verdict change"))
			break
		}
		out.WriteString(row)
	}
	return out.String()
}
