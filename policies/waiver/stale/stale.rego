# METADATA
# title: A waiver matches no finding (stale)
# description: |
#   A waiver that no longer suppresses anything hides nothing today but would silently
#   hide the same gap if it came back. Remove it once the gap is closed. The decision
#   (policies/decision) produces this finding after every check has run on the document,
#   cross-manifest ones included, because only then is it known what each waiver
#   matched; this package holds only the rule's metadata.
#   A waiver already reported as invalid (ERS-WAIVER-001) or expired (ERS-WAIVER-002)
#   is not also reported as stale.
# custom:
#   id: ERS-WAIVER-003
#   severity: warning
#   stage: planning
#   seed: "Key considerations before going live with e-RS"
#   remedy: |
#     Delete the waiver, or correct its rule or path so it names the finding it is
#     meant to accept.
#   example: |
#     waivers:
#       - rule: ERS-GOV-003
#         path: governance
#         reason: Filters on order, delivery 2027-01
#         approvedBy: Clinical Safety Officer
#         expires: "2027-02-01"
package erslint.engine.waiver.stale
