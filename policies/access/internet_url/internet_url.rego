# METADATA
# title: e-RS is accessed via the internet-facing URL
# description: |
#   All professional users now reach the web-based e-RS application through its
#   internet-facing URL (https://ers.nhs.uk) and authenticate with CIS2; the old HSCN
#   address is no longer the way in. The seed page says this holds even where physical
#   smartcards are still used, so any other access route is an error from planning on.
# custom:
#   id: ERS-ACC-001
#   severity: error
#   stage: planning
#   seed: "6. Decide how you want to access the e-RS Application"
#   remedy: |
#     Plan for every user to open e-RS at the internet-facing URL (https://ers.nhs.uk),
#     whether the device is on HSCN or the public internet, and set access.url: internet-facing.
#   example: |
#     access:
#       url: internet-facing
#       network: internet
package erslint.rules.access.internet_url

import data.erslint.lib

url := lib.get(["access", "url"], null)

deny contains lib.finding(msg, ["access", "url"]) if {
	not url == "internet-facing"
	msg := sprintf(
		"e-RS must be reached via its internet-facing URL (https://ers.nhs.uk), even with smartcards or over HSCN: access.url %s, expected internet-facing",
		[lib.describe_value(url)],
	)
}
