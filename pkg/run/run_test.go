package run

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/lint"
)

func TestAssessmentDate(t *testing.T) {
	today := time.Now().UTC().Format(time.DateOnly)
	for _, tt := range []struct {
		asOf  string
		given bool
		want  string
		err   string
	}{
		{"", false, today, ""},
		{"", true, "", "the date is empty"},
		{"2026-11-24", true, "2026-11-24", ""},
		{"2026-02-30", true, "", "not a date"},
		{"1899-12-31", true, "", "outside the years"},
	} {
		got, err := AssessmentDate(tt.asOf, tt.given)
		if got != tt.want || (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
			t.Errorf("AssessmentDate(%q, %v) = %q, %v; want %q, %q", tt.asOf, tt.given, got, err, tt.want, tt.err)
		}
	}
}

// TestFailLevelPrecedence: the flag, then the configuration, then error.
func TestFailLevelPrecedence(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, ".erslint.yaml")
	if err := os.WriteFile(cfg, []byte("failLevel: warning\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		config, flag string
		want         finding.Severity
	}{
		{"", "", finding.Error},
		{cfg, "", finding.Warning},
		{cfg, "info", finding.Info},
		{"", "warning", finding.Warning},
	} {
		r, err := New(Settings{ConfigPath: tt.config, FailLevel: tt.flag, AsOf: "2026-11-24", AsOfGiven: true})
		if tt.config == "" {
			// No configuration named: run where none is found upwards.
			r, err = inDir(t, t.TempDir(), Settings{FailLevel: tt.flag, AsOf: "2026-11-24", AsOfGiven: true})
		}
		if err != nil {
			t.Fatal(err)
		}
		if r.FailLevel != tt.want {
			t.Errorf("config %q, flag %q: fail level %v, want %v", tt.config, tt.flag, r.FailLevel, tt.want)
		}
	}
	if _, err := New(Settings{ConfigPath: cfg, FailLevel: "loud"}); err == nil || !strings.Contains(err.Error(), "--fail-level") {
		t.Errorf("a bad --fail-level: %v", err)
	}
}

func inDir(t *testing.T, dir string, s Settings) (*Run, error) {
	t.Helper()
	t.Chdir(dir)
	return New(s)
}

// TestInputsExclude: the configuration's globs (relative to it) and --exclude
// leave walked files out, and named files only with --force-exclude; nothing
// left is ErrNoManifests.
func TestInputsExclude(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"a/org.yaml", "archive/old.yaml", "b/org.yaml"} {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("apiVersion: ers-onboarding/v1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, ".erslint.yaml"), []byte("exclude: [archive]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	names := func(in []lint.Input) string {
		var out []string
		for _, i := range in {
			out = append(out, i.Name)
		}
		return strings.Join(out, " ")
	}
	for _, tt := range []struct {
		name string
		s    Settings
		args []string
		want string
	}{
		{"walk", Settings{}, []string{"."}, "a/org.yaml b/org.yaml"},
		{"--exclude", Settings{Exclude: []string{"b"}}, []string{"."}, "a/org.yaml"},
		{"named", Settings{}, []string{"archive/old.yaml"}, "archive/old.yaml"},
		{"named, --force-exclude", Settings{ForceExclude: true}, []string{"archive/old.yaml", "a/org.yaml"}, "a/org.yaml"},
	} {
		r, err := New(tt.s)
		if err != nil {
			t.Fatal(err)
		}
		in, err := r.Inputs(tt.args, nil)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := names(in); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	r, err := New(Settings{ForceExclude: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Inputs([]string{"archive/old.yaml"}, nil); !errors.Is(err, lint.ErrNoManifests) {
		t.Errorf("everything excluded: %v, want ErrNoManifests", err)
	}
	if _, err := New(Settings{Exclude: []string{"[a"}}); err == nil || !strings.Contains(err.Error(), "--exclude") {
		t.Errorf("a malformed --exclude: %v", err)
	}
}
