# METADATA
# description: |
#   The decision: what becomes of the findings the rules, the schema check and the
#   cross-manifest rules report for one manifest document. Waivers suppress the
#   findings they cover (ERS-WAIVER-003 for a waiver that covers none), the
#   configuration disables rules and overrides severities, and a rule enforced from
#   a later stage is one level lower for a document at an earlier stage (spec §2).
#
#   There is one implementation of it, this one: erslint lint calls decide once per
#   document, after every check has run, and the OPA bundle (erslint bundle) serves
#   it as data.erslint.decision.findings, composed with the rules in entrypoint.rego.
#
#   It reads, from data the engine or the bundle provides:
#     data.erslint.config.rules[id]     the rule's metadata: {"severity", "stage"}
#     data.erslint.config.settings[id]  the configuration: {"disabled", "severity"}
package erslint.decision

import data.erslint.config
import data.erslint.lib

# stage_order ranks the stages of onboarding.
stage_order := {"planning": 1, "pre-go-live": 2, "live": 3}

# demoted is a severity one level lower (info stays info).
demoted := {"error": "warning", "warning": "info", "info": "info"}

# The rules whose findings a waiver reports on: a waiver with one of their
# findings about it (a path waivers[i]...) is invalid and is not applied.
waiver_checks := {"ERS-WAIVER-001", "ERS-WAIVER-002"}

# decide takes one document's findings, each an object with at least rule (the
# rule ID) and path (an array of keys and indexes), its waivers (the manifest's
# waivers, as written) and its stage (planning, pre-go-live or live), and returns
# the decided findings: each finding of a rule that exists and is not disabled,
# with severity set and, when a waiver covers it, waiver set to
# {"index", "reason", "approvedBy", "expires"}; then an ERS-WAIVER-003 finding,
# with rule, path and msg, for each valid waiver that covers nothing. Every
# other field of a finding (msg, or the engine's own keys) is kept as it is.
decide(findings, waivers, stage) := decided if {
	valid := valid_waivers(waivers, invalid_waivers(findings))
	covered := cover_all(findings, valid)
	stale := [stale_finding(w) |
		some w in valid
		not used(w, covered)
		not unchecked(w)
	]
	decided := [object.union(f, {"severity": severity}) |
		some f in array.concat(covered, stale)
		severity := severity_at[stage][f.rule]
	]
}

# invalid_waivers holds the index of each waiver that ERS-WAIVER-001 or -002
# reports on.
invalid_waivers(findings) := {i |
	some f in findings
	f.rule in waiver_checks
	f.path[0] == "waivers"
	i := f.path[1]
	is_number(i)
}

# valid_waivers reads each waiver not reported invalid: its fields that are text,
# the others as "", and its path as an array (see parse_path).
valid_waivers(waivers, invalid) := [w |
	some i, item in list(waivers)
	not i in invalid
	w := {
		"index": i,
		"rule": text(item, "rule"),
		"path_text": text(item, "path"),
		"path": parse_path(text(item, "path")),
		"reason": text(item, "reason"),
		"approvedBy": text(item, "approvedBy"),
		"expires": text(item, "expires"),
	}
]

list(value) := value if is_array(value)

else := []

text(item, key) := item[key] if is_string(item[key])

else := ""

# cover_all adds to each finding the first valid waiver that matches it, if any.
cover_all(findings, []) := findings

cover_all(findings, valid) := [cover(f, valid) | some f in findings] if count(valid) > 0

cover(f, valid) := object.union(f, {"waiver": waiver_of(matching[0])}) if {
	matching := [w | some w in valid; matches(w, f)]
	count(matching) > 0
} else := f

waiver_of(w) := {"index": w.index, "reason": w.reason, "approvedBy": w.approvedBy, "expires": w.expires}

# matches holds when waiver w covers finding f: the same rule, one that may be
# waived, and f's path at or below the waiver's path (no path: anywhere).
matches(w, f) if {
	w.rule == f.rule
	waivable(f.rule)
	array.slice(f.path, 0, count(w.path)) == w.path
	count(w.path) <= count(f.path)
}

# waivable: schema errors and waiver findings must be fixed, not waived.
waivable(rule) if {
	not startswith(rule, "ERS-SCHEMA-")
	not startswith(rule, "ERS-WAIVER-")
}

# used holds when waiver w matches a finding. Every matching waiver is used, not
# only the first, which is the one recorded on the finding.
# unchecked holds for a waiver of an ERS-REF rule in a run without reference
# data: those rules did not run, so the waiver is not known to cover nothing.
unchecked(w) if {
	startswith(w.rule, "ERS-REF-")
	not data.erslint.refdata.format
}

used(w, covered) if {
	some f in covered
	matches(w, f)
}

# parse_path reads services[1].contracts[0].end as ["services", 1, "contracts",
# 0, "end"]; a blank path as [] (the whole document). A path that cannot be read
# is one element no finding's path has, so the waiver matches nothing and is
# reported stale, with a message saying why.
parse_path(s) := [] if {
	trim_space(s) == ""
} else := path if {
	parts := split(trim_space(s), ".")
	every part in parts {
		regex.match(`^[^.\[\]]+(\[[0-9]+\])*$`, part)
	}
	path := [el | some part in parts; some el in path_elements(part)]
} else := [{"malformed": s}]

# path_elements reads one part of a path, contracts[0] as ["contracts", 0].
path_elements(part) := array.concat(
	[regex.find_n(`^[^.\[\]]+`, part, 1)[0]],
	[to_number(trim(index, "[]")) | some index in regex.find_n(`\[[0-9]+\]`, part, -1)],
)

malformed(w) if w.path[0].malformed

# stale_finding is ERS-WAIVER-003 for a valid waiver that covers nothing.
stale_finding(w) := {"rule": "ERS-WAIVER-003", "path": ["waivers", w.index], "msg": stale_message(w)}

# stale_message quotes the waiver's rule and path clipped (lib.clip,
# lib.quote), as every message quotes a value from the manifest.
stale_message(w) := sprintf(
	"waiver for %s matches no finding: its path %s is not a path such as services[0].contracts[1].end (keys joined by dots, list positions in brackets); correct the path, or remove it to waive the rule anywhere in this manifest",
	[lib.clip(w.rule), lib.quote(w.path_text)],
) if {
	malformed(w)
} else := sprintf(
	"waiver for %s matches no finding at or below %s; remove it, or correct its rule or path",
	[lib.clip(w.rule), lib.clip(w.path_text)],
) if {
	w.path_text != ""
} else := sprintf("waiver for %s matches no finding anywhere in this manifest; remove it, or correct its rule or path", [lib.clip(w.rule)])

# severity_at[stage][id] is the severity of rule id's findings in a document at
# stage: the rule's severity, or the configuration's for it, one level lower when
# the stage is before the one the rule is enforced from. It is undefined for a
# rule that does not exist or is disabled: its findings are dropped. It reads
# only data, so erslint lint works it out once for a run.
severity_at := {stage: {id: severity |
	some id, rule in config.rules
	not disabled(id)
	severity := at_stage(configured(id, rule), rule.stage, stage)
} |
	some stage, _ in stage_order
}

disabled(id) if config.settings[id].disabled == true

configured(id, rule) := severity if {
	severity := config.settings[id].severity
} else := rule.severity

at_stage(severity, from, stage) := demoted[severity] if {
	stage_order[stage] < stage_order[from]
} else := severity
