package erslint.rules.org.owner_test

import data.erslint.rules.org.owner

test_fires_without_owner if {
	count(owner.deny) == 1 with input as {"metadata": {"name": "x"}}
}

test_silent_with_owner if {
	count(owner.deny) == 0 with input as {"metadata": {"owner": "team@example.nhs.uk"}}
}
