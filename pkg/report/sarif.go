package report

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/erslint/erslint/pkg/baseline"
	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/policy"
	"github.com/erslint/erslint/pkg/refdata"
)

// SARIF writes SARIF 2.1.0, for code scanning tools.
//
// Artifact URIs are relative to Root (the repository root) and name it by the
// uriBaseId %SRCROOT%, which the run's originalUriBaseIds resolves to a file://
// URI: GitHub code scanning places an alert by its path in the repository, and
// an absolute path (a file named as /home/runner/work/...) would be none. A file
// outside Root is named by its absolute file:// URI.
type SARIF struct {
	Version string
	Root    string // absolute; empty: the working directory
	// Baseline, with --baseline: each result's baselineState, and the
	// baseline's findings the run no longer has as results "absent".
	Baseline *baseline.Result
}

// SrcRoot is the uriBaseId of the repository root.
const SrcRoot = "%SRCROOT%"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                `json:"tool"`
	OriginalURIBaseIDs map[string]sarifArtifact `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult            `json:"results"`
	Properties         sarifRunProperties       `json:"properties"`
}

// sarifRunProperties says which reference data the run used (null: none).
type sarifRunProperties struct {
	ReferenceData *refdata.Info `json:"referenceData"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	Version         string      `json:"version"`
	SemanticVersion string      `json:"semanticVersion,omitempty"`
	InformationURI  string      `json:"informationUri"`
	Rules           []sarifRule `json:"rules"`
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
	BaselineState       baseline.State     `json:"baselineState,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
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

// Write implements Writer. The results are written one at a time, as the
// report's findings are read (a file at a time), in the bytes of encoding the
// whole log at once with a two-space indent.
func (s SARIF) Write(w io.Writer, rep *lint.Report) error {
	version, semver := sarifVersion(s.Version)
	driver := sarifDriver{Name: "erslint", Version: version, SemanticVersion: semver, InformationURI: "https://github.com/erslint/erslint"}
	root, err := s.root()
	if err != nil {
		return err
	}
	index := map[string]int{}
	for i, r := range rep.Rules {
		index[r.ID] = i
		driver.Rules = append(driver.Rules, ruleDescriptor(r))
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs: []sarifRun{{Tool: sarifTool{Driver: driver}, Properties: sarifRunProperties{ReferenceData: rep.RefData},
			OriginalURIBaseIDs: map[string]sarifArtifact{SrcRoot: {URI: fileURI(root, true)}}}},
	}
	// The log without its results, split where they go: at "results": null.
	enc := &indentedJSON{}
	whole, err := enc.encode(log, "")
	if err != nil {
		return err
	}
	const slot = "\n      \"results\": null"
	at := bytes.Index(whole, []byte(slot))
	if at < 0 {
		return fmt.Errorf("sarif: no place for the results in the log")
	}
	head, tail := string(whole[:at+len(slot)-len("null")]), string(whole[at+len(slot):])
	bw := bufio.NewWriter(w)
	bw.WriteString(head)
	bw.WriteByte('[')
	n := 0
	put := func(res sarifResult) error {
		v, err := enc.encode(res, "        ")
		if err != nil {
			return err
		}
		if n > 0 {
			bw.WriteByte(',')
		}
		n++
		bw.WriteString("\n        ")
		_, err = bw.Write(v)
		return err // the writer failed: the rest would be lost too
	}
	err = rep.Each(func(i int, f finding.Finding) error {
		loc := artifactLocation(root, f.File)
		res := sarifResult{
			RuleID: f.RuleID, RuleIndex: index[f.RuleID], Level: Level(f.Severity),
			Message: sarifText{Text: f.Message},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: loc,
				Region:           sarifRegion{StartLine: f.Line, StartColumn: f.Column},
			}}},
			PartialFingerprints: map[string]string{"erslint/v1": fingerprint(f, loc.URI)},
		}
		if w := f.Waiver; w != nil {
			res.Suppressions = []sarifSuppression{{Kind: "inSource", Status: "accepted", Justification: w.Reason,
				Properties: map[string]string{"approvedBy": w.ApprovedBy, "expires": w.Expires}}}
		}
		if s.Baseline != nil && i < len(s.Baseline.States) {
			res.BaselineState = s.Baseline.States[i]
		}
		return put(res)
	})
	if err != nil {
		return err
	}
	if s.Baseline != nil {
		for _, res := range s.absentResults(root, index) {
			if err := put(res); err != nil {
				return err
			}
		}
	}
	if n > 0 {
		bw.WriteString("\n      ")
	}
	bw.WriteByte(']')
	bw.WriteString(tail)
	bw.WriteByte('\n')
	return bw.Flush()
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

// root is the absolute, clean repository root.
func (s SARIF) root() (string, error) {
	root := s.Root
	if root == "" {
		root = "."
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return "", fmt.Errorf("sarif: repository root: %w", err)
	}
	return abs, nil
}

// artifactLocation names a file relative to the repository root, by %SRCROOT%;
// a file outside it by its absolute file:// URI. Standard input has no file: it
// is the relative reference "stdin", resolved against nothing.
func artifactLocation(root, name string) sarifArtifact {
	if name == lint.StdinName {
		return sarifArtifact{URI: "stdin"}
	}
	abs, err := filepath.Abs(filepath.FromSlash(name))
	if err != nil {
		return sarifArtifact{URI: relativeURI(name)}
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return sarifArtifact{URI: fileURI(abs, false)}
	}
	return sarifArtifact{URI: relativeURI(filepath.ToSlash(rel)), URIBaseID: SrcRoot}
}

// relativeURI escapes a slash-separated relative path as a URI reference. A
// colon in the first segment would read as a scheme, so that segment is
// prefixed with ./ then.
func relativeURI(p string) string {
	u := url.URL{Path: p}
	esc := u.EscapedPath()
	if first, _, _ := strings.Cut(esc, "/"); strings.Contains(first, ":") {
		esc = "./" + esc
	}
	return esc
}

// fileURI is the file:// URI of an absolute path; dir adds the trailing slash
// that a base URI needs for relative references to resolve inside it.
func fileURI(abs string, dir bool) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive: file:///C:/...
	}
	if dir && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	u := url.URL{Scheme: "file", Path: p}
	return u.String()
}

// sarifVersion turns erslint's version into SARIF's: tool.driver.version starts
// with a number (the multitool's SARIF2005), so v1.2.3 becomes 1.2.3 and a
// build without one (dev) 0.0.0-dev; semanticVersion is set when it is one.
func sarifVersion(v string) (version, semantic string) {
	v = strings.TrimPrefix(v, "v")
	if v == "" || v[0] < '0' || v[0] > '9' {
		v = "0.0.0-" + cmp.Or(v, "dev")
	}
	if semverPattern().MatchString(v) {
		semantic = v
	}
	return v, semantic
}

// semverPattern is Semantic Versioning 2.0.0's grammar, compiled on first
// use (a SARIF report), not at every start.
var semverPattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)
})

// fingerprint identifies a finding across runs even when lines move: the rule,
// the file (as its URI, so the same whether it was named relative or absolute),
// the document and the path in it.
func fingerprint(f finding.Finding, uri string) string {
	key := fmt.Sprintf("%s|%s|%d|%s", f.RuleID, uri, f.Document, f.Path)
	if len(f.Path) == 0 {
		key += "|" + f.Message
	}
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:16])
}

// absentResults are the baseline's findings the run no longer has, as SARIF
// results with baselineState "absent", where the baseline placed them.
func (s SARIF) absentResults(root string, index map[string]int) []sarifResult {
	var out []sarifResult
	for _, f := range s.Baseline.Absent {
		loc := artifactLocation(root, f.File)
		sev, _ := finding.ParseSeverity(f.Severity)
		res := sarifResult{RuleID: f.RuleID, RuleIndex: -1, Level: Level(sev), Message: sarifText{Text: f.Message},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: loc,
				Region: sarifRegion{StartLine: max(f.Line, 1), StartColumn: max(f.Column, 1)}}}},
			PartialFingerprints: map[string]string{"erslint/v1": absentFingerprint(f, loc.URI)},
			BaselineState:       baseline.Absent,
		}
		if i, ok := index[f.RuleID]; ok {
			res.RuleIndex = i
		}
		if f.Suppressed {
			res.Suppressions = []sarifSuppression{{Kind: "inSource", Status: "accepted", Justification: "waived in the baseline"}}
		}
		out = append(out, res)
	}
	return out
}

// absentFingerprint identifies an absent finding as fingerprint does a
// result, from what the baseline report holds of it.
func absentFingerprint(f baseline.Finding, uri string) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("absent|%s|%s|%s|%s|%s", f.Name, f.RuleID, uri, f.Path, f.Message)))
	return hex.EncodeToString(sum[:16])
}
