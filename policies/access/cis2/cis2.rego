# METADATA
# title: An organisation new to e-RS authenticates through CIS2, not plain smartcard
# description: |
#   e-RS is moving every professional user to Care Identity Service 2 (CIS2) through the
#   internet-facing URL, and the legacy smartcard route is deprecated. The seed page says
#   any new organisation onboarding to e-RS should use CIS2, so its plan must list at least
#   one cis2-* method and no plain smartcard. Organisations already on e-RS are not checked
#   here; a missing or empty method list is left to ERS-ACC-005.
# custom:
#   id: ERS-ACC-002
#   severity: error
#   stage: planning
#   seed: "6. Decide how you want to access the e-RS Application"
#   remedy: |
#     Choose one or more CIS2 authenticators (security keys, Windows Hello for Business,
#     or a smartcard through CIS2 where smartcard infrastructure exists) and replace any
#     plain smartcard entry in access.authentication.
#   example: |
#     organisation:
#       newToErs: true
#     access:
#       url: internet-facing
#       authentication:
#         - cis2-security-key
package erslint.rules.access.cis2

import data.erslint.lib

# Both rules start with the same test on input, an equality OPA's rule index
# evaluates once for both: for a document not new to e-RS neither body runs.

deny contains lib.finding(msg, ["access", "authentication", i]) if {
	input.organisation.newToErs == true
	some i, method in methods
	method == "smartcard"
	msg := "an organisation new to e-RS must authenticate through CIS2, not plain smartcard: use cis2-smartcard where smartcard infrastructure already exists, or another CIS2 method such as cis2-security-key"
}

deny contains lib.finding(msg, ["access", "authentication"]) if {
	input.organisation.newToErs == true
	count(methods) > 0
	not has_cis2
	msg := sprintf(
		"an organisation new to e-RS must authenticate through CIS2, but access.authentication lists no cis2-* method (found %s): add one such as cis2-security-key",
		[lib.json_value(methods)],
	)
}

methods := lib.list(["access", "authentication"])

has_cis2 if {
	some method in methods
	is_string(method)
	startswith(method, "cis2-")
}
