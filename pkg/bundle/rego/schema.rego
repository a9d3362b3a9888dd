# METADATA
# description: |
#   The schema check of erslint's OPA bundle: ERS-SCHEMA-001 findings for a
#   manifest given as JSON, with the messages erslint lint gives (pkg/validate).
#   erslint lint checks YAML with the JSON Schema in Go; a server gets JSON, so
#   the bundle checks it here, against a table erslint bundle derives from the
#   same schema (data.erslint.config.schema: for each place in a manifest,
#   services.*.contracts.* for example, what the schema asks there).
#
#   Where the two differ (docs/bundle.md): YAML-only findings (syntax errors,
#   duplicate keys, yes/no, leading zeros, tags, input limits) cannot occur in
#   JSON; a number is shown as JSON writes it, not as the YAML did (1.50 is
#   1.5); a repeated service id is reported without the line of the first one.
package erslint.decision.schema

node_table := data.erslint.config.schema

# places are the values of the manifest (input) the schema says something
# about, each with what it says: [path, value, node]. The checks below start with
# built-ins only, so a value that passes costs no function call.
#
# The table's key for a path is its keys joined by dots, * for an index
# (services.*.id), written out here rather than in a function: a function call
# for each value of the manifest cost more than all the checks.
places := [[path, value, node] |
	walk(input, [path, value])
	node := node_table[concat(".", [segment | some el in path; segment := object.get({"number": "*"}, type_name(el), el)])]
]

findings contains finding(path, type_error(path, value, node)) if {
	some [path, value, node] in places
	node.types
	not type_name(value) in node.types
	not unholdable[path]
}

findings contains finding(path, type_error(path, value, node)) if {
	some [path, value, node] in places
	node.integer
	is_number(value)
	not unholdable[path] # floor of a huge number would write out its digits
	value != floor(value)
}

findings contains finding(path, msg) if {
	some [path, value, node] in places
	node.enum
	not value in node.enum
	not unholdable[path]
	msg := sprintf("%s must be one of %s; got %s%s", [describe(path), concat(", ", node.enum), got(value), suggestion(value, node.enum)])
}

findings contains finding(path, msg) if {
	some [path, value, node] in places
	node.const
	value != node.const.value
	not unholdable[path]
	msg := sprintf("%s must be %s; got %s", [describe(path), json.marshal(node.const.value), got(value)])
}

findings contains finding(path, msg) if {
	some [path, value, node] in places
	is_string(value)
	node.strings # format, pattern or minLength
	msg := string_error(path, value, node)
}

findings contains finding(path, msg) if {
	some [path, value, node] in places
	is_number(value)
	not unholdable[path]
	value < node.minimum
	msg := sprintf("%s must be at least %d; got %s", [describe(path), node.minimum, got(value)])
}

findings contains finding(path, msg) if {
	some [path, value, node] in places
	is_string(value)
	count(value) > node.maxLength
	msg := sprintf(
		"%s is %d characters long, over the limit of %d (no real %s is that long): shorten it; got %s",
		[describe(path), count(value), node.maxLength, last_key(path), got(value)],
	)
}

# A list over its maxItems is reported once, and only its first maxItems items
# are checked, by the schema and the rules, as erslint lint does
# (pkg/validate/cut.go): the entrypoint checks and decides on cut, with the
# findings of long_list_findings.
long_lists[path] := [node.maxItems, value] if {
	some [path, value, node] in places
	is_array(value)
	count(value) > node.maxItems
}

long_list_findings contains finding(path, msg) if {
	some path, [limit, value] in long_lists
	not beyond_a_cut(path)
	msg := sprintf(
		"%s lists %d items, over the limit of %d (far more than any organisation has); only its first %d were checked, by the schema and the rules: check how the list was made, or split the organisation's manifest",
		[describe(path), count(value), limit, limit],
	)
}

# cut is the manifest with each list over its maxItems cut to its first
# maxItems items; outer lists first, and none inside what was cut.
cut := json.patch(input, [{"op": "replace", "path": path, "value": array.slice(value, 0, limit)} |
	some [_, path, limit, value] in sort([[count(path), path, limit, value] |
		some path, [limit, value] in long_lists
		not beyond_a_cut(path)
	])
])

beyond_a_cut(path) if {
	some i, index in path
	is_number(index)
	long_lists[array.slice(path, 0, i)][0] <= index
}

# A number that JSON tools cannot hold as written is reported as erslint lint
# reports it in YAML (pkg/manifest), wherever it is, and is not checked
# further: an integer beyond 2^53 (JavaScript and float64 round it), one
# beyond a float64 (JSON has no infinity: 1e400 is the nearest), or one so
# small that it reads as 0. OPA keeps a JSON number as it was written (Go's
# json.Number), so the text is the one posted.
#
# unholdable holds, at the path of each such number, its text and the message.
findings contains finding(path, msg) if {
	some path, [_, msg] in unholdable
}

unholdable[path] := [text, msg] if {
	may_hold_unholdable
	walk(input, [path, value])
	is_number(value)
	text := json.marshal(value)
	msg := number_problem(text, value)
}

# may_hold_unholdable holds when the manifest's JSON has 16 digits in a row or
# an exponent of 3 digits, as each such number has: the manifest is walked for
# them only then (a second walk cost a compliant manifest's decision a fifth
# more CPU).
may_hold_unholdable if regex.match(`[0-9]{16}|[0-9][eE][-+]?[0-9]{3}`, json.marshal(input))

# number_problem reads the number from its text, not with arithmetic: floor or
# abs of 1e100000000 would write out its hundred million digits.
number_problem(text, value) := sprintf(
	"the number %s is too large for many YAML and JSON tools to hold exactly (over 2^53); if it is a code or reference, quote it: \"%s\"",
	[clip(text), clip(text)],
) if {
	[_, _, whole, fraction, exponent] := number_parts(text)
	fraction == ""
	exponent == ""
	digits := trim_left(whole, "0")
	count(digits) >= 16
	[count(digits), digits] > [16, "9007199254740991"]
} else := sprintf("the number %s is too large to hold; write a smaller number, or quote it as text: \"%s\"", [clip(text), clip(text)]) if {
	too_large(magnitude(text), value)
} else := sprintf("the number %s is too small to hold: it would read as 0; write 0, or quote it as text: \"%s\"", [clip(text), clip(text)]) if {
	too_small(magnitude(text), value)
}

# A float64 holds up to 1.7976931348623157e308, and rounds to 0 what is below
# half its smallest step; a number is compared with them only when it is near
# (no arithmetic on a huge one).
too_large(order, _) if order > 308

too_large(308, value) if abs(value) > 1.7976931348623157e308

too_small(order, _) if order < -324

too_small(-324, value) if abs(value) < 2.4703282292062328e-324

# number_parts are a JSON number, its sign, whole part, fraction and exponent.
number_parts(text) := regex.find_all_string_submatch_n(`^(-?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([-+]?[0-9]+))?$`, text, 1)[0]

# magnitude is the power of ten of a number's first digit other than 0 (1.5e3:
# 3, 0.02: -2), undefined for 0.
magnitude(text) := order if {
	[_, _, whole, fraction, exponent] := number_parts(text)
	exp := to_number(object.get({"": "0"}, exponent, exponent))
	digits := trim_left(concat("", [whole, fraction]), "0")
	digits != ""
	order := ((exp + count(whole)) - (count(concat("", [whole, fraction])) - count(digits))) - 1
}

# clip cuts text shown in a message at 60 characters, as pkg/manifest does.
clip(s) := s if count(s) <= 60

else := concat("", [substring(s, 0, 60), "…"])

# last_key names what the value at path is, by its key: name, reason.
last_key(path) := keys[count(keys) - 1] if {
	keys := [k | some k in path; is_string(k)]
	count(keys) > 0
} else := "value"

# An unknown key is reported at the key, naming the keys allowed there.
findings contains finding(array.concat(path, [key]), unknown_key(path, key, node.properties)) if {
	some [path, value, node] in places
	node.closed
	is_object(value)
	some key, _ in value
	not key in node.properties
}

findings contains finding(array.concat(path, [key]), msg) if {
	some [path, value, node] in places
	node.required
	is_object(value)
	some key in node.required
	not key in object.keys(value)
	msg := sprintf("%s is missing the required key %q", [describe(path), key])
}

# A service id is unique within a manifest: reported at the second one.
findings contains finding(["services", i, "id"], msg) if {
	some i, service in input.services
	is_string(service.id)
	first := min({j | some j, other in input.services; other.id == service.id})
	first < i
	msg := sprintf("service id %q is already used by services[%d]; service ids are unique within a manifest", [service.id, first])
}

finding(path, msg) := {"rule": "ERS-SCHEMA-001", "path": path, "msg": msg}

type_error([], value, _) := sprintf("a manifest document must be a mapping of keys to values; got %s", [typed_got(value)])

type_error(path, value, node) := sprintf("%s must be %s; got %s%s", [describe(path), want_words(node.type), typed_got(value), type_hint(value, node.type)]) if {
	count(path) > 0
}

type_words := {
	"string": "a string", "boolean": "true or false", "integer": "a whole number",
	"number": "a number", "object": "a mapping", "array": "a list", "null": "empty",
}

want_words(types) := concat(" or ", [object.get(type_words, t, t) | some t in types])

# typed_got names the type of what was found before the value, as pkg/validate does.
typed_got(value) := got(value) if {
	type_name(value) in {"object", "array", "null"}
} else := sprintf("%s %s", [{"string": "string", "number": "number", "boolean": "boolean"}[type_name(value)], got(value)])

# got shows a value found in the manifest: its kind for a mapping, a list or
# null, text quoted (cut at 60 characters), anything else as JSON writes it.
got(value) := "a mapping" if is_object(value)

else := "a list" if is_array(value)

else := "nothing (null)" if is_null(value)

else := quote(value) if is_string(value)

else := json.marshal(value)

quote(s) := sprintf("%q", [s]) if count(s) <= 60

else := sprintf("%q (%d characters)", [concat("", [substring(s, 0, 60), "…"]), count(s)])

# type_hint names the usual YAML trap behind a wrong type.
type_hint(value, types) := sprintf(" (YAML 1.2 reads %s as text, not a boolean: write true or false)", [value]) if {
	"boolean" in types
	is_string(value)
	lower(value) in {"yes", "no", "on", "off", "y", "n"}
} else := sprintf(" (quote it: \"%s\")", [json.marshal(value)]) if {
	"string" in types
	type_name(value) in {"number", "boolean"}
} else := ""

# A string is checked for its format, else its pattern, else its length, the
# one message pkg/validate shows.
string_error(path, value, node) := sprintf("%s must be a real calendar date, YYYY-MM-DD; got %s", [describe(path), got(value)]) if {
	is_string(value)
	node.format == "date"
	not real_date(value)
} else := sprintf("%s must be %s; got %s", [describe(path), node.patternWords, got(value)]) if {
	is_string(value)
	node.pattern
	not regex.match(node.pattern, value)
} else := sprintf("%s must not be empty", [describe(path)]) if {
	is_string(value)
	count(value) < node.minLength
}

# real_date holds for a calendar date YYYY-MM-DD, in any year (as the JSON
# Schema's date format): worked out, not parsed with time.parse_ns, whose
# nanoseconds since 1970 reach only the years 1678 to 2261.
real_date(s) if {
	regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, s)
	[year, month, day] := [to_number(part) | some part in split(s, "-")]
	month >= 1
	month <= 12
	day >= 1
	day <= month_days(year, month)
}

month_days(year, month) := 29 if {
	month == 2
	leap_year(year)
} else := [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]

leap_year(year) if {
	year % 4 == 0
	year % 100 != 0
}

leap_year(year) if year % 400 == 0

describe([]) := "the document"

describe(path) := path_text(path) if count(path) > 0

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

unknown_key(parent, key, allowed) := sprintf("unknown key %s in %s; did you mean %q?", [quote(key), describe(parent), best]) if {
	best := closest(key, allowed)
} else := sprintf("unknown key %s in %s; allowed keys: %s", [quote(key), describe(parent), concat(", ", allowed)]) if {
	count(allowed) > 0
} else := sprintf("unknown key %s in %s", [quote(key), describe(parent)])

suggestion(value, options) := sprintf(" (did you mean %q?)", [best]) if {
	is_string(value)
	best := closest(value, options)
} else := ""

# closest is the option nearest to s by edit distance (case ignored), when it is
# near enough to be a typo: at most a third of s's length, and 2 at least. The
# first of the nearest options wins.
closest(s, options) := best if {
	limit := max([2, floor(count(s) / 3)])
	near := [[d, i] |
		some i, o in options
		is_string(o)
		abs(count(s) - count(o)) <= limit
		d := distance(lower(s), lower(o), limit)
	]
	best := options[min(near)[1]]
}

# distance is the edit (Levenshtein) distance between a and b, undefined when
# it is over limit. Rego has no loops, so it is the cheapest path through the
# edit graph: a node [i, j, c] says the first i characters of a become the
# first j of b with c edits; graph.reachable finds the nodes [len(a), len(b), c]
# that can be reached, and the smallest c is the distance.
distance(a, b, limit) := min({c |
	some node in graph.reachable(edit_graph(split(a, ""), split(b, ""), limit), {[0, 0, 0]})
	node[0] == count(a)
	node[1] == count(b)
	c := node[2]
})

# edit_graph has an edge for each edit: deleting a[i], inserting b[j], and
# keeping or substituting a[i] for b[j] (no edit when they are equal). Edges that
# go past the ends or over limit lead to nodes that never reach the last one;
# so that a[i] and b[j] are defined at the ends, both are padded with "".
edit_graph(a, b, limit) := {[i, j, c]: {[i + 1, j, c + 1], [i, j + 1, c + 1], [i + 1, j + 1, c + to_number(pa[i] != pb[j])]} |
	pa := array.concat(a, [""])
	pb := array.concat(b, [""])
	some i in numbers.range(0, count(a))
	some j in numbers.range(max([0, i - limit]), min([count(b), i + limit]))
	j >= i - limit # numbers.range counts down when its end is below its start
	some c in numbers.range(abs(i - j), limit)
}
