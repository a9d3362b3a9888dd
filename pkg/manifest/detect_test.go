package manifest

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLooksLikeManifest(t *testing.T) {
	tests := []struct {
		name, src string
		want      bool
	}{
		{"manifest", "apiVersion: ers-onboarding/v1\nkind: OnboardingManifest\n", true},
		{"apiVersion only", "apiVersion: ers-onboarding/v1\n", true},
		{"kind only", "kind: OnboardingManifest\nmetadata: {name: x}\n", true},
		{"apiVersion misspelt", "apiVersion: ers-onbaording/v1\nkind: OnbordingManifest\n", true},
		{"apiVersion key misspelt", "apiVerison: ers-onbaording/v1\n", true},
		{"kind misspelt", "kind: OnboadingManifst\nmetadata: {name: x}\n", true},
		{"no apiVersion, sections", "metadata: {name: x}\norganization: {name: y}\n", true},
		{"stage only", "stage: planning\n", true},
		{"registration authority misspelt", "registrationAuthorty: {inPlace: true}\n", true},
		{"governance", "governance: {screenFilters: true}\n", true},
		{"goLive with hyphen", "go-live: {}\n", true},
		{"commented out", "# apiVersion: ers-onboarding/v1\nfoo: bar\n", true},
		{"syntax error", "services: [\n", true},
		{"not UTF-8", "a: \xff\xfe\n", true},
		{"list of manifests", "- apiVersion: ers-onboarding/v1\n", true},
		{"second document", "version: '3'\n---\nkind: OnboardingManifest\n", true},
		{"docker compose", "services:\n  web:\n    image: nginx\n    ports: ['80:80']\nvolumes: {}\n", false},
		{"workflow", "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test ./...\n", false},
		{"kubernetes", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {}\n", false},
		{"pre-commit hooks (a list)", "- id: x\n  entry: y\n", false},
		{"scalar", "hello\n", true},
		{"empty", "", true},
		{"null document", "~\n", true},
		{"comments only", "# nothing here\n", true},
		{"compose and an empty document", "services: {}\n---\n", false},
		{"gitlab ci", "stages: [build]\nbuild:\n  stage: build\n  script: [make]\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Parse("x.yaml", []byte(tt.src), DefaultLimits)
			if got := LooksLikeManifest(f, []byte(tt.src)); got != tt.want {
				t.Errorf("LooksLikeManifest(%q) = %v, want %v", tt.src, got, tt.want)
			}
		})
	}
}

// Fail closed on this repository's own files: every YAML file under examples/
// and testdata/ (compliant manifests, manifests with gaps, and the hostile and
// broken ones) is taken as a manifest; its other YAML (the action, the hooks,
// the workflows, the example configuration) is not.
func TestLooksLikeManifestOnTheRepository(t *testing.T) {
	root := filepath.Join("..", "..")
	n := 0
	for _, dir := range []string{"examples", "testdata"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) || !d.Type().IsRegular() {
				return err
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return nil // an unreadable test file: the walk reports it, not this
			}
			n++
			if !LooksLikeManifest(Parse(p, src, DefaultLimits), src) {
				t.Errorf("%s is not taken as a manifest: a walk would skip it", p)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n < 50 {
		t.Fatalf("read %d files under examples/ and testdata/", n)
	}
	others, _ := filepath.Glob(filepath.Join(root, ".github", "workflows", "*.yml"))
	others = append(others, filepath.Join(root, "action.yml"), filepath.Join(root, ".pre-commit-hooks.yaml"),
		filepath.Join(root, "docs", "examples", "erslint-config.yaml"), filepath.Join(root, "docs", "examples", "erslint-workflow.yml"))
	for _, p := range others {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if LooksLikeManifest(Parse(p, src, DefaultLimits), src) {
			t.Errorf("%s is taken as a manifest", p)
		}
	}
}
