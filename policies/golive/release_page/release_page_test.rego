package erslint.rules.golive.release_page_test

import data.erslint.rules.golive.release_page

path := ["goLive", "releasePageBookmarked"]

test_silent_when_true if {
	count(release_page.deny) == 0 with input as {"goLive": {"releasePageBookmarked": true}}
}

test_fires_when_false if {
	findings := release_page.deny with input as {"goLive": {"releasePageBookmarked": false}}
	count(findings) == 1
	some f in findings
	f.path == path
	contains(f.msg, "the e-RS release page is not bookmarked, so changes to e-RS may arrive unannounced")
	contains(f.msg, "goLive.releasePageBookmarked is false, expected true")
}

test_fires_when_field_missing if {
	some f in release_page.deny with input as {"goLive": {}}
	f.path == path
	contains(f.msg, "goLive.releasePageBookmarked is not set")
}

test_fires_when_section_missing if {
	{f.path | some f in release_page.deny} == {path} with input as {"stage": "live"}
}

test_string_yes_is_not_true if {
	some f in release_page.deny with input as {"goLive": {"releasePageBookmarked": "yes"}}
	contains(f.msg, `goLive.releasePageBookmarked is "yes", expected true`)
}

test_wrong_types_fire_without_error if {
	{f.path | some f in release_page.deny} == {path} with input as {"goLive": true}
	{f.path | some f in release_page.deny} == {path} with input as {"goLive": {"releasePageBookmarked": null}}
	{f.path | some f in release_page.deny} == {path} with input as "oops"
}
