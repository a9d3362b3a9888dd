# METADATA
# title: Each waiver names a rule that exists, gives a reason and an approver
# description: |
#   A waiver accepts a known gap for a time, so it must say which rule it covers, why the
#   exception is accepted and who approved it; otherwise nobody can review it. Schema
#   errors (ERS-SCHEMA-*) and waiver findings (ERS-WAIVER-*) cannot be waived. An expiry,
#   when given, must be a date the rules can check (YYYY-MM-DD, in the years 1900 to
#   2199), or the waiver would never expire; its text must be within the schema's
#   limits, as it is shown with every finding it covers. A waiver with any finding
#   from this rule is invalid and is not applied, so the findings it meant to cover
#   are still reported.
# custom:
#   id: ERS-WAIVER-001
#   severity: error
#   stage: planning
#   seed: "Key considerations before going live with e-RS"
#   remedy: |
#     Give the waiver the exact ID of an existing rule (see `erslint rules`), a reason
#     saying why the exception is accepted, and approvedBy naming the person or role who
#     accepted it, and write expires, when given, as a date YYYY-MM-DD; fix schema
#     errors instead of waiving them.
#   example: |
#     waivers:
#       - rule: ERS-GOV-003
#         path: governance
#         reason: Filters on order, delivery 2027-01
#         approvedBy: Clinical Safety Officer
#         expires: "2027-02-01"
package erslint.rules.waiver.valid

import data.erslint.lib

# rule IDs known to the engine; when the engine gives none, unknown IDs cannot be told
# apart, so that check stays silent.
rule_ids := data.erslint.config.ruleIds if is_array(data.erslint.config.ruleIds)

# prefixes of rules that can never be waived.
unwaivable := ["ERS-SCHEMA-", "ERS-WAIVER-"]

# Each rule starts with input.waivers, a bare reference: OPA's rule index then
# skips the rule, without evaluating its body, for a document without waivers.
deny contains lib.finding(msg, ["waivers", i]) if {
	input.waivers
	some i, waiver in lib.waivers
	not is_object(waiver)
	msg := sprintf(
		"waivers[%d] is not a waiver: each waiver is a mapping with rule, reason and approvedBy (found %s)",
		[i, lib.json_value(waiver)],
	)
}

deny contains lib.finding(msg, ["waivers", i, "rule"]) if {
	input.waivers
	some i, waiver in lib.waivers
	is_object(waiver)
	not filled(waiver, "rule")
	msg := sprintf(
		"waivers[%d] names no rule%s: give the ID of the rule it waives, for example ERS-GOV-003",
		[i, found(waiver, "rule")],
	)
}

deny contains lib.finding(msg, ["waivers", i, "rule"]) if {
	input.waivers
	some i, waiver in lib.waivers
	rule := filled(waiver, "rule")
	not unwaivable_rule(rule)
	known := rule_ids
	not rule in known
	msg := sprintf(
		"waivers[%d] names the unknown rule %s%s: use the ID of an existing rule (see erslint rules)",
		[i, lib.quote(rule), suggestion(rule)],
	)
}

deny contains lib.finding(msg, ["waivers", i, "rule"]) if {
	input.waivers
	some i, waiver in lib.waivers
	rule := filled(waiver, "rule")
	unwaivable_rule(rule)
	msg := sprintf(
		"waivers[%d] waives %s, which cannot be waived: schema errors and waiver findings must be fixed, not waived",
		[i, lib.clip(rule)],
	)
}

deny contains lib.finding(msg, ["waivers", i, field]) if {
	input.waivers
	some i, waiver in lib.waivers
	is_object(waiver)
	some field, hint in {
		"reason": "say why the exception is accepted",
		"approvedBy": "name the person or role who approved the exception",
	}
	not filled(waiver, field)
	msg := sprintf("%s gives no %s%s: %s", [describe(i, waiver), field, found(waiver, field), hint])
}

# An expiry that is given but that the rules cannot compute with (a malformed
# text, a number, a year outside 1900 to 2199, such as "0226-06-30" for 2026)
# would make the waiver never expire: the waiver is invalid, so not applied.
deny contains lib.finding(msg, ["waivers", i, "expires"]) if {
	input.waivers
	some i, waiver in lib.waivers
	is_object(waiver)
	lib.uncomputable_date(object.get(waiver, "expires", null))
	msg := sprintf(
		"%s expires on %s, which is not %s: the waiver is not applied until its expiry is a date it can be checked against",
		[describe(i, waiver), lib.quote_value(waiver.expires), lib.date_range],
	)
}

# A waiver's text is shown with every finding it covers: text longer than the
# schema allows would be copied into each of them, so the waiver is invalid.
max_length := {"rule": 200, "path": 200, "reason": 1000, "approvedBy": 200}

deny contains lib.finding(msg, ["waivers", i, field]) if {
	input.waivers
	some i, waiver in lib.waivers
	is_object(waiver)
	some field, limit in max_length
	value := waiver[field]
	is_string(value)
	count(value) > limit
	msg := sprintf(
		"%s has a %s of %d characters, over the limit of %d: the waiver is not applied until it is shortened",
		[describe(i, waiver), field, count(value), limit],
	)
}

# filled is the field's text when it is a non-blank string.
filled(waiver, field) := waiver[field] if lib.filled(waiver[field])

unwaivable_rule(rule) if {
	some prefix in unwaivable
	startswith(upper(trim_space(rule)), prefix)
}

# suggestion offers the known ID a mistyped one (case, spaces) stands for.
suggestion(rule) := sprintf(" (did you mean %s?)", [wanted]) if {
	wanted := upper(trim_space(rule))
	wanted in rule_ids
} else := ""

found(waiver, field) := sprintf(" (found %s)", [lib.json_value(waiver[field])]) if {
	waiver[field] != null
} else := ""

describe(i, waiver) := sprintf("the waiver for %s (waivers[%d])", [lib.clip(rule), i]) if {
	rule := filled(waiver, "rule")
} else := sprintf("waivers[%d]", [i])
