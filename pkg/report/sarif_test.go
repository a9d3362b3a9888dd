package report

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/erslint/erslint/internal/testtools"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// sarifSchemaID is the $id (draft-04 "id") of testdata/sarif-schema-2.1.0.json.
const sarifSchemaID = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// offlineLoader refuses every URL: the schema is added as a resource, and a
// test that reached for the network would be slow and flaky.
type offlineLoader struct{}

func (offlineLoader) Load(url string) (any, error) {
	return nil, errors.New("tests do not fetch schemas: " + url)
}

func compileSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("read SARIF schema: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.UseLoader(offlineLoader{})
	// The schema is draft-04, which asserts formats (uri, uri-reference) already;
	// asking for it keeps that true whatever the library's default becomes.
	c.AssertFormat()
	if err := c.AddResource(sarifSchemaID, doc); err != nil {
		t.Fatalf("add SARIF schema: %v", err)
	}
	sch, err := c.Compile(sarifSchemaID)
	if err != nil {
		t.Fatalf("compile SARIF schema: %v", err)
	}
	return sch
}

// TestSARIFMatchesSchema validates each SARIF output the tests produce against
// the OASIS schema: a golden file only proves the output did not change, not
// that code scanning will accept it.
func TestSARIFMatchesSchema(t *testing.T) {
	sch := compileSARIFSchema(t)
	clean := lintClean(t)
	odd := lintClean(t)
	odd.Findings = []finding.Finding{
		{RuleID: "ERS-ACC-001", Severity: finding.Error, Message: "from standard input", File: lint.StdinName, Line: 1, Column: 1},
		{RuleID: "ERS-GOV-003", Severity: finding.Info, Message: "odd name", File: "dir with space/a#b%c [1].yaml", Line: 2, Column: 3,
			Waiver: &finding.Waiver{Reason: "on order"}},
	}
	reports := map[string]*lint.Report{
		"golden":      lintTestdata(t), // last: it changes the working directory
		"no findings": clean,
		"odd names":   odd,
	}
	for name, rep := range reports {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := (SARIF{Version: "test"}).Write(&buf, rep); err != nil {
				t.Fatal(err)
			}
			doc, err := jsonschema.UnmarshalJSON(&buf)
			if err != nil {
				t.Fatalf("SARIF output is not JSON: %v", err)
			}
			if err := sch.Validate(doc); err != nil {
				t.Errorf("SARIF output does not match the SARIF 2.1.0 schema:\n%v", err)
			}
		})
	}
}

// TestSARIFMultitool validates the same outputs and the golden files with
// Microsoft's SARIF multitool, which checks more than the schema (relative
// URIs and their base, versions, rule metadata): no error, no warning.
func TestSARIFMultitool(t *testing.T) {
	tool := testtools.Find(t, "sarif-multitool", testtools.SARIFInstall)
	dir := t.TempDir()
	odd := lintClean(t)
	odd.Findings = []finding.Finding{
		{RuleID: "ERS-ACC-001", Severity: finding.Error, Message: "from standard input", File: lint.StdinName, Line: 1, Column: 1},
		{RuleID: "ERS-GOV-003", Severity: finding.Info, Message: "odd name", File: "dir with space/a#b%c [1].yaml", Line: 2, Column: 3,
			Waiver: &finding.Waiver{Reason: "on order", Expires: "2027-01-01"}},
		{RuleID: "ERS-GOV-003", Severity: finding.Warning, Message: "outside", File: "/elsewhere/x.yaml", Line: 2, Column: 3},
		{RuleID: "ERS-GOV-003", Severity: finding.Warning, Message: "colon", File: "c:d.yaml", Line: 2, Column: 3},
	}
	var buf bytes.Buffer
	for _, v := range []string{"v1.2.3", "dev", ""} {
		buf.Reset()
		if err := (SARIF{Version: v}).Write(&buf, odd); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "odd-"+v+".sarif"), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files := []string{filepath.Join(dir, "odd-v1.2.3.sarif"), filepath.Join(dir, "odd-dev.sarif"), filepath.Join(dir, "odd-.sarif"),
		"testdata/sarif.golden", "testdata/clean/sarif.golden"}
	problems, err := testtools.ValidateSARIF(tool, files)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("sarif-multitool: %s: %s %s: %s", p.File, p.Level, p.Rule, p.Message)
	}
}

// TestSARIFSchemaCatchesMistakes makes sure the validation above can fail: a
// schema that accepted anything, or skipped formats, would pass every output.
func TestSARIFSchemaCatchesMistakes(t *testing.T) {
	sch := compileSARIFSchema(t)
	log := func(result, rule map[string]any) map[string]any {
		return map[string]any{"version": "2.1.0", "runs": []any{map[string]any{
			"tool":    map[string]any{"driver": map[string]any{"name": "erslint", "rules": []any{rule}}},
			"results": []any{result},
		}}}
	}
	okRule := map[string]any{"id": "ERS-ACC-001"}
	okResult := map[string]any{"message": map[string]any{"text": "x"}}
	tests := []struct {
		name string
		doc  map[string]any
	}{
		{"unknown level", log(map[string]any{"message": map[string]any{"text": "x"}, "level": "fatal"}, okRule)},
		{"line 0", log(map[string]any{"message": map[string]any{"text": "x"}, "locations": []any{map[string]any{
			"physicalLocation": map[string]any{"artifactLocation": map[string]any{"uri": "a.yaml"},
				"region": map[string]any{"startLine": 0}}}}}, okRule)},
		{"helpUri not a URI", log(okResult, map[string]any{"id": "ERS-ACC-001", "helpUri": "not a uri"})},
		{"suppression without kind", log(map[string]any{"message": map[string]any{"text": "x"},
			"suppressions": []any{map[string]any{"status": "accepted"}}}, okRule)},
	}
	if err := sch.Validate(log(okResult, okRule)); err != nil {
		t.Fatalf("the minimal valid log fails the schema: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := sch.Validate(tt.doc); err == nil {
				t.Error("passed the SARIF schema, want a validation error")
			} else {
				t.Log(err)
			}
		})
	}
}
