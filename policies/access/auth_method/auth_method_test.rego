package erslint.rules.access.auth_method_test

import data.erslint.rules.access.auth_method

test_silent_with_a_method if {
	count(auth_method.deny) == 0 with input as {"access": {"authentication": ["cis2-security-key"]}}
	count(auth_method.deny) == 0 with input as {"access": {"authentication": ["smartcard", "other"]}}
}

test_fires_for_empty_list if {
	findings := auth_method.deny with input as {"access": {"url": "internet-facing", "authentication": []}}
	count(findings) == 1
	some f in findings
	f.path == ["access", "authentication"]
	contains(f.msg, "no authentication method is listed")
}

test_fires_when_missing if {
	{f.path | some f in auth_method.deny} == {["access", "authentication"]} with input as {"access": {"url": "internet-facing"}}
	{f.path | some f in auth_method.deny} == {["access", "authentication"]} with input as {"stage": "planning"}
}

test_fires_when_not_a_list_of_methods if {
	{f.path | some f in auth_method.deny} == {["access", "authentication"]} with input as {"access": {"authentication": "cis2-security-key"}}
	{f.path | some f in auth_method.deny} == {["access", "authentication"]} with input as {"access": {"authentication": [null, 3, " "]}}
	{f.path | some f in auth_method.deny} == {["access", "authentication"]} with input as {"access": "cis2"}
}

test_non_object_input_does_not_error if {
	{f.path | some f in auth_method.deny} == {["access", "authentication"]} with input as "oops"
}
