# Helpers of the rules that check a manifest against the reference data of the
# national register (ODS, spec section 8), given as data.erslint.refdata. Without
# reference data every helper is undefined, so those rules are silent. Rules look
# organisations up one code at a time (data.erslint.refdata.organisations[code]):
# the engine hands the register (250,000 organisations) to OPA an organisation at
# a time, and reading it whole would convert every one.
package erslint.lib

# refdata_organisation is the organisation the reference data knows by code,
# undefined when there is none (or no reference data).
refdata_organisation(code) := data.erslint.refdata.organisations[code]

# refdata_given holds when the run has reference data.
refdata_given if data.erslint.refdata.format

# refdata_covers is the set of role codes the reference data is complete for.
refdata_covers := {role | some role in data.erslint.refdata.covers}

# refdata_names says which reference data a message relies on.
# (The report names its source once, in its header.)
refdata_names := sprintf("the reference data extracted %s", [data.erslint.refdata.extracted])

# expected_roles are the ODS roles an organisation of each type holds (any of
# them); an organisation of type "other" has none to check.
expected_roles := {
	"nhs-trust": {"RO197"},
	"gp-practice": {"RO76", "RO177"},
	"independent-sector-provider": {"RO172", "RO157"},
	"commissioner": {"RO98", "RO261", "RO318", "RO319", "RO209", "RO210", "RO218"},
	"community-provider": {"RO197", "RO172", "RO157"},
}

# commissioning_roles: an ICB (RO318), a sub-ICB location (RO319), NHS England
# (RO209 region, RO210 local office) or a commissioning hub (RO218).
commissioning_roles := {"RO318", "RO319", "RO209", "RO210", "RO218"}

# role_names says what each role code of this file is, for messages.
role_names := {
	"RO197": "NHS trust",
	"RO76": "GP practice",
	"RO177": "prescribing cost centre",
	"RO172": "independent sector healthcare provider",
	"RO157": "non-NHS organisation",
	"RO98": "clinical commissioning group",
	"RO261": "strategic partnership",
	"RO318": "integrated care board",
	"RO319": "sub-ICB location",
	"RO209": "NHS England (region)",
	"RO210": "NHS England (region, local office)",
	"RO218": "commissioning hub",
}

# describe_roles lists role codes in order, each with its name when known:
# "RO197 (NHS trust), RO57".
describe_roles(roles) := "none" if {
	count(roles) == 0
} else := concat(", ", [describe_role(r) | some r in sort([r | some r in roles])])

describe_role(role) := sprintf("%s (%s)", [role, role_names[role]]) if {
	role_names[role]
} else := role

# complete_for holds when the reference data covers every role in roles: a
# code it does not hold is then not known to ODS in those roles.
complete_for(roles) if {
	count(roles) > 0
	every role in roles {
		role in refdata_covers
	}
}

# open_on holds when the organisation is open on day d (YYYY-MM-DD): opened is
# null or on or before d, and closed is null or after d (it is closed from its
# closed day on).
open_on(org, d) if {
	not_after(object.get(org, "opened", null), d)
	not closed_on(org, d)
}

not_after(null, _) := true

not_after(date, d) if {
	is_string(date)
	date <= d
}

# closed_on holds when the organisation has closed by day d.
closed_on(org, d) if {
	closed := object.get(org, "closed", null)
	is_string(closed)
	closed <= d
}

# opens_after holds when the organisation opens after day d.
opens_after(org, d) if {
	is_string(org.opened)
	org.opened > d
}

# describe_closure says when an organisation closed, and its successor if any:
# "it closed on 2019-03-31; its successor is RXX (NEW TRUST)".
describe_closure(org) := sprintf("it closed on %s; its successor is %s", [org.closed, describe_code(org.successor)]) if {
	is_string(object.get(org, "successor", null))
} else := sprintf("it closed on %s, with no successor", [org.closed])

# describe_code names a code with its register name when known.
describe_code(code) := sprintf("%s (%s)", [code, clip(refdata_organisation(code).name)]) if {
	refdata_organisation(code)
} else := code

# normal_name is a name as compared with the register's (ERS-REF-005): lower
# case, "&" as " and ", every character but letters, digits and spaces removed,
# runs of spaces made one, a leading "the " dropped, "limited" read as "ltd".
normal_name(name) := concat(" ", [normal_word(w) | some w in split(trimmed, " ")]) if {
	plain := regex.replace(replace(lower(name), "&", " and "), `[^\pL\pN ]`, "")
	spaced := trim_space(regex.replace(plain, ` +`, " "))
	trimmed := trim_prefix_the(spaced)
}

trim_prefix_the(s) := substring(s, 4, -1) if {
	startswith(s, "the ")
} else := s

normal_word("limited") := "ltd"

normal_word(w) := w if w != "limited"
