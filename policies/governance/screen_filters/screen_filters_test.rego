package erslint.rules.governance.screen_filters_test

import data.erslint.rules.governance.screen_filters

findings(doc) := result if {
	result := screen_filters.deny with input as doc with data.erslint.config.asOf as "2026-11-24"
}

gov(fields) := {"governance": fields}

test_silent_with_filters if {
	count(findings(gov({"lessPrivateSettings": true, "screenFilters": true}))) == 0
}

test_fires_without_filters if {
	fs := findings(gov({"lessPrivateSettings": true, "screenFilters": false}))
	count(fs) == 1
	some f in fs
	f.path == ["governance", "screenFilters"]
	f.msg == "devices are used in less private settings (governance.lessPrivateSettings is true) but screen filters are not recorded as applied (governance.screenFilters is not true)"
}

test_fires_when_filters_missing_or_not_boolean if {
	{f.path | some f in findings(gov({"lessPrivateSettings": true}))} == {["governance", "screenFilters"]}
	{f.path | some f in findings(gov({"lessPrivateSettings": true, "screenFilters": "yes"}))} == {["governance", "screenFilters"]}
}

test_silent_when_settings_are_private if {
	count(findings(gov({"lessPrivateSettings": false, "screenFilters": false}))) == 0
	count(findings(gov({"screenFilters": false}))) == 0
	count(findings(gov({"lessPrivateSettings": "yes"}))) == 0
}

test_silent_when_section_missing_or_wrong_type if {
	count(findings({"apiVersion": "ers-onboarding/v1"})) == 0
	count(findings({"governance": true})) == 0
	count(findings("not a manifest")) == 0
}
