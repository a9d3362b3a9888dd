# METADATA
# title: Screen filters are applied where devices are used in less private settings
# description: |
#   e-RS shows patients' clinical and personal details. Where staff use devices in
#   settings where a screen can be overlooked (reception desks, shared or public areas),
#   the e-RS onboarding guidance asks for special care as part of the DSPT, for example
#   applying screen filters. The rule applies only when lessPrivateSettings is true.
# custom:
#   id: ERS-GOV-003
#   severity: warning
#   stage: planning
#   seed: "4. Complete all governance checks"
#   remedy: |
#     Fit privacy screen filters to the devices used in less private settings (or move
#     those devices out of view), then set governance.screenFilters: true.
#   example: |
#     governance:
#       lessPrivateSettings: true
#       screenFilters: true
package erslint.rules.governance.screen_filters

import data.erslint.lib

# Both tests are plain references; the first, an equality, is evaluated by
# OPA's rule index before the body runs.
deny contains lib.finding(msg, ["governance", "screenFilters"]) if {
	input.governance.lessPrivateSettings == true
	not input.governance.screenFilters == true
	msg := "devices are used in less private settings (governance.lessPrivateSettings is true) but screen filters are not recorded as applied (governance.screenFilters is not true)"
}
