package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCustomPolicyCannotExhaustMemory runs erslint lint as a CI runner would,
// under a 3 GB address-space limit, with custom policies whose one built-in
// call would build gigabytes: the document is reported as not checked (exit
// 1, a report), where count(numbers.range(1, 400000000)) ended the run with Go's
// "fatal error: out of memory" and bits.lsh(1, 1e20) with a panic.
func TestCustomPolicyCannotExhaustMemory(t *testing.T) {
	for _, expr := range []string{
		`count(numbers.range(1, 400000000)) > 0`,
		`count(numbers.range_step(1, 800000000, 2)) > 0`,
		`bits.lsh(1, 100000000000000000000) > 0`,
	} {
		t.Run(expr, func(t *testing.T) {
			dir := t.TempDir()
			src := "# METADATA\n# title: Big\n# custom:\n#   id: ORG-BIG-001\n#   severity: error\n#   stage: planning\n" +
				"package erslint.rules.org.big\n\ndeny contains {\"msg\": \"big\", \"path\": []} if " + expr + "\n"
			if err := os.WriteFile(filepath.Join(dir, "big.rego"), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("sh", "-c", `ulimit -v 3000000 && exec "$0" "$@"`, binary,
				"lint", asOf, "--policy", dir, "examples/gp-practice.yaml")
			cmd.Dir = "../.."
			out, err := cmd.CombinedOutput()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != 1 || !strings.Contains(string(out), "the rules could not be evaluated on this document") ||
				!strings.Contains(string(out), "a policy called") {
				t.Errorf("exit %d, want 1 and the document reported as not checked:\n%.2000s", code, out)
			}
		})
	}
}
