package gitrepo

import (
	"os"
	"path/filepath"
	"testing"
)

// git is started only where it could find a work tree: a .git entry (a
// directory, or the file of a linked work tree or submodule) in the directory
// or above it, or the environment naming the repository.
func TestMayBeInWorkTree(t *testing.T) {
	root := t.TempDir()
	if mayBeInWorkTree(root) {
		t.Skipf("%s is inside a git work tree", root)
	}
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(deep, link); err != nil {
		t.Fatal(err)
	}
	if mayBeInWorkTree(deep) || mayBeInWorkTree(link) {
		t.Fatal("no .git anywhere, yet git would be started")
	}
	for _, tc := range []struct {
		name string
		make func(string) error
	}{
		{"directory", func(p string) error { return os.Mkdir(p, 0o755) }},
		{"file", func(p string) error { return os.WriteFile(p, []byte("gitdir: /elsewhere\n"), 0o644) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dotgit := filepath.Join(root, "a", ".git")
			if err := tc.make(dotgit); err != nil {
				t.Fatal(err)
			}
			defer os.RemoveAll(dotgit)
			for _, dir := range []string{deep, link, filepath.Join(root, "a")} {
				if !mayBeInWorkTree(dir) {
					t.Errorf("%s: a .git %s above it, yet git would not be started", dir, tc.name)
				}
			}
			if mayBeInWorkTree(root) {
				t.Errorf("%s: the .git is below it", root)
			}
		})
	}
	t.Setenv("GIT_DIR", filepath.Join(root, "elsewhere.git"))
	if !mayBeInWorkTree(deep) {
		t.Error("GIT_DIR names a repository, yet git would not be started")
	}
}
