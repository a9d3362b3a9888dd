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

# input.documents: one entry per document of the run, with id, file, name,
# odsCode and odsLine (the engine passes only the keys compared).
deny contains lib.run_finding(doc.id, msg, ["organisation", "odsCode"]) if {
	some doc in input.documents
	code := lib.normal_ods_code(doc.odsCode)
	others := [lib.where(other, "odsLine") |
		some other in input.documents
		other.id != doc.id
		lib.normal_ods_code(other.odsCode) == code
	]
	count(others) > 0
	msg := sprintf("ODS code %s is also the organisation ODS code in %s; each organisation is described by one manifest", [
		doc.odsCode, concat(", ", others),
	])
}
