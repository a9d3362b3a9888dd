package main

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// showProgress decides whether lint draws a progress line on standard error:
// only for a person at a terminal. Never with --quiet, in CI (CI set, as
// GitHub Actions, GitLab and most others do; a log is no place for carriage
// returns), on a dumb terminal, or when standard error is not a terminal.
func showProgress(quiet bool, getenv func(string) string, stderrIsTerminal bool) bool {
	if quiet || !stderrIsTerminal {
		return false
	}
	if getenv("CI") != "" || getenv("GITHUB_ACTIONS") != "" || getenv("TERM") == "dumb" {
		return false
	}
	return true
}

// progress draws "erslint: 120/2000 files, 1.4s" on one line, redrawn in place
// at most every tick, and only once the run has taken longer than after: a
// short run prints nothing. finish clears the line, so the report that follows
// (on standard output, possibly the same terminal) starts on a clean line.
type progress struct {
	w       io.Writer
	on      bool
	start   time.Time
	now     func() time.Time
	after   time.Duration
	tick    time.Duration
	mu      sync.Mutex
	last    time.Time
	drawn   bool
	stopped bool
}

func newProgress(w io.Writer, on bool) *progress {
	return &progress{w: w, on: on, start: time.Now(), now: time.Now, after: time.Second, tick: 100 * time.Millisecond}
}

// update is lint.Options.Progress; it is called from the linting goroutines.
func (p *progress) update(done, total int) {
	if p == nil || !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	elapsed := now.Sub(p.start)
	if p.stopped || elapsed < p.after || (p.drawn && now.Sub(p.last) < p.tick && done < total) {
		return
	}
	p.last, p.drawn = now, true
	fmt.Fprintf(p.w, "\r\x1b[Kerslint: %d/%d files, %.1fs", done, total, elapsed.Seconds())
}

func (p *progress) finish() {
	if p == nil || !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopped = true
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
