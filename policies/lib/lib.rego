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

# get reads a value by path and reads a missing one as the default: the spec says
# a missing section or field reads as empty.
get(path, default_value) := object.get(input, path, default_value)

# services, contracts and devices as lists, empty when absent or not a list.
list(path) := value if {
	value := get(path, [])
	is_array(value)
} else := []

services := list(["services"])

devices := list(["devices"])

waivers := list(["waivers"])

# day_ns is one day in nanoseconds, for day arithmetic on dates.
day_ns := ((24 * 60) * 60) * 1000000000

# date_ns parses a YYYY-MM-DD string; undefined when it is not a valid date, so a
# rule that compares dates stays silent on a malformed one (the schema reports it).
date_ns(d) := time.parse_ns("2006-01-02", d) if is_string(d)

# days_between is the whole number of days from a to b (negative when b is before a).
days_between(a, b) := round((date_ns(b) - date_ns(a)) / day_ns)

# add_days returns the date n days after d, as YYYY-MM-DD.
add_days(d, n) := format_date(date_ns(d) + (n * day_ns))

# add_months returns the date n calendar months after d (n may be negative).
add_months(d, n) := format_date(time.add_date(date_ns(d), 0, n, 0))

format_date(ns) := sprintf("%04d-%02d-%02d", time.date(ns))

# plural gives "1 day" or "3 days".
plural(n, word) := sprintf("%d %s", [n, word]) if n == 1

else := sprintf("%d %ss", [n, word])

# describe names a service for messages: its id, and its name when given.
describe_service(service) := sprintf("service %q (%s)", [service.id, service.name]) if {
	is_string(service.id)
	is_string(service.name)
} else := sprintf("service %q", [service.id]) if {
	is_string(service.id)
} else := "a service with no id"

# run_finding is a finding of a run-scope rule (package erslint.run.*): it also
# names the document, by its index in input.documents, that the path is in.
run_finding(document, msg, path) := object.union(finding(msg, path), {"document": document})

# where names a document of a run for messages: file:line.
where(doc, line_key) := sprintf("%s:%d", [doc.file, doc[line_key]])
