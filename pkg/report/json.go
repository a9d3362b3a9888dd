package report

import (
	"encoding/json"
	"io"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/lint"
)

// JSON writes the whole run as one JSON object. Its shape is documented in the
// README and only grows: fields are never renamed or removed within schemaVersion 1.
type JSON struct {
	Version string
}

type jsonReport struct {
	SchemaVersion int           `json:"schemaVersion"`
	Tool          jsonTool      `json:"tool"`
	AsOf          string        `json:"asOf"`
	Summary       jsonSummary   `json:"summary"`
	Findings      []jsonFinding `json:"findings"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonSummary struct {
	Files      int `json:"files"`
	Documents  int `json:"documents"`
	Errors     int `json:"errors"`
	Warnings   int `json:"warnings"`
	Infos      int `json:"infos"`
	Suppressed int `json:"suppressed"`
}

type jsonFinding struct {
	RuleID     string          `json:"ruleId"`
	Severity   string          `json:"severity"`
	Message    string          `json:"message"`
	File       string          `json:"file"`
	Line       int             `json:"line"`
	Column     int             `json:"column"`
	Document   int             `json:"document"`
	Path       string          `json:"path"`
	Suppressed bool            `json:"suppressed"`
	Waiver     *finding.Waiver `json:"waiver,omitempty"`
}

// Write implements Writer.
func (j JSON) Write(w io.Writer, rep *lint.Report) error {
	c := rep.Counts()
	out := jsonReport{
		SchemaVersion: 1,
		Tool:          jsonTool{Name: "erslint", Version: j.Version},
		AsOf:          rep.AsOf,
		Summary: jsonSummary{Files: rep.Files, Documents: rep.Documents, Errors: c[finding.Error],
			Warnings: c[finding.Warning], Infos: c[finding.Info], Suppressed: rep.Suppressed()},
		Findings: make([]jsonFinding, 0, len(rep.Findings)),
	}
	for _, f := range rep.Findings {
		out.Findings = append(out.Findings, jsonFinding{
			RuleID: f.RuleID, Severity: f.Severity.String(), Message: f.Message, File: f.File,
			Line: f.Line, Column: f.Column, Document: f.Document, Path: f.Path.String(),
			Suppressed: f.Suppressed(), Waiver: f.Waiver,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
