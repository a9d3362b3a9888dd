package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/erslint/erslint/internal/testtools"
)

func TestShowProgress(t *testing.T) {
	tests := []struct {
		name     string
		quiet    bool
		env      map[string]string
		terminal bool
		want     bool
	}{
		{"a person at a terminal", false, nil, true, true},
		{"stderr is not a terminal", false, nil, false, false},
		{"--quiet", true, nil, true, false},
		{"CI", false, map[string]string{"CI": "true"}, true, false},
		{"GitHub Actions", false, map[string]string{"GITHUB_ACTIONS": "true"}, true, false},
		{"dumb terminal", false, map[string]string{"TERM": "dumb"}, true, false},
		{"a normal TERM", false, map[string]string{"TERM": "xterm-256color"}, true, true},
	}
	for _, tt := range tests {
		if got := showProgress(tt.quiet, func(k string) string { return tt.env[k] }, tt.terminal); got != tt.want {
			t.Errorf("%s: showProgress = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestProgressWriter(t *testing.T) {
	var out strings.Builder
	now := time.Date(2026, 11, 30, 5, 0, 0, 0, time.UTC)
	p := newProgress(&out, true)
	p.start, p.now = now, func() time.Time { return now }
	step := func(d time.Duration, done int) {
		now = now.Add(d)
		p.update(done, 10)
	}
	step(500*time.Millisecond, 1) // under a second: nothing
	if out.Len() != 0 {
		t.Fatalf("drew before a second had passed: %q", out.String())
	}
	step(600*time.Millisecond, 2) // 1.1 s: drawn
	step(10*time.Millisecond, 3)  // within the tick: not redrawn
	step(100*time.Millisecond, 4) // redrawn
	step(1*time.Millisecond, 10)  // the last file: always drawn
	p.finish()
	p.update(10, 10) // after finish: nothing
	want := "\r\x1b[Kerslint: 2/10 files, 1.1s\r\x1b[Kerslint: 4/10 files, 1.2s\r\x1b[Kerslint: 10/10 files, 1.2s\r\x1b[K"
	if out.String() != want {
		t.Errorf("progress wrote %q\nwant %q", out.String(), want)
	}

	var quiet strings.Builder
	off := newProgress(&quiet, false)
	off.start = time.Now().Add(-time.Hour)
	off.update(1, 2)
	off.finish()
	if quiet.Len() != 0 {
		t.Errorf("progress switched off wrote %q", quiet.String())
	}
}

// A long run in a real terminal (a pseudo-terminal made by script(1)) shows
// the progress line on standard error and clears it; the same run in CI, with
// --quiet, or with standard error not a terminal shows none.
func TestProgressOnATerminal(t *testing.T) {
	script := testtools.Find(t, "script", "apt-get install bsdutils")
	dir := t.TempDir()
	src := readExample(t, "gp-practice.yaml")
	const n = 2000
	for i := range n {
		name := filepath.Join(dir, fmt.Sprintf("m%04d.yaml", i))
		if err := os.WriteFile(name, []byte(strings.Replace(src, "name: ", fmt.Sprintf("name: m%04d-", i), 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lintCmd := fmt.Sprintf("%s lint %s --jobs=1 --fail-level=none --format=json --output %s %s", binary, asOf, filepath.Join(dir, "out.json"), dir)
	inTerminal := func(env []string, extra string) (string, time.Duration) {
		t.Helper()
		cmd := exec.Command(script, "-qec", lintCmd+extra, "/dev/null")
		cmd.Env = append(append(cleanEnv(), "ERSLINT_CACHE_DIR="+t.TempDir()), append(env, "TERM=xterm")...)
		start := time.Now()
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		return string(out), time.Since(start)
	}
	out, took := inTerminal(nil, "")
	if took < 1300*time.Millisecond {
		t.Skipf("the run took %v, too short for a progress line on this machine", took)
	}
	line := regexp.MustCompile(`\r\x1b\[Kerslint: ([0-9]+)/` + fmt.Sprint(n) + ` files, [0-9]+\.[0-9]s`)
	if !line.MatchString(out) {
		t.Errorf("no progress line on a terminal in a run of %v: %q", took, out[:min(len(out), 300)])
	}
	if !strings.HasSuffix(out, "\r\x1b[K") {
		t.Errorf("the progress line is not cleared at the end: %q", out[max(0, len(out)-80):])
	}
	if out, _ := inTerminal([]string{"CI=true"}, ""); strings.Contains(out, "erslint:") {
		t.Errorf("progress in CI: %q", out[:min(len(out), 200)])
	}
	if out, _ := inTerminal(nil, " --quiet"); strings.Contains(out, "erslint:") {
		t.Errorf("progress with --quiet: %q", out[:min(len(out), 200)])
	}
	if out, _ := inTerminal(nil, " 2>"+filepath.Join(dir, "stderr.txt")); strings.Contains(out, "erslint:") {
		t.Errorf("progress with standard error not a terminal: %q", out[:min(len(out), 200)])
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "stderr.txt")); len(b) != 0 {
		t.Errorf("progress written to a file: %q", b)
	}
}
