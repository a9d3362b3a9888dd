package erslint.run.repo.ods_unique_test

import data.erslint.lib_test
import data.erslint.run.repo.ods_unique

doc(id, file, code, line) := {"file": file, "name": sprintf("org-%d", [id]), "odsCode": code, "odsLine": line, "nameLine": 4}

test_each_duplicate_reported_at_its_own_place_naming_the_other if {
	findings := ods_unique.deny with input as lib_test.run_input([
		doc(0, "a.yaml", "RXN", 9),
		doc(1, "b.yaml", "rxn ", 12),
		doc(2, "c.yaml", "RYJ", 9),
	])
	count(findings) == 2
	some f0 in findings
	f0.document == 0
	f0.path == ["organisation", "odsCode"]
	contains(f0.msg, "in b.yaml:12")
	some f1 in findings
	f1.document == 1
	contains(f1.msg, "in a.yaml:9")
}

test_three_way_duplicate_names_both_others if {
	findings := ods_unique.deny with input as lib_test.run_input([
		doc(0, "a.yaml", "RXN", 9),
		doc(1, "a.yaml", "RXN", 40),
		doc(2, "c.yaml", "RXN", 9),
	])
	count(findings) == 3
	some f in findings
	f.document == 0
	contains(f.msg, "a.yaml:40, c.yaml:9")
}

test_silent_for_distinct_or_missing_codes if {
	count(ods_unique.deny) == 0 with input as lib_test.run_input([
		doc(0, "a.yaml", "RXN", 9),
		doc(1, "b.yaml", "RYJ", 9),
		{"file": "c.yaml", "name": "x", "nameLine": 4},
		doc(3, "d.yaml", "", 9),
		doc(4, "e.yaml", "", 9),
	])
}
