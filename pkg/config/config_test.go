package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/erslint/erslint/pkg/finding"
)

func write(t *testing.T, dir, src string) string {
	t.Helper()
	p := filepath.Join(dir, FileName)
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, `rules:
  ERS-CON-002:
    enabled: false
  ERS-LIVE-005:
    severity: warning
policies: [./org-policies]
failLevel: warning
format: sarif
`)
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Rules["ERS-CON-002"].Disabled || c.Rules["ERS-LIVE-005"].Severity != finding.Warning {
		t.Errorf("rules = %+v", c.Rules)
	}
	if len(c.Policies) != 1 || c.Policies[0] != filepath.Join(dir, "org-policies") {
		t.Errorf("policies = %v, want them relative to the file", c.Policies)
	}
	if c.FailLevel != "warning" || c.Format != "sarif" {
		t.Errorf("failLevel %q, format %q", c.FailLevel, c.Format)
	}
	err = c.RuleError("ERS-LIVE-005", "no such rule")
	if err.Error() != p+":4:3: no such rule" {
		t.Errorf("RuleError = %q", err)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"unknown key", "rulez: {}\n", `:1:1: unknown key "rulez" in the document; did you mean "rules"?`},
		{"bad severity", "rules:\n  ERS-CON-002:\n    severity: fatal\n", `:3:15: rules.ERS-CON-002.severity must be one of error, warning, info; got "fatal"`},
		{"bad rule setting", "rules:\n  ERS-CON-002:\n    enable: false\n", `:3:5: unknown key "enable" in rules.ERS-CON-002; did you mean "enabled"?`},
		{"bad fail level", "failLevel: high\n", `:1:12: failLevel must be one of error, warning, info, none; got "high"`},
		{"not YAML", "rules: [\n", `:1:1: YAML syntax error`},
		{"duplicate key", "failLevel: error\nfailLevel: info\n", `:2:12: duplicate key "failLevel"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := write(t, t.TempDir(), tt.src)
			_, err := Load(p)
			if err == nil || !strings.Contains(err.Error(), p+tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, p+tt.want)
			}
		})
	}
}

func TestFindSearchesUpwards(t *testing.T) {
	root := t.TempDir()
	p := write(t, root, "failLevel: error\n")
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := Find(deep)
	if err != nil || got != p {
		t.Errorf("Find = %q, %v; want %q", got, err, p)
	}
	none, err := Find(t.TempDir())
	if err != nil || (none != "" && !strings.HasPrefix(none, "/"+FileName)) {
		// A .erslint.yaml above the temp dir (at /) would be found; anything else is wrong.
		t.Errorf("Find in a fresh dir = %q, %v", none, err)
	}
}

func TestEmptyFileConfiguresNothing(t *testing.T) {
	c, err := Load(write(t, t.TempDir(), "# nothing yet\n"))
	if err != nil || len(c.Rules) != 0 || c.FailLevel != "" {
		t.Fatalf("a comment-only file: got %+v, %v; want an empty configuration", c, err)
	}
}

func TestExcludeIsRelativeToTheFile(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "exclude: [docker-compose.yml, \"deploy/**\"]\n")
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Exclude) != 2 || c.Exclude[1] != "deploy/**" || c.ExcludeBase != dir {
		t.Errorf("exclude %v, base %q; want the globs, relative to %s", c.Exclude, c.ExcludeBase, dir)
	}
	if _, err := Load(write(t, dir, "exclude: [\"\"]\n")); err == nil {
		t.Error("an empty glob passed the schema")
	}
}

func TestFindBothNames(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	yml := filepath.Join(dir, AltFileName)
	if err := os.WriteFile(yml, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(sub); err != nil || got != yml {
		t.Errorf("Find = %q, %v; want %s", got, err, yml)
	}
	write(t, dir, "")
	if _, err := Find(sub); err == nil || !strings.Contains(err.Error(), "both .erslint.yaml and .erslint.yml") {
		t.Errorf("both names in one directory: err = %v", err)
	}
	// The nearest directory wins: a single file closer by is found first.
	near := filepath.Join(sub, FileName)
	if err := os.WriteFile(near, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(sub); err != nil || got != near {
		t.Errorf("Find = %q, %v; want %s", got, err, near)
	}
}
