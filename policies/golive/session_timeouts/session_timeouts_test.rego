package erslint.rules.golive.session_timeouts_test

import data.erslint.rules.golive.session_timeouts

path := ["goLive", "sessionTimeoutsUnderstood"]

test_silent_when_true if {
	count(session_timeouts.deny) == 0 with input as {"goLive": {"sessionTimeoutsUnderstood": true}}
}

test_fires_when_false if {
	findings := session_timeouts.deny with input as {"goLive": {"sessionTimeoutsUnderstood": false}}
	count(findings) == 1
	some f in findings
	f.path == path
	contains(f.msg, "the time constraints of e-RS sessions (8-hour limit, logout countdown after 10 minutes idle) are not recorded as understood")
	contains(f.msg, "goLive.sessionTimeoutsUnderstood is false, expected true")
}

test_fires_when_field_missing if {
	some f in session_timeouts.deny with input as {"goLive": {}}
	f.path == path
	contains(f.msg, "goLive.sessionTimeoutsUnderstood is not set")
}

test_fires_when_section_missing if {
	{f.path | some f in session_timeouts.deny} == {path} with input as {"stage": "live"}
}

test_string_yes_is_not_true if {
	some f in session_timeouts.deny with input as {"goLive": {"sessionTimeoutsUnderstood": "yes"}}
	contains(f.msg, `goLive.sessionTimeoutsUnderstood is "yes", expected true`)
}

test_wrong_types_fire_without_error if {
	{f.path | some f in session_timeouts.deny} == {path} with input as {"goLive": true}
	{f.path | some f in session_timeouts.deny} == {path} with input as {"goLive": {"sessionTimeoutsUnderstood": null}}
	{f.path | some f in session_timeouts.deny} == {path} with input as "oops"
}
