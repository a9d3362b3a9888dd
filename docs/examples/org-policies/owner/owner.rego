# METADATA
# title: Every manifest names an owner
# description: Findings need someone to act on them.
# custom:
#   id: ORG-META-001
#   severity: warning
#   stage: planning
#   remedy: Set metadata.owner to the team mailbox that maintains the manifest.
package erslint.rules.org.owner

import data.erslint.lib

deny contains lib.finding("metadata.owner is not set: name a contact for this manifest", ["metadata", "owner"]) if {
	not lib.filled(lib.get(["metadata", "owner"], null))
}
