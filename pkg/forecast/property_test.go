package forecast

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/lint"
)

// TestLookAheadIsTheSlowPath is a property test of the look-ahead's short
// cuts (only the days its dates cross, only the parts whose dates cross, only
// the rules each date can change, the date read from the store transaction):
// on random documents, whose dates fall on, next to and far from every
// boundary (some missing, some no date the rules can compute with, waivers or
// none), it gives what the slow path gives, field by field, message by
// message: every rule evaluated whole, on the same days, by an Engine prepared
// for each day (lint.Linter with Evaluation.Parts unset). And every day of the
// horizon evaluated whole finds the same changes, with the same findings
// appearing; and each go-live rehearsal is what a plain lint on its day of the
// document set to stage live finds.
func TestLookAheadIsTheSlowPath(t *testing.T) {
	if testing.Short() {
		t.Skip("evaluates each random document on every day of the horizon")
	}
	const days = 100
	for seed := range uint64(3) {
		r := rand.New(rand.NewPCG(seed, 21))
		asOf := day(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(365)))
		var inputs []lint.Input
		for i := range 12 {
			inputs = append(inputs, lint.Input{Name: fmt.Sprintf("m%02d.yaml", i), Data: []byte(randomDoc(r, asOf, days))})
		}
		l := newLinter(t, asOf)
		opts := Options{AsOf: asOf, Until: until(asOf, days)}
		fast, err := Run(context.Background(), l, inputs, nil, opts, finding.Error)
		if err != nil {
			t.Fatal(err)
		}
		opts.Rehearse = true
		plan := Plan(opts)
		rep, err := l.LintPlanned(context.Background(), inputs, lint.Plan{Evaluations: func(data any) []lint.Evaluation {
			evs := plan.Evaluations(data)
			for i := range evs {
				evs[i].Parts, evs[i].Rules = nil, nil
			}
			return evs
		}})
		if err != nil {
			t.Fatal(err)
		}
		whole := FromReport(rep, opts.Until, finding.Error)
		everyDay := func(any) []lint.Evaluation {
			var evs []lint.Evaluation
			for i := 1; i <= days; i++ {
				evs = append(evs, lint.Evaluation{AsOf: until(asOf, i)})
			}
			return evs
		}
		if rep, err = l.LintPlanned(context.Background(), inputs, lint.Plan{Evaluations: everyDay}); err != nil {
			t.Fatal(err)
		}
		daily := FromReport(rep, opts.Until, finding.Error)
		changed, rehearsed := 0, 0
		for i, want := range whole.Documents {
			got := fast.Documents[i]
			name := fmt.Sprintf("seed %d, %s as of %s", seed, want.Info.File, asOf)
			if !slices.Equal(detail(got), detail(want)) {
				t.Errorf("%s:\n fast %q\n slow %q\n%s", name, detail(got), detail(want), inputs[i].Data)
			}
			if !reflect.DeepEqual(got.Rehearsal, want.Rehearsal) || !reflect.DeepEqual(got.Open, want.Open) {
				t.Errorf("%s: rehearsal or open findings differ", name)
			}
			if g, w := appearing(got), appearing(daily.Documents[i]); !slices.Equal(g, w) {
				t.Errorf("%s:\n fast      %q\n every day %q", name, g, w)
			}
			changed += len(want.Changes)
			if got.Rehearsal != nil {
				rehearsed++
				if g, w := rehearsal(got.Rehearsal.Findings), liveOn(t, inputs[i], got.Rehearsal.Date); !slices.Equal(g, w) {
					t.Errorf("%s: rehearsal on %s\n got       %q\n lint live %q", name, got.Rehearsal.Date, g, w)
				}
			}
		}
		if rehearsed < 4 {
			t.Errorf("seed %d: %d rehearsals", seed, rehearsed)
		}
		if changed < 10 {
			t.Errorf("seed %d: %d changes in all: the documents do not exercise the look-ahead", seed, changed)
		}
	}
	checkSharedParts(t) // the look-ahead above read them on every day
}

// liveOn is the findings of a plain lint of in as of day with its stage set
// to live: what its rehearsal on that day must be (the cross-manifest ones
// left out: the rehearsal's are those of the run).
func liveOn(t *testing.T, in lint.Input, day string) []string {
	t.Helper()
	text := string(in.Data)
	for _, s := range []string{"planning", "pre-go-live"} {
		text = strings.Replace(text, "\nstage: "+s+"\n", "\nstage: live\n", 1)
	}
	l := newLinter(t, day)
	rep, err := l.Lint(context.Background(), []lint.Input{{Name: in.Name, Data: []byte(text)}})
	if err != nil {
		t.Fatal(err)
	}
	return rehearsal(rep.Findings)
}

// rehearsal renders findings in full, the cross-manifest ones left out.
func rehearsal(fs []finding.Finding) []string {
	var out []string
	for _, f := range fs {
		if !strings.HasPrefix(f.RuleID, "ERS-REPO-") {
			out = append(out, fmt.Sprintf("%s %s %d:%d %s %s suppressed=%t", f.RuleID, f.Severity, f.Line, f.Column, f.Path, f.Message, f.Suppressed()))
		}
	}
	slices.Sort(out)
	return out
}

// appearing renders a document's changes by day: what appears in full, what
// clears by rule (its message is the one of the day it was last reported).
func appearing(d Document) []string {
	var out []string
	for _, c := range d.Changes {
		out = append(out, fmt.Sprintf("%s blocked=%t counts=%d/%d/%d", c.Date, c.Blocked, c.Counts[finding.Error], c.Counts[finding.Warning], c.Counts[finding.Info]))
		for _, f := range c.Appear {
			out = append(out, fmt.Sprintf("  + %s %s %d:%d %s %s", f.RuleID, f.Severity, f.Line, f.Column, f.Path, f.Message))
		}
		for _, f := range c.Clear {
			out = append(out, fmt.Sprintf("  - %s %s %d:%d %s", f.RuleID, f.Severity, f.Line, f.Column, f.Path))
		}
	}
	return out
}

// randomDoc is a manifest whose contracts, DSPT and waivers have dates on,
// next to and far from the boundaries the rules draw within days of asOf.
func randomDoc(r *rand.Rand, asOf string, days int) string {
	a, _ := time.Parse(time.DateOnly, asOf)
	date := func() string {
		switch r.IntN(12) {
		case 0:
			return "" // missing
		case 1:
			return []string{"2026-02-30", "0226-06-30", "someday", "2262-04-12"}[r.IntN(4)] // no date the rules compute with
		}
		// Around a boundary: the window's 90 days, the DSPT's 12 months.
		base := []int{0, 0, -window, 365, -365, days}[r.IntN(6)]
		return day(a.AddDate(0, 0, base+r.IntN(2*days+1)-days/2))
	}
	field := func(name, value string) string {
		if value == "" {
			return ""
		}
		return fmt.Sprintf("%s: %q\n", name, value)
	}
	var b strings.Builder
	b.WriteString("services:\n")
	for i := range 1 + r.IntN(3) {
		fmt.Fprintf(&b, "  - id: s%d\n    name: Service %d\n    bookingType: directly-bookable\n    contracts:\n", i, i)
		for j := range 1 + r.IntN(3) {
			fmt.Fprintf(&b, "      - commissioner:\n          name: NHS ICB %d\n          odsCode: QWE\n        reference: C-%d-%d\n        paymentAgreed: true\n", j, i, j)
			for _, f := range []string{"start", "end"} {
				if s := field(f, date()); s != "" {
					b.WriteString("        " + s)
				}
			}
		}
	}
	services := b.String()
	y := doc{start: "2020-01-01", end: "2030-12-31", published: date(), planned: date(), serviceDesk: r.IntN(2) == 0}
	if r.IntN(3) == 0 {
		y.expires = date()
		if y.expires == "" {
			y.expires = day(a)
		}
	}
	text := y.yaml()
	if y.published == "" {
		text = strings.Replace(text, "    publishedOn: \"\"\n", "", 1)
	}
	if y.planned == "" {
		text = strings.Replace(text, "  plannedDate: \"\"\n", "", 1)
	}
	if r.IntN(4) == 0 {
		text = strings.Replace(text, "stage: pre-go-live", []string{"stage: planning", "stage: live"}[r.IntN(2)], 1)
	}
	i := strings.Index(text, "services:\n")
	j := strings.Index(text, "registrationAuthority:")
	return text[:i] + services + text[j:]
}
