package config

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/manifest"
	"github.com/erslint/erslint/pkg/manifest/manifesttest"
)

// fuzzLimits are lower than the defaults so that each input is quick and the
// limits themselves are crossed often.
var fuzzLimits = manifest.Limits{MaxFileBytes: 1 << 20, MaxDocuments: 50, MaxNodes: 20_000, MaxDepth: 32}

// FuzzLoad: reading any configuration text never panics nor hangs, and gives
// the same result twice; a mistake is an *Error at a real place of the file
// (1-based, within it) with a message; a configuration that loads holds only
// what the schema allows (known severities and fail levels, no empty policy
// directory), and each rule's settings can be placed in the file.
func FuzzLoad(f *testing.F) {
	for _, name := range []string{"../../docs/examples/erslint-config.yaml"} {
		if src, err := os.ReadFile(name); err == nil {
			f.Add(src)
		}
	}
	manifesttest.AddSeeds(f, "../..") // hostile YAML of every kind
	for _, s := range []string{
		"", "# nothing\n", "rules: {}\n", "rules:\n  ERS-CON-002:\n    enabled: false\n", "rules:\n  X:\n    severity: loud\n",
		"policies: [a, /abs, ../up]\n", "failLevel: none\nformat: sarif\n", "a: 1\n---\nb: 2\n", "rules: &r\n  <<: *r\n",
		"\ufeffformat: json\n", "format: [json]\n", "rules:\n  ERS-CON-002: {enabled: yes}\n",
	} {
		f.Add([]byte(s))
	}
	const path = "/cfg/.erslint.yaml"
	f.Fuzz(func(t *testing.T, src []byte) {
		// A hang is a bug too: crash, so that the fuzzer keeps the input.
		watchdog := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("loading %q took over 10s", src)) })
		defer watchdog.Stop()
		c, err := parse(path, src, fuzzLimits)
		again, err2 := parse(path, src, fuzzLimits)
		if fmt.Sprint(err) != fmt.Sprint(err2) || (err == nil && !reflect.DeepEqual(c.Rules, again.Rules)) {
			t.Fatalf("a second reading differs: %v / %v", err, err2)
		}
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T %v is not an *Error with a place", err, err)
			}
			lines := strings.Count(string(src), "\n") + strings.Count(string(src), "\r") + 2
			if e.File != path || e.Line < 1 || e.Column < 1 || e.Line > lines || e.Message == "" {
				t.Fatalf("error at %s:%d:%d of %d lines: %q", e.File, e.Line, e.Column, lines, e.Message)
			}
			return
		}
		if c.File != path {
			t.Fatalf("file %q", c.File)
		}
		for id, r := range c.Rules {
			if id == "" {
				t.Fatal("a rule without an ID")
			}
			if r.Severity != 0 {
				if _, err := finding.ParseSeverity(r.Severity.String()); err != nil {
					t.Fatalf("rule %s: severity %v", id, r.Severity)
				}
			}
		}
		if c.FailLevel != "" {
			if _, err := finding.ParseFailLevel(c.FailLevel); err != nil {
				t.Fatalf("fail level %q loaded: %v", c.FailLevel, err)
			}
		}
		for _, p := range c.Policies {
			if p == "" {
				t.Fatal("an empty policy directory loaded")
			}
		}
		if c.doc != nil {
			for id := range c.Rules {
				if line, col := c.doc.KeyPosition(finding.Path{"rules", id}); line < 1 || col < 1 {
					t.Fatalf("rule %s placed at %d:%d", id, line, col)
				}
			}
		}
	})
}
