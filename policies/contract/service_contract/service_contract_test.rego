package erslint.rules.contract.service_contract_test

import data.erslint.rules.contract.service_contract

isp(services) := {
	"organisation": {"type": "independent-sector-provider"},
	"services": services,
}

contract := {"reference": "C-1", "start": "2025-04-01", "end": "2027-03-31"}

test_fires_for_service_without_contracts if {
	findings := service_contract.deny with input as isp([{"id": "a", "name": "A"}])
	count(findings) == 1
	some f in findings
	f.path == ["services", 0, "contracts"]
	contains(f.msg, `service "a" (A) has no commissioner contract`)
}

test_fires_for_empty_contract_list if {
	findings := service_contract.deny with input as isp([{"id": "a", "contracts": [contract]}, {"id": "b", "contracts": []}])
	{f.path | some f in findings} == {["services", 1, "contracts"]}
}

test_silent_when_every_service_has_a_contract if {
	count(service_contract.deny) == 0 with input as isp([{"id": "a", "contracts": [contract]}])
}

test_silent_for_isp_without_services if {
	count(service_contract.deny) == 0 with input as {"organisation": {"type": "independent-sector-provider"}}
}

test_silent_for_other_organisation_types if {
	count(service_contract.deny) == 0 with input as {
		"organisation": {"type": "nhs-trust"},
		"services": [{"id": "a"}],
	}
}
