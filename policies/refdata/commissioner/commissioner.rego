# METADATA
# title: Each contract's commissioner is an open commissioning organisation
# description: |
#   With reference data (spec section 8), each contract's commissioner must be a
#   commissioning organisation, open on the assessment date: an ICB (RO318), a sub-ICB
#   location (RO319), NHS England (RO209 region, RO210 local office) or a commissioning
#   hub (RO218). The rule fires when the commissioner's ODS code is absent from the
#   reference data (only when its covers lists every commissioning role), when it is
#   closed or not yet open, or when it holds no commissioning role (a provider's code
#   given as the commissioner). A contract without a commissioner code is not checked.
#   ODS cannot prove that the contract exists: only that its commissioner can
#   commission. Silent without reference data.
# custom:
#   id: ERS-REF-004
#   severity: error
#   stage: planning
#   seed: "1. Ensure there is a contract in place"
#   remedy: |
#     Take the commissioner's ODS code from the contract particulars and check it in the
#     ODS Portal; a contract with a CCG that closed in 2022 passed to its successor
#     sub-ICB location or ICB, whose code the message names.
#   example: |
#     services:
#       - id: msk-physio
#         contracts:
#           - commissioner:
#               name: NHS Lancashire and South Cumbria ICB
#               odsCode: QE1
package erslint.rules.refdata.commissioner

import data.erslint.lib

deny contains lib.finding(msg, ["services", c.i, "contracts", c.j, "commissioner", "odsCode"]) if {
	some c in lib.contracts
	code := lib.normal_ods_code(c.contract.commissioner.odsCode)
	problem := fault(code)
	msg := sprintf("the commissioner of %s: ODS code %s %s, per %s", [lib.describe_contract(c), lib.clip(code), problem, lib.refdata_names])
}

fault(code) := sprintf("is not in the reference data, which lists every commissioning organisation (%s)", [lib.describe_roles(lib.commissioning_roles)]) if {
	not lib.refdata_organisation(code)
	lib.complete_for(lib.commissioning_roles)
}

fault(code) := sprintf("(%s) is not open on %s: %s", [lib.clip(org.name), lib.as_of, lib.describe_closure(org)]) if {
	org := lib.refdata_organisation(code)
	lib.closed_on(org, lib.as_of)
}

fault(code) := sprintf("(%s) is not open on %s: it opens on %s", [lib.clip(org.name), lib.as_of, org.opened]) if {
	org := lib.refdata_organisation(code)
	lib.opens_after(org, lib.as_of)
}

fault(code) := sprintf("(%s) holds %s, no commissioning role (%s)", [lib.clip(org.name), lib.describe_roles(held), lib.describe_roles(lib.commissioning_roles)]) if {
	org := lib.refdata_organisation(code)
	lib.open_on(org, lib.as_of)
	held := {role | some role in org.roles}
	count(held & lib.commissioning_roles) == 0
}
