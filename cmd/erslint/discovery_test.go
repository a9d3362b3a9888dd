package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/erslint/erslint/internal/reportschema"
)

const dockerCompose = `services:
  web:
    image: nginx:1.27
    ports: ["8080:80"]
volumes:
  data: {}
`

const workflow = `name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: go test ./...
`

// discoveryRepo is a repository of manifests as users have them: other YAML
// beside the manifests, and a manifest with a typo.
func discoveryRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"manifests/practice.yaml": readExample(t, "gp-practice.yaml"),
		// A misspelt apiVersion must not make a manifest vanish.
		"manifests/typo.yaml":     strings.Replace(readExample(t, "nhs-trust.yaml"), "apiVersion: ers-onboarding/v1", "apiVersion: ers-onbording/v1", 1),
		"docker-compose.yml":      dockerCompose,
		"ci/pipeline.yml":         workflow,
		".github/workflows/x.yml": workflow,
	})
	return dir
}

func TestWalkSkipsYAMLThatIsNoManifest(t *testing.T) {
	dir := discoveryRepo(t)
	r := erslintIn(t, dir, "lint", asOf, "--format=json", ".")
	var rep struct {
		Summary struct {
			Files, Skipped int
		}
		Findings []struct {
			File, RuleID, Message string
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("exit %d: %v\n%s\n%s", r.code, err, r.stdout, r.stderr)
	}
	if err := reportschema.Report([]byte(r.stdout)); err != nil {
		t.Errorf("the report with skipped files does not match schema/report.schema.json: %v", err)
	}
	if rep.Summary.Files != 2 || rep.Summary.Skipped != 2 {
		t.Errorf("summary: %d files linted, %d skipped; want 2 and 2 (docker-compose.yml, ci/pipeline.yml)", rep.Summary.Files, rep.Summary.Skipped)
	}
	typo := false
	for _, f := range rep.Findings {
		if f.File == "docker-compose.yml" || f.File == "ci/pipeline.yml" {
			t.Errorf("a finding for YAML that is no manifest: %+v", f)
		}
		if f.File == "manifests/typo.yaml" && f.RuleID == "ERS-SCHEMA-001" && strings.Contains(f.Message, "ers-onbording/v1") {
			typo = true
		}
	}
	if !typo || r.code != 1 {
		t.Errorf("the misspelt manifest was not reported (exit %d)", r.code)
	}

	text := erslintIn(t, dir, "lint", asOf, ".")
	if !strings.HasSuffix(text.stdout, "in 2 files (2 documents); 2 YAML files skipped (no manifest in them)\n") {
		t.Errorf("the text summary does not count the skipped files:\n%s", text.stdout)
	}

	// Named on the command line, a file is linted whatever it holds.
	named := erslintIn(t, dir, "lint", asOf, "docker-compose.yml")
	if named.code != 1 || !strings.Contains(named.stdout, "docker-compose.yml:5:1: error ERS-SCHEMA-001 unknown key \"volumes\"") {
		t.Errorf("a named docker-compose.yml is not linted: exit %d\n%s", named.code, named.stdout)
	}

	// --force-exclude (the pre-commit hooks): named files are treated as walked ones.
	hook := erslintIn(t, dir, "lint", asOf, "--force-exclude", "docker-compose.yml", "manifests/typo.yaml", "manifests/practice.yaml")
	if hook.code != 1 || strings.Contains(hook.stdout, "docker-compose.yml") || !strings.Contains(hook.stdout, "manifests/typo.yaml") ||
		!strings.HasSuffix(hook.stdout, "in 2 files (2 documents); 1 YAML file skipped (no manifest in it)\n") {
		t.Errorf("--force-exclude: exit %d\n%s", hook.code, hook.stdout)
	}

	// A pre-commit run on changes to other YAML only passes.
	if r := erslintIn(t, dir, "lint", "--force-exclude", "docker-compose.yml"); r.code != 0 || !strings.Contains(r.stderr, "nothing to lint") {
		t.Errorf("--force-exclude on other YAML only: exit %d %q", r.code, r.stderr)
	}

	// Nothing but other YAML: no manifest found, naming the path and the count.
	only := erslintIn(t, dir, "lint", "ci")
	if only.code != 2 || !strings.Contains(only.stderr, "no manifest found in ci (") || !strings.Contains(only.stderr, "1 skipped, as no manifest is in them") {
		t.Errorf("lint ci: exit %d, stderr %q", only.code, only.stderr)
	}
}

func TestExclude(t *testing.T) {
	dir := discoveryRepo(t)
	writeFiles(t, dir, map[string]string{
		"manifests/drafts/old.yaml": readExample(t, "gp-practice.yaml"),
		"manifests/drafts/new.yaml": readExample(t, "gp-practice.yaml"),
	})
	files := func(r result) []string {
		t.Helper()
		var rep struct{ Findings []struct{ File string } }
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatalf("exit %d: %v\n%s", r.code, err, r.stderr)
		}
		seen := map[string]bool{}
		var out []string
		for _, f := range rep.Findings {
			if !seen[f.File] {
				seen[f.File] = true
				out = append(out, f.File)
			}
		}
		return out
	}
	// Two copies of one manifest clash (ERS-REPO-*): excluding one leaves the other clean.
	before := files(erslintIn(t, dir, "lint", asOf, "--format=json", "manifests"))
	if !slicesContain(before, "manifests/drafts/old.yaml") {
		t.Fatalf("the duplicate manifests are not reported: %v", before)
	}
	after := files(erslintIn(t, dir, "lint", asOf, "--format=json", "--exclude", "drafts", "--exclude", "typo.yaml", "manifests"))
	if slicesContain(after, "manifests/drafts/old.yaml") || slicesContain(after, "manifests/typo.yaml") {
		t.Errorf("--exclude drafts --exclude typo.yaml still reports %v", after)
	}
	// The configuration's globs are relative to its file, wherever erslint runs.
	writeFiles(t, dir, map[string]string{".erslint.yml": "exclude:\n  - manifests/drafts/**\n  - \"**/typo.yaml\"\n"})
	r := erslintIn(t, filepath.Join(dir, "manifests"), "lint", asOf, "--format=json", ".")
	if got := files(r); len(got) != 0 || r.code != 0 {
		t.Errorf("exclude in .erslint.yml: exit %d, findings in %v", r.code, got)
	}
	// A file named on the command line is linted, excluded or not.
	if r := erslintIn(t, dir, "lint", asOf, "manifests/typo.yaml"); r.code != 1 {
		t.Errorf("a named, excluded file: exit %d, want 1", r.code)
	}
	// Everything excluded: no manifest found, saying so.
	if r := erslintIn(t, dir, "lint", "--exclude", "*.yaml", "manifests"); r.code != 2 || !strings.Contains(r.stderr, "no manifest found in manifests (") || !strings.Contains(r.stderr, "excluded by the exclude globs") {
		t.Errorf("all excluded: exit %d, %q", r.code, r.stderr)
	}
	if r := erslintIn(t, dir, "lint", "--exclude", "a/[b", "manifests"); r.code != 2 || !strings.Contains(r.stderr, "--exclude") {
		t.Errorf("a malformed glob: exit %d, %q", r.code, r.stderr)
	}
}

func slicesContain(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// .erslint.yml is found as .erslint.yaml is; both in one directory is an error.
func TestConfigFileNames(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"m.yaml":       readExample(t, "gp-practice.yaml"),
		".erslint.yml": "rules:\n  ERS-GOV-002: {enabled: false}\nfailLevel: warning\n",
	})
	rules := erslintIn(t, dir, "rules")
	if !regexp.MustCompile(`(?m)^ERS-GOV-002 +error +pre-go-live +off `).MatchString(rules.stdout) {
		t.Errorf("rules does not show .erslint.yml's override of ERS-GOV-002:\n%s", rules.stdout)
	}
	// Without the configuration the old DSPT (published 2025) is an error.
	if r := erslintIn(t, dir, "lint", "--as-of=2027-12-01", "m.yaml"); r.code != 0 || strings.Contains(r.stdout, "ERS-GOV-002") {
		t.Errorf(".erslint.yml was not read: exit %d\n%s", r.code, r.stdout)
	}
	writeFiles(t, dir, map[string]string{".erslint.yaml": "failLevel: error\n"})
	r := erslintIn(t, dir, "lint", "m.yaml")
	if r.code != 2 || !strings.Contains(r.stderr, "both .erslint.yaml and .erslint.yml") {
		t.Errorf("both files: exit %d, %q", r.code, r.stderr)
	}
	if r := erslintIn(t, dir, "lint", "--config", ".erslint.yml", asOf, "m.yaml"); r.code != 0 {
		t.Errorf("--config chooses between them: exit %d, %q", r.code, r.stderr)
	}
}

func TestRulesShowsOverridesAsJSON(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{".erslint.yaml": "rules:\n  ERS-LIVE-005: {severity: error}\n"})
	var rules []struct {
		ID         string
		Severity   string
		Configured *struct {
			Enabled  bool
			Severity string
		}
	}
	r := erslintIn(t, dir, "rules", "--format=json")
	if err := json.Unmarshal([]byte(r.stdout), &rules); err != nil {
		t.Fatal(err)
	}
	for _, rule := range rules {
		switch {
		case rule.ID == "ERS-LIVE-005":
			if rule.Severity != "info" || rule.Configured == nil || !rule.Configured.Enabled || rule.Configured.Severity != "error" {
				t.Errorf("ERS-LIVE-005: %+v %+v", rule, rule.Configured)
			}
		case rule.Configured != nil:
			t.Errorf("%s: configured, but the configuration does not name it", rule.ID)
		}
	}
}

func TestExplainWithoutIDListsTheRules(t *testing.T) {
	r := erslint(t, "", "explain")
	if r.code != 0 {
		t.Fatalf("exit %d %s", r.code, r.stderr)
	}
	list := erslint(t, "", "rules", "--format=json")
	var rules []struct{ ID, Title string }
	if err := json.Unmarshal([]byte(list.stdout), &rules); err != nil {
		t.Fatal(err)
	}
	for _, rule := range rules {
		if !regexp.MustCompile(`(?m)^  ` + rule.ID + ` +` + regexp.QuoteMeta(rule.Title) + `$`).MatchString(r.stdout) {
			t.Errorf("explain does not list %s", rule.ID)
		}
	}
}

func TestHelpListsExitStatus(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"lint", "--help"}} {
		r := erslint(t, "", args...)
		for _, want := range []string{"Exit status:", "  0  no finding", "  1  at least one finding", "  2  erslint could not do its job"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("%v lacks %q", args, want)
			}
		}
	}
}

func TestColorAndQuiet(t *testing.T) {
	run := func(env []string, args ...string) result {
		t.Helper()
		cmd := exec.Command(binary, args...)
		cmd.Dir = "../.."
		cmd.Env = append(append(cleanEnv(), "ERSLINT_CACHE_DIR="+t.TempDir()), env...)
		var out, errb strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		return result{out.String(), errb.String(), code}
	}
	gaps := "examples/gaps/community-clinic.yaml"
	const esc = "\x1b["
	tests := []struct {
		name  string
		env   []string
		args  []string
		color bool
	}{
		{"auto, not a terminal", nil, nil, false},
		{"always", nil, []string{"--color=always"}, true},
		{"always beats NO_COLOR", []string{"NO_COLOR=1"}, []string{"--color", "always"}, true},
		{"never", nil, []string{"--color=never"}, false},
		{"--no-color", nil, []string{"--no-color"}, false},
	}
	for _, tt := range tests {
		r := run(tt.env, append(append([]string{"lint", asOf}, tt.args...), gaps)...)
		if r.code != 1 || strings.Contains(r.stdout, esc) != tt.color {
			t.Errorf("%s: exit %d, coloured %v, want %v", tt.name, r.code, strings.Contains(r.stdout, esc), tt.color)
		}
	}
	if r := run(nil, "lint", "--color=always", "--no-color", gaps); r.code != 2 {
		t.Errorf("--color=always --no-color: exit %d, want 2", r.code)
	}
	if r := run(nil, "lint", "--color=rainbow", gaps); r.code != 2 || !strings.Contains(r.stderr, "auto, always or never") {
		t.Errorf("--color=rainbow: exit %d %q", r.code, r.stderr)
	}

	loud := run(nil, "lint", asOf, gaps)
	quiet := run(nil, "lint", asOf, "--quiet", gaps)
	lines := strings.Split(strings.TrimSuffix(loud.stdout, "\n"), "\n")
	if quiet.code != 1 || quiet.stdout != strings.Join(lines[:len(lines)-2], "\n")+"\n" || quiet.stderr != "" {
		t.Errorf("--quiet should print the findings without the summary line: exit %d\n%s\nstderr %q", quiet.code, quiet.stdout, quiet.stderr)
	}
	if r := run(nil, "lint", asOf, "-q", "examples/gp-practice.yaml"); r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Errorf("-q on a clean manifest prints %q %q", r.stdout, r.stderr)
	}
}

// cleanEnv is the environment without what changes erslint's output: NO_COLOR,
// CI, GitHub's step summary.
func cleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "NO_COLOR", "CI", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY":
			continue
		}
		out = append(out, kv)
	}
	return out
}

// TestColorPerOutput: with several reports, auto colours only the text report
// on standard output (a terminal); always colours every text report, a file's
// too; never none.
func TestColorPerOutput(t *testing.T) {
	tests := []struct {
		mode         colorMode
		stdout, file bool
	}{
		{colorMode{auto: true}, true, false},
		{colorMode{always: true}, true, true},
		{colorMode{}, false, false},
	}
	for _, tt := range tests {
		if got := tt.mode.on(""); got != tt.stdout {
			t.Errorf("%+v on standard output: %v, want %v", tt.mode, got, tt.stdout)
		}
		if got := tt.mode.on("report.txt"); got != tt.file {
			t.Errorf("%+v on a file: %v, want %v", tt.mode, got, tt.file)
		}
	}
}
