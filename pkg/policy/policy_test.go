package policy_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/erslint/erslint/pkg/policy"
	"github.com/erslint/erslint/policies"
	"github.com/open-policy-agent/opa/v1/ast"
)

func builtin(t testing.TB) []policy.Source {
	t.Helper()
	srcs, err := policy.FromFS(policies.FS, "policies", true)
	if err != nil {
		t.Fatal(err)
	}
	return srcs
}

// TestRegoUnitTests runs every _test.rego of the built-in policies: a failing
// Rego test fails go test.
func TestRegoUnitTests(t *testing.T) {
	rep, err := policy.RunTests(context.Background(), builtin(t), true)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) < 100 {
		t.Errorf("only %d Rego tests ran; the policies' tests were not found", len(rep.Results))
	}
	for _, r := range rep.Results {
		if !r.Passed {
			t.Errorf("%s (%s:%d): %s", r.Name, r.File, r.Line, r.Message)
		}
	}
	t.Logf("%d Rego tests passed, policy line coverage %.1f%%", rep.Passed(), rep.Coverage.Coverage)
	const minCoverage = 90.0
	if rep.Coverage.Coverage < minCoverage {
		t.Errorf("policy line coverage %.1f%% is under %.0f%%", rep.Coverage.Coverage, minCoverage)
		for file, fr := range rep.Coverage.Files {
			for _, rng := range fr.NotCovered {
				t.Logf("not covered: %s:%d-%d", file, rng.Start.Row, rng.End.Row)
			}
		}
	}
}

// specRuleIDs is the rule catalogue of the product contract, manifest-v1.md §3.
var specRuleIDs = []string{
	"ERS-SCHEMA-001",
	"ERS-CON-001", "ERS-CON-002", "ERS-CON-003", "ERS-CON-004",
	"ERS-ODS-001", "ERS-ODS-002",
	"ERS-RA-001", "ERS-RA-002",
	"ERS-GOV-001", "ERS-GOV-002", "ERS-GOV-003", "ERS-GOV-004", "ERS-GOV-005",
	"ERS-DEV-001",
	"ERS-ACC-001", "ERS-ACC-002", "ERS-ACC-003", "ERS-ACC-004", "ERS-ACC-005",
	"ERS-TRN-001",
	"ERS-LIVE-001", "ERS-LIVE-002", "ERS-LIVE-003", "ERS-LIVE-004", "ERS-LIVE-005", "ERS-LIVE-006",
	"ERS-WAIVER-001", "ERS-WAIVER-002", "ERS-WAIVER-003",
	"ERS-REPO-001", "ERS-REPO-002",
	// §8: against the reference data.
	"ERS-REF-001", "ERS-REF-002", "ERS-REF-003", "ERS-REF-004", "ERS-REF-005",
}

func engine(t testing.TB, extra ...policy.Source) *policy.Engine {
	t.Helper()
	e, err := policy.New(context.Background(), policy.Options{Sources: append(builtin(t), extra...), AsOf: "2026-11-24"})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestCatalogueMatchesTheSpec(t *testing.T) {
	var ids []string
	for _, r := range engine(t).Rules() {
		ids = append(ids, r.ID)
		if r.Description == "" || r.Seed == "" || r.Remedy == "" || r.Example == "" {
			t.Errorf("%s (%s) lacks description, seed, remedy or example", r.ID, r.File)
		}
	}
	want := slices.Sorted(slices.Values(specRuleIDs))
	if !slices.Equal(ids, want) {
		t.Errorf("rule IDs\n got %v\nwant %v", ids, want)
	}
}

func TestEvaluateReturnsPathsAndMessages(t *testing.T) {
	e := engine(t)
	doc := map[string]any{
		"stage":        "live",
		"organisation": map[string]any{"type": "independent-sector-provider"},
		"services":     []any{map[string]any{"id": "a"}},
	}
	results, err := e.Evaluate(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, r := range results {
		if r.RuleID == "ERS-CON-001" {
			found = true
			if got := r.Path; len(got) != 3 || got[0] != "services" || got[1] != 0 || got[2] != "contracts" {
				t.Errorf("CON-001 path = %v", got)
			}
		}
	}
	if !found {
		t.Error("ERS-CON-001 did not fire for a service without contracts")
	}
}

func TestCustomPolicyContract(t *testing.T) {
	meta := func(id string) string {
		return "# METADATA\n# title: T\n# custom:\n#   id: " + id + "\n#   severity: error\n#   stage: planning\npackage erslint.rules.custom.x\n"
	}
	tests := []struct {
		name, src, wantErr string
	}{
		{"collides with a built-in ID", meta("ERS-CON-001") + "deny contains 1 if false\n", "custom.rego:7: rule ID ERS-CON-001 is already defined at policies/contract/service_contract/service_contract.rego"},
		{"no metadata", "package erslint.rules.custom.x\n", "no package-scoped # METADATA"},
		{"bad severity", strings.Replace(meta("ORG-X-001"), "error", "fatal", 1), "custom.severity"},
		{"does not compile", meta("ORG-X-001") + "deny contains x if { x := undefined_fn(1) }\n", "custom.rego:8"},
		{"network access is not allowed", meta("ORG-X-001") + "deny contains x if { x := http.send({}) }\n", "undefined function http.send"},
		{"host environment is not allowed", meta("ORG-X-001") + "deny contains x if { x := opa.runtime() }\n", "undefined function opa.runtime"},
		// A quoted area made erslint panic once the look-ahead read the
		// rule's findings by its dotted name.
		{"area that is not a Rego name", strings.Replace(meta("ORG-X-001"), "rules.custom.x", `rules["my-area"].x`, 1), `custom.rego:7: package erslint.rules.my-area.x: "my-area": a rule's <area> and <name> are Rego names`},
		{"name with a dot", strings.Replace(meta("ORG-X-001"), "rules.custom.x", `rules.custom["a.b"]`, 1), `"a.b": a rule's <area>`},
		// An object deny was read by its keys on the assessment date and by
		// its values on the look-ahead's days (forecast stopped with exit 2).
		{"deny as an object", meta("ORG-X-001") + "deny[k] := {\"msg\": \"m\", \"path\": []} if some k in [\"a\"]\n", "custom.rego:8: package erslint.rules.custom.x: deny is the set of the rule's findings"},
		{"deny with a key in its head", meta("ORG-X-001") + "deny.one := {\"msg\": \"m\", \"path\": []}\n", "custom.rego:8: package erslint.rules.custom.x: deny is the set"},
		{"deny[x] if, an object of true in Rego v1", meta("ORG-X-001") + "deny[x] if x := \"a\"\n", "deny is the set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := policy.New(context.Background(), policy.Options{
				Sources: append(builtin(t), policy.Source{Name: "custom.rego", Text: []byte(tt.src)}), AsOf: "2026-11-24"})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("err = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestCustomPolicyRuns(t *testing.T) {
	src := `# METADATA
# title: Owner is given
# custom:
#   id: ORG-META-001
#   severity: warning
#   stage: planning
package erslint.rules.custom.owner

import data.erslint.lib

deny contains lib.finding("metadata.owner is not set", ["metadata", "owner"]) if {
	not input.metadata.owner
}
`
	e := engine(t, policy.Source{Name: "org/owner.rego", Text: []byte(src)})
	r, ok := e.Rule("ORG-META-001")
	if !ok || r.Builtin {
		t.Fatalf("custom rule not loaded: %+v", r)
	}
	results, err := e.Evaluate(context.Background(), map[string]any{"metadata": map[string]any{}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(results, func(r policy.Result) bool { return r.RuleID == "ORG-META-001" }) {
		t.Error("custom rule did not fire")
	}
}

func TestRunawayPolicyTimesOut(t *testing.T) {
	src := `# METADATA
# title: Slow
# custom:
#   id: ORG-SLOW-001
#   severity: error
#   stage: planning
package erslint.rules.custom.slow

deny contains {"msg": "x", "path": []} if {
	some i in numbers.range(1, 100000)
	some j in numbers.range(1, 100000)
	i + j < 0
}
`
	e, err := policy.New(context.Background(), policy.Options{
		Sources: append(builtin(t), policy.Source{Name: "slow.rego", Text: []byte(src)}), AsOf: "2026-11-24", Timeout: 200_000_000})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Evaluate(context.Background(), map[string]any{})
	if err == nil || !strings.Contains(err.Error(), "took longer than") {
		t.Errorf("err = %v, want a time-limit error", err)
	}
}

// Positions in compile errors are 1-based even where OPA gives column 0.
func TestCompileErrorPositionsAreOneBased(t *testing.T) {
	err := &policy.CompileError{Errors: ast.Errors{
		&ast.Error{Message: "rego_parse_error: unexpected eof", Location: &ast.Location{File: "org/a.rego", Row: 3, Col: 0}},
		&ast.Error{Message: "no location"},
	}}
	if got, want := err.Error(), "org/a.rego:3:1: rego_parse_error: unexpected eof\nno location"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestAtEvaluatesAsNewDoes checks that an Engine moved to another date gives
// what an Engine compiled for that date gives, and that a date is prepared once.
func TestAtEvaluatesAsNewDoes(t *testing.T) {
	ctx := context.Background()
	doc := map[string]any{
		"services": []any{map[string]any{"id": "s", "contracts": []any{map[string]any{
			"start": "2026-12-01", "end": "2027-01-31", "paymentAgreed": true,
		}}}},
		"governance": map[string]any{"dspt": map[string]any{"publishedOn": "2025-12-15"}},
		"waivers":    []any{map[string]any{"rule": "ERS-GOV-003", "reason": "r", "approvedBy": "a", "expires": "2027-01-05"}},
	}
	base := engine(t)
	for _, date := range []string{"2026-11-24", "2026-12-01", "2026-12-16", "2027-01-06", "2027-02-01", "2024-02-29"} {
		t.Run(date, func(t *testing.T) {
			moved, err := base.At(ctx, date)
			if err != nil {
				t.Fatal(err)
			}
			again, _ := base.At(ctx, date)
			if moved != again || moved.AsOf() != date {
				t.Errorf("At(%s) prepared again or at the wrong date (%s)", date, moved.AsOf())
			}
			fresh, err := policy.New(ctx, policy.Options{Sources: builtin(t), AsOf: date})
			if err != nil {
				t.Fatal(err)
			}
			got, err := moved.Evaluate(ctx, doc)
			if err != nil {
				t.Fatal(err)
			}
			want, err := fresh.Evaluate(ctx, doc)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(sortedResults(got)) != fmt.Sprint(sortedResults(want)) {
				t.Errorf("At(%s):\n got %v\nwant %v", date, sortedResults(got), sortedResults(want))
			}
			if len(want) == 0 {
				t.Errorf("no results at %s: the comparison proves nothing", date)
			}
		})
	}
}

func sortedResults(rs []policy.Result) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.RuleID+" "+r.Path.String()+" "+r.Message)
	}
	slices.Sort(out)
	return out
}

// A custom rule that quotes a value whole cannot make a report grow with the
// value: its message is cut.
func TestCustomMessageIsBounded(t *testing.T) {
	src := `# METADATA
# title: Echo
# custom:
#   id: ORG-ECHO-001
#   severity: error
#   stage: planning
package erslint.rules.custom.echo

deny contains {"msg": sprintf("name is %s", [input.organisation.name]), "path": ["organisation", "name"]} if {
	input.organisation.name
}
`
	e := engine(t, policy.Source{Name: "org/echo.rego", Text: []byte(src)})
	for _, size := range []int{10, 1 << 20} {
		name := strings.Repeat("é", size)
		results, err := e.Evaluate(context.Background(), map[string]any{"organisation": map[string]any{"name": name}})
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(results, func(r policy.Result) bool { return r.RuleID == "ORG-ECHO-001" })
		if i < 0 {
			t.Fatal("custom rule did not fire")
		}
		msg := results[i].Message
		switch {
		case size == 10 && msg != "name is "+name:
			t.Errorf("short message changed: %q", msg)
		case size > 10 && (utf8.RuneCountInString(msg) > 4100 || !strings.HasSuffix(msg, "… (message cut at 4000 characters)")):
			t.Errorf("message of %d characters, ending %q", utf8.RuneCountInString(msg), msg[len(msg)-60:])
		}
	}
}

// A custom rule whose value is the same for every document (it reads no
// input) is worked out once when the engine is built: that ran without the
// time limit, so count(numbers.range(1, 2000000000)) ran the machine out of
// memory, and a slow one hung the run, before anything was linted. It is now
// given the time limit, and left to each evaluation, which reports the limit.
func TestRunawayConstantTimesOut(t *testing.T) {
	src := `# METADATA
# title: Slow constant
# custom:
#   id: ORG-SLOW-002
#   severity: error
#   stage: planning
package erslint.rules.custom.slow_constant

# 10^12 steps, over a few kilobytes: slow, not big.
slow := count([1 | some i in numbers.range(1, 1000000); some j in numbers.range(1, 1000000); i == j + 1000000])

deny contains {"msg": sprintf("%d", [slow]), "path": []}
`
	type built struct {
		e   *policy.Engine
		err error
	}
	done := make(chan built, 1)
	go func() {
		e, err := policy.New(context.Background(), policy.Options{
			Sources: append(builtin(t), policy.Source{Name: "slow.rego", Text: []byte(src)}), AsOf: "2026-11-24", Timeout: 200 * time.Millisecond})
		done <- built{e, err}
	}()
	var b built
	select {
	case b = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("policy.New did not return within 20s with a time limit of 200ms")
	}
	if b.err != nil {
		t.Fatal(b.err)
	}
	_, err := b.e.Evaluate(context.Background(), map[string]any{})
	if err == nil || !strings.Contains(err.Error(), "took longer than 200ms") {
		t.Errorf("err = %v, want a time-limit error", err)
	}
}

// A custom rule's path is written whole in the JSON and SARIF reports: a path
// of 300,000 indexes, or a value quoted as a key, made a 4 MB report of one
// finding. The path is cut as the message is.
func TestCustomPathIsBounded(t *testing.T) {
	src := `# METADATA
# title: Long paths
# custom:
#   id: ORG-PATH-001
#   severity: error
#   stage: planning
package erslint.rules.custom.long_paths

deny contains {"msg": "many", "path": numbers.range(1, 300000)} if input.organisation

deny contains {"msg": "long key", "path": ["organisation", input.organisation.name]} if input.organisation

deny contains {"msg": "short", "path": ["organisation", "name"]} if input.organisation
`
	e := engine(t, policy.Source{Name: "org/paths.rego", Text: []byte(src)})
	name := strings.Repeat("é", 1<<20)
	results, err := e.Evaluate(context.Background(), map[string]any{"organisation": map[string]any{"name": name}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]policy.Result{}
	for _, r := range results {
		if r.RuleID == "ORG-PATH-001" {
			got[r.Message] = r
		}
	}
	if p := got["many"].Path; len(p) != 128 || p[0] != 1 || p[127] != 128 {
		t.Errorf("a path of 300,000 indexes: %d elements kept (%v...), want the first 128", len(p), p[:min(len(p), 3)])
	}
	if p := got["long key"].Path; len(p) != 2 || p[1] != strings.Repeat("é", 200) {
		t.Errorf("a key of 1M characters: path %.80v, want it cut at 200 characters", p)
	}
	if p := got["short"].Path; p.String() != "organisation.name" {
		t.Errorf("a short path changed: %v", p)
	}
}

// erslint rules and erslint explain printed a custom rule's metadata as
// written: an ESC sequence or a carriage return in a title could erase a line
// and print another ("::error file=x.yaml::" makes a GitHub annotation). Such a
// rule is refused when it is loaded, naming the field; line breaks in text of
// several lines are fine.
func TestControlCharactersInMetadataAreRefused(t *testing.T) {
	rule := func(title, description string) policy.Source {
		return policy.Source{Name: "org/meta.rego", Text: []byte(`# METADATA
# title: ` + title + `
# description: ` + description + `
# custom:
#   id: ORG-META-002
#   severity: error
#   stage: planning
package erslint.rules.custom.meta

deny contains {"msg": "m", "path": []} if input.x
`)}
	}
	tests := []struct{ title, description, want string }{
		{`"Evil\e[2K"`, "fine", "org/meta.rego:8: package erslint.rules.custom.meta: title holds the control character U+001B"},
		{`"Evil\r::error file=x.yaml::pwned"`, "fine", "title holds the control character U+000D"},
		{`"Evil\nsecond line"`, "fine", "title holds the control character U+000A"},
		{`"Evil \u202e reversed"`, "fine", "title holds the control character U+202E"},
		{"Fine", `"one\r\n::warning::two"`, "description holds the control character U+000D"},
		{"Fine", `"one\nand two\tcolumns"`, ""},
	}
	for _, tt := range tests {
		_, err := policy.New(context.Background(), policy.Options{Sources: append(builtin(t), rule(tt.title, tt.description)), AsOf: "2026-11-24"})
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s / %s: %v", tt.title, tt.description, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s / %s: err = %v, want %q", tt.title, tt.description, err, tt.want)
		}
	}
}
