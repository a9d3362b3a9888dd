package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/erslint/erslint/internal/reportschema"
	"github.com/erslint/erslint/internal/testtools"
)

// providerIn is the compliant provider example as organisation n in state:
// ready; at-risk (its contracts end within the look-ahead); blocked (the
// wrong URL); waived (the wrong URL, waived: ready); lapsed-first or
// lapsed-second (one contract ended: ERS-CON-002 at services[0] or [1]).
func providerIn(t *testing.T, n int, state string) string {
	t.Helper()
	src := readExample(t, "independent-sector-provider.yaml")
	src = strings.Replace(src, "name: example-msk-clinic", fmt.Sprintf("name: provider-%02d", n), 1)
	src = strings.Replace(src, `odsCode: "8HV48"`, fmt.Sprintf(`odsCode: "PRV%02d"`, n), 1)
	switch state {
	case "ready":
	case "at-risk":
		src = strings.ReplaceAll(src, `end: "2028-03-31"`, `end: "2027-01-31"`)
	case "blocked":
		src = strings.Replace(src, "url: internet-facing", "url: other", 1)
	case "waived":
		src = strings.Replace(src, "url: internet-facing", "url: other", 1)
		src += "waivers:\n  - rule: ERS-ACC-001\n    reason: moving to the internet-facing URL\n    approvedBy: Programme board\n    expires: \"2027-06-30\"\n"
	case "lapsed-first":
		src = strings.Replace(src, `end: "2028-03-31"`, `end: "2026-10-31"`, 1)
	case "lapsed-second":
		i := strings.LastIndex(src, `end: "2028-03-31"`)
		src = src[:i] + `end: "2026-10-31"` + src[i+len(`end: "2028-03-31"`):]
	default:
		t.Fatalf("no state %q", state)
	}
	return src
}

// TestBaseline: a run compared with a JSON report of an earlier one marks
// every verdict transition, a new and a removed organisation, keeps the
// findings of a renamed file unchanged, reads a rule that moved path as one
// new and one absent finding, and a finding waived in the baseline and active
// now as new; in JSON (its schema), SARIF (the multitool) and text, which
// leads with the change.
func TestBaseline(t *testing.T) {
	type org struct {
		n                int
		before, after    string // "": no such organisation
		fileBefore, file string
	}
	orgs := []org{
		{1, "ready", "blocked", "", ""}, {2, "blocked", "ready", "", ""},
		{3, "ready", "at-risk", "", ""}, {4, "at-risk", "ready", "", ""},
		{5, "at-risk", "blocked", "", ""}, {6, "blocked", "at-risk", "", ""},
		{7, "blocked", "", "", ""}, {8, "", "ready", "", ""},
		{9, "blocked", "blocked", "old/provider-09.yaml", "new/renamed.yaml"},
		{10, "lapsed-first", "lapsed-second", "", ""},
		{11, "waived", "blocked", "", ""},
	}
	before, after := t.TempDir(), t.TempDir()
	for _, o := range orgs {
		name := fmt.Sprintf("provider-%02d.yaml", o.n)
		if o.before != "" {
			writeFiles(t, before, map[string]string{cmpOr(o.fileBefore, name): providerIn(t, o.n, o.before)})
		}
		if o.after != "" {
			writeFiles(t, after, map[string]string{cmpOr(o.file, name): providerIn(t, o.n, o.after)})
		}
	}
	base := filepath.Join(t.TempDir(), "baseline.json")
	if r := runIn(t, before, "", "lint", asOf, "--format", "json="+base, "."); r.code != 1 {
		t.Fatalf("baseline: exit %d\n%s", r.code, r.stderr)
	}
	out := t.TempDir()
	jsonOut, sarifOut := filepath.Join(out, "r.json"), filepath.Join(out, "r.sarif")
	r := runIn(t, after, "", "lint", asOf, "--baseline", base, "--format", "text", "--format", "json="+jsonOut, "--format", "sarif="+sarifOut, ".")
	if r.code != 1 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	data, err := os.ReadFile(jsonOut)
	if err != nil {
		t.Fatal(err)
	}
	if err := reportschema.Report(data); err != nil {
		t.Errorf("does not match schema/report.schema.json: %v", err)
	}
	var rep struct {
		Baseline struct {
			New, Unchanged, Absent int
			VerdictChanges         []struct {
				Name     string
				From, To *string
			} `json:"verdictChanges"`
			AbsentFindings []struct{ Name, RuleID, Path string } `json:"absentFindings"`
		} `json:"baseline"`
		Organisations []struct{ File, Name string } `json:"organisations"`
		Findings      []struct {
			RuleID, File, Path string
			Document           int
			Suppressed         bool
			BaselineState      string `json:"baselineState"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	var changes []string
	str := func(p *string) string {
		if p == nil {
			return "-"
		}
		return *p
	}
	for _, c := range rep.Baseline.VerdictChanges {
		changes = append(changes, c.Name+": "+str(c.From)+" > "+str(c.To))
	}
	want := []string{
		"provider-01: ready > blocked", "provider-02: blocked > ready", "provider-03: ready > at-risk",
		"provider-04: at-risk > ready", "provider-05: at-risk > blocked", "provider-06: blocked > at-risk",
		"provider-07: blocked > -", "provider-08: - > ready", "provider-11: ready > blocked",
	}
	if !slices.Equal(changes, want) {
		t.Errorf("verdict changes:\n%s\nwant\n%s", strings.Join(changes, "\n"), strings.Join(want, "\n"))
	}
	// Each finding's state, by organisation, rule and path.
	names := map[string]string{}
	for _, o := range rep.Organisations {
		names[o.File] = o.Name
	}
	var states []string
	for _, f := range rep.Findings {
		states = append(states, fmt.Sprintf("%s %s %s %s", names[f.File], f.RuleID, f.Path, f.BaselineState))
	}
	wantStates := []string{
		"provider-01 ERS-ACC-001 access.url new",
		"provider-05 ERS-ACC-001 access.url new",
		"provider-06 ERS-CON-004 services[0].contracts[0].end new",
		"provider-06 ERS-CON-004 services[1].contracts[0].end new",
		"provider-09 ERS-ACC-001 access.url unchanged",
		"provider-10 ERS-CON-002 services[1].contracts[0].end new",
		"provider-11 ERS-ACC-001 access.url new",
		"provider-03 ERS-CON-004 services[0].contracts[0].end new",
		"provider-03 ERS-CON-004 services[1].contracts[0].end new",
	}
	slices.Sort(states)
	slices.Sort(wantStates)
	if !slices.Equal(states, wantStates) {
		t.Errorf("finding states:\n%s\nwant\n%s", strings.Join(states, "\n"), strings.Join(wantStates, "\n"))
	}
	var absent []string
	for _, f := range rep.Baseline.AbsentFindings {
		absent = append(absent, f.Name+" "+f.RuleID+" "+f.Path)
	}
	wantAbsent := []string{
		"provider-02 ERS-ACC-001 access.url",
		"provider-04 ERS-CON-004 services[0].contracts[0].end", "provider-04 ERS-CON-004 services[1].contracts[0].end",
		"provider-05 ERS-CON-004 services[0].contracts[0].end", "provider-05 ERS-CON-004 services[1].contracts[0].end",
		"provider-06 ERS-ACC-001 access.url",
		"provider-07 ERS-ACC-001 access.url",
		"provider-10 ERS-CON-002 services[0].contracts[0].end",
		"provider-11 ERS-ACC-001 access.url",
	}
	slices.Sort(absent)
	if !slices.Equal(absent, wantAbsent) {
		t.Errorf("absent findings:\n%s\nwant\n%s", strings.Join(absent, "\n"), strings.Join(wantAbsent, "\n"))
	}
	if rep.Baseline.New != 8 || rep.Baseline.Unchanged != 1 || rep.Baseline.Absent != 8 {
		t.Errorf("counts new %d, unchanged %d, absent %d; want 8, 1, 8 (the waived one absent is not counted)",
			rep.Baseline.New, rep.Baseline.Unchanged, rep.Baseline.Absent)
	}
	// Text leads with the change.
	if !strings.HasPrefix(r.stdout, "since the baseline of 2026-11-24 (") || !strings.Contains(r.stdout, "\n  provider-02 — Example MSK Clinic Ltd: blocked → ready\n") ||
		!strings.Contains(r.stdout, "ERS-ACC-001 [new] ") {
		t.Errorf("the text report does not lead with the change:\n%s", r.stdout)
	}
	// SARIF: every result has its baselineState; the absent ones are results too.
	sarif, err := os.ReadFile(sarifOut)
	if err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				BaselineState string `json:"baselineState"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(sarif, &log); err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, res := range log.Runs[0].Results {
		count[res.BaselineState]++
	}
	if count["new"] != 8 || count["unchanged"] != 1 || count["absent"] != 9 || len(count) != 3 {
		t.Errorf("SARIF baselineStates %v, want 8 new, 1 unchanged, 9 absent (one waived in the baseline)", count)
	}
	tool, ok := testtools.LookPath("sarif-multitool")
	if !ok {
		return // validated in CI by TestMain with every SARIF the tests write
	}
	problems, err := testtools.ValidateSARIF(tool, []string{sarifOut})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("sarif-multitool: %s %s: %s", p.Level, p.Rule, p.Message)
	}
}

// TestBaselineRefused: a baseline that is not a JSON report of schemaVersion
// 1 stops the run with exit 2 and says why.
func TestBaselineRefused(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"v2.json":      `{"schemaVersion": 2, "asOf": "2026-01-01", "findings": []}`,
		"none.json":    `{"asOf": "2026-01-01"}`,
		"broken.json":  `{"schemaVersion": 1, "asOf": `,
		"twice.json":   `{"schemaVersion": 1, "asOf": "2026-01-01"} {}`,
		"verdict.json": `{"schemaVersion": 1, "asOf": "2026-01-01", "organisations": [{"name": "a", "verdict": "fine"}]}`,
		"text.json":    "examples/gp-practice.yaml:1:1: error",
	})
	for name, want := range map[string]string{
		"v2.json":      "schemaVersion 2 is not one this erslint reads",
		"none.json":    "no schemaVersion",
		"broken.json":  "not a JSON report",
		"twice.json":   "more than one JSON value",
		"verdict.json": `verdict "fine"`,
		"text.json":    "invalid JSON",
		"missing.json": "no such file",
		"":             "is a directory",
	} {
		r := erslint(t, "", "lint", asOf, "--baseline", filepath.Join(dir, name), "examples/gp-practice.yaml")
		if r.code != 2 || !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "--baseline") {
			t.Errorf("%s: exit %d, want 2 and %q:\n%s", name, r.code, want, r.stderr)
		}
	}
	r := erslint(t, "", "lint", asOf, "--baseline", filepath.Join(dir, "v2.json"), "--new-from-rev", "HEAD", "examples/gp-practice.yaml")
	if r.code != 2 || !strings.Contains(r.stderr, "give one of them") {
		t.Errorf("--baseline with --new-from-rev: exit %d\n%s", r.code, r.stderr)
	}
}
