package erslint.rules.contract.ending_soon_test

import data.erslint.rules.contract.ending_soon

# The assessment date used by every test: 2026-11-24 (+90 days is 2027-02-22).
findings(doc) := result if {
	result := ending_soon.deny with input as doc with data.erslint.config.asOf as "2026-11-24"
}

contract(end) := {
	"commissioner": {"name": "NHS Example ICB", "odsCode": "QWE"},
	"reference": "NHSSC-2025-0042",
	"start": "2025-04-01",
	"end": end,
	"paymentAgreed": true,
}

doc(contracts) := {
	"organisation": {"type": "independent-sector-provider"},
	"services": [{"id": "msk-physio", "name": "MSK Physiotherapy", "contracts": contracts}],
}

test_fires_at_exactly_90_days if {
	fs := findings(doc([contract("2027-02-22")]))
	count(fs) == 1
	some f in fs
	f.path == ["services", 0, "contracts", 0, "end"]
	f.msg == `contract NHSSC-2025-0042 with NHS Example ICB for service "msk-physio" (MSK Physiotherapy) ends on 2027-02-22, with 90 days remaining from the assessment date 2026-11-24: renew or extend it before it lapses`
}

test_silent_at_91_days if {
	count(findings(doc([contract("2027-02-23")]))) == 0
}

test_fires_when_end_is_the_assessment_date if {
	fs := findings(doc([contract("2026-11-24")]))
	count(fs) == 1
	some f in fs
	f.path == ["services", 0, "contracts", 0, "end"]
	contains(f.msg, "ends on 2026-11-24, the assessment date 2026-11-24 itself (its last day in force)")
}

test_fires_one_day_before_end if {
	some f in findings(doc([contract("2026-11-25")]))
	contains(f.msg, "with 1 day remaining")
}

test_silent_when_already_ended if {
	# Reported by ERS-CON-002 only.
	count(findings(doc([contract("2026-11-23")]))) == 0
}

test_silent_when_far_off if {
	count(findings(doc([contract("2027-03-31")]))) == 0
}

test_one_finding_per_contract_at_its_index if {
	c := object.remove(contract("2027-01-31"), ["reference", "commissioner"])
	fs := findings({"services": [
		{"id": "a", "contracts": [contract("2027-03-31")]},
		{"id": "b", "contracts": [contract("2027-03-31"), c]},
	]})
	count(fs) == 1
	some f in fs
	f.path == ["services", 1, "contracts", 1, "end"]
	startswith(f.msg, `contract #2 (no reference) for service "b" ends on 2027-01-31, with 68 days remaining`)
}

test_silent_without_contracts_or_end_date if {
	count(findings({})) == 0
	count(findings({"services": [{"id": "a"}]})) == 0
	count(findings(doc([object.remove(contract("x"), ["end"])]))) == 0
}

test_silent_on_wrong_types if {
	count(findings("not a manifest")) == 0
	count(findings({"services": "oops"})) == 0
	count(findings({"services": ["oops"]})) == 0
	count(findings({"services": [{"id": "a", "contracts": "oops"}]})) == 0
	count(findings({"services": [{"id": "a", "contracts": [null, 3]}]})) == 0
	count(findings(doc([contract(20261201)]))) == 0
	count(findings(doc([contract("2026-11-31")]))) == 0
}

# An end date the rules cannot compute with ("2027-02-30", a year outside the
# clock) cannot be placed in the window: it is ERS-CON-002's to report, so the
# contract is never passed over in silence.
test_end_date_that_cannot_be_computed_is_con_002s if {
	every end in ["2027-02-30", "0227-01-01", "3026-12-31", 20270101] {
		d := doc([contract(end)])
		count(findings(d)) == 0
		some f in data.erslint.rules.contract.in_force.deny with input as d with data.erslint.config.asOf as "2026-11-24"
		f.path == ["services", 0, "contracts", 0, "end"]
	}
}
