// Package ruledoc renders the rule catalogue for people: the `rules` table, the
// `explain` page of one rule, and docs/rules.md. Everything comes from the rules'
// # METADATA annotations.
package ruledoc

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/policy"
)

// Table writes one line per rule: ID, severity, stage, title.
func Table(w io.Writer, rules []policy.Rule) error {
	return ConfiguredTable(w, rules, nil, "")
}

// Setting is a configuration file's change to one rule.
type Setting struct {
	Disabled bool
	Severity finding.Severity // 0: the rule's own
}

// String says what the setting changes: "off", "severity warning", or "".
func (s Setting) String() string {
	switch {
	case s.Disabled:
		return "off"
	case s.Severity != 0:
		return "severity " + s.Severity.String()
	}
	return ""
}

// ConfiguredTable is Table with a CONFIGURED column saying what the
// configuration file (named by file) changes, when it changes anything: a
// rule turned off, or its severity replaced (SEVERITY stays the rule's own).
func ConfiguredTable(w io.Writer, rules []policy.Rule, settings map[string]Setting, file string) error {
	changed := false
	for _, r := range rules {
		if settings[r.ID].String() != "" {
			changed = true
		}
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if !changed {
		fmt.Fprintln(tw, "ID\tSEVERITY\tFROM STAGE\tTITLE")
		for _, r := range rules {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.Stage, r.Title)
		}
		return tw.Flush()
	}
	fmt.Fprintln(tw, "ID\tSEVERITY\tFROM STAGE\tCONFIGURED\tTITLE")
	for _, r := range rules {
		c := settings[r.ID].String()
		if c == "" {
			c = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.Stage, c, r.Title)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\nCONFIGURED: what %s changes (SEVERITY is the rule's own; stage demotion still applies).\n", file)
	return err
}

type jsonRule struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Severity    string `json:"severity"`
	Stage       string `json:"stage"`
	Seed        string `json:"seed"`
	Description string `json:"description"`
	Remedy      string `json:"remedy"`
	Example     string `json:"example,omitempty"`
	Builtin     bool   `json:"builtin"`
	File        string `json:"file"`
	// Configured is what the configuration file changes; absent when nothing.
	Configured *jsonSetting `json:"configured,omitempty"`
}

type jsonSetting struct {
	Enabled  bool   `json:"enabled"`
	Severity string `json:"severity"` // the severity in effect, before stage demotion
}

// JSON writes the catalogue as a JSON array.
func JSON(w io.Writer, rules []policy.Rule) error { return ConfiguredJSON(w, rules, nil) }

// ConfiguredJSON is JSON with, for each rule the configuration changes, a
// "configured" object: whether it is enabled and the severity in effect.
func ConfiguredJSON(w io.Writer, rules []policy.Rule, settings map[string]Setting) error {
	out := make([]jsonRule, 0, len(rules))
	for _, r := range rules {
		jr := jsonRule{ID: r.ID, Title: r.Title, Severity: r.Severity.String(), Stage: r.Stage.String(),
			Seed: r.Seed, Description: r.Description, Remedy: r.Remedy, Example: r.Example, Builtin: r.Builtin, File: r.File}
		if s := settings[r.ID]; s.String() != "" {
			sev := r.Severity
			if s.Severity != 0 {
				sev = s.Severity
			}
			jr.Configured = &jsonSetting{Enabled: !s.Disabled, Severity: sev.String()}
		}
		out = append(out, jr)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// Explain writes one rule's page: what must hold, why, where it comes from, how
// to fix it, and a manifest fragment that passes.
func Explain(w io.Writer, r policy.Rule) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n\n", r.ID, r.Title)
	fmt.Fprintf(&b, "Severity: %s, in full from stage %s (one level lower before it)\n", r.Severity, r.Stage)
	if r.Seed != "" {
		fmt.Fprintf(&b, "Seed section: %s\n", r.Seed)
	}
	fmt.Fprintf(&b, "Defined in: %s\n", r.File)
	if r.Description != "" {
		fmt.Fprintf(&b, "\nWhy\n%s\n", indent(r.Description))
	}
	if r.Remedy != "" {
		fmt.Fprintf(&b, "\nHow to fix\n%s\n", indent(r.Remedy))
	}
	if r.Example != "" {
		fmt.Fprintf(&b, "\nExample\n%s\n", indent(r.Example))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "  " + l
		}
	}
	return strings.Join(lines, "\n")
}

// Markdown writes docs/rules.md: a table of every rule, then one section each.
func Markdown(w io.Writer, rules []policy.Rule) error {
	var b strings.Builder
	b.WriteString("# erslint rules\n\n")
	b.WriteString("Generated from the rules' `# METADATA` annotations by `go test ./pkg/ruledoc -update`; do not edit by hand.\n\n")
	b.WriteString("A rule is reported one level lower (error → warning, warning → info) for a manifest at a stage before the rule's stage.\n\n")
	b.WriteString("| ID | severity | from stage | what must hold |\n|---|---|---|---|\n")
	for _, r := range rules {
		fmt.Fprintf(&b, "| [%s](#%s) | %s | %s | %s |\n", r.ID, strings.ToLower(r.ID), r.Severity, r.Stage, escapeCell(r.Title))
	}
	for _, r := range rules {
		fmt.Fprintf(&b, "\n## %s\n\n**%s**\n\n", r.ID, r.Title)
		fmt.Fprintf(&b, "- Severity: %s, in full from stage `%s`\n", r.Severity, r.Stage)
		if r.Seed != "" {
			fmt.Fprintf(&b, "- Seed section: %s\n", r.Seed)
		}
		fmt.Fprintf(&b, "- Policy: [`%s`](../%s)\n", r.File, r.File)
		if r.Description != "" {
			fmt.Fprintf(&b, "\n### Why\n\n%s\n", r.Description)
		}
		if r.Remedy != "" {
			fmt.Fprintf(&b, "\n### How to fix\n\n%s\n", r.Remedy)
		}
		if r.Example != "" {
			fmt.Fprintf(&b, "\n### Example\n\n```yaml\n%s```\n", r.Example)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func escapeCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
