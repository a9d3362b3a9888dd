# METADATA
# title: The organisation's name is the one in the national register
# description: |
#   With reference data (spec section 8), organisation.name should be the name ODS
#   gives the organisation's code. Both are compared after normalising: lower case,
#   "&" read as "and", every character that is not a letter, digit or space removed,
#   runs of spaces made one, a leading "the" dropped and "limited" read as "ltd". So
#   "The Example Clinic Limited" matches "EXAMPLE CLINIC LTD". A different name often
#   means the code belongs to another organisation. Silent without reference data.
# custom:
#   id: ERS-REF-005
#   severity: info
#   stage: planning
#   seed: "2. Obtain an Organisation Data Service (ODS) code, if required"
#   remedy: |
#     Write the organisation's name as ODS records it (the message quotes it), or check
#     that organisation.odsCode is the organisation's own code.
#   example: |
#     organisation:
#       name: Lancashire Teaching Hospitals NHS Foundation Trust
#       odsCode: RXN
package erslint.rules.refdata.name

import data.erslint.lib

deny contains lib.finding(msg, ["organisation", "name"]) if {
	code := lib.normal_ods_code(input.organisation.odsCode)
	org := lib.refdata_organisation(code)
	name := input.organisation.name
	lib.filled(name)
	lib.normal_name(name) != lib.normal_name(org.name)
	msg := sprintf("organisation.name %s is not the name ODS gives %s: %s, per %s", [lib.quote(name), code, lib.quote(org.name), lib.refdata_names])
}
