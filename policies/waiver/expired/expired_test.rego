package erslint.rules.waiver.expired_test

import data.erslint.rules.waiver.expired

waiver(expires) := {
	"rule": "ERS-GOV-003",
	"reason": "Filters on order",
	"approvedBy": "Clinical Safety Officer",
	"expires": expires,
}

deny_for(waivers) := findings if {
	findings := expired.deny with input as {"waivers": waivers}
		with data.erslint.config.asOf as "2026-11-24"
}

test_valid_through_its_expires_day if {
	count(deny_for([waiver("2026-11-24")])) == 0
}

test_silent_before_expiry if {
	count(deny_for([waiver("2026-11-25"), waiver("2027-02-01")])) == 0
}

test_fires_the_day_after_expiry if {
	findings := deny_for([waiver("2026-11-24"), waiver("2026-11-23")])
	count(findings) == 1
	some f in findings
	f.path == ["waivers", 1, "expires"]
	f.msg == "the waiver for ERS-GOV-003 (waivers[1]) expired: it was valid through 2026-11-23, 1 day before the assessment date 2026-11-24, so the findings it waived are reported again"
}

test_counts_days_since_expiry if {
	some f in deny_for([waiver("2026-10-31")])
	f.path == ["waivers", 0, "expires"]
	contains(f.msg, "valid through 2026-10-31, 24 days before the assessment date 2026-11-24")
}

test_waiver_without_rule_is_still_named if {
	some f in deny_for([object.remove(waiver("2026-10-31"), ["rule"])])
	startswith(f.msg, "the waiver waivers[0], which names no rule, expired:")
}

test_waiver_without_expires_does_not_expire if {
	count(deny_for([object.remove(waiver("x"), ["expires"])])) == 0
}

test_silent_without_waivers if {
	count(expired.deny) == 0 with input as {"stage": "live"} with data.erslint.config.asOf as "2026-11-24"
	count(expired.deny) == 0 with input as {"waivers": {"rule": "x"}} with data.erslint.config.asOf as "2026-11-24"
	count(expired.deny) == 0 with input as "oops" with data.erslint.config.asOf as "2026-11-24"
}

test_wrong_types_do_not_error if {
	count(deny_for([waiver("not-a-date"), waiver("2026-02-30"), waiver(20261123), waiver(null), "ERS-GOV-003", null])) == 0
}
