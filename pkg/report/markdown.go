package report

import (
	"cmp"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/erslint/erslint/pkg/delta"
	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/lint"
)

// Markdown writes a readiness summary for a pull-request comment or a GitHub job
// summary: the totals, then for each organisation (one per document) with an
// error or a warning a table of onboarding areas with their status and a table
// of its findings, errors first; the organisations with neither on one line;
// then the waived findings with the reasons they were accepted.
//
// GitHub refuses a comment or a step summary over 65,536 characters, so the
// report is cut to MaxBytes at any scale: organisations with errors come first,
// those that no longer fit are listed on a line each, then only counted, and a
// note says what was cut.
type Markdown struct {
	// SourceURL, when set, links each location to its file and line:
	// SourceURL/<path relative to Root>#L<line>. The caller builds it from
	// GitHub's environment (server, repository, commit).
	SourceURL string
	Root      string // absolute; empty: the working directory
	// MaxBytes bounds the report; 0 means MaxMarkdownBytes.
	MaxBytes int
	// Notes are lines shown under the totals (the github format says there how
	// many annotations GitHub would not show).
	Notes []string
	// Delta, with --new-from-rev: the report holds only the new findings, and
	// a table shows each organisation's change since the revision.
	Delta *delta.Result
	// Programme, when set, adds the roll-up by commissioner, with the
	// verdicts of its fail level and look-ahead (Options.Until).
	Programme *Options
}

// MaxMarkdownBytes keeps a report under GitHub's 65,536-character limit for a
// comment and a step summary, with room for what other steps add. Bytes are
// counted: a character is at least one.
const MaxMarkdownBytes = 60000

// mdReserve is kept back from the sections for what follows them: the line of
// compliant organisations, the waived findings and the note on what was cut.
const mdReserve = 6000

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

// rank orders organisations for the report: errors first, then warnings.
func (c mdCounts) rank() int {
	switch {
	case c[finding.Error] > 0:
		return 0
	case c[finding.Warning] > 0:
		return 1
	}
	return 2
}

type mdDocKey struct {
	file  string
	index int
}

type mdDoc struct {
	lint.DocumentInfo
	findings []finding.Finding // unsuppressed, in report order; read by load when packed
	counts   mdCounts
	loaded   bool // findings are there
}

// load reads the document's findings from rep, when packed: only for the
// documents that get a section, which the report's size bounds.
func (d *mdDoc) load(rep *lint.Report) error {
	if d.loaded {
		return nil
	}
	fs, err := rep.FileFindings(d.File)
	if err != nil {
		return err
	}
	for _, f := range fs {
		if f.Document == d.Index && !f.Suppressed() {
			d.findings = append(d.findings, f)
		}
	}
	d.loaded = true
	return nil
}

// Write implements Writer.
func (m Markdown) Write(w io.Writer, rep *lint.Report) error {
	limit := m.MaxBytes
	if limit <= 0 {
		limit = MaxMarkdownBytes
	}
	areas := map[string]string{}
	builtin := map[string]bool{}
	for _, r := range rep.Rules {
		areas[r.ID] = ruleArea(r.Package)
		builtin[r.ID] = r.Builtin
	}
	links := m.linker()
	docs, err := markdownDocs(rep)
	if err != nil {
		return err
	}

	var out strings.Builder
	total := mdCounts(rep.Counts())
	fmt.Fprintf(&out, "## erslint: e-RS onboarding readiness\n\n")
	fmt.Fprintf(&out, "%s **%s**, assessed on %s.\n", total.status(), mdText(summary(rep)), mdText(rep.AsOf))
	fmt.Fprintf(&out, "\n%s\n", mdText(RefDataLine(rep.RefData)))
	for _, n := range m.Notes {
		fmt.Fprintf(&out, "\n%s\n", n)
	}
	if b := m.baseline(); b != nil {
		out.WriteString(baselineSection(b, limit/4))
	}
	if m.Delta != nil {
		out.WriteString(deltaSection(m.Delta, limit/4))
	}
	if m.Programme != nil {
		fc, err := m.Programme.verdicts(rep)
		if err != nil {
			return err
		}
		out.WriteString(commissionerSection(fc, m.Programme.Directory, limit/5))
	}

	var compliant, flagged []*mdDoc
	for _, d := range docs {
		if d.Checked && d.counts.rank() == 2 {
			compliant = append(compliant, d)
		} else {
			flagged = append(flagged, d)
		}
	}
	// Organisations with errors or warnings get a section each, in order, while
	// the rest still fit on a line each; at a scale where those lines alone
	// would not fit, sections take two fifths of the room and lines the rest.
	lines := make([]string, len(flagged))
	linesBytes := 0
	for i, d := range flagged {
		lines[i] = fmt.Sprintf("- %s %s (%s): %s\n", d.counts.status(), mdText(docTitle(d.DocumentInfo)), mdText(d.File), countWords(d.counts))
		linesBytes += len(lines[i])
	}
	const listHead = "\n### Not shown in detail\n\n"
	avail := limit - mdReserve - out.Len()
	sectionRoom := max(avail-linesBytes-len(listHead), avail*2/5)
	detailed, used := 0, 0
	truncated := false
	for _, d := range flagged {
		if err := d.load(rep); err != nil {
			return err
		}
		sec := docSection(d, areas, builtin, links, 0)
		if used+len(sec) > sectionRoom {
			if detailed == 0 {
				// The first organisation alone is too big: its findings are cut,
				// errors first, rather than it having no section at all.
				sec = docSection(d, areas, builtin, links, sectionRoom)
				out.WriteString(sec)
				used += len(sec)
				detailed++
				truncated = true
			}
			break
		}
		out.WriteString(sec)
		used += len(sec)
		detailed++
	}
	var listed []string // organisations that did not fit with their findings
	if detailed < len(flagged) {
		room := avail - used - len(listHead)
		for _, l := range lines[detailed:] {
			if len(l) > room {
				break
			}
			listed = append(listed, l)
			room -= len(l)
		}
	}
	omitted := len(flagged) - detailed - len(listed)
	if len(listed) > 0 {
		out.WriteString(listHead)
		for _, l := range listed {
			out.WriteString(l)
		}
	}
	if omitted > 0 {
		fmt.Fprintf(&out, "\n%s with errors or warnings not listed.\n", plural(omitted, "more organisation"))
	}

	if len(compliant) > 0 {
		heading := "No errors or warnings"
		if m.Delta != nil {
			heading = "No new errors or warnings"
		}
		out.WriteString(compliantLine(heading, compliant, 1500))
	}

	waivedCut := 0
	if n := rep.Suppressed(); n > 0 {
		fmt.Fprintf(&out, "\n### Waived (%d)\n\n", n)
		fmt.Fprintf(&out, "| Location | Rule | Reason | Expires |\n| --- | --- | --- | --- |\n")
		err := rep.Each(func(_ int, f finding.Finding) error {
			if !f.Suppressed() {
				return nil
			}
			if waivedCut > 0 {
				waivedCut++
				return nil
			}
			row := fmt.Sprintf("| %s | %s | %s | %s |\n", links(f), ruleLink(f.RuleID, builtin[f.RuleID]),
				mdCell(f.Waiver.Reason), mdCell(f.Waiver.Expires))
			if out.Len()+len(row) > limit-600 {
				waivedCut++
				return nil
			}
			out.WriteString(row)
			return nil
		})
		if err != nil {
			return err
		}
		if waivedCut > 0 {
			fmt.Fprintf(&out, "\n%s not listed.\n", plural(waivedCut, "more waived finding"))
		}
	}
	var cut []string
	if truncated {
		cut = append(cut, "the findings of "+mdText(docTitle(flagged[0].DocumentInfo))+" cut short")
	}
	if len(listed) > 0 {
		cut = append(cut, plural(len(listed), "organisation")+" listed without their findings")
	}
	if omitted > 0 {
		cut = append(cut, plural(omitted, "organisation")+" with errors or warnings not listed")
	}
	if waivedCut > 0 {
		cut = append(cut, plural(waivedCut, "waived finding")+" not listed")
	}
	if len(cut) > 0 {
		fmt.Fprintf(&out, "\n> ✂️ Cut to stay within GitHub's limit of 65,536 characters: %s. The text, JSON or SARIF report has every finding.\n",
			strings.Join(cut, "; "))
	}
	_, err = io.WriteString(w, out.String())
	return err
}

// docSection is an organisation's section: its place, the areas' status and
// its findings, errors first.
// With max > 0 the findings table stops before the section passes max bytes,
// and a line says how many findings were left out.
func docSection(d *mdDoc, areas map[string]string, builtin map[string]bool, links func(finding.Finding) string, max int) string {
	var b strings.Builder
	byArea := map[string]mdCounts{}
	for _, f := range d.findings {
		a := cmp.Or(areas[f.RuleID], "other")
		if byArea[a] == nil {
			byArea[a] = mdCounts{}
		}
		byArea[a][f.Severity]++
	}
	fmt.Fprintf(&b, "\n### %s %s\n\n", d.counts.status(), mdText(docTitle(d.DocumentInfo)))
	fmt.Fprintf(&b, "%s, document %d", mdText(d.File), d.Index+1)
	if d.Checked {
		fmt.Fprintf(&b, " · stage: %s", d.Stage)
	}
	fmt.Fprintf(&b, "\n\n")
	if d.Checked {
		fmt.Fprintf(&b, "| Area | Errors | Warnings | Info | Status |\n| --- | ---: | ---: | ---: | :---: |\n")
		for _, a := range docAreas(byArea) {
			c := byArea[a]
			fmt.Fprintf(&b, "| %s | %d | %d | %d | %s |\n", mdText(a), c[finding.Error], c[finding.Warning], c[finding.Info], c.status())
		}
		fmt.Fprintln(&b)
	} else {
		// Without a manifest to check, an all-green area table would claim
		// readiness nobody verified.
		fmt.Fprintf(&b, "Not checked against the rules: this is not a readable manifest document.\n\n")
	}
	if len(d.findings) == 0 {
		fmt.Fprintf(&b, "No findings.\n")
		return b.String()
	}
	fs := slices.Clone(d.findings)
	slices.SortStableFunc(fs, func(a, b finding.Finding) int { return cmp.Compare(b.Severity, a.Severity) })
	fmt.Fprintf(&b, "| Location | Severity | Rule | Message |\n| --- | --- | --- | --- |\n")
	for i, f := range fs {
		row := fmt.Sprintf("| %s | %s | %s | %s |\n", links(f), f.Severity, ruleLink(f.RuleID, builtin[f.RuleID]), mdCell(f.Message))
		if max > 0 && b.Len()+len(row) > max-200 {
			fmt.Fprintf(&b, "\n%s of this organisation not listed.\n", plural(len(fs)-i, "more finding"))
			break
		}
		b.WriteString(row)
	}
	return b.String()
}

// compliantLine names the organisations with no error and no warning on one
// line, as many as fit in max bytes.
func compliantLine(heading string, docs []*mdDoc, max int) string {
	info := 0
	for _, d := range docs {
		info += d.counts[finding.Info]
	}
	head := fmt.Sprintf("\n### ✅ %s (%d)\n\n", heading, len(docs))
	var b strings.Builder
	shown := 0
	for _, d := range docs {
		name := mdText(docTitle(d.DocumentInfo))
		if b.Len()+len(name)+2 > max {
			break
		}
		if shown > 0 {
			b.WriteString(", ")
		}
		b.WriteString(name)
		shown++
	}
	if rest := len(docs) - shown; rest > 0 {
		fmt.Fprintf(&b, " and %d more", rest)
	}
	b.WriteString(".")
	if info > 0 {
		fmt.Fprintf(&b, " Their advice (%s) is in the full report.", plural(info, "info"))
	}
	return head + b.String() + "\n"
}

// deltaSection is the readiness change per organisation since the revision,
// at most max bytes.
func deltaSection(d *delta.Result, max int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n### Changes since %s\n\n", mdText(d.Rev))
	fmt.Fprintf(&b, "**%s introduced, %s resolved** in %s.\n", plural(d.Introduced, "finding"), plural(d.Resolved, "finding"), plural(len(d.Orgs), "organisation"))
	if len(d.Orgs) == 0 {
		return b.String()
	}
	b.WriteString("\n| Organisation | Before | Now | Introduced | Resolved |\n| --- | --- | --- | ---: | ---: |\n")
	shown := 0
	for _, o := range d.Orgs {
		name := o.Name
		if o.Organisation != "" {
			name += " — " + o.Organisation
		}
		now := mdCounts(o.After)
		nowText := now.status() + " " + cmp.Or(countWords(now), "no findings")
		if o.Gone {
			nowText = "removed"
		}
		before := mdCounts(o.Before)
		row := fmt.Sprintf("| %s | %s %s | %s | %d | %d |\n", mdCell(name), before.status(), cmp.Or(countWords(before), "no findings"),
			nowText, len(o.Introduced), len(o.Resolved))
		if b.Len()+len(row) > max-100 {
			break
		}
		b.WriteString(row)
		shown++
	}
	if rest := len(d.Orgs) - shown; rest > 0 {
		fmt.Fprintf(&b, "\n%s that changed not listed.\n", plural(rest, "more organisation"))
	}
	return b.String()
}

// countWords says an organisation's errors and warnings.
func countWords(c mdCounts) string {
	var parts []string
	for _, s := range []finding.Severity{finding.Error, finding.Warning, finding.Info} {
		if c[s] > 0 {
			parts = append(parts, plural(c[s], s.String()))
		}
	}
	return strings.Join(parts, ", ")
}

// linker returns how a finding's location is shown: a link to the file and
// line at SourceURL when set and the file is in the repository, else text.
func (m Markdown) linker() func(finding.Finding) string {
	if m.SourceURL == "" {
		return func(f finding.Finding) string { return mdCell(location(f)) }
	}
	root, err := filepath.Abs(cmp.Or(m.Root, "."))
	base := strings.TrimSuffix(m.SourceURL, "/")
	return func(f finding.Finding) string {
		text := mdCell(location(f))
		if err != nil || f.File == lint.StdinName {
			return text
		}
		abs, err := filepath.Abs(filepath.FromSlash(f.File))
		if err != nil {
			return text
		}
		rel, err := filepath.Rel(root, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
			return text
		}
		var segs []string
		for _, s := range strings.Split(filepath.ToSlash(rel), "/") {
			segs = append(segs, url.PathEscape(s))
		}
		return fmt.Sprintf("[%s](%s/%s#L%d)", text, base, strings.Join(segs, "/"), f.Line)
	}
}

// markdownDocs pairs every document with its unsuppressed findings, sorted by
// file and index. A finding whose document the report does not describe (a
// report built by hand) still gets a section, so nothing is dropped. Packed
// findings are only counted, a file at a time (eachDocument), and read again
// for the documents that get a section (load).
func markdownDocs(rep *lint.Report) ([]*mdDoc, error) {
	if rep.Packed() {
		docs := make([]*mdDoc, len(rep.DocumentInfos))
		err := eachDocument(rep, func(i int, all []finding.Finding) error {
			d := &mdDoc{DocumentInfo: rep.DocumentInfos[i], counts: mdCounts{}}
			if next := i + 1; next < len(docs) && rep.DocumentInfos[next].File == d.File && rep.DocumentInfos[next].Index == d.Index {
				all, d.loaded = nil, true // described twice: the findings go to the last, as below
			}
			for _, f := range all {
				if !f.Suppressed() {
					d.counts[f.Severity]++
				}
			}
			docs[i] = d
			return nil
		})
		sortMarkdownDocs(docs)
		return docs, err
	}
	byKey := map[mdDocKey]*mdDoc{}
	var docs []*mdDoc
	for _, info := range rep.DocumentInfos {
		d := &mdDoc{DocumentInfo: info, loaded: true}
		byKey[mdDocKey{info.File, info.Index}] = d
		docs = append(docs, d)
	}
	for _, f := range rep.Findings {
		k := mdDocKey{f.File, f.Document}
		d, ok := byKey[k]
		if !ok {
			d = &mdDoc{DocumentInfo: lint.DocumentInfo{File: f.File, Index: f.Document, Stage: finding.Live, Checked: true}, loaded: true}
			byKey[k] = d
			docs = append(docs, d)
		}
		if !f.Suppressed() {
			d.findings = append(d.findings, f)
		}
	}
	for _, d := range docs {
		d.counts = mdCounts{}
		for _, f := range d.findings {
			d.counts[f.Severity]++
		}
	}
	sortMarkdownDocs(docs)
	return docs, nil
}

// sortMarkdownDocs puts the documents in the report's order: errors first,
// then warnings, by file and index.
func sortMarkdownDocs(docs []*mdDoc) {
	slices.SortStableFunc(docs, func(a, b *mdDoc) int {
		return cmp.Or(cmp.Compare(a.counts.rank(), b.counts.rank()), strings.Compare(a.File, b.File), cmp.Compare(a.Index, b.Index))
	})
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
