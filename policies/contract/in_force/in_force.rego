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

# A contract that has not started yet is reported at its start date.
deny contains lib.finding(msg, ["services", i, "contracts", j, "start"]) if {
	some [i, j, service, contract] in contracts
	days := lib.days_between(lib.as_of, contract.start)
	days > 0
	msg := sprintf(
		"%s has not started: it starts on %s, %s after the assessment date %s",
		[describe(service, j, contract), contract.start, lib.plural(days, "day"), lib.as_of],
	)
}

# A contract that has already ended is reported at its end date.
deny contains lib.finding(msg, ["services", i, "contracts", j, "end"]) if {
	some [i, j, service, contract] in contracts
	days := lib.days_between(contract.end, lib.as_of)
	days > 0
	msg := sprintf(
		"%s ended on %s, %s before the assessment date %s",
		[describe(service, j, contract), contract.end, lib.plural(days, "day"), lib.as_of],
	)
}

# A contract without a start or end date is not in force: reported where the date belongs.
deny contains lib.finding(msg, ["services", i, "contracts", j, field]) if {
	some [i, j, service, contract] in contracts
	some field, label in {"start": "start date", "end": "end date"}
	missing(contract, field)
	msg := sprintf(
		"%s has no %s, so it cannot be shown to be in force on the assessment date %s",
		[describe(service, j, contract), label, lib.as_of],
	)
}

# contracts holds [service index, contract index, service, contract] for every
# contract listed as an object under a service.
contracts contains [i, j, service, contract] if {
	is_object(input)
	some i, service in lib.services
	is_object(service)
	listed := object.get(service, "contracts", [])
	is_array(listed)
	some j, contract in listed
	is_object(contract)
}

# A date reads as missing when absent, null or blank; any other malformed value is
# left to the schema check.
missing(contract, field) if object.get(contract, field, null) == null

missing(contract, field) if {
	value := contract[field]
	is_string(value)
	trim_space(value) == ""
}

# describe names a contract: its reference (or position), commissioner and service.
describe(service, j, contract) := sprintf(
	"contract %s%s for %s",
	[reference(j, contract), commissioner(contract), lib.describe_service(service)],
)

reference(j, contract) := contract.reference if {
	is_string(contract.reference)
	trim_space(contract.reference) != ""
} else := sprintf("#%d (no reference)", [j + 1])

commissioner(contract) := sprintf(" with %s", [contract.commissioner.name]) if {
	is_string(contract.commissioner.name)
	trim_space(contract.commissioner.name) != ""
} else := ""
