package lint

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/manifest"
	"github.com/erslint/erslint/pkg/manifest/manifesttest"
)

// FuzzLintDocument: linting any input, as one file, never panics and never
// fails the run; every finding names a rule that exists and a real place in
// the input (1-based, not past its end).
func FuzzLintDocument(f *testing.F) {
	manifesttest.AddSeeds(f, "../..")
	// Lower limits than the defaults keep each evaluation quick.
	l, err := New(context.Background(), Options{AsOf: "2026-11-24", Jobs: 1,
		Limits: manifest.Limits{MaxFileBytes: 1 << 20, MaxDocuments: 20, MaxNodes: 20_000, MaxDepth: 32}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		// A hang is a bug too: crash, so that the fuzzer keeps the input.
		watchdog := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("lint of %q took over 10s", src)) })
		defer watchdog.Stop()
		rep, err := l.Lint(context.Background(), []Input{{Name: "f.yaml", Data: src}})
		if err != nil {
			t.Fatalf("Lint: %v", err)
		}
		// Lines as the loader counts them, plus one for a place just past the end.
		lines := 2 + bytes.Count(src, []byte("\n")) + bytes.Count(src, []byte("\r")) +
			bytes.Count(src, []byte("\u0085")) + bytes.Count(src, []byte("\u2028")) + bytes.Count(src, []byte("\u2029"))
		for _, fd := range rep.Findings {
			if fd.File != "f.yaml" || fd.Line < 1 || fd.Column < 1 || fd.Line > lines || fd.Message == "" {
				t.Fatalf("finding at %s:%d:%d (of %d lines): %s %q", fd.File, fd.Line, fd.Column, lines, fd.RuleID, fd.Message)
			}
			if _, ok := l.engine.Rule(fd.RuleID); !ok {
				t.Fatalf("finding of a rule that does not exist: %s", fd.RuleID)
			}
			if fd.Severity != finding.Error && fd.Severity != finding.Warning && fd.Severity != finding.Info {
				t.Fatalf("%s finding with severity %v", fd.RuleID, fd.Severity)
			}
		}
	})
}
