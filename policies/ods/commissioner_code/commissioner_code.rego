# METADATA
# title: A commissioner's ODS code differs from the organisation's own
# description: |
#   The commissioner of a contract is a different organisation from the provider (often
#   an ICB, whose code is Q and 2 more characters, e.g. QOP), so its ODS code cannot be
#   the organisation's own; when they match, the wrong code was usually copied in. Codes
#   are compared ignoring case and surrounding spaces. The rule is silent when either
#   code is missing.
# custom:
#   id: ERS-ODS-002
#   severity: error
#   stage: planning
#   seed: "2. Obtain an Organisation Data Service (ODS) code, if required"
#   remedy: |
#     Take the commissioner's ODS code from the contract particulars (they name each
#     commissioner with its ODS code) and record it under the contract's commissioner.
#   example: |
#     organisation:
#       odsCode: 8HV48
#     services:
#       - id: msk-physio
#         contracts:
#           - commissioner:
#               name: NHS Example ICB
#               odsCode: QWE
package erslint.rules.ods.commissioner_code

import data.erslint.lib

deny contains lib.finding(msg, ["services", i, "contracts", j, "commissioner", "odsCode"]) if {
	is_object(input)
	own := normalised(lib.get(["organisation", "odsCode"], null))
	some i, service in lib.services
	is_object(service)
	listed := object.get(service, "contracts", [])
	is_array(listed)
	some j, contract in listed
	code := contract.commissioner.odsCode
	normalised(code) == own
	msg := sprintf(
		"%s of contract %s for %s has the ODS code %s, which is the organisation's own ODS code: record the commissioner's code",
		[commissioner(contract), reference(j, contract), lib.describe_service(service), code],
	)
}

# normalised is an ODS code trimmed and upper-cased; undefined when missing or blank.
normalised(code) := upper(trim_space(code)) if {
	is_string(code)
	trim_space(code) != ""
}

reference(j, contract) := contract.reference if {
	is_string(contract.reference)
	trim_space(contract.reference) != ""
} else := sprintf("#%d (no reference)", [j + 1])

commissioner(contract) := sprintf("the commissioner %s", [contract.commissioner.name]) if {
	is_string(contract.commissioner.name)
	trim_space(contract.commissioner.name) != ""
} else := "the commissioner"
