# METADATA
# title: The Registration Authority has added the e-RS business roles
# description: |
#   What a user may do in e-RS (refer a patient, define services, act on referrals a
#   service receives) is given by e-RS specific business roles on the user's access
#   profile. The Registration Authority has to add these roles before staff can work in
#   e-RS; having smartcards or CIS2 accounts for other national systems is not enough.
# custom:
#   id: ERS-RA-002
#   severity: error
#   stage: pre-go-live
#   seed: "3. Ensure there is a Registration Authority in place"
#   remedy: |
#     Ask the RA to add the e-RS business roles your staff need (for example B1101
#     Referring Clinician, B1103 Referring Admin, B1107 Service Definer, B1110 Service
#     Provider Clinician, B1120 Service Provider Admin), then set ersBusinessRolesAdded: true.
#   example: |
#     registrationAuthority:
#       inPlace: true
#       provider: own
#       ersBusinessRolesAdded: true
package erslint.rules.registration.business_roles

import data.erslint.lib

# The flag is tested with a plain reference first; a document that is not a
# mapping is the schema check's to report.
deny contains lib.finding(msg, ["registrationAuthority", "ersBusinessRolesAdded"]) if {
	not input.registrationAuthority.ersBusinessRolesAdded == true
	is_object(input)
	value := object.get(input, ["registrationAuthority", "ersBusinessRolesAdded"], null)
	msg := sprintf(
		"the Registration Authority has not added the e-RS specific business roles (registrationAuthority.ersBusinessRolesAdded is %s, expected true)",
		[lib.quote_value(value)],
	)
}
