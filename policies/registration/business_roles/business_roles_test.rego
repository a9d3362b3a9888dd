package erslint.rules.registration.business_roles_test

import data.erslint.rules.registration.business_roles

findings(doc) := result if {
	result := business_roles.deny with input as doc with data.erslint.config.asOf as "2026-11-24"
}

test_silent_when_roles_added if {
	count(findings({"registrationAuthority": {"inPlace": true, "ersBusinessRolesAdded": true}})) == 0
}

test_fires_when_false if {
	fs := findings({"registrationAuthority": {"inPlace": true, "ersBusinessRolesAdded": false}})
	count(fs) == 1
	some f in fs
	f.path == ["registrationAuthority", "ersBusinessRolesAdded"]
	f.msg == "the Registration Authority has not added the e-RS specific business roles (registrationAuthority.ersBusinessRolesAdded is false, expected true)"
}

test_fires_when_section_missing if {
	fs := findings({"apiVersion": "ers-onboarding/v1"})
	count(fs) == 1
	some f in fs
	f.path == ["registrationAuthority", "ersBusinessRolesAdded"]
	contains(f.msg, "ersBusinessRolesAdded is not set, expected true")
}

test_wrong_types_are_not_true if {
	some f in findings({"registrationAuthority": {"ersBusinessRolesAdded": "yes"}})
	contains(f.msg, `ersBusinessRolesAdded is "yes", expected true`)
	some g in findings({"registrationAuthority": {"ersBusinessRolesAdded": ["B1101"]}})
	contains(g.msg, `ersBusinessRolesAdded is ["B1101"], expected true`)
	{h.path | some h in findings({"registrationAuthority": "done"})} == {["registrationAuthority", "ersBusinessRolesAdded"]}
}

test_silent_when_document_is_not_a_mapping if {
	count(findings("not a manifest")) == 0
}
