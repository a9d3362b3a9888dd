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

# own is the organisation's ODS code as compared; undefined when it has none.
own := lib.normal_ods_code(input.organisation.odsCode)

# Codes are compared as lib.normal_ods_code has them: trimmed and upper-cased.
deny contains lib.finding(msg, ["services", c.i, "contracts", c.j, "commissioner", "odsCode"]) if {
	some c in lib.contracts
	code := c.contract.commissioner.odsCode
	is_string(code)
	upper(trim_space(code)) == own
	msg := sprintf(
		"%s of contract %s for %s has the ODS code %s, which is the organisation's own ODS code: record the commissioner's code",
		[commissioner(c.contract), lib.contract_reference(c), lib.describe_service(c.service), lib.clip(code)],
	)
}

commissioner(contract) := sprintf("the commissioner %s", [lib.clip(contract.commissioner.name)]) if {
	lib.filled(contract.commissioner.name)
} else := "the commissioner"
