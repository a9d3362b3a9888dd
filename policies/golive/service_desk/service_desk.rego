# METADATA
# title: The organisation is registered with the National Service Desk
# description: |
#   Once live, problems with e-RS are reported to the National Service Desk. An
#   organisation that has not registered with it has no agreed route to report a fault
#   or incident, so a problem that stops users referring or booking may not reach the
#   people who can fix it.
# custom:
#   id: ERS-LIVE-001
#   severity: error
#   stage: live
#   seed: "Going live with e-RS"
#   remedy: |
#     Register the organisation with the National Service Desk before go-live, tell the
#     local IT service desk how to pass on e-RS calls, and set
#     goLive.nationalServiceDeskRegistered: true.
#   example: |
#     goLive:
#       nationalServiceDeskRegistered: true
package erslint.rules.golive.service_desk

import data.erslint.lib

path := ["goLive", "nationalServiceDeskRegistered"]

deny contains lib.finding(msg, path) if {
	msg := sprintf("the organisation is not registered with the National Service Desk, where faults with e-RS are reported: %s", [lib.flag_not_true(path)])
}
