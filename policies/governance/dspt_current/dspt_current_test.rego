package erslint.rules.governance.dspt_current_test

import data.erslint.rules.governance.dspt_current

# The assessment date used by most tests: 2026-11-24 (12 months earlier: 2025-11-24).
findings(doc) := result if {
	result := dspt_current.deny with input as doc with data.erslint.config.asOf as "2026-11-24"
}

dspt(published) := {"governance": {"dspt": {"status": "standards-met", "version": "2025-26", "publishedOn": published}}}

path := ["governance", "dspt", "publishedOn"]

test_silent_when_recent if {
	count(findings(dspt("2026-06-20"))) == 0
}

test_silent_when_exactly_12_months_before if {
	count(findings(dspt("2025-11-24"))) == 0
}

test_silent_when_published_on_the_assessment_date if {
	count(findings(dspt("2026-11-24"))) == 0
}

test_fires_one_day_older_than_12_months if {
	fs := findings(dspt("2025-11-23"))
	count(fs) == 1
	some f in fs
	f.path == path
	f.msg == "the DSPT was published on 2025-11-23, 366 days before the assessment date 2026-11-24: a publication is current for 12 months, so it must be dated on or after 2025-11-24"
}

test_fires_when_in_the_future if {
	fs := findings(dspt("2026-11-25"))
	count(fs) == 1
	some f in fs
	f.path == path
	f.msg == "the DSPT publication date 2026-11-25 is 1 day after the assessment date 2026-11-24: a publication date cannot be in the future"
}

test_fires_when_missing if {
	fs := findings({"governance": {"dspt": {"status": "standards-met"}}})
	count(fs) == 1
	some f in fs
	f.path == path
	f.msg == "no DSPT publication date is recorded (governance.dspt.publishedOn): the DSPT must have been published on or after 2025-11-24 to be current on the assessment date 2026-11-24"
}

test_fires_when_section_missing_null_or_blank if {
	{f.path | some f in findings({"apiVersion": "ers-onboarding/v1"})} == {path}
	{f.path | some f in findings({"governance": "yes"})} == {path}
	{f.path | some f in findings(dspt(null))} == {path}
	{f.path | some f in findings(dspt(""))} == {path}
}

test_twelve_calendar_months_not_365_days if {
	# Across a leap day: 2028-03-01 minus 12 months is 2027-03-01 (366 days earlier).
	count(dspt_current.deny) == 0 with input as dspt("2027-03-01") with data.erslint.config.asOf as "2028-03-01"
	count(dspt_current.deny) == 1 with input as dspt("2027-02-28") with data.erslint.config.asOf as "2028-03-01"
}

# A date the rules cannot compute with is reported (the schema reports it too):
# out of OPA's range, it would otherwise pass as current.
test_fires_on_a_date_that_cannot_be_computed if {
	every published in ["2026-02-30", 20260620, "June 2026", "3026-06-20", "1000-01-01", "0226-06-20"] {
		fs := findings(dspt(published))
		count(fs) == 1
		some f in fs
		f.path == path
		contains(f.msg, "is not a date written YYYY-MM-DD in the years 1900 to 2199, so the publication cannot be shown to be current on the assessment date 2026-11-24")
	}
	some f in findings(dspt("3026-06-20"))
	startswith(f.msg, `the DSPT publication date "3026-06-20" is not`)
}

# A year OPA reads but the schema refuses passed as current on an assessment
# date in 1900.
test_fires_on_a_year_the_schema_refuses if {
	some f in dspt_current.deny with input as dspt("1899-06-01") with data.erslint.config.asOf as "1900-01-01"
	f.msg == `the DSPT publication date "1899-06-01" is not a date written YYYY-MM-DD in the years 1900 to 2199, so the publication cannot be shown to be current on the assessment date 1900-01-01`
	some g in dspt_current.deny with input as dspt("2250-01-01") with data.erslint.config.asOf as "2199-12-31"
	contains(g.msg, `"2250-01-01" is not a date written`)
}

test_silent_when_document_is_not_a_mapping if {
	count(findings("not a manifest")) == 0
}

# 12 months before 29 February is 28 February of the year before, not 1 March.
test_leap_day_assessment_counts_back_to_28_february if {
	count(dspt_current.deny) == 0 with input as dspt("2023-02-28") with data.erslint.config.asOf as "2024-02-29"
	fs := dspt_current.deny with input as dspt("2023-02-27") with data.erslint.config.asOf as "2024-02-29"
	count(fs) == 1
}
