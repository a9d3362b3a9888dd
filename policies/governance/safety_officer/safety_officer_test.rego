package erslint.rules.governance.safety_officer_test

import data.erslint.rules.governance.safety_officer

findings(doc) := result if {
	result := safety_officer.deny with input as doc with data.erslint.config.asOf as "2026-11-24"
}

officer(fields) := {"governance": {"clinicalSafety": {"officer": fields, "dcb0160": "compliant"}}}

name_path := ["governance", "clinicalSafety", "officer", "name"]

registration_path := ["governance", "clinicalSafety", "officer", "registration"]

paths(doc) := {f.path | some f in findings(doc)}

test_silent_with_name_and_registration if {
	count(findings(officer({"name": "Dr A Example", "registration": "GMC 1234567"}))) == 0
}

test_fires_without_name if {
	fs := findings(officer({"registration": "GMC 1234567"}))
	count(fs) == 1
	some f in fs
	f.path == name_path
	f.msg == "no Clinical Safety Officer is named (governance.clinicalSafety.officer.name): e-RS clinical assurance needs a named Clinical Safety Officer with a current professional registration"
}

test_fires_without_registration if {
	fs := findings(officer({"name": "Dr A Example", "registration": " "}))
	count(fs) == 1
	some f in fs
	f.path == registration_path
	startswith(f.msg, "the Clinical Safety Officer's professional registration is not recorded (governance.clinicalSafety.officer.registration):")
}

test_one_finding_per_missing_piece if {
	paths(officer({})) == {name_path, registration_path}
	paths(officer({"name": "", "registration": null})) == {name_path, registration_path}
	paths({"apiVersion": "ers-onboarding/v1"}) == {name_path, registration_path}
}

test_wrong_types_read_as_missing if {
	paths(officer("Dr A Example")) == {name_path, registration_path}
	paths(officer({"name": "Dr A Example", "registration": 1234567})) == {registration_path}
}

test_silent_when_document_is_not_a_mapping if {
	count(findings("not a manifest")) == 0
}
