package erslint.rules.governance.dcb0160_test

import data.erslint.rules.governance.dcb0160

findings(doc) := result if {
	result := dcb0160.deny with input as doc with data.erslint.config.asOf as "2026-11-24"
}

safety(value) := {"governance": {"clinicalSafety": {"dcb0160": value}}}

path := ["governance", "clinicalSafety", "dcb0160"]

test_silent_when_compliant if {
	count(findings(safety("compliant"))) == 0
}

test_fires_naming_the_value if {
	every value in ["in-progress", "not-started", "Compliant"] {
		findings(safety(value)) == {{"msg": sprintf("DCB0160 adherence is %s, expected compliant", [value]), "path": path}}
	}
}

test_fires_when_missing if {
	findings({"apiVersion": "ers-onboarding/v1"}) == {{"msg": "DCB0160 adherence is not recorded (governance.clinicalSafety.dcb0160), expected compliant", "path": path}}
	{f.path | some f in findings(safety(null))} == {path}
	{f.path | some f in findings({"governance": {"clinicalSafety": "compliant"}})} == {path}
}

test_wrong_type_fires_naming_the_value if {
	findings(safety(true)) == {{"msg": "DCB0160 adherence is true, expected compliant", "path": path}}
}

test_silent_when_document_is_not_a_mapping if {
	count(findings("not a manifest")) == 0
}
