package report

import (
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/json"
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

// esc clips and cleans s (clean) and escapes it for HTML text or a quoted
// attribute.
func esc(s string, n int) string { return html.EscapeString(clean(s, n)) }

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
	// Every finding at once: grouped by document, or counted first.
	rep, err := rep.Unpacked()
	if err != nil {
		return err
	}
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
	p := &page{w: bw, fc: fc, rep: rep, docs: docs, rules: rules, area: area, version: h.Version,
		dir: h.Options.Directory, docID: map[*forecast.Document]string{}}
	for i := range fc.Documents {
		p.docID[&fc.Documents[i]] = docs[i].id
	}
	p.head()
	p.changes(h.Options.Baseline)
	p.overview()
	p.trend(h.Options.History)
	p.matrix()
	p.commissionerView()
	p.lapses()
	p.rulesSection()
	if err := p.data(); err != nil {
		return err
	}
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
	dir     Directory
	docID   map[*forecast.Document]string
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
<p class="refdata">%s</p>
</header>
<main id="main" tabindex="-1">
<nav aria-label="Sections"><ul>
<li><a href="#overview">Overview</a></li>
<li><a href="#areas">Organisations by prerequisite area</a></li>
<li><a href="#commissioners">By commissioner</a></li>
<li><a href="#lapses">What lapses next</a></li>
<li><a href="#organisation">Organisation</a></li>
<li><a href="#rules">Rules and remedies</a></li>
</ul></nav>
`, html.EscapeString(ContentSecurityPolicy()), esc(p.version, 40), p.fc.AsOf, dashboardCSS, p.fc.AsOf, p.fc.Until, p.fc.FailLevel,
		plural(len(p.docs), "organisation"), plural(p.rep.Files, "file"), html.EscapeString(RefDataLine(p.rep.RefData)))
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
<p>Each cell shows the worst open finding in that area, in words, with the number of findings of that severity. Sort by a column with its heading; filter with the fields below; open an organisation with its name.</p>
<noscript><p><strong>The matrix and the organisations' findings need JavaScript.</strong> Without it, <code>erslint lint --format markdown</code> and <code>erslint forecast --format markdown</code> give the same findings and look-ahead as text.</p></noscript>
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
<p id="shown" role="status" aria-live="polite">%s</p>
<div class="scroll"><table id="matrix"><caption>Organisations against prerequisite areas: worst open finding per area</caption>
<colgroup><col class="org"><col><col><col><col>`, plural(len(p.docs), "organisation"))
	for range Areas {
		p.s(`<col>`)
	}
	p.s(`</colgroup>
<thead><tr><th scope="col" data-kind="text"><button type="button">Organisation</button></th><th scope="col" data-kind="text"><button type="button">Type</button></th><th scope="col" data-kind="num"><button type="button">Stage</button></th><th scope="col" data-kind="num"><button type="button">Verdict</button></th><th scope="col" data-kind="text"><button type="button">Next change</button></th>`)
	for _, a := range Areas {
		p.f(`<th scope="col" data-kind="num"><button type="button">%s</button></th>`, AreaTitles[a])
	}
	p.s(`</tr></thead>
<tbody></tbody></table></div>
<nav class="pages" aria-label="Pages of organisations"><button type="button" id="prev">Previous page</button> <span id="page"></span> <button type="button" id="next">Next page</button> <button type="button" id="all">Show all</button></nav>
</section>
<section id="organisation" aria-labelledby="organisation-h">
<h2 id="organisation-h">Organisation</h2>
<div id="org-detail" tabindex="-1"><p>Choose an organisation by its name in the matrix or in what lapses next to see its findings by area, its waivers, what changes within the look-ahead, and its go-live rehearsal.</p></div>
</section>
<div id="print-details" class="print-only"></div>
`)
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

// clean clips s to n characters and replaces control characters
// (bidirectional overrides included) with �; esc escapes the result for HTML.
func clean(s string, n int) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if utf8.RuneCountInString(s) > n {
		r := []rune(s)
		s = string(r[:n]) + "…"
	}
	return strings.Map(func(r rune) rune {
		if (unicode.IsControl(r) && r != '\n' && r != '\t') || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029' {
			return '\uFFFD'
		}
		return r
	}, s)
}

// The page's data: the matrix's rows, and each organisation's details,
// which the script renders with text nodes only (never as markup). Values
// are clipped, and encoding/json escapes <, > and & (as \u003c ...), so no
// value can end the script element that holds them.
type htmlRow struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Org     string   `json:"org"`
	File    string   `json:"file"`
	Type    string   `json:"type"`
	Stage   string   `json:"stage"`
	StageN  int      `json:"stageN"`
	Verdict string   `json:"verdict"`
	Next    string   `json:"next"`
	Cells   [][2]int `json:"cells"` // per area: severity rank (3 error ... 0 met), count at that severity
	// Coms are the commissioners it counts under (indices into the meta's
	// commissioners, its sub-ICB locations' ICBs included); Blk the rules
	// that block it; Lapse the day it becomes blocked within the look-ahead.
	Coms  []int    `json:"coms,omitempty"`
	Blk   []string `json:"blk,omitempty"`
	Lapse string   `json:"lapse,omitempty"`
}

type htmlFinding struct {
	Severity string `json:"sev"`
	Rule     string `json:"rule"`
	Where    string `json:"where"`
	Message  string `json:"msg"`
	Area     string `json:"area,omitempty"`
}

type htmlWaived struct {
	Rule       string `json:"rule"`
	Where      string `json:"where"`
	Reason     string `json:"reason"`
	ApprovedBy string `json:"approvedBy"`
	Expires    string `json:"expires"`
}

type htmlChange struct {
	Date   string        `json:"date"`
	Appear []htmlFinding `json:"appear"`
	Clear  []htmlFinding `json:"clear"`
}

type htmlRehearsal struct {
	Date     string        `json:"date"`
	Blocking []htmlFinding `json:"blocking"`
}

type htmlDetail struct {
	Summary   string         `json:"summary"`
	Findings  []htmlFinding  `json:"findings"`
	Waived    []htmlWaived   `json:"waived"`
	Changes   []htmlChange   `json:"changes"`
	Rehearsal *htmlRehearsal `json:"rehearsal"`
}

type htmlRule struct {
	Title  string `json:"title"`
	Remedy string `json:"remedy"`
}

type htmlMeta struct {
	Areas      []string            `json:"areas"`
	AreaTitles map[string]string   `json:"areaTitles"`
	Rules      map[string]htmlRule `json:"rules"`
	Until      string              `json:"until"`
	FailLevel  string              `json:"failLevel"`
	PageSize   int                 `json:"pageSize"`
	// Commissioners are the roll-up's commissioners, by ODS code.
	Commissioners []htmlCommissioner `json:"commissioners"`
}

// htmlCommissioner names a commissioner of the roll-up.
type htmlCommissioner struct {
	Code string `json:"code"`
	Name string `json:"name"`
	ICB  string `json:"icb,omitempty"`
}

// pageSize is how many rows of the matrix are shown at once.
const pageSize = 100

func (p *page) where(f finding.Finding) string {
	return clean(f.File, 3*clipName) + ":" + strconv.Itoa(f.Line) + ":" + strconv.Itoa(f.Column) + " " + clean(f.Path.String(), clipName)
}

func (p *page) htmlFinding(f finding.Finding, withArea bool) htmlFinding {
	h := htmlFinding{Severity: f.Severity.String(), Rule: clean(f.RuleID, 40), Where: p.where(f), Message: clean(f.Message, clipMessage)}
	if withArea {
		h.Area = p.area(f.RuleID)
	}
	return h
}

func (p *page) data() error {
	meta := htmlMeta{Areas: Areas, AreaTitles: AreaTitles, Rules: map[string]htmlRule{}, Until: p.fc.Until,
		FailLevel: p.fc.FailLevel.String(), PageSize: pageSize}
	for _, r := range p.rep.Rules {
		meta.Rules[clean(r.ID, 40)] = htmlRule{Title: clean(r.Title, clipMessage), Remedy: clean(strings.TrimSpace(r.Remedy), 4*clipMessage)}
	}
	coms := commissioners(p.fc, p.dir)
	rowComs := map[string][]int{} // by document id
	for i, c := range coms {
		h := htmlCommissioner{Code: clean(c.ODSCode, 40), Name: clean(c.Name, clipName)}
		if c.ICB != nil {
			h.ICB = clean(*c.ICB, 40)
		}
		meta.Commissioners = append(meta.Commissioners, h)
		for _, d := range c.docs {
			id := p.docID[d]
			rowComs[id] = append(rowComs[id], i)
		}
	}
	if meta.Commissioners == nil {
		meta.Commissioners = []htmlCommissioner{}
	}
	rows := make([]htmlRow, 0, len(p.docs))
	details := make([]htmlDetail, 0, len(p.docs))
	for _, d := range p.docs {
		row := htmlRow{ID: d.id, Name: clean(d.title(), clipName), Org: clean(d.summary.Organisation, clipName),
			File: clean(d.summary.File, 3*clipName), Type: clean(d.summary.Type, clipName), Stage: d.fc.Info.Stage.String(),
			StageN: int(d.fc.Info.Stage), Verdict: string(d.verdict)}
		if c := d.summary.NextVerdictChange; c != nil {
			row.Next = c.Date + ": " + c.Verdict
			if c.Verdict == "blocked" {
				row.Lapse = c.Date
			}
		}
		row.Coms = rowComs[d.id]
		for _, f := range d.fc.Open {
			if f.Severity >= p.fc.FailLevel && !slices.Contains(row.Blk, f.RuleID) {
				row.Blk = append(row.Blk, clean(f.RuleID, 40))
			}
		}
		for _, a := range Areas {
			c := d.summary.Areas[a]
			_, _, rank := worstCell(c)
			n := map[int]int{3: c.Errors, 2: c.Warnings, 1: c.Infos}[rank]
			row.Cells = append(row.Cells, [2]int{rank, n})
		}
		rows = append(rows, row)
		det := htmlDetail{Findings: []htmlFinding{}, Waived: []htmlWaived{}, Changes: []htmlChange{}}
		det.Summary = fmt.Sprintf("File %s, document %d; type %s; stage %s.", clean(d.summary.File, 3*clipName), d.summary.Document+1,
			clean(orNone(d.summary.Type), clipName), d.fc.Info.Stage)
		if c := d.summary.NextVerdictChange; c != nil {
			det.Summary += fmt.Sprintf(" Next verdict change: %s on %s.", c.Verdict, c.Date)
		} else {
			det.Summary += fmt.Sprintf(" The verdict holds through %s.", p.fc.Until)
		}
		for _, f := range d.all {
			if f.Suppressed() {
				w := f.Waiver
				det.Waived = append(det.Waived, htmlWaived{Rule: clean(f.RuleID, 40), Where: p.where(f), Reason: clean(w.Reason, clipReason),
					ApprovedBy: clean(orNone(w.ApprovedBy), clipName), Expires: clean(orNever(w.Expires), 40)})
				continue
			}
			det.Findings = append(det.Findings, p.htmlFinding(f, true))
		}
		for _, c := range d.fc.Changes {
			hc := htmlChange{Date: c.Date, Appear: []htmlFinding{}, Clear: []htmlFinding{}}
			for _, f := range c.Appear {
				hc.Appear = append(hc.Appear, p.htmlFinding(f, false))
			}
			for _, f := range c.Clear {
				hc.Clear = append(hc.Clear, p.htmlFinding(f, false))
			}
			det.Changes = append(det.Changes, hc)
		}
		if r := d.fc.Rehearsal; r != nil {
			hr := &htmlRehearsal{Date: r.Date, Blocking: []htmlFinding{}}
			for _, f := range r.Findings {
				if !f.Suppressed() && f.Severity >= p.fc.FailLevel {
					hr.Blocking = append(hr.Blocking, p.htmlFinding(f, false))
				}
			}
			det.Rehearsal = hr
		}
		details = append(details, det)
	}
	for _, block := range []struct {
		id string
		v  any
	}{{"data-meta", meta}, {"data-rows", rows}} {
		p.f(`<script type="application/json" id="%s">`, block.id)
		b, err := json.Marshal(block.v) // escapes <, >, &, U+2028 and U+2029
		if err != nil {
			return fmt.Errorf("encode the dashboard's data: %w", err)
		}
		p.w.Write(b)
		p.s("</script>\n")
	}
	// The details are most of the page's data and are read only when an
	// organisation is opened: gzip, in base64 (no byte of it can close the
	// script element), unpacked by the browser's DecompressionStream. A
	// page of 10,000 organisations is a quarter of the size, and its parse
	// no longer holds up the first view.
	b, err := json.Marshal(details)
	if err != nil {
		return fmt.Errorf("encode the dashboard's data: %w", err)
	}
	p.s(`<script type="application/octet-stream" id="data-details" data-encoding="gzip base64">`)
	b64 := base64.NewEncoder(base64.StdEncoding, p.w)
	zw, err := gzip.NewWriterLevel(b64, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(b); err != nil {
		return fmt.Errorf("compress the dashboard's data: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("compress the dashboard's data: %w", err)
	}
	if err := b64.Close(); err != nil {
		return fmt.Errorf("compress the dashboard's data: %w", err)
	}
	p.s("</script>\n")
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "not given"
	}
	return s
}

func orNever(s string) string {
	if s == "" {
		return "never"
	}
	return s
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
