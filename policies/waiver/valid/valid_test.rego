package erslint.rules.waiver.valid_test

import data.erslint.rules.waiver.valid

ids := ["ERS-CON-001", "ERS-GOV-003", "ERS-SCHEMA-001", "ERS-WAIVER-001", "ERS-WAIVER-002", "ERS-WAIVER-003"]

good := {
	"rule": "ERS-GOV-003",
	"path": "governance",
	"reason": "Filters on order, delivery 2027-01",
	"approvedBy": "Clinical Safety Officer",
	"expires": "2027-02-01",
}

deny_for(waivers) := findings if {
	findings := valid.deny with input as {"waivers": waivers}
		with data.erslint.config.ruleIds as ids
}

paths(findings) := {f.path | some f in findings}

test_silent_for_a_complete_waiver if {
	count(deny_for([good, object.remove(good, ["path", "expires"])])) == 0
}

test_silent_without_waivers if {
	count(valid.deny) == 0 with input as {"stage": "planning"} with data.erslint.config.ruleIds as ids
	count(valid.deny) == 0 with input as {"waivers": []} with data.erslint.config.ruleIds as ids
	count(valid.deny) == 0 with input as {"waivers": "none"} with data.erslint.config.ruleIds as ids
	count(valid.deny) == 0 with input as "oops" with data.erslint.config.ruleIds as ids
}

test_missing_rule if {
	findings := deny_for([good, object.remove(good, ["rule"])])
	paths(findings) == {["waivers", 1, "rule"]}
	some f in findings
	contains(f.msg, "waivers[1] names no rule: give the ID")
}

test_blank_or_wrong_type_rule if {
	findings := deny_for([object.union(good, {"rule": "  "}), object.union(good, {"rule": 42})])
	paths(findings) == {["waivers", 0, "rule"], ["waivers", 1, "rule"]}
	some f in findings
	f.path == ["waivers", 1, "rule"]
	contains(f.msg, "names no rule (found 42)")
}

test_unknown_rule if {
	findings := deny_for([object.union(good, {"rule": "ERS-GOV-099"})])
	paths(findings) == {["waivers", 0, "rule"]}
	some f in findings
	contains(f.msg, `waivers[0] names the unknown rule "ERS-GOV-099": use the ID of an existing rule`)
}

test_unknown_rule_suggests_the_known_spelling if {
	some f in deny_for([object.union(good, {"rule": "ers-gov-003"})])
	f.path == ["waivers", 0, "rule"]
	contains(f.msg, `unknown rule "ers-gov-003" (did you mean ERS-GOV-003?)`)
}

test_schema_and_waiver_rules_cannot_be_waived if {
	findings := deny_for([
		object.union(good, {"rule": "ERS-SCHEMA-001"}),
		object.union(good, {"rule": "ERS-WAIVER-002"}),
		object.union(good, {"rule": "ERS-WAIVER-999"}),
		object.union(good, {"rule": "ers-schema-001"}),
	])
	paths(findings) == {["waivers", 0, "rule"], ["waivers", 1, "rule"], ["waivers", 2, "rule"], ["waivers", 3, "rule"]}
	count(findings) == 4
	every f in findings {
		contains(f.msg, "which cannot be waived")
	}
}

test_missing_reason_and_approver if {
	findings := deny_for([object.remove(good, ["reason", "approvedBy"])])
	paths(findings) == {["waivers", 0, "reason"], ["waivers", 0, "approvedBy"]}
	some f in findings
	f.path == ["waivers", 0, "approvedBy"]
	contains(f.msg, "the waiver for ERS-GOV-003 (waivers[0]) gives no approvedBy: name the person or role")
}

test_blank_reason_and_wrong_type_approver if {
	findings := deny_for([object.union(good, {"reason": "", "approvedBy": true})])
	paths(findings) == {["waivers", 0, "reason"], ["waivers", 0, "approvedBy"]}
	some r in findings
	r.path == ["waivers", 0, "reason"]
	contains(r.msg, `gives no reason (found ""): say why`)
	some a in findings
	a.path == ["waivers", 0, "approvedBy"]
	contains(a.msg, "gives no approvedBy (found true)")
}

test_empty_waiver_reports_each_field if {
	findings := deny_for([{}])
	paths(findings) == {["waivers", 0, "rule"], ["waivers", 0, "reason"], ["waivers", 0, "approvedBy"]}
	some f in findings
	f.path == ["waivers", 0, "reason"]
	startswith(f.msg, "waivers[0] gives no reason: ")
}

test_non_mapping_waiver if {
	findings := deny_for([good, "ERS-GOV-003", null])
	paths(findings) == {["waivers", 1], ["waivers", 2]}
	some f in findings
	f.path == ["waivers", 1]
	contains(f.msg, `waivers[1] is not a waiver`)
	contains(f.msg, `(found "ERS-GOV-003")`)
}

test_every_path_starts_at_its_waiver if {
	findings := deny_for([good, {}, "x", object.union(good, {"rule": "ERS-NOPE-001"}), object.union(good, {"rule": "ERS-SCHEMA-001"})])
	every f in findings {
		f.path[0] == "waivers"
		is_number(f.path[1])
	}
}

# data.erslint.config is set to nothing explicitly: a bundle's data gives rule IDs.
test_unknown_rule_check_silent_without_rule_ids if {
	count(valid.deny) == 0 with input as {"waivers": [object.union(good, {"rule": "ERS-GOV-099"})]}
		with data.erslint.config as {}
	count(valid.deny) == 0 with input as {"waivers": [object.union(good, {"rule": "ERS-GOV-099"})]}
		with data.erslint.config.ruleIds as "ERS-GOV-099"
}

test_expiry_that_cannot_be_computed_invalidates_the_waiver if {
	w := {"rule": "ERS-GOV-003", "reason": "r", "approvedBy": "a"}
	every expires in ["0226-06-30", "3026-01-01", "2026-02-30", "soon", 20270201, "2200-01-01", "2262-04-10", "1899-12-31", "1678-01-01"] {
		some f in deny_for([object.union(w, {"expires": expires})])
		f.path == ["waivers", 0, "expires"]
		contains(f.msg, "which is not a date written YYYY-MM-DD in the years 1900 to 2199")
	}
	some f in deny_for([object.union(w, {"expires": "0226-06-30"})])
	f.msg == `the waiver for ERS-GOV-003 (waivers[0]) expires on "0226-06-30", which is not a date written YYYY-MM-DD in the years 1900 to 2199: the waiver is not applied until its expiry is a date it can be checked against`
}

test_missing_null_or_valid_expiry_is_fine if {
	w := {"rule": "ERS-GOV-003", "reason": "r", "approvedBy": "a"}
	count(deny_for([w])) == 0
	count(deny_for([object.union(w, {"expires": null})])) == 0
	count(deny_for([object.union(w, {"expires": "1900-01-01"})])) == 0
	count(deny_for([object.union(w, {"expires": "2199-12-31"})])) == 0
}

# Text longer than the schema allows would be copied into every finding the
# waiver covers: the waiver is invalid, and the message does not quote it.
test_overlong_text_invalidates_the_waiver if {
	long := concat("", [x | some _ in numbers.range(1, 1001); x := "r"])
	fs := deny_for([object.union(good, {"reason": long, "approvedBy": substring(long, 0, 201)})])
	paths(fs) == {["waivers", 0, "reason"], ["waivers", 0, "approvedBy"]}
	some f in fs
	f.path == ["waivers", 0, "reason"]
	f.msg == "the waiver for ERS-GOV-003 (waivers[0]) has a reason of 1001 characters, over the limit of 1000: the waiver is not applied until it is shortened"
	count(deny_for([object.union(good, {"reason": substring(long, 0, 1000), "approvedBy": substring(long, 0, 200)})])) == 0
}

test_messages_quote_values_clipped if {
	long := concat("", [x | some _ in numbers.range(1, 5000); x := "X"])
	some f in deny_for([object.union(good, {"rule": long})])
	f.path == ["waivers", 0, "rule"]
	startswith(f.msg, sprintf("waivers[0] names the unknown rule %q (5000 characters)", [concat("", [substring(long, 0, 60), "…"])]))
	every g in deny_for([long, object.union(good, {"rule": long}), {"rule": "ERS-GOV-003", "reason": [long]}]) {
		count(g.msg) < 400
	}
}
