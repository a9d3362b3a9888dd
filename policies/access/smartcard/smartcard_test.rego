package erslint.rules.access.smartcard_test

import data.erslint.rules.access.smartcard

access(methods, infra) := {"access": {"url": "internet-facing", "authentication": methods, "existingSmartcardInfrastructure": infra}}

test_silent_with_existing_infrastructure if {
	count(smartcard.deny) == 0 with input as access(["smartcard", "cis2-smartcard"], true)
}

test_silent_without_smartcard_methods if {
	count(smartcard.deny) == 0 with input as access(["cis2-security-key", "cis2-windows-hello"], false)
}

test_fires_at_each_smartcard_item_without_infrastructure if {
	findings := smartcard.deny with input as access(["cis2-smartcard", "cis2-security-key", "smartcard"], false)
	{f.path | some f in findings} == {["access", "authentication", 0], ["access", "authentication", 2]}
	some f in findings
	f.path == ["access", "authentication", 0]
	contains(f.msg, "cis2-smartcard needs existing smartcard infrastructure")
	contains(f.msg, "existingSmartcardInfrastructure is false")
}

test_fires_when_infrastructure_not_set if {
	findings := smartcard.deny with input as {"access": {"authentication": ["smartcard"]}}
	some f in findings
	f.path == ["access", "authentication", 0]
	contains(f.msg, "existingSmartcardInfrastructure is not set")
}

test_string_yes_is_not_true if {
	some f in smartcard.deny with input as access(["smartcard"], "yes")
	contains(f.msg, `existingSmartcardInfrastructure is "yes"`)
}

test_silent_when_authentication_missing if {
	count(smartcard.deny) == 0 with input as {"access": {"existingSmartcardInfrastructure": false}}
	count(smartcard.deny) == 0 with input as {}
}

test_wrong_types_do_not_error if {
	count(smartcard.deny) == 0 with input as access("smartcard", false)
	count(smartcard.deny) == 0 with input as {"access": ["smartcard"]}
	count(smartcard.deny) == 0 with input as "oops"
}
