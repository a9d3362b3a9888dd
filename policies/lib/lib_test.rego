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
	lib.add_months("2026-03-31", 1) == "2026-05-01"
}

test_add_days if {
	lib.add_days("2026-11-24", 90) == "2027-02-22"
}

test_get_reads_missing_as_default if {
	lib.get(["governance", "dspt", "status"], "") == "" with input as {}
	lib.get(["stage"], "") == "live" with input as {"stage": "live"}
}

test_list_not_a_list_is_empty if {
	lib.services == [] with input as {"services": "oops"}
	lib.services == [] with input as {}
	lib.services == [{"id": "a"}] with input as {"services": [{"id": "a"}]}
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
