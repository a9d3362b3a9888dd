package report

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/forecast"
)

// ForecastJSON writes a look-ahead as one JSON object (docs/programme.md
// describes it; schema/forecast.schema.json is its JSON Schema).
type ForecastJSON struct {
	Version string
}

type jsonForecastSummary struct {
	Documents int `json:"documents"`
	Ready     int `json:"ready"`
	AtRisk    int `json:"atRisk"`
	Blocked   int `json:"blocked"`
	Changes   int `json:"changes"`
	Days      int `json:"days"`
}

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

func toJSONFinding(f finding.Finding) jsonFinding {
	return jsonFinding{RuleID: f.RuleID, Severity: f.Severity.String(), Message: f.Message, File: f.File,
		Line: f.Line, Column: f.Column, Document: f.Document, Path: f.Path.String(),
		Suppressed: f.Suppressed(), Waiver: f.Waiver}
}

func countsOf(c map[finding.Severity]int) jsonCounts {
	return jsonCounts{Errors: c[finding.Error], Warnings: c[finding.Warning], Infos: c[finding.Info]}
}

// WriteForecast implements ForecastWriter.
func (j ForecastJSON) WriteForecast(w io.Writer, fc *forecast.Forecast) error {
	t := totals(fc)
	out := jsonForecast{SchemaVersion: 1, Tool: jsonTool{Name: "erslint", Version: j.Version},
		AsOf: fc.AsOf, Until: fc.Until, FailLevel: fc.FailLevel.String(),
		Summary: jsonForecastSummary{Documents: len(fc.Documents), Ready: t.verdicts[forecast.Ready],
			AtRisk: t.verdicts[forecast.AtRisk], Blocked: t.verdicts[forecast.Blocked], Changes: t.changes, Days: t.days},
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
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write forecast json: %w", err)
	}
	return nil
}
