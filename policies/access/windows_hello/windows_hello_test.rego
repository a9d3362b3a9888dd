package erslint.rules.access.windows_hello_test

import data.erslint.rules.access.windows_hello

pcs := {"name": "Reception PCs", "os": "windows-11", "meetsErsSpec": true}

laptops := {"name": "Ward laptops", "os": "windows-10", "meetsErsSpec": true}

ipads := {"name": "Clinic iPads", "os": "ipados", "meetsErsSpec": true}

manifest(devices, methods) := {"devices": devices, "access": {"authentication": methods}}

test_silent_when_every_group_runs_windows if {
	count(windows_hello.deny) == 0 with input as manifest([pcs, laptops], ["cis2-windows-hello"])
}

test_fires_at_the_method_naming_non_windows_groups if {
	findings := windows_hello.deny with input as manifest(
		[pcs, ipads, {"name": "Macs", "os": "macos"}],
		["cis2-security-key", "cis2-windows-hello"],
	)
	count(findings) == 1
	some f in findings
	f.path == ["access", "authentication", 1]
	contains(f.msg, `but "Clinic iPads" runs ipados, "Macs" runs macos:`)
	not contains(f.msg, "Reception PCs")
}

test_group_without_os_or_name if {
	findings := windows_hello.deny with input as manifest([pcs, {"meetsErsSpec": true}, {"name": "", "os": "linux"}], ["cis2-windows-hello"])
	some f in findings
	f.path == ["access", "authentication", 0]
	contains(f.msg, "but devices[1] has no os given, devices[2] runs linux:")
}

test_silent_without_windows_hello if {
	count(windows_hello.deny) == 0 with input as manifest([ipads], ["cis2-security-key", "smartcard"])
}

test_silent_when_no_devices_listed if {
	count(windows_hello.deny) == 0 with input as manifest([], ["cis2-windows-hello"])
	count(windows_hello.deny) == 0 with input as {"access": {"authentication": ["cis2-windows-hello"]}}
}

test_silent_when_authentication_missing if {
	count(windows_hello.deny) == 0 with input as {"devices": [ipads]}
}

test_wrong_types_do_not_error if {
	count(windows_hello.deny) == 0 with input as manifest("ipads", ["cis2-windows-hello"])
	count(windows_hello.deny) == 0 with input as manifest([ipads], "cis2-windows-hello")
	count(windows_hello.deny) == 0 with input as "oops"

	# a device group that is not a mapping is not known to run Windows
	some f in windows_hello.deny with input as manifest([pcs, "tablets"], ["cis2-windows-hello"])
	contains(f.msg, "but devices[1] has no os given")
}
