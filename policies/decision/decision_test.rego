package erslint.decision_test

import data.erslint.decision

rules := {
	"ERS-CON-002": {"severity": "error", "stage": "pre-go-live"},
	"ERS-CON-003": {"severity": "warning", "stage": "planning"},
	"ERS-GOV-001": {"severity": "error", "stage": "planning"},
	"ERS-GOV-003": {"severity": "error", "stage": "live"},
	"ERS-SCHEMA-001": {"severity": "error", "stage": "planning"},
	"ERS-WAIVER-001": {"severity": "error", "stage": "planning"},
	"ERS-WAIVER-002": {"severity": "error", "stage": "planning"},
	"ERS-WAIVER-003": {"severity": "warning", "stage": "planning"},
}

at(rule, path) := {"rule": rule, "path": path, "msg": sprintf("%s at %v", [rule, path])}

waiver(rule, path) := {"rule": rule, "path": path, "reason": "r", "approvedBy": "a", "expires": "2027-01-01"}

# The tests give the rules and settings they need: a bundle's data has others.
decide(findings, waivers, stage) := decided if {
	decided := decision.decide(findings, waivers, stage)
		with data.erslint.config.rules as rules
		with data.erslint.config.settings as {}
}

decide_with(findings, waivers, stage, settings) := decided if {
	decided := decision.decide(findings, waivers, stage)
		with data.erslint.config.rules as rules
		with data.erslint.config.settings as settings
}

suppressed(decided) := [s | some f in decided; s := object.get(f, "waiver", null) != null]

stale(decided) := [f.msg | some f in decided; f.rule == "ERS-WAIVER-003"]

test_nothing_to_decide if {
	decide([], [], "live") == []
	decide([], "not a list", "live") == []
}

test_path_covers_the_finding_and_anything_below_it if {
	decided := decide(
		[at("ERS-CON-002", ["services", 1, "contracts", 0, "end"]), at("ERS-CON-002", ["services", 0, "contracts", 0, "end"])],
		[waiver("ERS-CON-002", "services[1]")], "live",
	)
	suppressed(decided) == [true, false]
	decided[0].waiver == {"index": 0, "reason": "r", "approvedBy": "a", "expires": "2027-01-01"}
	stale(decided) == []
}

test_no_path_covers_every_finding_of_the_rule if {
	decided := decide(
		[at("ERS-GOV-003", ["governance", "screenFilters"]), at("ERS-GOV-001", ["governance"])],
		[waiver("ERS-GOV-003", "")], "live",
	)
	suppressed(decided) == [true, false]
}

test_blank_path_is_the_whole_document if {
	decided := decide([at("ERS-GOV-003", ["governance"])], [waiver("ERS-GOV-003", "  ")], "live")
	suppressed(decided) == [true]
}

test_schema_and_waiver_findings_cannot_be_waived if {
	decided := decide([at("ERS-SCHEMA-001", ["stage"])], [waiver("ERS-SCHEMA-001", "")], "live")
	suppressed(decided) == [false, false]
	stale(decided) == ["waiver for ERS-SCHEMA-001 matches no finding anywhere in this manifest; remove it, or correct its rule or path"]
}

test_an_expired_waiver_does_not_suppress_and_is_not_stale if {
	decided := decide(
		[at("ERS-GOV-003", ["governance", "screenFilters"]), at("ERS-WAIVER-002", ["waivers", 0, "expires"])],
		[waiver("ERS-GOV-003", "")], "live",
	)
	suppressed(decided) == [false, false]
}

test_an_invalid_waiver_does_not_suppress_and_is_not_stale if {
	decided := decide(
		[at("ERS-GOV-003", ["governance"]), at("ERS-WAIVER-001", ["waivers", 0, "reason"])],
		[waiver("ERS-GOV-003", "")], "live",
	)
	suppressed(decided) == [false, false]
}

test_a_waiver_that_matches_nothing_is_stale if {
	decided := decide(
		[at("ERS-GOV-003", ["governance", "screenFilters"]), at("ERS-CON-003", ["services", 1, "contracts", 0])],
		[waiver("ERS-GOV-003", "governance"), waiver("ERS-CON-003", "services[0]")], "live",
	)
	suppressed(decided) == [true, false, false]
	stale(decided) == ["waiver for ERS-CON-003 matches no finding at or below services[0]; remove it, or correct its rule or path"]
	decided[2].path == ["waivers", 1]
	decided[2].severity == "warning"
}

test_a_waiver_whose_path_cannot_be_read_says_so if {
	decided := decide([at("ERS-CON-003", ["services", 0, "contracts", 0])], [waiver("ERS-CON-003", "services[first]")], "live")
	stale(decided) == [`waiver for ERS-CON-003 matches no finding: its path "services[first]" is not a path such as services[0].contracts[1].end (keys joined by dots, list positions in brackets); correct the path, or remove it to waive the rule anywhere in this manifest`]
}

test_parse_path if {
	decision.parse_path("") == []
	decision.parse_path("governance") == ["governance"]
	decision.parse_path("services[1]") == ["services", 1]
	decision.parse_path("services[1].contracts[0].end") == ["services", 1, "contracts", 0, "end"]
	decision.parse_path("a[0][2]") == ["a", 0, 2]
	every bad in ["services[x]", "a..b", "[0]"] {
		decision.parse_path(bad) == [{"malformed": bad}]
	}
}

test_the_first_matching_waiver_is_recorded_and_every_match_is_used if {
	decided := decide([at("ERS-GOV-003", ["governance", "x"])], [waiver("ERS-GOV-003", "governance.x"), waiver("ERS-GOV-003", "")], "live")
	decided[0].waiver.index == 0
	stale(decided) == []
}

test_stage_demotes_rules_enforced_later if {
	decided := decide([at("ERS-CON-002", ["services"]), at("ERS-GOV-003", ["governance"]), at("ERS-GOV-001", ["governance"])], [], "planning")
	[f.severity | some f in decided] == ["warning", "warning", "error"]
	live := decide([at("ERS-CON-002", ["services"]), at("ERS-GOV-003", ["governance"])], [], "pre-go-live")
	[f.severity | some f in live] == ["error", "warning"]
}

test_settings_override_severity_then_stage_demotes if {
	decided := decide_with([at("ERS-GOV-003", ["governance"]), at("ERS-GOV-001", ["governance"])], [], "planning", {
		"ERS-GOV-003": {"severity": "warning"},
		"ERS-GOV-001": {"severity": "info"},
	})
	[f.severity | some f in decided] == ["info", "info"]
}

test_disabled_rules_and_unknown_rules_are_dropped if {
	decided := decide_with([at("ERS-GOV-003", ["governance"]), at("ERS-GOV-001", ["governance"]), at("ERS-NOPE-001", [])], [], "live", {"ERS-GOV-003": {"disabled": true}})
	[f.rule | some f in decided] == ["ERS-GOV-001"]
}

test_a_disabled_rule_can_still_use_a_waiver if {
	# waivers apply before the configuration: the waiver of a disabled rule's
	# finding is not stale
	decided := decide_with([at("ERS-GOV-003", ["governance"])], [waiver("ERS-GOV-003", "")], "live", {"ERS-GOV-003": {"disabled": true}})
	decided == []
}

test_other_fields_are_kept if {
	decided := decide([object.union(at("ERS-GOV-001", ["governance"]), {"ref": 7})], [], "live")
	decided == [{"rule": "ERS-GOV-001", "path": ["governance"], "msg": "ERS-GOV-001 at [\"governance\"]", "ref": 7, "severity": "error"}]
}

test_stage_demotion if {
	every case in [
		# [severity, the rule's stage, the document's stage, the severity decided]
		["error", "pre-go-live", "pre-go-live", "error"], # at its stage
		["error", "pre-go-live", "live", "error"], # after its stage
		["error", "pre-go-live", "planning", "warning"], # one stage early: one level lower
		["error", "live", "planning", "warning"], # two stages early: still one level only
		["warning", "live", "pre-go-live", "info"],
		["info", "live", "planning", "info"], # info stays info
		["error", "planning", "planning", "error"], # a planning rule is never demoted
	] {
		decision.at_stage(case[0], case[1], case[2]) == case[3]
	}
}

test_a_stale_message_clips_what_it_quotes if {
	long := concat("", [x | some _ in numbers.range(1, 70); x := "a"])
	decided := decide([], [waiver(long, long)], "live")
	stale(decided) == [sprintf("waiver for %s… matches no finding at or below %s…; remove it, or correct its rule or path", [substring(long, 0, 60), substring(long, 0, 60)])]
}

# A waiver of an ERS-REF rule is stale only when the run had reference data:
# without it, those rules did not run.
test_a_ref_waiver_is_stale_only_with_reference_data if {
	without := decision.decide([], [waiver("ERS-REF-005", "organisation.name")], "live")
		with data.erslint.config.rules as object.union(rules, {"ERS-REF-005": {"severity": "info", "stage": "planning"}})
		with data.erslint.config.settings as {}
	count(without) == 0
	with_data := decision.decide([], [waiver("ERS-REF-005", "organisation.name")], "live")
		with data.erslint.config.rules as object.union(rules, {"ERS-REF-005": {"severity": "info", "stage": "planning"}})
		with data.erslint.config.settings as {}
		with data.erslint.refdata as {"format": "erslint-refdata/v1"}
	count(with_data) == 1
	with_data[0].rule == "ERS-WAIVER-003"
}
