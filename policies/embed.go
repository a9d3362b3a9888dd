// Package policies embeds erslint's built-in Rego rules: one folder per rule,
// policies/<area>/<slug>/<slug>.rego with its _test.rego beside it, and the shared
// helpers in policies/lib.
package policies

import "embed"

// FS holds every built-in .rego file, tests included (the engine skips them).
//
//go:embed */*.rego */*/*.rego
var FS embed.FS
