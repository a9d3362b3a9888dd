package policy

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/open-policy-agent/opa/v1/ast"
)

// Scope says what a rule is evaluated over.
type Scope string

// Scopes, by the package namespace a rule lives in.
const (
	// ScopeDocument rules (package erslint.rules.*) see one manifest as input.
	ScopeDocument Scope = "document"
	// ScopeRun rules (package erslint.run.*) see the keys of every manifest of a run.
	ScopeRun Scope = "run"
	// ScopeEngine rules (package erslint.engine.*) are produced by the Go engine
	// (schema errors, stale waivers); their package holds only their metadata.
	ScopeEngine Scope = "engine"
)

var namespaces = map[string]Scope{"rules": ScopeDocument, "run": ScopeRun, "engine": ScopeEngine}

// Rule is one rule's identity and documentation, read from the package-scoped
// # METADATA annotation of its Rego file.
type Rule struct {
	ID          string           `json:"id"`
	Title       string           `json:"title"`
	Description string           `json:"description"`
	Severity    finding.Severity `json:"-"`
	Stage       finding.Stage    `json:"-"`
	Seed        string           `json:"seed"`
	Remedy      string           `json:"remedy"`
	Example     string           `json:"example,omitempty"`
	Scope       Scope            `json:"scope"`
	Package     string           `json:"package"` // e.g. rules.contract.service_contract
	File        string           `json:"file"`
	Line        int              `json:"line"`
	Builtin     bool             `json:"builtin"`
}

var ruleIDPattern = regexp.MustCompile(`^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$`)

// regoName is a name Rego writes without quotes. A rule's area and name are
// one each: its package is named erslint.rules.<area>.<name> everywhere (the
// catalogue, reports, the rules it is found by), which only a name without
// dots or other signs keeps one package's alone.
var regoName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// ruleFromModule reads the rule the module of source s declares. ok is false
// for modules that declare none (helpers such as erslint.lib, and tests).
func ruleFromModule(s Source, m *ast.Module) (rule Rule, ok bool, err error) {
	file := s.Name
	path := packagePath(m)
	if len(path) < 2 || path[0] != "erslint" {
		return Rule{}, false, nil
	}
	scope, isRule := namespaces[path[1]]
	if !isRule {
		return Rule{}, false, nil
	}
	var ann *ast.Annotations
	for _, a := range m.Annotations {
		if a.Scope == "package" {
			ann = a
		}
	}
	line := m.Package.Location.Row
	fail := func(format string, args ...any) (Rule, bool, error) {
		return Rule{}, false, fmt.Errorf("%s:%d: package %s: %s", file, line, strings.Join(path, "."), fmt.Sprintf(format, args...))
	}
	if len(path) != 4 {
		return fail("a rule's package is erslint.%s.<area>.<name>, two levels below erslint.%s", path[1], path[1])
	}
	for _, name := range path[2:] {
		if !regoName.MatchString(name) {
			return fail("%q: a rule's <area> and <name> are Rego names (letters, digits and _, not starting with a digit), written without quotes", name)
		}
	}
	// deny is a set of findings. As an object (deny[k] := v, deny.k := v)
	// its keys were read as findings on the assessment date and its values
	// on the look-ahead's days: refused here, where it is written.
	for _, r := range m.Rules {
		if ref := r.Head.Ref(); ref[0].Equal(ast.VarTerm("deny")) && (len(ref) > 1 || r.Head.DocKind() == ast.PartialObjectDoc) &&
			r.Head.DocKind() != ast.PartialSetDoc {
			if r.Location != nil {
				line = r.Location.Row
			}
			return fail("deny is the set of the rule's findings: write `deny contains lib.finding(msg, path) if { ... }`, not %s, which makes it an object", r.Head.Ref())
		}
	}
	if ann == nil {
		return fail("no package-scoped # METADATA annotation (a rule needs title and custom id, severity, stage)")
	}
	custom := ann.Custom
	str := func(k string) string { s, _ := custom[k].(string); return strings.TrimSpace(s) }
	r := Rule{
		ID: str("id"), Title: strings.TrimSpace(ann.Title), Description: strings.TrimSpace(ann.Description),
		Seed: str("seed"), Remedy: str("remedy"), Example: strings.TrimRight(str("example"), "\n") + "\n",
		Scope: scope, Package: strings.Join(path[1:], "."), File: file, Line: line,
	}
	if r.Example == "\n" {
		r.Example = ""
	}
	for _, f := range []struct {
		name, text string
		lines      bool
	}{{"title", r.Title, false}, {"description", r.Description, true}, {"custom.seed", r.Seed, false},
		{"custom.remedy", r.Remedy, true}, {"custom.example", r.Example, true}} {
		if s.Builtin {
			break // erslint's own, checked by its tests, not at every start
		}
		if c, bad := controlIn(f.text, f.lines); bad {
			return fail("%s holds the control character %U, which could rewrite what erslint rules, erslint explain or a report shows: remove it", f.name, c)
		}
	}
	if !ruleIDPattern.MatchString(r.ID) {
		return fail("custom.id %q is not a rule ID like ERS-CON-001", r.ID)
	}
	if r.Title == "" {
		return fail("%s has no title", r.ID)
	}
	if r.Severity, err = finding.ParseSeverity(str("severity")); err != nil {
		return fail("%s: custom.severity: %v", r.ID, err)
	}
	if r.Stage, err = finding.ParseStage(str("stage")); err != nil {
		return fail("%s: custom.stage: %v", r.ID, err)
	}
	return r, true, nil
}

// denyRef is data.erslint.<package>.deny, the rule's findings.
func (r Rule) denyRef() ast.Ref {
	return dataRef(append(append([]string{"erslint"}, strings.Split(r.Package, ".")...), "deny")...)
}

// dataRef is the reference data.<path...>, built rather than parsed: the
// parser's set-up costs more than the reference, and more again at package
// initialisation, on every start.
func dataRef(path ...string) ast.Ref {
	ref := make(ast.Ref, 0, len(path)+1)
	ref = append(ref, ast.DefaultRootDocument)
	for _, p := range path {
		ref = append(ref, ast.StringTerm(p))
	}
	return ref
}

func packagePath(m *ast.Module) []string {
	var out []string
	for i, t := range m.Package.Path {
		if i == 0 {
			continue // data
		}
		s, ok := t.Value.(ast.String)
		if !ok {
			return nil
		}
		out = append(out, string(s))
	}
	return append([]string{}, out...)
}

// controlIn finds a character in a rule's text that changes how a terminal or
// a log shows a line instead of being shown (the set report's escapes
// neutralise in what it quotes): a control character other than a line break
// and a tab in text of several lines, a line or paragraph separator, a
// bidirectional override. A custom policy's metadata is printed as written by
// erslint rules and erslint explain, so one that holds any is refused.
func controlIn(s string, lines bool) (rune, bool) {
	for _, r := range s {
		switch {
		case lines && (r == '\n' || r == '\t'):
		case unicode.IsControl(r), r == 0x2028, r == 0x2029,
			r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return r, true
		}
	}
	return 0, false
}
