package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"

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

func toJSONFinding(f finding.Finding) jsonFinding {
	return jsonFinding{RuleID: f.RuleID, Severity: f.Severity.String(), Message: f.Message, File: f.File,
		Line: f.Line, Column: f.Column, Document: f.Document, Path: f.Path.String(),
		Suppressed: f.Suppressed(), Waiver: f.Waiver}
}

func countsOf(c map[finding.Severity]int) jsonCounts {
	return jsonCounts{Errors: c[finding.Error], Warnings: c[finding.Warning], Infos: c[finding.Info]}
}

// WriteForecast implements ForecastWriter. It writes one document at a
// time, each the bytes encoding/json writes for jsonForecastDocument
// (TestForecastJSONIsEncodingJSON): a forecast of 10,000 documents is tens of
// megabytes, and encoding it whole, then indenting it, took a tenth of the
// forecast's time.
func (j ForecastJSON) WriteForecast(w io.Writer, fc *forecast.Forecast) error {
	t := totals(fc)
	head := []jsonMember{
		{"schemaVersion", 1},
		{"tool", jsonTool{Name: "erslint", Version: j.Version}},
		{"asOf", fc.AsOf},
		{"until", fc.Until},
		{"failLevel", fc.FailLevel.String()},
		{"summary", jsonForecastSummary{Documents: len(fc.Documents), Ready: t.verdicts[forecast.Ready],
			AtRisk: t.verdicts[forecast.AtRisk], Blocked: t.verdicts[forecast.Blocked], Changes: t.changes, Days: t.days}},
	}
	bw := bufio.NewWriter(w)
	enc := &indentedJSON{}
	if err := enc.writeHead(bw, head); err != nil {
		return fmt.Errorf("write forecast json: %w", err)
	}
	bw.WriteString("  \"documents\": [")
	var buf []byte
	for i, o := range organisations(fc) {
		var err error
		if buf, err = appendForecastDocument(buf[:0], &o, fc.Documents[i], enc); err != nil {
			return fmt.Errorf("write forecast json: %w", err)
		}
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n    ")
		if _, err := bw.Write(buf); err != nil {
			return fmt.Errorf("write forecast json: %w", err)
		}
	}
	if len(fc.Documents) > 0 {
		bw.WriteString("\n  ")
	}
	bw.WriteString("]\n}\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write forecast json: %w", err)
	}
	return nil
}

// appendForecastDocument appends a document of the forecast, o being its
// organisation, as the documents array holds it.
func appendForecastDocument(b []byte, o *jsonOrganisation, d forecast.Document, enc *indentedJSON) ([]byte, error) {
	b = appendOrganisationFields(b, o)
	b = append(b, ',')
	b = appendKey(b, "    ", "changes")
	if len(d.Changes) == 0 {
		b = append(b, "[]"...)
	}
	var err error
	for i, c := range d.Changes {
		if i == 0 {
			b = append(b, '[')
		} else {
			b = append(b, ',')
		}
		b = append(b, "\n        {"...)
		b = appendKey(b, "        ", "date")
		b = appendJSONString(b, c.Date)
		b = append(b, ',')
		b = appendKey(b, "        ", "appear")
		if b, err = appendFindings(b, c.Appear, "            ", enc); err != nil {
			return nil, err
		}
		b = append(b, ',')
		b = appendKey(b, "        ", "clear")
		if b, err = appendFindings(b, c.Clear, "            ", enc); err != nil {
			return nil, err
		}
		b = append(b, ',')
		b = appendKey(b, "        ", "open")
		b = appendCounts(b, countsOf(c.Counts), "          ")
		b = append(b, "\n        }"...)
		if i == len(d.Changes)-1 {
			b = append(b, "\n      ]"...)
		}
	}
	b = append(b, ',')
	b = appendKey(b, "    ", "rehearsal")
	r := d.Rehearsal
	if r == nil {
		b = append(b, "null"...)
		return append(b, "\n    }"...), nil
	}
	b = append(b, '{')
	b = appendKey(b, "      ", "date")
	b = appendJSONString(b, r.Date)
	b = append(b, ',')
	b = appendKey(b, "      ", "stage")
	b = appendJSONString(b, finding.Live.String())
	b = append(b, ',')
	b = appendKey(b, "      ", "blocking")
	b = strconv.AppendInt(b, int64(r.Blocking), 10)
	b = append(b, ',')
	b = appendKey(b, "      ", "findings")
	if b, err = appendFindings(b, r.Findings, "          ", enc); err != nil {
		return nil, err
	}
	return append(b, "\n      }\n    }"...), nil
}

// appendFindings appends fs as a JSON array whose items start at indent.
func appendFindings(b []byte, fs []finding.Finding, indent string, enc *indentedJSON) ([]byte, error) {
	if len(fs) == 0 {
		return append(b, "[]"...), nil
	}
	b = append(b, '[')
	for i, f := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '\n')
		b = append(b, indent...)
		jf := toJSONFinding(f)
		var ok bool
		if b, ok = appendFindingAt(b, &jf, indent); !ok {
			v, err := enc.encode(jf, indent)
			if err != nil {
				return nil, err
			}
			b = append(b, v...)
		}
	}
	b = append(b, '\n')
	b = append(b, indent[2:]...)
	return append(b, ']'), nil
}
