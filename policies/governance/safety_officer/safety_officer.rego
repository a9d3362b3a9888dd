# METADATA
# title: A named Clinical Safety Officer with a professional registration
# description: |
#   Clinical assurance of the business processes around e-RS needs a named Clinical
#   Safety Officer (CSO). A CSO must be a suitably qualified and experienced clinician,
#   trained for the role, with a current registration with a professional body, so the
#   manifest records both the officer's name and that registration.
# custom:
#   id: ERS-GOV-004
#   severity: error
#   stage: pre-go-live
#   seed: "4. Complete all governance checks"
#   remedy: |
#     Appoint a Clinical Safety Officer who is a registered clinician trained for the
#     role, and record their name and professional registration (body and number, e.g.
#     GMC 1234567) under governance.clinicalSafety.officer.
#   example: |
#     governance:
#       clinicalSafety:
#         officer:
#           name: Dr A Example
#           registration: GMC 1234567
package erslint.rules.governance.safety_officer

import data.erslint.lib

officer := ["governance", "clinicalSafety", "officer"]

# what is required of the officer, and how each missing piece is described.
required := {
	"name": "no Clinical Safety Officer is named (governance.clinicalSafety.officer.name)",
	"registration": "the Clinical Safety Officer's professional registration is not recorded (governance.clinicalSafety.officer.registration)",
}

# No officer recorded (neither a name nor a registration) is one missing thing,
# so one finding, at the officer: two, one per field, would both point at the
# same nearest parent.
deny contains lib.finding(msg, officer) if {
	is_object(input) # a document that is not a mapping is the schema check's to report
	count(recorded) == 0
	msg := message("no Clinical Safety Officer is recorded (governance.clinicalSafety.officer, with name and registration)")
}

# An officer with one of the two recorded: the other is reported where it belongs.
deny contains lib.finding(msg, array.concat(officer, [field])) if {
	count(recorded) == 1
	some field, problem in required
	not field in recorded
	msg := message(problem)
}

# recorded holds the officer's fields given as text with more than spaces.
recorded contains field if {
	some field, _ in required
	lib.filled(input.governance.clinicalSafety.officer[field])
}

message(problem) := sprintf("%s: e-RS clinical assurance needs a named Clinical Safety Officer with a current professional registration", [problem])
