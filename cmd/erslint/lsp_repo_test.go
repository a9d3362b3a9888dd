package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func lspManifest(name, ods string) string {
	return "apiVersion: ers-onboarding/v1\nkind: OnboardingManifest\nmetadata:\n  name: " + name +
		"\nstage: planning\norganisation:\n  name: Example Clinic\n  type: nhs-trust\n  odsCode: " + ods + "\n  newToErs: false\n"
}

func codes(ds []ersDiagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Code)
	}
	return out
}

func hasCode(ds []ersDiagnostic, code string) bool { return slices.Contains(codes(ds), code) }

// The cross-manifest rules compare an open document with the workspace's
// manifests on disk and with the other open documents, unsaved text included,
// as lint compares a file with its --context.
func TestLSPCrossManifest(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.yaml"), []byte(lspManifest("shared-name", "RX1")), 0o644); err != nil {
		t.Fatal(err)
	}
	c := startErslintLSP(t, dir)
	c.initialize(dir, map[string]any{"asOf": lspAsOf})
	b, bText := fileURI(filepath.Join(dir, "b.yaml")), lspManifest("shared-name", "RX2")
	c.open(b, bText)
	got := c.waitDiagnostics(b, 1)
	// lint, with the same files on disk: b.yaml and its context.
	ldir := t.TempDir()
	os.WriteFile(filepath.Join(ldir, "a.yaml"), []byte(lspManifest("shared-name", "RX1")), 0o644)
	sameFindings(t, "b.yaml beside a.yaml", bText, got, lintJSON(t, ldir, "b.yaml", bText, "--context", "."), "utf-16")
	if !hasCode(got, "ERS-REPO-002") {
		t.Fatalf("b.yaml shares metadata.name with a.yaml on disk: %v, want ERS-REPO-002", codes(got))
	}

	// Another open document, never saved, with b's ODS code: both are told.
	cURI, cText := fileURI(filepath.Join(dir, "c.yaml")), lspManifest("third-name", "RX2")
	c.open(cURI, cText)
	if got := c.waitDiagnostics(cURI, 1); !hasCode(got, "ERS-REPO-001") {
		t.Errorf("c.yaml shares the ODS code of the open b.yaml: %v, want ERS-REPO-001", codes(got))
	}
	c.waitUntil(b, "b.yaml has ERS-REPO-001 (c.yaml is open with its ODS code)", func(ds []ersDiagnostic) bool { return hasCode(ds, "ERS-REPO-001") })
	// c's unsaved edit takes the clash away.
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": cURI, "version": 2},
		"contentChanges": []any{map[string]any{"text": lspManifest("third-name", "RX3")}}})
	c.waitUntil(b, "b.yaml loses ERS-REPO-001 after c.yaml's edit", func(ds []ersDiagnostic) bool { return !hasCode(ds, "ERS-REPO-001") })
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": cURI}})
	c.waitCleared(cURI)

	// a.yaml renamed on disk; the client says the files changed.
	if err := os.WriteFile(filepath.Join(dir, "a.yaml"), []byte(lspManifest("other-name", "RX1")), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": fileURI(filepath.Join(dir, "a.yaml")), "type": 2}}})
	c.waitUntil(b, "b.yaml loses ERS-REPO-002 once a.yaml is renamed on disk", func(ds []ersDiagnostic) bool { return !hasCode(ds, "ERS-REPO-002") })
	c.shutdown()
}
