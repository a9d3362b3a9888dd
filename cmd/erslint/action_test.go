package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// action.yml, read as GitHub reads it. Its shell steps run here as the runner runs
// them: bash -eo pipefail, ${{ }} expressions evaluated into the step's env, outputs
// read from GITHUB_OUTPUT. The steps that use other actions (setup-go, upload-sarif)
// are checked for their wiring only.
type actionMetadata struct {
	Inputs map[string]struct {
		Description string `yaml:"description"`
		Default     string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Value string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string       `yaml:"using"`
		Steps []actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

type actionStep struct {
	Name  string            `yaml:"name"`
	ID    string            `yaml:"id"`
	If    string            `yaml:"if"`
	Uses  string            `yaml:"uses"`
	Shell string            `yaml:"shell"`
	Env   map[string]string `yaml:"env"`
	With  map[string]string `yaml:"with"`
	Run   string            `yaml:"run"`
}

func readAction(t *testing.T) (actionMetadata, string) {
	t.Helper()
	data, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a actionMetadata
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	return a, string(data)
}

func (a actionMetadata) step(t *testing.T, match func(actionStep) bool, what string) actionStep {
	t.Helper()
	for _, s := range a.Runs.Steps {
		if match(s) {
			return s
		}
	}
	t.Fatalf("action.yml has no step %s", what)
	return actionStep{}
}

func stepWithID(id string) func(actionStep) bool {
	return func(s actionStep) bool { return s.ID == id }
}

func usesAction(prefix string) func(actionStep) bool {
	return func(s actionStep) bool { return strings.HasPrefix(s.Uses, prefix) }
}

var actionExpression = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

// actionStepRun is one run of a shell step.
type actionStepRun struct {
	stdout, stderr string
	code           int
	outputs        map[string]string
	summary        string // what the step appended to GITHUB_STEP_SUMMARY
}

// runStep runs a shell step of action.yml in the repository root, with the
// expressions of its env taken from context (inputs.*, github.*, runner.*, steps.*).
func runActionStep(t *testing.T, s actionStep, context map[string]string, extraEnv ...string) actionStepRun {
	t.Helper()
	return runActionStepIn(t, "../..", s, context, extraEnv...)
}

// runActionStepIn is runActionStep in the workspace dir.
func runActionStepIn(t *testing.T, dir string, s actionStep, context map[string]string, extraEnv ...string) actionStepRun {
	t.Helper()
	if s.Shell != "bash" || s.Run == "" {
		t.Fatalf("step %s is not a bash step", s.ID)
	}
	tmp := t.TempDir()
	outputFile, summaryFile := filepath.Join(tmp, "output"), filepath.Join(tmp, "summary")
	env := append(freshCacheEnv(t), "GITHUB_OUTPUT="+outputFile, "GITHUB_STEP_SUMMARY="+summaryFile, "NO_COLOR=1")
	for name, value := range s.Env {
		value = actionExpression.ReplaceAllStringFunc(value, func(e string) string {
			key := actionExpression.FindStringSubmatch(e)[1]
			v, ok := context[key]
			if !ok {
				t.Fatalf("step %s: env %s uses ${{ %s }}, which this test does not know", s.ID, name, key)
			}
			return v
		})
		env = append(env, name+"="+value)
	}
	env = append(env, extraEnv...)
	script := filepath.Join(tmp, "step.sh")
	if err := os.WriteFile(script, []byte(s.Run), 0o644); err != nil {
		t.Fatal(err)
	}
	// GitHub runs shell: bash as bash --noprofile --norc -eo pipefail {0}.
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", script)
	cmd.Dir = dir
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := actionStepRun{stdout: out.String(), stderr: errb.String(), outputs: map[string]string{}}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(outputFile); err == nil {
		for line := range strings.Lines(string(data)) {
			if k, v, ok := strings.Cut(strings.TrimSuffix(line, "\n"), "="); ok {
				r.outputs[k] = v
			}
		}
	}
	if data, err := os.ReadFile(summaryFile); err == nil {
		r.summary = string(data)
	}
	if p := r.outputs["sarif-file"]; p != "" {
		keepSARIFFrom(t, cmd.Dir, []string{p}, "")
	}
	return r
}

// actionContext is the expressions' values for a run with these inputs.
func actionContext(t *testing.T, a actionMetadata, runnerTemp string, inputs map[string]string) map[string]string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	c := map[string]string{"github.action_path": root, "runner.temp": runnerTemp}
	for name, in := range a.Inputs {
		c["inputs."+name] = in.Default
		if actionExpression.MatchString(in.Default) {
			c["inputs."+name] = "" // github.event.pull_request.*: not a pull request
		}
	}
	for name, v := range inputs {
		if _, ok := a.Inputs[name]; !ok {
			t.Fatalf("action.yml has no input %s", name)
		}
		c["inputs."+name] = v
	}
	return c
}

func TestActionWiring(t *testing.T) {
	a, text := readAction(t)
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using is %q, want composite", a.Runs.Using)
	}
	for _, s := range a.Runs.Steps {
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %q puts an expression in its script: pass it through env, so no input is run as code", s.Name)
		}
	}
	for name := range a.Inputs {
		if !regexp.MustCompile(`inputs\.` + regexp.QuoteMeta(name) + `[^a-z0-9_-]`).MatchString(text) {
			t.Errorf("input %s is never used", name)
		}
	}
	setup := a.step(t, usesAction("actions/setup-go@"), "that uses actions/setup-go")
	if setup.With["go-version-file"] != "${{ github.action_path }}/go.mod" || !strings.Contains(setup.If, "inputs.setup-go == 'true'") {
		t.Errorf("setup-go: with %v, if %q; want the Go of the action's go.mod, unless setup-go is false", setup.With, setup.If)
	}
	upload := a.step(t, usesAction("github/codeql-action/upload-sarif@"), "that uploads SARIF")
	if !strings.Contains(upload.If, "always()") || !strings.Contains(upload.If, "inputs.upload-sarif == 'true'") || upload.With["sarif_file"] != "${{ steps.lint.outputs.sarif-file }}" {
		t.Errorf("upload-sarif: if %q, with %v; want it to run after a failing lint step too, when upload-sarif is true, on the report lint wrote", upload.If, upload.With)
	}
	if a.Outputs["exit-code"].Value != "${{ steps.lint.outputs.exit-code }}" || a.Outputs["sarif-file"].Value != "${{ steps.lint.outputs.sarif-file }}" {
		t.Errorf("outputs: %+v", a.Outputs)
	}

	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for name := range a.Inputs {
		if !strings.Contains(string(readme), "| `"+name+"` |") {
			t.Errorf("README.md's table of the action's inputs lacks %s", name)
		}
	}
}

// The default install builds erslint from the action's checkout; the lint step then
// runs it on the examples as a workflow would.
func TestActionLintsAsAWorkflowWould(t *testing.T) {
	a, _ := readAction(t)
	runnerTemp := t.TempDir()
	install := runActionStep(t, a.step(t, stepWithID("install"), "install"), actionContext(t, a, runnerTemp, nil))
	bin := install.outputs["path"]
	if install.code != 0 || bin != filepath.Join(runnerTemp, "erslint-bin", "erslint") || !strings.HasPrefix(install.stdout, "erslint ") {
		t.Fatalf("install: exit %d, outputs %v\n%s%s", install.code, install.outputs, install.stdout, install.stderr)
	}
	lint := a.step(t, stepWithID("lint"), "lint")

	tests := []struct {
		name     string
		inputs   map[string]string
		code     int
		stdout   []string
		sarif    bool
		summary  bool
		stderrIn string
	}{
		{
			name:   "compliant examples pass",
			inputs: map[string]string{"paths": "examples/gp-practice.yaml\nexamples/nhs-trust.yaml   examples/independent-sector-provider.yaml\n", "as-of": "2026-11-24"},
			code:   0, stdout: []string{"no findings in 3 files"}, sarif: true, summary: true,
		},
		{
			name:   "gaps fail with annotations and a job summary",
			inputs: map[string]string{"paths": "examples/", "as-of": "2026-11-24"},
			code:   1, stdout: []string{"::error file=examples/gaps/community-clinic.yaml,line=25,col=14,endLine=25,title=ERS-CON-002::contract NHSSC-2025-0042"}, sarif: true, summary: true,
		},
		{
			name:   "fail-level none passes the gaps",
			inputs: map[string]string{"paths": "examples/", "as-of": "2026-11-24", "fail-level": "none"},
			code:   0, sarif: true, summary: true,
		},
		{
			name:   "format text",
			inputs: map[string]string{"paths": "examples/gaps", "as-of": "2026-11-24", "format": "text"},
			code:   1, stdout: []string{"examples/gaps/community-clinic.yaml:25:14: error ERS-CON-002 "}, sarif: true,
		},
		{
			name:   "a path that does not exist is exit 2, with no report to upload",
			inputs: map[string]string{"paths": "examples/nope.yaml", "as-of": "2026-11-24"},
			code:   2, stderrIn: "examples/nope.yaml",
		},
		{
			name:   "a bad date is exit 2",
			inputs: map[string]string{"paths": "examples/", "as-of": "24/11/2026"},
			code:   2, stderrIn: "YYYY-MM-DD",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sarifFile := filepath.Join(t.TempDir(), "erslint.sarif")
			// An older run's report must not be uploaded as this one's.
			if err := os.WriteFile(sarifFile, []byte("stale"), 0o644); err != nil {
				t.Fatal(err)
			}
			tt.inputs["sarif-file"] = sarifFile
			c := actionContext(t, a, runnerTemp, tt.inputs)
			c["steps.install.outputs.path"] = bin
			r := runActionStep(t, lint, c)
			if r.code != tt.code || r.outputs["exit-code"] != string(rune('0'+tt.code)) {
				t.Fatalf("exit %d, output exit-code %q; want %d\nstdout:\n%s\nstderr:\n%s", r.code, r.outputs["exit-code"], tt.code, r.stdout, r.stderr)
			}
			for _, want := range tt.stdout {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("the log lacks %q:\n%s", want, r.stdout)
				}
			}
			if !strings.Contains(r.stderr, tt.stderrIn) {
				t.Errorf("stderr %q lacks %q", r.stderr, tt.stderrIn)
			}
			if tt.summary != (r.summary != "") {
				t.Errorf("job summary written: %v, want %v", r.summary != "", tt.summary)
			}
			if !tt.sarif {
				if _, err := os.Stat(sarifFile); err == nil || r.outputs["sarif-file"] != "" {
					t.Errorf("a SARIF file is left to upload: output sarif-file %q", r.outputs["sarif-file"])
				}
				return
			}
			if r.outputs["sarif-file"] != sarifFile {
				t.Fatalf("output sarif-file %q, want %s", r.outputs["sarif-file"], sarifFile)
			}
			data, err := os.ReadFile(sarifFile)
			if err != nil {
				t.Fatal(err)
			}
			var sarif struct {
				Version string `json:"version"`
				Runs    []struct {
					Results []json.RawMessage `json:"results"`
				} `json:"runs"`
			}
			if err := json.Unmarshal(data, &sarif); err != nil || sarif.Version != "2.1.0" || len(sarif.Runs) != 1 {
				t.Fatalf("not a SARIF 2.1.0 report (%v): %.200s", err, data)
			}
			if hasResults := len(sarif.Runs[0].Results) > 0; hasResults != (tt.code == 1 || tt.inputs["fail-level"] == "none") {
				t.Errorf("SARIF has %d results", len(sarif.Runs[0].Results))
			}
		})
	}
}

// With version set, the install step go installs that version of the module.
func TestActionInstallsARequestedVersion(t *testing.T) {
	a, _ := readAction(t)
	fakeDir, runnerTemp := t.TempDir(), t.TempDir()
	log := filepath.Join(fakeDir, "go.log")
	fakeGo := `#!/bin/sh
printf '%s\n' "GOBIN=$GOBIN" "$*" > "$FAKE_GO_LOG"
printf '#!/bin/sh\necho "erslint v1.2.3"\n' > "$GOBIN/erslint"
chmod +x "$GOBIN/erslint"
`
	if err := os.WriteFile(filepath.Join(fakeDir, "go"), []byte(fakeGo), 0o755); err != nil {
		t.Fatal(err)
	}
	r := runActionStep(t, a.step(t, stepWithID("install"), "install"), actionContext(t, a, runnerTemp, map[string]string{"version": "v1.2.3"}),
		"PATH="+fakeDir+string(os.PathListSeparator)+os.Getenv("PATH"), "FAKE_GO_LOG="+log)
	binDir := filepath.Join(runnerTemp, "erslint-bin")
	if r.code != 0 || r.outputs["path"] != filepath.Join(binDir, "erslint") || r.stdout != "erslint v1.2.3\n" {
		t.Fatalf("exit %d, outputs %v\n%s%s", r.code, r.outputs, r.stdout, r.stderr)
	}
	got, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	if want := "GOBIN=" + binDir + "\ninstall github.com/erslint/erslint/cmd/erslint@v1.2.3\n"; string(got) != want {
		t.Errorf("go was run as\n%s\nwant\n%s", got, want)
	}
}

// TestActionRunsErslintOnce: the lint step writes the SARIF report and the
// log's report with one run of erslint.
func TestActionRunsErslintOnce(t *testing.T) {
	a, _ := readAction(t)
	dir, runnerTemp := t.TempDir(), t.TempDir()
	calls := filepath.Join(dir, "calls")
	wrapper := filepath.Join(dir, "erslint")
	script := "#!/bin/sh\necho run >> \"$CALLS\"\nexec \"$REAL_ERSLINT\" \"$@\"\n"
	if err := os.WriteFile(wrapper, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	sarifFile := filepath.Join(dir, "erslint.sarif")
	c := actionContext(t, a, runnerTemp, map[string]string{"paths": "examples/", "as-of": "2026-11-24", "sarif-file": sarifFile})
	c["steps.install.outputs.path"] = wrapper
	r := runActionStep(t, a.step(t, stepWithID("lint"), "lint"), c, "CALLS="+calls, "REAL_ERSLINT="+binary)
	if r.code != 1 || r.outputs["sarif-file"] != sarifFile || !strings.Contains(r.stdout, "::error file=") || r.summary == "" {
		t.Fatalf("exit %d, outputs %v\n%s%s", r.code, r.outputs, r.stdout, r.stderr)
	}
	if got, _ := os.ReadFile(calls); string(got) != "run\n" {
		t.Errorf("erslint ran %d times, want once", strings.Count(string(got), "run"))
	}
}

// TestActionOnPullRequest: on a pull request the action reports only what the
// pull request introduces, fetching the base commit a shallow checkout
// (actions/checkout's default) lacks; the job summary and the Markdown file
// show the change per organisation.
func TestActionOnPullRequest(t *testing.T) {
	a, _ := readAction(t)
	origin := manifestRepo(t)
	base := strings.TrimSpace(git(t, origin, "rev-parse", "HEAD"))
	editFile(t, filepath.Join(origin, "manifests", "gp.yaml"), "url: internet-facing", "url: other")
	git(t, origin, "commit", "-q", "-am", "pull request")
	workspace := filepath.Join(t.TempDir(), "workspace")
	git(t, origin, "clone", "-q", "--depth", "1", "file://"+origin, workspace)

	dir := t.TempDir()
	md := filepath.Join(dir, "erslint.md")
	c := actionContext(t, a, t.TempDir(), map[string]string{"paths": "manifests", "as-of": "2026-11-24", "new-from-rev": base,
		"sarif-file": filepath.Join(dir, "erslint.sarif"), "markdown-file": md})
	c["steps.install.outputs.path"] = binary
	lint := a.step(t, stepWithID("lint"), "lint")
	gitEnv := []string{"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1", "GIT_ALLOW_PROTOCOL=file"}
	r := runActionStepIn(t, workspace, lint, c, gitEnv...)
	if r.code != 1 || r.outputs["markdown-file"] != md {
		t.Fatalf("exit %d, outputs %v\n%s%s", r.code, r.outputs, r.stdout, r.stderr)
	}
	var annotations []string
	for _, l := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(l, "::") {
			annotations = append(annotations, l)
		}
	}
	if len(annotations) != 1 || !strings.HasPrefix(annotations[0], "::error file=manifests/gp.yaml,") || !strings.Contains(annotations[0], "title=ERS-ACC-001::") {
		t.Errorf("annotations %q, want the one the pull request introduced", annotations)
	}
	want := "### Changes since " + base + "\n\n**1 finding introduced, 0 findings resolved** in 1 organisation."
	if !strings.Contains(r.summary, want) {
		t.Errorf("the job summary lacks %q:\n%s", want, r.summary)
	}
	if data, err := os.ReadFile(md); err != nil || !strings.Contains(string(data), want) {
		t.Errorf("the Markdown file lacks %q (%v):\n%s", want, err, data)
	}

	// A revision nobody has: exit 2, naming the fix.
	c["inputs.new-from-rev"] = strings.Repeat("0", 40)
	r = runActionStepIn(t, workspace, lint, c, gitEnv...)
	if r.code != 2 || !strings.Contains(r.stderr, "fetch-depth: 0") || r.outputs["sarif-file"] != "" {
		t.Errorf("exit %d, outputs %v, stderr %q; want 2, naming fetch-depth: 0", r.code, r.outputs, r.stderr)
	}
}

// TestActionGoCache: setup-go's own cache is off (its key hashes files in the
// workspace only, and the action's go.sum is not there, so it never restored);
// the action keys actions/cache on its own go.sum and go.mod instead.
func TestActionGoCache(t *testing.T) {
	a, _ := readAction(t)
	setup := a.step(t, usesAction("actions/setup-go@"), "that uses actions/setup-go")
	if setup.With["cache"] != "false" || setup.With["cache-dependency-path"] != "" {
		t.Errorf("setup-go: with %v; want cache: false", setup.With)
	}
	cache := a.step(t, usesAction("actions/cache@"), "that uses actions/cache")
	if cache.With["key"] != "${{ steps.go-cache.outputs.key }}" || !strings.Contains(cache.With["path"], "${{ steps.go-cache.outputs.gocache }}") ||
		!strings.Contains(cache.With["path"], "${{ steps.go-cache.outputs.gomodcache }}") {
		t.Errorf("actions/cache: with %v", cache.With)
	}
	step := a.step(t, stepWithID("go-cache"), "go-cache")
	env := []string{"RUNNER_OS=Linux", "RUNNER_ARCH=X64"}
	r := runActionStep(t, step, actionContext(t, a, t.TempDir(), nil), env...)
	key := r.outputs["key"]
	if r.code != 0 || !strings.HasPrefix(key, r.outputs["prefix"]) || !strings.HasPrefix(key, "erslint-go-Linux-X64-go1.") || r.outputs["gocache"] == "" || r.outputs["gomodcache"] == "" {
		t.Fatalf("exit %d, outputs %v\n%s", r.code, r.outputs, r.stderr)
	}
	// The key follows the action's go.sum: a copy of the action with another one has another key.
	other := t.TempDir()
	copyFile(t, "../../go.mod", filepath.Join(other, "go.mod"))
	if err := os.WriteFile(filepath.Join(other, "go.sum"), []byte("changed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := actionContext(t, a, t.TempDir(), map[string]string{"version": "v1.2.3"})
	c["github.action_path"] = other
	r2 := runActionStep(t, step, c, env...)
	if r2.outputs["key"] == key || !strings.HasSuffix(r2.outputs["key"], "-v1.2.3") {
		t.Errorf("key %q for another go.sum and version, %q before", r2.outputs["key"], key)
	}
}
