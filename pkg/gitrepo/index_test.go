package gitrepo

import (
	"context"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestReadIndexVouchesOnlyForBytesAsStored: a blob id stands for a file only
// where git stores the file's bytes as they are. Every setting or attribute
// that converts them (line endings, filters such as Git LFS's) takes the
// blob id away, as does a change after the commit.
func TestReadIndexVouchesOnlyForBytesAsStored(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	const manifest = "apiVersion: erslint/v1\nkind: Organisation\n"
	cases := []struct {
		name     string
		setup    func(t *testing.T, repo string, git func(...string) string)
		edit     bool   // the file changes after the commit
		sub      string // the file's directory, and the index read from there
		wantBlob bool
	}{
		{name: "plain", wantBlob: true},
		{name: "changed after the commit", edit: true},
		{name: "read from a subdirectory", sub: "a/b", wantBlob: true},
		{name: "read from a subdirectory, .gitattributes text there", sub: "a", setup: func(t *testing.T, repo string, git func(...string) string) {
			appendFile(t, filepath.Join(repo, "a", ".gitattributes"), "org.yaml text\n")
		}},
		{name: "autocrlf true", setup: config("core.autocrlf", "true")},
		{name: "autocrlf input", setup: config("core.autocrlf", "input")},
		{name: "autocrlf yes", setup: config("core.autocrlf", "yes")},
		{name: "autocrlf TRUE", setup: config("core.autocrlf", "TRUE")},
		{name: "autocrlf without a value", setup: func(t *testing.T, repo string, git func(...string) string) {
			appendFile(t, filepath.Join(repo, ".git", "config"), "[core]\n\tautocrlf\n")
		}},
		{name: "autocrlf true, set in an include more times than git's answer is read", setup: func(t *testing.T, repo string, git func(...string) string) {
			inc := filepath.Join(t.TempDir(), "many")
			appendFile(t, inc, "[core]\n"+strings.Repeat("\tautocrlf = true\n", 5000))
			git("config", "include.path", inc)
		}},
		{name: "autocrlf false", setup: config("core.autocrlf", "false"), wantBlob: true},
		{name: "autocrlf off", setup: config("core.autocrlf", "off"), wantBlob: true},
		{name: ".gitattributes text", setup: func(t *testing.T, repo string, git func(...string) string) {
			appendFile(t, filepath.Join(repo, ".gitattributes"), "*.yaml text\n")
		}},
		{name: ".gitattributes text, not tracked", setup: func(t *testing.T, repo string, git func(...string) string) {
			appendFile(t, filepath.Join(repo, ".git", "info", "exclude"), ".gitattributes\n")
			appendFile(t, filepath.Join(repo, ".gitattributes"), "*.yaml text\n")
		}},
		{name: ".gitattributes text, not tracked, above a subdirectory", sub: "a/b", setup: func(t *testing.T, repo string, git func(...string) string) {
			appendFile(t, filepath.Join(repo, ".git", "info", "exclude"), ".gitattributes\n")
			appendFile(t, filepath.Join(repo, "a", ".gitattributes"), "*.yaml text\n")
		}},
		{name: ".gitattributes elsewhere", setup: func(t *testing.T, repo string, git func(...string) string) {
			appendFile(t, filepath.Join(repo, ".gitattributes"), "*.md text\n")
		}, wantBlob: true},
		{name: "info/attributes filter", setup: func(t *testing.T, repo string, git func(...string) string) {
			appendFile(t, filepath.Join(repo, ".git", "info", "attributes"), "*.yaml filter=lfs\n")
		}},
		{name: "core.attributesFile eol", setup: func(t *testing.T, repo string, git func(...string) string) {
			p := filepath.Join(t.TempDir(), "attributes")
			appendFile(t, p, "org.yaml eol=crlf\n")
			git("config", "core.attributesFile", p)
		}},
		{name: "XDG git/attributes ident", setup: func(t *testing.T, repo string, git func(...string) string) {
			appendFile(t, filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "git", "attributes"), "*.yaml ident\n")
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
			t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
			t.Setenv("XDG_CONFIG_HOME", t.TempDir())
			t.Setenv("HOME", t.TempDir())
			repo := t.TempDir()
			git := func(args ...string) string {
				cmd := exec.Command("git", args...)
				cmd.Dir = repo
				cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@t", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@t")
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Fatalf("git %v: %v\n%s", args, err, out)
				}
				return strings.TrimSpace(string(out))
			}
			git("init", "-q")
			dir := filepath.Join(repo, filepath.FromSlash(tc.sub))
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, "org.yaml")
			if err := os.WriteFile(file, []byte(manifest), 0o644); err != nil {
				t.Fatal(err)
			}
			// Written well before the index: not git's racy case.
			past := time.Now().Add(-time.Hour)
			if err := os.Chtimes(file, past, past); err != nil {
				t.Fatal(err)
			}
			if tc.setup != nil {
				tc.setup(t, repo, git)
			}
			git("add", "-A")
			git("commit", "-qm", "c")
			want := git("rev-parse", "HEAD:"+path.Join(tc.sub, "org.yaml"))
			if tc.edit {
				if err := os.WriteFile(file, []byte(manifest+"# more\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			ix, err := ReadIndex(context.Background(), dir)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := ix.BlobID(file, nil)
			if ok != tc.wantBlob || ok && got != want {
				t.Fatalf("BlobID = %q, %t; want %q, %t", got, ok, want, tc.wantBlob)
			}
		})
	}
}

func config(key, value string) func(*testing.T, string, func(...string) string) {
	return func(_ *testing.T, _ string, git func(...string) string) { git("config", key, value) }
}

func appendFile(t *testing.T, p, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}
