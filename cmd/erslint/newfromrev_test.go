package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// editFile replaces old with new in a file, which must hold old.
func editFile(t *testing.T, path, old, new string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s does not hold %q", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// manifestRepo is a git repository with a commit of three manifests: one
// with gaps, a compliant one, and a copy of it under another name and an
// awkward file name, whose ODS code clashes with it (ERS-REPO-001) at the
// revision as now: were that file not read at the revision, its findings
// would all look new.
func manifestRepo(t *testing.T) string {
	t.Helper()
	repo := gitRepo(t)
	copyFile(t, "../../examples/gaps/community-clinic.yaml", filepath.Join(repo, "manifests", "clinic.yaml"))
	copyFile(t, "../../examples/gp-practice.yaml", filepath.Join(repo, "manifests", "gp.yaml"))
	odd := filepath.Join(repo, "manifests", "-odd name #1.yaml")
	copyFile(t, "../../examples/gp-practice.yaml", odd)
	editFile(t, odd, "name: example-medical-practice", "name: example-medical-practice-2")
	git(t, repo, "add", "-A")
	git(t, repo, "commit", "-q", "-m", "manifests")
	return repo
}

// TestNewFromRev: only findings new since the revision are reported and set
// the exit status; lines moving, and findings already there, change nothing;
// the Markdown report shows what each organisation resolved and introduced.
func TestNewFromRev(t *testing.T) {
	repo := manifestRepo(t)
	clinic, gp := filepath.Join(repo, "manifests", "clinic.yaml"), filepath.Join(repo, "manifests", "gp.yaml")
	// Lines move in the clinic's manifest, and its lapsed contract is renewed.
	editFile(t, clinic, "apiVersion:", "# a comment\n# another\n\napiVersion:")
	editFile(t, clinic, `end: "2026-10-31"`, `end: "2027-10-31"`)

	r := runIn(t, repo, "", "lint", asOf, "--new-from-rev", "HEAD", "manifests")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "no findings in 3 files") {
		t.Fatalf("with only old findings: exit %d, want 0\n%s%s", r.code, r.stdout, r.stderr)
	}
	full := runIn(t, repo, "", "lint", asOf, "manifests")
	if full.code != 1 {
		t.Fatalf("without --new-from-rev the old errors fail the run: exit %d", full.code)
	}

	// The GP practice moves to another URL: one new error.
	editFile(t, gp, "url: internet-facing", "url: other")
	md := filepath.Join(t.TempDir(), "report.md")
	r = runIn(t, filepath.Join(repo, "manifests"), "", "lint", asOf, "--new-from-rev=HEAD", "--format", "text", "--format", "markdown="+md, ".")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 1 || len(lines) != 2 || !strings.HasPrefix(lines[0], "gp.yaml:") || !strings.Contains(lines[0], " error ERS-ACC-001 ") {
		t.Fatalf("exit %d, want 1 and the one new finding:\n%s%s", r.code, r.stdout, r.stderr)
	}
	data, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"### Changes since HEAD\n\n**1 finding introduced, 1 finding resolved** in 2 organisations.",
		"| example-medical-practice — Example Medical Practice | ❌ 1 error | ❌ 2 errors | 1 | 0 |",
		"| example-community-clinic — Example Community Clinic Ltd | ❌ 13 errors, 4 warnings, 5 info | ❌ 12 errors, 4 warnings, 5 info | 0 | 1 |",
		"### ✅ No new errors or warnings (2)\n\nexample-medical-practice-2 — Example Medical Practice, example-community-clinic — Example Community Clinic Ltd.",
	} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the Markdown report lacks %q:\n%s", want, data)
		}
	}

	// Committed, the change is no longer new.
	git(t, repo, "commit", "-q", "-am", "move")
	if r := runIn(t, repo, "", "lint", asOf, "--new-from-rev", "HEAD", "manifests"); r.code != 0 {
		t.Errorf("against the commit that holds it: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runIn(t, repo, "", "lint", asOf, "--new-from-rev", "HEAD~1", "manifests/gp.yaml"); r.code != 1 || !strings.Contains(r.stdout, "ERS-ACC-001") {
		t.Errorf("a file named, against the commit before: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestNewFromRevMissing: a revision the clone lacks, as in a shallow clone
// (actions/checkout's default), is a plain error naming the fix, exit 2.
func TestNewFromRevMissing(t *testing.T) {
	repo := manifestRepo(t)
	editFile(t, filepath.Join(repo, "manifests", "gp.yaml"), "url: internet-facing", "url: other")
	git(t, repo, "commit", "-q", "-am", "second")
	shallow := filepath.Join(t.TempDir(), "shallow")
	git(t, repo, "clone", "-q", "--depth", "1", "file://"+repo, shallow)
	for _, tt := range []struct {
		name, dir, rev, stderr string
	}{
		{"shallow clone", shallow, "HEAD~1", "is not in this clone, which is shallow: fetch the history it needs; with actions/checkout, set fetch-depth: 0"},
		{"no such revision", repo, "no-such-branch", `revision "no-such-branch" does not exist: no branch, tag or commit`},
		{"an option as a revision", repo, "--all", "is not a revision name"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := runIn(t, tt.dir, "", "lint", asOf, "--new-from-rev="+tt.rev, "manifests")
			if r.code != 2 || !strings.Contains(r.stderr, tt.stderr) || r.stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2 and %q", r.code, r.stdout, r.stderr, tt.stderr)
			}
		})
	}
	if r := runIn(t, t.TempDir(), "", "lint", asOf, "--new-from-rev=HEAD", filepath.Join(repo, "manifests")); r.code != 2 || !strings.Contains(r.stderr, "not in a git work tree") {
		t.Errorf("outside a work tree: exit %d, stderr %q", r.code, r.stderr)
	}
}
