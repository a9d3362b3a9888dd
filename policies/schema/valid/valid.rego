# METADATA
# title: The document is valid YAML and matches the manifest schema
# description: |
#   erslint can only check what it can read. Each YAML syntax error, each key the
#   schema does not know (typos must not pass silently), each value of the wrong type
#   or outside its allowed values, and each missing required key is one finding at the
#   node it is about. YAML traps are named with a fix: `yes`/`no` where true/false is
#   meant, unquoted numbers that lose a leading zero, duplicate keys; so are files over
#   the input limits. The Go engine produces these findings from the JSON Schema
#   (`erslint schema`); this package holds only the rule's metadata.
# custom:
#   id: ERS-SCHEMA-001
#   severity: error
#   stage: planning
#   seed: "Key considerations before going live with e-RS"
#   remedy: |
#     Fix the YAML at the line given: use the exact key names of manifest v1, quote
#     codes and other text that looks like a number, write booleans as true or false,
#     and give the required keys apiVersion, kind, metadata.name, stage and
#     organisation (name, type, newToErs).
#   example: |
#     # yaml-language-server: $schema=./manifest-v1.schema.json
#     apiVersion: ers-onboarding/v1
#     kind: OnboardingManifest
#     metadata:
#       name: example-clinic
#     stage: planning
#     organisation:
#       name: Example Community Clinic Ltd
#       type: independent-sector-provider
#       odsCode: "8HV48"
#       newToErs: true
package erslint.engine.schema.valid
