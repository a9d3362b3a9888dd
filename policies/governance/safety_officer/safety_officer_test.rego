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

officer_path := ["governance", "clinicalSafety", "officer"]

# No officer at all is one missing thing: one finding, at the officer (two, one
# per field, pointed at the same place).
test_one_finding_when_no_officer_is_recorded if {
	paths(officer({})) == {officer_path}
	paths(officer({"name": "", "registration": null})) == {officer_path}
	paths(officer("Dr A Example")) == {officer_path}
	paths({"apiVersion": "ers-onboarding/v1"}) == {officer_path}
	fs := findings({"apiVersion": "ers-onboarding/v1"})
	count(fs) == 1
	some f in fs
	f.msg == "no Clinical Safety Officer is recorded (governance.clinicalSafety.officer, with name and registration): e-RS clinical assurance needs a named Clinical Safety Officer with a current professional registration"
}

test_wrong_types_read_as_missing if {
	paths(officer({"name": "Dr A Example", "registration": 1234567})) == {registration_path}
	paths(officer({"name": ["Dr A Example"], "registration": "GMC 1234567"})) == {name_path}
}

test_silent_when_document_is_not_a_mapping if {
	count(findings("not a manifest")) == 0
}
