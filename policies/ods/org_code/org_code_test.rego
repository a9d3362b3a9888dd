package erslint.rules.ods.org_code_test

import data.erslint.rules.ods.org_code

findings(doc) := result if {
	result := org_code.deny with input as doc with data.erslint.config.asOf as "2026-11-24"
}

org(extra) := {"organisation": object.union({"name": "Example Clinic Ltd", "type": "independent-sector-provider", "newToErs": true}, extra)}

test_silent_with_code if {
	count(findings(org({"odsCode": "8HV48"}))) == 0
}

test_fires_when_missing if {
	fs := findings(org({}))
	count(fs) == 1
	some f in fs
	f.path == ["organisation", "odsCode"]
	f.msg == `the organisation "Example Clinic Ltd" has no ODS code: e-RS needs the organisation's Organisation Data Service code in organisation.odsCode`
}

test_fires_when_empty_or_blank if {
	{f.path | some f in findings(org({"odsCode": ""}))} == {["organisation", "odsCode"]}
	{f.path | some f in findings(org({"odsCode": "  "}))} == {["organisation", "odsCode"]}
	{f.path | some f in findings(org({"odsCode": null}))} == {["organisation", "odsCode"]}
}

test_fires_when_organisation_missing if {
	fs := findings({"apiVersion": "ers-onboarding/v1"})
	count(fs) == 1
	some f in fs
	f.path == ["organisation", "odsCode"]
	startswith(f.msg, "the organisation has no ODS code")
}

test_fires_when_organisation_is_not_a_mapping if {
	{f.path | some f in findings({"organisation": "Example"})} == {["organisation", "odsCode"]}
}

test_silent_on_wrong_typed_code if {
	# A number or list is a schema error, not a missing code.
	count(findings(org({"odsCode": 12345}))) == 0
	count(findings(org({"odsCode": ["8HV48"]}))) == 0
}

test_silent_when_document_is_not_a_mapping if {
	count(findings("not a manifest")) == 0
	count(findings([1, 2])) == 0
}
