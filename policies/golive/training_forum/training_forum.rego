# METADATA
# title: The e-RS training forum is joined
# description: |
#   The onboarding page asks organisations going live to join the e-RS training forum.
#   Taking part keeps the people who train local users in step with changes to e-RS and
#   gives them somewhere to raise questions and give feedback.
# custom:
#   id: ERS-LIVE-003
#   severity: warning
#   stage: live
#   seed: "Going live with e-RS"
#   remedy: |
#     Have the organisation's e-RS trainer or lead join the e-RS training forum and set
#     goLive.trainingForumJoined: true.
#   example: |
#     goLive:
#       trainingForumJoined: true
package erslint.rules.golive.training_forum

import data.erslint.lib

path := ["goLive", "trainingForumJoined"]

deny contains lib.finding(msg, path) if {
	msg := sprintf("the e-RS training forum has not been joined: %s", [lib.flag_not_true(path)])
}
