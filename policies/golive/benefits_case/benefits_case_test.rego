package erslint.rules.golive.benefits_case_test

import data.erslint.rules.golive.benefits_case

path := ["goLive", "benefitsCaseRaised"]

test_silent_when_true if {
	count(benefits_case.deny) == 0 with input as {"goLive": {"benefitsCaseRaised": true}}
}

test_fires_when_false if {
	findings := benefits_case.deny with input as {"goLive": {"benefitsCaseRaised": false}}
	count(findings) == 1
	some f in findings
	f.path == path
	contains(f.msg, "no benefits case has been raised")
	contains(f.msg, "goLive.benefitsCaseRaised is false, expected true")
}

test_fires_when_field_missing if {
	some f in benefits_case.deny with input as {"goLive": {}}
	f.path == path
	contains(f.msg, "goLive.benefitsCaseRaised is not set")
}

test_fires_when_section_missing if {
	{f.path | some f in benefits_case.deny} == {path} with input as {"stage": "live"}
}

test_string_yes_is_not_true if {
	some f in benefits_case.deny with input as {"goLive": {"benefitsCaseRaised": "yes"}}
	contains(f.msg, `goLive.benefitsCaseRaised is "yes", expected true`)
}

test_wrong_types_fire_without_error if {
	{f.path | some f in benefits_case.deny} == {path} with input as {"goLive": true}
	{f.path | some f in benefits_case.deny} == {path} with input as {"goLive": {"benefitsCaseRaised": null}}
	{f.path | some f in benefits_case.deny} == {path} with input as "oops"
}
