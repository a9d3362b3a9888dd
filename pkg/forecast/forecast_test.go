package forecast

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/policy"
)

// doc is a clean independent-sector-provider manifest at stage pre-go-live
// with the dates a look-ahead reads; an empty expires means no waiver.
type doc struct {
	start, end, published, expires, planned string
	serviceDesk                             bool // goLive.nationalServiceDeskRegistered
}

func (d doc) yaml() string {
	screenFilters, waivers := "true", ""
	if d.expires != "" {
		screenFilters = "false"
		waivers = fmt.Sprintf(`waivers:
  - rule: ERS-GOV-003
    path: governance
    reason: Filters on order
    approvedBy: Clinical Safety Officer
    expires: "%s"
`, d.expires)
	}
	return fmt.Sprintf(`apiVersion: ers-onboarding/v1
kind: OnboardingManifest
metadata:
  name: clinic
stage: pre-go-live
organisation:
  name: Clinic Ltd
  type: independent-sector-provider
  odsCode: 8HV48
  newToErs: true
services:
  - id: physio
    name: Physio
    bookingType: directly-bookable
    contracts:
      - commissioner:
          name: NHS Example ICB
          odsCode: QWE
        reference: C-1
        start: "%s"
        end: "%s"
        paymentAgreed: true
registrationAuthority:
  inPlace: true
  provider: own
  ersBusinessRolesAdded: true
governance:
  dspt:
    status: standards-met
    version: "2025-26"
    publishedOn: "%s"
  lessPrivateSettings: true
  screenFilters: %s
  clinicalSafety:
    officer:
      name: Dr A Example
      registration: GMC 1234567
    dcb0160: compliant
devices:
  - name: PCs
    count: 2
    os: windows-11
    browser: edge
    browserVersion: 131
    meetsErsSpec: true
access:
  url: internet-facing
  network: internet
  authentication:
    - cis2-security-key
  existingSmartcardInfrastructure: false
training:
  applicationGuidanceReviewed: true
goLive:
  plannedDate: "%s"
  nationalServiceDeskRegistered: %t
  releasePageBookmarked: true
  trainingForumJoined: true
  checkInCallBooked: true
  benefitsCaseRaised: true
  sessionTimeoutsUnderstood: true
%s`, d.start, d.end, d.published, screenFilters, d.planned, d.serviceDesk, waivers)
}

// clean has every date far from the days the cases look at.
var clean = doc{start: "2020-01-01", end: "2030-12-31", published: "2026-06-20", planned: "2030-01-01", serviceDesk: true}

func newLinter(t *testing.T, asOf string) *lint.Linter {
	t.Helper()
	l, err := lint.New(context.Background(), lint.Options{AsOf: asOf, Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func until(asOf string, days int) string {
	t, _ := time.Parse(time.DateOnly, asOf)
	return t.AddDate(0, 0, days).Format(time.DateOnly)
}

// changes renders a document's changes as "DATE +RULE -RULE", sorted in each day.
func changes(d Document) []string {
	var out []string
	for _, c := range d.Changes {
		var parts []string
		for _, f := range c.Appear {
			parts = append(parts, "+"+f.RuleID+"("+f.Severity.String()+")")
		}
		for _, f := range c.Clear {
			parts = append(parts, "-"+f.RuleID)
		}
		slices.Sort(parts)
		out = append(out, c.Date+" "+strings.Join(parts, " "))
	}
	return out
}

func ruleIDs(fs []finding.Finding) []string {
	var out []string
	for _, f := range fs {
		if !f.Suppressed() {
			out = append(out, f.RuleID+"("+f.Severity.String()+")")
		}
	}
	slices.Sort(out)
	return out
}

func TestForecastBoundaries(t *testing.T) {
	with := func(f func(*doc)) doc { d := clean; f(&d); return d }
	tests := []struct {
		name    string
		doc     doc
		asOf    string
		days    int
		open    []string // unsuppressed findings on the assessment date
		changes []string
		verdict Verdict
		next    string // the next verdict change, "" for none
	}{
		{name: "clean: nothing changes", doc: clean, asOf: "2026-11-24", days: 90, verdict: Ready},
		{
			name: "contract start: not started clears on the start day",
			doc:  with(func(d *doc) { d.start = "2026-12-01" }), asOf: "2026-11-24", days: 90,
			open:    []string{"ERS-CON-002(error)"},
			changes: []string{"2026-12-01 -ERS-CON-002"},
			verdict: Blocked, next: "2026-12-01",
		},
		{
			name: "contract start on the horizon's last day counts",
			doc:  with(func(d *doc) { d.start = "2026-12-04" }), asOf: "2026-11-24", days: 10,
			open:    []string{"ERS-CON-002(error)"},
			changes: []string{"2026-12-04 -ERS-CON-002"},
			verdict: Blocked, next: "2026-12-04",
		},
		{
			name: "contract start a day past the horizon is not looked at",
			doc:  with(func(d *doc) { d.start = "2026-12-05" }), asOf: "2026-11-24", days: 10,
			open:    []string{"ERS-CON-002(error)"},
			verdict: Blocked,
		},
		{
			name: "contract end + 1: ended appears, ending soon clears",
			doc:  with(func(d *doc) { d.end = "2026-12-10" }), asOf: "2026-11-24", days: 90,
			open:    []string{"ERS-CON-004(warning)"},
			changes: []string{"2026-12-11 +ERS-CON-002(error) -ERS-CON-004"},
			verdict: AtRisk, next: "2026-12-11",
		},
		{
			name: "contract end - 90: the warning window opens",
			doc:  with(func(d *doc) { d.end = "2027-03-31" }), asOf: "2026-11-24", days: 90,
			changes: []string{"2026-12-31 +ERS-CON-004(warning)"},
			verdict: Ready,
		},
		{
			name: "contract end on the assessment date: still in force, ended the next day",
			doc:  with(func(d *doc) { d.end = "2026-11-24" }), asOf: "2026-11-24", days: 5,
			open:    []string{"ERS-CON-004(warning)"},
			changes: []string{"2026-11-25 +ERS-CON-002(error) -ERS-CON-004"},
			verdict: AtRisk, next: "2026-11-25",
		},
		{
			name: "DSPT anniversary: lapses 12 months and a day after publication",
			doc:  with(func(d *doc) { d.published = "2025-12-15" }), asOf: "2026-11-24", days: 90,
			changes: []string{"2026-12-16 +ERS-GOV-002(error)"},
			verdict: AtRisk, next: "2026-12-16",
		},
		{
			name: "DSPT published on 29 February lapses on 1 March",
			doc:  with(func(d *doc) { d.published = "2024-02-29"; d.end = "2030-12-31" }), asOf: "2025-02-01", days: 60,
			changes: []string{"2025-03-01 +ERS-GOV-002(error)"},
			verdict: AtRisk, next: "2025-03-01",
		},
		{
			name: "DSPT published on 28 February lapses on 1 March of a leap year, not on the 29th",
			doc:  with(func(d *doc) { d.published = "2023-02-28" }), asOf: "2024-02-01", days: 60,
			changes: []string{"2024-03-01 +ERS-GOV-002(error)"},
			verdict: AtRisk, next: "2024-03-01",
		},
		{
			name: "DSPT published on 31 March lapses on 1 April",
			doc:  with(func(d *doc) { d.published = "2025-03-31" }), asOf: "2026-03-01", days: 60,
			changes: []string{"2026-04-01 +ERS-GOV-002(error)"},
			verdict: AtRisk, next: "2026-04-01",
		},
		{
			name: "DSPT publication in the future clears on its day",
			doc:  with(func(d *doc) { d.published = "2026-12-01" }), asOf: "2026-11-24", days: 90,
			open:    []string{"ERS-GOV-002(error)"},
			changes: []string{"2026-12-01 -ERS-GOV-002"},
			verdict: Blocked, next: "2026-12-01",
		},
		{
			name: "waiver expiry + 1: WAIVER-002 appears and the waived finding comes back",
			doc:  with(func(d *doc) { d.expires = "2026-12-05" }), asOf: "2026-11-24", days: 90,
			changes: []string{"2026-12-06 +ERS-GOV-003(warning) +ERS-WAIVER-002(error)"},
			verdict: AtRisk, next: "2026-12-06",
		},
		{
			name: "waiver valid through its expires day",
			doc:  with(func(d *doc) { d.expires = "2026-12-05" }), asOf: "2026-11-24", days: 11,
			verdict: Ready,
		},
		{
			name: "planned date: no change by itself",
			doc:  with(func(d *doc) { d.planned = "2026-12-20"; d.serviceDesk = false }), asOf: "2026-11-24", days: 90,
			open:    []string{"ERS-LIVE-001(warning)"},
			verdict: Ready,
		},
		{
			name: "several boundaries in one document, in order",
			doc: with(func(d *doc) {
				d.start, d.end, d.published, d.expires = "2026-12-01", "2027-01-31", "2025-12-15", "2027-01-05"
			}), asOf: "2026-11-24", days: 90,
			open: []string{"ERS-CON-002(error)", "ERS-CON-004(warning)"},
			changes: []string{
				"2026-12-01 -ERS-CON-002",
				"2026-12-16 +ERS-GOV-002(error)",
				"2027-01-06 +ERS-GOV-003(warning) +ERS-WAIVER-002(error)",
				"2027-02-01 +ERS-CON-002(error) -ERS-CON-004",
			},
			verdict: Blocked, next: "2026-12-01",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLinter(t, tt.asOf)
			opts := Options{AsOf: tt.asOf, Until: until(tt.asOf, tt.days)}
			fc, err := Run(context.Background(), l, []lint.Input{{Name: "clinic.yaml", Data: []byte(tt.doc.yaml())}}, nil, opts, finding.Error)
			if err != nil {
				t.Fatal(err)
			}
			if len(fc.Documents) != 1 {
				t.Fatalf("got %d documents, want 1", len(fc.Documents))
			}
			d := fc.Documents[0]
			if got := ruleIDs(d.Open); !slices.Equal(got, tt.open) {
				t.Errorf("open on %s: got %q, want %q", tt.asOf, got, tt.open)
			}
			if got := changes(d); !slices.Equal(got, tt.changes) {
				t.Errorf("changes:\n got %q\nwant %q", got, tt.changes)
			}
			if got := fc.Verdict(d); got != tt.verdict {
				t.Errorf("verdict: got %q, want %q", got, tt.verdict)
			}
			next, _, _ := fc.NextVerdictChange(d)
			if next != tt.next {
				t.Errorf("next verdict change: got %q, want %q", next, tt.next)
			}
		})
	}
}

func TestRehearsal(t *testing.T) {
	d := clean
	d.planned, d.serviceDesk = "2027-01-11", false
	d.end = "2027-01-05" // ended before the planned date
	l := newLinter(t, "2026-11-24")
	fc, err := Run(context.Background(), l, []lint.Input{{Name: "clinic.yaml", Data: []byte(d.yaml())}}, nil,
		Options{AsOf: "2026-11-24", Until: "2026-12-24"}, finding.Error)
	if err != nil {
		t.Fatal(err)
	}
	r := fc.Documents[0].Rehearsal
	if r == nil {
		t.Fatal("no rehearsal for a document with goLive.plannedDate")
	}
	// At stage live the service desk rule is an error, not the warning it is at
	// pre-go-live, and on 2027-01-11 the contract has ended (beyond the horizon:
	// the rehearsal is on the planned date whatever the horizon).
	want := []string{"ERS-CON-002(error)", "ERS-LIVE-001(error)"}
	if got := ruleIDs(r.Findings); r.Date != "2027-01-11" || !slices.Equal(got, want) || r.Blocking != 2 {
		t.Errorf("rehearsal: got %s %q (%d blocking), want 2027-01-11 %q (2 blocking)", r.Date, got, r.Blocking, want)
	}
	if got := ruleIDs(fc.Documents[0].Open); !slices.Equal(got, []string{"ERS-CON-004(warning)", "ERS-LIVE-001(warning)"}) {
		t.Errorf("open on the assessment date: got %q", got)
	}

	// A planned date the rules cannot compute with is a schema finding, and
	// no rehearsal.
	d.planned = "2250-01-01"
	fc, err = Run(context.Background(), l, []lint.Input{{Name: "clinic.yaml", Data: []byte(d.yaml())}}, nil,
		Options{AsOf: "2026-11-24", Until: "2026-12-24"}, finding.Error)
	if err != nil {
		t.Fatal(err)
	}
	if r := fc.Documents[0].Rehearsal; r != nil {
		t.Errorf("a rehearsal on %s", r.Date)
	}
}

// TestCandidatesAreExact lints documents on every day of the horizon and
// checks that the look-ahead, which lints only on candidate days, finds the
// same changes: no day it skips has a change.
func TestCandidatesAreExact(t *testing.T) {
	asOf, days := "2026-11-24", 120
	inputs := []lint.Input{
		{Name: "a.yaml", Data: []byte(doc{start: "2026-12-01", end: "2027-02-10", published: "2025-12-31", expires: "2027-01-15", planned: "2027-01-11", serviceDesk: true}.yaml())},
		{Name: "b.yaml", Data: []byte(doc{start: "2025-01-01", end: "2026-12-20", published: "2027-01-02", expires: "2026-11-30", planned: "2027-03-01"}.yaml())},
	}
	examples, err := filepath.Glob("../../examples/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	gaps, _ := filepath.Glob("../../examples/gaps/*.yaml")
	for _, p := range append(examples, gaps...) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, lint.Input{Name: filepath.Base(p), Data: b})
	}
	for _, asOf := range []string{asOf, "2026-08-01"} {
		l := newLinter(t, asOf)
		opts := Options{AsOf: asOf, Until: until(asOf, days)}
		fc, err := Run(context.Background(), l, inputs, nil, opts, finding.Error)
		if err != nil {
			t.Fatal(err)
		}
		everyDay := func(any) []lint.Evaluation {
			var evs []lint.Evaluation
			for i := 1; i <= days; i++ {
				evs = append(evs, lint.Evaluation{AsOf: until(asOf, i)})
			}
			return evs
		}
		rep, err := l.LintPlanned(context.Background(), inputs, lint.Plan{Evaluations: everyDay})
		if err != nil {
			t.Fatal(err)
		}
		daily := FromReport(rep, opts.Until, finding.Error)
		total := 0
		for i, d := range daily.Documents {
			want, got := changes(d), changes(fc.Documents[i])
			total += len(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s as of %s:\n candidates give %q\n every day gives %q", d.Info.File, asOf, got, want)
			}
		}
		if total == 0 {
			t.Errorf("as of %s: no change in %d days: the test would not catch a missed day", asOf, days)
		}
	}
}

// TestCustomPolicyDates checks that with a custom policy every date of a
// manifest is a candidate day: a custom rule that compares goLive.plannedDate
// with the assessment date changes the findings on the day after it.
func TestCustomPolicyDates(t *testing.T) {
	rule := `# METADATA
# title: Go-live has not slipped past its planned date
# custom:
#   id: ORG-LIVE-001
#   severity: error
#   stage: planning
#   remedy: Go live, or plan a new date.
package erslint.rules.org.slipped

import data.erslint.lib

deny contains lib.finding("the planned go-live date has passed", ["goLive", "plannedDate"]) if {
	input.stage != "live"
	input.goLive.plannedDate < lib.as_of
}
`
	l, err := lint.New(context.Background(), lint.Options{AsOf: "2026-11-24", Jobs: 2,
		Policies: []policy.Source{{Name: "org/slipped.rego", Text: []byte(rule)}}})
	if err != nil {
		t.Fatal(err)
	}
	d := clean
	d.planned = "2026-12-10"
	for _, anyDate := range []bool{false, true} {
		fc, err := Run(context.Background(), l, []lint.Input{{Name: "clinic.yaml", Data: []byte(d.yaml())}}, nil,
			Options{AsOf: "2026-11-24", Until: "2027-01-31", AnyDate: anyDate}, finding.Error)
		if err != nil {
			t.Fatal(err)
		}
		got := changes(fc.Documents[0])
		want := []string{"2026-12-11 +ORG-LIVE-001(error)"}
		if !anyDate {
			want = nil // the built-in candidates do not know the custom rule's date
		}
		if !slices.Equal(got, want) {
			t.Errorf("AnyDate %t: got %q, want %q", anyDate, got, want)
		}
	}
}

// TestDiffIsByIdentity checks what makes a finding the same on two days: its
// rule, severity and path, counted as a multiset; not its message, which
// counts the days to the assessment date.
func TestDiffIsByIdentity(t *testing.T) {
	f := func(rule string, sev finding.Severity, path, msg string) finding.Finding {
		return finding.Finding{RuleID: rule, Severity: sev, Path: finding.Path{path}, Message: msg}
	}
	tests := []struct {
		name          string
		prev, cur     []finding.Finding
		appear, clear []string
	}{
		{"message only differs", []finding.Finding{f("A", finding.Error, "x", "3 days")}, []finding.Finding{f("A", finding.Error, "x", "2 days")}, nil, nil},
		{"severity differs", []finding.Finding{f("A", finding.Warning, "x", "m")}, []finding.Finding{f("A", finding.Error, "x", "m")}, []string{"A error x"}, []string{"A warning x"}},
		{"path differs", []finding.Finding{f("A", finding.Error, "start", "m")}, []finding.Finding{f("A", finding.Error, "end", "m")}, []string{"A error end"}, []string{"A error start"}},
		{"a second of the same", []finding.Finding{f("A", finding.Error, "x", "1")}, []finding.Finding{f("A", finding.Error, "x", "1"), f("A", finding.Error, "x", "2")}, []string{"A error x"}, nil},
	}
	show := func(fs []finding.Finding) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.RuleID+" "+f.Severity.String()+" "+f.Path.String())
		}
		return out
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			appear, clear := lint.Diff(tt.prev, tt.cur)
			if !slices.Equal(show(appear), tt.appear) || !slices.Equal(show(clear), tt.clear) {
				t.Errorf("appear %q clear %q; want %q %q", show(appear), show(clear), tt.appear, tt.clear)
			}
		})
	}
}

// manyContracts is clean with n contracts over services of 50, contract k
// starting k*span/n days after asOf (plus one) and ending endAfter days after
// its start: with endAfter past the horizon, each start is a change date.
func manyContracts(n int, asOf string, span, endAfter int) string {
	a, _ := time.Parse(time.DateOnly, asOf)
	var b strings.Builder
	for k := range n {
		if k%50 == 0 {
			fmt.Fprintf(&b, "  - id: service-%d\n    name: Service %d\n    bookingType: directly-bookable\n    contracts:\n", k/50, k/50)
		}
		start := a.AddDate(0, 0, 1+k*span/n)
		fmt.Fprintf(&b, "      - commissioner:\n          name: NHS Example ICB\n          odsCode: QWE\n        reference: C-%d\n"+
			"        start: \"%s\"\n        end: \"%s\"\n        paymentAgreed: true\n", k, day(start), day(start.AddDate(0, 0, endAfter)))
	}
	y := clean.yaml()
	i := strings.Index(y, "services:\n") + len("services:\n")
	j := strings.Index(y, "registrationAuthority:")
	return y[:i] + b.String() + y[j:]
}

// aggregate is a custom rule that reads the date and judges the contracts
// together, not each on its own: the look-ahead must evaluate it on the whole
// document every day (no Evaluation.Parts).
const aggregate = `# METADATA
# title: At least two contracts are in force
# custom:
#   id: ORG-CON-001
#   severity: warning
#   stage: planning
#   remedy: Agree another contract.
package erslint.rules.org.two_in_force

import data.erslint.lib

deny contains lib.finding(sprintf("%d contracts in force", [n]), ["services"]) if {
	n := count([c | some c in lib.contracts; c.contract.start <= lib.as_of; lib.as_of <= c.contract.end])
	n < 2
}
`

// TestIncrementalIsExact compares, on documents with many contracts crossing
// on the same and on different days, the look-ahead (which evaluates again
// only the rules that read the date, and only on the parts whose dates cross)
// with the whole document linted on every day; with a custom rule that reads
// the date (AnyDate: whole documents) too.
func TestIncrementalIsExact(t *testing.T) {
	asOf, days := "2026-11-24", 120
	twice := doc{start: "2026-12-01", end: "2027-01-10", published: "2025-12-31", planned: "2027-01-11", serviceDesk: true}.yaml()
	twice = strings.Replace(twice, "      - commissioner:", `      - commissioner:
          name: NHS Other ICB
          odsCode: QWF
        reference: C-2
        start: "2026-12-01"
        end: "2027-03-10"
        paymentAgreed: true
      - commissioner:`, 1)
	inputs := []lint.Input{
		{Name: "many.yaml", Data: []byte(manyContracts(40, asOf, days, 60))},
		{Name: "same-days.yaml", Data: []byte(manyContracts(24, asOf, 6, 30))},
		{Name: "twice.yaml", Data: []byte(twice)},
	}
	for _, custom := range []bool{false, true} {
		lo := lint.Options{AsOf: asOf, Jobs: 2}
		if custom {
			lo.Policies = []policy.Source{{Name: "org/two.rego", Text: []byte(aggregate)}}
		}
		l, err := lint.New(context.Background(), lo)
		if err != nil {
			t.Fatal(err)
		}
		opts := Options{AsOf: asOf, Until: until(asOf, days), AnyDate: custom}
		fc, err := Run(context.Background(), l, inputs, nil, opts, finding.Error)
		if err != nil {
			t.Fatal(err)
		}
		// The same days, each document evaluated whole: the same changes
		// with the same messages.
		opts.Rehearse = true
		plan := Plan(opts)
		rep, err := l.LintPlanned(context.Background(), inputs, lint.Plan{Evaluations: func(data any) []lint.Evaluation {
			evs := plan.Evaluations(data)
			for i := range evs {
				evs[i].Parts = nil
			}
			return evs
		}})
		if err != nil {
			t.Fatal(err)
		}
		whole := FromReport(rep, opts.Until, finding.Error)
		for i, d := range whole.Documents {
			got := fc.Documents[i]
			if want := detail(d); !slices.Equal(detail(got), want) || len(want) < 3 {
				t.Errorf("%s (custom rule %t):\n by parts %q\n whole    %q", d.Info.File, custom, detail(got), want)
			}
			if !reflect.DeepEqual(got.Rehearsal, d.Rehearsal) {
				t.Errorf("%s (custom rule %t): rehearsal %+v, want %+v", d.Info.File, custom, got.Rehearsal, d.Rehearsal)
			}
		}
		// Every day: the same changes (a finding that clears is shown as on
		// the day before it, here the previous change day).
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
		daily := FromReport(rep, until(asOf, days), finding.Error)
		for i, d := range daily.Documents {
			if got, want := changes(fc.Documents[i]), changes(d); !slices.Equal(got, want) {
				t.Errorf("%s (custom rule %t):\n by parts  %q\n every day %q", d.Info.File, custom, got, want)
			}
		}
	}
}

// detail renders a document's changes with every field a report shows.
func detail(d Document) []string {
	var out []string
	for _, c := range d.Changes {
		out = append(out, fmt.Sprintf("%s blocked=%t counts=%d/%d", c.Date, c.Blocked, c.Counts[finding.Error], c.Counts[finding.Warning]))
		for _, f := range c.Appear {
			out = append(out, fmt.Sprintf("  + %s %s %s:%d:%d %s %s", f.RuleID, f.Severity, f.File, f.Line, f.Column, f.Path, f.Message))
		}
		for _, f := range c.Clear {
			out = append(out, fmt.Sprintf("  - %s %s %s:%d:%d %s %s", f.RuleID, f.Severity, f.File, f.Line, f.Column, f.Path, f.Message))
		}
	}
	return out
}

// TestLookAheadWorkBound checks that a look-ahead over its work bound ends in
// a finding on the day it stops, never in a hang or a silent pass: the
// document is at risk from that day, and its verdict on the assessment date
// is lint's.
func TestLookAheadWorkBound(t *testing.T) {
	asOf := "2026-11-24"
	// 1,000 contracts starting over ten years: 1,000 change days.
	big := manyContracts(1000, asOf, 3650, 5000)
	withWaiver := strings.Replace(doc{start: "2020-01-01", end: "2030-12-31", published: "2026-06-20", expires: "2036-01-01", planned: "2030-01-01", serviceDesk: true}.yaml(),
		"services:\n", "services:\n"+big[strings.Index(big, "services:\n")+len("services:\n"):strings.Index(big, "registrationAuthority:")], 1)
	tests := []struct {
		name, yaml string
		work       int
		stopped    bool
	}{
		// By parts, each day costs its contract, not the document.
		{"by parts, within the bound", big, 300_000, false},
		{"by parts, over a small bound", big, 20_000, true},
		// With waivers the document is evaluated whole every day.
		{"whole, over the bound", withWaiver, 300_000, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := lint.New(context.Background(), lint.Options{AsOf: asOf, Jobs: 1, LookAheadWork: tt.work})
			if err != nil {
				t.Fatal(err)
			}
			fc, err := Run(context.Background(), l, []lint.Input{{Name: "big.yaml", Data: []byte(tt.yaml)}}, nil,
				Options{AsOf: asOf, Until: until(asOf, 3660)}, finding.Error)
			if err != nil {
				t.Fatal(err)
			}
			d := fc.Documents[0]
			if len(d.Changes) == 0 {
				t.Fatal("no change")
			}
			last := d.Changes[len(d.Changes)-1]
			stopped := len(last.Appear) == 1 && last.Appear[0].RuleID == "ERS-SCHEMA-001" &&
				strings.Contains(last.Appear[0].Message, "the look-ahead of this document stopped on "+last.Date)
			if stopped != tt.stopped {
				t.Fatalf("stopped %t, want %t; last change %s %+v (%d changes)", stopped, tt.stopped, last.Date, last.Appear, len(d.Changes))
			}
			if !stopped {
				if len(d.Changes) != 1000 {
					t.Errorf("%d changes, want 1000", len(d.Changes))
				}
				return
			}
			if !last.Blocked || last.Appear[0].Severity != finding.Error || len(d.Changes) >= 1000 {
				t.Errorf("the stop is not an error that blocks: %+v after %d changes", last, len(d.Changes))
			}
			if fc.Verdict(d) == Ready {
				t.Errorf("verdict %s: a look-ahead that stopped passed", fc.Verdict(d))
			}
			for _, f := range d.Open {
				if f.RuleID == "ERS-SCHEMA-001" {
					t.Errorf("the stop is a finding on the assessment date: %v", f)
				}
			}
		})
	}
}
