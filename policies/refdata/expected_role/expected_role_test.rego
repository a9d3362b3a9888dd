package erslint.rules.refdata.expected_role_test

import data.erslint.rules.refdata.expected_role

org(roles) := {"name": "SOME ORGANISATION", "roles": roles, "opened": "1993-04-01", "closed": null, "successor": null}

refdata := {
	"format": "erslint-refdata/v1",
	"source": "test",
	"extracted": "2026-11-30",
	"covers": [],
	"organisations": {
		"R1": org(["RO197", "RO57"]),
		"P76": org(["RO76"]),
		"P177": org(["RO177"]),
		"I172": org(["RO172"]),
		"I157": org(["RO157"]),
		"C98": org(["RO98"]),
		"C261": org(["RO261"]),
		"C318": org(["RO318"]),
		"C319": org(["RO319", "RO98"]),
		"C209": org(["RO209"]),
		"C210": org(["RO210"]),
		"C218": org(["RO218"]),
		"NONE": org([]),
		"SITE": org(["RO198"]),
	},
}

findings(type, code) := result if {
	result := expected_role.deny with input as {"organisation": {"name": "X", "type": type, "odsCode": code}}
		with data.erslint.config.asOf as "2026-12-01"
		with data.erslint.refdata as refdata
}

passes := {
	"nhs-trust": ["R1"],
	"gp-practice": ["P76", "P177"],
	"independent-sector-provider": ["I172", "I157"],
	"commissioner": ["C98", "C261", "C318", "C319", "C209", "C210", "C218"],
	"community-provider": ["R1", "I172", "I157"],
	"other": ["R1", "P76", "SITE", "NONE"],
}

test_each_expected_role_per_type_passes if {
	every type, codes in passes {
		every code in codes {
			count(findings(type, code)) == 0
		}
	}
}

test_fires_when_no_expected_role_is_held if {
	every type in ["nhs-trust", "gp-practice", "independent-sector-provider", "commissioner", "community-provider"] {
		count(findings(type, "SITE")) == 1
		count(findings(type, "NONE")) == 1
	}
	count(findings("nhs-trust", "P76")) == 1
	count(findings("gp-practice", "R1")) == 1
	count(findings("independent-sector-provider", "C318")) == 1
	count(findings("commissioner", "I172")) == 1
	count(findings("community-provider", "P177")) == 1
}

test_message_and_path if {
	fs := findings("nhs-trust", "P76")
	some f in fs
	f.path == ["organisation", "type"]
	f.msg == "organisation.type is nhs-trust, but ODS code P76 (SOME ORGANISATION) holds RO76 (GP practice), none of the roles expected of type nhs-trust (RO197 (NHS trust)), per the reference data extracted 2026-11-30"
	some g in findings("gp-practice", "NONE")
	contains(g.msg, "holds none, none of the roles")
}

test_silent_for_unknown_code_or_no_reference_data if {
	count(findings("nhs-trust", "ZZZ")) == 0
	none := expected_role.deny with input as {"organisation": {"type": "nhs-trust", "odsCode": "P76"}}
	count(none) == 0
}
