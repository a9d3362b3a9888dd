# METADATA
# title: The organisation has an ODS code
# description: |
#   An Organisation Data Service (ODS) code identifies an organisation to NHS Digital
#   services, e-RS included. Codes are upper-case letters and digits, at most 8 long, and
#   their shape depends on the kind of organisation: an NHS trust has 3 characters starting
#   with R (RXN), a GP practice a letter and 5 digits (A83008), an ICB Q and 2 more (QOP),
#   an independent provider usually 8 and 4 more (8HA03; newer codes may differ).
# custom:
#   id: ERS-ODS-001
#   severity: error
#   stage: pre-go-live
#   seed: "2. Obtain an Organisation Data Service (ODS) code, if required"
#   remedy: |
#     Find the organisation's ODS code, or apply to the Organisation Data Service for
#     one if it has none, and record it in upper case as organisation.odsCode.
#   example: |
#     organisation:
#       name: Example Community Clinic Ltd
#       type: independent-sector-provider
#       odsCode: 8HV48
#       newToErs: true
package erslint.rules.ods.org_code

import data.erslint.lib

# Only a missing or blank code counts as missing; another malformed value is left to
# the schema check, as is a document that is not a mapping.
deny contains lib.finding(msg, ["organisation", "odsCode"]) if {
	is_object(input)
	lib.blank(lib.get(["organisation", "odsCode"], null))
	msg := sprintf(
		"%s has no ODS code: e-RS needs the organisation's Organisation Data Service code in organisation.odsCode",
		[organisation],
	)
}

organisation := sprintf("the organisation %s", [lib.quote(name)]) if {
	name := lib.get(["organisation", "name"], null)
	lib.filled(name)
} else := "the organisation"
