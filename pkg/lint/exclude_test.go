package lint

import (
	"os"
	"path/filepath"
	"testing"
)

func TestExcludeMatches(t *testing.T) {
	base := t.TempDir()
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"docker-compose.yml", "docker-compose.yml", true},
		{"docker-compose.yml", "svc/a/docker-compose.yml", true},
		{"docker-compose.yml", "docker-compose.yaml", false},
		{"*.k8s.yaml", "deploy/web.k8s.yaml", true},
		{"node_modules", "web/node_modules/x/package.yaml", true},
		{"deploy/**", "deploy/a/b.yaml", true},
		{"deploy/**", "manifests/deploy/b.yaml", false},
		{"deploy", "manifests/deploy/b.yaml", true}, // a name: any depth
		{"charts/*/values.yaml", "charts/web/values.yaml", true},
		{"charts/*/values.yaml", "charts/web/sub/values.yaml", false},
		{"charts/**/values.yaml", "charts/web/sub/values.yaml", true},
		{"./manifests/old", "manifests/old/a.yaml", true}, // a directory covers its files
		{"manifests/old", "manifests/older/a.yaml", false},
		{"**/*.tmpl.yaml", "a/b/c.tmpl.yaml", true},
		{"**/*.tmpl.yaml", "c.tmpl.yaml", true},
	}
	for _, tt := range tests {
		e := Exclude{Base: base, Patterns: []string{tt.pattern}}
		if got := e.Matches(filepath.Join(base, tt.path)); got != tt.want {
			t.Errorf("%q matches %s: %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
	// The directory Base is in does not count: a name pattern looks below it.
	e := Exclude{Base: filepath.Join(base, "repo"), Patterns: []string{filepath.Base(base)}}
	if e.Matches(filepath.Join(base, "repo", "m.yaml")) {
		t.Error("a name pattern matched a directory above Base")
	}
	if err := (Exclude{Patterns: []string{"a/[b"}}).Check(); err == nil {
		t.Error("a malformed pattern passed Check")
	}
}

func TestExcludeFilterKeepsNamedFiles(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "docker-compose.yml")
	if err := os.WriteFile(p, []byte("services: {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	e := Exclude{Base: dir, Patterns: []string{"docker-compose.yml"}}
	kept, n := e.Filter([]Input{{Name: "a", Path: p, Walked: true}, {Name: "b", Path: p}})
	if n != 1 || len(kept) != 1 || kept[0].Name != "b" {
		t.Errorf("Filter kept %+v, excluded %d; want the named file only", kept, n)
	}
}
