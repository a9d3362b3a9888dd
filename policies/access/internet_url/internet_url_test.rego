package erslint.rules.access.internet_url_test

import data.erslint.rules.access.internet_url

test_silent_for_internet_facing if {
	count(internet_url.deny) == 0 with input as {"access": {"url": "internet-facing"}}
}

test_fires_for_other_url if {
	findings := internet_url.deny with input as {"access": {"url": "other", "network": "hscn"}}
	count(findings) == 1
	some f in findings
	f.path == ["access", "url"]
	contains(f.msg, `access.url is "other", expected internet-facing`)
	contains(f.msg, "https://ers.nhs.uk")
}

test_fires_when_url_missing if {
	findings := internet_url.deny with input as {"access": {"network": "internet"}}
	some f in findings
	f.path == ["access", "url"]
	contains(f.msg, "access.url is not set")
}

test_fires_when_access_section_missing if {
	{f.path | some f in internet_url.deny} == {["access", "url"]} with input as {"stage": "planning"}
}

test_fires_for_explicit_null if {
	some f in internet_url.deny with input as {"access": {"url": null}}
	contains(f.msg, "access.url is not set")
}

test_wrong_types_fire_without_error if {
	some f in internet_url.deny with input as {"access": {"url": true}}
	contains(f.msg, "access.url is true")
	{f.path | some f in internet_url.deny} == {["access", "url"]} with input as {"access": "internet-facing"}
	{f.path | some f in internet_url.deny} == {["access", "url"]} with input as ["access"]
}
