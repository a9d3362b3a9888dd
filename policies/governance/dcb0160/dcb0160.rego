# METADATA
# title: The organisation adheres to DCB0160 (dcb0160 is compliant)
# description: |
#   DCB0160 is the clinical risk management standard for organisations that deploy and
#   use health IT (DCB0129 covers the manufacturers); both are mandated under section
#   250 of the Health and Social Care Act 2012. Clinical assurance for e-RS asks for
#   DCB0160 to be adhered to, so only "compliant" passes; "in-progress" and
#   "not-started" do not.
# custom:
#   id: ERS-GOV-005
#   severity: error
#   stage: pre-go-live
#   seed: "4. Complete all governance checks"
#   remedy: |
#     With your Clinical Safety Officer, complete DCB0160 clinical risk management for
#     using e-RS (for example a clinical risk management plan, a hazard log and a
#     clinical safety case report; you may ask to see the e-RS safety case and hazard
#     logs), then set governance.clinicalSafety.dcb0160: compliant.
#   example: |
#     governance:
#       clinicalSafety:
#         officer:
#           name: Dr A Example
#           registration: GMC 1234567
#         dcb0160: compliant
package erslint.rules.governance.dcb0160

import data.erslint.lib

# The value is tested with a plain reference first; a document that is not a
# mapping is the schema check's to report.
deny contains lib.finding(msg, ["governance", "clinicalSafety", "dcb0160"]) if {
	not input.governance.clinicalSafety.dcb0160 == "compliant"
	is_object(input)
	value := object.get(input, ["governance", "clinicalSafety", "dcb0160"], null)
	msg := sprintf(
		"DCB0160 adherence is %s, expected compliant",
		[lib.show_value(value, "not recorded (governance.clinicalSafety.dcb0160)")],
	)
}
