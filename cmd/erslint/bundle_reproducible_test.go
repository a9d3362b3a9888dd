package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

// TestBundleIsReproducible builds the bundle of the same custom policies from
// two folders, with four spellings of the --policy path, from three working
// directories, through a configuration file, and under two umasks: the same
// bytes each time (files, .manifest, revision), as a file and as a directory.
func TestBundleIsReproducible(t *testing.T) {
	root := t.TempDir()
	for _, dir := range []string{"a/one/pol", "b/elsewhere/rules"} {
		copyTree(t, "../../docs/examples/org-policies", filepath.Join(root, dir))
	}
	// A configuration file naming the policies relative to itself, out of the
	// way of the builds that do not name it.
	config := filepath.Join(root, "c/config.yaml")
	if err := os.MkdirAll(filepath.Dir(config), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(config, []byte("policies: [../a/one/pol]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	abs := filepath.Join(root, "a/one/pol")
	builds := []struct {
		name, dir, umask string
		args             []string
	}{
		{"relative", "a", "022", []string{"--policy", "one/pol"}},
		{"dot and slash", "a", "022", []string{"--policy", "./one/pol/"}},
		{"absolute", "a", "022", []string{"--policy", abs}},
		{"from another working directory", "a/one/pol", "022", []string{"--policy", "../pol"}},
		{"another folder, umask 077", "b", "077", []string{"--policy", "elsewhere/rules"}},
		{"the configuration's policies", "b", "022", []string{"--config", config}},
	}
	var first []byte
	var firstDir map[string]string
	for i, b := range builds {
		file := filepath.Join(root, fmt.Sprintf("bundle-%d.tar.gz", i))
		dir := filepath.Join(root, fmt.Sprintf("bundle-%d", i))
		for _, out := range []string{file, dir} {
			args := append(append([]string{"bundle", "--tests"}, b.args...), "--output", out)
			// The umask is set by a shell, as a user's would be.
			cmd := exec.Command("sh", append([]string{"-c", "umask " + b.umask + ` && exec "$0" "$@"`, binary}, args...)...)
			cmd.Dir = filepath.Join(root, b.dir)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s: erslint bundle: %v\n%s", b.name, err, out)
			}
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		files := treeOf(t, dir)
		if i == 0 {
			first, firstDir = data, files
			if _, ok := files["custom/1/owner/owner.rego 0644"]; !ok {
				t.Fatalf("the custom policy is not at custom/1/owner/owner.rego: %v", keys(files))
			}
			continue
		}
		if !bytes.Equal(data, first) {
			t.Errorf("%s: the bundle file differs from the first build's", b.name)
		}
		if fmt.Sprint(files) != fmt.Sprint(firstDir) {
			t.Errorf("%s: the bundle directory differs from the first build's:\n%v\nwant\n%v", b.name, keys(files), keys(firstDir))
		}
	}
}

// copyTree copies the regular files below src to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dst, rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// treeOf maps "path mode" of every file and directory below dir to its contents.
func treeOf(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		key := fmt.Sprintf("%s %04o", filepath.ToSlash(rel), info.Mode().Perm())
		if d.IsDir() {
			out[key] = "dir"
			return nil
		}
		data, err := os.ReadFile(p)
		out[key] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func keys(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }
