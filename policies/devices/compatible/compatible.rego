# METADATA
# title: Device groups are listed and each meets the e-RS device specification
# description: |
#   e-RS is a web application with a published specification for the devices and
#   browsers that connect to it; a device outside it may not work or may not be
#   supported. Chrome or Edge are the recommended browsers and Internet Explorer is not
#   supported. Listing no device groups at all means the check has not been done.
# custom:
#   id: ERS-DEV-001
#   severity: error
#   stage: pre-go-live
#   seed: "5. Check your devices are compatible with e-RS"
#   remedy: |
#     List every group of devices that will use e-RS under devices, check each against the
#     e-RS device configuration specification (use Chrome or Edge, not Internet Explorer),
#     and set meetsErsSpec: true once it conforms.
#   example: |
#     devices:
#       - name: Reception PCs
#         count: 12
#         os: windows-11
#         browser: edge
#         browserVersion: 131
#         meetsErsSpec: true
package erslint.rules.devices.compatible

import data.erslint.lib

deny contains lib.finding(msg, ["devices"]) if {
	count(lib.devices) == 0
	msg := "no device groups are listed: list each group of devices that will use e-RS and check it against the e-RS device specification"
}

deny contains lib.finding(msg, ["devices", i, "meetsErsSpec"]) if {
	some i, group in lib.devices
	value := lib.get_in(group, ["meetsErsSpec"], null)
	value != true
	msg := sprintf(
		"%s is not recorded as meeting the e-RS device specification: meetsErsSpec %s, expected true",
		[describe_group(i, group), lib.describe_value(value)],
	)
}

describe_group(i, group) := sprintf("device group %s", [lib.quote(group.name)]) if {
	lib.filled(group.name)
} else := sprintf("device group devices[%d] (no name)", [i])
