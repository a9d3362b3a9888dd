# METADATA
# title: A benefits case is raised
# description: |
#   The onboarding page asks organisations going live to raise a benefits case, which
#   helps the wider NHS see what e-RS delivers. It does not stop the organisation using
#   e-RS, so it is reported for information only.
# custom:
#   id: ERS-LIVE-005
#   severity: info
#   stage: live
#   seed: "Going live with e-RS"
#   remedy: |
#     Raise a benefits case for the move to e-RS, recording the benefits expected and how
#     they will be measured, and set goLive.benefitsCaseRaised: true.
#   example: |
#     goLive:
#       benefitsCaseRaised: true
package erslint.rules.golive.benefits_case

import data.erslint.lib

path := ["goLive", "benefitsCaseRaised"]

deny contains lib.finding(msg, path) if {
	msg := sprintf("no benefits case has been raised: %s", [lib.flag_not_true(path)])
}
