package erslint.rules.access.cis2_test

import data.erslint.rules.access.cis2

org(new, methods) := {
	"organisation": {"name": "Example Clinic", "type": "independent-sector-provider", "newToErs": new},
	"access": {"url": "internet-facing", "authentication": methods},
}

test_silent_for_new_org_with_cis2 if {
	count(cis2.deny) == 0 with input as org(true, ["cis2-security-key"])
	count(cis2.deny) == 0 with input as org(true, ["cis2-smartcard", "cis2-windows-hello"])
}

test_fires_at_plain_smartcard_item if {
	findings := cis2.deny with input as org(true, ["cis2-security-key", "smartcard"])
	count(findings) == 1
	some f in findings
	f.path == ["access", "authentication", 1]
	contains(f.msg, "not plain smartcard")
	contains(f.msg, "cis2-smartcard")
}

test_only_smartcard_fires_at_item_and_at_list if {
	findings := cis2.deny with input as org(true, ["smartcard"])
	{f.path | some f in findings} == {["access", "authentication", 0], ["access", "authentication"]}
}

test_fires_at_list_when_no_cis2_method if {
	findings := cis2.deny with input as org(true, ["other"])
	count(findings) == 1
	some f in findings
	f.path == ["access", "authentication"]
	contains(f.msg, `lists no cis2-* method (found ["other"])`)
}

test_silent_when_not_new_to_ers if {
	count(cis2.deny) == 0 with input as org(false, ["smartcard"])
	count(cis2.deny) == 0 with input as org("yes", ["smartcard"])
	count(cis2.deny) == 0 with input as {"access": {"authentication": ["smartcard"]}}
}

test_silent_when_authentication_missing_or_empty if {
	count(cis2.deny) == 0 with input as org(true, [])
	count(cis2.deny) == 0 with input as {"organisation": {"newToErs": true}}
	count(cis2.deny) == 0 with input as {"organisation": {"newToErs": true}, "access": {}}
}

test_wrong_types_do_not_error if {
	count(cis2.deny) == 0 with input as org(true, "smartcard")
	count(cis2.deny) == 0 with input as {"organisation": {"newToErs": true}, "access": "smartcard"}
	count(cis2.deny) == 0 with input as "oops"

	# non-string items are not CIS2 methods
	{f.path | some f in cis2.deny} == {["access", "authentication"]} with input as org(true, [1, null])
}
