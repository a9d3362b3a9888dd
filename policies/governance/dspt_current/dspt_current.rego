# METADATA
# title: The DSPT publication is current (published within 12 months of the assessment date)
# description: |
#   The DSPT is reassessed and republished every year (the annual deadline is 30 June),
#   so a publication older than 12 months no longer shows the organisation's current
#   data security position. The publication date passes when it falls between the
#   assessment date minus 12 calendar months and the assessment date, both included; a
#   date in the future cannot be right, and a missing date cannot be checked.
# custom:
#   id: ERS-GOV-002
#   severity: error
#   stage: pre-go-live
#   seed: "4. Complete all governance checks"
#   remedy: |
#     Complete and publish this year's DSPT assessment, then record its publication
#     date in governance.dspt.publishedOn (and the assessment year in version).
#   example: |
#     governance:
#       dspt:
#         status: standards-met
#         version: "2025-26"
#         publishedOn: "2026-06-20"
package erslint.rules.governance.dspt_current

import data.erslint.lib

path := ["governance", "dspt", "publishedOn"]

published := lib.get(path, null)

# earliest is the first publication date that is still current.
earliest := lib.add_months(lib.as_of, -12)

# A publication date that is given but that the rules cannot compute with (a
# malformed text, a number, a year outside 1900 to 2199) cannot show the DSPT to
# be current: it is reported here as well as by the schema check.
deny contains lib.finding(msg, path) if {
	lib.uncomputable_date(published)
	msg := sprintf(
		"the DSPT publication date %s is not %s, so the publication cannot be shown to be current on the assessment date %s",
		[lib.quote_value(published), lib.date_range, lib.as_of],
	)
}

# Only a missing or blank date counts as missing; a document that is not a
# mapping is the schema check's to report.
deny contains lib.finding(msg, path) if {
	is_object(input)
	lib.blank(published)
	msg := sprintf(
		"no DSPT publication date is recorded (governance.dspt.publishedOn): the DSPT must have been published on or after %s to be current on the assessment date %s",
		[earliest, lib.as_of],
	)
}

# A publication before the earliest current date (YYYY-MM-DD dates sort as
# their text does) is out of date.
deny contains lib.finding(msg, path) if {
	published < earliest
	lib.days_between(published, earliest) > 0
	msg := sprintf(
		"the DSPT was published on %s, %s before the assessment date %s: a publication is current for 12 months, so it must be dated on or after %s",
		[published, lib.plural(lib.days_between(published, lib.as_of), "day"), lib.as_of, earliest],
	)
}

# A publication date after the assessment date is a mistake.
deny contains lib.finding(msg, path) if {
	published > lib.as_of
	days := lib.days_between(lib.as_of, published)
	days > 0
	msg := sprintf(
		"the DSPT publication date %s is %s after the assessment date %s: a publication date cannot be in the future",
		[published, lib.plural(days, "day"), lib.as_of],
	)
}
