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

	"github.com/erslint/erslint/pkg/policy"
)

// Table writes one line per rule: ID, severity, stage, title.
func Table(w io.Writer, rules []policy.Rule) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tFROM STAGE\tTITLE")
	for _, r := range rules {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.Stage, r.Title)
	}
	return tw.Flush()
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
}

// JSON writes the catalogue as a JSON array.
func JSON(w io.Writer, rules []policy.Rule) error {
	out := make([]jsonRule, 0, len(rules))
	for _, r := range rules {
		out = append(out, jsonRule{ID: r.ID, Title: r.Title, Severity: r.Severity.String(), Stage: r.Stage.String(),
			Seed: r.Seed, Description: r.Description, Remedy: r.Remedy, Example: r.Example, Builtin: r.Builtin, File: r.File})
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
