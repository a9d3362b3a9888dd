# The entrypoint of erslint's OPA bundle (erslint bundle): the findings erslint
# lint --format json reports for one manifest document, without file, line and
# column (a JSON document has none) and without the document index.
#
# POST /v1/data/erslint/decision/findings
# {"input": {"manifest": <one manifest document as JSON>, "asOf": "YYYY-MM-DD"}}
#
# asOf is the assessment date; without it, today (UTC) when OPA evaluates the
# decision.
#
# The decision is never undefined: a client that read a response without
# "result" as "no findings" would let the organisation through. A request that
# is not one erslint can decide (no manifest, an asOf that is not a date in the
# years 1900 to 2199, as erslint lint refuses such a --as-of, a key it does not
# know, an input that is not an object) is answered with ERS-SCHEMA-001 errors
# that say what is wrong with it, and nothing else: they block, and no waiver,
# setting or stage lowers them.
#
# It composes, unchanged, what erslint lint runs: every rule of the bundle
# (data.erslint.rules), evaluated with the manifest as input and the date as
# data.erslint.config.asOf; the schema check (schema.rego); then the decision
# (decision.rego) on all of them. It is served only by the bundle: erslint lint
# never reads the clock (time.now_ns), OPA does here.
package erslint.decision

import data.erslint.config
import data.erslint.decision.schema

# findings, sorted by rule, path and message: the request's problems when it
# has any, else the manifest's findings. The last branch is never reached
# while every undecidable request has a problem; it keeps the decision defined
# should one be missed.
findings := sorted(request_findings) if {
	count(request_problems) > 0
} else := sorted(reported) if {
	as_of
} else := [request_finding("the request could not be decided; post {\"input\": {\"manifest\": <one manifest document>, \"asOf\": \"YYYY-MM-DD\"}}")]

sorted(fs) := [f | some entry in sort([[f.ruleId, f.path, f.message, f] | some f in fs]); f := entry[3]]

# request_keys are the keys a request's input may have.
request_keys := {"manifest", "asOf"}

request_shape := `{"input": {"manifest": <one manifest document>, "asOf": "YYYY-MM-DD"}}`

request_findings contains request_finding(msg) if some msg in request_problems

# request_finding is a problem of the request: an error at the document, which
# the decision (waivers, settings, stage) never sees.
request_finding(msg) := {"ruleId": "ERS-SCHEMA-001", "severity": "error", "message": msg, "path": "", "suppressed": false}

# An input that is not an object, or none at all (a body without "input", or
# with "input": null, which OPA reads as none).
request_problems contains sprintf("the request's input must be an object, %s; got %s", [request_shape, input_got]) if {
	not object_input
}

# object_input holds when the input is an object. (not is_object(input) is
# undefined, not true, when there is no input at all.)
object_input if is_object(input)

input_got := got if {
	got := schema.typed_got(input)
} else := "no input"

request_problems contains msg if {
	is_object(input)
	not "manifest" in object.keys(input)
	msg := concat("", ["the request has no \"manifest\": post ", request_shape, manifest_hint])
}

# manifest_hint says so when the manifest was posted as the whole input.
manifest_hint := "; the input looks like a manifest itself: put it under \"manifest\"" if {
	some key in ["apiVersion", "kind", "metadata", "organisation", "services"]
	key in object.keys(input)
} else := ""

request_problems contains msg if {
	is_object(input)
	some key, _ in input
	not key in request_keys
	msg := concat("", [
		sprintf("unknown key %s in the request", [schema.quote(key)]),
		key_hint(key),
		sprintf("; post %s", [request_shape]),
	])
}

key_hint(key) := sprintf("; did you mean %q?", [best]) if {
	best := schema.closest(key, sort(request_keys))
} else := ""

request_problems contains msg if {
	is_object(input)
	"asOf" in object.keys(input)
	not is_string(input.asOf)
	msg := sprintf("asOf must be a date written as text, \"YYYY-MM-DD\"; got %s", [schema.typed_got(input.asOf)])
}

request_problems contains sprintf("asOf %s is not a date YYYY-MM-DD", [schema.quote(input.asOf)]) if {
	is_string(input.asOf)
	not schema.real_date(input.asOf)
}

request_problems contains msg if {
	is_string(input.asOf)
	schema.real_date(input.asOf)
	not computable(input.asOf)
	msg := sprintf("asOf %s is outside the years 1900 to 2199, the dates the rules can compute with", [input.asOf])
}

# as_of is input.asOf when given and a date in the years 1900 to 2199 (those
# erslint lint accepts for --as-of: the rules compute with dates a year either
# side), today (UTC) when not given.
as_of := input.asOf if {
	is_string(input.asOf)
	schema.real_date(input.asOf)
	computable(input.asOf)
}

as_of := sprintf("%04d-%02d-%02d", time.date(time.now_ns())) if {
	is_object(input)
	not "asOf" in object.keys(input)
}

computable(date) if {
	year := to_number(substring(date, 0, 4))
	year >= 1900
	year <= 2199
}

# document is the manifest when it is a mapping: the rules read any other
# document as one with every section missing, as erslint lint does (spec §3).
# A number no JSON tool can hold as written (schema.unholdable, reported by the
# schema check) is read as its text, as erslint lint reads it in YAML; no rule
# computes with it.
document := json.patch(manifest, [{"op": "replace", "path": path, "value": text} |
	some path, [text, _] in schema.unholdable with input as manifest
]) if {
	is_object(manifest)
} else := {}

# manifest is input.manifest with each list over its schema's maxItems cut to
# its first maxItems items, as erslint lint checks it.
manifest := cut if {
	cut := schema.cut with input as input.manifest
} else := input.manifest

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
	array.concat(
		[f | some f in schema.long_list_findings with input as input.manifest],
		[f | some f in schema.findings with input as manifest],
	),
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
