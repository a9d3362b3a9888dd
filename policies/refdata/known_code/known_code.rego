# METADATA
# title: The organisation's ODS code is in the national register
# description: |
#   With reference data (--reference-data, spec section 8), the organisation's ODS code
#   must be one the Organisation Data Service (ODS) knows. The check runs only where
#   the reference data is complete for the organisation's type: its covers lists every
#   role expected of that type (nhs-trust RO197; gp-practice RO76 and RO177;
#   independent-sector-provider RO172 and RO157; commissioner RO98, RO261, RO318,
#   RO319, RO209, RO210 and RO218; community-provider RO197, RO172 and RO157). A code
#   that is absent is then a typo or a code ODS never issued. Type other is not
#   checked, nor is a missing code (ERS-ODS-001). Codes are compared ignoring case
#   and surrounding spaces. Silent without reference data.
# custom:
#   id: ERS-REF-001
#   severity: error
#   stage: pre-go-live
#   seed: "2. Obtain an Organisation Data Service (ODS) code, if required"
#   remedy: |
#     Look the organisation up in the ODS Portal (https://odsportal.digital.nhs.uk) and
#     record the code ODS gives it as organisation.odsCode; if ODS has no code for it,
#     apply for one before go-live. Check that the reference data is the right extract.
#   example: |
#     organisation:
#       name: Lancashire Teaching Hospitals NHS Foundation Trust
#       type: nhs-trust
#       odsCode: RXN
package erslint.rules.refdata.known_code

import data.erslint.lib

deny contains lib.finding(msg, ["organisation", "odsCode"]) if {
	code := lib.normal_ods_code(input.organisation.odsCode)
	roles := lib.expected_roles[input.organisation.type]
	lib.complete_for(roles)
	not lib.refdata_organisation(code)
	msg := sprintf(
		"ODS code %s is not in %s, which lists every organisation with the roles expected of type %s (%s): check the code",
		[lib.clip(code), lib.refdata_names, input.organisation.type, lib.describe_roles(roles)],
	)
}
