# METADATA
# title: The e-RS application guidance and training have been reviewed
# description: |
#   Staff who set up services, refer patients or action referrals need to know how e-RS
#   does each of these, for directly and indirectly bookable services alike. The e-RS
#   website has application guidance and training overview sessions for this; reviewing
#   them before go-live lets the organisation plan its local training.
# custom:
#   id: ERS-TRN-001
#   severity: warning
#   stage: pre-go-live
#   seed: "7. Learn more about the e-RS Application"
#   remedy: |
#     Have the people leading the roll-out review the e-RS application guidance and the
#     training overview sessions on the e-RS website, plan local training from them, and set
#     training.applicationGuidanceReviewed: true.
#   example: |
#     training:
#       applicationGuidanceReviewed: true
package erslint.rules.training.guidance

import data.erslint.lib

path := ["training", "applicationGuidanceReviewed"]

deny contains lib.finding(msg, path) if {
	msg := sprintf("the e-RS application guidance and training overview sessions have not been reviewed: %s", [lib.flag_not_true(path)])
}
