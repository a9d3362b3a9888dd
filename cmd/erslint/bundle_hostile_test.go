package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestBundleHostileRequests posts requests that are not what the decision
// expects to the real OPA: every one must get a defined decision (post fails
// the test on a response without "result") with an ERS-SCHEMA-001 error, not
// suppressed, that says what is wrong. A client that read "no result" as "no
// findings" would let the organisation through.
func TestBundleHostileRequests(t *testing.T) {
	file := filepath.Join(t.TempDir(), "erslint-bundle.tar.gz")
	if r := erslint(t, "", "bundle", "--config", bundleConfig, "--output", file); r.code != 0 {
		t.Fatalf("erslint bundle: exit %d\n%s", r.code, r.stderr)
	}
	opa := startOPA(t, "--bundle", file)
	manifest := `{"apiVersion": "ers-onboarding/v1", "kind": "OnboardingManifest", "metadata": {"name": "clinic"},
		"stage": "planning", "organisation": {"name": "Clinic", "type": "gp-practice", "newToErs": true},
		"devices": [{"name": "PCs", "count": COUNT, "os": "windows-11", "browser": "edge", "browserVersion": 131}]}`
	good := strings.Replace(manifest, "COUNT", "8", 1)
	withCount := func(n string) string {
		return `{"input": {"asOf": "2026-11-24", "manifest": ` + strings.Replace(manifest, "COUNT", n, 1) + `}}`
	}
	const shape = `{"input": {"manifest": <one manifest document>, "asOf": "YYYY-MM-DD"}}`
	tests := []struct {
		name, body    string
		path, message string // the blocking finding expected
	}{
		{"an empty body", ``, "", "the request's input must be an object, " + shape + "; got no input"},
		{"no input", `{}`, "", "the request's input must be an object, " + shape + "; got no input"},
		{"a null input", `{"input": null}`, "", "the request's input must be an object, " + shape + "; got no input"},
		{"an array input", `{"input": [` + good + `]}`, "", "the request's input must be an object, " + shape + "; got a list"},
		{"a string input", `{"input": "clinic.yaml"}`, "", "the request's input must be an object, " + shape + `; got string "clinic.yaml"`},
		{"an empty object", `{"input": {}}`, "", `the request has no "manifest": post ` + shape},
		{"the manifest as the whole input", `{"input": ` + good + `}`, "",
			`the request has no "manifest": post ` + shape + `; the input looks like a manifest itself: put it under "manifest"`},
		{"only asOf", `{"input": {"asOf": "2026-11-24"}}`, "", `the request has no "manifest": post ` + shape},
		{"an extra key", `{"input": {"manifest": ` + good + `, "asOf": "2026-11-24", "dryRun": true}}`, "",
			`unknown key "dryRun" in the request; post ` + shape},
		{"a misspelt asOf", `{"input": {"manifest": ` + good + `, "as_of": "2026-11-24"}}`, "",
			`unknown key "as_of" in the request; did you mean "asOf"?; post ` + shape},
		{"asOf empty", `{"input": {"manifest": ` + good + `, "asOf": ""}}`, "", `asOf "" is not a date YYYY-MM-DD`},
		{"asOf malformed", `{"input": {"manifest": ` + good + `, "asOf": "24/11/2026"}}`, "", `asOf "24/11/2026" is not a date YYYY-MM-DD`},
		{"asOf with a time", `{"input": {"manifest": ` + good + `, "asOf": "2026-11-24T00:00:00Z"}}`, "", `asOf "2026-11-24T00:00:00Z" is not a date YYYY-MM-DD`},
		{"asOf not a calendar date", `{"input": {"manifest": ` + good + `, "asOf": "2026-02-30"}}`, "", `asOf "2026-02-30" is not a date YYYY-MM-DD`},
		{"asOf before 1900", `{"input": {"manifest": ` + good + `, "asOf": "1899-12-31"}}`, "",
			"asOf 1899-12-31 is outside the years 1900 to 2199, the dates the rules can compute with"},
		{"asOf after 2199", `{"input": {"manifest": ` + good + `, "asOf": "2200-01-01"}}`, "",
			"asOf 2200-01-01 is outside the years 1900 to 2199, the dates the rules can compute with"},
		{"asOf a number", `{"input": {"manifest": ` + good + `, "asOf": 20261124}}`, "",
			`asOf must be a date written as text, "YYYY-MM-DD"; got number 20261124`},
		{"asOf null", `{"input": {"manifest": ` + good + `, "asOf": null}}`, "", `asOf must be a date written as text, "YYYY-MM-DD"; got nothing (null)`},
		{"asOf an object", `{"input": {"manifest": ` + good + `, "asOf": {"date": "2026-11-24"}}}`, "",
			`asOf must be a date written as text, "YYYY-MM-DD"; got a mapping`},
		{"the manifest a list", `{"input": {"manifest": [` + good + `], "asOf": "2026-11-24"}}`, "",
			"a manifest document must be a mapping of keys to values; got a list"},
		{"the manifest null", `{"input": {"manifest": null, "asOf": "2026-11-24"}}`, "",
			"a manifest document must be a mapping of keys to values; got nothing (null)"},
		{"the manifest as text", `{"input": {"manifest": "apiVersion: ers-onboarding/v1", "asOf": "2026-11-24"}}`, "",
			`a manifest document must be a mapping of keys to values; got string "apiVersion: ers-onboarding/v1"`},
		{"an integer over 2^53", withCount("9007199254740993"), "devices[0].count",
			`the number 9007199254740993 is too large for many YAML and JSON tools to hold exactly (over 2^53); if it is a code or reference, quote it: "9007199254740993"`},
		{"a negative integer over 2^53", withCount("-123456789012345678901234567890"), "devices[0].count",
			`the number -123456789012345678901234567890 is too large for many YAML and JSON tools to hold exactly (over 2^53); if it is a code or reference, quote it: "-123456789012345678901234567890"`},
		{"a number over a float64", withCount("1e400"), "devices[0].count",
			`the number 1e400 is too large to hold; write a smaller number, or quote it as text: "1e400"`},
		{"a number that reads as 0", withCount("1e-400"), "devices[0].count",
			`the number 1e-400 is too small to hold: it would read as 0; write 0, or quote it as text: "1e-400"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := opa.post(t, []byte(tt.body))
			found := false
			for _, f := range got {
				found = found || f["ruleId"] == "ERS-SCHEMA-001" && f["severity"] == "error" && f["suppressed"] == false &&
					f["path"] == tt.path && f["message"] == tt.message
			}
			if !found {
				raw, _ := json.MarshalIndent(got, "", "  ")
				t.Errorf("no blocking ERS-SCHEMA-001 error at %q: %s\ndecision: %s", tt.path, tt.message, raw)
			}
		})
	}
}

// TestBundleJudgesNumbersAsLint posts numbers no JSON tool can hold as
// written, as JSON, and lints the same document written in YAML: the same
// findings, the rules included (both read such a number as its text).
func TestBundleJudgesNumbersAsLint(t *testing.T) {
	file := filepath.Join(t.TempDir(), "erslint-bundle.tar.gz")
	if r := erslint(t, "", "bundle", "--output", file); r.code != 0 {
		t.Fatalf("erslint bundle: exit %d\n%s", r.code, r.stderr)
	}
	opa := startOPA(t, "--bundle", file)
	const doc = `{"apiVersion": "ers-onboarding/v1", "kind": "OnboardingManifest", "metadata": {"name": "clinic"},
  "stage": "planning", "organisation": {"name": "Clinic", "type": "gp-practice", "newToErs": true, "odsCode": NUMBER},
  "devices": [{"name": "PCs", "count": NUMBER, "os": "windows-11", "browser": "edge", "browserVersion": NUMBER}]}`
	for _, n := range []string{"9007199254740992", "-9007199254740993", "123456789012345678901234567890", "1e400", "-1.5e309", "1e-400"} {
		t.Run(n, func(t *testing.T) {
			text := strings.ReplaceAll(doc, "NUMBER", n)
			want := lintFindings(t, text) // JSON is YAML: lint reads the same text
			got := opa.post(t, []byte(`{"input": {"asOf": "2026-11-24", "manifest": `+text+`}}`))
			sortFindings(want)
			sortFindings(got)
			w, _ := json.MarshalIndent(want, "", "  ")
			g, _ := json.MarshalIndent(got, "", "  ")
			if string(w) != string(g) {
				t.Errorf("OPA's decision differs from erslint lint\n--- lint\n%s\n--- opa\n%s", w, g)
			}
			if !strings.Contains(string(g), "the number "+n+" is too") {
				t.Errorf("the number %s is not reported:\n%s", n, g)
			}
		})
	}
}
