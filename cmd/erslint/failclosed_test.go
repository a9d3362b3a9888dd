package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAsOfEmptyIsRefused: --as-of "" is a script's unset variable, not today:
// every command with --as-of refuses it, exit 2, saying the date is empty.
func TestAsOfEmptyIsRefused(t *testing.T) {
	for _, args := range [][]string{
		{"lint", "--as-of", "", "examples/nhs-trust.yaml"},
		{"lint", "--as-of=", "examples/nhs-trust.yaml"},
		{"forecast", "--as-of", "", "examples/nhs-trust.yaml"},
		{"forecast", "--as-of=", "examples/nhs-trust.yaml"},
	} {
		r := erslint(t, "", args...)
		if r.code != 2 || !strings.Contains(r.stderr, "--as-of") || !strings.Contains(r.stderr, "the date is empty") || r.stdout != "" {
			t.Errorf("erslint %q: exit %d, want 2 saying the date is empty\nstdout:\n%s\nstderr:\n%s", args, r.code, r.stdout, r.stderr)
		}
	}
}

// TestSyntaxErrorInSecondDocumentReport: in the JSON report the valid first
// organisation of a file is ready and the one with the syntax error blocked.
func TestSyntaxErrorInSecondDocumentReport(t *testing.T) {
	src, err := os.ReadFile("../../examples/gp-practice.yaml")
	if err != nil {
		t.Fatal(err)
	}
	second := strings.NewReplacer("example-medical-practice", "other-practice", "A83008", "A83009", "network: internet", "network: [internet").Replace(string(src))
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"two.yaml": string(src) + "---\n" + second})
	r := runIn(t, dir, "", "lint", asOf, "--format", "json", "two.yaml")
	var rep struct {
		Organisations []struct {
			Document int
			Verdict  string
		}
		Findings []struct{ Document int }
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("exit %d: %v\n%s", r.code, err, r.stderr)
	}
	if r.code != 1 || len(rep.Organisations) != 2 || rep.Organisations[0].Verdict != "ready" || rep.Organisations[1].Verdict != "blocked" ||
		len(rep.Findings) != 1 || rep.Findings[0].Document != 1 {
		t.Errorf("exit %d, organisations %+v, findings %+v; want the first ready, the second blocked by its syntax error", r.code, rep.Organisations, rep.Findings)
	}
}

// TestContextHonoursExcludeGlobs: a manifest that `lint .` leaves out by an
// exclude glob does not decide `lint a/org.yaml` (pre-commit) either: the
// context files are left out by the same globs, now and at a revision.
func TestContextHonoursExcludeGlobs(t *testing.T) {
	repo := gitRepo(t)
	copyFile(t, "../../examples/gp-practice.yaml", filepath.Join(repo, "manifests", "practice.yaml"))
	copyFile(t, "../../examples/gp-practice.yaml", filepath.Join(repo, "archive", "practice-2019.yaml"))
	copyFile(t, "../../examples/gp-practice.yaml", filepath.Join(repo, "drafts", "practice-draft.yaml"))
	writeFiles(t, repo, map[string]string{".erslint.yaml": "exclude:\n  - archive/**\n"})
	git(t, repo, "add", "-A")
	git(t, repo, "commit", "-q", "-m", "manifests")
	for _, args := range [][]string{
		{"--exclude", "drafts", "."},
		{"--exclude", "drafts", "manifests/practice.yaml"},
		{"--exclude", "drafts", "--force-exclude", "manifests/practice.yaml"},
		{"--exclude", "drafts", "--new-from-rev", "HEAD", "manifests/practice.yaml"},
	} {
		r := runIn(t, repo, "", append([]string{"lint", asOf}, args...)...)
		if r.code != 0 || strings.Contains(r.stdout, "ERS-REPO") {
			t.Errorf("lint %q: exit %d, want 0 with no clash with an excluded manifest\n%s%s", args, r.code, r.stdout, r.stderr)
		}
	}
	// Without --exclude drafts, the draft clashes, whichever way the file is named.
	for _, args := range [][]string{{"."}, {"manifests/practice.yaml"}} {
		if r := runIn(t, repo, "", append([]string{"lint", asOf}, args...)...); r.code != 1 || !strings.Contains(r.stdout, "drafts/practice-draft.yaml") {
			t.Errorf("lint %q: exit %d, want 1 with the draft's clash\n%s%s", args, r.code, r.stdout, r.stderr)
		}
	}
}

// TestOwnReportsAreNotLinted: a report erslint wrote among the manifests, in
// any format that carries its mark, is skipped with a note on the next run,
// whether walked or named, and a manifest beside it is linted as before.
func TestOwnReportsAreNotLinted(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, "../../examples/gp-practice.yaml", filepath.Join(dir, "m", "gp.yaml"))
	reports := map[string][]string{
		"report-json.yaml":      {"lint", asOf, "--format", "json", "--fail-level", "none", "m"},
		"report-sarif.yaml":     {"lint", asOf, "--format", "sarif", "--fail-level", "none", "m"},
		"report-junit.yaml":     {"lint", asOf, "--format", "junit", "--fail-level", "none", "m"},
		"report-html.yaml":      {"lint", asOf, "--format", "html", "--fail-level", "none", "m"},
		"report-markdown.yml":   {"lint", asOf, "--format", "markdown", "--fail-level", "none", "m"},
		"forecast-json.yaml":    {"forecast", asOf, "--format", "json", "--fail-level", "none", "m"},
		"forecast-markdown.yml": {"forecast", asOf, "--format", "markdown", "--fail-level", "none", "m"},
	}
	for name, args := range reports {
		r := runIn(t, dir, "", args...)
		if r.code != 0 {
			t.Fatalf("erslint %q: exit %d\n%s", args, r.code, r.stderr)
		}
		writeFiles(t, filepath.Join(dir, "m"), map[string]string{name: r.stdout})
	}
	r := runIn(t, dir, "", "lint", asOf, "m")
	if r.code != 0 || r.stdout != noRefData+"no findings in 1 file (1 document); 7 YAML files skipped (erslint reports, not manifests)\n" {
		t.Errorf("lint m: exit %d, want 0 with the reports skipped\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runIn(t, dir, "", "lint", asOf, "m/gp.yaml", "m/report-json.yaml")
	if r.code != 0 || !strings.Contains(r.stdout, "no findings in 1 file (1 document); 1 YAML file skipped (an erslint report, not a manifest)") {
		t.Errorf("a report named: exit %d, want 0 with it skipped\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runIn(t, dir, "", "lint", asOf, "m/report-sarif.yaml")
	if r.code != 2 || !strings.Contains(r.stderr, "1 skipped as erslint reports, which are never linted") {
		t.Errorf("a report alone: exit %d, want 2 saying it is a report\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestReportPathMessagesNameTheOption: a report file refused names the option
// the user wrote (--format FORMAT=PATH, not --output), and a report written to
// /dev/stdout beside another on standard output is refused, not overwritten.
func TestReportPathMessagesNameTheOption(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile("../../examples/nhs-trust.yaml")
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{"m/a.yaml": string(good)})
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"an input", []string{"--format", "sarif=m/a.yaml", "m"}, "--format sarif=m/a.yaml is the input m/a.yaml: the report would overwrite it"},
		{"a directory", []string{"--format", "json=m", "m"}, "--format json=m is a directory; name the report file"},
		{"the old form", []string{"--format", "json", "--output", "m/a.yaml", "m"}, "--output m/a.yaml is the input m/a.yaml"},
		{"/dev/stdout beside standard output", []string{"--format", "text", "--format", "json=/dev/stdout", "m"},
			"--format json=/dev/stdout: /dev/stdout is standard output, where another report goes"},
		{"/dev/stdout beside --output -", []string{"--format", "sarif=/dev/stdout", "--format", "json=-", "m"}, "is standard output, where another report goes"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := runIn(t, dir, "", append([]string{"lint", asOf}, tt.args...)...)
			if r.code != 2 || !strings.Contains(r.stderr, tt.want) || r.stdout != "" {
				t.Errorf("exit %d, stdout %.200q, stderr %q; want exit 2 and %q", r.code, r.stdout, r.stderr, tt.want)
			}
		})
	}
	// One report to /dev/stdout alone is the user's choice.
	if r := runIn(t, dir, "", "lint", asOf, "--format", "json=/dev/stdout", "m"); r.code != 0 || !strings.HasPrefix(r.stdout, "{") {
		t.Errorf("json=/dev/stdout alone: exit %d, stdout %.100q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "m", "a.yaml")); string(data) != string(good) {
		t.Error("the input was overwritten")
	}
}
