package erslint.rules.contract.in_force_test

import data.erslint.rules.contract.in_force

# The assessment date used by every test: 2026-11-24.
findings(doc) := result if {
	result := in_force.deny with input as doc with data.erslint.config.asOf as "2026-11-24"
}

contract(start, end) := {
	"commissioner": {"name": "NHS Example ICB", "odsCode": "QWE"},
	"reference": "NHSSC-2025-0042",
	"start": start,
	"end": end,
	"paymentAgreed": true,
}

doc(contracts) := {
	"organisation": {"type": "independent-sector-provider"},
	"services": [{"id": "msk-physio", "name": "MSK Physiotherapy", "contracts": contracts}],
}

test_silent_when_in_force if {
	count(findings(doc([contract("2025-04-01", "2027-03-31")]))) == 0
}

test_silent_when_end_is_the_assessment_date if {
	count(findings(doc([contract("2025-04-01", "2026-11-24")]))) == 0
}

test_silent_when_start_is_the_assessment_date if {
	count(findings(doc([contract("2026-11-24", "2027-03-31")]))) == 0
}

test_fires_when_ended_the_day_before if {
	fs := findings(doc([contract("2025-04-01", "2026-11-23")]))
	count(fs) == 1
	some f in fs
	f.path == ["services", 0, "contracts", 0, "end"]
	f.msg == `contract NHSSC-2025-0042 with NHS Example ICB for service "msk-physio" (MSK Physiotherapy) ended on 2026-11-23, 1 day before the assessment date 2026-11-24`
}

test_fires_when_ended_weeks_ago if {
	fs := findings(doc([contract("2025-04-01", "2026-10-31")]))
	{f.path | some f in fs} == {["services", 0, "contracts", 0, "end"]}
	some f in fs
	contains(f.msg, "ended on 2026-10-31, 24 days before the assessment date 2026-11-24")
}

test_fires_when_not_started if {
	fs := findings(doc([contract("2026-12-01", "2028-03-31")]))
	count(fs) == 1
	some f in fs
	f.path == ["services", 0, "contracts", 0, "start"]
	f.msg == `contract NHSSC-2025-0042 with NHS Example ICB for service "msk-physio" (MSK Physiotherapy) has not started: it starts on 2026-12-01, 7 days after the assessment date 2026-11-24`
}

test_fires_when_start_is_the_day_after if {
	fs := findings(doc([contract("2026-11-25", "2028-03-31")]))
	some f in fs
	f.path == ["services", 0, "contracts", 0, "start"]
	contains(f.msg, "starts on 2026-11-25, 1 day after")
}

test_fires_at_missing_start if {
	c := object.remove(contract("x", "2027-03-31"), ["start"])
	fs := findings(doc([c]))
	count(fs) == 1
	some f in fs
	f.path == ["services", 0, "contracts", 0, "start"]
	contains(f.msg, "has no start date")
	contains(f.msg, "contract NHSSC-2025-0042 with NHS Example ICB")
}

test_fires_at_missing_end if {
	c := object.remove(contract("2025-04-01", "x"), ["end"])
	fs := findings(doc([c]))
	{f.path | some f in fs} == {["services", 0, "contracts", 0, "end"]}
	some f in fs
	contains(f.msg, "has no end date, so it cannot be shown to be in force on the assessment date 2026-11-24")
}

test_null_and_blank_dates_read_as_missing if {
	fs := findings(doc([contract(null, "  ")]))
	{f.path | some f in fs} == {
		["services", 0, "contracts", 0, "start"],
		["services", 0, "contracts", 0, "end"],
	}
}

test_one_finding_per_contract_at_its_index if {
	fs := findings({"services": [
		{"id": "a", "contracts": [contract("2025-04-01", "2027-03-31")]},
		{"id": "b", "contracts": [
			contract("2025-04-01", "2027-03-31"),
			contract("2024-04-01", "2025-03-31"),
		]},
	]})
	{f.path | some f in fs} == {["services", 1, "contracts", 1, "end"]}
}

test_applies_to_any_organisation_type if {
	d := object.union(doc([contract("2024-04-01", "2025-03-31")]), {"organisation": {"type": "nhs-trust"}})
	count(findings(d)) == 1
}

test_names_contract_without_reference_or_commissioner if {
	c := object.remove(contract("2024-04-01", "2025-03-31"), ["reference", "commissioner"])
	fs := findings({"services": [{"id": "a"}, {"id": "b", "contracts": [contract("2025-04-01", "2027-03-31"), c]}]})
	some f in fs
	f.msg == `contract #2 (no reference) for service "b" ended on 2025-03-31, 603 days before the assessment date 2026-11-24`
}

test_silent_without_contracts if {
	count(findings({"organisation": {"type": "independent-sector-provider"}})) == 0
	count(findings({"services": [{"id": "a"}]})) == 0
	count(findings({"services": [{"id": "a", "contracts": []}]})) == 0
}

test_silent_on_wrong_types if {
	count(findings("not a manifest")) == 0
	count(findings(["a", "list"])) == 0
	count(findings({"services": "oops"})) == 0
	count(findings({"services": ["oops", 3]})) == 0
	count(findings({"services": [{"id": "a", "contracts": "oops"}]})) == 0
	count(findings({"services": [{"id": "a", "contracts": ["oops", 7, null]}]})) == 0
}

# A date the rules cannot compute with cannot show the contract in force: it is
# reported (the schema reports it too), never passed over as in force.
test_fires_on_dates_that_cannot_be_computed if {
	fs := findings(doc([contract("2026-02-30", 20270331), contract("April 2025", "2027-03-31")]))
	{f.path | some f in fs} == {
		["services", 0, "contracts", 0, "start"], ["services", 0, "contracts", 0, "end"],
		["services", 0, "contracts", 1, "start"],
	}
	some f in fs
	f.path == ["services", 0, "contracts", 0, "end"]
	f.msg == `contract NHSSC-2025-0042 with NHS Example ICB for service "msk-physio" (MSK Physiotherapy) cannot be shown to be in force on the assessment date 2026-11-24: its end date 20270331 is not a date written YYYY-MM-DD in the years 1900 to 2199`
}

# Dates outside OPA's clock (1677 to 2262) made every comparison undefined: a
# contract that ended in the year 1000 passed as in force.
test_fires_on_years_outside_the_clock if {
	fs := findings(doc([contract("2025-04-01", "1000-03-31"), contract("0226-04-01", "3026-03-31")]))
	count(fs) == 3
	some f in fs
	f.path == ["services", 0, "contracts", 0, "end"]
	contains(f.msg, `its end date "1000-03-31" is not a date`)
}

# Years OPA's clock covers but the schema refuses (1678 to 1899, 2200 to 2262):
# a contract from 1850 to 2250 passed as in force.
test_fires_on_years_the_schema_refuses if {
	fs := findings(doc([contract("1850-01-01", "2250-01-01")]))
	{f.path | some f in fs} == {["services", 0, "contracts", 0, "start"], ["services", 0, "contracts", 0, "end"]}
	some f in fs
	f.path == ["services", 0, "contracts", 0, "end"]
	contains(f.msg, `its end date "2250-01-01" is not a date written YYYY-MM-DD in the years 1900 to 2199`)
	count(findings(doc([contract("1900-01-01", "2199-12-31")]))) == 0
}
