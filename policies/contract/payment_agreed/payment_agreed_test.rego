package erslint.rules.contract.payment_agreed_test

import data.erslint.rules.contract.payment_agreed

findings(doc) := result if {
	result := payment_agreed.deny with input as doc with data.erslint.config.asOf as "2026-11-24"
}

contract(extra) := object.union(
	{
		"commissioner": {"name": "NHS Example ICB", "odsCode": "QWE"},
		"reference": "NHSSC-2025-0042",
		"start": "2025-04-01",
		"end": "2027-03-31",
	},
	extra,
)

doc(contracts) := {
	"organisation": {"type": "independent-sector-provider"},
	"services": [{"id": "msk-physio", "name": "MSK Physiotherapy", "contracts": contracts}],
}

test_silent_when_payment_agreed if {
	count(findings(doc([contract({"paymentAgreed": true})]))) == 0
}

test_fires_when_false if {
	fs := findings(doc([contract({"paymentAgreed": false})]))
	count(fs) == 1
	some f in fs
	f.path == ["services", 0, "contracts", 0, "paymentAgreed"]
	f.msg == `contract NHSSC-2025-0042 with NHS Example ICB for service "msk-physio" (MSK Physiotherapy) does not record that the commissioner will recognise and pay for referred activity: paymentAgreed is false, expected true`
}

test_fires_when_missing if {
	fs := findings(doc([contract({})]))
	{f.path | some f in fs} == {["services", 0, "contracts", 0, "paymentAgreed"]}
	some f in fs
	contains(f.msg, "paymentAgreed is not set, expected true")
}

test_fires_when_null if {
	some f in findings(doc([contract({"paymentAgreed": null})]))
	contains(f.msg, "paymentAgreed is not set")
}

test_string_yes_is_not_true if {
	some f in findings(doc([contract({"paymentAgreed": "yes"})]))
	contains(f.msg, `paymentAgreed is "yes", expected true`)
}

test_number_is_not_true if {
	some f in findings(doc([contract({"paymentAgreed": 1})]))
	contains(f.msg, "paymentAgreed is 1, expected true")
}

test_one_finding_per_contract_at_its_index if {
	fs := findings({"services": [
		{"id": "a", "contracts": [contract({"paymentAgreed": true})]},
		{"id": "b", "contracts": [
			contract({"paymentAgreed": true}),
			object.remove(contract({"paymentAgreed": false}), ["reference", "commissioner"]),
		]},
	]})
	count(fs) == 1
	some f in fs
	f.path == ["services", 1, "contracts", 1, "paymentAgreed"]
	startswith(f.msg, `contract #2 (no reference) for service "b" does not record`)
}

test_silent_without_contracts if {
	count(findings({})) == 0
	count(findings({"services": [{"id": "a"}]})) == 0
	count(findings({"services": [{"id": "a", "contracts": []}]})) == 0
}

test_silent_on_wrong_types if {
	count(findings("not a manifest")) == 0
	count(findings({"services": "oops"})) == 0
	count(findings({"services": ["oops"]})) == 0
	count(findings({"services": [{"id": "a", "contracts": {"paymentAgreed": false}}]})) == 0
	count(findings({"services": [{"id": "a", "contracts": ["oops", null]}]})) == 0
}
