# METADATA
# title: The time constraints of e-RS sessions are understood
# description: |
#   An e-RS session ends after 8 hours, with a warning 10 minutes before. After 10
#   minutes without activity a countdown starts and the user is then logged out. Users who
#   do not expect this can be logged out part way through a referral or a clinic, so local
#   processes and training should allow for it.
# custom:
#   id: ERS-LIVE-006
#   severity: warning
#   stage: live
#   seed: "Going live with e-RS"
#   remedy: |
#     Brief users and trainers on the e-RS session limits (8 hours at most; logout after
#     10 minutes idle and a countdown), reflect them in local guidance, and set
#     goLive.sessionTimeoutsUnderstood: true.
#   example: |
#     goLive:
#       sessionTimeoutsUnderstood: true
package erslint.rules.golive.session_timeouts

import data.erslint.lib

path := ["goLive", "sessionTimeoutsUnderstood"]

deny contains lib.finding(msg, path) if {
	msg := sprintf("the time constraints of e-RS sessions (8-hour limit, logout countdown after 10 minutes idle) are not recorded as understood: %s", [lib.flag_not_true(path)])
}
