package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// erslint version and --version print the same: the version, the module, the
// VCS revision of the checkout it was built from, the build date (or, without
// one set at release, the commit's date) and Go's version, from the build
// information.
func TestVersionFromBuildInfo(t *testing.T) {
	out := filepath.Join(t.TempDir(), "erslint")
	build := exec.Command("go", "build", "-buildvcs=auto", "-o", out,
		"-ldflags", "-X main.version=v9.8.7 -X main.buildDate=2026-11-30T05:00:00Z", ".")
	// -buildvcs on the command line overrides a GOFLAGS=-buildvcs=false.
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	run := func(args ...string) string {
		t.Helper()
		b, err := exec.Command(out, args...).Output()
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		return string(b)
	}
	v := run("version")
	if got := run("--version"); got != v {
		t.Errorf("--version and version disagree:\n%s\n%s", got, v)
	}
	for _, want := range []string{"erslint v9.8.7\n", "module:   github.com/erslint/erslint", "built:    2026-11-30T05:00:00Z\n", "go:       go1."} {
		if !strings.Contains(v, want) {
			t.Errorf("version lacks %q:\n%s", want, v)
		}
	}
	// Go stamps the revision only in a checkout whose .git is a directory (not
	// in a git worktree, whose .git is a file).
	if fi, err := os.Stat("../../.git"); err != nil || !fi.IsDir() {
		t.Logf("not a git checkout with a .git directory: revision not checked")
		return
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatalf("git rev-parse HEAD: %v", err)
	}
	if !strings.Contains(v, "revision: "+strings.TrimSpace(string(head))) {
		t.Errorf("version does not name the revision %s:\n%s", head, v)
	}
}
