package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/erslint/erslint/internal/testtools"
)

// Every SARIF report the end-to-end tests write (to standard output or to a
// file named on the command line) is kept, and TestMain validates them all with
// the SARIF multitool once the tests have run: zero errors, or the run fails.

const sarifInstall = testtools.SARIFInstall

var kept struct {
	sync.Mutex
	dir   string
	files []string
}

// sarifSchemaLine marks erslint's SARIF output.
const sarifSchemaLine = `"$schema": "https://json.schemastore.org/sarif-2.1.0.json"`

func isSARIF(data []byte) bool {
	return bytes.HasPrefix(data, []byte("{")) && bytes.Contains(data[:min(len(data), 200)], []byte(sarifSchemaLine))
}

// keepSARIFFrom keeps a run's SARIF: its standard output, and any file named by
// an argument (or the PATH of FORMAT=PATH) that holds SARIF.
func keepSARIFFrom(t *testing.T, dir string, args []string, stdout string) {
	t.Helper()
	if isSARIF([]byte(stdout)) {
		keepSARIF(t, []byte(stdout))
	}
	for _, a := range args {
		// The argument itself, and what follows each = in it (--format=sarif=PATH).
		candidates := []string{a}
		for i := range len(a) {
			if a[i] == '=' {
				candidates = append(candidates, a[i+1:])
			}
		}
		for _, p := range candidates {
			if p == "" || strings.HasPrefix(p, "-") {
				continue
			}
			if !filepath.IsAbs(p) {
				p = filepath.Join(dir, p)
			}
			if fi, err := os.Stat(p); err != nil || !fi.Mode().IsRegular() || fi.Size() > 64<<20 {
				continue
			}
			if data, err := os.ReadFile(p); err == nil && isSARIF(data) {
				keepSARIF(t, data)
			}
		}
	}
}

func keepSARIF(t *testing.T, data []byte) {
	t.Helper()
	kept.Lock()
	defer kept.Unlock()
	if kept.dir == "" {
		return // not under TestMain
	}
	p := filepath.Join(kept.dir, fmt.Sprintf("%04d-%s.sarif", len(kept.files), strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())))
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	kept.files = append(kept.files, p)
}

// validateKeptSARIF is TestMain's last step: 0 when every kept report passes
// the multitool with no error and no warning.
func validateKeptSARIF() int {
	kept.Lock()
	defer kept.Unlock()
	if len(kept.files) == 0 {
		return 0
	}
	tool, ok := testtools.LookPath("sarif-multitool")
	if !ok {
		if os.Getenv("CI") != "" {
			fmt.Fprintf(os.Stderr, "FAIL: CI: sarif-multitool is not installed (%s)\n", sarifInstall)
			return 1
		}
		fmt.Printf("skipped: validating %d SARIF reports: sarif-multitool is not installed (%s)\n", len(kept.files), sarifInstall)
		return 0
	}
	problems, err := testtools.ValidateSARIF(tool, kept.files)
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: %v\n", err)
		return 1
	}
	if len(problems) > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: sarif-multitool validate found %d problems in the SARIF the tests wrote:\n", len(problems))
		for _, p := range problems {
			fmt.Fprintf(os.Stderr, "  %s %s %s: %s\n", p.File, p.Level, p.Rule, p.Message)
		}
		return 1
	}
	if testing.Verbose() {
		fmt.Printf("sarif-multitool validate: %d SARIF reports the tests wrote, no error or warning\n", len(kept.files))
	}
	return 0
}

// TestSARIFForCodeScanning lints a git repository's manifests named by absolute
// paths, from a subdirectory, as a CI job might: every URI is relative to the
// repository's top level (uriBaseId %SRCROOT%, resolved by originalUriBaseIds),
// and the multitool finds nothing to object to.
func TestSARIFForCodeScanning(t *testing.T) {
	tool := testtools.Find(t, "sarif-multitool", sarifInstall)
	repo := gitRepo(t)
	copyFile(t, "../../examples/gaps/community-clinic.yaml", filepath.Join(repo, "manifests", "odd #1%", "clinic.yaml"))
	copyFile(t, "../../examples/gp-practice.yaml", filepath.Join(repo, "manifests", "gp.yaml"))
	if err := os.MkdirAll(filepath.Join(repo, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "erslint.sarif")
	r := runIn(t, filepath.Join(repo, "sub"), "", "lint", asOf, "--format=sarif", "--output", out, filepath.Join(repo, "manifests"))
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s", r.code, r.stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Version string `json:"version"`
				} `json:"driver"`
			} `json:"tool"`
			Bases   map[string]struct{ URI string } `json:"originalUriBaseIds"`
			Results []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI       string `json:"uri"`
							URIBaseID string `json:"uriBaseId"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("not SARIF with one run (%v)", err)
	}
	run := log.Runs[0]
	top, err := filepath.EvalSymlinks(repo)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := run.Bases["%SRCROOT%"].URI, "file://"+filepath.ToSlash(top)+"/"; got != want {
		t.Errorf("originalUriBaseIds %%SRCROOT%% is %q, want the repository's top level %q", got, want)
	}
	if v := run.Tool.Driver.Version; v == "" || v[0] < '0' || v[0] > '9' {
		t.Errorf("tool.driver.version %q does not start with a number", v)
	}
	if len(run.Results) == 0 {
		t.Fatal("no results")
	}
	for _, res := range run.Results {
		a := res.Locations[0].PhysicalLocation.ArtifactLocation
		if a.URI != "manifests/odd%20%231%25/clinic.yaml" || a.URIBaseID != "%SRCROOT%" {
			t.Errorf("artifactLocation %+v, want manifests/odd%%20%%231%%25/clinic.yaml relative to %%SRCROOT%%", a)
		}
	}
	problems, err := testtools.ValidateSARIF(tool, []string{out})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("sarif-multitool: %s %s: %s", p.Level, p.Rule, p.Message)
	}
}

// TestMultitoolCatchesAbsolutePaths shows the validation above can fail: the
// SARIF erslint wrote before, an absolute path as a relative reference, is an
// error (SARIF1004) to the multitool.
func TestMultitoolCatchesAbsolutePaths(t *testing.T) {
	tool := testtools.Find(t, "sarif-multitool", sarifInstall)
	bad := filepath.Join(t.TempDir(), "bad.sarif")
	doc := `{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [{
  "tool": {"driver": {"name": "erslint", "version": "1.0.0", "informationUri": "https://github.com/erslint/erslint",
    "rules": [{"id": "ERS-ACC-001", "shortDescription": {"text": "Access."}, "fullDescription": {"text": "Access."}, "helpUri": "https://github.com/erslint/erslint"}]}},
  "results": [{"ruleId": "ERS-ACC-001", "ruleIndex": 0, "level": "error", "message": {"text": "Access."},
    "locations": [{"physicalLocation": {"artifactLocation": {"uri": "/home/runner/work/m/m/a.yaml"}, "region": {"startLine": 1, "startColumn": 1}}}]}]}]}`
	if err := os.WriteFile(bad, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	problems, err := testtools.ValidateSARIF(tool, []string{bad})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range problems {
		found = found || (p.Rule == "SARIF1004" && p.Level == "error")
	}
	if !found {
		t.Errorf("the multitool did not report SARIF1004 for an absolute path; it found %+v", problems)
	}
}

// gitRepo is a new git repository (its own configuration only) in a temporary
// directory.
func gitRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		testtools.Missing(t, "git is not installed")
	}
	dir := t.TempDir()
	git(t, dir, "init", "-q", "-b", "main")
	return dir
}

// git runs git in dir with a fixed identity and no user configuration.
func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(freshCacheEnv(t), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@erslint.invalid", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@erslint.invalid")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
