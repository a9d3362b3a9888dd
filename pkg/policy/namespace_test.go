package policy_test

import (
	"context"
	"strings"
	"testing"

	"github.com/erslint/erslint/pkg/policy"
)

// A custom policy that reaches into a built-in namespace would replace the
// assessment date, a helper or a rule for every built-in rule: refused at load,
// with the file and line of the rule that would.
func TestCustomPolicyCannotDefineBuiltinNamespaces(t *testing.T) {
	meta := "# METADATA\n# title: T\n# custom:\n#   id: ORG-X-001\n#   severity: error\n#   stage: planning\n"
	tests := []struct {
		name, src, want string
	}{
		{"the assessment date", "package erslint.config\n\nasOf := \"2199-01-01\"\n",
			"custom.rego:3: asOf: a custom policy cannot define erslint.config.asOf, in the built-in namespace erslint.config"},
		{"the rule IDs, by a ref head from above", "package erslint\n\nconfig.ruleIds := []\n",
			"custom.rego:3: config.ruleIds: a custom policy cannot define erslint.config.ruleIds, in the built-in namespace erslint.config"},
		{"a helper", "package erslint.lib\n\nas_of := \"2199-01-01\"\n",
			"custom.rego:3: as_of: a custom policy cannot define erslint.lib.as_of, in the built-in namespace erslint.lib"},
		{"a helper function", "package erslint.lib\n\nfinding(msg, path) := {\"msg\": msg, \"path\": []}\n",
			"custom.rego:3: finding: a custom policy cannot define erslint.lib.finding"},
		{"a new rule in the helpers' package", "package erslint.lib\n\nextra := 1\n",
			"in the built-in namespace erslint.lib"},
		{"the decision namespace", "package erslint.decision\n\nallow := true\n",
			"in the built-in namespace erslint.decision"},
		{"below the decision namespace", "package erslint.decision.gate\n\nallow := true\n",
			"in the built-in namespace erslint.decision"},
		{"a built-in rule's package", "package erslint.rules.contract.in_force\n\ndeny := set()\n",
			"custom.rego:3: deny: a custom policy cannot define erslint.rules.contract.in_force.deny, in the built-in namespace erslint.rules.contract.in_force"},
		{"a built-in rule's package, with metadata", meta + "package erslint.rules.governance.dspt_current\n\nearliest := \"1900-01-01\"\n",
			"custom.rego:9: earliest: a custom policy cannot define erslint.rules.governance.dspt_current.earliest"},
		{"a ref head from the area", "package erslint.rules.contract\n\nin_force.deny := set()\n",
			"custom.rego:3: in_force.deny: a custom policy cannot define erslint.rules.contract.in_force.deny"},
		{"a parent of built-in packages", "package erslint.rules\n\ncontract := {}\n",
			"custom.rego:3: contract: a custom policy cannot define erslint.rules.contract, in the built-in namespace erslint.rules.contract."},
		{"a variable key over the built-in rules", "package erslint\n\nrules[area] := {} if some area in [\"contract\"]\n",
			"a custom policy cannot define erslint.rules,"},
		{"the cross-manifest rules", "package erslint.run.repo.name_unique\n\ndeny := set()\n",
			"in the built-in namespace erslint.run.repo.name_unique"},
		{"the engine rules", "package erslint.engine\n\nschema := {}\n",
			"in the built-in namespace erslint.engine.schema.valid"},
		{"the root", "package erslint\n\nconfig := {\"asOf\": \"2199-01-01\"}\n",
			"cannot define erslint.config, in the built-in namespace erslint.config"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := policy.New(context.Background(), policy.Options{
				Sources: append(builtin(t), policy.Source{Name: "custom.rego", Text: []byte(tt.src)}), AsOf: "2026-11-24"})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

// Custom rules beside the built-in ones, and helpers of one's own, still load.
func TestCustomPolicyOwnNamespacesLoad(t *testing.T) {
	meta := func(id, pkg string) string {
		return "# METADATA\n# title: T\n# custom:\n#   id: " + id + "\n#   severity: error\n#   stage: planning\npackage " + pkg + "\n"
	}
	sources := append(builtin(t),
		policy.Source{Name: "a.rego", Text: []byte(meta("ORG-A-001", "erslint.rules.contract.renewal_owner") + "deny contains 1 if false\n")},
		policy.Source{Name: "b.rego", Text: []byte(meta("ORG-B-001", "erslint.rules.org.owner") + "import data.org.helpers\ndeny contains 1 if helpers.never\n")},
		policy.Source{Name: "c.rego", Text: []byte("package org.helpers\n\nnever if false\n")},
		policy.Source{Name: "e.rego", Text: []byte("package erslint.libraries\n\nx := 1\n")},
	)
	if _, err := policy.New(context.Background(), policy.Options{Sources: sources, AsOf: "2026-11-24"}); err != nil {
		t.Fatal(err)
	}
}
