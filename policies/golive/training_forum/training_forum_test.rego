package erslint.rules.golive.training_forum_test

import data.erslint.rules.golive.training_forum

path := ["goLive", "trainingForumJoined"]

test_silent_when_true if {
	count(training_forum.deny) == 0 with input as {"goLive": {"trainingForumJoined": true}}
}

test_fires_when_false if {
	findings := training_forum.deny with input as {"goLive": {"trainingForumJoined": false}}
	count(findings) == 1
	some f in findings
	f.path == path
	contains(f.msg, "the e-RS training forum has not been joined")
	contains(f.msg, "goLive.trainingForumJoined is false, expected true")
}

test_fires_when_field_missing if {
	some f in training_forum.deny with input as {"goLive": {}}
	f.path == path
	contains(f.msg, "goLive.trainingForumJoined is not set")
}

test_fires_when_section_missing if {
	{f.path | some f in training_forum.deny} == {path} with input as {"stage": "live"}
}

test_string_yes_is_not_true if {
	some f in training_forum.deny with input as {"goLive": {"trainingForumJoined": "yes"}}
	contains(f.msg, `goLive.trainingForumJoined is "yes", expected true`)
}

test_wrong_types_fire_without_error if {
	{f.path | some f in training_forum.deny} == {path} with input as {"goLive": true}
	{f.path | some f in training_forum.deny} == {path} with input as {"goLive": {"trainingForumJoined": null}}
	{f.path | some f in training_forum.deny} == {path} with input as "oops"
}
