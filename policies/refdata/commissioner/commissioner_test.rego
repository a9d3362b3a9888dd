package erslint.rules.refdata.commissioner_test

import data.erslint.rules.refdata.commissioner

org(name, roles, opened, closed, successor) := {"name": name, "roles": roles, "opened": opened, "closed": closed, "successor": successor}

commissioning := ["RO318", "RO319", "RO209", "RO210", "RO218"]

refdata(covers) := {
	"format": "erslint-refdata/v1",
	"source": "test",
	"extracted": "2026-11-30",
	"covers": covers,
	"organisations": {
		"QE1": org("NHS LANCASHIRE AND SOUTH CUMBRIA ICB", ["RO318"], "2022-07-01", null, null),
		"00R": org("NHS BLACKPOOL", ["RO98", "RO319"], "2013-04-01", null, null),
		"Y56": org("NHS ENGLAND LONDON", ["RO209"], "2013-04-01", null, null),
		"Y01": org("NHS ENGLAND LOCAL", ["RO210"], "2013-04-01", null, null),
		"13Q": org("SPECIALISED COMMISSIONING HUB", ["RO218"], "2013-04-01", null, null),
		"01A": org("NHS OLD CCG", ["RO98"], "2013-04-01", "2022-07-01", "QE1"),
		"QNW": org("NHS NEW ICB", ["RO318"], "2027-01-01", null, null),
		"RXN": org("LANCASHIRE TEACHING HOSPITALS NHS FOUNDATION TRUST", ["RO197"], "1993-04-01", null, null),
	},
}

contract(code) := {"commissioner": {"name": "NHS Example ICB", "odsCode": code}, "reference": "REF-1"}

findings(codes, covers, as_of) := result if {
	result := commissioner.deny with input as {
		"organisation": {"name": "X", "type": "independent-sector-provider", "odsCode": "8HV48"},
		"services": [{"id": "msk", "contracts": [contract(c) | some c in codes]}],
	}
		with data.erslint.config.asOf as as_of
		with data.erslint.refdata as refdata(covers)
}

test_each_commissioning_role_passes if {
	count(findings(["QE1", "00R", "Y56", "Y01", "13Q", " qe1"], commissioning, "2026-12-01")) == 0
}

test_absent_code_fires_only_when_covers_has_every_commissioning_role if {
	fs := findings(["QZZ"], commissioning, "2026-12-01")
	count(fs) == 1
	some f in fs
	f.path == ["services", 0, "contracts", 0, "commissioner", "odsCode"]
	f.msg == `the commissioner of contract REF-1 with NHS Example ICB for service "msk": ODS code QZZ is not in the reference data, which lists every commissioning organisation (RO209 (NHS England (region)), RO210 (NHS England (region, local office)), RO218 (commissioning hub), RO318 (integrated care board), RO319 (sub-ICB location)), per the reference data extracted 2026-11-30`
	count(findings(["QZZ"], ["RO318", "RO319", "RO209", "RO210"], "2026-12-01")) == 0
	count(findings(["QZZ"], [], "2026-12-01")) == 0
}

test_closed_commissioner_names_successor if {
	fs := findings(["00R", "01A"], commissioning, "2026-12-01")
	count(fs) == 1
	some f in fs
	f.path == ["services", 0, "contracts", 1, "commissioner", "odsCode"]
	contains(f.msg, "ODS code 01A (NHS OLD CCG) is not open on 2026-12-01: it closed on 2022-07-01; its successor is QE1 (NHS LANCASHIRE AND SOUTH CUMBRIA ICB)")
}

test_closing_day_and_opening_day if {
	count(findings(["01A"], [], "2022-06-30")) == 1 # open, but RO98 alone is no commissioning role
	some f in findings(["01A"], [], "2022-06-30")
	contains(f.msg, "holds RO98 (clinical commissioning group), no commissioning role")
	some g in findings(["01A"], [], "2022-07-01")
	contains(g.msg, "closed on 2022-07-01")
	some h in findings(["QNW"], [], "2026-12-31")
	contains(h.msg, "(NHS NEW ICB) is not open on 2026-12-31: it opens on 2027-01-01")
	count(findings(["QNW"], [], "2027-01-01")) == 0
}

test_provider_as_commissioner_fires if {
	some f in findings(["RXN"], [], "2026-12-01")
	contains(f.msg, "ODS code RXN (LANCASHIRE TEACHING HOSPITALS NHS FOUNDATION TRUST) holds RO197 (NHS trust), no commissioning role")
}

test_silent_without_code_or_reference_data if {
	no_code := commissioner.deny with input as {"services": [{"id": "a", "contracts": [{"commissioner": {"name": "x"}}, contract(" ")]}]}
		with data.erslint.config.asOf as "2026-12-01"
		with data.erslint.refdata as refdata(commissioning)
	count(no_code) == 0
	no_data := commissioner.deny with input as {"services": [{"id": "a", "contracts": [contract("QZZ")]}]}
		with data.erslint.config.asOf as "2026-12-01"
	count(no_data) == 0
}
