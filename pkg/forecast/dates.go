package forecast

import (
	"fmt"
	"slices"
	"time"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/isodate"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/refdata"
)

// window is how many days before a contract's end ERS-CON-004 starts to warn
// (policies/contract/ending_soon).
const window = 90

// parseDate reads YYYY-MM-DD as the rules do (time.parse_ns with Go's
// layout): anything else, 2025-02-30 included, is no date.
func parseDate(v any) (time.Time, bool) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, false
	}
	return isodate.Parse(s)
}

func day(t time.Time) string { return t.Format(time.DateOnly) }

// AddMonths is lib.add_months: n calendar months after t, a day the month
// reached does not have becoming its last day (2024-02-29 plus 12 months is
// 2025-02-28).
func AddMonths(t time.Time, n int) time.Time {
	u := t.AddDate(0, n, 0)
	if u.Day() != t.Day() {
		u = u.AddDate(0, 0, -u.Day()) // rolled over: back to the intended month's last day
	}
	return u
}

// dsptLapses is the first assessment date on which a DSPT published on p is
// no longer current (ERS-GOV-002 passes while as-of minus 12 calendar months ≤
// p): p plus 12 months plus a day, and a day later still where clamping to
// February's end keeps p current one more day (p = 2023-02-28: on 2024-02-29
// minus 12 months is 2023-02-28, still current; it lapses on 2024-03-01).
func dsptLapses(p time.Time) time.Time {
	d := AddMonths(p, 12).AddDate(0, 0, 1)
	for !AddMonths(d, -12).After(p) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// Options bound a look-ahead.
type Options struct {
	AsOf  string // A, the assessment date of the run
	Until string // H, the last day looked at (A + --days)
	// AnyDate adds, for every date anywhere in a document, that day and the
	// next: a custom policy may compare any date with the assessment date. The
	// built-in rules compare only the dates Candidates reads.
	AnyDate bool
	// Rehearse adds each document's go-live rehearsal (Plan).
	Rehearse bool
	// RefData, when the run has reference data, adds the days its
	// organisations open and close (refDataDays).
	RefData *refdata.Document
}

// Candidates lists the days D, A < D ≤ H, on which a document's findings may
// differ from the day before's (spec §7): the days its dates, read as the
// built-in rules compare them with the assessment date, cross a boundary.
// Sorted, without repeats.
func Candidates(data any, opts Options) []string {
	days := candidates(data, opts)
	out := make([]string, len(days))
	for i, d := range days {
		out[i] = d.day
	}
	return out
}

// candidate is a day on which dates cross a boundary, the parts of the
// document whose dates they are, and the rules whose findings there may
// change that day; parts is nil when any date of the document counts
// (Options.AnyDate: a custom rule may read it anywhere), rules nil when any
// rule that reads the date may change.
type candidate struct {
	day   string
	parts []finding.Path
	rules []string
}

// The built-in rules that compare a date of a part with the assessment date,
// by the boundary each date draws (policies/contract, policies/governance,
// policies/waiver).
var (
	inForce     = []string{"ERS-CON-002"}                // a contract's start: "has not started" clears
	endingSoon  = []string{"ERS-CON-004"}                // a contract's end less the window: "ends within 90 days" appears
	ended       = []string{"ERS-CON-002", "ERS-CON-004"} // the day after its end: "ended" appears, "ends within" clears
	dsptCurrent = []string{"ERS-GOV-002"}                // the DSPT's publication and lapse
	waiverEnds  = []string{"ERS-WAIVER-002"}             // the day after a waiver's expiry
)

func candidates(data any, opts Options) []candidate {
	a, okA := isodate.Parse(opts.AsOf)
	h, okH := isodate.Parse(opts.Until)
	if !okA || !okH {
		return nil
	}
	type dated struct {
		t     time.Time
		part  finding.Path
		rules []string
	}
	var days []dated
	add := func(part finding.Path, rules []string, ts ...time.Time) {
		for _, t := range ts {
			if t.After(a) && !t.After(h) && computable(t) {
				days = append(days, dated{t, part, rules})
			}
		}
	}
	// The built-in rules that read the date judge each contract, the DSPT
	// and each waiver on its own (lint.Evaluation.Parts).
	doc, _ := data.(map[string]any)
	for i, s := range list(doc["services"]) {
		service, _ := s.(map[string]any)
		for j, c := range list(service["contracts"]) {
			contract, _ := c.(map[string]any)
			part := contractPart(i, j)
			if start, ok := parseDate(contract["start"]); ok {
				add(part, inForce, start)
			}
			if end, ok := parseDate(contract["end"]); ok {
				add(part, endingSoon, end.AddDate(0, 0, -window))
				add(part, ended, end.AddDate(0, 0, 1))
			}
		}
	}
	governance, _ := doc["governance"].(map[string]any)
	dspt, _ := governance["dspt"].(map[string]any)
	if p, ok := parseDate(dspt["publishedOn"]); ok {
		add(dsptPart, dsptCurrent, p, dsptLapses(p)) // a future publication clears; ERS-GOV-002 appears
	}
	for i, w := range list(doc["waivers"]) {
		waiver, _ := w.(map[string]any)
		if e, ok := parseDate(waiver["expires"]); ok {
			add(waiverPart(i), waiverEnds, e.AddDate(0, 0, 1)) // ERS-WAIVER-002 appears, the waived finding comes back
		}
	}
	// The register's days: ERS-REF-002 and -004 read the organisation and
	// its commissioners, so such a day is evaluated whole.
	add(nil, nil, refDataDays(doc, opts.RefData)...)
	// goLive.plannedDate is no candidate: no built-in rule compares it with
	// the assessment date (it is the day of the go-live rehearsal, see Plan).
	if opts.AnyDate {
		walkDates(data, func(t time.Time) { add(nil, nil, t, t.AddDate(0, 0, 1)) })
	}
	slices.SortStableFunc(days, func(x, y dated) int { return x.t.Compare(y.t) })
	var out []candidate
	for _, d := range days {
		// A day with a date that is no part's (a custom rule may read any
		// date; the register's open and close days) is evaluated whole.
		whole := opts.AnyDate || d.part == nil
		if n := len(out); n > 0 && out[n-1].day == day(d.t) {
			c := &out[n-1]
			if whole || c.parts == nil {
				c.parts, c.rules = nil, nil
			} else {
				c.parts = append(c.parts, d.part)
				for _, r := range d.rules {
					if !slices.Contains(c.rules, r) {
						c.rules = append(c.rules, r)
					}
				}
			}
			continue
		}
		c := candidate{day: day(d.t)}
		if !whole {
			c.parts = []finding.Path{d.part}
			c.rules = slices.Clip(d.rules) // shared, and copied by an append
		}
		out = append(out, c)
	}
	return out
}

// The parts' paths of the first few services, contracts and waivers are
// made once and shared: a run keeps every change day's parts to its report,
// and on 10,000 documents they were 2.4 MB of small objects. Nothing changes
// a part's path in place; each has no room to append into.
var (
	dsptPart      = finding.Path{"governance", "dspt"}
	contractParts [8][8]finding.Path
	waiverParts   [8]finding.Path
)

func init() {
	for i := range contractParts {
		for j := range contractParts[i] {
			contractParts[i][j] = finding.Path{"services", i, "contracts", j}
		}
		waiverParts[i] = finding.Path{"waivers", i}
	}
}

func contractPart(i, j int) finding.Path {
	if i < len(contractParts) && j < len(contractParts[i]) {
		return contractParts[i][j]
	}
	return finding.Path{"services", i, "contracts", j}
}

func waiverPart(i int) finding.Path {
	if i < len(waiverParts) {
		return waiverParts[i]
	}
	return finding.Path{"waivers", i}
}

// computable holds for a day the rules can be evaluated on (lint.CheckAsOf):
// a manifest's date outside those years is a schema finding, not a day to
// lint on.
func computable(t time.Time) bool { return t.Year() >= lint.MinYear && t.Year() <= lint.MaxYear }

func plannedDate(doc map[string]any) (time.Time, bool) {
	goLive, _ := doc["goLive"].(map[string]any)
	return parseDate(goLive["plannedDate"])
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func walkDates(v any, f func(time.Time)) {
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			walkDates(e, f)
		}
	case []any:
		for _, e := range x {
			walkDates(e, f)
		}
	default:
		if t, ok := parseDate(x); ok {
			f(t)
		}
	}
}

// Plan is the lint.Plan of a look-ahead: each candidate day at the document's
// own stage, then, with opts.Rehearse, for a document with
// goLive.plannedDate, that day at stage live (the go-live rehearsal).
func Plan(opts Options) lint.Plan {
	evaluations := func(data any) []lint.Evaluation {
		var evs []lint.Evaluation
		for _, c := range candidates(data, opts) {
			evs = append(evs, lint.Evaluation{AsOf: c.day, Parts: c.parts, Rules: c.rules})
		}
		doc, _ := data.(map[string]any)
		if p, ok := plannedDate(doc); ok && opts.Rehearse && computable(p) {
			evs = append(evs, lint.Evaluation{AsOf: day(p), Stage: finding.Live})
		}
		return evs
	}
	// What decides the days: the options, and the reference data's days.
	key := fmt.Sprintf("forecast.Plan/1\x00%s\x00%s\x00%t\x00%t", opts.AsOf, opts.Until, opts.AnyDate, opts.Rehearse)
	if opts.RefData != nil {
		key += "\x00" + opts.RefData.Digest()
	}
	return lint.Plan{Evaluations: evaluations, Key: key}
}
