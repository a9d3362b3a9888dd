//go:build unix

package lint

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/erslint/erslint/pkg/manifest/manifesttest"
)

// collectWithin runs Collect, failing the test if it does not return in time:
// a walk must never wait on a named pipe.
func collectWithin(t *testing.T, paths []string) ([]Input, error) {
	t.Helper()
	type result struct {
		inputs []Input
		err    error
	}
	done := make(chan result, 1)
	go func() {
		in, err := Collect(paths, nil)
		done <- result{in, err}
	}()
	select {
	case r := <-done:
		return r.inputs, r.err
	case <-time.After(20 * time.Second):
		t.Fatal("Collect did not return: it is blocked on something it met")
		return nil, nil
	}
}

func TestWalkReportsWhatItCannotLint(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	write := func(p, src string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "good.yaml"), orgManifest("live", ""))
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	link("self.yaml", "self.yaml")
	link("loop-b", "loop-a")
	link("loop-a", "loop-b")
	if err := os.Mkdir(filepath.Join(dir, "shared"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(filepath.Join(dir, "shared", "shared.yaml"), "a: 1\n")
	link("shared", "first-link")
	link(filepath.Join(dir, "shared"), "second-link")
	// Links out of the walked directory: to a host file, a directory, a device.
	write(filepath.Join(outside, "creds.yaml"), "token: ghp_0123456789abcdefSECRET\n")
	link(filepath.Join(outside, "creds.yaml"), "creds.yaml")
	link(outside, "outside-dir")
	link("/dev/zero", "zero.yaml")
	link("../"+filepath.Base(outside)+"/creds.yaml", "relative.yaml")
	// Links to what the walk skips, hidden files inside it: the token
	// actions/checkout keeps in .git/config, a .env.
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(filepath.Join(dir, ".git", "config"), "apiVersion: ghp_0123456789abcdefSECRET\n")
	write(filepath.Join(dir, ".env.yaml"), "apiVersion: ghp_0123456789abcdefSECRET\n")
	link(".git/config", "git-config.yaml")
	link(filepath.Join(dir, ".env.yaml"), "env.yaml")
	link(".git", "git-dir")

	inputs, err := collectWithin(t, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, in := range inputs {
		name := strings.TrimPrefix(in.Name, filepath.ToSlash(dir)+"/")
		got[name] = ""
		if in.Err != nil {
			got[name] = in.Err.Error()
		}
	}
	tests := []struct{ name, err string }{
		{"good.yaml", ""},
		{"pipe.yaml", "this is a named pipe (FIFO), not a regular file: not opened"},
		{"self.yaml", "symbolic link loop"},
		{"loop-a", "symbolic link loop"},
		{"loop-b", "symbolic link loop"},
		{"first-link/shared.yaml", ""},
		{"creds.yaml", "symbolic link to a path outside the directory being linted: not followed"},
		{"outside-dir", "symbolic link to a path outside the directory being linted: not followed"},
		{"zero.yaml", "symbolic link to a path outside the directory being linted: not followed"},
		{"relative.yaml", "symbolic link to a path outside the directory being linted: not followed"},
		{"git-config.yaml", "symbolic link to a hidden path (.git) in the directory being linted: not followed"},
		{"env.yaml", "symbolic link to a hidden path (.env.yaml) in the directory being linted: not followed"},
		{"git-dir", "symbolic link to a hidden path (.git) in the directory being linted: not followed"},
	}
	for _, tt := range tests {
		e, ok := got[tt.name]
		if !ok || !strings.Contains(e, tt.err) || (tt.err == "" && e != "") {
			t.Errorf("%s: got %q (listed: %v), want %q", tt.name, e, ok, tt.err)
		}
	}
	for _, twice := range []string{"second-link/shared.yaml", "shared/shared.yaml"} {
		if _, ok := got[twice]; ok {
			t.Errorf("a directory reached through links was walked twice (%s)", twice)
		}
	}
	for _, in := range inputs {
		if in.Err == nil && !strings.HasPrefix(in.Path, dir) {
			t.Errorf("%s would be read from %s, outside the walked directory", in.Name, in.Path)
		}
	}

	// Linted beside a good manifest, each becomes a finding at line 1 and the good
	// one is still checked.
	rep, err := newLinter(t, Options{}).Lint(context.Background(), inputs)
	if err != nil {
		t.Fatal(err)
	}
	schema := map[string]string{}
	for _, f := range only(rep, "ERS-SCHEMA-001") {
		if f.Line != 1 || f.Column != 1 {
			t.Errorf("%s: finding at %d:%d, want 1:1", f.File, f.Line, f.Column)
		}
		schema[strings.TrimPrefix(f.File, filepath.ToSlash(dir)+"/")] = f.Message
	}
	for _, name := range []string{"pipe.yaml", "self.yaml", "loop-a", "loop-b", "creds.yaml", "outside-dir", "zero.yaml", "relative.yaml", "git-config.yaml", "env.yaml", "git-dir"} {
		if schema[name] == "" {
			t.Errorf("no ERS-SCHEMA-001 finding for %s", name)
		}
	}
	for _, f := range rep.Findings {
		if strings.Contains(f.Message, "SECRET") || strings.Contains(f.Message, "ghp_") {
			t.Errorf("%s: a finding quotes the file outside the walk: %s", f.File, f.Message)
		}
	}
	checked := false
	for _, f := range rep.Findings {
		checked = checked || (strings.HasSuffix(f.File, "/good.yaml") && f.RuleID == "ERS-GOV-001")
	}
	if !checked {
		t.Error("good.yaml was not fully checked")
	}
}

func TestNamedSpecialFileIsAnError(t *testing.T) {
	pipe := filepath.Join(t.TempDir(), "pipe.yaml")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := collectWithin(t, []string{pipe})
	if err == nil || !strings.Contains(err.Error(), "named pipe (FIFO), not a regular file or directory") {
		t.Errorf("err = %v, want one naming the named pipe", err)
	}
}

func TestUnreadableFileIsAFinding(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads any file; TestWalkReportsWhatItCannotLint covers this with /proc/self/mem")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "locked.yaml")
	if err := os.WriteFile(p, []byte("a: 1\n"), 0o000); err != nil {
		t.Fatal(err)
	}
	inputs, err := collectWithin(t, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := newLinter(t, Options{}).Lint(context.Background(), inputs)
	if err != nil {
		t.Fatal(err)
	}
	if fs := only(rep, "ERS-SCHEMA-001"); len(fs) != 1 || !strings.Contains(fs[0].Message, "permission denied") {
		t.Errorf("findings %+v, want one saying permission denied", fs)
	}
	if _, err := collectWithin(t, []string{p}); err == nil {
		t.Error("an unreadable file named on the command line must be an error (exit 2)")
	}
}

// A link named on the command line is handled as the walk handles one: a
// link out of the tree (the working directory; for a link named outside it,
// the directory holding it) or to a hidden path is a finding, not followed
// (the earlier rule, "a named file is followed", let a committed link make a
// pre-commit run quote a host file); a link within it is followed. A regular
// file named is read, wherever it is: /proc/self/mem, whose first page cannot
// be read even by root, is a finding for the failed read.
func TestNamedLinkOutOfTheTreeIsNotFollowed(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	for _, d := range []string{outside, dir, filepath.Join(dir, ".git")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "m.yaml"), []byte("a: 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"out.yaml":    filepath.Join(outside, "m.yaml"),
		"outdir":      outside,
		"hidden.yaml": filepath.Join(dir, ".git", "m.yaml"),
		"in.yaml":     filepath.Join(dir, "m.yaml"),
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	paths := []string{filepath.Join(dir, "out.yaml"), filepath.Join(dir, "outdir"), filepath.Join(dir, "hidden.yaml"), filepath.Join(dir, "in.yaml")}
	inputs, err := collectWithin(t, paths)
	if err != nil || len(inputs) != 4 {
		t.Fatalf("Collect: %v, %+v", err, inputs)
	}
	want := []string{
		"symbolic link to a path outside the directory that holds it: not followed",
		"symbolic link to a path outside the directory that holds it: not followed",
		"symbolic link to a hidden path (.git) in the directory that holds it: not followed",
		"",
	}
	for i, in := range inputs {
		got := ""
		if in.Err != nil {
			got = in.Err.Error()
		}
		if want[i] == "" && got != "" || !strings.Contains(got, want[i]) {
			t.Errorf("%s: problem %q, want %q", paths[i], got, want[i])
		}
	}
	if _, err := os.Stat("/proc/self/mem"); err != nil {
		return
	}
	inputs, err = collectWithin(t, []string{"/proc/self/mem"})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := newLinter(t, Options{}).Lint(context.Background(), inputs)
	if err != nil {
		t.Fatal(err)
	}
	if fs := only(rep, "ERS-SCHEMA-001"); len(fs) != 1 || fs[0].Message != "cannot be read: input/output error" {
		t.Errorf("/proc/self/mem: %+v, want that it cannot be read", fs)
	}
}

// A directory the walk cannot search is a finding, never a silent gap.
func TestWalkReportsDirectoriesItCannotSearch(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "good.yaml"), []byte(orgManifest("live", "")), 0o644); err != nil {
		t.Fatal(err)
	}
	manifesttest.DeepTree(t, dir)
	inputs, err := collectWithin(t, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	var problems []string
	for _, in := range inputs {
		if in.Err != nil {
			problems = append(problems, in.Err.Error())
		}
	}
	if len(problems) != 1 || !strings.Contains(problems[0], "file name too long") ||
		!strings.Contains(problems[0], "the manifests it may hold are not checked") {
		t.Errorf("problems %q, want one: a directory that cannot be read (file name too long)", problems)
	}
}
