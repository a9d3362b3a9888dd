package starter

import (
	"context"
	"strings"
	"testing"

	"github.com/erslint/erslint/pkg/lint"
)

// Every starting manifest passes the schema: only the rules have things to say.
func TestStartingManifestsPassTheSchema(t *testing.T) {
	l, err := lint.New(context.Background(), lint.Options{AsOf: "2026-11-24"})
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range Types {
		t.Run(typ, func(t *testing.T) {
			src, err := Manifest(Options{Type: typ, Name: "example-" + typ, Stage: "pre-go-live"})
			if err != nil {
				t.Fatal(err)
			}
			rep, err := l.Lint(context.Background(), []lint.Input{{Name: "m.yaml", Data: src}})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range rep.Findings {
				if f.RuleID == "ERS-SCHEMA-001" {
					t.Errorf("%d:%d %s\n%s", f.Line, f.Column, f.Message, src)
				}
			}
			if len(rep.Findings) == 0 {
				t.Error("a starting manifest should leave gaps for the rules to report")
			}
		})
	}
}

func TestManifestOptions(t *testing.T) {
	src, err := Manifest(Options{Type: "gp-practice", Name: "high-street-surgery", OrgName: `The "High Street" Surgery`})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"name: high-street-surgery\n", `name: "The \"High Street\" Surgery"`, "stage: planning", "services: []"} {
		if !strings.Contains(string(src), want) {
			t.Errorf("manifest lacks %q", want)
		}
	}
	for _, bad := range []Options{{Type: "hospital", Name: "x-y"}, {Type: "other", Name: "Not A Slug"}, {Type: "other", Name: "ok", Stage: "golive"}} {
		if _, err := Manifest(bad); err == nil {
			t.Errorf("Manifest(%+v) gave no error", bad)
		}
	}
	derived, _ := Manifest(Options{Type: "other", Name: "north-clinic"})
	if !strings.Contains(string(derived), `name: "North Clinic"`) {
		t.Error("organisation name is not derived from the slug")
	}
}
