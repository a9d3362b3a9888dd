package forecast

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
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
		rep, err := l.LintPlanned(context.Background(), inputs, everyDay)
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
			appear, clear := diff(tt.prev, tt.cur)
			if !slices.Equal(show(appear), tt.appear) || !slices.Equal(show(clear), tt.clear) {
				t.Errorf("appear %q clear %q; want %q %q", show(appear), show(clear), tt.appear, tt.clear)
			}
		})
	}
}
