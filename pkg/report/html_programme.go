package report

import (
	"fmt"
	"strings"

	"github.com/erslint/erslint/pkg/baseline"
	"github.com/erslint/erslint/pkg/history"
)

// changesShown bounds the verdict changes the dashboard lists.
const changesShown = 200

// changes leads the dashboard with what changed since the baseline, when
// there is one.
func (p *page) changes(b *baseline.Result) {
	if b == nil {
		return
	}
	p.f(`<section id="changes" aria-labelledby="changes-h">
<h2 id="changes-h">Changes since the baseline of %s</h2>
<p>%d new, %d unchanged and %d absent findings against %s; %s.</p>
`, esc(b.Baseline.AsOf, 20), b.New, b.Unchanged, b.ActiveAbsent(), esc(b.Baseline.File, 3*clipName), plural(len(b.Changes), "verdict change"))
	if len(b.Changes) > 0 {
		p.s(`<table id="verdict-changes"><caption>Organisations whose verdict changed</caption>
<thead><tr><th scope="col">Organisation</th><th scope="col">Was</th><th scope="col">Now</th></tr></thead><tbody>
`)
		for i, c := range b.Changes {
			if i == changesShown {
				p.f("<tr><td colspan=\"3\">and %d more (the JSON report lists them all)</td></tr>\n", len(b.Changes)-i)
				break
			}
			p.f("<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td></tr>\n", esc(changeTitle(c), clipName), verdictCell(c.From, "not there"), verdictCell(c.To, "removed"))
		}
		p.s("</tbody></table>\n")
	}
	p.s("</section>\n")
}

// verdictCell is a verdict in words, with its mark; none when it is empty.
func verdictCell(v, none string) string {
	if v == "" {
		return none
	}
	for _, k := range []string{"blocked", "at-risk", "ready"} {
		if k == v {
			return fmt.Sprintf(`<span class="verdict-%s">%s</span>`, v, strings.ReplaceAll(v, "-", " "))
		}
	}
	return esc(v, 20)
}

// commissionerView is the roll-up by commissioner: the script fills it from
// the organisations the matrix's filters let through.
func (p *page) commissionerView() {
	p.f(`<section id="commissioners" aria-labelledby="commissioners-h">
<h2 id="commissioners-h">By commissioner</h2>
<p>Each organisation counts under every commissioner it holds a contract with (by the commissioner's ODS code)%s. The counts follow the filters above the matrix.</p>
<p id="com-shown" role="status" aria-live="polite">%s</p>
<div class="scroll"><table id="commissioner-table"><caption>Organisations by commissioner and verdict, with the rules that block them and what lapses next</caption>
<thead><tr><th scope="col">Commissioner</th><th scope="col" class="num">Organisations</th><th scope="col" class="num">Blocked</th><th scope="col" class="num">At risk</th><th scope="col" class="num">Ready</th><th scope="col">Blocking rules (organisations)</th><th scope="col">Next lapse</th></tr></thead>
<tbody></tbody></table></div>
</section>
`, map[bool]string{true: "; a sub-ICB location's organisations count under its ICB too", false: ""}[p.dir.ICB != nil],
		plural(len(commissioners(p.fc, p.dir)), "commissioner"))
}

// trend draws a history (erslint history) as three step lines, organisations
// blocked, at risk and ready per day (solid, dashed and dotted, each labelled
// at its end, so colour is not the only difference), with its data as a table.
func (p *page) trend(h *history.History) {
	if h == nil || len(h.Points) == 0 {
		return
	}
	pts := h.Points
	const width, height, left, right, top, bottom = 760, 260, 60, 130, 20, 40
	plotW, plotH := float64(width-left-right), float64(height-top-bottom)
	maxY := 1
	for _, pt := range pts {
		maxY = max(maxY, pt.Verdicts.Blocked, pt.Verdicts.AtRisk, pt.Verdicts.Ready)
	}
	x := func(i int) float64 {
		if len(pts) == 1 {
			return float64(left)
		}
		return float64(left) + plotW*float64(i)/float64(len(pts)-1)
	}
	y := func(v int) float64 { return float64(top) + plotH*(1-float64(v)/float64(maxY)) }
	path := func(get func(history.Point) int) string {
		var b strings.Builder
		fmt.Fprintf(&b, "M%.1f %.1f", x(0), y(get(pts[0])))
		for i := 1; i < len(pts); i++ {
			fmt.Fprintf(&b, "H%.1fV%.1f", x(i), y(get(pts[i])))
		}
		return b.String()
	}
	first, last := pts[0], pts[len(pts)-1]
	p.f(`<section id="trend" aria-labelledby="trend-h">
<h2 id="trend-h">The programme over time</h2>
<p>The manifests as they stood in git on each day from %s to %s (every %s), linted with that day as the assessment date (<code>erslint history</code>).</p>
<figure class="chart">
<svg viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="trend-title trend-desc" xmlns="http://www.w3.org/2000/svg">
<title id="trend-title">Organisations by verdict, %s to %s</title>
<desc id="trend-desc">Blocked went from %d to %d, at risk from %d to %d, ready from %d to %d. The table below the chart lists every day.</desc>
`, esc(h.Since, 10), esc(h.Until, 10), esc(h.Every, 10), width, height, width, height, esc(first.Date, 10), esc(last.Date, 10),
		first.Verdicts.Blocked, last.Verdicts.Blocked, first.Verdicts.AtRisk, last.Verdicts.AtRisk, first.Verdicts.Ready, last.Verdicts.Ready)
	for _, v := range []int{0, maxY / 2, maxY} {
		p.f(`<line class="grid" x1="%d" x2="%d" y1="%.1f" y2="%.1f"/><text x="%d" y="%.1f" text-anchor="end">%d</text>
`, left, width-right, y(v), y(v), left-6, y(v)+4, v)
	}
	p.f(`<line class="axis" x1="%d" x2="%d" y1="%d" y2="%d"/>
`, left, width-right, height-bottom, height-bottom)
	for _, i := range []int{0, len(pts) / 2, len(pts) - 1} {
		p.f(`<text x="%.1f" y="%d" text-anchor="middle">%s</text>
`, x(i), height-bottom+18, esc(pts[i].Date, 10))
	}
	// End labels, nudged apart when they would overlap.
	labels := []struct {
		cls, words string
		v          int
	}{{"blocked", "blocked", last.Verdicts.Blocked}, {"at-risk", "at risk", last.Verdicts.AtRisk}, {"ready", "ready", last.Verdicts.Ready}}
	prevY := -100.0
	for _, l := range []struct {
		cls string
		get func(history.Point) int
	}{{"blocked", func(pt history.Point) int { return pt.Verdicts.Blocked }},
		{"at-risk", func(pt history.Point) int { return pt.Verdicts.AtRisk }},
		{"ready", func(pt history.Point) int { return pt.Verdicts.Ready }}} {
		p.f(`<path class="%s" d="%s" fill="none" stroke-width="3"/>
`, l.cls, path(l.get))
	}
	ys := make([]float64, len(labels))
	for i, l := range labels {
		ys[i] = y(l.v) + 4
	}
	order := []int{0, 1, 2}
	for i := range order { // sort the labels by height, then push each below the one above
		for j := i + 1; j < len(order); j++ {
			if ys[order[j]] < ys[order[i]] {
				order[i], order[j] = order[j], order[i]
			}
		}
	}
	for _, i := range order {
		if ys[i] < prevY+14 {
			ys[i] = prevY + 14
		}
		prevY = ys[i]
		p.f(`<text x="%d" y="%.1f">%s %d</text>
`, width-right+8, ys[i], labels[i].words, labels[i].v)
	}
	p.s(`</svg>
<figcaption>Organisations blocked (solid line), at risk (dashed) and ready (dotted), per day.</figcaption>
</figure>
<details><summary>Chart data: every day</summary>
<table id="trend-data"><thead><tr><th scope="col">Day</th><th scope="col" class="num">Organisations</th><th scope="col" class="num">Blocked</th><th scope="col" class="num">At risk</th><th scope="col" class="num">Ready</th><th scope="col" class="num">Planning</th><th scope="col" class="num">Pre-go-live</th><th scope="col" class="num">Live</th><th scope="col">Commit</th></tr></thead><tbody>
`)
	for _, pt := range pts {
		commit := "none yet"
		if len(pt.Commit) >= 12 {
			commit = "<code>" + esc(pt.Commit[:12], 12) + "</code>"
		}
		p.f("<tr><td>%s</td><td class=\"num\">%d</td><td class=\"num\">%d</td><td class=\"num\">%d</td><td class=\"num\">%d</td><td class=\"num\">%d</td><td class=\"num\">%d</td><td class=\"num\">%d</td><td>%s</td></tr>\n",
			esc(pt.Date, 10), pt.Organisations, pt.Verdicts.Blocked, pt.Verdicts.AtRisk, pt.Verdicts.Ready,
			pt.Stages["planning"], pt.Stages["pre-go-live"], pt.Stages["live"], commit)
	}
	p.s("</tbody></table></details>\n</section>\n")
}
