package manifest

import "testing"

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
