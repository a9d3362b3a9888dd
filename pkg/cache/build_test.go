package cache

import (
	"bytes"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The build ID read from the executable's ELF note is the one the go
// command reports for it; a note of another shape, a file cut short or a
// file of another format gives none (and the executable is hashed instead).
func TestGoBuildID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	f, err := elf.NewFile(bytes.NewReader(data))
	if err != nil {
		t.Skipf("the test binary is not an ELF file: %v", err)
	}
	sec := f.Section(".note.go.buildid")
	if sec == nil {
		t.Fatal("the test binary has no Go build ID note")
	}
	got := goBuildID(bytes.NewReader(data))
	if got == "" || strings.Count(got, "/") != 3 {
		t.Fatalf("goBuildID = %q, want the test binary's build ID", got)
	}
	if gotool, err := exec.LookPath("go"); err == nil {
		out, err := exec.Command(gotool, "tool", "buildid", exe).Output()
		if err != nil {
			t.Fatalf("go tool buildid: %v", err)
		}
		if want := strings.TrimSpace(string(out)); got != want {
			t.Errorf("goBuildID = %q, go tool buildid says %q", got, want)
		}
	}

	// patched is the executable with its note's bytes at off replaced.
	patched := func(off int, b string) []byte {
		c := bytes.Clone(data)
		copy(c[int(sec.Offset)+off:], b)
		return c
	}
	idStart := 16
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"not ELF", []byte("#!/bin/sh\necho erslint\n")},
		{"empty", nil},
		{"cut before the note", data[:sec.Offset]},
		{"cut in the note", data[:sec.Offset+20]},
		{"another owner's note", patched(12, "Gx")},
		{"another type of note", patched(8, "\x05")},
		{"a size past the note", patched(4, "\xff\xff\x00\x00")},
		{"no content hash", patched(idStart, strings.Repeat("a", len(got)))},
		{"an empty part", patched(idStart, "/")},
		{"a control character", patched(idStart, "\n")},
		{"a character outside base64url", patched(idStart, "+")},
		{"a part of another length", patched(idStart+19, "/")},
	} {
		if id := goBuildID(bytes.NewReader(tc.data)); id != "" {
			t.Errorf("%s: goBuildID = %q, want none", tc.name, id)
		}
	}
}

// An ID given at link time (-ldflags=-buildid=...) is written as it is, with
// no hash of the content: two builds of different code may share it, so only
// the go command's shape is taken, and the executable is hashed otherwise.
// (An ID given by hand in exactly that shape passes for the go command's:
// whoever writes one vouches for it.)
func TestGoBuildIDGivenByHand(t *testing.T) {
	gotool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build with")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "main.go")
	if err := os.WriteFile(src, []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module tiny\n\ngo 1.22\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	good := strings.Repeat("A", 20)
	for _, tc := range []struct{ id, want string }{
		{"", ""},
		{"foo/bar", ""},
		{good + "/" + good, ""},
		{"redacted", ""},
		{strings.Join([]string{good, good, good, good}, "/"), strings.Join([]string{good, good, good, good}, "/")},
	} {
		exe := filepath.Join(dir, "tiny")
		cmd := exec.Command(gotool, "build", "-ldflags=-buildid="+tc.id, "-o", exe, ".")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build -buildid=%s: %v\n%s", tc.id, err, out)
		}
		f, err := os.Open(exe)
		if err != nil {
			t.Fatal(err)
		}
		got := goBuildID(f)
		f.Close()
		if got != tc.want {
			t.Errorf("-buildid=%q: goBuildID = %q, want %q", tc.id, got, tc.want)
		}
	}
}
