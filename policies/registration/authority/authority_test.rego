package erslint.rules.registration.authority_test

import data.erslint.rules.registration.authority

findings(doc) := result if {
	result := authority.deny with input as doc with data.erslint.config.asOf as "2026-11-24"
}

ra(fields) := {"registrationAuthority": fields}

paths(doc) := {f.path | some f in findings(doc)}

test_silent_with_own_ra if {
	count(findings(ra({"inPlace": true, "provider": "own"}))) == 0
	count(findings(ra({"inPlace": true}))) == 0
}

test_silent_with_named_external_ra if {
	count(findings(ra({"inPlace": true, "provider": "external", "providerName": "Example RA Hosting"}))) == 0
}

test_fires_when_not_in_place if {
	fs := findings(ra({"inPlace": false, "provider": "own"}))
	count(fs) == 1
	some f in fs
	f.path == ["registrationAuthority", "inPlace"]
	f.msg == "no Registration Authority is recorded as in place (registrationAuthority.inPlace is false, expected true): users cannot be authorised for e-RS without one"
}

test_fires_when_section_missing if {
	fs := findings({"apiVersion": "ers-onboarding/v1"})
	count(fs) == 1
	some f in fs
	f.path == ["registrationAuthority", "inPlace"]
	contains(f.msg, "registrationAuthority.inPlace is not set, expected true")
}

test_string_yes_is_not_true if {
	some f in findings(ra({"inPlace": "yes"}))
	contains(f.msg, `inPlace is "yes", expected true`)
}

test_fires_when_external_provider_unnamed if {
	fs := findings(ra({"inPlace": true, "provider": "external"}))
	count(fs) == 1
	some f in fs
	f.path == ["registrationAuthority", "providerName"]
	f.msg == "the Registration Authority is provided externally but registrationAuthority.providerName does not name the provider"
}

test_fires_when_external_provider_name_blank_or_wrong_type if {
	paths(ra({"inPlace": true, "provider": "external", "providerName": " "})) == {["registrationAuthority", "providerName"]}
	paths(ra({"inPlace": true, "provider": "external", "providerName": 7})) == {["registrationAuthority", "providerName"]}
}

test_two_distinct_findings if {
	paths(ra({"inPlace": 1, "provider": "external"})) == {
		["registrationAuthority", "inPlace"],
		["registrationAuthority", "providerName"],
	}
	some f in findings(ra({"inPlace": 1, "provider": "external"}))
	contains(f.msg, "inPlace is 1, expected true")
}

test_wrong_typed_section_reads_as_empty if {
	paths({"registrationAuthority": "external"}) == {["registrationAuthority", "inPlace"]}
}

test_silent_when_document_is_not_a_mapping if {
	count(findings("not a manifest")) == 0
	count(findings([1])) == 0
}
