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

# lib.filled written out as two cases, one per body (not text, or text of only
# spaces), with references and built-ins: every document goes through this,
# and a function call costs more than the tests.
deny contains lib.finding(msg, array.concat(officer, [field])) if {
	is_object(input) # a document that is not a mapping is the schema check's to report
	some field, problem in required
	not is_string(object.get(input, ["governance", "clinicalSafety", "officer", field], null))
	msg := message(problem)
}

deny contains lib.finding(msg, array.concat(officer, [field])) if {
	some field, problem in required
	value := input.governance.clinicalSafety.officer[field]
	is_string(value)
	trim_space(value) == ""
	msg := message(problem)
}

message(problem) := sprintf("%s: e-RS clinical assurance needs a named Clinical Safety Officer with a current professional registration", [problem])
