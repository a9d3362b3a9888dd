package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSameVerdictEverywhere: lint and forecast build their run through one
// pipeline, so each command, and each way of naming the files, gives the same
// verdict on the same tree: the whole-repository context, the exclude globs
// (for the context too) and the shared flags.
func TestSameVerdictEverywhere(t *testing.T) {
	repo := gitRepo(t)
	copyFile(t, "../../examples/gp-practice.yaml", filepath.Join(repo, "manifests", "practice.yaml"))
	copyFile(t, "../../examples/nhs-trust.yaml", filepath.Join(repo, "manifests", "trust.yaml"))
	// A copy of the practice under an excluded directory: not a manifest of the
	// repository for any command.
	copyFile(t, "../../examples/gp-practice.yaml", filepath.Join(repo, "archive", "practice-old.yaml"))
	if err := os.WriteFile(filepath.Join(repo, ".erslint.yaml"), []byte("exclude:\n  - archive/**\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, repo, "add", "-A")
	git(t, repo, "commit", "-q", "-m", "manifests")

	for _, cmd := range []string{"lint", "forecast"} {
		for _, tt := range []struct {
			name string
			args []string
			code int
		}{
			{"the whole tree", []string{"."}, 0},
			{"one file (pre-commit)", []string{"manifests/practice.yaml"}, 0},
			{"one file, --force-exclude", []string{"--force-exclude", "manifests/practice.yaml"}, 0},
			// Named on the command line, the excluded copy is linted, and the
			// context finds its twin.
			{"the excluded copy named", []string{"archive/practice-old.yaml"}, 1},
			{"the excluded copy named, --force-exclude", []string{"--force-exclude", "archive/practice-old.yaml"}, 0},
			{"--exclude the manifests", []string{"--exclude", "manifests", "--context", ".", "archive/practice-old.yaml"}, 0},
			{"--context none", []string{"--context", "none", "archive/practice-old.yaml"}, 0},
			{"--quiet and --color", []string{"--quiet", "--color", "never", "manifests/trust.yaml"}, 0},
		} {
			t.Run(cmd+"/"+tt.name, func(t *testing.T) {
				r := runIn(t, repo, "", append([]string{cmd, asOf}, tt.args...)...)
				if r.code != tt.code {
					t.Fatalf("exit %d, want %d\n%s%s", r.code, tt.code, r.stdout, r.stderr)
				}
				if tt.code == 1 && !strings.Contains(r.stdout, "ERS-REPO-00") {
					t.Errorf("no cross-manifest finding:\n%s", r.stdout)
				}
			})
		}
	}
}

// TestEmptyAsOfRefused: --as-of "" is not today, in every command that takes it.
func TestEmptyAsOfRefused(t *testing.T) {
	for _, cmd := range []string{"lint", "forecast"} {
		r := erslint(t, "", cmd, "--as-of", "", "examples/nhs-trust.yaml")
		if r.code != 2 || !strings.Contains(r.stderr, "--as-of: the date is empty") {
			t.Errorf("%s --as-of \"\": exit %d, stderr %q; want 2 saying the date is empty", cmd, r.code, r.stderr)
		}
	}
}
