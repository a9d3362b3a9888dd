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
	write(filepath.Join(outside, "shared.yaml"), "a: 1\n")
	link(outside, "first-link")
	link(outside, "second-link")
	unreadable := "/proc/self/mem" // a regular file whose first page cannot be read, even by root
	if _, err := os.Stat(unreadable); err == nil {
		link(unreadable, "unreadable.yaml")
	}

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
	}
	for _, tt := range tests {
		e, ok := got[tt.name]
		if !ok || !strings.Contains(e, tt.err) || (tt.err == "" && e != "") {
			t.Errorf("%s: got %q (listed: %v), want %q", tt.name, e, ok, tt.err)
		}
	}
	if _, twice := got["second-link/shared.yaml"]; twice {
		t.Error("a directory reached through two links was walked twice")
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
	for _, name := range []string{"pipe.yaml", "self.yaml", "loop-a", "loop-b"} {
		if schema[name] == "" {
			t.Errorf("no ERS-SCHEMA-001 finding for %s", name)
		}
	}
	if _, ok := got["unreadable.yaml"]; ok && !strings.Contains(schema["unreadable.yaml"], "cannot be read") {
		t.Errorf("unreadable.yaml: %q, want a finding that it cannot be read", schema["unreadable.yaml"])
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
