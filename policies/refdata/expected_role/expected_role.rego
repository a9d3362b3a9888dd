# METADATA
# title: The organisation holds an ODS role expected for its type
# description: |
#   With reference data (spec section 8), an organisation whose ODS code is in it must
#   hold one of the roles expected of its organisation.type: nhs-trust RO197 (NHS
#   trust); gp-practice RO76 or RO177; independent-sector-provider RO172 or RO157;
#   commissioner RO98, RO261, RO318, RO319, RO209, RO210 or RO218; community-provider
#   RO197, RO172 or RO157. Type other is not checked. A mismatch means the type or the
#   code is wrong (a trust's site code given for the trust, a practice declared as a
#   provider). Silent without reference data.
# custom:
#   id: ERS-REF-003
#   severity: warning
#   stage: planning
#   seed: "2. Obtain an Organisation Data Service (ODS) code, if required"
#   remedy: |
#     Check organisation.type and organisation.odsCode against the ODS Portal: record the
#     type that matches the organisation's ODS role, or the code of the organisation
#     itself rather than of one of its sites.
#   example: |
#     organisation:
#       name: Example Surgery
#       type: gp-practice
#       odsCode: A81001
package erslint.rules.refdata.expected_role

import data.erslint.lib

deny contains lib.finding(msg, ["organisation", "type"]) if {
	code := lib.normal_ods_code(input.organisation.odsCode)
	org := lib.refdata_organisation(code)
	expected := lib.expected_roles[input.organisation.type]
	held := {role | some role in org.roles}
	count(held & expected) == 0
	msg := sprintf(
		"organisation.type is %s, but ODS code %s (%s) holds %s, none of the roles expected of type %s (%s), per %s",
		[input.organisation.type, code, lib.clip(org.name), lib.describe_roles(held), input.organisation.type, lib.describe_roles(expected), lib.refdata_names],
	)
}
