package gitrepo

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@erslint.invalid", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@erslint.invalid")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestFiles reads manifests at a commit: awkward names intact, hidden paths,
// other files, symbolic links and files over the limit left out or marked, and
// later changes in the work tree not seen.
func TestFiles(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	git(t, dir, "init", "-q", "-b", "main")
	names := map[string]string{
		"m/a.yaml":              "a: 1\n",
		"m/-dash.yml":           "b: 2\n",
		"m/new\nline *[x].yaml": "c: 3\n",
		"m/sp ace/é.YAML":       "d: 4\n",
		"m/.hidden/x.yaml":      "hidden\n",
		"m/notes.txt":           "not a manifest\n",
		"m/big.yaml":            strings.Repeat("x", 100) + "\n",
		"other/o.yaml":          "o: 1\n",
		".github/w.yaml":        "w: 1\n",
	}
	for n, c := range names {
		write(t, dir, n, c)
	}
	if err := os.Symlink("a.yaml", filepath.Join(dir, "m", "link.yaml")); err != nil {
		t.Fatal(err)
	}
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", "one")
	commit, err := Resolve(context.Background(), dir, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, "m/a.yaml", "changed later\n")

	lim := Limits{MaxFileBytes: 50, MaxTotalBytes: 1 << 20}
	files, err := Files(context.Background(), dir, commit, []string{"m"}, lim)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	var paths []string
	for _, f := range files {
		paths = append(paths, f.Path)
		got[f.Path] = string(f.Data)
		if f.Err != nil {
			got[f.Path] = "error: " + f.Err.Error()
		}
	}
	want := []string{"m/-dash.yml", "m/a.yaml", "m/big.yaml", "m/new\nline *[x].yaml", "m/sp ace/é.YAML"}
	slices.Sort(paths)
	if !slices.Equal(paths, want) {
		t.Fatalf("files %q, want %q", paths, want)
	}
	if got["m/a.yaml"] != "a: 1\n" || got["m/new\nline *[x].yaml"] != "c: 3\n" || !strings.HasPrefix(got["m/big.yaml"], "error: file is 101 bytes, over the limit of 50") {
		t.Errorf("contents %q", got)
	}

	all, err := Files(context.Background(), dir, commit, []string{"."}, lim)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(want)+1 {
		t.Errorf("the whole tree has %d manifests, want %d (other/o.yaml too, not .github)", len(all), len(want)+1)
	}
	if _, err := Files(context.Background(), dir, commit, []string{"m"}, Limits{MaxTotalBytes: 10}); err == nil {
		t.Error("no error over the total limit")
	}
	// A pathspec is literal: * matches no file.
	if files, err := Files(context.Background(), dir, commit, []string{"m/*.yaml"}, lim); err != nil || len(files) != 0 {
		t.Errorf("m/*.yaml matched %d files (%v), want none", len(files), err)
	}
}

func TestResolve(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	git(t, dir, "init", "-q", "-b", "main")
	write(t, dir, "a.yaml", "a: 1\n")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", "one")
	head := git(t, dir, "rev-parse", "HEAD")
	if got, err := Resolve(context.Background(), dir, "main"); err != nil || got != head {
		t.Errorf("Resolve(main) = %q, %v; want %s", got, err, head)
	}
	var rerr *RevisionError
	// In a full clone a revision that does not resolve does not exist:
	// fetching history would not help.
	for rev, want := range map[string]string{
		"HEAD~1":                 `revision "HEAD~1" does not exist: no branch, tag or commit of this repository has that name`,
		"no-such-branch":         `revision "no-such-branch" does not exist`,
		strings.Repeat("ab", 20): "commit " + strings.Repeat("ab", 20) + " is not in this repository: fetch it (git fetch origin",
	} {
		_, err := Resolve(context.Background(), dir, rev)
		if !errors.As(err, &rerr) || rerr.Shallow || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "fetch-depth") {
			t.Errorf("Resolve(%s) error %v, want %q", rev, err, want)
		}
	}
	// In a shallow clone the history it needs may be missing.
	write(t, dir, "a.yaml", "a: 2\n")
	git(t, dir, "commit", "-q", "-am", "two")
	shallow := filepath.Join(t.TempDir(), "shallow")
	git(t, dir, "clone", "-q", "--depth=1", "file://"+dir, shallow)
	if _, err := Resolve(context.Background(), shallow, "HEAD~1"); !errors.As(err, &rerr) || !rerr.Shallow || !strings.Contains(err.Error(), "which is shallow") || !strings.Contains(err.Error(), "fetch-depth: 0") {
		t.Errorf("Resolve(HEAD~1) in a shallow clone: error %v, want it to name fetch-depth: 0", err)
	}
	for _, bad := range []string{"", "--all", "a\nb"} {
		if _, err := Resolve(context.Background(), dir, bad); err == nil || errors.As(err, &rerr) {
			t.Errorf("Resolve(%q) error %v, want a refusal", bad, err)
		}
	}
	if TopLevel(context.Background(), filepath.Join(dir)) == "" || TopLevel(context.Background(), t.TempDir()) != "" {
		t.Error("TopLevel is wrong inside or outside a work tree")
	}
}

// parseUint is strconv.ParseUint for the numbers of git ls-files --debug.
func TestParseUintIsStrconv(t *testing.T) {
	for _, s := range []string{"", "0", "7", "00012", "1700000000", "18446744073709551615", "18446744073709551616",
		"99999999999999999999", "ffffffffffffffff", "10000000000000000", "FF", "ff", "0x1", "-1", "+1", "1_0", " 1", "1 ", "g", "12a"} {
		for _, base := range []int{10, 16} {
			want, err := strconv.ParseUint(s, base, 64)
			got, ok := parseUint([]byte(s), uint64(base))
			if ok != (err == nil) || ok && got != want {
				t.Errorf("parseUint(%q, %d) = %d, %v; strconv says %d, %v", s, base, got, ok, want, err)
			}
		}
	}
}
