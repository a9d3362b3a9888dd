package erslint.lib_test

import data.erslint.lib

test_finding_shape if {
	lib.finding("m", ["a", 0]) == {"msg": "m", "path": ["a", 0]}
}

test_days_between if {
	lib.days_between("2026-11-24", "2027-02-22") == 90
	lib.days_between("2026-11-24", "2026-10-31") == -24
	lib.days_between("2026-11-24", "2026-11-24") == 0
}

test_days_between_invalid_date_is_undefined if {
	not lib.days_between("2026-11-24", "not-a-date")
}

test_add_months if {
	lib.add_months("2026-11-24", -12) == "2025-11-24"
	lib.add_months("2026-03-31", 1) == "2026-04-30"
	lib.add_months("2024-02-29", -12) == "2023-02-28"
	lib.add_months("2024-01-31", 1) == "2024-02-29"
	lib.add_months("2026-01-31", -2) == "2025-11-30"
}

test_add_days if {
	lib.add_days("2026-11-24", 90) == "2027-02-22"
}

test_get_reads_missing_as_default if {
	lib.get(["governance", "dspt", "status"], "") == "" with input as {}
	lib.get(["stage"], "") == "live" with input as {"stage": "live"}
}

test_get_on_a_document_that_is_not_a_mapping_is_the_default if {
	lib.get(["stage"], null) == null with input as "oops"
	lib.get(["stage"], []) == [] with input as ["stage"]
}

test_get_in if {
	lib.get_in({"meetsErsSpec": false}, ["meetsErsSpec"], null) == false
	lib.get_in({}, ["meetsErsSpec"], null) == null
	lib.get_in("laptops", ["meetsErsSpec"], null) == null
	lib.get_in(7, ["meetsErsSpec"], null) == null
}

test_blank if {
	lib.blank(null)
	lib.blank("")
	lib.blank("  ")
	not lib.blank("2026-01-01")
	not lib.blank(7)
	not lib.blank([])
}

test_filled if {
	lib.filled("NHS Example ICB")
	not lib.filled(" ")
	not lib.filled(null)
	not lib.filled(7)
}

test_normal_ods_code if {
	lib.normal_ods_code(" 8hv48 ") == "8HV48"
	not lib.normal_ods_code(" ")
	not lib.normal_ods_code(null)
	not lib.normal_ods_code(42)
}

test_describe_value if {
	lib.describe_value(null) == "is not set"
	lib.describe_value(false) == "is false"
	lib.describe_value("yes") == `is "yes"`
	lib.describe_value("<a&b>") == `is "\u003ca\u0026b\u003e"`
	lib.describe_value(["a"]) == `is ["a"]`
}

test_quote_value if {
	lib.quote_value(null) == "not set"
	lib.quote_value(false) == "false"
	lib.quote_value("yes") == `"yes"`
	lib.quote_value("<a&b>") == `"<a&b>"`
	lib.quote_value({"a": 1}) == `{"a":1}`
}

test_show_value if {
	lib.show_value(null, "not recorded") == "not recorded"
	lib.show_value("in-progress", "not recorded") == "in-progress"
	lib.show_value(true, "not recorded") == "true"
}

test_flag_not_true if {
	lib.flag_not_true(["goLive", "checkInCallBooked"]) == "goLive.checkInCallBooked is not set, expected true" with input as {}
	lib.flag_not_true(["goLive", "checkInCallBooked"]) == `goLive.checkInCallBooked is "yes", expected true` with input as {"goLive": {"checkInCallBooked": "yes"}}
	lib.flag_not_true(["goLive", "checkInCallBooked"]) == "goLive.checkInCallBooked is not set, expected true" with input as "oops"
	not lib.flag_not_true(["goLive", "checkInCallBooked"]) with input as {"goLive": {"checkInCallBooked": true}}
}

icb := {"name": "NHS Example ICB", "odsCode": "QWE"}

test_contracts_lists_contract_mappings_under_service_mappings if {
	lib.contracts == {
		{"i": 0, "j": 1, "service": {"id": "a", "contracts": [7, {"reference": "R1"}]}, "contract": {"reference": "R1"}},
		{"i": 2, "j": 0, "service": {"id": "c", "contracts": [{}]}, "contract": {}},
	} with input as {"services": [
		{"id": "a", "contracts": [7, {"reference": "R1"}]},
		{"id": "b", "contracts": "oops"},
		{"id": "c", "contracts": [{}]},
		"oops",
		{"id": "d"},
	]}
}

test_contracts_empty_when_missing_or_malformed if {
	count(lib.contracts) == 0 with input as {}
	count(lib.contracts) == 0 with input as {"services": "oops"}
	count(lib.contracts) == 0 with input as "oops"
}

test_describe_contract if {
	service := {"id": "msk-physio", "name": "MSK"}
	lib.describe_contract({"j": 0, "service": service, "contract": {"reference": "NHSSC-1", "commissioner": icb}}) == `contract NHSSC-1 with NHS Example ICB for service "msk-physio" (MSK)`
	lib.describe_contract({"j": 1, "service": service, "contract": {"reference": " ", "commissioner": {"name": ""}}}) == `contract #2 (no reference) for service "msk-physio" (MSK)`
	lib.describe_contract({"j": 2, "service": {}, "contract": {"commissioner": "oops"}}) == "contract #3 (no reference) for a service with no id"
}

test_contract_reference if {
	lib.contract_reference({"j": 0, "contract": {"reference": "NHSSC-1"}}) == "NHSSC-1"
	lib.contract_reference({"j": 4, "contract": {"reference": 42}}) == "#5 (no reference)"
}

test_list_not_a_list_is_empty if {
	lib.services == [] with input as {"services": "oops"}
	lib.services == [] with input as {}
	lib.services == [{"id": "a"}] with input as {"services": [{"id": "a"}]}
}

# services, devices and waivers read any document, a list or text included.
test_sections_of_any_document if {
	lib.services == [] with input as ["services"]
	lib.devices == [] with input as "devices"
	lib.waivers == [] with input as {"waivers": {"a": 1}}
	lib.devices == [{"name": "x"}] with input as {"devices": [{"name": "x"}]}
	lib.waivers == [] with input as null
}

test_plural if {
	lib.plural(1, "day") == "1 day"
	lib.plural(24, "day") == "24 days"
}

test_describe_service if {
	lib.describe_service({"id": "a", "name": "A"}) == `service "a" (A)`
	lib.describe_service({"id": "a"}) == `service "a"`
	lib.describe_service({}) == "a service with no id"
}

test_has_duplicates if {
	lib.has_duplicates(["a", "b", "a"])
	not lib.has_duplicates(["a", "b"])
	not lib.has_duplicates([])
}

test_duplicate_groups if {
	lib.duplicate_groups([]) == set()
	lib.duplicate_groups([["a", 0]]) == set()
	lib.duplicate_groups([["b", 3], ["a", 0], ["c", 1], ["a", 4], ["b", 2], ["a", 5]]) == {[0, 4, 5], [2, 3]}
}

# run_input writes the run-scope input, held in columns, from documents written
# as objects with file, name, nameLine, odsCode and odsLine, for the tests of
# the run-scope rules.
run_input(docs) := {column: [object.get(doc, field, null) | some doc in docs] |
	some field, column in {"file": "files", "name": "names", "nameLine": "nameLines", "odsCode": "odsCodes", "odsLine": "odsLines"}
}

test_run_input_holds_a_column_per_field_with_null_where_missing if {
	run_input([{"file": "a.yaml", "name": "x", "nameLine": 4}, {"file": "b.yaml", "odsCode": "RXN", "odsLine": 9}]) == {
		"files": ["a.yaml", "b.yaml"], "names": ["x", null], "nameLines": [4, null],
		"odsCodes": [null, "RXN"], "odsLines": [null, 9],
	}
}

test_where_and_others_in_read_the_columns if {
	lib.others_in([0, 1, 2], 1, input.nameLines) == "a.yaml:4, c.yaml:7" with input as run_input([
		{"file": "a.yaml", "nameLine": 4}, {"file": "b.yaml", "nameLine": 5}, {"file": "c.yaml", "nameLine": 7},
	])
}

long_text(n) := concat("", [x | some _ in numbers.range(1, n); x := "é"])

test_clip_cuts_to_60_characters if {
	lib.clip("short") == "short"
	lib.clip(long_text(60)) == long_text(60)
	lib.clip(long_text(61)) == concat("", [long_text(60), "…"])
	count(lib.clip(long_text(100000))) == 61
}

test_quote_escapes_and_clips_as_manifest_quote_does if {
	lib.quote("a\u200bb") == `"a\u200bb"`
	lib.quote(long_text(60)) == sprintf("%q", [long_text(60)])
	lib.quote(long_text(61)) == sprintf("%q (61 characters)", [concat("", [long_text(60), "…"])])
}

test_json_value_is_clipped if {
	lib.json_value("<a>") == `"\u003ca\u003e"`
	lib.json_value(long_text(1000)) == json.marshal(concat("", [long_text(60), "…"]))
	count(lib.json_value([long_text(1000)])) == 61
	lib.json_value(7) == "7"
}

# Every helper that shows a value from the manifest clips it: a message grows
# with the number of findings, not with the size of values.
test_describe_helpers_clip_values if {
	huge := long_text(100000)
	c := {"i": 0, "j": 0, "service": {"id": huge, "name": huge}, "contract": {"reference": huge, "commissioner": {"name": huge}}}
	count(lib.describe_contract(c)) < 300
	count(lib.describe_service({"id": huge})) < 100
	count(lib.describe_value(huge)) < 100
	count(lib.describe_value({"a": [huge]})) < 100
	count(lib.quote_value(huge)) < 100
	count(lib.quote_value([huge])) < 100
	count(lib.show_value(huge, "")) < 100
	count(lib.show_value({"k": huge}, "")) < 100
}

# A date is computed with only in the years the schema accepts.
test_uncomputable_date_outside_the_schema_years if {
	every d in ["1899-12-31", "1678-01-01", "2200-01-01", "2262-04-10", "0226-06-30", "2026-02-30", 20260101] {
		lib.uncomputable_date(d)
	}
	every d in ["1900-01-01", "2026-02-28", "2199-12-31", null, "", "  "] {
		not lib.uncomputable_date(d)
	}
}
