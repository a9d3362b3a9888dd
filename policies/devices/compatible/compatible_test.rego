package erslint.rules.devices.compatible_test

import data.erslint.rules.devices.compatible

pcs := {"name": "Reception PCs", "os": "windows-11", "browser": "edge", "meetsErsSpec": true}

test_fires_when_no_devices_section if {
	findings := compatible.deny with input as {"stage": "planning"}
	count(findings) == 1
	some f in findings
	f.path == ["devices"]
	contains(f.msg, "no device groups are listed")
}

test_fires_for_empty_device_list if {
	{f.path | some f in compatible.deny} == {["devices"]} with input as {"devices": []}
}

test_fires_when_devices_is_not_a_list if {
	{f.path | some f in compatible.deny} == {["devices"]} with input as {"devices": "lots"}
}

test_silent_when_every_group_meets_spec if {
	count(compatible.deny) == 0 with input as {"devices": [pcs, object.union(pcs, {"name": "Ward tablets"})]}
}

test_fires_for_group_with_meets_spec_false if {
	findings := compatible.deny with input as {"devices": [pcs, {"name": "Old laptops", "meetsErsSpec": false}]}
	count(findings) == 1
	some f in findings
	f.path == ["devices", 1, "meetsErsSpec"]
	contains(f.msg, `device group "Old laptops"`)
	contains(f.msg, "meetsErsSpec is false, expected true")
}

test_fires_for_group_without_meets_spec if {
	findings := compatible.deny with input as {"devices": [{"name": "Old laptops"}]}
	some f in findings
	f.path == ["devices", 0, "meetsErsSpec"]
	contains(f.msg, "meetsErsSpec is not set")
}

test_string_yes_is_not_true if {
	findings := compatible.deny with input as {"devices": [{"name": "Old laptops", "meetsErsSpec": "yes"}]}
	some f in findings
	f.path == ["devices", 0, "meetsErsSpec"]
	contains(f.msg, `meetsErsSpec is "yes"`)
}

test_unnamed_group_is_named_by_index if {
	findings := compatible.deny with input as {"devices": [pcs, {"name": " ", "meetsErsSpec": false}, {"meetsErsSpec": false}]}
	{f.path | some f in findings} == {["devices", 1, "meetsErsSpec"], ["devices", 2, "meetsErsSpec"]}
	some f in findings
	f.path == ["devices", 2, "meetsErsSpec"]
	contains(f.msg, "device group devices[2] (no name)")
}

test_non_object_group_fires_without_error if {
	findings := compatible.deny with input as {"devices": [pcs, "laptops", 7]}
	{f.path | some f in findings} == {["devices", 1, "meetsErsSpec"], ["devices", 2, "meetsErsSpec"]}
}

test_non_object_input_does_not_error if {
	findings := compatible.deny with input as "oops"
	{f.path | some f in findings} == {["devices"]}
}
