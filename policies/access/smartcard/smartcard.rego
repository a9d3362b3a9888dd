# METADATA
# title: Smartcard access only where smartcard infrastructure already exists
# description: |
#   The seed page allows physical smartcards for e-RS only where the infrastructure for
#   them (card readers, middleware, a Registration Authority issuing cards) is already in
#   place; everyone else should use a CIS2 authenticator that needs no card estate. This
#   applies to plain smartcard and to smartcard through CIS2 (cis2-smartcard) alike.
# custom:
#   id: ERS-ACC-003
#   severity: error
#   stage: planning
#   seed: "6. Decide how you want to access the e-RS Application"
#   remedy: |
#     Either confirm the organisation already runs smartcard infrastructure and set
#     access.existingSmartcardInfrastructure: true, or replace smartcard access with a CIS2
#     method that needs no cards, such as cis2-security-key or cis2-windows-hello.
#   example: |
#     access:
#       url: internet-facing
#       authentication:
#         - cis2-smartcard
#       existingSmartcardInfrastructure: true
package erslint.rules.access.smartcard

import data.erslint.lib

smartcard_methods := {"smartcard", "cis2-smartcard"}

infrastructure := lib.get(["access", "existingSmartcardInfrastructure"], null)

deny contains lib.finding(msg, ["access", "authentication", i]) if {
	some i, method in lib.list(["access", "authentication"])
	method in smartcard_methods
	not infrastructure == true
	msg := sprintf(
		"%s needs existing smartcard infrastructure, but access.existingSmartcardInfrastructure %s: use a CIS2 method that needs no cards, such as cis2-security-key, or confirm the infrastructure exists",
		[method, lib.describe_value(infrastructure)],
	)
}
