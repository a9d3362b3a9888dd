package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestContextForChangedFiles: given only some files (as pre-commit passes the
// changed ones), the cross-manifest rules still compare them with every
// manifest of the repository, and report only on the files given.
func TestContextForChangedFiles(t *testing.T) {
	repo := gitRepo(t)
	copyFile(t, "../../examples/gp-practice.yaml", filepath.Join(repo, "manifests", "practice.yaml"))
	copyFile(t, "../../examples/nhs-trust.yaml", filepath.Join(repo, "manifests", "trust.yaml"))
	git(t, repo, "add", "-A")
	git(t, repo, "commit", "-q", "-m", "manifests")
	copyFile(t, "../../examples/gp-practice.yaml", filepath.Join(repo, "manifests", "copy", "practice-copy.yaml"))

	for _, tt := range []struct {
		name, dir string
		args      []string
		code      int
		repo      bool
	}{
		{"from the top level", repo, []string{"manifests/copy/practice-copy.yaml"}, 1, true},
		{"from a subdirectory", filepath.Join(repo, "manifests", "copy"), []string{"practice-copy.yaml"}, 1, true},
		// Standard input may be a copy of a manifest in the repository (cat
		// org.yaml | erslint lint -), which would clash with itself: it is
		// compared with the repository only when --context says so.
		{"standard input", repo, []string{"-"}, 0, false},
		{"standard input with --context", repo, []string{"--context", ".", "-"}, 1, true},
		{"--context none", repo, []string{"--context", "none", "manifests/copy/practice-copy.yaml"}, 0, false},
		{"--context elsewhere", repo, []string{"--context", "manifests/copy", "manifests/copy/practice-copy.yaml"}, 0, false},
		{"a directory is its own scope", repo, []string{"manifests/copy"}, 0, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			stdin := ""
			if tt.args[len(tt.args)-1] == "-" {
				data, err := os.ReadFile(filepath.Join(repo, "manifests", "copy", "practice-copy.yaml"))
				if err != nil {
					t.Fatal(err)
				}
				stdin = string(data)
			}
			r := runIn(t, tt.dir, stdin, append([]string{"lint", asOf}, tt.args...)...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\n%s%s", r.code, tt.code, r.stdout, r.stderr)
			}
			lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
			findings := lines[:len(lines)-2] // less the reference data line and the summary
			if !tt.repo {
				if len(findings) != 0 {
					t.Errorf("findings, want none:\n%s", r.stdout)
				}
				return
			}
			if len(findings) != 2 || !strings.Contains(findings[0], " error ERS-REPO-002 ") || !strings.Contains(findings[1], " error ERS-REPO-001 ") {
				t.Fatalf("want ERS-REPO-002 and ERS-REPO-001 on the file given, got\n%s", r.stdout)
			}
			for _, l := range findings {
				if !strings.Contains(l, "manifests/practice.yaml:") {
					t.Errorf("the finding does not name the other manifest: %s", l)
				}
				if tt.args[len(tt.args)-1] != "-" && !strings.HasPrefix(l, tt.args[0]+":") {
					t.Errorf("a finding on a file not given: %s", l)
				}
			}
			if !strings.HasSuffix(r.stdout, "2 errors in 1 file (1 document)\n") {
				t.Errorf("the summary counts files not given:\n%s", r.stdout)
			}
		})
	}

	if r := runIn(t, repo, "", "lint", asOf, "--context", "nope", "manifests/trust.yaml"); r.code != 2 || !strings.Contains(r.stderr, "--context nope: not a directory") {
		t.Errorf("--context that is not a directory: exit %d, stderr %q", r.code, r.stderr)
	}

	// The configuration file's directory is the root, before the git top level.
	if err := os.WriteFile(filepath.Join(repo, "manifests", "copy", ".erslint.yaml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runIn(t, filepath.Join(repo, "manifests", "copy"), "", "lint", asOf, "practice-copy.yaml"); r.code != 0 {
		t.Errorf("with .erslint.yaml beside it, the root is its directory: exit %d\n%s", r.code, r.stdout)
	}
}

// TestContextAtRevision: with --new-from-rev, files given are compared with
// the repository as it was at the revision too, so a clash that was already
// there is not new, and one that is new is.
func TestContextAtRevision(t *testing.T) {
	repo := gitRepo(t)
	copyFile(t, "../../examples/gp-practice.yaml", filepath.Join(repo, "manifests", "practice.yaml"))
	copyFile(t, "../../examples/gp-practice.yaml", filepath.Join(repo, "manifests", "old-copy.yaml"))
	git(t, repo, "add", "-A")
	git(t, repo, "commit", "-q", "-m", "manifests")
	if r := runIn(t, repo, "", "lint", asOf, "--new-from-rev", "HEAD", "manifests/old-copy.yaml"); r.code != 0 {
		t.Errorf("a clash already at the revision is reported as new: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	copyFile(t, "../../examples/nhs-trust.yaml", filepath.Join(repo, "manifests", "trust.yaml"))
	copyFile(t, "../../examples/nhs-trust.yaml", filepath.Join(repo, "manifests", "new-copy.yaml"))
	git(t, repo, "add", "manifests/trust.yaml")
	git(t, repo, "commit", "-q", "-m", "trust")
	r := runIn(t, repo, "", "lint", asOf, "--new-from-rev", "HEAD", "manifests/new-copy.yaml")
	if r.code != 1 || !strings.Contains(r.stdout, "ERS-REPO-001 ") || !strings.Contains(r.stdout, "manifests/trust.yaml:") {
		t.Errorf("a new clash with a manifest not given: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
