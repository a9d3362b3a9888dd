# METADATA
# title: Every service of an independent sector provider has a commissioner contract
# description: |
#   An independent sector provider may only set up a service on e-RS when one or more
#   NHS commissioners have agreed a contract for it: without one the service cannot be
#   commissioned in e-RS and will not appear on referrers' menus. NHS trusts and GP
#   practices are outside this rule.
# custom:
#   id: ERS-CON-001
#   severity: error
#   stage: planning
#   seed: "1. Ensure there is a contract in place"
#   remedy: |
#     Agree a contract with at least one NHS commissioner for the service and record it
#     under the service's contracts, with the commissioner, the contract reference and
#     its start and end dates.
#   example: |
#     services:
#       - id: msk-physio
#         name: MSK Physiotherapy
#         contracts:
#           - commissioner:
#               name: NHS Example ICB
#               odsCode: QWE
#             reference: NHSSC-2025-0042
#             start: "2025-04-01"
#             end: "2027-03-31"
#             paymentAgreed: true
package erslint.rules.contract.service_contract

import data.erslint.lib

# The organisation type is tested with an equality on input, which OPA's rule
# index evaluates before the body: for any other type the body never runs.
deny contains lib.finding(msg, ["services", i, "contracts"]) if {
	input.organisation.type == "independent-sector-provider"
	some i, service in lib.services
	not has_contract(service)
	msg := sprintf(
		"%s has no commissioner contract: an independent sector provider needs a contract with at least one NHS commissioner for each service it sets up on e-RS",
		[lib.describe_service(service)],
	)
}

has_contract(service) if {
	contracts := object.get(service, "contracts", [])
	is_array(contracts)
	count(contracts) > 0
}
