package testtools

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRootHoldsGoMod(t *testing.T) {
	if _, err := os.Stat(filepath.Join(Root(t), "go.mod")); err != nil {
		t.Fatalf("Root is not the module root: %v", err)
	}
}

func TestFindOnPath(t *testing.T) {
	if p := Find(t, "go", "the Go toolchain"); p == "" {
		t.Fatal("go not found, though it runs this test")
	}
}
