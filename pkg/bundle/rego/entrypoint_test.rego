# Tests of the bundle's entrypoint and schema check; opa test runs them on a
# bundle built with erslint bundle --tests, whose data they read.
package erslint.decision.entrypoint_test

import data.erslint.decision
import data.erslint.decision.schema

manifest := {
	"apiVersion": "ers-onboarding/v1",
	"kind": "OnboardingManifest",
	"metadata": {"name": "example-clinic"},
	"stage": "planning",
	"organisation": {"name": "Example Clinic", "type": "gp-practice", "newToErs": true},
}

findings_for(doc) := fs if {
	fs := decision.findings with input as {"manifest": doc, "asOf": "2026-11-24"}
}

rule_ids(fs) := {f.ruleId | some f in fs}

test_findings_are_shaped_as_lint_json if {
	some f in findings_for(manifest)
	f.ruleId == "ERS-GOV-001"
	f.path == "governance.dspt.status"
	f.severity == "warning" # an error from pre-go-live on: one level lower in planning
	f.suppressed == false
	not "waiver" in object.keys(f)
}

test_a_waiver_suppresses_and_is_shown if {
	doc := object.union(manifest, {"waivers": [{"rule": "ERS-ACC-001", "path": "access", "reason": "r", "approvedBy": "a"}]})
	some f in findings_for(doc)
	f.ruleId == "ERS-ACC-001"
	f.suppressed == true
	f.waiver == {"reason": "r", "approvedBy": "a"}
}

test_an_unknown_key_is_a_schema_finding if {
	doc := object.union(manifest, {"organisation": object.union(manifest.organisation, {"typo": 1})})
	some f in findings_for(doc)
	f.ruleId == "ERS-SCHEMA-001"
	f.path == "organisation.typo"
	f.message == `unknown key "typo" in organisation; did you mean "type"?`
}

test_an_as_of_that_is_not_a_date_decides_nothing if {
	not decision.findings with input as {"manifest": manifest, "asOf": "2026-13-45"}
	not decision.findings with input as {"manifest": manifest, "asOf": 20261124}
	not decision.findings with input as {"manifest": manifest, "asOf": "0226-06-30"}
}

test_without_as_of_the_decision_is_for_today if {
	decision.as_of == sprintf("%04d-%02d-%02d", time.date(time.now_ns())) with input as {"manifest": manifest}
}

test_a_document_that_is_not_a_mapping if {
	fs := findings_for([1])
	some f in fs
	f.message == "a manifest document must be a mapping of keys to values; got a list"
	f.path == ""
}

test_edit_distance if {
	schema.distance("type", "typo", 2) == 1
	schema.distance("kitten", "sitting", 3) == 3
	not schema.distance("kitten", "sitting", 2)
	schema.closest("nhs-trusts", ["nhs-trust", "gp-practice"]) == "nhs-trust"
	not schema.closest("zzzzzz", ["nhs-trust", "gp-practice"])
}

test_lengths_and_list_sizes_over_the_schema_limits if {
	table := object.union(data.erslint.config.schema, {
		"metadata.owner": {"types": ["string"], "type": ["string"], "maxLength": 5},
		"access.authentication": {"types": ["array"], "type": ["array"], "maxItems": 1},
	})
	fs := schema.findings with input as {"metadata": {"owner": "abcdefg"}, "access": {"authentication": ["smartcard", "other"]}}
		with data.erslint.config.schema as table
	some long in fs
	long.path == ["metadata", "owner"]
	long.msg == `metadata.owner is 7 characters long, over the limit of 5 (no real owner is that long): shorten it; got "abcdefg"`
	some many in fs
	many.path == ["access", "authentication"]
	startswith(many.msg, "access.authentication lists 2 items, over the limit of 1 (far more")
}

test_real_dates_in_any_year if {
	every date in ["2026-11-24", "0226-06-30", "2024-02-29", "2000-02-29", "1600-12-31", "9999-12-31"] {
		schema.real_date(date)
	}
	every date in ["2026-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-01-00", "26-01-01", "2026-1-01"] {
		not schema.real_date(date)
	}
}
