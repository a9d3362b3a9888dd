package erslint.rules.training.guidance_test

import data.erslint.rules.training.guidance

path := ["training", "applicationGuidanceReviewed"]

test_silent_when_true if {
	count(guidance.deny) == 0 with input as {"training": {"applicationGuidanceReviewed": true}}
}

test_fires_when_false if {
	findings := guidance.deny with input as {"training": {"applicationGuidanceReviewed": false}}
	count(findings) == 1
	some f in findings
	f.path == path
	contains(f.msg, "the e-RS application guidance and training overview sessions have not been reviewed")
	contains(f.msg, "training.applicationGuidanceReviewed is false, expected true")
}

test_fires_when_field_missing if {
	some f in guidance.deny with input as {"training": {}}
	f.path == path
	contains(f.msg, "training.applicationGuidanceReviewed is not set")
}

test_fires_when_section_missing if {
	{f.path | some f in guidance.deny} == {path} with input as {"stage": "live"}
}

test_string_yes_is_not_true if {
	some f in guidance.deny with input as {"training": {"applicationGuidanceReviewed": "yes"}}
	contains(f.msg, `training.applicationGuidanceReviewed is "yes", expected true`)
}

test_wrong_types_fire_without_error if {
	{f.path | some f in guidance.deny} == {path} with input as {"training": true}
	{f.path | some f in guidance.deny} == {path} with input as {"training": {"applicationGuidanceReviewed": null}}
	{f.path | some f in guidance.deny} == {path} with input as "oops"
}
