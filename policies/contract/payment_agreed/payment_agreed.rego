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

deny contains lib.finding(msg, ["services", i, "contracts", j, "paymentAgreed"]) if {
	some [i, j, service, contract] in contracts
	value := object.get(contract, "paymentAgreed", null)
	value != true
	msg := sprintf(
		"%s does not record that the commissioner will recognise and pay for referred activity: paymentAgreed is %s, expected true",
		[describe(service, j, contract), found(value)],
	)
}

# found describes the value recorded, for the message.
found(null) := "not set"

found(value) := sprintf("%q", [value]) if is_string(value)

found(value) := json.marshal(value) if {
	value != null
	not is_string(value)
}

# contracts holds [service index, contract index, service, contract] for every
# contract listed as an object under a service.
contracts contains [i, j, service, contract] if {
	is_object(input)
	some i, service in lib.services
	is_object(service)
	listed := object.get(service, "contracts", [])
	is_array(listed)
	some j, contract in listed
	is_object(contract)
}

# describe names a contract: its reference (or position), commissioner and service.
describe(service, j, contract) := sprintf(
	"contract %s%s for %s",
	[reference(j, contract), commissioner(contract), lib.describe_service(service)],
)

reference(j, contract) := contract.reference if {
	is_string(contract.reference)
	trim_space(contract.reference) != ""
} else := sprintf("#%d (no reference)", [j + 1])

commissioner(contract) := sprintf(" with %s", [contract.commissioner.name]) if {
	is_string(contract.commissioner.name)
	trim_space(contract.commissioner.name) != ""
} else := ""
