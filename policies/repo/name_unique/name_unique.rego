# METADATA
# title: No two manifests in a run share metadata.name
# description: |
#   metadata.name is how a manifest is named in reports, pull requests and waivers:
#   it must be unique in a repository of manifests, or findings for two organisations
#   read as one. Every document of the run is compared, in the same file or in
#   different files.
# custom:
#   id: ERS-REPO-002
#   severity: error
#   stage: planning
#   seed: "Key considerations before going live with e-RS"
#   remedy: |
#     Give each manifest its own metadata.name, for example the organisation's name
#     as a slug with its ODS code.
#   example: |
#     metadata:
#       name: example-clinic-8hv48
package erslint.run.repo.name_unique

import data.erslint.lib

# keyed holds [name, index] for each document's metadata.name.
keyed := [[name, i] |
	some i, name in input.names
	is_string(name)
	name != ""
]

# groups holds the indexes of each set of documents that share metadata.name,
# in document order; undefined when no name is shared.
groups := lib.duplicate_groups(keyed) if {
	lib.has_duplicates([name | some [name, _] in keyed])
}

deny contains lib.run_finding(i, msg, ["metadata", "name"]) if {
	some group in groups
	some i in group
	others := lib.others_in(group, i, input.nameLines)
	msg := sprintf("metadata.name %s is also used in %s; each manifest needs a unique name", [lib.quote(input.names[i]), others])
}
