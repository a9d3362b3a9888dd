package erslint.rules.golive.service_desk_test

import data.erslint.rules.golive.service_desk

path := ["goLive", "nationalServiceDeskRegistered"]

test_silent_when_true if {
	count(service_desk.deny) == 0 with input as {"goLive": {"nationalServiceDeskRegistered": true}}
}

test_fires_when_false if {
	findings := service_desk.deny with input as {"goLive": {"nationalServiceDeskRegistered": false}}
	count(findings) == 1
	some f in findings
	f.path == path
	contains(f.msg, "the organisation is not registered with the National Service Desk, where faults with e-RS are reported")
	contains(f.msg, "goLive.nationalServiceDeskRegistered is false, expected true")
}

test_fires_when_field_missing if {
	some f in service_desk.deny with input as {"goLive": {}}
	f.path == path
	contains(f.msg, "goLive.nationalServiceDeskRegistered is not set")
}

test_fires_when_section_missing if {
	{f.path | some f in service_desk.deny} == {path} with input as {"stage": "live"}
}

test_string_yes_is_not_true if {
	some f in service_desk.deny with input as {"goLive": {"nationalServiceDeskRegistered": "yes"}}
	contains(f.msg, `goLive.nationalServiceDeskRegistered is "yes", expected true`)
}

test_wrong_types_fire_without_error if {
	{f.path | some f in service_desk.deny} == {path} with input as {"goLive": true}
	{f.path | some f in service_desk.deny} == {path} with input as {"goLive": {"nationalServiceDeskRegistered": null}}
	{f.path | some f in service_desk.deny} == {path} with input as "oops"
}
