package delta

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/lint"
)

// TestCompareWaiverTransitions lints a manifest as it was and as it is with the
// real linter, for every way its waivers can change, and checks what the gate
// of --new-from-rev sees: a finding waived at the revision and active now, or
// waived now by a changed waiver, is new and fails it.
func TestCompareWaiverTransitions(t *testing.T) {
	src, err := os.ReadFile("../../examples/gp-practice.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// One error (ERS-ACC-001 at access.url), which the waivers below waive.
	broken := strings.Replace(string(src), "url: internet-facing", "url: other", 1)
	waiver := func(fields string) string { return "waivers:\n  - rule: ERS-ACC-001\n" + fields }
	const (
		valid     = "    reason: New URL from the supplier in January\n    approvedBy: Clinical Safety Officer\n    expires: \"2027-02-01\"\n"
		pushed    = "    reason: New URL from the supplier in January\n    approvedBy: Clinical Safety Officer\n    expires: \"2099-02-01\"\n"
		reworded  = "    reason: Supplier late\n    approvedBy: Clinical Safety Officer\n    expires: \"2027-02-01\"\n"
		approver  = "    reason: New URL from the supplier in January\n    approvedBy: Practice Manager\n    expires: \"2027-02-01\"\n"
		expired   = "    reason: New URL from the supplier in January\n    approvedBy: Clinical Safety Officer\n    expires: \"2026-01-01\"\n"
		pathed    = "    path: access\n" + valid
		elsewhere = "    path: devices\n" + valid
		stale     = "waivers:\n  - rule: ERS-GOV-003\n" + valid
	)
	l, err := lint.New(context.Background(), lint.Options{AsOf: "2026-11-24"})
	if err != nil {
		t.Fatal(err)
	}
	lintSrc := func(text string) *lint.Report {
		rep, err := l.Lint(context.Background(), []lint.Input{{Name: "gp.yaml", Data: []byte(text)}})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	tests := []struct {
		name       string
		base, head string
		intro      int  // unsuppressed new findings
		resolved   int  // unsuppressed findings at the revision that are gone
		fails      bool // the gate (error) fails
		newWaived  int  // new findings still waived
	}{
		{"active stays active", broken, broken, 0, 0, false, 0},
		{"waived stays waived", broken + waiver(valid), broken + waiver(valid), 0, 0, false, 0},
		{"waiver moves lines", broken + waiver(valid), "# moved\n\n" + broken + waiver(valid), 0, 0, false, 0},
		{"waiver gains a path that still covers it", broken + waiver(valid), broken + waiver(pathed), 0, 0, false, 0},
		{"waiver deleted", broken + waiver(valid), broken, 1, 0, true, 0},
		{"waiver narrowed away (now stale too)", broken + waiver(valid), broken + waiver(elsewhere), 2, 0, true, 0},
		{"waiver expires", broken + waiver(valid), broken + waiver(expired), 2, 0, true, 0},
		{"expiry pushed out", broken + waiver(valid), broken + waiver(pushed), 1, 0, true, 0},
		{"reason changed", broken + waiver(valid), broken + waiver(reworded), 1, 0, true, 0},
		{"approver changed", broken + waiver(valid), broken + waiver(approver), 1, 0, true, 0},
		{"waiver added", broken, broken + waiver(valid), 0, 1, false, 1},
		{"expired waiver renewed", broken + waiver(expired), broken + waiver(valid), 0, 2, false, 1},
		{"expired stays expired", broken + waiver(expired), broken + waiver(expired), 0, 0, false, 0},
		{"finding fixed under its waiver (waiver now stale)", broken + waiver(valid), string(src) + waiver(valid), 1, 0, false, 0},
		{"stale waiver added", string(src), string(src) + stale, 1, 0, false, 0},
		{"stale waiver removed", string(src) + stale, string(src), 0, 1, false, 0},
		{"new finding, waived at once", string(src), broken + waiver(valid), 0, 0, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			head := lintSrc(tt.head)
			r := Compare("main", lintSrc(tt.base), head)
			waived := 0
			for _, f := range r.New {
				if f.Suppressed() {
					waived++
				}
			}
			fails := r.Filter(head).Fails(finding.Error)
			if r.Introduced != tt.intro || r.Resolved != tt.resolved || fails != tt.fails || waived != tt.newWaived {
				t.Errorf("introduced %d, resolved %d, gate fails %v, new waived %d; want %d, %d, %v, %d\nnew: %+v",
					r.Introduced, r.Resolved, fails, waived, tt.intro, tt.resolved, tt.fails, tt.newWaived, r.New)
			}
		})
	}
}

// TestCompareChangedWaiverSaysWhy: the finding whose waiver changed names the
// change, and counts in its organisation's errors now.
func TestCompareChangedWaiverSaysWhy(t *testing.T) {
	a := []lint.DocumentInfo{{File: "a.yaml", Name: "alpha", Checked: true}}
	was := f("a.yaml", 3, "R1", finding.Error, "x")
	was.Waiver = &finding.Waiver{Reason: "on order", Expires: "2027-01-01", Line: 20}
	now := was
	now.Waiver = &finding.Waiver{Reason: "on order", Expires: "2099-01-01", Line: 20}
	r := Compare("main", run(a, was), run(a, now))
	if len(r.New) != 1 || r.New[0].Suppressed() || r.Introduced != 1 {
		t.Fatalf("new %+v, introduced %d; want the finding, unwaived", r.New, r.Introduced)
	}
	want := `m (waived at main, but the waiver on line 20 changed since: expires "2099-01-01", was "2027-01-01"; a changed waiver is new`
	if !strings.HasPrefix(r.New[0].Message, want) {
		t.Errorf("message %q\nwant it to start %q", r.New[0].Message, want)
	}
	if len(r.Orgs) != 1 || r.Orgs[0].After[finding.Error] != 1 || r.Orgs[0].Before[finding.Error] != 0 {
		t.Errorf("organisations %+v, want alpha with 0 errors before and 1 now", r.Orgs)
	}
}
