# METADATA
# title: The DSPT is published with status Standards Met or Standards Exceeded
# description: |
#   The Data Security and Protection Toolkit (DSPT) is the annual self-assessment of an
#   organisation's data security; completing it is required by the NHS Standard Contract
#   and for using national systems such as e-RS. No official page says which DSPT status
#   e-RS accepts: accepting only standards-met or standards-exceeded (not approaching
#   standards, standards not met or not published) is erslint's own policy decision.
# custom:
#   id: ERS-GOV-001
#   severity: error
#   stage: pre-go-live
#   seed: "4. Complete all governance checks"
#   remedy: |
#     Complete and publish the DSPT assessment so that it meets all mandatory standards,
#     then record the published status in governance.dspt.status. A waiver with a reason
#     can record an accepted exception, such as an agreed improvement plan.
#   example: |
#     governance:
#       dspt:
#         status: standards-met
#         version: "2025-26"
#         publishedOn: "2026-06-20"
package erslint.rules.governance.dspt_status

import data.erslint.lib

accepted := {"standards-met", "standards-exceeded"}

deny contains lib.finding(msg, ["governance", "dspt", "status"]) if {
	is_object(input) # a document that is not a mapping is the schema check's to report
	status := lib.get(["governance", "dspt", "status"], null)
	not status in accepted
	msg := sprintf(
		"the DSPT status is %s, expected a published DSPT with status standards-met or standards-exceeded",
		[lib.show_value(status, "not recorded (governance.dspt.status)")],
	)
}
