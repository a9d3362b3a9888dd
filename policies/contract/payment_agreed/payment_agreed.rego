# METADATA
# title: Every commissioner contract records that referred activity will be paid for
# description: |
#   A contract alone is not enough: the commissioning organisation must also agree to
#   recognise and pay for the activity that comes from e-RS referrals to the service.
#   The manifest records that agreement as paymentAgreed on each contract; only the
#   boolean true satisfies the rule (a missing value, false or a string such as "yes"
#   does not).
# custom:
#   id: ERS-CON-003
#   severity: error
#   stage: pre-go-live
#   seed: "1. Ensure there is a contract in place"
#   remedy: |
#     Confirm in writing with the commissioner that it will recognise and pay for
#     activity resulting from e-RS referrals under this contract, then set
#     paymentAgreed: true on the contract.
#   example: |
#     services:
#       - id: msk-physio
#         contracts:
#           - commissioner:
#               name: NHS Example ICB
#               odsCode: QWE
#             reference: NHSSC-2025-0042
#             start: "2025-04-01"
#             end: "2027-03-31"
#             paymentAgreed: true
package erslint.rules.contract.payment_agreed

import data.erslint.lib

deny contains lib.finding(msg, ["services", c.i, "contracts", c.j, "paymentAgreed"]) if {
	some c in lib.contracts
	value := object.get(c.contract, "paymentAgreed", null)
	value != true
	msg := sprintf(
		"%s does not record that the commissioner will recognise and pay for referred activity: paymentAgreed is %s, expected true",
		[lib.describe_contract(c), lib.quote_value(value)],
	)
}
