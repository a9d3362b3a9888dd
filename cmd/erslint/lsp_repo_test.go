package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func exitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

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

// The configuration is found from the workspace root, as lint finds it from
// its working directory; a broken one is said on every document (fail closed)
// and the server stays up.
func TestLSPConfiguration(t *testing.T) {
	dir := t.TempDir()
	cfg := "rules:\n  ERS-LIVE-001:\n    enabled: false\n  ERS-LIVE-005:\n    severity: error\n"
	os.WriteFile(filepath.Join(dir, ".erslint.yaml"), []byte(cfg), 0o644)
	_, text := repoFile(t, "examples/gaps/community-clinic.yaml")
	uri := fileURI(filepath.Join(dir, "clinic.yaml"))
	c := startErslintLSP(t, t.TempDir()) // elsewhere: the root, not the working directory, decides
	c.initialize(dir, map[string]any{"asOf": lspAsOf})
	c.open(uri, text)
	got := c.waitDiagnostics(uri, 1)
	want := lintJSON(t, dir, "clinic.yaml", text)
	sameFindings(t, "with the workspace's configuration", text, got, want, "utf-16")
	if hasCode(got, "ERS-LIVE-001") {
		t.Error("ERS-LIVE-001 is off in the workspace's configuration")
	}
	c.shutdown()

	os.WriteFile(filepath.Join(dir, ".erslint.yaml"), []byte("rules:\n  ERS-NOPE-001:\n    enabled: false\n"), 0o644)
	c = startErslintLSP(t, t.TempDir())
	c.initialize(dir, map[string]any{"asOf": lspAsOf})
	c.open(uri, text)
	got = c.waitDiagnostics(uri, 1)
	if len(got) != 1 || got[0].Severity != 1 || !strings.Contains(got[0].Message, "ERS-NOPE-001") {
		t.Errorf("a configuration naming an unknown rule: %+v, want one error saying so", got)
	}
	var h any
	c.result("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": ersPos{0, 0}}, &h)
	c.shutdown()
}

// An assessment date that is not a date is refused at initialize; exit
// without shutdown is status 1 (LSP 3.17).
func TestLSPInitializeAndExit(t *testing.T) {
	c := startErslintLSP(t, t.TempDir())
	m := c.request("initialize", map[string]any{"capabilities": map[string]any{}, "initializationOptions": map[string]any{"asOf": "2026-02-30"}})
	if m.Error == nil || m.Error.Code != -32602 {
		t.Errorf("initialize with asOf 2026-02-30: %+v, want invalid params", m)
	}
	c.initialize("", map[string]any{"asOf": lspAsOf})
	c.notify("exit", nil)
	<-c.done
	if code := exitCode(c.exit); code != 1 {
		t.Errorf("exit without shutdown: status %d, want 1", code)
	}
}
