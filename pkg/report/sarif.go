package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/policy"
)

// SARIF writes SARIF 2.1.0, for code scanning tools.
type SARIF struct {
	Version string
}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name"`
	ShortDescription     sarifText         `json:"shortDescription"`
	FullDescription      sarifText         `json:"fullDescription"`
	Help                 sarifText         `json:"help"`
	HelpURI              string            `json:"helpUri"`
	DefaultConfiguration sarifRuleConfig   `json:"defaultConfiguration"`
	Properties           map[string]string `json:"properties"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
}

type sarifSuppression struct {
	Kind          string            `json:"kind"`
	Status        string            `json:"status"`
	Justification string            `json:"justification"` // the waiver's reason, as given
	Properties    map[string]string `json:"properties,omitempty"`
}

// Level maps a severity to SARIF's level.
func Level(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "error"
	case finding.Warning:
		return "warning"
	}
	return "note"
}

// Write implements Writer.
func (s SARIF) Write(w io.Writer, rep *lint.Report) error {
	driver := sarifDriver{Name: "erslint", Version: s.Version, InformationURI: "https://github.com/erslint/erslint"}
	index := map[string]int{}
	for i, r := range rep.Rules {
		index[r.ID] = i
		driver.Rules = append(driver.Rules, ruleDescriptor(r))
	}
	results := make([]sarifResult, 0, len(rep.Findings))
	for _, f := range rep.Findings {
		res := sarifResult{
			RuleID: f.RuleID, RuleIndex: index[f.RuleID], Level: Level(f.Severity),
			Message: sarifText{Text: f.Message},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: artifactURI(f.File)},
				Region:           sarifRegion{StartLine: f.Line, StartColumn: f.Column},
			}}},
			PartialFingerprints: map[string]string{"erslint/v1": fingerprint(f)},
		}
		if w := f.Waiver; w != nil {
			res.Suppressions = []sarifSuppression{{Kind: "inSource", Status: "accepted", Justification: w.Reason,
				Properties: map[string]string{"approvedBy": w.ApprovedBy, "expires": w.Expires}}}
		}
		results = append(results, res)
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{{Tool: sarifTool{Driver: driver}, Results: results}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

func ruleDescriptor(r policy.Rule) sarifRule {
	help := r.Remedy
	if help == "" {
		help = r.Title
	}
	full := r.Description
	if full == "" {
		full = r.Title
	}
	return sarifRule{
		ID: r.ID, Name: ruleName(r), ShortDescription: sarifText{Text: r.Title},
		FullDescription: sarifText{Text: full}, Help: sarifText{Text: help}, HelpURI: HelpURI(r.ID),
		DefaultConfiguration: sarifRuleConfig{Level: Level(r.Severity)},
		Properties:           map[string]string{"stage": r.Stage.String(), "seed": r.Seed},
	}
}

// ruleName is a rule's readable name in SARIF: its package slug in CamelCase.
func ruleName(r policy.Rule) string {
	parts := strings.Split(r.Package, ".")
	slug := parts[len(parts)-1]
	var b strings.Builder
	for _, w := range strings.Split(slug, "_") {
		if w != "" {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

// artifactURI makes a file name a relative URI reference.
func artifactURI(name string) string {
	if name == lint.StdinName {
		return "stdin"
	}
	u := url.URL{Path: name}
	return u.EscapedPath()
}

// fingerprint identifies a finding across runs even when lines move: the rule,
// the file, the document and the path in it.
func fingerprint(f finding.Finding) string {
	key := fmt.Sprintf("%s|%s|%d|%s", f.RuleID, f.File, f.Document, f.Path)
	if len(f.Path) == 0 {
		key += "|" + f.Message
	}
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:16])
}
