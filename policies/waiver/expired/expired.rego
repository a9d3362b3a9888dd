# METADATA
# title: A waiver has expired on the assessment date
# description: |
#   Waivers are time-boxed: a waiver is valid through its expires day and has expired
#   once the assessment date is later. An expired waiver no longer applies, so the
#   findings it waived are reported again alongside this one; this makes sure an accepted
#   gap is either closed or consciously re-approved. A waiver without expires does not
#   expire.
# custom:
#   id: ERS-WAIVER-002
#   severity: error
#   stage: planning
#   seed: "Key considerations before going live with e-RS"
#   remedy: |
#     Close the gap the waiver covered and remove the waiver, or, if the exception is still
#     accepted, have it re-approved and set a new expires date.
#   example: |
#     waivers:
#       - rule: ERS-GOV-003
#         reason: Filters on order, delivery 2027-01
#         approvedBy: Clinical Safety Officer
#         expires: "2027-02-01"
package erslint.rules.waiver.expired

import data.erslint.lib

# input.waivers, a bare reference, comes first: OPA's rule index then skips the
# rule, without evaluating its body, for a document without waivers.
deny contains lib.finding(msg, ["waivers", i, "expires"]) if {
	input.waivers
	some i, waiver in lib.waivers
	expires := waiver.expires
	expires < lib.as_of # as text first: YYYY-MM-DD dates sort as their text does
	days := lib.days_between(expires, lib.as_of)
	days > 0
	msg := sprintf(
		"%s expired: it was valid through %s, %s before the assessment date %s, so the findings it waived are reported again",
		[describe(i, waiver), expires, lib.plural(days, "day"), lib.as_of],
	)
}

describe(i, waiver) := sprintf("the waiver for %s (waivers[%d])", [lib.clip(waiver.rule), i]) if {
	lib.filled(waiver.rule)
} else := sprintf("the waiver waivers[%d], which names no rule,", [i])
