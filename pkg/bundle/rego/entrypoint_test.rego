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

# request_error holds when the decision for input is only ERS-SCHEMA-001
# errors of the request, one of them with msg.
request_error(req, msg) if {
	fs := decision.findings with input as req
	count(fs) > 0
	every f in fs {
		f.ruleId == "ERS-SCHEMA-001"
		f.severity == "error"
		f.path == ""
		f.suppressed == false
	}
	some f in fs
	f.message == msg
}

test_an_as_of_that_is_not_a_date_blocks if {
	request_error({"manifest": manifest, "asOf": "2026-13-45"}, `asOf "2026-13-45" is not a date YYYY-MM-DD`)
	request_error({"manifest": manifest, "asOf": ""}, `asOf "" is not a date YYYY-MM-DD`)
	request_error({"manifest": manifest, "asOf": "2026-02-29"}, `asOf "2026-02-29" is not a date YYYY-MM-DD`)
	request_error({"manifest": manifest, "asOf": 20261124}, `asOf must be a date written as text, "YYYY-MM-DD"; got number 20261124`)
	request_error({"manifest": manifest, "asOf": null}, `asOf must be a date written as text, "YYYY-MM-DD"; got nothing (null)`)
	request_error({"manifest": manifest, "asOf": "0226-06-30"}, "asOf 0226-06-30 is outside the years 1900 to 2199, the dates the rules can compute with")
	request_error({"manifest": manifest, "asOf": "2200-01-01"}, "asOf 2200-01-01 is outside the years 1900 to 2199, the dates the rules can compute with")
}

test_the_edge_years_are_decided if {
	every date in ["1900-01-01", "2199-12-31"] {
		some f in findings_for_date(manifest, date)
		f.ruleId == "ERS-GOV-001"
	}
}

findings_for_date(doc, date) := fs if {
	fs := decision.findings with input as {"manifest": doc, "asOf": date}
}

test_a_request_without_a_manifest_blocks if {
	request_error({"asOf": "2026-11-24"}, `the request has no "manifest": post {"input": {"manifest": <one manifest document>, "asOf": "YYYY-MM-DD"}}`)
	request_error(manifest, concat("", [
		`the request has no "manifest": post {"input": {"manifest": <one manifest document>, "asOf": "YYYY-MM-DD"}}`,
		`; the input looks like a manifest itself: put it under "manifest"`,
	]))
}

test_an_input_that_is_not_an_object_blocks if {
	request_error([manifest], `the request's input must be an object, {"input": {"manifest": <one manifest document>, "asOf": "YYYY-MM-DD"}}; got a list`)
	request_error(null, `the request's input must be an object, {"input": {"manifest": <one manifest document>, "asOf": "YYYY-MM-DD"}}; got nothing (null)`)
	request_error("x", `the request's input must be an object, {"input": {"manifest": <one manifest document>, "asOf": "YYYY-MM-DD"}}; got string "x"`)
}

test_an_unknown_key_in_the_request_blocks if {
	request_error({"manifest": manifest, "asof": "2026-11-24"}, `unknown key "asof" in the request; did you mean "asOf"?; post {"input": {"manifest": <one manifest document>, "asOf": "YYYY-MM-DD"}}`)
	request_error({"manifest": manifest, "x": 1}, `unknown key "x" in the request; post {"input": {"manifest": <one manifest document>, "asOf": "YYYY-MM-DD"}}`)
}

test_numbers_json_tools_cannot_hold if {
	doc := object.union(manifest, {"devices": [{"name": "PCs", "count": 9007199254740993, "os": "windows-11", "browser": "edge", "browserVersion": 131}]})
	fs := findings_for(doc)
	at := [f | some f in fs; f.path == "devices[0].count"]
	at == [{
		"ruleId": "ERS-SCHEMA-001", "severity": "error", "path": "devices[0].count", "suppressed": false,
		"message": `the number 9007199254740993 is too large for many YAML and JSON tools to hold exactly (over 2^53); if it is a code or reference, quote it: "9007199254740993"`,
	}]
}

test_number_problems if {
	schema.number_problem("9007199254740992", 9007199254740992) == `the number 9007199254740992 is too large for many YAML and JSON tools to hold exactly (over 2^53); if it is a code or reference, quote it: "9007199254740992"`
	schema.number_problem("-123456789012345678901234567890", -123456789012345678901234567890)
	schema.number_problem("1e400", 1e400) == `the number 1e400 is too large to hold; write a smaller number, or quote it as text: "1e400"`
	schema.number_problem("-1.8e308", -1.8e308)
	schema.number_problem("1e-400", 1e-400) == `the number 1e-400 is too small to hold: it would read as 0; write 0, or quote it as text: "1e-400"`
	every ok in ["9007199254740991", "-9007199254740991", "0", "0.0", "1e308", "1.7976931348623157e308", "5e-324", "1.5", "0e999999", "00012"] {
		not schema.number_problem(ok, to_number(ok))
	}
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
	fs := schema.findings | schema.long_list_findings with input as {"metadata": {"owner": "abcdefg"}, "access": {"authentication": ["smartcard", "other"]}}
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
