# METADATA
# title: No commissioner contract ends within 90 days of the assessment date
# description: |
#   When a contract lapses, the service loses the commissioning that lets it receive
#   e-RS referrals and be paid for them. This warning gives notice while there is still
#   time to renew: it fires when the end date falls on or after the assessment date and
#   no more than 90 days after it (both days included). A contract that has already
#   ended, or whose end date is not a date the rules can compute with, is reported by
#   ERS-CON-002 only.
# custom:
#   id: ERS-CON-004
#   severity: warning
#   stage: planning
#   seed: "1. Ensure there is a contract in place"
#   remedy: |
#     Start the renewal or extension with the commissioner now, and record the new
#     contract (or the new end date) in the manifest once it is agreed.
#   example: |
#     services:
#       - id: msk-physio
#         contracts:
#           - commissioner:
#               name: NHS Example ICB
#               odsCode: QWE
#             reference: NHSSC-2025-0042
#             start: "2025-04-01"
#             end: "2027-03-31"
package erslint.rules.contract.ending_soon

import data.erslint.lib

# window is how many days after the assessment date an end date is reported.
window := 90

# last_day is the last end date reported: the assessment date plus the window.
last_day := lib.add_days(lib.as_of, window)

# A contract that ends between the assessment date and last_day (YYYY-MM-DD
# dates sort as their text does) is reported at its end date.
deny contains lib.finding(msg, ["services", c.i, "contracts", c.j, "end"]) if {
	some c in lib.contracts
	c.contract.end >= lib.as_of
	c.contract.end <= last_day
	days := lib.days_between(lib.as_of, c.contract.end)
	days >= 0
	days <= window
	msg := sprintf(
		"%s ends on %s, %s: renew or extend it before it lapses",
		[lib.describe_contract(c), c.contract.end, remaining(days)],
	)
}

remaining(0) := sprintf("the assessment date %s itself (its last day in force)", [lib.as_of])

remaining(days) := sprintf("with %s remaining from the assessment date %s", [lib.plural(days, "day"), lib.as_of]) if days > 0
