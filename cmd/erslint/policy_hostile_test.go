package main

// Hostile manifests and policies aimed at the verdict itself (issue 10): values
// the rules cannot compute with, custom policies that reach into the built-in
// namespaces or the host, documents too big to evaluate. Each is linted beside
// a good manifest, which must still be checked in full.

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// policyHostileDir holds manifests that once made rules silently pass.
const policyHostileDir = "testdata/policy"

// TestValuesRulesCannotComputeAreReported lints testdata/policy beside the
// good manifest and its copy with one gap: every finding of the hostile files
// is pinned in testdata/policy/expected.txt (-update rewrites it).
func TestValuesRulesCannotComputeAreReported(t *testing.T) {
	gap := gapCopy(t)
	r := erslint(t, "", "lint", asOf, policyHostileDir, "examples/nhs-trust.yaml", gap)
	if r.code != 1 || r.stderr != "" {
		t.Fatalf("exit %d, want 1\nstderr:\n%s", r.code, r.stderr)
	}
	byFile := map[string][]reported{}
	var hostile []string
	for _, line := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
		if strings.HasPrefix(line, policyHostileDir+"/") {
			hostile = append(hostile, line)
		}
	}
	for _, f := range parseReport(t, r.stdout) {
		byFile[f.file] = append(byFile[f.file], f)
	}
	if fs := byFile["examples/nhs-trust.yaml"]; len(fs) != 0 {
		t.Errorf("the good manifest has findings: %+v", fs)
	}
	if fs := byFile[gap]; len(fs) != 1 || fs[0].rule != "ERS-GOV-005" || fs[0].line != 30 {
		t.Errorf("the copy with a gap: %+v, want ERS-GOV-005 at line 30 only", fs)
	}
	// What each file is about must be reported by a rule, not only by the schema.
	for file, rule := range map[string]string{
		"waiver-expires-year-0226.yaml": "ERS-WAIVER-001",
		"contract-ended-year-1000.yaml": "ERS-CON-002",
		"dspt-published-3026.yaml":      "ERS-GOV-002",
		"waiver-expires-year-2200.yaml": "ERS-WAIVER-001",
		"contract-1850-to-2250.yaml":    "ERS-CON-002",
	} {
		found := false
		for _, f := range byFile[policyHostileDir+"/"+file] {
			found = found || (f.rule == rule && f.severity == "error")
		}
		if !found {
			t.Errorf("%s: no %s error", file, rule)
		}
	}
	// The waiver that cannot expire suppresses nothing: its finding is reported.
	for _, file := range []string{"waiver-expires-year-0226.yaml", "waiver-expires-year-2200.yaml"} {
		if !strings.Contains(r.stdout, file+":47:18: warning ERS-GOV-003 ") {
			t.Errorf("ERS-GOV-003 is still waived by the waiver of %s, whose expiry the schema refuses:\n%s", file, r.stdout)
		}
	}
	checkGolden(t, filepath.Join("..", "..", "..", policyHostileDir, "expected.txt"), strings.Join(hostile, "\n")+"\n")
}

func TestAssessmentDateOutsideTheRulesRange(t *testing.T) {
	tests := []struct {
		asOf   string
		code   int
		stderr string
	}{
		{"1900-01-01", 1, ""}, // the DSPT is then published in the future: the rules compute
		{"2199-12-31", 1, ""}, // the contracts have ended by then
		{"2263-01-01", 2, "--as-of: assessment date 2263-01-01 is outside the years 1900 to 2199"},
		{"1677-09-20", 2, "--as-of: assessment date 1677-09-20 is outside the years 1900 to 2199"},
		{"0001-01-01", 2, "outside the years 1900 to 2199"},
		{"2026-02-30", 2, `--as-of: assessment date "2026-02-30" is not a date YYYY-MM-DD`},
	}
	for _, tt := range tests {
		t.Run(tt.asOf, func(t *testing.T) {
			r := erslint(t, "", "lint", "--as-of", tt.asOf, "examples/nhs-trust.yaml")
			if r.code != tt.code || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("exit %d, want %d with %q\nstdout:\n%s\nstderr:\n%s", r.code, tt.code, tt.stderr, r.stdout, r.stderr)
			}
		})
	}
}

// A custom policy that redefines the assessment date made every built-in time
// rule judge by its date while the report showed the user's: refused, exit 2,
// file:line, by lint and by test alike.
func TestCustomPolicyInBuiltinNamespaceIsRefused(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"date.rego":      "package erslint.config\n\nasOf := \"2199-01-01\"\n",
		"date_test.rego": "package org.date_test\n\ntest_date if data.erslint.config.asOf == \"2199-01-01\"\n",
	})
	for _, args := range [][]string{
		{"lint", asOf, "--policy", dir, "examples/nhs-trust.yaml"},
		{"test", dir},
	} {
		r := erslint(t, "", args...)
		want := filepath.Join(dir, "date.rego") + ":3: asOf: a custom policy cannot define erslint.config.asOf, in the built-in namespace erslint.config"
		if r.code != 2 || !strings.Contains(r.stderr, want) || r.stdout != "" {
			t.Errorf("erslint %s: exit %d, want 2 with %q\nstdout:\n%s\nstderr:\n%s", args[0], r.code, want, r.stdout, r.stderr)
		}
	}
}

// json.match_schema followed a $ref to a FIFO and hung the run past
// --eval-timeout (and read any host file): a policy that calls it is refused
// at load, before anything is read.
func TestPolicyCannotReadHostFilesThroughSchemas(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"probe.rego": `# METADATA
# title: Probe
# custom:
#   id: ORG-PROBE-001
#   severity: error
#   stage: planning
package erslint.rules.org.probe

deny contains {"msg": sprintf("%v", [r]), "path": []} if {
	r := json.match_schema({}, {"$ref": "file:///etc/passwd"})
}
`})
	r := erslint(t, "", "lint", asOf, "--policy", dir, "examples/nhs-trust.yaml")
	want := filepath.Join(dir, "probe.rego") + ":10:7: undefined function json.match_schema (not available to erslint policies: a schema's $ref can read host files)"
	if r.code != 2 || !strings.Contains(r.stderr, want) {
		t.Errorf("exit %d, want 2 with %q\nstderr:\n%s", r.code, want, r.stderr)
	}
}

// A manifest with 60,000 small contracts (1.7 MB), or 30,000 aliased services
// (212 KB), took longer than --eval-timeout: the run used to exit 2 with no
// report. Each is now one finding at its first key, beside the schema's
// limit on the list, and the other files are reported in full. Generated
// here, not committed.
func TestDocumentTooBigToEvaluateIsAFinding(t *testing.T) {
	src := readExample(t, "independent-sector-provider.yaml")
	rename := func(s, name, ods string) string {
		s = strings.Replace(s, "name: example-msk-clinic", "name: "+name, 1)
		return strings.Replace(s, `odsCode: "8HV48"`, `odsCode: "`+ods+`"`, 1)
	}
	contracts := rename(strings.Replace(src, "    contracts:\n", "    contracts:\n"+strings.Repeat("      - {paymentAgreed: true}\n", 60000), 1), "many-contracts", "8HV51")
	start, end := strings.Index(src, "services:\n"), strings.Index(src, "registrationAuthority:")
	services := rename(src[:start]+"services:\n  - &s {id: a, name: A, contracts: [{paymentAgreed: false}]}\n"+
		strings.Repeat("  - *s\n", 29999)+src[end:], "many-services", "8HV52")
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"contracts.yaml": contracts, "services.yaml": services})
	gap := gapCopy(t)
	r := erslint(t, "", "lint", asOf, "--eval-timeout=1s", dir, "examples/nhs-trust.yaml", gap)
	if r.code != 1 || r.stderr != "" {
		t.Fatalf("exit %d, want 1\nstderr:\n%s", r.code, r.stderr)
	}
	byFile := map[string][]reported{}
	for _, f := range parseReport(t, r.stdout) {
		byFile[filepath.Base(f.file)] = append(byFile[filepath.Base(f.file)], f)
	}
	// Each list is reported once and checked up to its limit: the rules then
	// finish (or, on a loaded machine, the time limit is a finding at 3:1);
	// no finding is about an item past the limit.
	for file, list := range map[string]string{"contracts.yaml": "services[0].contracts lists 60001 items, over the limit of 100; only its first 100 were checked",
		"services.yaml": "services lists 30000 items, over the limit of 1000; only its first 1000 were checked"} {
		var timeout, bound bool
		past := 0
		for _, f := range byFile[file] {
			timeout = timeout || (f.rule == "ERS-SCHEMA-001" && f.line == 3 && f.col == 1 &&
				strings.HasPrefix(f.message, "the rules could not be evaluated on this document within the time limit of 1s"))
			bound = bound || strings.Contains(strings.Replace(f.message, " (far more than any organisation has)", "", 1), list)
			if (file == "contracts.yaml" && f.line > 18+100) || strings.Contains(f.message, "#101 ") || strings.Contains(f.message, "services[1000]") {
				past++
			}
		}
		if !bound || past > 0 || !timeout && len(byFile[file]) < 2 {
			t.Errorf("%s: list bound %v, %d findings past the limit, time limit %v; findings:\n%+v", file, bound, past, timeout, byFile[file])
		}
	}
	if fs := byFile["nhs-trust.yaml"]; len(fs) != 0 {
		t.Errorf("the good manifest has findings: %+v", fs)
	}
	if fs := byFile["gap.yaml"]; len(fs) != 1 || fs[0].rule != "ERS-GOV-005" {
		t.Errorf("the copy with a gap: %+v, want ERS-GOV-005 only", fs)
	}
}

// A 1 MiB service name on a service with 200 broken contracts made a 210 MB
// text report (773 MB of memory; 4 MiB ran out of memory): every message
// quoted the name whole. Every quoted value is now clipped, by the schema's
// messages and the rules' alike, so the report grows with the findings only.
// Generated here, not committed.
func TestHugeValueGivesABoundedReport(t *testing.T) {
	src := readExample(t, "independent-sector-provider.yaml")
	huge := strings.Repeat("x", 1<<20)
	var contracts strings.Builder
	for i := range 200 {
		commissioner := "*big" // the same 1 MiB name, by an alias
		if i == 0 {
			commissioner = "&big " + huge
		}
		fmt.Fprintf(&contracts, "      - {reference: R%d, commissioner: {name: %s, odsCode: \"8HV53\"}, start: \"2025-04-01\", end: \"2028-03-31\", paymentAgreed: false}\n", i, commissioner)
	}
	for old, repl := range map[string]string{
		"name: example-msk-clinic": "name: huge-values",
		`odsCode: "8HV48"`:         `odsCode: "8HV53"`,
		"name: MSK Physiotherapy":  "name: " + huge,
		"    contracts:\n":         "    contracts:\n" + contracts.String(),
	} {
		src = strings.Replace(src, old, repl, 1)
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"huge.yaml": src})
	for _, format := range []string{"text", "json", "sarif"} {
		r := erslint(t, "", "lint", asOf, "--format", format, dir, "examples/nhs-trust.yaml")
		if r.code != 1 || r.stderr != "" {
			t.Fatalf("%s: exit %d, want 1\nstderr:\n%s", format, r.code, r.stderr)
		}
		// About 800 findings (CON-003 and ODS-002 on each contract, the
		// schema's length errors): a few hundred bytes each, not megabytes.
		if len(r.stdout) > 1<<20 {
			t.Errorf("%s report is %d bytes for a few hundred findings", format, len(r.stdout))
		}
		if format != "text" {
			continue
		}
		for _, want := range []string{
			`error ERS-SCHEMA-001 services[0].name is 1048576 characters long, over the limit of 200 (no real name is that long): shorten it; got "` + huge[:60] + `…" (1048576 characters)`,
			`error ERS-CON-003 contract R0 with ` + huge[:60] + `… for service "msk-physio" (` + huge[:60] + `…) does not record`,
			`error ERS-ODS-002 the commissioner ` + huge[:60] + `… of contract R0 for service "msk-physio" (` + huge[:60] + `…) has the ODS code 8HV53`,
		} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("no line with %q", want)
			}
		}
		for _, line := range strings.Split(r.stdout, "\n") {
			if len(line) > 1000 {
				t.Errorf("a line of %d bytes: %.200s", len(line), line)
				break
			}
		}
		if strings.Contains(r.stdout, "examples/nhs-trust.yaml") {
			t.Errorf("the good manifest has findings")
		}
	}
}
