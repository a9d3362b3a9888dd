//go:build unix

package readfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestBounded(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path string
		data       string
		err        string
	}{
		{"at the limit", write("ten", "0123456789"), "0123456789", ""},
		{"over the limit", write("eleven", "0123456789a"), "", "file is 11 bytes, over the limit of 10 bytes"},
		{"a named pipe is not waited on", fifo, "", "this is a named pipe (FIFO), not a regular file"},
		{"a link to /dev/zero is not read", zero, "", "this is a character device, not a regular file"},
		{"a directory", dir, "", "this is a directory, not a regular file"},
		{"missing", filepath.Join(dir, "nope"), "", "no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan struct{})
			var data []byte
			var err error
			go func() {
				data, err = Bounded(tt.path, 10)
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("Bounded blocked")
			}
			if tt.err == "" && (err != nil || string(data) != tt.data) {
				t.Errorf("got %q, %v; want %q", data, err, tt.data)
			}
			if tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err) || data != nil) {
				t.Errorf("got %d bytes, %v; want %q", len(data), err, tt.err)
			}
		})
	}
}

func TestAllStopsAtTheLimit(t *testing.T) {
	f, err := os.Open("/dev/zero")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	_, err = All(f, 1<<20)
	var tooLarge *TooLargeError
	if !errors.As(err, &tooLarge) || tooLarge.Limit != 1<<20 {
		t.Errorf("err = %v, want *TooLargeError", err)
	}
}
