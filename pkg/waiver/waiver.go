// Package waiver applies a manifest's waivers to its findings: a valid waiver that
// matches a finding suppresses it (the finding is kept, marked with the waiver), and
// a valid waiver that matches nothing is reported as stale (ERS-WAIVER-003).
package waiver

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/manifest"
)

// Rule IDs this package knows about.
const (
	InvalidRule = "ERS-WAIVER-001" // checked by policies/waiver/valid
	ExpiredRule = "ERS-WAIVER-002" // checked by policies/waiver/expired
	StaleRule   = "ERS-WAIVER-003"
)

// Waiver is one entry of a manifest's waivers list.
type Waiver struct {
	Index      int
	Rule       string
	Path       finding.Path // nil: the whole document
	PathText   string
	Reason     string
	ApprovedBy string
	Expires    string
	Line, Col  int // where the waiver is written
}

// Parse reads the waivers of a manifest's data; position gives each one's place.
func Parse(data any, position func(finding.Path) (int, int)) []Waiver {
	m, _ := data.(map[string]any)
	list, _ := m["waivers"].([]any)
	out := make([]Waiver, 0, len(list))
	for i, item := range list {
		w, _ := item.(map[string]any)
		str := func(k string) string { s, _ := w[k].(string); return s }
		wv := Waiver{Index: i, Rule: str("rule"), PathText: str("path"), Reason: str("reason"),
			ApprovedBy: str("approvedBy"), Expires: str("expires")}
		wv.Path = ParsePath(wv.PathText)
		wv.Line, wv.Col = position(finding.Path{"waivers", i})
		out = append(out, wv)
	}
	return out
}

// malformed starts the one element of the path of a waiver whose path could not
// be read: no finding's path has it, so the waiver matches nothing.
const malformed = "\x00malformed:"

func (w Waiver) malformedPath() bool {
	if len(w.Path) != 1 {
		return false
	}
	s, ok := w.Path[0].(string)
	return ok && strings.HasPrefix(s, malformed)
}

var pathElement = regexp.MustCompile(`^([^.\[\]]+)((?:\[\d+\])*)$`)

// ParsePath reads services[1].contracts[0].end. An empty or malformed path reads
// as nil; a malformed one then matches nothing, so the waiver shows up as stale.
func ParsePath(s string) finding.Path {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	var p finding.Path
	for _, part := range strings.Split(s, ".") {
		m := pathElement.FindStringSubmatch(part)
		if m == nil {
			return finding.Path{malformed + s}
		}
		p = append(p, m[1])
		for _, idx := range strings.Split(strings.Trim(m[2], "[]"), "][") {
			if idx == "" {
				continue
			}
			n, _ := strconv.Atoi(idx)
			p = append(p, n)
		}
	}
	return p
}

// Waivable reports whether a rule's findings may be waived (spec §3).
func Waivable(ruleID string) bool {
	return !strings.HasPrefix(ruleID, "ERS-SCHEMA-") && !strings.HasPrefix(ruleID, "ERS-WAIVER-")
}

// Matches reports whether w covers f.
func (w Waiver) Matches(f finding.Finding) bool {
	return w.Rule == f.RuleID && Waivable(f.RuleID) && (w.PathText == "" || f.Path.HasPrefix(w.Path))
}

// Apply marks the findings of one document that its valid waivers cover and
// returns them with a stale finding for each valid waiver that covered nothing.
// A waiver is valid unless a finding of ERS-WAIVER-001 or -002 is about it.
func Apply(file string, document int, waivers []Waiver, findings []finding.Finding) []finding.Finding {
	if len(waivers) == 0 {
		return findings
	}
	invalid := map[int]bool{}
	for _, f := range findings {
		if (f.RuleID == InvalidRule || f.RuleID == ExpiredRule) && len(f.Path) >= 2 && f.Path[0] == "waivers" {
			if i, ok := f.Path[1].(int); ok {
				invalid[i] = true
			}
		}
	}
	used := make([]bool, len(waivers))
	for i := range findings {
		f := &findings[i]
		for j, w := range waivers {
			if invalid[w.Index] || !w.Matches(*f) {
				continue
			}
			used[j] = true
			if f.Waiver == nil {
				f.Waiver = &finding.Waiver{Reason: w.Reason, ApprovedBy: w.ApprovedBy, Expires: w.Expires, File: file, Line: w.Line}
			}
		}
	}
	for j, w := range waivers {
		if used[j] || invalid[w.Index] {
			continue
		}
		findings = append(findings, finding.Finding{
			RuleID: StaleRule, Severity: finding.Warning, File: file, Document: document,
			Line: w.Line, Column: w.Col, Path: finding.Path{"waivers", w.Index},
			Message: staleMessage(w),
		})
	}
	return findings
}

func staleMessage(w Waiver) string {
	scope := "anywhere in this manifest"
	if w.malformedPath() {
		return fmt.Sprintf("waiver for %s matches no finding: its path %s is not a path such as services[0].contracts[1].end (keys joined by dots, list positions in brackets); correct the path, or remove it to waive the rule anywhere in this manifest", manifest.Clip(w.Rule), manifest.Quote(w.PathText))
	}
	if w.PathText != "" {
		scope = fmt.Sprintf("at or below %s", manifest.Clip(w.PathText))
	}
	return fmt.Sprintf("waiver for %s matches no finding %s; remove it, or correct its rule or path", manifest.Clip(w.Rule), scope)
}
