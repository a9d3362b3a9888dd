// Package testtools finds the real clients erslint's tests drive (chromium,
// opa, the SARIF multitool, yaml-language-server, ...). .ci/run installs them
// under .tools/ at the repository root (binaries in .tools/bin, npm packages
// under .tools/npm); a developer may have them on PATH instead.
//
// Outside CI a missing tool skips the test with a message naming the install
// step; in CI (CI set) it fails it, so a missing install step cannot hide as a
// skip.
package testtools

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Root is the repository root (the directory holding go.mod).
func Root(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("testtools: cannot locate the repository root")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Dir is where .ci/run installs the tools.
func Dir(t testing.TB) string { return filepath.Join(Root(t), ".tools") }

// NodeModules is the node_modules directory of the npm packages .ci/run installs.
func NodeModules(t testing.TB) string { return filepath.Join(Dir(t), "npm", "node_modules") }

// Find returns the path of the executable name: .tools/bin, then the npm
// packages' .bin, then PATH. When it is absent the test is skipped, or failed
// in CI; install says how to get it (the .ci script that installs it).
func Find(t testing.TB, name, install string) string {
	t.Helper()
	if p, ok := LookPath(name); ok {
		return p
	}
	Missing(t, name+" is not installed ("+install+")")
	return ""
}

// LookPath is Find without a test (for TestMain): the path, and whether the
// tool was found.
func LookPath(name string) (string, bool) {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", false
	}
	tools := filepath.Join(filepath.Dir(file), "..", "..", ".tools")
	for _, dir := range []string{filepath.Join(tools, "bin"), filepath.Join(tools, "npm", "node_modules", ".bin")} {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return p, true
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, true
	}
	return "", false
}

// Missing skips the test outside CI and fails it in CI.
func Missing(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("CI: %s", why)
	}
	t.Skipf("skipped: %s", why)
}
