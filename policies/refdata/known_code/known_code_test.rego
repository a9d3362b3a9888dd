package erslint.rules.refdata.known_code_test

import data.erslint.rules.refdata.known_code

refdata(covers) := {
	"format": "erslint-refdata/v1",
	"source": "test",
	"extracted": "2026-11-30",
	"covers": covers,
	"organisations": {"RXN": {
		"name": "LANCASHIRE TEACHING HOSPITALS NHS FOUNDATION TRUST",
		"roles": ["RO197", "RO57"], "opened": "1993-04-01", "closed": null, "successor": null,
	}},
}

all_roles := ["RO197", "RO76", "RO177", "RO172", "RO157", "RO98", "RO261", "RO318", "RO319", "RO209", "RO210", "RO218"]

findings(doc, covers) := result if {
	result := known_code.deny with input as doc
		with data.erslint.config.asOf as "2026-12-01"
		with data.erslint.refdata as refdata(covers)
}

doc(type, code) := {"organisation": {"name": "X", "type": type, "odsCode": code}}

test_known_code_passes if {
	count(findings(doc("nhs-trust", "RXN"), all_roles)) == 0
}

test_code_compared_ignoring_case_and_spaces if {
	count(findings(doc("nhs-trust", " rxn "), all_roles)) == 0
}

test_unknown_code_fires_for_every_checked_type if {
	every type in ["nhs-trust", "gp-practice", "independent-sector-provider", "commissioner", "community-provider"] {
		fs := findings(doc(type, "ZZZ99"), all_roles)
		count(fs) == 1
		some f in fs
		f.path == ["organisation", "odsCode"]
		contains(f.msg, "ODS code ZZZ99 is not in the reference data extracted 2026-11-30")
	}
}

test_message_names_the_roles if {
	some f in findings(doc("gp-practice", "A99999"), all_roles)
	f.msg == "ODS code A99999 is not in the reference data extracted 2026-11-30, which lists every organisation with the roles expected of type gp-practice (RO177 (prescribing cost centre), RO76 (GP practice)): check the code"
}

# covers must include every role of the type: a document of trusts alone
# says nothing about a practice's code.
test_silent_when_covers_lacks_a_role_of_the_type if {
	count(findings(doc("gp-practice", "A99999"), ["RO197", "RO76"])) == 0
	count(findings(doc("gp-practice", "A99999"), ["RO76", "RO177"])) == 1
	count(findings(doc("independent-sector-provider", "8ZZ99"), ["RO172"])) == 0
	count(findings(doc("independent-sector-provider", "8ZZ99"), ["RO172", "RO157"])) == 1
	count(findings(doc("community-provider", "8ZZ99"), ["RO197", "RO172"])) == 0
	count(findings(doc("commissioner", "QZZ"), ["RO98", "RO261", "RO318", "RO319", "RO209", "RO210"])) == 0
	count(findings(doc("nhs-trust", "RZZ"), [])) == 0
}

test_silent_for_other_missing_code_and_no_reference_data if {
	count(findings(doc("other", "ZZZ99"), all_roles)) == 0
	count(findings(doc("nhs-trust", null), all_roles)) == 0
	count(findings(doc("nhs-trust", " "), all_roles)) == 0
	count(findings({"organisation": {"type": "nhs-trust"}}, all_roles)) == 0
	count(findings(doc("no-such-type", "ZZZ99"), all_roles)) == 0
	none := known_code.deny with input as doc("nhs-trust", "ZZZ99") with data.erslint.config.asOf as "2026-12-01"
	count(none) == 0
}

test_silent_on_wrong_types if {
	count(findings("not a manifest", all_roles)) == 0
	count(findings(doc("nhs-trust", 12345), all_roles)) == 0
	count(findings({"organisation": "RXN"}, all_roles)) == 0
}
