# METADATA
# title: No two manifests in a run share an organisation ODS code
# description: |
#   An ODS code identifies one organisation to NHS Digital services, e-RS included.
#   Two manifests with the same code describe one organisation twice (a copied file,
#   a site recorded as its parent) and their readiness cannot both be true. Every
#   document of the run is compared, in the same file or in different files; codes
#   are compared ignoring case and surrounding spaces.
# custom:
#   id: ERS-REPO-001
#   severity: error
#   stage: planning
#   seed: "2. Obtain an Organisation Data Service (ODS) code, if required"
#   remedy: |
#     Keep one manifest per organisation: merge the duplicates, or correct the ODS code
#     of the one that is wrong (a site has its own code).
#   example: |
#     organisation:
#       name: Example Community Clinic Ltd
#       odsCode: "8HV48"   # this organisation's own code, in this manifest only
package erslint.run.repo.ods_unique

import data.erslint.lib

# keyed holds [code, index] for each document's ODS code, as compared.
keyed := [[code, i] |
	some i, raw in input.odsCodes
	code := lib.normal_ods_code(raw)
]

# groups holds the indexes of each set of documents that share an ODS code, in
# document order; undefined when no code is shared.
groups := lib.duplicate_groups(keyed) if {
	lib.has_duplicates([code | some [code, _] in keyed])
}

deny contains lib.run_finding(i, msg, ["organisation", "odsCode"]) if {
	some group in groups
	some i in group
	others := lib.others_in(group, i, input.odsLines)
	msg := sprintf("ODS code %s is also the organisation ODS code in %s; each organisation is described by one manifest", [
		lib.clip(input.odsCodes[i]), others,
	])
}
