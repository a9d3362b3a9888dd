package erslint.rules.ods.commissioner_code_test

import data.erslint.rules.ods.commissioner_code

findings(doc) := result if {
	result := commissioner_code.deny with input as doc with data.erslint.config.asOf as "2026-11-24"
}

contract(code) := {
	"commissioner": {"name": "NHS Example ICB", "odsCode": code},
	"reference": "NHSSC-2025-0042",
	"start": "2025-04-01",
	"end": "2027-03-31",
}

doc(own, contracts) := {
	"organisation": {"name": "Example Clinic Ltd", "type": "independent-sector-provider", "odsCode": own},
	"services": [{"id": "msk-physio", "name": "MSK Physiotherapy", "contracts": contracts}],
}

test_silent_when_codes_differ if {
	count(findings(doc("8HV48", [contract("QWE")]))) == 0
}

test_fires_when_codes_match if {
	fs := findings(doc("8HV48", [contract("QWE"), contract("8HV48")]))
	count(fs) == 1
	some f in fs
	f.path == ["services", 0, "contracts", 1, "commissioner", "odsCode"]
	f.msg == `the commissioner NHS Example ICB of contract NHSSC-2025-0042 for service "msk-physio" (MSK Physiotherapy) has the ODS code 8HV48, which is the organisation's own ODS code: record the commissioner's code`
}

test_compares_ignoring_case_and_spaces if {
	fs := findings(doc(" 8hv48", [contract("8HV48 ")]))
	{f.path | some f in fs} == {["services", 0, "contracts", 0, "commissioner", "odsCode"]}
}

test_names_contract_without_reference_or_commissioner_name if {
	c := {"commissioner": {"odsCode": "8HV48"}}
	fs := findings({
		"organisation": {"odsCode": "8HV48"},
		"services": [{"id": "a", "contracts": [contract("QWE")]}, {"id": "b", "contracts": [contract("QWE"), c]}],
	})
	count(fs) == 1
	some f in fs
	f.path == ["services", 1, "contracts", 1, "commissioner", "odsCode"]
	startswith(f.msg, `the commissioner of contract #2 (no reference) for service "b" has the ODS code 8HV48`)
}

test_silent_when_either_code_missing if {
	count(findings(doc(null, [contract("QWE")]))) == 0
	count(findings(doc("", [contract("")]))) == 0
	count(findings(doc("8HV48", [{"commissioner": {"name": "NHS Example ICB"}}]))) == 0
	count(findings({"services": [{"id": "a", "contracts": [contract("8HV48")]}]})) == 0
	count(findings({"organisation": {"odsCode": "8HV48"}})) == 0
}

test_silent_on_wrong_types if {
	count(findings("not a manifest")) == 0
	count(findings(doc(12345, [contract(12345)]))) == 0
	count(findings({"organisation": {"odsCode": "8HV48"}, "services": "oops"})) == 0
	count(findings({"organisation": {"odsCode": "8HV48"}, "services": ["oops"]})) == 0
	count(findings({"organisation": {"odsCode": "8HV48"}, "services": [{"id": "a", "contracts": "8HV48"}]})) == 0
	count(findings({"organisation": {"odsCode": "8HV48"}, "services": [{"id": "a", "contracts": ["8HV48", {"commissioner": "8HV48"}]}]})) == 0
}
