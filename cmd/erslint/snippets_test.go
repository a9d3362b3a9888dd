package main

import (
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// README.md marks each copy-paste snippet:
//
//	<!-- snippet:NAME [FILE] -->
//	```lang
//	...
//	```
//	<!-- /snippet -->
//
// FILE, when given, is the file in the repository the snippet must equal.
var snippetBlock = regexp.MustCompile("(?s)<!-- snippet:([a-z0-9-]+)(?: ([^ ]+))? -->\n```[a-z]*\n(.*?)```\n<!-- /snippet -->")

type readmeSnippet struct{ name, file, text string }

func readmeSnippets(t *testing.T) map[string]readmeSnippet {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]readmeSnippet{}
	for _, m := range snippetBlock.FindAllStringSubmatch(string(readme), -1) {
		if _, dup := out[m[1]]; dup {
			t.Fatalf("README.md has two snippets named %s", m[1])
		}
		out[m[1]] = readmeSnippet{name: m[1], file: m[2], text: m[3]}
	}
	if opened, closed := strings.Count(string(readme), "<!-- snippet:"), strings.Count(string(readme), "<!-- /snippet -->"); opened != len(out) || closed != len(out) {
		t.Fatalf("README.md: %d snippet markers open and %d close, %d blocks read: each is <!-- snippet:NAME -->, one fenced block, <!-- /snippet -->", opened, closed, len(out))
	}
	for _, name := range []string{"github-workflow", "generic-ci", "pre-commit"} {
		if _, ok := out[name]; !ok {
			t.Fatalf("README.md has no snippet %s", name)
		}
	}
	return out
}

// The workflow in README.md is docs/examples/erslint-workflow.yml, which actionlint
// checks in .ci/run.
func TestREADMESnippetsEqualTheirFiles(t *testing.T) {
	for _, s := range readmeSnippets(t) {
		if s.file == "" {
			continue
		}
		want, err := os.ReadFile(filepath.Join("../..", s.file))
		if err != nil {
			t.Fatalf("snippet %s: %v", s.name, err)
		}
		if s.text != string(want) {
			t.Errorf("README.md's snippet %s differs from %s: copy the file into README.md", s.name, s.file)
		}
	}
}

// The generic CI snippet, run as a CI job would: erslint on PATH, in a repository
// with manifests/.
func TestREADMEGenericCISnippet(t *testing.T) {
	snippet := readmeSnippets(t)["generic-ci"].text
	gp, err := os.ReadFile("../../examples/gp-practice.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// The snippet has no --as-of: a DSPT published today keeps the manifest current.
	compliant := regexp.MustCompile(`publishedOn: "[0-9-]+"`).ReplaceAllString(string(gp), `publishedOn: "`+time.Now().UTC().Format(time.DateOnly)+`"`)
	gaps, err := os.ReadFile("../../examples/gaps/community-clinic.yaml")
	if err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "manifests"), 0o755); err != nil {
		t.Fatal(err)
	}
	run := func() int {
		t.Helper()
		cmd := exec.Command("sh", "-ec", snippet)
		cmd.Dir = dir
		cmd.Env = append(freshCacheEnv(t), "PATH="+filepath.Dir(binary)+string(os.PathListSeparator)+os.Getenv("PATH"), "NO_COLOR=1")
		out, err := cmd.CombinedOutput()
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		} else if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		return 0
	}
	report := func() (tests, failures int) {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(dir, "erslint-junit.xml"))
		if err != nil {
			t.Fatalf("the snippet wrote no erslint-junit.xml: %v", err)
		}
		var suites struct {
			Tests    int `xml:"tests,attr"`
			Failures int `xml:"failures,attr"`
		}
		if err := xml.Unmarshal(data, &suites); err != nil {
			t.Fatalf("erslint-junit.xml: %v", err)
		}
		return suites.Tests, suites.Failures
	}

	if err := os.WriteFile(filepath.Join(dir, "manifests", "practice.yaml"), []byte(compliant), 0o644); err != nil {
		t.Fatal(err)
	}
	if code := run(); code != 0 {
		t.Fatalf("compliant manifest: the snippet exited %d, want 0", code)
	}
	if tests, failures := report(); tests != 1 || failures != 0 {
		t.Errorf("compliant manifest: JUnit report has %d tests, %d failures; want 1, 0", tests, failures)
	}

	if err := os.WriteFile(filepath.Join(dir, "manifests", "clinic.yaml"), gaps, 0o644); err != nil {
		t.Fatal(err)
	}
	if code := run(); code != 1 {
		t.Fatalf("manifest with gaps: the snippet exited %d, want 1", code)
	}
	if _, failures := report(); failures == 0 {
		t.Error("manifest with gaps: the JUnit report has no failures")
	}
}

type preCommitHook struct {
	ID            string   `yaml:"id"`
	Entry         string   `yaml:"entry"`
	Language      string   `yaml:"language"`
	Files         string   `yaml:"files"`
	Exclude       string   `yaml:"exclude"`
	PassFilenames *bool    `yaml:"pass_filenames"`
	RequireSerial bool     `yaml:"require_serial"`
	Args          []string `yaml:"args"`
}

// .ci/pre-commit-test.sh runs the hooks with pre-commit; this checks what it
// cannot see without one: every hook's entry is a command of this erslint, and
// which files each hook takes.
func TestPreCommitHooks(t *testing.T) {
	data, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []preCommitHook
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatalf(".pre-commit-hooks.yaml: %v", err)
	}
	byID := map[string]preCommitHook{}
	for _, h := range hooks {
		byID[h.ID] = h
		args := strings.Fields(h.Entry)
		if len(args) < 2 || args[0] != "erslint" {
			t.Errorf("hook %s: entry %q does not run erslint", h.ID, h.Entry)
			continue
		}
		if r := erslint(t, "", append(args[1:], "--help")...); r.code != 0 {
			t.Errorf("hook %s: `%s --help` exits %d: %s", h.ID, h.Entry, r.code, r.stderr)
		}
	}

	want := map[string]struct{ entry, language string }{
		"erslint":        {"erslint lint --force-exclude", "golang"},
		"erslint-system": {"erslint lint --force-exclude", "system"},
		"erslint-test":   {"erslint test", "golang"},
	}
	for id, w := range want {
		h, ok := byID[id]
		if !ok {
			t.Errorf("no hook %s", id)
			continue
		}
		if h.Entry != w.entry || h.Language != w.language {
			t.Errorf("hook %s: entry %q, language %s; want %q, %s", id, h.Entry, h.Language, w.entry, w.language)
		}
	}

	for _, id := range []string{"erslint", "erslint-system"} {
		h := byID[id]
		if h.PassFilenames == nil || !*h.PassFilenames || !h.RequireSerial {
			t.Errorf("hook %s: want pass_filenames and require_serial, so one erslint sees every file", id)
		}
		files, exclude := regexp.MustCompile(h.Files), regexp.MustCompile(h.Exclude)
		for path, linted := range map[string]bool{
			"manifests/clinic.yaml":   true,
			"trust.yml":               true,
			"notes.md":                false,
			".pre-commit-config.yaml": false,
			".pre-commit-hooks.yaml":  false,
			".erslint.yaml":           false,
			".github/workflows/x.yml": false,
			"docs/.github/x.yaml":     false, // hidden paths anywhere, as the directory walk
			"manifests/.draft.yaml":   false,
		} {
			if got := files.MatchString(path) && !exclude.MatchString(path); got != linted {
				t.Errorf("hook %s lints %s: %v, want %v", id, path, got, linted)
			}
		}
	}
	if h := byID["erslint-test"]; h.PassFilenames == nil || *h.PassFilenames || !regexp.MustCompile(h.Files).MatchString("policies/x_test.rego") {
		t.Errorf("hook erslint-test: want files .rego and pass_filenames false (erslint test takes directories)")
	}

	var config struct {
		Repos []struct {
			Repo  string          `yaml:"repo"`
			Rev   string          `yaml:"rev"`
			Hooks []preCommitHook `yaml:"hooks"`
		} `yaml:"repos"`
	}
	if err := yaml.Unmarshal([]byte(readmeSnippets(t)["pre-commit"].text), &config); err != nil {
		t.Fatalf("README.md's pre-commit snippet: %v", err)
	}
	if len(config.Repos) != 1 || config.Repos[0].Repo != "https://github.com/erslint/erslint" || config.Repos[0].Rev == "" || len(config.Repos[0].Hooks) == 0 {
		t.Fatalf("README.md's pre-commit snippet: want one repo, https://github.com/erslint/erslint with a rev and hooks: %+v", config)
	}
	for _, h := range config.Repos[0].Hooks {
		if _, ok := byID[h.ID]; !ok {
			t.Errorf("README.md's pre-commit snippet uses hook %s, which .pre-commit-hooks.yaml does not define", h.ID)
		}
	}
}

// A README snippet in a console block is a command and its output:
//
//	$ erslint ARGS...
//	OUTPUT
//
// Each is run from the repository root (without colour) and must print exactly
// OUTPUT; go test ./cmd/erslint -update rewrites README.md's copy.
func TestREADMESampleOutput(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	n := 0
	for _, s := range readmeSnippets(t) {
		cmdLine, want, ok := strings.Cut(s.text, "\n")
		args, isCommand := strings.CutPrefix(cmdLine, "$ erslint ")
		if !ok || !isCommand {
			continue
		}
		n++
		if !strings.Contains(args, "--as-of") {
			t.Errorf("snippet %s: %q has no --as-of, so its output changes with the date", s.name, cmdLine)
		}
		r := erslint(t, "", strings.Fields(args)...)
		if r.stdout == want {
			continue
		}
		if *update {
			text = strings.Replace(text, cmdLine+"\n"+want, cmdLine+"\n"+r.stdout, 1)
			continue
		}
		t.Errorf("README.md's snippet %s is not what `erslint %s` prints (go test ./cmd/erslint -update):\n%s", s.name, args, r.stdout)
	}
	if n == 0 {
		t.Fatal("README.md has no sample output snippet ($ erslint ...)")
	}
	if *update && text != string(readme) {
		if err := os.WriteFile("../../README.md", []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// README.md states the Go version go.mod requires.
func TestREADMEGoVersion(t *testing.T) {
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go ([0-9.]+)$`).FindSubmatch(mod)
	if m == nil {
		t.Fatal("go.mod has no go directive")
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	stated := regexp.MustCompile(`<!-- go-version -->([^<]*)<!-- /go-version -->`).FindSubmatch(readme)
	if stated == nil || string(stated[1]) != string(m[1]) {
		t.Errorf("README.md states Go %q; go.mod requires %s", stated, m[1])
	}
}
