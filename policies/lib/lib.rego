# METADATA
# description: |
#   Helpers shared by every erslint rule. A rule package builds each finding with
#   lib.finding so the shape the Go engine reads is defined once, here.
package erslint.lib

# finding is the one shape of a rule's result: a message a person can act on, and
# the path (array of keys and indexes) of the YAML node it is about. The engine maps
# the path to file:line:col; a path to a missing key is reported at its nearest parent.
finding(msg, path) := {"msg": msg, "path": path}

# as_of is the assessment date (YYYY-MM-DD) given by the engine (--as-of).
as_of := data.erslint.config.asOf

# doc is the document when it is a mapping, else an empty mapping, so that
# object.get(lib.doc, path, default) reads any document without failing.
doc := input if is_object(input)

else := {}

# get reads a value by path and reads a missing one as the default: the spec says
# a missing section or field reads as empty. On a document that is not a mapping it
# gives the default too, rather than failing.
get(path, default_value) := object.get(doc, path, default_value)

# get_in is get on any value: object.get fails on one that is not a mapping.
get_in(value, path, default_value) := object.get(value, path, default_value) if {
	is_object(value)
} else := default_value

# list reads a list by path: empty when absent or not a list (services, devices, waivers).
list(path) := value if {
	value := object.get(doc, path, [])
	is_array(value)
} else := []

services := list(["services"])

devices := list(["devices"])

waivers := list(["waivers"])

# day_ns is one day in nanoseconds, for day arithmetic on dates.
day_ns := ((24 * 60) * 60) * 1000000000

# date_ns parses a YYYY-MM-DD string; undefined when it is not a date the rules
# can compute with: malformed, or outside the years OPA's clock covers (it counts
# nanoseconds from 1970 in 64 bits: 1677-09-21 to 2262-04-11).
date_ns(d) := time.parse_ns("2006-01-02", d) if is_string(d)

# uncomputable_date holds for a date that is given (not missing, null or blank)
# but that date_ns cannot read. Every comparison of such a date is undefined,
# so a rule that compares dates must report it, never pass it over: "0226-06-30"
# (a typo for 2026) would otherwise make a waiver never expire and a contract
# never end. The schema allows the years 1900 to 2199, within OPA's range.
uncomputable_date(value) if {
	not blank(value)
	not date_ns(value)
}

# A date OPA can read but the schema refuses (the years 1678 to 1899 and 2200
# to 2262) is not computed with either: a waiver that expires "2200-01-01"
# would otherwise be applied while the schema says its expiry is wrong. A
# YYYY-MM-DD text sorts as its date, and any other text is caught above.
uncomputable_date(value) if {
	is_string(value)
	value < first_date
	not blank(value)
}

uncomputable_date(value) if {
	is_string(value)
	value > last_date
}

# first_date and last_date bound the dates the schema accepts.
first_date := "1900-01-01"

last_date := "2199-12-31"

# date_range says which dates the schema and the rules accept, for messages.
date_range := "a date written YYYY-MM-DD in the years 1900 to 2199"

# days_between is the whole number of days from a to b (negative when b is before a).
days_between(a, b) := round((date_ns(b) - date_ns(a)) / day_ns)

# add_days returns the date n days after d, as YYYY-MM-DD.
add_days(d, n) := format_date(date_ns(d) + (n * day_ns))

# add_months returns the date n calendar months after d (n may be negative). A day
# the month reached does not have becomes its last day (2024-02-29 minus 12 months
# is 2023-02-28), where time.add_date alone would roll over into the next month.
add_months(d, n) := format_date(clamp_to_month(time.add_date(date_ns(d), 0, n, 0), time.date(date_ns(d))[2]))

# clamp_to_month takes t, reached by adding months to a date on the given day of its
# month, back to the end of the intended month when it rolled over.
clamp_to_month(t, day) := t if time.date(t)[2] == day

else := t - (time.date(t)[2] * day_ns)

format_date(ns) := sprintf("%04d-%02d-%02d", time.date(ns))

# plural gives "1 day" or "3 days".
plural(n, word) := sprintf("%d %s", [n, word]) if n == 1

else := sprintf("%d %ss", [n, word])

# max_shown is how many characters of a value from the manifest a message
# quotes, as on the Go side (manifest.Clip): enough to recognise the value. A
# message never copies a value whole, so a report grows with the number of
# findings, not with the size of values (a 1 MiB service name quoted by 200
# findings made a 210 MB report).
max_shown := 60

# clip cuts text to max_shown characters, marking the cut with an ellipsis.
clip(s) := s if {
	count(s) <= max_shown
} else := concat("", [substring(s, 0, max_shown), "…"])

# quote shows text in double quotes, escaped as by %q (an invisible character
# shows), clipped, with its length when it was cut: as manifest.Quote does.
quote(s) := sprintf("%q", [s]) if {
	count(s) <= max_shown
} else := sprintf("%q (%d characters)", [clip(s), count(s)])

# json_value shows any value as JSON, clipped: a string is cut before it is
# written, a list or mapping after.
json_value(value) := json.marshal(clip(value)) if {
	is_string(value)
} else := clip(json.marshal(value))

# describe_service names a service for messages: its id, and its name when given.
describe_service(service) := sprintf("service %s (%s)", [quote(service.id), clip(service.name)]) if {
	is_string(service.id)
	is_string(service.name)
} else := sprintf("service %s", [quote(service.id)]) if {
	is_string(service.id)
} else := "a service with no id"

# blank holds for a value that reads as missing: null or a string of only spaces.
# Another type is not blank: it is a wrong value, which the schema check reports.
blank(null)

blank(value) if {
	is_string(value)
	trim_space(value) == ""
}

# filled holds for a string with more than spaces in it: a usable name or reference.
filled(value) if {
	is_string(value)
	trim_space(value) != ""
}

# normal_ods_code is an ODS code as compared: trimmed and upper-cased, undefined
# when missing or blank.
normal_ods_code(code) := upper(trim_space(code)) if filled(code)

# Three ways of showing a value found in the manifest, for messages. They differ in
# how a string is quoted (JSON escapes <, > and &; %q escapes non-printing runes), so
# each rule keeps the one its messages were written with.

# describe_value: "is not set" for null, else "is" and the value as JSON,
# e.g. `access.url is "hscn"`.
describe_value(value) := "is not set" if {
	value == null
} else := sprintf("is %s", [json_value(value)])

# quote_value: "not set" for null, a string quoted as by %q, another value as JSON,
# for a message that says "... is %s".
quote_value(value) := "not set" if {
	value == null
} else := quote(value) if {
	is_string(value)
} else := json_value(value)

# show_value: the caller's words for null, a string as it is (clipped), another
# value as JSON.
show_value(value, if_null) := if_null if {
	value == null
} else := clip(value) if {
	is_string(value)
} else := json_value(value)

# flag_not_true says what a flag that only true satisfies holds instead, e.g.
# "goLive.checkInCallBooked is not set, expected true"; undefined when it is true.
flag_not_true(path) := sprintf("%s %s, expected true", [concat(".", path), describe_value(value)]) if {
	value := object.get(doc, path, null)
	value != true
}

# contracts holds every contract given as a mapping under a service given as a
# mapping, as {"i": service index, "j": contract index, "service", "contract"};
# other shapes are the schema check's to report.
contracts contains {"i": i, "j": j, "service": service, "contract": contract} if {
	some i, service in services
	is_object(service)
	listed := object.get(service, "contracts", [])
	is_array(listed)
	some j, contract in listed
	is_object(contract)
}

# describe_contract names an entry of contracts for messages: reference (or
# position), commissioner when named, and service, e.g. "contract NHSSC-2025-0042
# with NHS Example ICB for service "msk-physio"".
describe_contract(c) := sprintf(
	"contract %s%s for %s",
	[contract_reference(c), with_commissioner(c.contract), describe_service(c.service)],
)

# contract_reference is the contract's reference, or its position under the service
# (counting from 1) when it has none.
contract_reference(c) := clip(c.contract.reference) if {
	filled(c.contract.reference)
} else := sprintf("#%d (no reference)", [c.j + 1])

with_commissioner(contract) := sprintf(" with %s", [clip(contract.commissioner.name)]) if {
	filled(contract.commissioner.name)
} else := ""

# has_duplicates holds when a value occurs more than once in keys. It is the
# cheap test, one set of the keys, that a run-scope rule makes before it builds
# the [key, index] pairs for duplicate_groups: most runs have no duplicate.
has_duplicates(keys) if count({k | some k in keys}) < count(keys)

# duplicate_groups takes [key, index] pairs and gives, for each key held by more
# than one pair, the array of their indexes in ascending order. It sorts, so that
# equal keys are next to each other, and finds where each run of equal keys
# starts and ends by comparing each pair with its neighbours in the same array
# shifted by one (no arithmetic: OPA computes with arbitrary precision, and a
# subtraction per pair costs more than the comparisons). Comparing every pair,
# or collecting indexes in a multi-value rule by key (OPA checks each new key
# against every key before it), is quadratic: minutes for 10,000 manifests.
duplicate_groups(pairs) := {[sorted[k][1] | some k in numbers.range(first, last)] |
	sorted := sort(pairs)
	before := array.concat([[null]], sorted) # before[k] is the pair before sorted[k]
	after := array.concat(array.slice(sorted, 1, count(sorted)), [[null]]) # after[k] follows it
	firsts := [k | some k, pair in sorted; before[k][0] != pair[0]]
	lasts := [k | some k, pair in sorted; after[k][0] != pair[0]]
	some run, first in firsts
	last := lasts[run]
	first != last
}

# run_finding is a finding of a run-scope rule (package erslint.run.*): it also
# names the document, by its index in the run, that the path is in.
#
# The run-scope input is held in columns, one array per field, input.<field>[i]
# being document i's, or null: files, names, nameLines, odsCodes, odsLines.
run_finding(document, msg, path) := object.union(finding(msg, path), {"document": document})

# where names document i of a run for messages: file:line, lines being the
# column of the line to show (input.nameLines, input.odsLines).
where(i, lines) := sprintf("%s:%d", [input.files[i], lines[i]])

# others_in names, as file:line, the documents of a duplicate group (indexes
# into the run) other than document i: the first five, then how many more, so
# that a manifest copied a thousand times gives a readable message, and a cost
# per finding that does not grow with the group.
others_in(group, i, lines) := concat(", ", shown) if {
	count(group) <= 6
	shown := [where(j, lines) | some j in group; j != i]
} else := sprintf("%s and %d more", [concat(", ", shown), (count(group) - 1) - 5]) if {
	shown := array.slice([where(j, lines) | some j in array.slice(group, 0, 6); j != i], 0, 5)
}
