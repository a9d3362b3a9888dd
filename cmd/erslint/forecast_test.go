package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/erslint/erslint/internal/reportschema"
)

// TestForecastExamples is a programme lead's look-ahead over the examples on a
// fixed day: the goldens show what appears and clears, by day, and each go-live
// rehearsal.
func TestForecastExamples(t *testing.T) {
	for _, format := range []string{"text", "json", "markdown"} {
		t.Run(format, func(t *testing.T) {
			r := erslint(t, "", "forecast", "--as-of=2026-09-01", "--format", format, "examples/")
			if r.code != 1 || r.stderr != "" {
				t.Fatalf("exit %d (want 1: the examples with gaps fail on the assessment date), stderr %q", r.code, r.stderr)
			}
			checkGolden(t, "forecast-examples."+format+".golden", r.stdout)
			if format == "json" {
				if err := reportschema.Forecast([]byte(r.stdout)); err != nil {
					t.Errorf("does not match schema/forecast.schema.json: %v", err)
				}
			}
		})
	}
}

// TestForecastBoundaries is the look-ahead of a plan with a date at every
// kind of boundary, and a go-live rehearsal that something blocks.
func TestForecastBoundaries(t *testing.T) {
	for _, format := range []string{"text", "markdown"} {
		t.Run(format, func(t *testing.T) {
			r := erslint(t, "", "forecast", asOf, "--format", format, "testdata/forecast")
			if r.code != 1 || r.stderr != "" {
				t.Fatalf("exit %d (want 1: a contract has not started), stderr %q", r.code, r.stderr)
			}
			checkGolden(t, "forecast-boundaries."+format+".golden", r.stdout)
		})
	}
}

func TestForecastFlags(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"days and until together", []string{"forecast", "--days=10", "--until=2026-12-01", asOf, "examples/"}, 2, "give one of them"},
		{"until before the assessment date", []string{"forecast", "--until=2026-01-01", asOf, "examples/"}, 2, "--until 2026-01-01"},
		{"negative days", []string{"forecast", "--days=-1", asOf, "examples/"}, 2, "--days -1"},
		{"too many days", []string{"forecast", "--days=100000", asOf, "examples/"}, 2, "--days 100000"},
		{"unknown format", []string{"forecast", "--format=sarif", asOf, "examples/"}, 2, "unknown forecast format"},
		{"bad as-of", []string{"forecast", "--as-of=2026-02-30", "examples/"}, 2, "--as-of"},
		{"compliant example passes", []string{"forecast", asOf, "examples/nhs-trust.yaml"}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := erslint(t, "", tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want exit %d, stderr with %q", r.code, r.stderr, tt.code, tt.stderr)
			}
		})
	}
}

// TestForecastUntil checks that --until is the last day looked at: the
// community clinic's contract ends on 2026-10-31, so ERS-CON-002 appears on
// 2026-11-01 and not before.
func TestForecastUntil(t *testing.T) {
	days := func(until string) []string {
		r := erslint(t, "", "forecast", "--as-of=2026-09-01", "--until="+until, "--format=json", "examples/gaps/")
		var out struct {
			Until     string
			Documents []struct{ Changes []struct{ Date string } }
		}
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
			t.Fatalf("%v\n%s", err, r.stderr)
		}
		if out.Until != until {
			t.Errorf("until: got %s, want %s", out.Until, until)
		}
		var got []string
		for _, c := range out.Documents[0].Changes {
			got = append(got, c.Date)
		}
		return got
	}
	if got := days("2026-10-31"); len(got) != 0 {
		t.Errorf("until 2026-10-31: got changes on %q, want none", got)
	}
	if got := days("2026-11-01"); strings.Join(got, ",") != "2026-11-01" {
		t.Errorf("until 2026-11-01: got changes on %q, want 2026-11-01", got)
	}
}

// TestJSONReportsMatchTheirSchemas checks every JSON output of a run over the
// examples and the hostile inputs of testdata/bad against its JSON Schema.
func TestJSONReportsMatchTheirSchemas(t *testing.T) {
	for _, paths := range [][]string{{"examples/"}, {"testdata/bad"}, {"testdata/report"}} {
		for _, days := range []string{"--days=0", "--days=400"} {
			r := erslint(t, "", append([]string{"lint", asOf, "--format=json", days}, paths...)...)
			if err := reportschema.Report([]byte(r.stdout)); err != nil {
				t.Errorf("lint %s %v: the report does not match schema/report.schema.json: %v\n%s", days, paths, err, r.stderr)
			}
			r = erslint(t, "", append([]string{"forecast", asOf, "--format=json", days}, paths...)...)
			if err := reportschema.Forecast([]byte(r.stdout)); err != nil {
				t.Errorf("forecast %s %v: the look-ahead does not match schema/forecast.schema.json: %v\n%s", days, paths, err, r.stderr)
			}
		}
	}
}

// TestHTMLDashboard runs the dashboard as a programme lead would: the same
// bytes whatever --jobs is, and a page that names each organisation.
func TestHTMLDashboard(t *testing.T) {
	one := erslint(t, "", "lint", asOf, "--format=html", "--jobs=1", "examples/")
	two := erslint(t, "", "lint", asOf, "--format=html", "--jobs=2", "examples/")
	if one.code != 1 || one.stderr != "" {
		t.Fatalf("exit %d, stderr %q; want 1 (the examples with gaps are blocked)", one.code, one.stderr)
	}
	if one.stdout != two.stdout {
		t.Error("the page differs with --jobs")
	}
	if !strings.HasPrefix(one.stdout, "<!DOCTYPE html>") || !strings.Contains(one.stdout, `"name":"example-community-clinic"`) {
		t.Errorf("not the dashboard of the examples:\n%.300s", one.stdout)
	}
	if r := erslint(t, "", "lint", asOf, "--format=html", "--days=-1", "examples/"); r.code != 2 {
		t.Errorf("--days -1: exit %d, want 2", r.code)
	}
}
