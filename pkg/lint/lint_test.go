package lint

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/policy"
	"github.com/erslint/erslint/schema"
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
	if _, err := Collect([]string{empty}, nil); !errors.Is(err, ErrNoManifests) || !strings.Contains(err.Error(), empty) {
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

// A walked file with no manifest in it is skipped and named in the report; the
// same file named on the command line is linted; progress counts every file.
func TestWalkedFileWithoutManifestIsSkipped(t *testing.T) {
	var calls, last int
	l := newLinter(t, Options{AsOf: "2026-11-24", Jobs: 1, Progress: func(done, total int) {
		calls++
		last = done
		if total != 3 {
			t.Errorf("progress total %d, want 3", total)
		}
	}})
	compose := []byte("services:\n  web: {image: nginx}\n")
	typo := []byte("apiVersion: ers-onbording/v1\nkind: OnboardingManifest\n")
	rep, err := l.Lint(context.Background(), []Input{
		{Name: "docker-compose.yml", Data: compose, Walked: true},
		{Name: "named.yml", Data: compose},
		{Name: "typo.yaml", Data: typo, Walked: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep.Skipped, []string{"docker-compose.yml"}) || rep.Files != 2 || !slices.Equal(rep.FileNames, []string{"named.yml", "typo.yaml"}) {
		t.Errorf("skipped %v, files %d %v", rep.Skipped, rep.Files, rep.FileNames)
	}
	for _, f := range rep.Findings {
		if f.File == "docker-compose.yml" {
			t.Errorf("a finding in a skipped file: %+v", f)
		}
	}
	if calls != 3 || last != 3 {
		t.Errorf("progress called %d times, last %d; want 3, 3", calls, last)
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

// A run-scope finding's document index that is not a whole number (1.5) was
// read as 0: the finding went to the run's first document, another file. It
// is an error of the rule, reported on each document as not compared.
func TestRunScopeDocumentIndexMustBeWhole(t *testing.T) {
	rule := `# METADATA
# title: Fractional document
# custom:
#   id: ORG-RUN-002
#   severity: error
#   stage: planning
package erslint.run.org.fractional

deny contains {"msg": "m", "path": [], "document": 1.5} if count(input.names) > 1
`
	l := newLinter(t, Options{Policies: []policy.Source{{Name: "org/fractional.rego", Text: []byte(rule)}}})
	inputs := []Input{{Name: "a.yaml", Data: []byte(orgManifest("planning", ""))},
		{Name: "b.yaml", Data: []byte(strings.Replace(orgManifest("planning", ""), "odsCode: RXX", "odsCode: RXY", 1))}}
	// The run is not lost: each document says it was not compared, and why.
	rep, err := l.Lint(context.Background(), inputs)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range only(rep, "ERS-SCHEMA-001") {
		if strings.Contains(f.Message, "document index 1.5 is not a whole number") && strings.Contains(f.Message, "was not compared with the others") {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d findings refusing the index, want one for each document: %v", n, lines(rep))
	}
}

func TestCheckAsOf(t *testing.T) {
	tests := map[string]string{
		"2026-11-24": "",
		"1900-01-01": "",
		"2199-12-31": "",
		"1899-12-31": "outside the years 1900 to 2199",
		"2200-01-01": "outside the years 1900 to 2199",
		"2263-01-01": "outside the years 1900 to 2199",
		"0226-06-30": "outside the years 1900 to 2199",
		"2026-02-30": "is not a date YYYY-MM-DD",
		"24/11/2026": "is not a date YYYY-MM-DD",
		"":           "is not a date YYYY-MM-DD",
	}
	for in, want := range tests {
		err := CheckAsOf(in)
		switch {
		case want == "" && err != nil:
			t.Errorf("CheckAsOf(%q) = %v", in, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("CheckAsOf(%q) = %v, want an error containing %q", in, err, want)
		}
		if _, err := New(context.Background(), Options{AsOf: in}); (err == nil) != (want == "") {
			t.Errorf("New with AsOf %q: err = %v", in, err)
		}
	}
}

// A document the rules cannot finish within the time limit is one located
// finding; the run goes on and the other documents are checked in full.
func TestDocumentOverTheTimeLimitIsAFinding(t *testing.T) {
	slow := policy.Source{Name: "org/slow.rego", Text: []byte(`# METADATA
# title: Slow on one document
# custom:
#   id: ORG-SLOW-001
#   severity: error
#   stage: planning
package erslint.rules.org.slow

deny contains {"msg": "x", "path": []} if {
	input.metadata.name == "slow"
	some i in numbers.range(1, 100000000)
	i < 0
}
`)}
	l := newLinter(t, Options{Policies: []policy.Source{slow}, EvalTimeout: 300 * time.Millisecond})
	slowDoc := strings.Replace(orgManifest("planning", "waivers:\n  - {rule: ERS-GOV-003, reason: r, approvedBy: a}\n"), "name: m", "name: slow", 1)
	rep := lintSources(t, l, map[string]string{
		"a.yaml": "# the slow one\n" + slowDoc,
		"b.yaml": strings.Replace(orgManifest("live", ""), "odsCode: RXX", "odsCode: RXY", 1),
	})
	var a, b []finding.Finding
	for _, f := range rep.Findings {
		if f.File == "a.yaml" {
			a = append(a, f)
		} else {
			b = append(b, f)
		}
	}
	want := "the rules could not be evaluated on this document within the time limit of 300ms, so none of them was checked"
	if len(a) != 1 || a[0].RuleID != "ERS-SCHEMA-001" || a[0].Severity != finding.Error || a[0].Line != 2 || a[0].Column != 1 ||
		!strings.HasPrefix(a[0].Message, want) || !strings.Contains(a[0].Message, "--eval-timeout") {
		t.Errorf("the slow document: %+v\nwant one ERS-SCHEMA-001 error at 2:1 starting %q", a, want)
	}
	// The good document is checked in full: a live nhs-trust with nothing but
	// the organisation has a finding of every rule a missing section fails.
	rules := map[string]bool{}
	for _, f := range b {
		rules[f.RuleID] = true
	}
	for _, id := range []string{"ERS-GOV-001", "ERS-GOV-004", "ERS-DEV-001", "ERS-LIVE-001", "ERS-ACC-005"} {
		if !rules[id] {
			t.Errorf("the other document has no %s: %v", id, lines(rep))
		}
	}
	if rep.Documents != 2 {
		t.Errorf("Documents = %d, want 2", rep.Documents)
	}
}

// A custom rule that compiles a manifest's value as a pattern, too long to
// compile within the bounds, stops that document's evaluation: it is one
// located finding, and the other document is checked in full.
func TestPatternTooLongIsAFinding(t *testing.T) {
	re := policy.Source{Name: "org/re.rego", Text: []byte(`# METADATA
# title: Name as a pattern
# custom:
#   id: ORG-RE-001
#   severity: error
#   stage: planning
package erslint.rules.org.name_pattern

deny contains {"msg": "matched", "path": []} if regex.match(input.metadata.name, "m")
`)}
	l := newLinter(t, Options{Policies: []policy.Source{re}})
	long := strings.Replace(orgManifest("live", ""), "name: m", "name: "+strings.Repeat("m", 600), 1)
	rep := lintSources(t, l, map[string]string{
		"a.yaml": "# the long pattern\n" + long,
		"b.yaml": strings.Replace(orgManifest("live", ""), "odsCode: RXX", "odsCode: RXY", 1),
	})
	var notChecked []finding.Finding
	rules := map[string]bool{}
	for _, f := range rep.Findings {
		switch {
		case f.File == "a.yaml" && strings.HasPrefix(f.Message, "the rules could not be evaluated"):
			notChecked = append(notChecked, f)
		case f.File == "b.yaml":
			rules[f.RuleID] = true
		}
	}
	want := "the rules could not be evaluated on this document, so none of them was checked: a policy called regex.match with a pattern of 600 characters, over the limit of 500"
	if len(notChecked) != 1 || notChecked[0].RuleID != "ERS-SCHEMA-001" || notChecked[0].Line != 2 || !strings.HasPrefix(notChecked[0].Message, want) {
		t.Errorf("the document with the long pattern: %+v, want one ERS-SCHEMA-001 at line 2 starting %q", notChecked, want)
	}
	for _, id := range []string{"ERS-GOV-001", "ERS-LIVE-001", "ORG-RE-001"} {
		if !rules[id] {
			t.Errorf("the other document has no %s: %v", id, lines(rep))
		}
	}
}

// A custom rule that fails on a value of one document (a path index of 1.5
// taken from it, two values for one complete rule) took the whole run down,
// exit 2 and no report. It is one located finding for that document, and the
// other document is checked in full.
func TestRuleFailingOnADocumentIsAFinding(t *testing.T) {
	for name, body := range map[string]string{
		"path index": `deny contains {"msg": "x", "path": ["metadata", input.metadata.owner]} if input.metadata.owner`,
		"conflict":   "owner := input.metadata.owner\n\nowner := \"a\" if input.metadata.owner == 1.5\n\ndeny contains {\"msg\": owner, \"path\": []} if owner",
		"no message": `deny contains {"msg": input.metadata.owner, "path": []} if input.metadata.owner`,
	} {
		t.Run(name, func(t *testing.T) {
			src := policy.Source{Name: "org/fails.rego", Text: []byte(`# METADATA
# title: Fails on a value
# custom:
#   id: ORG-FAIL-001
#   severity: error
#   stage: planning
package erslint.rules.org.fails

` + body + "\n")}
			l := newLinter(t, Options{Policies: []policy.Source{src}})
			bad := strings.Replace(orgManifest("live", ""), "name: m\n", "name: m\n  owner: 1.5\n", 1)
			if bad == orgManifest("live", "") {
				t.Fatal("no owner added")
			}
			rep := lintSources(t, l, map[string]string{
				"a.yaml": bad,
				"b.yaml": strings.Replace(orgManifest("live", ""), "odsCode: RXX", "odsCode: RXY", 1),
			})
			var notChecked []finding.Finding
			rules := map[string]bool{}
			for _, f := range rep.Findings {
				switch {
				case f.File == "a.yaml" && strings.HasPrefix(f.Message, "the rules could not be evaluated"):
					notChecked = append(notChecked, f)
				case f.File == "b.yaml":
					rules[f.RuleID] = true
				}
			}
			if len(notChecked) != 1 || notChecked[0].RuleID != "ERS-SCHEMA-001" || notChecked[0].Line != 1 {
				t.Errorf("the failing document: %+v, want one ERS-SCHEMA-001 at line 1", notChecked)
			}
			for _, id := range []string{"ERS-GOV-001", "ERS-LIVE-001"} {
				if !rules[id] {
					t.Errorf("the other document has no %s: %v", id, lines(rep))
				}
			}
		})
	}
}

// The schema's dates, --as-of and the rules' message agree on the years: a
// date the schema accepts is one every rule can compute with.
func TestDateYearsAgreeWithTheSchema(t *testing.T) {
	var s struct {
		Defs struct {
			Date struct {
				Pattern string `json:"pattern"`
			} `json:"date"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(schema.ManifestV1, &s); err != nil {
		t.Fatal(err)
	}
	date := regexp.MustCompile(s.Defs.Date.Pattern)
	for year, want := range map[int]bool{MinYear - 1: false, MinYear: true, 2026: true, MaxYear: true, MaxYear + 1: false} {
		d := fmt.Sprintf("%04d-01-01", year)
		if date.MatchString(d) != want || (CheckAsOf(d) == nil) != want {
			t.Errorf("%s: schema accepts %v, --as-of accepts %v; want %v", d, date.MatchString(d), CheckAsOf(d) == nil, want)
		}
	}
	src, err := os.ReadFile(filepath.Join("..", "..", "policies", "lib", "lib.rego"))
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf(`date_range := "a date written YYYY-MM-DD in the years %d to %d"`, MinYear, MaxYear); !strings.Contains(string(src), want) {
		t.Errorf("policies/lib/lib.rego does not say %s", want)
	}
	for _, want := range []string{fmt.Sprintf(`first_date := "%d-01-01"`, MinYear), fmt.Sprintf(`last_date := "%d-12-31"`, MaxYear)} {
		if !strings.Contains(string(src), want) {
			t.Errorf("policies/lib/lib.rego does not say %s", want)
		}
	}
}
