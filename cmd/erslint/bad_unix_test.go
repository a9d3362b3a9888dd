//go:build unix

package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A walk meets what is not a manifest file: a named pipe called *.yaml (which
// must not be opened: reading it would wait forever), symbolic link loops, and a
// file that cannot be read. Each is a finding for that path, the good manifest
// beside them is still checked, and the run ends with exit 1.
func TestWalkReportsSpecialFilesAndNeverHangs(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"good.yaml": readExample(t, "nhs-trust.yaml")})
	if err := syscall.Mkfifo(filepath.Join(dir, "x.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	links := map[string]string{
		"self.yaml": "self.yaml",   // a link to itself
		"loop":      ".",           // back to the directory being walked
		"a":         "b", "b": "a", // two links to each other
	}
	if _, err := os.Stat("/proc/self/mem"); err == nil {
		links["unreadable.yaml"] = "/proc/self/mem" // a regular file whose first page cannot be read, even by root
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "lint", asOf, dir)
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "GITHUB_STEP_SUMMARY=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatal("erslint did not finish within a minute: it blocked on something the walk met")
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || stderr.Len() != 0 {
		t.Fatalf("err %v, want exit 1\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	got := map[string]string{}
	for _, f := range parseReport(t, stdout.String()) {
		name := strings.TrimPrefix(f.file, filepath.ToSlash(dir)+"/")
		if f.rule != "ERS-SCHEMA-001" || f.line != 1 || f.col != 1 {
			t.Errorf("%s: %s at %d:%d, want ERS-SCHEMA-001 at 1:1", name, f.rule, f.line, f.col)
		}
		got[name] = f.message
	}
	tests := []struct{ name, message string }{
		{"x.yaml", "this is a named pipe (FIFO), not a regular file: not opened, as reading it could block the run; replace it with the manifest file"},
		{"self.yaml", "symbolic link loop: following it never reaches a file or directory; fix or remove the link"},
		{"loop", "symbolic link loop: it points back to a directory being walked; not followed"},
		{"a", "symbolic link loop: following it never reaches a file or directory; fix or remove the link"},
		{"b", "symbolic link loop: following it never reaches a file or directory; fix or remove the link"},
	}
	if _, ok := links["unreadable.yaml"]; ok {
		tests = append(tests, struct{ name, message string }{"unreadable.yaml", "cannot be read: input/output error"})
	}
	for _, tt := range tests {
		if got[tt.name] != tt.message {
			t.Errorf("%s: %q, want %q", tt.name, got[tt.name], tt.message)
		}
		delete(got, tt.name)
	}
	if len(got) != 0 {
		t.Errorf("other findings (the good manifest has none): %v", got)
	}
}

// A named pipe named on the command line cannot be read as a file: exit 2, at once.
func TestNamedPipeOnTheCommandLine(t *testing.T) {
	pipe := filepath.Join(t.TempDir(), "x.yaml")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Fatal(err)
	}
	r := erslint(t, "", "lint", asOf, pipe)
	if r.code != 2 || !strings.Contains(r.stderr, "named pipe (FIFO), not a regular file or directory") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

// --output naming what is not a regular file (a named pipe here, /dev/null or
// /dev/stdout for users) is written in place: the atomic write, a temporary
// file renamed over the path, would replace it with a plain file.
func TestOutputToNamedPipeKeepsThePipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "report.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	got := make(chan []byte, 1)
	go func() {
		data, _ := os.ReadFile(fifo) // returns when erslint closes the pipe
		got <- data
	}()
	r := erslint(t, "", "lint", asOf, "--format=json", "--output", fifo, "examples/gp-practice.yaml")
	if r.code != 0 || r.stdout != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	select {
	case data := <-got:
		if !bytes.Contains(data, []byte(`"schemaVersion": 1`)) {
			t.Errorf("the pipe's reader got %q, want the JSON report", data)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("nothing was written to the pipe")
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("%s is no longer a named pipe: %v %v", fifo, fi.Mode(), err)
	}
}

// --output naming a symbolic link (/dev/stdout is one) writes where the link
// leads, replacing what was there, and leaves the link a link.
func TestOutputThroughSymlinkKeepsTheLink(t *testing.T) {
	dir := t.TempDir()
	target, link := filepath.Join(dir, "report.json"), filepath.Join(dir, "latest.json")
	if err := os.WriteFile(target, bytes.Repeat([]byte("old report "), 10_000), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	r := erslint(t, "", "lint", asOf, "--format=json", "--output", link, "examples/gp-practice.yaml")
	if r.code != 0 || r.stdout != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	want := erslint(t, "", "lint", asOf, "--format=json", "examples/gp-practice.yaml").stdout
	got, err := os.ReadFile(target)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("the link's target holds %d bytes, want the %d-byte report alone", len(got), len(want))
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("%s is no longer a symbolic link: %v %v", link, fi.Mode(), err)
	}
}
