package report

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/lint"
)

// Markdown writes a readiness summary for a pull-request comment or a GitHub job
// summary: the totals, then for each organisation (one per document) a table of
// onboarding areas with their status and a table of its findings, then the
// waived findings with the reasons they were accepted.
type Markdown struct{}

// areaOrder follows the onboarding journey (contracts before go-live); areas of
// custom rules follow, by name.
var areaOrder = []string{
	"contract", "ods", "registration", "governance", "devices", "access",
	"training", "golive", "waiver", "repo", "schema",
}

// ruleArea is the area of a rule: its package's second part, so
// rules.contract.in_force is contract, engine.schema.valid is schema and
// run.repo.ods_unique is repo.
func ruleArea(pkg string) string {
	parts := strings.Split(pkg, ".")
	if len(parts) >= 2 && parts[1] != "" {
		return parts[1]
	}
	return "other"
}

type mdCounts map[finding.Severity]int

// status is ❌ with an error, ⚠️ with a warning, ✅ otherwise: info findings are
// advice, and do not hold an organisation back.
func (c mdCounts) status() string {
	switch {
	case c[finding.Error] > 0:
		return "❌"
	case c[finding.Warning] > 0:
		return "⚠️"
	}
	return "✅"
}

type mdDocKey struct {
	file  string
	index int
}

type mdDoc struct {
	lint.DocumentInfo
	findings []finding.Finding // unsuppressed, in report order
}

// Write implements Writer.
func (Markdown) Write(w io.Writer, rep *lint.Report) error {
	areas := map[string]string{}
	builtin := map[string]bool{}
	for _, r := range rep.Rules {
		areas[r.ID] = ruleArea(r.Package)
		builtin[r.ID] = r.Builtin
	}
	docs := markdownDocs(rep)

	bw := bufio.NewWriter(w)
	total := mdCounts(rep.Counts())
	fmt.Fprintf(bw, "## erslint: e-RS onboarding readiness\n\n")
	fmt.Fprintf(bw, "%s **%s**, assessed on %s.\n", total.status(), mdText(summary(rep)), mdText(rep.AsOf))

	for _, d := range docs {
		counts := mdCounts{}
		byArea := map[string]mdCounts{}
		for _, f := range d.findings {
			counts[f.Severity]++
			a := cmp.Or(areas[f.RuleID], "other")
			if byArea[a] == nil {
				byArea[a] = mdCounts{}
			}
			byArea[a][f.Severity]++
		}
		fmt.Fprintf(bw, "\n### %s %s\n\n", counts.status(), mdText(docTitle(d.DocumentInfo)))
		fmt.Fprintf(bw, "%s, document %d", mdText(d.File), d.Index+1)
		if d.Checked {
			fmt.Fprintf(bw, " · stage: %s", d.Stage)
		}
		fmt.Fprintf(bw, "\n\n")
		if d.Checked {
			fmt.Fprintf(bw, "| Area | Errors | Warnings | Info | Status |\n| --- | ---: | ---: | ---: | :---: |\n")
			for _, a := range docAreas(byArea) {
				c := byArea[a]
				fmt.Fprintf(bw, "| %s | %d | %d | %d | %s |\n", mdText(a), c[finding.Error], c[finding.Warning], c[finding.Info], c.status())
			}
			fmt.Fprintln(bw)
		} else {
			// Without a manifest to check, an all-green area table would claim
			// readiness nobody verified.
			fmt.Fprintf(bw, "Not checked against the rules: this is not a readable manifest document.\n\n")
		}
		if len(d.findings) == 0 {
			fmt.Fprintf(bw, "No findings.\n")
			continue
		}
		fmt.Fprintf(bw, "| Location | Severity | Rule | Message |\n| --- | --- | --- | --- |\n")
		for _, f := range d.findings {
			fmt.Fprintf(bw, "| %s | %s | %s | %s |\n", mdCell(location(f)), f.Severity, ruleLink(f.RuleID, builtin[f.RuleID]), mdCell(f.Message))
		}
	}

	if n := rep.Suppressed(); n > 0 {
		fmt.Fprintf(bw, "\n### Waived (%d)\n\n", n)
		fmt.Fprintf(bw, "| Location | Rule | Reason | Expires |\n| --- | --- | --- | --- |\n")
		for _, f := range rep.Findings {
			if !f.Suppressed() {
				continue
			}
			fmt.Fprintf(bw, "| %s | %s | %s | %s |\n", mdCell(location(f)), ruleLink(f.RuleID, builtin[f.RuleID]),
				mdCell(f.Waiver.Reason), mdCell(f.Waiver.Expires))
		}
	}
	return bw.Flush()
}

// markdownDocs pairs every document with its unsuppressed findings, sorted by
// file and index. A finding whose document the report does not describe (a
// report built by hand) still gets a section, so nothing is dropped.
func markdownDocs(rep *lint.Report) []*mdDoc {
	byKey := map[mdDocKey]*mdDoc{}
	var docs []*mdDoc
	for _, info := range rep.DocumentInfos {
		d := &mdDoc{DocumentInfo: info}
		byKey[mdDocKey{info.File, info.Index}] = d
		docs = append(docs, d)
	}
	for _, f := range rep.Findings {
		k := mdDocKey{f.File, f.Document}
		d, ok := byKey[k]
		if !ok {
			d = &mdDoc{DocumentInfo: lint.DocumentInfo{File: f.File, Index: f.Document, Stage: finding.Live, Checked: true}}
			byKey[k] = d
			docs = append(docs, d)
		}
		if !f.Suppressed() {
			d.findings = append(d.findings, f)
		}
	}
	slices.SortStableFunc(docs, func(a, b *mdDoc) int {
		return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Index, b.Index))
	})
	return docs
}

// docAreas lists every onboarding area, so a clean area reads as done rather
// than as forgotten, then any other area that has findings.
func docAreas(byArea map[string]mdCounts) []string {
	out := slices.Clone(areaOrder)
	var extra []string
	for a := range byArea {
		if !slices.Contains(areaOrder, a) {
			extra = append(extra, a)
		}
	}
	slices.Sort(extra)
	return append(out, extra...)
}

// docTitle names a document by its manifest name, with the organisation's name
// when known; without a name it is file#document (1-based, as a reader counts).
func docTitle(d lint.DocumentInfo) string {
	title := d.Name
	if title == "" {
		title = fmt.Sprintf("%s#%d", d.File, d.Index+1)
	}
	if d.Organisation != "" {
		title += " — " + d.Organisation
	}
	return title
}

func location(f finding.Finding) string {
	return fmt.Sprintf("%s:%d:%d", f.File, f.Line, f.Column)
}

// ruleLink links a built-in rule to its documentation; a custom rule's ID is
// shown as it is, having no page there.
func ruleLink(id string, builtin bool) string {
	if !builtin {
		return mdCell(id)
	}
	return fmt.Sprintf("[%s](%s)", mdCell(id), HelpURI(id))
}
