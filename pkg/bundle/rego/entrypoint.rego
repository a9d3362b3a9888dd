# The entrypoint of erslint's OPA bundle (erslint bundle): the findings erslint
# lint --format json reports for one manifest document, without file, line and
# column (a JSON document has none) and without the document index.
#
# POST /v1/data/erslint/decision/findings
# {"input": {"manifest": <one manifest document as JSON>, "asOf": "YYYY-MM-DD"}}
#
# asOf is the assessment date; without it, today (UTC) when OPA evaluates the
# decision. An asOf that is not a date YYYY-MM-DD in the years 1900 to 2199
# leaves the decision undefined (a response without "result"), as erslint lint
# refuses such a --as-of.
#
# It composes, unchanged, what erslint lint runs: every rule of the bundle
# (data.erslint.rules), evaluated with the manifest as input and the date as
# data.erslint.config.asOf; the schema check (schema.rego); then the decision
# (decision.rego) on all of them. It is served only by the bundle: erslint lint
# never reads the clock (time.now_ns), OPA does here.
package erslint.decision

import data.erslint.config

# findings, sorted by rule, path and message.
findings := [f | some entry in sort([[f.ruleId, f.path, f.message, f] | some f in reported]); f := entry[3]] if {
	"manifest" in object.keys(input)
	as_of # an asOf that is not a date decides nothing
}

# as_of is input.asOf when given and a date in the years 1900 to 2199 (those
# erslint lint accepts for --as-of: the rules compute with dates a year either
# side), today (UTC) when not given.
as_of := input.asOf if {
	is_string(input.asOf)
	regex.match(`^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$`, input.asOf)
	time.parse_ns("2006-01-02", input.asOf)
}

as_of := sprintf("%04d-%02d-%02d", time.date(time.now_ns())) if not "asOf" in object.keys(input)

# document is the manifest when it is a mapping: the rules read any other
# document as one with every section missing, as erslint lint does (spec §3).
document := input.manifest if is_object(input.manifest)

else := {}

# stage is the document's stage as the rules see it: a missing or unknown one
# reads as live.
stage := document.stage if document.stage in {"planning", "pre-go-live", "live"}

else := "live"

# rule_findings are the findings of every document rule, each with its rule ID.
rule_findings contains object.union(f, {"rule": id}) if {
	some area, name
	f := data.erslint.rules[area][name].deny[_] with input as document with data.erslint.config.asOf as as_of
	id := config.packages[concat(".", ["rules", area, name])]
}

# checked are the findings of the schema check and the rules, as the decision
# takes them.
checked := array.concat(
	[f | some f in data.erslint.decision.schema.findings with input as input.manifest],
	[f | some f in rule_findings],
)

reported contains report(f) if {
	some f in decide(checked, object.get(document, "waivers", null), stage)
}

# report shapes a decided finding as erslint lint --format json does.
report(f) := object.union(
	{
		"ruleId": f.rule,
		"severity": f.severity,
		"message": f.msg,
		"path": path_text(f.path),
		"suppressed": "waiver" in object.keys(f),
	},
	waiver_field(f),
)

# waiver_field is the waiver that suppresses f: reason always, approvedBy and
# expires when given.
waiver_field(f) := {"waiver": object.filter(f.waiver, shown)} if {
	f.waiver
	shown := array.concat(["reason"], [k | some k in ["approvedBy", "expires"]; f.waiver[k] != ""])
} else := {}

# path_text writes a path as erslint does: services[0].contracts[1].end.
path_text(path) := concat("", [part |
	some i, el in path
	part := path_part(i, el)
])

path_part(_, el) := sprintf("[%d]", [el]) if is_number(el)

path_part(0, el) := el if is_string(el)

path_part(i, el) := concat("", [".", el]) if {
	is_string(el)
	i > 0
}
