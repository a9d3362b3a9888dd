package report

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/forecast"
)

// The forecast's JSON as encoding/json writes it whole: the shape
// schema/forecast.schema.json describes, and the bytes ForecastJSON must
// write one document at a time.
type jsonChange struct {
	Date   string        `json:"date"`
	Appear []jsonFinding `json:"appear"`
	Clear  []jsonFinding `json:"clear"`
	Open   jsonCounts    `json:"open"`
}

type jsonRehearsal struct {
	Date     string        `json:"date"`
	Stage    string        `json:"stage"`
	Blocking int           `json:"blocking"`
	Findings []jsonFinding `json:"findings"`
}

type jsonForecastDocument struct {
	jsonOrganisation
	Changes   []jsonChange   `json:"changes"`
	Rehearsal *jsonRehearsal `json:"rehearsal"`
}

type jsonForecast struct {
	SchemaVersion int                    `json:"schemaVersion"`
	Tool          jsonTool               `json:"tool"`
	AsOf          string                 `json:"asOf"`
	Until         string                 `json:"until"`
	FailLevel     string                 `json:"failLevel"`
	Summary       jsonForecastSummary    `json:"summary"`
	Documents     []jsonForecastDocument `json:"documents"`
}

func toJSONFindings(fs []finding.Finding) []jsonFinding {
	out := make([]jsonFinding, 0, len(fs))
	for _, f := range fs {
		out = append(out, toJSONFinding(f))
	}
	return out
}

// encodedForecast is fc encoded whole by encoding/json.
func encodedForecast(t *testing.T, fc *forecast.Forecast, version string) []byte {
	t.Helper()
	tot := totals(fc)
	out := jsonForecast{SchemaVersion: 1, Tool: jsonTool{Name: "erslint", Version: version},
		AsOf: fc.AsOf, Until: fc.Until, FailLevel: fc.FailLevel.String(),
		Summary: jsonForecastSummary{Documents: len(fc.Documents), Ready: tot.verdicts[forecast.Ready],
			AtRisk: tot.verdicts[forecast.AtRisk], Blocked: tot.verdicts[forecast.Blocked], Changes: tot.changes, Days: tot.days},
		Documents: []jsonForecastDocument{}}
	for i, o := range organisations(fc) {
		d := fc.Documents[i]
		doc := jsonForecastDocument{jsonOrganisation: o, Changes: []jsonChange{}}
		for _, c := range d.Changes {
			doc.Changes = append(doc.Changes, jsonChange{Date: c.Date, Appear: toJSONFindings(c.Appear),
				Clear: toJSONFindings(c.Clear), Open: countsOf(c.Counts)})
		}
		if r := d.Rehearsal; r != nil {
			doc.Rehearsal = &jsonRehearsal{Date: r.Date, Stage: finding.Live.String(), Blocking: r.Blocking,
				Findings: toJSONFindings(r.Findings)}
		}
		out.Documents = append(out.Documents, doc)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// ForecastJSON writes, a document at a time, the bytes encoding/json writes
// for the whole forecast: on the report fixtures (waived findings, changes,
// rehearsals), on no document at all, and with findings' texts drawn from
// every rule of JSON's string escaping.
func TestForecastJSONIsEncodingJSON(t *testing.T) {
	t.Chdir("../..")
	fc := forecast.FromReport(lintPaths(t, "testdata/report", "examples"), lookAheadUntil, finding.Error)
	changes, rehearsals := 0, 0
	for _, d := range fc.Documents {
		changes += len(d.Changes)
		if r := d.Rehearsal; r != nil {
			rehearsals++
			// The examples go live clean: give each rehearsal two findings,
			// one waived (encoding/json writes those itself).
			f := fc.Report.Findings[0]
			waived := f
			waived.Waiver = &finding.Waiver{Reason: "<agreed> & \"signed\"", ApprovedBy: "ICB", Expires: "2027-01-01", File: "w.yaml", Line: 9}
			r.Findings = append(r.Findings, f, waived)
		}
	}
	if changes == 0 || rehearsals == 0 {
		t.Fatalf("the fixtures have %d changes and %d rehearsals: both are needed", changes, rehearsals)
	}
	check := func(fc *forecast.Forecast) {
		t.Helper()
		var got bytes.Buffer
		if err := (ForecastJSON{Version: "v1.2.3"}).WriteForecast(&got, fc); err != nil {
			t.Fatal(err)
		}
		if want := encodedForecast(t, fc, "v1.2.3"); !bytes.Equal(got.Bytes(), want) {
			t.Fatalf("forecast JSON differs from encoding/json's:\n--- got\n%s\n--- want\n%s", got.Bytes(), want)
		}
	}
	check(fc)
	check(&forecast.Forecast{Report: fc.Report, AsOf: fc.AsOf, Until: fc.Until, FailLevel: fc.FailLevel})

	r := rand.New(rand.NewPCG(7, 8))
	for i := range fc.Documents {
		d := &fc.Documents[i]
		for j := range d.Changes {
			for k := range d.Changes[j].Appear {
				d.Changes[j].Appear[k].Message = jsonStrings[r.IntN(len(jsonStrings))]
			}
		}
		if d.Rehearsal != nil {
			for k := range d.Rehearsal.Findings {
				d.Rehearsal.Findings[k].Path = finding.Path{jsonStrings[r.IntN(len(jsonStrings))], k}
			}
		}
	}
	check(fc)
}
