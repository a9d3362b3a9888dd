package main

import (
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/erslint/erslint/internal/testtools"
)

// junitReport is what a CI test reporter reads of erslint's JUnit output.
type junitReport struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Suites   []struct {
		Name  string `xml:"name,attr"`
		Cases []struct {
			Name      string    `xml:"name,attr"`
			File      string    `xml:"file,attr"`
			Line      int       `xml:"line,attr"`
			Failure   *struct{} `xml:"failure"`
			SystemOut string    `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

// TestJUnitGreenJobNoRedTests: a run that passes (exit 0) shows no failed test
// case, and every case names the file and line a reporter annotates.
func TestJUnitGreenJobNoRedTests(t *testing.T) {
	for _, tt := range []struct {
		name      string
		args      []string
		code      int
		failures  int
		warnCases bool
	}{
		{"warnings below the fail level pass", []string{"testdata/cli/warning-only.yaml"}, 0, 0, true},
		{"warnings at the fail level fail", []string{"--fail-level=warning", "testdata/cli/warning-only.yaml"}, 1, 1, true},
		{"errors fail", []string{"examples/gaps/"}, 1, -1, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := erslint(t, "", append([]string{"lint", asOf, "--format=junit"}, tt.args...)...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\n%s", r.code, tt.code, r.stderr)
			}
			var doc junitReport
			if err := xml.Unmarshal([]byte(r.stdout), &doc); err != nil {
				t.Fatalf("not XML: %v\n%s", err, r.stdout)
			}
			if (r.code == 0) != (doc.Failures == 0) || (tt.failures >= 0 && doc.Failures != tt.failures) {
				t.Errorf("exit %d with %d failed test cases (want %d)", r.code, doc.Failures, tt.failures)
			}
			for _, s := range doc.Suites {
				for _, c := range s.Cases {
					if c.File != s.Name || c.Line < 1 && c.Name != "all rules pass" {
						t.Errorf("case %q: file %q line %d; want the file %s and a line", c.Name, c.File, c.Line, s.Name)
					}
					if c.Failure == nil && strings.HasPrefix(c.Name, "ERS-LIVE-002") && !strings.Contains(c.SystemOut, " ERS-LIVE-002 ") {
						t.Errorf("passing case %q does not list its finding: %q", c.Name, c.SystemOut)
					}
				}
			}
		})
	}
}

// generateManifests writes n manifests with the benchmark corpus generator
// (bench/gen-manifests.py, python3) and returns their directory.
func generateManifests(t *testing.T, n int) string {
	t.Helper()
	gen := "../../bench/gen-manifests.py"
	python := testtools.Find(t, "python3", "apt-get install python3")
	dir := filepath.Join(t.TempDir(), "manifests")
	if out, err := exec.Command(python, gen, dir, "-n", strconv.Itoa(n), "--seed", "7").CombinedOutput(); err != nil {
		t.Fatalf("gen-manifests.py: %v\n%s", err, out)
	}
	return dir
}

// runEnv runs the binary in dir with extra environment variables.
func runEnv(t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(append(freshCacheEnv(t), "NO_COLOR=1", "GITHUB_STEP_SUMMARY=", "GITHUB_ACTIONS="), env...)
	var out, errb strings.Builder
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

// TestGitHubFormatAtScale runs the github format on a few hundred generated
// manifests as GitHub Actions would: at most 10 annotations of each level,
// errors first; a step summary under GitHub's 65,536-character limit that says
// how many annotations were left out and links locations to the commit.
func TestGitHubFormatAtScale(t *testing.T) {
	corpus := generateManifests(t, 300)
	repo := filepath.Dir(corpus)
	summary := filepath.Join(t.TempDir(), "summary.md")
	r := runEnv(t, repo, []string{"GITHUB_ACTIONS=true", "GITHUB_STEP_SUMMARY=" + summary, "GITHUB_SERVER_URL=https://github.com",
		"GITHUB_REPOSITORY=nhs-example/manifests", "GITHUB_SHA=0123456789abcdef0123456789abcdef01234567"},
		"lint", asOf, "--format=github", "manifests")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s", r.code, r.stderr)
	}
	counts := map[string]int{}
	last := ""
	for _, l := range strings.Split(r.stdout, "\n") {
		if !strings.HasPrefix(l, "::") {
			continue
		}
		level := l[2:strings.IndexByte(l, ' ')]
		if last == "warning" && level == "error" || last == "notice" && level != "notice" {
			t.Errorf("a %s annotation after a %s one: the most severe come first", level, last)
		}
		last = level
		counts[level]++
	}
	if counts["error"] != 10 || counts["warning"] > 10 || counts["notice"] > 10 {
		t.Errorf("annotations per level %v; GitHub shows at most 10 of each", counts)
	}
	data, err := os.ReadFile(summary)
	if err != nil {
		t.Fatal(err)
	}
	md := string(data)
	if n := utf8.RuneCountInString(md); n >= 65536 {
		t.Errorf("the step summary has %d characters, over GitHub's limit", n)
	}
	for _, want := range []string{
		"GitHub shows 10 annotations of each level per step: ",
		"](https://github.com/nhs-example/manifests/blob/0123456789abcdef0123456789abcdef01234567/manifests/",
		"### ✅ No errors or warnings (",
		"> ✂️ Cut to stay within GitHub's limit of 65,536 characters",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the step summary lacks %q", want)
		}
	}
	t.Logf("300 manifests: annotations %v, step summary %d bytes", counts, len(data))
}

// TestSeveralOutputsFromOneRun: --format FORMAT=PATH, repeated, writes each
// report from one run; a bare FORMAT goes to standard output (or --output).
func TestSeveralOutputsFromOneRun(t *testing.T) {
	dir := t.TempDir()
	sarif, junit, md := filepath.Join(dir, "erslint.sarif"), filepath.Join(dir, "out", "erslint.xml"), filepath.Join(dir, "report.md")
	r := erslint(t, "", "lint", asOf, "--format", "sarif="+sarif, "--format=junit="+junit, "--format", "text", "examples/gaps/")
	if r.code != 1 || !strings.HasPrefix(r.stdout, "examples/gaps/community-clinic.yaml:") {
		t.Fatalf("exit %d, stdout %.200q, stderr %q", r.code, r.stdout, r.stderr)
	}
	for _, p := range []string{sarif, junit} {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), "community-clinic.yaml") {
			t.Errorf("%s does not report the findings: %.200s", p, data)
		}
	}
	if data, _ := os.ReadFile(junit); !strings.HasPrefix(string(data), "<?xml") {
		t.Errorf("the JUnit report is not XML: %.100s", data)
	}

	// The old form still works, beside a FORMAT=PATH.
	r = erslint(t, "", "lint", asOf, "--format", "markdown", "--output", md, "--format", "sarif="+sarif, "examples/gaps/")
	if data, err := os.ReadFile(md); r.code != 1 || r.stdout != "" || err != nil || !strings.HasPrefix(string(data), "## erslint") {
		t.Errorf("--format markdown --output: exit %d, stdout %q, file %.60q (%v)", r.code, r.stdout, data, err)
	}

	for _, tt := range []struct {
		name   string
		args   []string
		stderr string
	}{
		{"two reports to standard output", []string{"--format", "text", "--format", "json"}, "2 reports would go to standard output"},
		{"two reports to standard output with -", []string{"--format", "text", "--format", "json=-"}, "2 reports would go to standard output"},
		{"two reports to one file", []string{"--format", "json=" + md, "--format", "sarif=" + md}, "is already the file of the json report"},
		{"--output with every format in a file", []string{"--format", "json=" + sarif, "--output", md}, "--output is for a --format without one"},
		{"an empty path", []string{"--format", "sarif="}, "no file after ="},
		{"an unknown format", []string{"--format", "xml=" + md}, `unknown format "xml"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := erslint(t, "", append(append([]string{"lint", asOf}, tt.args...), "examples/gaps/")...)
			if r.code != 2 || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", r.code, r.stderr, tt.stderr)
			}
		})
	}
}
