# METADATA
# title: Echoes a manifest value into its message, unquoted
# description: A hostile-input fixture (cmd/erslint TestReportsNeutraliseHostileText), not a real rule.
# custom:
#   id: ORG-ECHO-001
#   severity: warning
#   stage: planning
package erslint.rules.org.echo

import data.erslint.lib

deny contains lib.finding(sprintf("owner is %s", [owner]), ["metadata", "owner"]) if {
	owner := lib.get(["metadata", "owner"], null)
	is_string(owner)
	startswith(owner, "x")
}
