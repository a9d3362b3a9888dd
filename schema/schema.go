// Package schema holds the JSON Schema of the onboarding manifest, embedded so the
// binary needs no files beside it.
package schema

import _ "embed"

// ManifestV1 is the JSON Schema (draft 2020-12) of manifest version 1.
//
//go:embed manifest-v1.schema.json
var ManifestV1 []byte

// ManifestV1ID is the schema's $id.
const ManifestV1ID = "https://erslint.dev/schema/manifest-v1.json"

// Config is the JSON Schema of the configuration file, .erslint.yaml.
//
//go:embed config.schema.json
var Config []byte

// ConfigID is the configuration schema's $id.
const ConfigID = "https://erslint.dev/schema/config-v1.json"
