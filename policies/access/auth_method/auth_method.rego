# METADATA
# title: At least one authentication method is listed
# description: |
#   Every e-RS user has to sign in with an authenticator the Registration Authority sets up,
#   and the choice decides further steps (smartcard infrastructure, security keys to buy,
#   Windows devices for Windows Hello). A plan without a chosen method cannot be built, so
#   this is required from planning on.
# custom:
#   id: ERS-ACC-005
#   severity: error
#   stage: planning
#   seed: "6. Decide how you want to access the e-RS Application"
#   remedy: |
#     Decide how users will authenticate to e-RS and list the methods under
#     access.authentication, preferring CIS2 authenticators such as cis2-security-key or
#     cis2-windows-hello.
#   example: |
#     access:
#       url: internet-facing
#       authentication:
#         - cis2-security-key
package erslint.rules.access.auth_method

import data.erslint.lib

deny contains lib.finding(msg, ["access", "authentication"]) if {
	not has_method
	msg := "no authentication method is listed under access.authentication: choose how users will sign in to e-RS, for example cis2-security-key"
}

# has_method holds when access.authentication lists at least one method.
has_method if {
	some method in lib.list(["access", "authentication"])
	lib.filled(method)
}
