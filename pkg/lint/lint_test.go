package lint

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/policy"
)

func newLinter(t *testing.T, opts Options) *Linter {
	t.Helper()
	if opts.AsOf == "" {
		opts.AsOf = "2026-11-24"
	}
	l, err := New(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func lintSources(t *testing.T, l *Linter, files map[string]string) *Report {
	t.Helper()
	var inputs []Input
	for name, src := range files {
		inputs = append(inputs, Input{Name: name, Data: []byte(src)})
	}
	rep, err := l.Lint(context.Background(), inputs)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func lines(rep *Report) []string {
	var out []string
	for _, f := range rep.Findings {
		s := fmt.Sprintf("%s:%d:%d %s %s", f.File, f.Line, f.Column, f.Severity, f.RuleID)
		if f.Suppressed() {
			s += " (waived)"
		}
		out = append(out, s)
	}
	return out
}

func orgManifest(stage, extra string) string {
	return `apiVersion: ers-onboarding/v1
kind: OnboardingManifest
metadata:
  name: m
stage: ` + stage + `
organisation:
  name: X
  type: nhs-trust
  odsCode: RXX
  newToErs: false
` + extra
}

func only(rep *Report, rule string) []finding.Finding {
	var out []finding.Finding
	for _, f := range rep.Findings {
		if f.RuleID == rule {
			out = append(out, f)
		}
	}
	return out
}

// The spec's §2 examples of stage demotion.
func TestSeverityDependsOnStage(t *testing.T) {
	l := newLinter(t, Options{})
	tests := []struct {
		stage, rule string
		want        finding.Severity
	}{
		{"planning", "ERS-GOV-001", finding.Warning},  // base error, from pre-go-live
		{"pre-go-live", "ERS-GOV-001", finding.Error}, // at its stage
		{"live", "ERS-GOV-001", finding.Error},
		{"planning", "ERS-LIVE-001", finding.Warning}, // two stages early: still one level lower
		{"pre-go-live", "ERS-LIVE-002", finding.Info}, // base warning
		{"planning", "ERS-LIVE-005", finding.Info},    // info stays info
		{"live", "ERS-LIVE-005", finding.Info},
		{"planning", "ERS-ACC-005", finding.Error}, // planning rule: never demoted
		{"golive", "ERS-GOV-001", finding.Error},   // invalid stage reads as live
	}
	for _, tt := range tests {
		t.Run(tt.stage+" "+tt.rule, func(t *testing.T) {
			rep := lintSources(t, l, map[string]string{"m.yaml": orgManifest(tt.stage, "")})
			fs := only(rep, tt.rule)
			if len(fs) != 1 || fs[0].Severity != tt.want {
				t.Fatalf("%s findings = %+v, want one %v", tt.rule, fs, tt.want)
			}
		})
	}
}

func TestConfigurationOverridesThenDemotes(t *testing.T) {
	l := newLinter(t, Options{Rules: map[string]RuleSetting{
		"ERS-LIVE-005": {Severity: finding.Error},
		"ERS-LIVE-002": {Disabled: true},
	}})
	rep := lintSources(t, l, map[string]string{"m.yaml": orgManifest("pre-go-live", "")})
	if fs := only(rep, "ERS-LIVE-005"); len(fs) != 1 || fs[0].Severity != finding.Warning {
		t.Errorf("LIVE-005 overridden to error, one stage early: %+v, want warning", fs)
	}
	if fs := only(rep, "ERS-LIVE-002"); len(fs) != 0 {
		t.Errorf("disabled rule still reported: %+v", fs)
	}
	if _, err := New(context.Background(), Options{AsOf: "2026-11-24", Rules: map[string]RuleSetting{"ERS-NOPE-001": {}}}); err == nil {
		t.Error("configuring an unknown rule gave no error")
	}
}

func TestCrossManifestDuplicates(t *testing.T) {
	l := newLinter(t, Options{})
	two := orgManifest("live", "") + "---\n" + orgManifest("live", "")
	rep := lintSources(t, l, map[string]string{"a.yaml": two, "b.yaml": orgManifest("live", "")})
	var got []string
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.RuleID, "ERS-REPO-") {
			got = append(got, fmt.Sprintf("%s:%d %s %s", f.File, f.Line, f.RuleID, f.Message))
		}
	}
	want := []string{
		"a.yaml:4 ERS-REPO-002 metadata.name \"m\" is also used in a.yaml:15, b.yaml:4; each manifest needs a unique name",
		"a.yaml:9 ERS-REPO-001 ODS code RXX is also the organisation ODS code in a.yaml:20, b.yaml:9; each organisation is described by one manifest",
		"a.yaml:15 ERS-REPO-002 metadata.name \"m\" is also used in a.yaml:4, b.yaml:4; each manifest needs a unique name",
		"a.yaml:20 ERS-REPO-001 ODS code RXX is also the organisation ODS code in a.yaml:9, b.yaml:9; each organisation is described by one manifest",
		"b.yaml:4 ERS-REPO-002 metadata.name \"m\" is also used in a.yaml:4, a.yaml:15; each manifest needs a unique name",
		"b.yaml:9 ERS-REPO-001 ODS code RXX is also the organisation ODS code in a.yaml:9, a.yaml:20; each organisation is described by one manifest",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestWaivers(t *testing.T) {
	l := newLinter(t, Options{})
	src := orgManifest("live", `governance:
  lessPrivateSettings: true
  screenFilters: false
waivers:
  - rule: ERS-GOV-003
    reason: on order
    approvedBy: CSO
    expires: "2026-11-24"
  - rule: ERS-LIVE-001
    reason: booked
    approvedBy: PM
    expires: "2026-11-23"
  - rule: ERS-CON-002
    reason: none
    approvedBy: PM
`)
	rep := lintSources(t, l, map[string]string{"m.yaml": src})
	if fs := only(rep, "ERS-GOV-003"); len(fs) != 1 || !fs[0].Suppressed() || fs[0].Waiver.Reason != "on order" {
		t.Errorf("GOV-003 waived through its expiry day: %+v", fs)
	}
	if fs := only(rep, "ERS-LIVE-001"); len(fs) != 1 || fs[0].Suppressed() {
		t.Errorf("LIVE-001 behind an expired waiver must come back: %+v", fs)
	}
	if fs := only(rep, "ERS-WAIVER-002"); len(fs) != 1 || fs[0].Line != 22 {
		t.Errorf("WAIVER-002: %+v, want one at the expires of the second waiver", fs)
	}
	if fs := only(rep, "ERS-WAIVER-003"); len(fs) != 1 || fs[0].Line != 23 {
		t.Errorf("WAIVER-003: %+v, want one at the third waiver", fs)
	}
	if rep.Suppressed() != 1 || rep.Counts()[finding.Error] == 0 {
		t.Errorf("suppressed = %d, counts = %v", rep.Suppressed(), rep.Counts())
	}
}

func TestOutputIsTheSameForAnyNumberOfJobs(t *testing.T) {
	files := map[string]string{}
	for i := range 40 {
		files[fmt.Sprintf("m%02d.yaml", i)] = orgManifest([]string{"planning", "pre-go-live", "live"}[i%3], "")
	}
	files["bad.yaml"] = "a: [\n"
	var first []string
	for _, jobs := range []int{1, 3, 8} {
		got := lines(lintSources(t, newLinter(t, Options{Jobs: jobs}), files))
		if first == nil {
			first = got
		} else if !reflect.DeepEqual(got, first) {
			t.Fatalf("--jobs %d gave different findings", jobs)
		}
	}
}

func TestBadFilesDoNotStopTheRun(t *testing.T) {
	l := newLinter(t, Options{})
	rep := lintSources(t, l, map[string]string{
		"good.yaml":  orgManifest("live", ""),
		"empty.yaml": "",
		"list.yaml":  "- a\n",
		"bad.yaml":   "a: [\n",
	})
	files := map[string]bool{}
	for _, f := range rep.Findings {
		files[f.File] = true
	}
	for _, name := range []string{"good.yaml", "empty.yaml", "list.yaml", "bad.yaml"} {
		if !files[name] {
			t.Errorf("no finding for %s", name)
		}
	}
	if len(only(rep, "ERS-GOV-001")) < 1 {
		t.Error("the good manifest was not fully checked")
	}
}

func TestCollect(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("b.yaml", "a: 1\n")
	write("a.yml", "a: 1\n")
	write("notes.txt", "x")
	write("sub/c.YAML", "a: 1\n")
	if err := os.Symlink(dir, filepath.Join(dir, "sub", "loop")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "missing.yaml"), filepath.Join(dir, "broken.yaml")); err != nil {
		t.Fatal(err)
	}
	inputs, err := Collect([]string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, in := range inputs {
		s := strings.TrimPrefix(in.Name, filepath.ToSlash(dir)+"/")
		if in.Err != nil {
			s += " ! " + in.Err.Error()
		}
		got = append(got, s)
	}
	want := []string{
		"a.yml",
		"b.yaml",
		"broken.yaml ! broken symbolic link: no such file or directory",
		"sub/c.YAML",
		"sub/loop ! symbolic link loop: it points back to a directory being walked; not followed",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, err := Collect([]string{filepath.Join(dir, "nope.yaml")}, nil); err == nil {
		t.Error("a missing named path gave no error")
	}
	if _, err := Collect([]string{filepath.Join(dir, "sub", "loop", "notes.txt")}, nil); err != nil {
		t.Errorf("a named file is linted whatever its extension: %v", err)
	}
	empty := t.TempDir()
	if _, err := Collect([]string{empty}, nil); err != ErrNoManifests {
		t.Errorf("empty directory: err = %v, want ErrNoManifests", err)
	}
}

// A custom rule across manifests (package erslint.run.*) reads the run's keys in
// columns, as the README documents, and its findings land at the document and
// field it names.
func TestCustomRunScopeRuleReadsTheColumns(t *testing.T) {
	rule := `# METADATA
# title: No organisation is named after another's ODS code
# custom:
#   id: ORG-RUN-001
#   severity: warning
#   stage: planning
package erslint.run.org.name_is_code

import data.erslint.lib

deny contains lib.run_finding(i, msg, ["metadata", "name"]) if {
	some i, name in input.names
	some j, code in input.odsCodes
	i != j
	name == code
	msg := sprintf("metadata.name %s is the ODS code of %s", [name, lib.where(j, input.odsLines)])
}
`
	l := newLinter(t, Options{Policies: []policy.Source{{Name: "org/name_is_code.rego", Text: []byte(rule)}}})
	// Both manifests have ODS code RXX, on line 9; a.yaml is also named RXX.
	named := strings.Replace(orgManifest("planning", ""), "name: m\n", "name: RXX\n", 1)
	rep := lintSources(t, l, map[string]string{"a.yaml": named, "b.yaml": orgManifest("planning", "")})
	var got []string
	for _, f := range only(rep, "ORG-RUN-001") {
		got = append(got, fmt.Sprintf("%s:%d:%d %s %s", f.File, f.Line, f.Column, f.Severity, f.Message))
	}
	want := []string{"a.yaml:4:9 warning metadata.name RXX is the ODS code of b.yaml:9"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings:\n got %q\nwant %q", got, want)
	}
}

// Waivers are applied after the cross-manifest step: a waiver covers an
// ERS-REPO finding and, having covered it, is not stale; a waiver of a schema
// finding never applies.
func TestWaiversCoverCrossManifestFindings(t *testing.T) {
	l := newLinter(t, Options{})
	waived := orgManifest("planning", `waivers:
  - rule: ERS-REPO-002
    path: metadata.name
    reason: the twin is being merged
    approvedBy: PM
  - rule: ERS-SCHEMA-001
    reason: not waivable
    approvedBy: PM
`)
	rep := lintSources(t, l, map[string]string{"a.yaml": waived, "b.yaml": orgManifest("planning", "")})
	var repo []string
	for _, f := range only(rep, "ERS-REPO-002") {
		repo = append(repo, fmt.Sprintf("%s suppressed=%v", f.File, f.Suppressed()))
		if f.Suppressed() && (f.Waiver.File != "a.yaml" || f.Waiver.Line != 12 || f.Waiver.Reason != "the twin is being merged") {
			t.Errorf("waiver recorded as %+v, want a.yaml:12", f.Waiver)
		}
	}
	if want := []string{"a.yaml suppressed=true", "b.yaml suppressed=false"}; !reflect.DeepEqual(repo, want) {
		t.Errorf("ERS-REPO-002: %v, want %v", repo, want)
	}
	if fs := only(rep, "ERS-WAIVER-001"); len(fs) != 1 || fs[0].Line != 16 {
		t.Errorf("WAIVER-001: %+v, want one for the waiver of ERS-SCHEMA-001", fs)
	}
	if fs := only(rep, "ERS-WAIVER-003"); len(fs) != 0 {
		t.Errorf("WAIVER-003: %+v, want none: the REPO waiver covered a finding, the SCHEMA one is invalid", fs)
	}
}
