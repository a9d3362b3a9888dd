package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// binary is erslint built once for the end-to-end tests, run as a user would.
var binary string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "erslint-e2e")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "erslint")
	// Every run of the tests, in process or of the binary, keeps its cache
	// here: never the user's, and never one left by another run.
	if err := os.Setenv("ERSLINT_CACHE_DIR", filepath.Join(dir, "cache")); err != nil {
		panic(err)
	}
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		panic("build erslint: " + err.Error())
	}
	kept.dir = filepath.Join(dir, "sarif")
	if err := os.Mkdir(kept.dir, 0o755); err != nil {
		panic(err)
	}
	code := m.Run()
	if code == 0 {
		code = validateKeptSARIF()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

// erslint runs the binary from the repo root with args and optional stdin.
func erslint(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	return runIn(t, "../..", stdin, args...)
}

// runIn runs the binary in dir as a user would, without colour or GitHub's summary.
func runIn(t *testing.T, dir, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(freshCacheEnv(t), "NO_COLOR=1", "GITHUB_STEP_SUMMARY=", "GITHUB_ACTIONS=")
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	keepSARIFFrom(t, dir, args, out.String())
	return result{out.String(), errb.String(), code}
}

const asOf = "--as-of=2026-11-24"

func TestExitStatus(t *testing.T) {
	compliant := []string{"examples/independent-sector-provider.yaml", "examples/nhs-trust.yaml", "examples/gp-practice.yaml"}
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"compliant examples pass", append([]string{"lint", asOf}, compliant...), 0, ""},
		{"examples with gaps fail", []string{"lint", asOf, "examples/"}, 1, ""},
		{"fail level none", []string{"lint", asOf, "--fail-level", "none", "examples/"}, 0, ""},
		{"warnings fail at fail level warning", []string{"lint", asOf, "--fail-level=warning", "testdata/cli/warning-only.yaml"}, 1, ""},
		{"warnings do not fail at fail level error", []string{"lint", asOf, "testdata/cli/warning-only.yaml"}, 0, ""},
		{"invalid YAML is a finding, not exit 2", []string{"lint", asOf, "testdata/report/syntax.yaml"}, 1, ""},
		{"no manifest found", []string{"lint", "cmd/"}, 2, "no manifest found"},
		{"unreadable path", []string{"lint", "does/not/exist.yaml"}, 2, "does/not/exist.yaml"},
		{"unknown flag", []string{"lint", "--nope", "examples/"}, 2, "unknown flag"},
		{"unknown format", []string{"lint", "--format", "xml", "examples/"}, 2, `unknown format "xml"`},
		{"bad as-of", []string{"lint", "--as-of", "24/11/2026", "examples/"}, 2, "YYYY-MM-DD"},
		{"bad fail level", []string{"lint", "--fail-level", "fatal", "examples/"}, 2, "fail level"},
		{"unknown rule to explain", []string{"explain", "ERS-NOPE-001"}, 2, "no rule ERS-NOPE-001"},
		{"unknown command", []string{"frobnicate"}, 2, "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := erslint(t, "", tt.args...)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tt.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("stderr %q does not mention %q", r.stderr, tt.stderr)
			}
		})
	}
}

// Every finding line names file:line:col (1-based), severity and rule.
var findingLine = regexp.MustCompile(`^[^:]+\.ya?ml:[1-9][0-9]*:[1-9][0-9]*: (error|warning|info) ERS-[A-Z]+-[0-9]{3} .+$`)

func TestTextReportOnExamples(t *testing.T) {
	r := erslint(t, "", "lint", asOf, "examples/")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	for _, l := range lines[:len(lines)-2] { // less the reference data line and the summary
		if !findingLine.MatchString(l) {
			t.Errorf("not a finding line: %q", l)
		}
	}
	checkGolden(t, "examples.txt", r.stdout)
	again := erslint(t, "", "lint", asOf, "--jobs=1", "examples/")
	if again.stdout != r.stdout {
		t.Error("a second run with --jobs=1 gave different bytes")
	}
}

func TestEveryRuleFiresOnTestdata(t *testing.T) {
	r := erslint(t, "", "lint", asOf, "--format=json", "testdata/rules")
	var rep struct {
		Findings []struct {
			RuleID string `json:"ruleId"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("json report: %v\n%s", err, r.stdout)
	}
	fired := map[string]bool{}
	for _, f := range rep.Findings {
		fired[f.RuleID] = true
	}
	// The ERS-REF rules need reference data (spec §8).
	ref := erslint(t, "", "lint", "--as-of=2026-12-01", "--format=json", "--reference-data=cmd/erslint/testdata/refdata/ods.json", "testdata/refdata/manifests")
	rep.Findings = nil
	if err := json.Unmarshal([]byte(ref.stdout), &rep); err != nil {
		t.Fatalf("json report: %v\n%s", err, ref.stdout)
	}
	for _, f := range rep.Findings {
		fired[f.RuleID] = true
	}
	rules := erslint(t, "", "rules", "--format=json")
	var catalogue []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(rules.stdout), &catalogue); err != nil {
		t.Fatal(err)
	}
	if len(catalogue) != 37 {
		t.Errorf("erslint rules lists %d rules, the spec has 37", len(catalogue))
	}
	for _, r := range catalogue {
		if !fired[r.ID] {
			t.Errorf("%s did not fire on testdata/rules", r.ID)
		}
	}
}

func TestStdinAndOutputFile(t *testing.T) {
	src, err := os.ReadFile("../../examples/gaps/community-clinic.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r := erslint(t, string(src), "lint", asOf, "-")
	if r.code != 1 || !strings.HasPrefix(r.stdout, "<stdin>:") {
		t.Errorf("stdin: exit %d, output %q", r.code, r.stdout)
	}
	out := filepath.Join(t.TempDir(), "report.sarif")
	r = erslint(t, "", "lint", asOf, "--format=sarif", "--output", out, "examples/")
	if r.code != 1 || r.stdout != "" {
		t.Errorf("--output: exit %d, stdout %q", r.code, r.stdout)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var sarif struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &sarif); err != nil {
		t.Fatal(err)
	}
	if sarif.Version != "2.1.0" || len(sarif.Runs) != 1 || len(sarif.Runs[0].Results) == 0 || sarif.Runs[0].Results[0].Locations[0].PhysicalLocation.Region.StartLine < 1 {
		t.Errorf("unexpected SARIF: %s", data)
	}
}

func TestWaivedFindingsStayInJSONButDoNotFail(t *testing.T) {
	src := `apiVersion: ers-onboarding/v1
kind: OnboardingManifest
metadata: {name: waived}
stage: planning
organisation: {name: W, type: gp-practice, newToErs: false}
access:
  url: other
  authentication: [cis2-security-key]
waivers:
  - rule: ERS-ACC-001
    path: access.url
    reason: moving to the internet-facing URL in December
    approvedBy: IT lead
    expires: "2026-12-31"
`
	r := erslint(t, src, "lint", asOf, "--format=json", "-")
	var rep struct {
		Summary struct {
			Errors     int `json:"errors"`
			Suppressed int `json:"suppressed"`
		} `json:"summary"`
		Findings []struct {
			RuleID     string `json:"ruleId"`
			Suppressed bool   `json:"suppressed"`
			Waiver     *struct {
				Reason string `json:"reason"`
			} `json:"waiver"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(rep.Findings, func(f struct {
		RuleID     string `json:"ruleId"`
		Suppressed bool   `json:"suppressed"`
		Waiver     *struct {
			Reason string `json:"reason"`
		} `json:"waiver"`
	}) bool {
		return f.RuleID == "ERS-ACC-001"
	})
	if i < 0 || !rep.Findings[i].Suppressed || rep.Findings[i].Waiver == nil || rep.Summary.Suppressed != 1 {
		t.Fatalf("waived finding not kept with its waiver: %s", r.stdout)
	}
	if r.code != 0 || rep.Summary.Errors != 0 {
		t.Errorf("exit %d with %d errors; a waived finding must not fail the run", r.code, rep.Summary.Errors)
	}
	text := erslint(t, src, "lint", asOf, "-")
	if strings.Contains(text.stdout, "ERS-ACC-001") || !strings.Contains(text.stdout, "1 finding waived") {
		t.Errorf("text report lists a waived finding or does not count it: %s", text.stdout)
	}
}

func TestRulesExplainSchemaVersion(t *testing.T) {
	rules := erslint(t, "", "rules")
	if rules.code != 0 || !strings.Contains(rules.stdout, "ERS-CON-002     error     pre-go-live  ") {
		t.Errorf("rules:\n%s", rules.stdout)
	}
	explain := erslint(t, "", "explain", "ers-con-002")
	for _, want := range []string{"ERS-CON-002: ", "Seed section: 1. Ensure there is a contract in place", "Why\n", "How to fix\n", "Example\n", "    contracts:"} {
		if !strings.Contains(explain.stdout, want) {
			t.Errorf("explain lacks %q:\n%s", want, explain.stdout)
		}
	}
	schema := erslint(t, "", "schema")
	var s map[string]any
	if err := json.Unmarshal([]byte(schema.stdout), &s); err != nil || s["$schema"] == nil {
		t.Errorf("schema is not a JSON Schema: %v", err)
	}
	if v := erslint(t, "", "version"); v.code != 0 || !strings.HasPrefix(v.stdout, "erslint ") {
		t.Errorf("version: %+v", v)
	}
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (go test ./cmd/erslint -update creates it): %v", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test ./cmd/erslint -update, then review the diff):\n%s", path, got)
	}
}

// freshCacheEnv is the environment with a cache of the run's own, empty: the
// binary then runs cold, as on a fresh machine, whatever other tests ran.
func freshCacheEnv(t *testing.T) []string {
	return append(os.Environ(), "ERSLINT_CACHE_DIR="+t.TempDir())
}
