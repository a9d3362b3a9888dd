package report

import (
	"slices"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/forecast"
	"github.com/erslint/erslint/pkg/lint"
)

// Areas are the prerequisite areas of onboarding, in the order of the
// journey: the columns of the dashboard's matrix and the keys of a summary's
// areas.
var Areas = []string{"contract", "ods", "registration", "governance", "devices", "access", "training", "golive"}

// AreaTitles names the areas for people.
var AreaTitles = map[string]string{
	"contract": "Contract", "ods": "ODS", "registration": "Registration authority", "governance": "Governance",
	"devices": "Devices", "access": "Access", "training": "Training", "golive": "Go-live",
	"waiver": "Waivers", "repo": "Repository", "schema": "Schema",
}

// jsonCounts counts findings by severity.
type jsonCounts struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
}

func (c *jsonCounts) add(s finding.Severity) {
	switch s {
	case finding.Error:
		c.Errors++
	case finding.Warning:
		c.Warnings++
	case finding.Info:
		c.Infos++
	}
}

// worst is the highest severity counted, 0 for none.
func (c jsonCounts) worst() finding.Severity {
	switch {
	case c.Errors > 0:
		return finding.Error
	case c.Warnings > 0:
		return finding.Warning
	case c.Infos > 0:
		return finding.Info
	}
	return 0
}

type jsonVerdictChange struct {
	Date    string `json:"date"`
	Verdict string `json:"verdict"` // blocked, or ready: no finding at or above the fail level from then on
}

// jsonOrganisation is the summary of one document (one organisation).
type jsonOrganisation struct {
	File              string                `json:"file"`
	Document          int                   `json:"document"`
	Name              string                `json:"name"`
	Organisation      string                `json:"organisation"`
	Type              string                `json:"type"`
	Stage             string                `json:"stage"`
	Counts            jsonCounts            `json:"counts"`
	Suppressed        int                   `json:"suppressed"`
	Areas             map[string]jsonCounts `json:"areas"`
	Verdict           string                `json:"verdict"`
	NextVerdictChange *jsonVerdictChange    `json:"nextVerdictChange"`
}

// organisation summarises one document of a look-ahead; all are its findings
// in the run, waived ones included.
func organisation(fc *forecast.Forecast, d forecast.Document, all []finding.Finding, area func(string) string) jsonOrganisation {
	return organisationIn(make(map[string]jsonCounts, len(Areas)), fc, d, all, area)
}

// organisationIn is organisation with its areas counted in areas, emptied
// first: a writer that encodes each summary before the next reuses one.
func organisationIn(areas map[string]jsonCounts, fc *forecast.Forecast, d forecast.Document, all []finding.Finding, area func(string) string) jsonOrganisation {
	clear(areas)
	o := jsonOrganisation{File: d.Info.File, Document: d.Info.Index, Name: d.Info.Name, Organisation: d.Info.Organisation,
		Type: d.Info.Type, Stage: d.Info.Stage.String(), Areas: areas, Verdict: string(fc.Verdict(d))}
	for _, a := range Areas {
		o.Areas[a] = jsonCounts{}
	}
	for _, f := range all {
		if f.Suppressed() {
			o.Suppressed++
			continue
		}
		o.Counts.add(f.Severity)
		c := o.Areas[area(f.RuleID)]
		c.add(f.Severity)
		o.Areas[area(f.RuleID)] = c
	}
	if date, blocked, ok := fc.NextVerdictChange(d); ok {
		v := "ready"
		if blocked {
			v = "blocked"
		}
		o.NextVerdictChange = &jsonVerdictChange{Date: date, Verdict: v}
	}
	return o
}

// areaOf returns the area of a rule of rep by ID (its package's second part).
func areaOf(rep *lint.Report) func(string) string {
	areas := map[string]string{}
	for _, r := range rep.Rules {
		areas[r.ID] = ruleArea(r.Package)
	}
	return func(id string) string {
		if a, ok := areas[id]; ok {
			return a
		}
		return "other"
	}
}

// findingsByDocument groups a report's findings by document.
func findingsByDocument(rep *lint.Report) map[mdDocKey][]finding.Finding {
	out := make(map[mdDocKey][]finding.Finding, len(rep.DocumentInfos))
	for _, f := range rep.Findings {
		k := mdDocKey{f.File, f.Document}
		out[k] = append(out[k], f)
	}
	return out
}

// organisations summarises every document of a look-ahead.
func organisations(fc *forecast.Forecast) []jsonOrganisation {
	byDoc := findingsByDocument(fc.Report)
	area := areaOf(fc.Report)
	out := make([]jsonOrganisation, 0, len(fc.Documents))
	for _, d := range fc.Documents {
		out = append(out, organisation(fc, d, byDoc[mdDocKey{d.Info.File, d.Info.Index}], area))
	}
	return out
}

// ofDocument is the findings of fs (one file's) of the document at index;
// nil when it has none.
func ofDocument(fs []finding.Finding, index int) []finding.Finding {
	if len(fs) > 0 && !slices.ContainsFunc(fs, func(f finding.Finding) bool { return f.Document != index }) {
		return fs[:len(fs):len(fs)] // a file of one document, most often
	}
	var out []finding.Finding
	for _, f := range fs {
		if f.Document == index {
			out = append(out, f)
		}
	}
	return out
}

// eachDocument calls fn with the index of each document of rep.DocumentInfos,
// in order, and its findings in report order, waived ones included (nil when
// it has none), as findingsByDocument groups them: packed findings are read
// a file at a time, in the order of the documents (by file, then index).
func eachDocument(rep *lint.Report, fn func(i int, all []finding.Finding) error) error {
	infos := rep.DocumentInfos
	if !rep.Packed() {
		byDoc := findingsByDocument(rep)
		for i, info := range infos {
			if err := fn(i, byDoc[mdDocKey{info.File, info.Index}]); err != nil {
				return err
			}
		}
		return nil
	}
	i := 0
	err := rep.EachFile(func(_ int, fs []finding.Finding) error {
		file := fs[0].File
		for ; i < len(infos) && infos[i].File < file; i++ {
			if err := fn(i, nil); err != nil {
				return err
			}
		}
		end := i
		for end < len(infos) && infos[end].File == file {
			end++
		}
		if end-i == 1 {
			err := fn(i, ofDocument(fs, infos[i].Index))
			i++
			return err
		}
		// Several documents: their findings grouped in one pass, not one
		// pass over the file's findings per document (a file may hold a
		// thousand documents with tens of thousands of findings).
		byIndex := map[int][]finding.Finding{}
		for _, f := range fs {
			byIndex[f.Document] = append(byIndex[f.Document], f)
		}
		for ; i < end; i++ {
			if err := fn(i, byIndex[infos[i].Index]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for ; i < len(infos); i++ {
		if err := fn(i, nil); err != nil {
			return err
		}
	}
	return nil
}
