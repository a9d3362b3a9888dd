# METADATA
# title: A check-in call with the e-RS team is booked
# description: |
#   The onboarding page asks organisations going live to set up a call with the e-RS
#   team to talk about how it is going. Booking it early means problems and feedback from
#   the first weeks of use reach the national team while they are still easy to act on.
# custom:
#   id: ERS-LIVE-004
#   severity: warning
#   stage: live
#   seed: "Going live with e-RS"
#   remedy: |
#     Contact the e-RS team (see the onboarding page for the address), book a call for the
#     first weeks after go-live, and set goLive.checkInCallBooked: true.
#   example: |
#     goLive:
#       checkInCallBooked: true
package erslint.rules.golive.check_in_call

import data.erslint.lib

path := ["goLive", "checkInCallBooked"]

deny contains lib.finding(msg, path) if {
	msg := sprintf("no check-in call with the e-RS team has been booked: %s", [lib.flag_not_true(path)])
}
