# METADATA
# title: A Registration Authority is in place, and named when it is external
# description: |
#   The Registration Authority (RA) authorises users, issues their access and sets up
#   devices and access modes, so nobody can use e-RS until one is in place. When the RA
#   service is bought in from an external provider, the provider must be named so that
#   the people onboarding know whom to ask for user set-up and business roles.
# custom:
#   id: ERS-RA-001
#   severity: error
#   stage: pre-go-live
#   seed: "3. Ensure there is a Registration Authority in place"
#   remedy: |
#     Set up a local RA or agree RA services with an external provider, then record
#     registrationAuthority.inPlace: true, the provider (own or external) and, for an
#     external provider, its name in providerName.
#   example: |
#     registrationAuthority:
#       inPlace: true
#       provider: external
#       providerName: Example RA Hosting
package erslint.rules.registration.authority

import data.erslint.lib

# The flag is tested with a plain reference first; a document that is not a
# mapping is the schema check's to report.
deny contains lib.finding(msg, ["registrationAuthority", "inPlace"]) if {
	not input.registrationAuthority.inPlace == true
	is_object(input)
	value := object.get(input, ["registrationAuthority", "inPlace"], null)
	msg := sprintf(
		"no Registration Authority is recorded as in place (registrationAuthority.inPlace is %s, expected true): users cannot be authorised for e-RS without one",
		[lib.quote_value(value)],
	)
}

# An equality on input, which OPA's rule index evaluates before the body.
deny contains lib.finding(msg, ["registrationAuthority", "providerName"]) if {
	input.registrationAuthority.provider == "external"
	not lib.filled(object.get(input, ["registrationAuthority", "providerName"], null))
	msg := "the Registration Authority is provided externally but registrationAuthority.providerName does not name the provider"
}
