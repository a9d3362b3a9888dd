# METADATA
# title: The organisation is open in the national register
# description: |
#   With reference data (spec section 8), an organisation whose ODS code is in it must
#   be open on the assessment date: its opened date is not after that day, and it has
#   not closed (it is closed from its closed day on). A closed code usually means the
#   organisation merged or was replaced: the message names the successor ODS records.
#   Silent without reference data, and for a code the data does not hold (ERS-REF-001).
# custom:
#   id: ERS-REF-002
#   severity: error
#   stage: planning
#   seed: "2. Obtain an Organisation Data Service (ODS) code, if required"
#   remedy: |
#     Use the ODS code of the organisation as it is now: for a closed organisation, the
#     successor's code named in the message (check it in the ODS Portal); for one not
#     yet open, keep the plan until its open date or use its current code.
#   example: |
#     organisation:
#       name: Lancashire Teaching Hospitals NHS Foundation Trust
#       type: nhs-trust
#       odsCode: RXN
package erslint.rules.refdata.open

import data.erslint.lib

deny contains lib.finding(msg, ["organisation", "odsCode"]) if {
	code := lib.normal_ods_code(input.organisation.odsCode)
	org := lib.refdata_organisation(code)
	not lib.open_on(org, lib.as_of)
	msg := sprintf("ODS code %s (%s) is not open on %s: %s, per %s", [code, lib.clip(org.name), lib.as_of, state(org), lib.refdata_names])
}

state(org) := lib.describe_closure(org) if {
	lib.closed_on(org, lib.as_of)
} else := sprintf("it opens on %s", [org.opened])
