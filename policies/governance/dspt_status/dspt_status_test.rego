package erslint.rules.governance.dspt_status_test

import data.erslint.rules.governance.dspt_status

findings(doc) := result if {
	result := dspt_status.deny with input as doc with data.erslint.config.asOf as "2026-11-24"
}

dspt(status) := {"governance": {"dspt": {"status": status, "version": "2025-26", "publishedOn": "2026-06-20"}}}

test_silent_when_met_or_exceeded if {
	count(findings(dspt("standards-met"))) == 0
	count(findings(dspt("standards-exceeded"))) == 0
}

test_fires_for_every_other_status if {
	every status in ["approaching-standards", "standards-not-met", "not-published", "Standards Met"] {
		findings(dspt(status)) == {{
			"msg": sprintf("the DSPT status is %s, expected a published DSPT with status standards-met or standards-exceeded", [status]),
			"path": ["governance", "dspt", "status"],
		}}
	}
}

test_fires_when_missing if {
	some f in findings({"governance": {"dspt": {"publishedOn": "2026-06-20"}}})
	f.path == ["governance", "dspt", "status"]
	startswith(f.msg, "the DSPT status is not recorded (governance.dspt.status), expected")
	{g.path | some g in findings({"apiVersion": "ers-onboarding/v1"})} == {["governance", "dspt", "status"]}
	count(findings(dspt(null))) == 1
}

test_wrong_types_fire_naming_the_value if {
	some f in findings(dspt(true))
	contains(f.msg, "the DSPT status is true,")
	{g.path | some g in findings({"governance": {"dspt": "standards-met"}})} == {["governance", "dspt", "status"]}
}

test_silent_when_document_is_not_a_mapping if {
	count(findings("not a manifest")) == 0
}
