//go:build unix

package policy_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/erslint/erslint/pkg/policy"
)

// A policy directory holding a link to another directory of policies (org ->
// ../shared) loaded none of them, and said nothing: their rules never ran. It
// is an error naming the link; a link to a .rego file is read.
func TestPolicyDirectoryLinkIsAnError(t *testing.T) {
	root := t.TempDir()
	dir, shared := filepath.Join(root, "policies"), filepath.Join(root, "shared")
	for _, d := range []string{dir, shared} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	rule := []byte("package org.helpers\n\nx := 1\n")
	for _, p := range []string{filepath.Join(shared, "a.rego"), filepath.Join(dir, "b.rego")} {
		if err := os.WriteFile(p, rule, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(shared, "a.rego"), filepath.Join(dir, "linked.rego")); err != nil {
		t.Fatal(err)
	}
	srcs, err := policy.FromDir(dir)
	if err != nil || len(srcs) != 2 {
		t.Fatalf("a link to a file: %d sources, err %v; want 2", len(srcs), err)
	}
	if err := os.Symlink("../shared", filepath.Join(dir, "org")); err != nil {
		t.Fatal(err)
	}
	_, err = policy.FromDir(dir)
	want := filepath.Join(dir, "org") + " is a symbolic link to a directory, whose policies would not be loaded"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v, want %q", err, want)
	}
}
