package erslint.rules.refdata.open_test

import data.erslint.rules.refdata.open

refdata := {
	"format": "erslint-refdata/v1",
	"source": "test",
	"extracted": "2026-11-30",
	"covers": ["RO197"],
	"organisations": {
		"RXN": {"name": "OPEN TRUST", "roles": ["RO197"], "opened": "1993-04-01", "closed": null, "successor": null},
		"RAA": {"name": "OLD TRUST", "roles": ["RO197"], "opened": "1993-04-01", "closed": "2026-12-01", "successor": "RXN"},
		"RBB": {"name": "GONE TRUST", "roles": ["RO197"], "opened": null, "closed": "2019-03-31", "successor": null},
		"RCC": {"name": "NEW TRUST", "roles": ["RO197"], "opened": "2026-12-01", "closed": null, "successor": null},
		"RDD": {"name": "NO DATES TRUST", "roles": ["RO197"]},
		"REE": {"name": "MERGED TRUST", "roles": ["RO197"], "opened": "1993-04-01", "closed": "2020-04-01", "successor": "RZZ"},
	},
}

findings(code, as_of) := result if {
	result := open.deny with input as {"organisation": {"name": "X", "type": "nhs-trust", "odsCode": code}}
		with data.erslint.config.asOf as as_of
		with data.erslint.refdata as refdata
}

test_open_passes if {
	count(findings("RXN", "2026-12-01")) == 0
	count(findings("RDD", "2026-12-01")) == 0
}

# Closed from its closed day on: open the day before, closed on the day.
test_closing_day if {
	count(findings("RAA", "2026-11-30")) == 0
	fs := findings("RAA", "2026-12-01")
	count(fs) == 1
	some f in fs
	f.path == ["organisation", "odsCode"]
	f.msg == "ODS code RAA (OLD TRUST) is not open on 2026-12-01: it closed on 2026-12-01; its successor is RXN (OPEN TRUST), per the reference data extracted 2026-11-30"
}

test_closed_without_successor if {
	some f in findings("RBB", "2026-12-01")
	contains(f.msg, "ODS code RBB (GONE TRUST) is not open on 2026-12-01: it closed on 2019-03-31, with no successor,")
}

test_successor_not_in_the_data_is_named_by_code if {
	some f in findings("REE", "2026-12-01")
	contains(f.msg, "it closed on 2020-04-01; its successor is RZZ, per")
}

# Open from its opened day on.
test_not_yet_open if {
	some f in findings("RCC", "2026-11-30")
	contains(f.msg, "ODS code RCC (NEW TRUST) is not open on 2026-11-30: it opens on 2026-12-01,")
	count(findings("RCC", "2026-12-01")) == 0
}

test_silent_for_unknown_or_missing_code_or_no_reference_data if {
	count(findings("ZZZ", "2026-12-01")) == 0
	count(findings(null, "2026-12-01")) == 0
	none := open.deny with input as {"organisation": {"odsCode": "RBB"}} with data.erslint.config.asOf as "2026-12-01"
	count(none) == 0
}
