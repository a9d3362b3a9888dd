# METADATA
# title: The e-RS release page is bookmarked
# description: |
#   e-RS changes with each release. The release page says what is changing and when,
#   so that local guidance, training and ways of working can be updated in time rather
#   than after users meet the change.
# custom:
#   id: ERS-LIVE-002
#   severity: warning
#   stage: live
#   seed: "Going live with e-RS"
#   remedy: |
#     Bookmark the e-RS release page for the people who look after e-RS locally, check it
#     as part of regular service review, and set goLive.releasePageBookmarked: true.
#   example: |
#     goLive:
#       releasePageBookmarked: true
package erslint.rules.golive.release_page

import data.erslint.lib

path := ["goLive", "releasePageBookmarked"]

deny contains lib.finding(msg, path) if {
	msg := sprintf("the e-RS release page is not bookmarked, so changes to e-RS may arrive unannounced: %s", [lib.flag_not_true(path)])
}
