package erslint.rules.refdata.name_test

import data.erslint.rules.refdata.name

refdata := {
	"format": "erslint-refdata/v1",
	"source": "test",
	"extracted": "2026-11-30",
	"covers": [],
	"organisations": {
		"8HV48": {"name": "EXAMPLE COMMUNITY CLINIC LTD", "roles": ["RO172"], "opened": null, "closed": null, "successor": null},
		"RYJ": {"name": "IMPERIAL COLLEGE HEALTHCARE NHS TRUST", "roles": ["RO197"], "opened": null, "closed": null, "successor": null},
		"8A1": {"name": "SMITH & JONES (OPTICIANS) LIMITED", "roles": ["RO172"], "opened": null, "closed": null, "successor": null},
	},
}

findings(n, code) := result if {
	result := name.deny with input as {"organisation": {"name": n, "type": "other", "odsCode": code}}
		with data.erslint.config.asOf as "2026-12-01"
		with data.erslint.refdata as refdata
}

test_names_that_normalise_alike_pass if {
	every n in [
		"EXAMPLE COMMUNITY CLINIC LTD",
		"Example Community Clinic Ltd",
		"The Example Community Clinic Limited",
		"  Example   Community Clinic, Ltd.  ",
		"THE EXAMPLE COMMUNITY CLINIC LTD",
	] {
		count(findings(n, "8HV48")) == 0
	}
	count(findings("Smith and Jones Opticians Ltd", "8A1")) == 0
	count(findings("The Smith & Jones (Opticians) Limited", "8A1")) == 0
}

test_other_names_fire if {
	every n in ["Example Clinic Ltd", "Example Community Clinic", "Theexample Community Clinic Ltd", "Example Community Clinic Limitedness"] {
		count(findings(n, "8HV48")) == 1
	}
}

test_message_names_both_names_and_the_code if {
	fs := findings("Imperial College Hospitals", "RYJ")
	count(fs) == 1
	some f in fs
	f.path == ["organisation", "name"]
	f.msg == `organisation.name "Imperial College Hospitals" is not the name ODS gives RYJ: "IMPERIAL COLLEGE HEALTHCARE NHS TRUST", per the reference data extracted 2026-11-30`
}

test_silent_for_unknown_code_missing_name_or_no_reference_data if {
	count(findings("Anything", "ZZZ")) == 0
	count(findings(null, "RYJ")) == 0
	count(findings(" ", "RYJ")) == 0
	none := name.deny with input as {"organisation": {"name": "Anything", "odsCode": "RYJ"}}
	count(none) == 0
}
