# METADATA
# title: Every commissioner contract is in force on the assessment date
# description: |
#   Referrals to a service are only paid for while a commissioner contract covers it.
#   A contract counts as in force when its start date is on or before the assessment
#   date and its end date is on or after it (both days included). A contract without a
#   start or end date cannot be shown to be in force, so it is reported too. The rule
#   applies to every organisation that lists contracts, not only to independent providers.
# custom:
#   id: ERS-CON-002
#   severity: error
#   stage: pre-go-live
#   seed: "1. Ensure there is a contract in place"
#   remedy: |
#     Record the start and end dates of each contract as agreed with the commissioner.
#     Renew or extend a contract that has ended; if it has not started yet, plan go-live
#     for on or after its start date.
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
package erslint.rules.contract.in_force

import data.erslint.lib

# YYYY-MM-DD dates sort as their text does, so they are compared as text.

# A contract that has not started yet is reported at its start date.
deny contains lib.finding(msg, ["services", c.i, "contracts", c.j, "start"]) if {
	some c in lib.contracts
	c.contract.start > lib.as_of
	days := lib.days_between(lib.as_of, c.contract.start)
	days > 0
	msg := sprintf(
		"%s has not started: it starts on %s, %s after the assessment date %s",
		[lib.describe_contract(c), c.contract.start, lib.plural(days, "day"), lib.as_of],
	)
}

# A contract that has already ended is reported at its end date.
deny contains lib.finding(msg, ["services", c.i, "contracts", c.j, "end"]) if {
	some c in lib.contracts
	c.contract.end < lib.as_of
	days := lib.days_between(c.contract.end, lib.as_of)
	days > 0
	msg := sprintf(
		"%s ended on %s, %s before the assessment date %s",
		[lib.describe_contract(c), c.contract.end, lib.plural(days, "day"), lib.as_of],
	)
}

# A contract without a start or end date is not in force: reported where the date belongs.
deny contains lib.finding(msg, ["services", c.i, "contracts", c.j, field]) if {
	some c in lib.contracts
	some field, label in dates
	lib.blank(object.get(c.contract, field, null))
	msg := sprintf(
		"%s has no %s, so it cannot be shown to be in force on the assessment date %s",
		[lib.describe_contract(c), label, lib.as_of],
	)
}

# A date that is given but that the rules cannot compute with (a malformed text,
# a number, a year outside 1900 to 2199) cannot show the contract to be in force
# either: it is reported here as well as by the schema check, never passed over.
deny contains lib.finding(msg, ["services", c.i, "contracts", c.j, field]) if {
	some c in lib.contracts
	some field, label in dates
	value := c.contract[field]
	lib.uncomputable_date(value)
	msg := sprintf(
		"%s cannot be shown to be in force on the assessment date %s: its %s %s is not %s",
		[lib.describe_contract(c), lib.as_of, label, lib.quote_value(value), lib.date_range],
	)
}

# dates names the two dates of a contract for messages.
dates := {"start": "start date", "end": "end date"}
