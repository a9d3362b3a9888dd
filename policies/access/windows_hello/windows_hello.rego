# METADATA
# title: Windows Hello for Business only where every device group runs Windows
# description: |
#   Windows Hello for Business signs users in to CIS2 with a PIN, face or fingerprint on a
#   Windows device, and needs Windows 10 or later (with a TPM 2.0 chip). Devices on macOS,
#   ChromeOS, iOS, iPadOS, Android or Linux cannot use it, so choosing it as a method while
#   any device group runs another operating system would leave those users unable to log
#   in. The check runs only when devices are listed.
# custom:
#   id: ERS-ACC-004
#   severity: error
#   stage: planning
#   seed: "6. Decide how you want to access the e-RS Application"
#   remedy: |
#     Use cis2-windows-hello only when every device group runs windows-10 or windows-11;
#     otherwise choose a CIS2 method that works on all devices, such as cis2-security-key,
#     or move the other device groups to Windows.
#   example: |
#     devices:
#       - name: Reception PCs
#         os: windows-11
#         browser: edge
#         meetsErsSpec: true
#     access:
#       authentication:
#         - cis2-windows-hello
package erslint.rules.access.windows_hello

import data.erslint.lib

windows := {"windows-10", "windows-11"}

# The first expression, an equality on an element of input, is one OPA's rule
# index evaluates: the body only runs for a document that lists
# cis2-windows-hello. The is_array test keeps lib.list's reading (a mapping is
# not a list of methods).
deny contains lib.finding(msg, ["access", "authentication", i]) if {
	input.access.authentication[i] == "cis2-windows-hello"
	is_array(input.access.authentication)
	others := [j | some j, group in lib.devices; not runs_windows(group)]
	count(others) > 0
	msg := sprintf(
		"cis2-windows-hello (Windows Hello for Business) needs every device group to run windows-10 or windows-11, but %s: choose a CIS2 method those devices support, such as cis2-security-key",
		[describe_all(others)],
	)
}

runs_windows(group) if group.os in windows

# describe_all names the first five groups, then how many more: a message
# does not grow with the list.
describe_all(others) := concat(", ", [describe(j, lib.devices[j]) | some j in others]) if {
	count(others) <= 5
} else := sprintf("%s and %d more", [
	concat(", ", [describe(j, lib.devices[j]) | some j in array.slice(others, 0, 5)]),
	count(others) - 5,
])

describe(j, group) := sprintf("%s runs %s", [name(j, group), lib.clip(group.os)]) if {
	is_string(group.os)
} else := sprintf("%s has no os given", [name(j, group)])

name(j, group) := lib.quote(group.name) if {
	lib.filled(group.name)
} else := sprintf("devices[%d]", [j])
