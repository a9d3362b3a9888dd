package report

import (
	"bufio"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/forecast"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/policy"
)

// HTML writes the programme dashboard: one self-contained page (inline CSS and
// script, allowed by their hashes under a strict Content-Security-Policy; no
// request to any host) with the organisations by stage and verdict, a matrix of
// organisations against prerequisite areas, what lapses next over the
// look-ahead, and each organisation's findings, waivers and go-live rehearsal.
// Every value read from a manifest is escaped and clipped. docs/programme.md
// describes it.
type HTML struct {
	Version string
	Options Options
}

//go:embed html/dashboard.css
var dashboardCSS string

//go:embed html/dashboard.js
var dashboardJS string

// Clipping: a manifest value is shown up to these many characters, then "…".
const (
	clipName    = 120
	clipMessage = 600
	clipReason  = 300
	// inlineRemedies: up to this many organisations, each finding shows its
	// rule's remedy; beyond, the remedy is in the rules section it links to.
	inlineRemedies = 200
	// lapsesShown is how many organisations "what lapses next" names a day.
	lapsesShown = 20
)

// cspHash is the CSP source of an inline element's content.
func cspHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// ContentSecurityPolicy is the policy the page declares: nothing may load,
// only its own style and script run.
func ContentSecurityPolicy() string {
	return "default-src 'none'; style-src " + cspHash(dashboardCSS) + "; script-src " + cspHash(dashboardJS) +
		"; img-src 'none'; base-uri 'none'; form-action 'none'"
}

// esc clips s to n characters and escapes it for HTML text or a quoted
// attribute; control characters (bidirectional overrides included) become �.
func esc(s string, n int) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if utf8.RuneCountInString(s) > n {
		r := []rune(s)
		s = string(r[:n]) + "…"
	}
	s = strings.Map(func(r rune) rune {
		if (unicode.IsControl(r) && r != '\n' && r != '\t') || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029' {
			return '\uFFFD'
		}
		return r
	}, s)
	return html.EscapeString(s)
}

var verdictRank = map[forecast.Verdict]int{forecast.Blocked: 3, forecast.AtRisk: 2, forecast.Ready: 1}

var verdictTitle = map[forecast.Verdict]string{forecast.Blocked: "Blocked", forecast.AtRisk: "At risk", forecast.Ready: "Ready"}

var verdictMark = map[forecast.Verdict]string{forecast.Blocked: "✖", forecast.AtRisk: "▲", forecast.Ready: "✔"}

var sevMark = map[finding.Severity]string{finding.Error: "✖", finding.Warning: "▲", finding.Info: "ℹ"}

// htmlDoc is one organisation as the dashboard shows it.
type htmlDoc struct {
	id      string // org-N: never a manifest value
	fc      forecast.Document
	summary jsonOrganisation
	verdict forecast.Verdict
	all     []finding.Finding
}

func (d htmlDoc) title() string {
	if d.summary.Name != "" {
		return d.summary.Name
	}
	return "document " + strconv.Itoa(d.summary.Document+1) + " of " + d.summary.File
}

// Write implements Writer.
func (h HTML) Write(w io.Writer, rep *lint.Report) error {
	fc := h.Options.lookAhead(rep)
	byDoc := findingsByDocument(rep)
	area := areaOf(rep)
	rules := map[string]policy.Rule{}
	for _, r := range rep.Rules {
		rules[r.ID] = r
	}
	docs := make([]htmlDoc, len(fc.Documents))
	for i, d := range fc.Documents {
		all := byDoc[mdDocKey{d.Info.File, d.Info.Index}]
		docs[i] = htmlDoc{id: "org-" + strconv.Itoa(i+1), fc: d, summary: organisation(fc, d, all, area), verdict: fc.Verdict(d), all: all}
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	p := &page{w: bw, fc: fc, rep: rep, docs: docs, rules: rules, area: area, version: h.Version}
	p.head()
	p.overview()
	p.matrix()
	p.lapses()
	p.organisations()
	p.rulesSection()
	p.foot()
	return bw.Flush()
}

type page struct {
	w       *bufio.Writer
	fc      *forecast.Forecast
	rep     *lint.Report
	docs    []htmlDoc
	rules   map[string]policy.Rule
	area    func(string) string
	version string
}

func (p *page) f(format string, args ...any) { fmt.Fprintf(p.w, format, args...) }
func (p *page) s(s string)                   { p.w.WriteString(s) }

func (p *page) head() {
	p.f(`<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="%s">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="erslint %s">
<title>e-RS onboarding readiness on %s (erslint)</title>
<style>%s</style>
</head>
<body>
<a class="skip" href="#main">Skip to the overview</a>
<header>
<h1>e-RS onboarding readiness</h1>
<p>Assessment date %s; look-ahead to %s; an organisation is blocked by a finding at or above: %s. %s in %s.</p>
</header>
<main id="main" tabindex="-1">
<nav aria-label="Sections"><ul>
<li><a href="#overview">Overview</a></li>
<li><a href="#areas">Organisations by prerequisite area</a></li>
<li><a href="#lapses">What lapses next</a></li>
<li><a href="#organisations">Findings by organisation</a></li>
<li><a href="#rules">Rules and remedies</a></li>
</ul></nav>
`, html.EscapeString(ContentSecurityPolicy()), esc(p.version, 40), p.fc.AsOf, dashboardCSS, p.fc.AsOf, p.fc.Until, p.fc.FailLevel,
		plural(len(p.docs), "organisation"), plural(p.rep.Files, "file"))
}

var stages = []finding.Stage{finding.Planning, finding.PreGoLive, finding.Live}

func (p *page) overview() {
	byVerdict := map[forecast.Verdict]int{}
	cell := map[string]int{}
	byStage := map[finding.Stage]int{}
	rehearsalBlocked := 0
	for _, d := range p.docs {
		byVerdict[d.verdict]++
		byStage[d.fc.Info.Stage]++
		cell[d.fc.Info.Stage.String()+string(d.verdict)]++
		if r := d.fc.Rehearsal; r != nil && r.Blocking > 0 {
			rehearsalBlocked++
		}
	}
	p.s(`<section id="overview" aria-labelledby="overview-h">
<h2 id="overview-h">Overview</h2>
<table class="counts" id="verdicts"><caption>Organisations by verdict</caption>
<thead><tr><th scope="col">Verdict</th><th scope="col" class="num">Organisations</th></tr></thead><tbody>
`)
	for _, v := range forecast.Verdicts() {
		p.f(`<tr data-verdict="%s"><th scope="row"><span class="verdict-%s"><span aria-hidden="true">%s </span>%s</span></th><td class="num">%d</td></tr>
`, v, v, verdictMark[v], verdictTitle[v], byVerdict[v])
	}
	p.f(`</tbody><tfoot><tr><th scope="row">All</th><td class="num">%d</td></tr></tfoot></table>
<table class="counts" id="stages"><caption>Organisations by stage and verdict</caption>
<thead><tr><th scope="col">Stage</th>`, len(p.docs))
	for _, v := range forecast.Verdicts() {
		p.f(`<th scope="col" class="num">%s</th>`, verdictTitle[v])
	}
	p.s(`<th scope="col" class="num">All</th></tr></thead><tbody>
`)
	for _, st := range stages {
		p.f(`<tr data-stage="%s"><th scope="row">%s</th>`, st, st)
		for _, v := range forecast.Verdicts() {
			p.f(`<td class="num">%d</td>`, cell[st.String()+string(v)])
		}
		p.f(`<td class="num">%d</td></tr>
`, byStage[st])
	}
	p.f(`</tbody></table>
<p>%s would be blocked on their planned go-live date as things stand (go-live rehearsal: the findings on <code>goLive.plannedDate</code> at stage live).</p>
<p><strong>Blocked</strong>: a finding at or above the fail level (%s) is open on the assessment date. <strong>At risk</strong>: none is open on the assessment date, but one appears by %s (a contract ends, the DSPT lapses, a waiver expires). <strong>Ready</strong>: none through %s. Waived findings do not count.</p>
</section>
`, plural(rehearsalBlocked, "organisation"), p.fc.FailLevel, p.fc.Until, p.fc.Until)
}

// worst is the worst severity of an area's counts, with its rank for sorting.
func worstCell(c jsonCounts) (string, string, int) {
	switch c.worst() {
	case finding.Error:
		return "error", fmt.Sprintf("%s error (%d)", sevMark[finding.Error], c.Errors), 3
	case finding.Warning:
		return "warning", fmt.Sprintf("%s warning (%d)", sevMark[finding.Warning], c.Warnings), 2
	case finding.Info:
		return "info", fmt.Sprintf("%s info (%d)", sevMark[finding.Info], c.Infos), 1
	}
	return "met", "✔ met", 0
}

func (p *page) matrix() {
	types := map[string]bool{}
	for _, d := range p.docs {
		if d.summary.Type != "" {
			types[d.summary.Type] = true
		}
	}
	p.s(`<section id="areas" aria-labelledby="areas-h">
<h2 id="areas-h">Organisations by prerequisite area</h2>
<p>Each cell shows the worst open finding in that area, in words, with the number of findings of that severity. Sort by a column with its heading; filter with the fields below.</p>
<form id="filters" class="filters" role="search" aria-label="Filter organisations">
<div><label for="f-stage">Stage</label><select id="f-stage" name="stage"><option value="">Any stage</option>`)
	for _, st := range stages {
		p.f(`<option value="%s">%s</option>`, st, st)
	}
	p.s(`</select></div>
<div><label for="f-type">Type</label><select id="f-type" name="type"><option value="">Any type</option>`)
	for _, t := range slices.Sorted(mapsKeys(types)) {
		p.f(`<option value="%s">%s</option>`, esc(t, clipName), esc(t, clipName))
	}
	p.s(`</select></div>
<div><label for="f-verdict">Verdict</label><select id="f-verdict" name="verdict"><option value="">Any verdict</option>`)
	for _, v := range forecast.Verdicts() {
		p.f(`<option value="%s">%s</option>`, v, verdictTitle[v])
	}
	p.s(`</select></div>
<div><label for="f-area">Open findings in area</label><select id="f-area" name="area"><option value="">Any or none</option>`)
	for _, a := range Areas {
		p.f(`<option value="%s">%s</option>`, a, AreaTitles[a])
	}
	p.f(`</select></div>
<div><label for="f-q">Name, organisation or file contains</label><input id="f-q" name="q" type="search" autocomplete="off" spellcheck="false"></div>
</form>
<p id="shown" role="status" aria-live="polite">Showing %d of %d organisations</p>
<table id="matrix"><caption>Organisations against prerequisite areas: worst open finding per area</caption>
<colgroup><col class="org"><col><col><col><col>`, len(p.docs), len(p.docs))
	for range Areas {
		p.s(`<col>`)
	}
	p.s(`</colgroup>
<thead><tr><th scope="col" data-kind="text"><button type="button">Organisation</button></th><th scope="col" data-kind="text"><button type="button">Type</button></th><th scope="col" data-kind="num"><button type="button">Stage</button></th><th scope="col" data-kind="num"><button type="button">Verdict</button></th><th scope="col" data-kind="text"><button type="button">Next change</button></th>`)
	for _, a := range Areas {
		p.f(`<th scope="col" data-kind="num"><button type="button">%s</button></th>`, AreaTitles[a])
	}
	p.s("</tr></thead>\n<tbody>\n")
	for _, d := range p.docs {
		var open []string
		for _, a := range Areas {
			if d.summary.Areas[a].worst() != 0 {
				open = append(open, a)
			}
		}
		text := strings.ToLower(d.summary.Name + " " + d.summary.Organisation + " " + d.summary.File)
		p.f(`<tr data-stage="%s" data-type="%s" data-verdict="%s" data-areas="%s" data-text="%s"><th scope="row"><a href="#%s">%s</a>`,
			d.fc.Info.Stage, esc(d.summary.Type, clipName), d.verdict, strings.Join(open, " "), esc(text, 3*clipName), d.id, esc(d.title(), clipName))
		if d.summary.Organisation != "" {
			p.f(`<br><span class="muted">%s</span>`, esc(d.summary.Organisation, clipName))
		}
		next, nextKey := "none", "9999-99-99"
		if c := d.summary.NextVerdictChange; c != nil {
			next, nextKey = c.Date+": "+c.Verdict, c.Date
		}
		p.f(`</th><td>%s</td><td data-v="%d">%s</td><td data-v="%d"><span class="verdict-%s"><span aria-hidden="true">%s </span>%s</span></td><td data-v="%s">%s</td>`,
			esc(d.summary.Type, clipName), d.fc.Info.Stage, d.fc.Info.Stage, verdictRank[d.verdict], d.verdict, verdictMark[d.verdict], verdictTitle[d.verdict], nextKey, next)
		for _, a := range Areas {
			class, words, rank := worstCell(d.summary.Areas[a])
			p.f(`<td data-v="%d"><span class="sev sev-%s">%s</span></td>`, rank, class, words)
		}
		p.s("</tr>\n")
	}
	p.s("</tbody></table>\n</section>\n")
}

func mapsKeys(m map[string]bool) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func (p *page) lapses() {
	p.f(`<section id="lapses" aria-labelledby="lapses-h">
<h2 id="lapses-h">What lapses next</h2>
<p>The days up to %s on which findings appear or clear, from the dates in the manifests (contracts, DSPT publication, waivers); the same look-ahead as <code>erslint forecast</code>.</p>
`, p.fc.Until)
	p.chart()
	lapses := p.fc.ByDate()
	if len(lapses) == 0 {
		p.s("<p>Nothing changes within the look-ahead.</p>\n</section>\n")
		return
	}
	index := map[*forecast.Document]string{}
	for i := range p.fc.Documents {
		index[&p.fc.Documents[i]] = p.docs[i].id
	}
	titles := map[string]string{}
	for _, d := range p.docs {
		titles[d.id] = d.title()
	}
	for i := 0; i < len(lapses); {
		date := lapses[i].Change.Date
		j := i
		for j < len(lapses) && lapses[j].Change.Date == date {
			j++
		}
		p.f("<h3>%s: %s</h3>\n<ul class=\"lapses\">\n", date, plural(j-i, "organisation"))
		for k := i; k < j && k < i+lapsesShown; k++ {
			l := lapses[k]
			id := index[l.Document]
			p.f(`<li><a href="#%s">%s</a>: %s</li>
`, id, esc(titles[id], clipName), changeWords(l.Change))
		}
		if j-i > lapsesShown {
			p.f("<li>and %d more (erslint forecast lists them all)</li>\n", j-i-lapsesShown)
		}
		p.s("</ul>\n")
		i = j
	}
	p.s("</section>\n")
}

// changeWords says what appears and clears, by rule and severity.
func changeWords(c *forecast.Change) string {
	var parts []string
	for _, f := range c.Appear {
		parts = append(parts, "appears "+f.Severity.String()+" "+f.RuleID)
	}
	for _, f := range c.Clear {
		parts = append(parts, "clears "+f.RuleID)
	}
	return strings.Join(parts, ", ")
}

// chart draws the open errors and warnings of every organisation per day as
// two step lines (solid for errors, dashed for warnings, each labelled at its
// end, so colour is not the only difference), with its data as a table.
func (p *page) chart() {
	days := p.fc.Daily()
	if len(days) == 0 {
		return
	}
	const width, height, left, right, top, bottom = 760, 260, 60, 130, 20, 40
	plotW, plotH := float64(width-left-right), float64(height-top-bottom)
	maxY := 1
	for _, d := range days {
		maxY = max(maxY, d.Errors, d.Warnings)
	}
	x := func(i int) float64 {
		if len(days) == 1 {
			return float64(left)
		}
		return float64(left) + plotW*float64(i)/float64(len(days)-1)
	}
	y := func(v int) float64 { return float64(top) + plotH*(1-float64(v)/float64(maxY)) }
	path := func(get func(forecast.Day) int) string {
		var b strings.Builder
		fmt.Fprintf(&b, "M%.1f %.1f", x(0), y(get(days[0])))
		for i := 1; i < len(days); i++ {
			if get(days[i]) != get(days[i-1]) {
				fmt.Fprintf(&b, "H%.1fV%.1f", x(i), y(get(days[i])))
			}
		}
		fmt.Fprintf(&b, "H%.1f", x(len(days)-1))
		return b.String()
	}
	last := days[len(days)-1]
	p.f(`<figure class="chart">
<svg viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">
<title id="chart-title">Open errors and warnings per day, %s to %s</title>
<desc id="chart-desc">Errors go from %d to %d and warnings from %d to %d. The table below the chart lists each day a count changes.</desc>
`, width, height, width, height, days[0].Date, last.Date, days[0].Errors, last.Errors, days[0].Warnings, last.Warnings)
	for _, v := range []int{0, maxY / 2, maxY} {
		p.f(`<line class="grid" x1="%d" x2="%d" y1="%.1f" y2="%.1f"/><text x="%d" y="%.1f" text-anchor="end">%d</text>
`, left, width-right, y(v), y(v), left-6, y(v)+4, v)
	}
	p.f(`<line class="axis" x1="%d" x2="%d" y1="%d" y2="%d"/>
`, left, width-right, height-bottom, height-bottom)
	for _, i := range []int{0, len(days) / 2, len(days) - 1} {
		p.f(`<text x="%.1f" y="%d" text-anchor="middle">%s</text>
`, x(i), height-bottom+18, days[i].Date)
	}
	p.f(`<path class="errors" d="%s" fill="none" stroke-width="3"/>
<path class="warnings" d="%s" fill="none" stroke-width="3"/>
<text x="%d" y="%.1f">errors %d</text>
<text x="%d" y="%.1f">warnings %d</text>
</svg>
<figcaption>Open errors (solid line) and warnings (dashed line) of all organisations, per day.</figcaption>
</figure>
`, path(func(d forecast.Day) int { return d.Errors }), path(func(d forecast.Day) int { return d.Warnings }),
		width-right+8, y(last.Errors)+4, last.Errors, width-right+8, y(last.Warnings)+(func() float64 {
			if abs(y(last.Warnings)-y(last.Errors)) < 14 {
				return 18
			}
			return 4
		})(), last.Warnings)
	p.s(`<details><summary>Chart data: the days the counts change</summary>
<table><thead><tr><th scope="col">Day</th><th scope="col" class="num">Open errors</th><th scope="col" class="num">Open warnings</th></tr></thead><tbody>
`)
	for i, d := range days {
		if i == 0 || d.Errors != days[i-1].Errors || d.Warnings != days[i-1].Warnings {
			p.f("<tr><td>%s</td><td class=\"num\">%d</td><td class=\"num\">%d</td></tr>\n", d.Date, d.Errors, d.Warnings)
		}
	}
	p.s("</tbody></table></details>\n")
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func (p *page) organisations() {
	p.s(`<section id="organisations" aria-labelledby="organisations-h">
<h2 id="organisations-h">Findings by organisation</h2>
<p>Open an organisation to see its findings by area, its waivers, what changes within the look-ahead, and its go-live rehearsal.</p>
`)
	inline := len(p.docs) <= inlineRemedies
	for _, d := range p.docs {
		p.f(`<details id="%s"><summary><strong>%s</strong>`, d.id, esc(d.title(), clipName))
		if d.summary.Organisation != "" {
			p.f(`, %s`, esc(d.summary.Organisation, clipName))
		}
		p.f(` <span class="verdict-%s"><span aria-hidden="true">%s </span>%s</span> <span class="muted">(%s, %s)</span></summary>
<p>File <span class="loc">%s</span>, document %d; type %s. `, d.verdict, verdictMark[d.verdict], verdictTitle[d.verdict],
			d.fc.Info.Stage, plural(d.summary.Counts.Errors+d.summary.Counts.Warnings+d.summary.Counts.Infos, "open finding"),
			esc(d.summary.File, 3*clipName), d.summary.Document+1, esc(orNone(d.summary.Type), clipName))
		if c := d.summary.NextVerdictChange; c != nil {
			p.f("Next verdict change: %s on %s.", c.Verdict, c.Date)
		} else {
			p.f("The verdict holds through %s.", p.fc.Until)
		}
		p.s("</p>\n")
		p.findings(d, inline)
		p.waivers(d)
		p.docChanges(d)
		p.rehearsal(d)
		p.s("</details>\n")
	}
	p.s("</section>\n")
}

func orNone(s string) string {
	if s == "" {
		return "not given"
	}
	return s
}

func (p *page) findings(d htmlDoc, inline bool) {
	byArea := map[string][]finding.Finding{}
	for _, f := range d.all {
		if !f.Suppressed() {
			a := p.area(f.RuleID)
			byArea[a] = append(byArea[a], f)
		}
	}
	if len(byArea) == 0 {
		p.s("<p>No open findings.</p>\n")
		return
	}
	p.s("<h3>Open findings by area</h3>\n")
	for _, a := range orderAreas(byArea) {
		title := AreaTitles[a]
		if title == "" {
			title = a
		}
		p.f(`<table class="findings"><caption>%s</caption><thead><tr><th scope="col">Severity</th><th scope="col">Rule</th><th scope="col">Where</th><th scope="col">Message</th><th scope="col">Remedy</th></tr></thead><tbody>
`, esc(title, clipName))
		for _, f := range byArea[a] {
			rule := p.rules[f.RuleID]
			remedy := fmt.Sprintf(`<a href="#rule-%s">remedy of %s</a>`, strings.ToLower(f.RuleID), f.RuleID)
			if inline && rule.Remedy != "" {
				remedy = esc(strings.TrimSpace(rule.Remedy), clipMessage)
			}
			p.f(`<tr><td><span class="sev sev-%s">%s %s</span></td><td><a href="#rule-%s">%s</a></td><td class="loc">%s:%d:%d<br>%s</td><td>%s</td><td class="remedy">%s</td></tr>
`, f.Severity, sevMark[f.Severity], f.Severity, strings.ToLower(esc(f.RuleID, 40)), esc(f.RuleID, 40),
				esc(f.File, 3*clipName), f.Line, f.Column, esc(f.Path.String(), clipName), esc(f.Message, clipMessage), remedy)
		}
		p.s("</tbody></table>\n")
	}
}

// orderAreas lists the areas with findings in journey order, then the others by name.
func orderAreas(byArea map[string][]finding.Finding) []string {
	var out []string
	for _, a := range areaOrder {
		if len(byArea[a]) > 0 {
			out = append(out, a)
		}
	}
	var rest []string
	for a := range byArea {
		if !slices.Contains(areaOrder, a) {
			rest = append(rest, a)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

func (p *page) waivers(d htmlDoc) {
	var waived []finding.Finding
	for _, f := range d.all {
		if f.Suppressed() {
			waived = append(waived, f)
		}
	}
	if len(waived) == 0 {
		return
	}
	p.s(`<h3>Waived findings</h3>
<table class="waived"><thead><tr><th scope="col">Rule</th><th scope="col">Where</th><th scope="col">Reason</th><th scope="col">Approved by</th><th scope="col">Expires</th></tr></thead><tbody>
`)
	for _, f := range waived {
		w := f.Waiver
		p.f(`<tr><td>%s</td><td class="loc">%s:%d:%d</td><td>%s</td><td>%s</td><td>%s</td></tr>
`, esc(f.RuleID, 40), esc(f.File, 3*clipName), f.Line, f.Column, esc(w.Reason, clipReason), esc(orNone(w.ApprovedBy), clipName), esc(orNever(w.Expires), 40))
	}
	p.s("</tbody></table>\n")
}

func orNever(s string) string {
	if s == "" {
		return "never"
	}
	return s
}

func (p *page) docChanges(d htmlDoc) {
	if len(d.fc.Changes) == 0 {
		return
	}
	p.f("<h3>Changes up to %s</h3>\n<ul>\n", p.fc.Until)
	for _, c := range d.fc.Changes {
		p.f("<li>%s:<ul>", c.Date)
		for _, f := range c.Appear {
			p.f(`<li>appears: <span class="sev sev-%s">%s %s</span> %s %s</li>`, f.Severity, sevMark[f.Severity], f.Severity, esc(f.RuleID, 40), esc(f.Message, clipMessage))
		}
		for _, f := range c.Clear {
			p.f(`<li>clears: %s %s</li>`, esc(f.RuleID, 40), esc(f.Message, clipMessage))
		}
		p.s("</ul></li>\n")
	}
	p.s("</ul>\n")
}

func (p *page) rehearsal(d htmlDoc) {
	r := d.fc.Rehearsal
	if r == nil {
		return
	}
	p.f("<h3>Go-live rehearsal, %s</h3>\n", r.Date)
	if r.Blocking == 0 {
		p.f("<p>If you go live on %s as planned, nothing at or above %s blocks you.</p>\n", r.Date, p.fc.FailLevel)
		return
	}
	p.f("<p>If you go live on %s as planned, these %s block you:</p>\n<ul>\n", r.Date, plural(r.Blocking, "finding"))
	for _, f := range r.Findings {
		if !f.Suppressed() && f.Severity >= p.fc.FailLevel {
			p.f(`<li><span class="sev sev-%s">%s %s</span> %s %s</li>
`, f.Severity, sevMark[f.Severity], f.Severity, esc(f.RuleID, 40), esc(f.Message, clipMessage))
		}
	}
	p.s("</ul>\n")
}

func (p *page) rulesSection() {
	p.s(`<section id="rules" aria-labelledby="rules-h">
<h2 id="rules-h">Rules and remedies</h2>
<dl>
`)
	for _, r := range p.rep.Rules {
		p.f(`<dt id="rule-%s"><strong>%s</strong> %s (%s, from %s)</dt><dd class="remedy">%s</dd>
`, strings.ToLower(esc(r.ID, 40)), esc(r.ID, 40), esc(r.Title, clipMessage), r.Severity, r.Stage, esc(strings.TrimSpace(r.Remedy), 4*clipMessage))
	}
	p.s("</dl>\n</section>\n")
}

func (p *page) foot() {
	p.f(`</main>
<footer><p>Made by erslint %s from the onboarding manifests, offline: this page loads nothing from anywhere.</p></footer>
<script>%s</script>
</body>
</html>
`, esc(p.version, 40), dashboardJS)
}
