package erslint.rules.golive.check_in_call_test

import data.erslint.rules.golive.check_in_call

path := ["goLive", "checkInCallBooked"]

test_silent_when_true if {
	count(check_in_call.deny) == 0 with input as {"goLive": {"checkInCallBooked": true}}
}

test_fires_when_false if {
	findings := check_in_call.deny with input as {"goLive": {"checkInCallBooked": false}}
	count(findings) == 1
	some f in findings
	f.path == path
	contains(f.msg, "no check-in call with the e-RS team has been booked")
	contains(f.msg, "goLive.checkInCallBooked is false, expected true")
}

test_fires_when_field_missing if {
	some f in check_in_call.deny with input as {"goLive": {}}
	f.path == path
	contains(f.msg, "goLive.checkInCallBooked is not set")
}

test_fires_when_section_missing if {
	{f.path | some f in check_in_call.deny} == {path} with input as {"stage": "live"}
}

test_string_yes_is_not_true if {
	some f in check_in_call.deny with input as {"goLive": {"checkInCallBooked": "yes"}}
	contains(f.msg, `goLive.checkInCallBooked is "yes", expected true`)
}

test_wrong_types_fire_without_error if {
	{f.path | some f in check_in_call.deny} == {path} with input as {"goLive": true}
	{f.path | some f in check_in_call.deny} == {path} with input as {"goLive": {"checkInCallBooked": null}}
	{f.path | some f in check_in_call.deny} == {path} with input as "oops"
}
