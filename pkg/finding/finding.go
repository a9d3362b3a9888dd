// Package finding defines the one result type every stage of erslint produces:
// a rule broken at a place in a manifest, with the severity it carries there.
package finding

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Severity orders findings: Info < Warning < Error.
type Severity int

// Severities, lowest first. None is only a fail level: nothing reaches it.
const (
	Info Severity = iota + 1
	Warning
	Error
	None
)

var severityNames = map[Severity]string{Info: "info", Warning: "warning", Error: "error", None: "none"}

func (s Severity) String() string {
	if n, ok := severityNames[s]; ok {
		return n
	}
	return "unknown"
}

// ParseSeverity reads error, warning or info.
func ParseSeverity(s string) (Severity, error) {
	for sev, name := range severityNames {
		if name == s && sev != None {
			return sev, nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning or info)", s)
}

// ParseFailLevel reads a fail level: a severity or none.
func ParseFailLevel(s string) (Severity, error) {
	if s == "none" {
		return None, nil
	}
	sev, err := ParseSeverity(s)
	if err != nil {
		return 0, fmt.Errorf("unknown fail level %q (want error, warning, info or none)", s)
	}
	return sev, nil
}

// Stage is how far an organisation is in its onboarding.
type Stage int

// Stages in order.
const (
	Planning Stage = iota + 1
	PreGoLive
	Live
)

var stageNames = map[Stage]string{Planning: "planning", PreGoLive: "pre-go-live", Live: "live"}

func (s Stage) String() string {
	if n, ok := stageNames[s]; ok {
		return n
	}
	return "unknown"
}

// ParseStage reads planning, pre-go-live or live.
func ParseStage(s string) (Stage, error) {
	for st, name := range stageNames {
		if name == s {
			return st, nil
		}
	}
	return 0, fmt.Errorf("unknown stage %q (want planning, pre-go-live or live)", s)
}

// Path addresses a node in a manifest: keys (string) and sequence indexes (int).
type Path []any

// String renders a path as services[0].contracts[1].end.
func (p Path) String() string {
	var b strings.Builder
	for _, el := range p {
		switch v := el.(type) {
		case int:
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(v))
			b.WriteByte(']')
		case string:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(v)
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			fmt.Fprint(&b, v)
		}
	}
	return b.String()
}

// HasPrefix reports whether q is p or an ancestor of p.
func (p Path) HasPrefix(q Path) bool {
	if len(q) > len(p) {
		return false
	}
	for i := range q {
		if p[i] != q[i] {
			return false
		}
	}
	return true
}

// Waiver records the accepted exception that suppresses a finding.
type Waiver struct {
	Reason     string `json:"reason"`
	ApprovedBy string `json:"approvedBy,omitempty"`
	Expires    string `json:"expires,omitempty"`
	File       string `json:"file"`
	Line       int    `json:"line"`
}

// Finding is one broken rule at one place.
type Finding struct {
	RuleID   string
	Severity Severity
	Message  string
	File     string
	Line     int // 1-based
	Column   int // 1-based
	Path     Path
	Document int     // 0-based index of the YAML document in its file
	Waiver   *Waiver // set when an accepted waiver suppresses this finding
}

// Suppressed reports whether a waiver covers the finding.
func (f Finding) Suppressed() bool { return f.Waiver != nil }

// Compare orders findings by file, line, column, rule, then message, so that
// output is the same bytes whatever order the work finished in.
func Compare(a, b Finding) int {
	if c := cmp.Or(
		strings.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
		strings.Compare(a.RuleID, b.RuleID),
		strings.Compare(a.Message, b.Message),
	); c != 0 {
		return c
	}
	return strings.Compare(a.Path.String(), b.Path.String()) // rendered only for a tie: a sort compares often
}

// Sort sorts findings in report order.
func Sort(fs []Finding) { slices.SortStableFunc(fs, Compare) }
