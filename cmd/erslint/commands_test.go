package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// erslintIn runs the binary in dir (a user's own project).
func erslintIn(t *testing.T, dir string, args ...string) result {
	t.Helper()
	return runIn(t, dir, "", args...)
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func readExample(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The configuration and custom policy of README.md (docs/examples/, which
// TestREADMESnippetsEqualTheirFiles keeps equal to the README), used as a user would.
func readDoc(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "examples", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestConfigurationFile(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"manifests/clinic.yaml":              readExample(t, "gaps/community-clinic.yaml"),
		".erslint.yaml":                      readDoc(t, "erslint-config.yaml"),
		"org-policies/owner/owner.rego":      readDoc(t, "org-policies/owner/owner.rego"),
		"org-policies/owner/owner_test.rego": readDoc(t, "org-policies/owner/owner_test.rego"),
	})
	sub := filepath.Join(dir, "manifests")
	r := erslintIn(t, sub, "lint", asOf, ".") // the file is found upwards
	if strings.Contains(r.stdout, "ERS-CON-002") {
		t.Error("a rule disabled in the configuration is still reported")
	}
	// ERS-LIVE-005 is info, raised to error, and one stage early (pre-go-live) a warning.
	if !strings.Contains(r.stdout, "warning ERS-LIVE-005") || !strings.Contains(r.stdout, "warning ORG-META-001") {
		t.Errorf("severity override or custom policy not applied:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout, ".erslint.yaml") {
		t.Error("the configuration file was linted as a manifest")
	}
	if r.code != 1 {
		t.Errorf("exit %d, want 1", r.code)
	}
	// Flags override the configuration file.
	if r := erslintIn(t, sub, "lint", asOf, "--fail-level=none", "."); r.code != 0 {
		t.Errorf("--fail-level=none over failLevel: warning: exit %d", r.code)
	}
	if r := erslintIn(t, sub, "rules"); !strings.Contains(r.stdout, "ORG-META-001") {
		t.Errorf("rules does not list the custom rule:\n%s", r.stdout)
	}
	if r := erslintIn(t, sub, "explain", "ORG-META-001"); !strings.Contains(r.stdout, "Set metadata.owner") {
		t.Errorf("explain of a custom rule:\n%s", r.stdout)
	}
	if r := erslintIn(t, dir, "test"); r.code != 0 || !strings.Contains(r.stdout, "2 passed, 0 failed") {
		t.Errorf("erslint test of the configured policies: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestBrokenConfigurationIsExit2WithFileAndLine(t *testing.T) {
	tests := []struct {
		name, config, stderr string
	}{
		{"unknown key", "failLevel: error\nrulez: {}\n", `.erslint.yaml:2:1: unknown key "rulez" in the document; did you mean "rules"?`},
		{"bad value", "failLevel: loud\n", `.erslint.yaml:1:12: failLevel must be one of error, warning, info, none; got "loud"`},
		{"unknown rule", "rules:\n  ERS-CON-042:\n    enabled: false\n", `.erslint.yaml:2:3: unknown rule ERS-CON-042`},
		{"policy directory missing", "policies: [nowhere]\n", "nowhere"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{".erslint.yaml": tt.config, "m.yaml": readExample(t, "nhs-trust.yaml")})
			r := erslintIn(t, dir, "lint", asOf, "m.yaml")
			if r.code != 2 || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", r.code, r.stderr, tt.stderr)
			}
		})
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"other.yaml": "failLevel: info\n", "m.yaml": readExample(t, "nhs-trust.yaml")})
	if r := erslintIn(t, dir, "lint", asOf, "--config", "other.yaml", "m.yaml"); r.code != 0 {
		t.Errorf("--config: exit %d %s", r.code, r.stderr)
	}
}

func TestCustomPolicyErrorsAreExit2(t *testing.T) {
	tests := []struct {
		name, policy, stderr string
	}{
		{"does not compile", readDoc(t, "org-policies/owner/owner.rego") + "deny contains x if { x := nope(1) }\n", "owner.rego:16:"},
		{"network access", readDoc(t, "org-policies/owner/owner.rego") + "deny contains x if { x := http.send({\"method\": \"get\", \"url\": \"http://example.org\"}) }\n", "http.send (not available to erslint policies: network access)"},
		{"collides with a built-in rule", strings.Replace(readDoc(t, "org-policies/owner/owner.rego"), "ORG-META-001", "ERS-CON-001", 1), "rule ID ERS-CON-001 is already defined at policies/contract"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"p/owner.rego": tt.policy, "m.yaml": readExample(t, "nhs-trust.yaml")})
			r := erslintIn(t, dir, "lint", asOf, "--policy", "p", "m.yaml")
			if r.code != 2 || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", r.code, r.stderr, tt.stderr)
			}
		})
	}
}

func TestTestCommandFailsOnAFailingTest(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"p/owner.rego":      readDoc(t, "org-policies/owner/owner.rego"),
		"p/owner_test.rego": readDoc(t, "org-policies/owner/owner_test.rego") + "\ntest_wrong if {\n\tcount(owner.deny) == 3 with input as {}\n}\n",
	})
	r := erslintIn(t, dir, "test", "p")
	if r.code != 1 || !strings.Contains(r.stdout, "FAIL ") || !strings.Contains(r.stdout, "test_wrong") || !strings.Contains(r.stdout, "2 passed, 1 failed") {
		t.Errorf("exit %d\n%s", r.code, r.stdout)
	}
	if r := erslintIn(t, dir, "test"); r.code != 2 {
		t.Errorf("test with no directory and no configuration: exit %d, want 2", r.code)
	}
}

func TestInit(t *testing.T) {
	dir := t.TempDir()
	r := erslintIn(t, dir, "init", "--type", "independent-sector-provider", "--name", "example-clinic", "--stage", "pre-go-live")
	if r.code != 0 {
		t.Fatalf("init: exit %d %s", r.code, r.stderr)
	}
	lint := erslintIn(t, dir, "lint", asOf, "--format=json", "example-clinic.yaml")
	if strings.Contains(lint.stdout, "ERS-SCHEMA-001") || lint.code != 1 {
		t.Errorf("the starting manifest should pass the schema and leave gaps: exit %d\n%s", lint.code, lint.stdout)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "example-clinic.yaml"))
	if r := erslintIn(t, dir, "init", "--type", "gp-practice", "--name", "example-clinic"); r.code != 2 || !strings.Contains(r.stderr, "already exists") {
		t.Errorf("init over an existing file: exit %d %s", r.code, r.stderr)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "example-clinic.yaml"))
	if string(before) != string(after) {
		t.Error("init overwrote a file without --force")
	}
	if r := erslintIn(t, dir, "init", "--type", "gp-practice", "--name", "example-clinic", "--force"); r.code != 0 {
		t.Errorf("init --force: exit %d %s", r.code, r.stderr)
	}
	if r := erslintIn(t, dir, "init", "--type", "gp-practice", "--name", "x", "--output", "sub/x.yaml"); r.code != 0 {
		t.Errorf("init --output in a new directory: exit %d %s", r.code, r.stderr)
	}
	for _, bad := range [][]string{{"init", "--type", "hospital", "--name", "x"}, {"init", "--name", "x"}, {"init", "--type", "other", "--name", "Bad Name"}} {
		if r := erslintIn(t, dir, bad...); r.code != 2 {
			t.Errorf("%v: exit %d, want 2", bad, r.code)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("a temporary file was left behind: %s", e.Name())
		}
	}
}

// Editor support: the modeline of README.md's snippet and of every example names
// a schema that exists, and `erslint schema` prints that schema.
func TestSchemaModelines(t *testing.T) {
	modeline := readmeSnippets(t)["modeline"].text
	if !strings.HasPrefix(modeline, "# yaml-language-server: $schema=") {
		t.Fatalf("README modeline snippet: %q", modeline)
	}
	want, err := os.ReadFile("../../schema/manifest-v1.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if r := erslint(t, "", "schema"); r.stdout != string(want) {
		t.Error("erslint schema does not print schema/manifest-v1.schema.json")
	}
	// explain's example and init's manifest use the README's modeline.
	if r := erslint(t, "", "explain", "ERS-SCHEMA-001"); !strings.Contains(r.stdout, strings.TrimSpace(modeline)+"\n") {
		t.Errorf("explain ERS-SCHEMA-001's example does not use the modeline %q:\n%s", modeline, r.stdout)
	}
	dir := t.TempDir()
	erslintIn(t, dir, "init", "--type", "other", "--name", "x")
	if src, _ := os.ReadFile(filepath.Join(dir, "x.yaml")); !strings.HasPrefix(string(src), modeline) {
		t.Errorf("init's manifest does not start with the modeline %q", modeline)
	}
	err = filepath.WalkDir("../../examples", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		first, _, _ := strings.Cut(string(src), "\n")
		target, ok := strings.CutPrefix(first, "# yaml-language-server: $schema=")
		if !ok {
			t.Errorf("%s does not start with the modeline", p)
			return nil
		}
		if _, err := os.Stat(filepath.Join(filepath.Dir(p), target)); err != nil {
			t.Errorf("%s: modeline names %s: %v", p, target, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The schema story in a user's own repository: init writes the manifest and,
// beside it, the schema its modeline names; schema --output refreshes it.
func TestInitWritesTheSchemaItsModelineNames(t *testing.T) {
	dir := t.TempDir()
	want := erslint(t, "", "schema").stdout
	r := erslintIn(t, dir, "init", "--type", "nhs-trust", "--name", "north-trust", "--output", "manifests/north.yaml")
	if r.code != 0 || !strings.Contains(r.stderr, "manifest-v1.schema.json") {
		t.Fatalf("init: exit %d %q", r.code, r.stderr)
	}
	src, _ := os.ReadFile(filepath.Join(dir, "manifests", "north.yaml"))
	first, _, _ := strings.Cut(string(src), "\n")
	target, ok := strings.CutPrefix(first, "# yaml-language-server: $schema=")
	if !ok {
		t.Fatalf("the manifest does not start with the modeline: %q", first)
	}
	schemaPath := filepath.Join(dir, "manifests", target)
	if got, err := os.ReadFile(schemaPath); err != nil || string(got) != want {
		t.Fatalf("the modeline names %s, which is not erslint's schema: %v", target, err)
	}
	// A second manifest in the same directory leaves the schema alone; an
	// out-of-date schema is named, not overwritten.
	if err := os.WriteFile(schemaPath, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = erslintIn(t, dir, "init", "--type", "gp-practice", "--name", "second", "--output", "manifests/second.yaml")
	if r.code != 0 || !strings.Contains(r.stderr, "erslint schema --output "+filepath.Join("manifests", "manifest-v1.schema.json")) {
		t.Errorf("init beside an old schema: exit %d %q", r.code, r.stderr)
	}
	if r := erslintIn(t, dir, "schema", "--output", "manifests/manifest-v1.schema.json"); r.code != 0 {
		t.Fatalf("schema --output: exit %d %q", r.code, r.stderr)
	}
	if got, _ := os.ReadFile(schemaPath); string(got) != want {
		t.Error("schema --output did not write the schema")
	}
	if r := erslintIn(t, dir, "init", "--type", "gp-practice", "--name", "third", "--output", "manifests/third.yaml", "--quiet"); r.code != 0 || r.stderr != "" {
		t.Errorf("init --quiet: exit %d %q", r.code, r.stderr)
	}
}
