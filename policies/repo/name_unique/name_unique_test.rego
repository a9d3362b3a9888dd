package erslint.run.repo.name_unique_test

import data.erslint.lib_test
import data.erslint.run.repo.name_unique

# doc is a document of the run; its first argument, its index, is for the reader.
doc(_, file, name, line) := {"file": file, "name": name, "nameLine": line}

test_duplicates_in_one_file_and_across_files if {
	findings := name_unique.deny with input as lib_test.run_input([
		doc(0, "a.yaml", "clinic", 4),
		doc(1, "a.yaml", "clinic", 30),
		doc(2, "b.yaml", "trust", 4),
	])
	count(findings) == 2
	some f in findings
	f.document == 1
	f.path == ["metadata", "name"]
	f.msg == `metadata.name "clinic" is also used in a.yaml:4; each manifest needs a unique name`
}

test_silent_when_names_differ_or_are_missing if {
	count(name_unique.deny) == 0 with input as lib_test.run_input([
		doc(0, "a.yaml", "clinic", 4),
		doc(1, "b.yaml", "trust", 4),
		{"file": "c.yaml"},
		{"file": "d.yaml"},
	])
}

# A name copied eight times: each message names five of the other seven, then the rest.
test_long_groups_name_five_others_and_count_the_rest if {
	findings := name_unique.deny with input as lib_test.run_input([doc(i, sprintf("m%d.yaml", [i]), "clinic", 4) | some i in numbers.range(0, 7)])
	count(findings) == 8
	some first in findings
	first.document == 0
	first.msg == `metadata.name "clinic" is also used in m1.yaml:4, m2.yaml:4, m3.yaml:4, m4.yaml:4, m5.yaml:4 and 2 more; each manifest needs a unique name`
	some last in findings
	last.document == 7
	last.msg == `metadata.name "clinic" is also used in m0.yaml:4, m1.yaml:4, m2.yaml:4, m3.yaml:4, m4.yaml:4 and 2 more; each manifest needs a unique name`
}
