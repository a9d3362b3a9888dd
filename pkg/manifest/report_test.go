package manifest

import (
	"os"
	"strings"
	"testing"
)

// TestIsReport: erslint's reports are recognised by their content, and a
// manifest carrying a report's mark is still a manifest.
func TestIsReport(t *testing.T) {
	example, err := os.ReadFile("../../examples/gp-practice.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const jsonReport = `{
  "schemaVersion": 1,
  "tool": {
    "name": "erslint",
    "version": "dev"
  },
  "summary": {"files": 1},
  "organisations": [{"file": "a.yaml", "stage": "live", "name": "x"}],
  "findings": [{"ruleId": "ERS-ODS-001", "path": "organisation.odsCode"}]
}
`
	tests := []struct {
		name, src, want string
	}{
		{"json report", jsonReport, "json"},
		{"forecast json report", `{"schemaVersion": 1, "tool": {"name": "erslint"}, "documents": []}`, "json"},
		{"sarif report", `{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [{"tool": {"driver": {"name": "erslint"}}, "results": []}]}`, "sarif"},
		{"junit report", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"erslint\" tests=\"1\" failures=\"0\">\n</testsuites>\n", "junit"},
		{"html report", "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta name=\"generator\" content=\"erslint dev\">\n", "html"},
		{"markdown report", "## erslint: e-RS onboarding readiness\n\n✅ **no findings**\n", "markdown"},
		{"forecast markdown report", "## erslint look-ahead, 2026-11-24 to 2027-02-22\n\nNo change.\n", "markdown"},
		{"a manifest", string(example), ""},
		{"sarif of another tool", `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "kubeconform"}}}]}`, ""},
		{"json of another tool", `{"schemaVersion": 1, "tool": {"name": "other"}}`, ""},
		// A manifest cannot hide behind a report's mark.
		{"manifest with report keys", string(example) + "schemaVersion: 1\ntool:\n  name: erslint\n", ""},
		{"json manifest with report keys", `{"schemaVersion": 1, "tool": {"name": "erslint"}, "apiVersion": "ers-onboarding/v1"}`, ""},
		{"json report and a manifest after it", jsonReport + "---\n" + string(example), ""},
		{"markdown heading over a manifest", "## erslint: e-RS onboarding readiness\n" + string(example), ""},
		{"markdown heading over a broken manifest", "## erslint: e-RS onboarding readiness\n" + strings.Replace(string(example), "network: internet", "network: [internet", 1), ""},
		{"markdown heading over a flow-style manifest", "## erslint: e-RS onboarding readiness\n{ kind: OnboardingManifest, stage: live }\n", ""},
		{"html mark over a manifest", "<!DOCTYPE html>\n<meta name=\"generator\" content=\"erslint dev\">\n\"stage\" : live\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Parse("report.yaml", []byte(tt.src), Limits{})
			got, ok := IsReport(f, []byte(tt.src))
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("IsReport = %q, %v; want %q", got, ok, tt.want)
			}
		})
	}
}
