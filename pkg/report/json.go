package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/erslint/erslint/pkg/baseline"
	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/forecast"
	"github.com/erslint/erslint/pkg/lint"
)

// JSON writes the whole run as one JSON object. Its shape is documented in the
// README and only grows: fields are never renamed or removed within schemaVersion 1.
type JSON struct {
	Version string
	Options Options // FailLevel and Until, for the organisations' verdicts
}

// jsonVerdicts counts organisations by verdict.
type jsonVerdicts struct {
	Ready   int `json:"ready"`
	AtRisk  int `json:"atRisk"`
	Blocked int `json:"blocked"`
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
	Skipped    int `json:"skipped,omitempty"` // walked YAML files with no manifest in them
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
	// BaselineState, with --baseline: new or unchanged (the absent ones
	// are in the report's baseline object).
	BaselineState baseline.State `json:"baselineState,omitempty"`
}

// jsonBaseline is the comparison with the baseline report.
type jsonBaseline struct {
	File      string              `json:"file"`
	AsOf      string              `json:"asOf"`
	New       int                 `json:"new"`
	Unchanged int                 `json:"unchanged"`
	Absent    int                 `json:"absent"`
	Changes   []jsonVerdictDiff   `json:"verdictChanges"`
	Gone      []jsonAbsentFinding `json:"absentFindings"`
}

// jsonVerdictDiff is an organisation whose verdict changed.
type jsonVerdictDiff struct {
	Name         string  `json:"name"`
	Organisation string  `json:"organisation"`
	From         *string `json:"from"` // null: new since the baseline
	To           *string `json:"to"`   // null: removed
}

// jsonAbsentFinding is a finding of the baseline the run no longer has.
type jsonAbsentFinding struct {
	Name       string `json:"name"`
	RuleID     string `json:"ruleId"`
	Path       string `json:"path"`
	Severity   string `json:"severity"`
	Message    string `json:"message"`
	File       string `json:"file"`
	Line       int    `json:"line"`
	Column     int    `json:"column"`
	Suppressed bool   `json:"suppressed"`
}

func toJSONBaseline(b *baseline.Result) jsonBaseline {
	out := jsonBaseline{File: b.Baseline.File, AsOf: b.Baseline.AsOf, New: b.New, Unchanged: b.Unchanged,
		Absent: b.ActiveAbsent(), Changes: []jsonVerdictDiff{}, Gone: []jsonAbsentFinding{}}
	opt := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	for _, c := range b.Changes {
		out.Changes = append(out.Changes, jsonVerdictDiff{Name: c.Name, Organisation: c.Organisation, From: opt(c.From), To: opt(c.To)})
	}
	for _, f := range b.Absent {
		out.Gone = append(out.Gone, jsonAbsentFinding{Name: f.Name, RuleID: f.RuleID, Path: f.Path, Severity: f.Severity,
			Message: f.Message, File: f.File, Line: f.Line, Column: f.Column, Suppressed: f.Suppressed})
	}
	return out
}

// Write implements Writer. It writes one organisation and one finding at a
// time, reading the findings a file at a time (lint.Report.EachFile), so that
// the memory a large run needs does not grow with its findings at the end to
// hold them or the whole document; the bytes are those of encoding the whole
// report at once with a two-space indent.
func (j JSON) Write(w io.Writer, rep *lint.Report) error {
	c := rep.Counts()
	fc, err := j.Options.verdicts(rep)
	if err != nil {
		return err
	}
	t := totals(fc)
	head := []jsonMember{
		{"schemaVersion", 1},
		{"tool", jsonTool{Name: "erslint", Version: j.Version}},
		{"asOf", rep.AsOf},
		{"referenceData", rep.RefData}, // null when none
		{"summary", jsonSummary{Files: rep.Files, Documents: rep.Documents, Errors: c[finding.Error],
			Warnings: c[finding.Warning], Infos: c[finding.Info], Suppressed: rep.Suppressed(), Skipped: len(rep.Skipped)}},
		{"failLevel", fc.FailLevel.String()},
		{"until", fc.Until},
		{"verdicts", jsonVerdicts{Ready: t.verdicts[forecast.Ready], AtRisk: t.verdicts[forecast.AtRisk], Blocked: t.verdicts[forecast.Blocked]}},
		{"commissioners", commissioners(fc, j.Options.Directory)},
	}
	if b := j.Options.Baseline; b != nil {
		head = append(head, jsonMember{"baseline", toJSONBaseline(b)})
	}
	bw := bufio.NewWriter(w)
	enc := &indentedJSON{}
	if err := enc.writeHead(bw, head); err != nil {
		return err
	}
	// One organisation at a time, as the findings below.
	area := areaOf(rep)
	bw.WriteString("  \"organisations\": [")
	var buf []byte
	areas := make(map[string]jsonCounts, len(Areas))
	err = eachDocument(rep, func(i int, all []finding.Finding) error {
		o := organisationIn(areas, fc, fc.Documents[i], all, area)
		buf = appendOrganisation(buf[:0], &o)
		v := buf
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n    ")
		_, err = bw.Write(v)
		return err
	})
	if err != nil {
		return err
	}
	if len(fc.Documents) > 0 {
		bw.WriteString("\n  ")
	}
	bw.WriteString("],\n")
	n := rep.NumFindings()
	if n == 0 {
		bw.WriteString("  \"findings\": []\n}\n")
		return bw.Flush()
	}
	bw.WriteString("  \"findings\": [\n")
	err = rep.Each(func(i int, f finding.Finding) error {
		jf := toJSONFinding(f)
		if b := j.Options.Baseline; b != nil && i < len(b.States) {
			jf.BaselineState = b.States[i]
		}
		v, ok := appendFinding(buf[:0], &jf)
		buf = v
		if !ok {
			var err error
			if v, err = enc.encode(jf, "    "); err != nil {
				return err
			}
		}
		bw.WriteString("    ")
		if _, err := bw.Write(v); err != nil {
			return err // the writer failed: the rest would be lost too
		}
		if i < n-1 {
			bw.WriteByte(',')
		}
		return bw.WriteByte('\n')
	})
	if err != nil {
		return err
	}
	bw.WriteString("  ]\n}\n")
	return bw.Flush()
}

// jsonMember is a member of a report's top-level object.
type jsonMember struct {
	key   string
	value any
}

// writeHead opens a report's top-level object with its members before the
// long arrays, each followed by a comma.
func (e *indentedJSON) writeHead(bw *bufio.Writer, head []jsonMember) error {
	bw.WriteString("{\n")
	for _, h := range head {
		v, err := e.encode(h.value, "  ")
		if err != nil {
			return err
		}
		fmt.Fprintf(bw, "  %q: %s,\n", h.key, v)
	}
	return nil
}

// indentedJSON encodes values as parts of an indented document, HTML unescaped,
// reusing one buffer.
type indentedJSON struct {
	buf bytes.Buffer
}

// encode returns v's encoding, nested at prefix; it is valid until the next call.
func (e *indentedJSON) encode(v any, prefix string) ([]byte, error) {
	e.buf.Reset()
	enc := json.NewEncoder(&e.buf)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode json report: %w", err)
	}
	return bytes.TrimSuffix(e.buf.Bytes(), []byte("\n")), nil
}
