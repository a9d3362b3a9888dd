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

// Report is the JSON Schema of the JSON report (erslint lint --format json).
//
//go:embed report.schema.json
var Report []byte

// ReportID is the report schema's $id.
const ReportID = "https://erslint.dev/schema/report-v1.json"

// Forecast is the JSON Schema of the look-ahead (erslint forecast --format
// json); it refers to Report.
//
//go:embed forecast.schema.json
var Forecast []byte

// ForecastID is the look-ahead schema's $id.
const ForecastID = "https://erslint.dev/schema/forecast-v1.json"

// History is the JSON Schema of erslint history's output; it refers to Report.
//
//go:embed history.schema.json
var History []byte

// HistoryID is the history schema's $id.
const HistoryID = "https://erslint.dev/schema/history-v1.json"

// RefData is the JSON Schema of the reference data document (ODS,
// erslint-refdata/v1), spec §8.
//
//go:embed refdata-v1.schema.json
var RefData []byte

// RefDataID is the reference data schema's $id.
const RefDataID = "https://erslint.dev/schema/refdata-v1.json"
