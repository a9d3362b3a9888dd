// Package reportschema checks erslint's JSON outputs against their JSON
// Schemas (schema/report.schema.json, forecast.schema.json, history.schema.json), for tests.
package reportschema

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/erslint/erslint/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

var compiled = sync.OnceValues(func() (map[string]*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	for id, raw := range map[string][]byte{schema.ReportID: schema.Report, schema.ForecastID: schema.Forecast, schema.HistoryID: schema.History} {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			return nil, fmt.Errorf("read schema %s: %w", id, err)
		}
		if err := c.AddResource(id, doc); err != nil {
			return nil, fmt.Errorf("load schema %s: %w", id, err)
		}
	}
	out := map[string]*jsonschema.Schema{}
	for _, id := range []string{schema.ReportID, schema.ForecastID, schema.HistoryID} {
		s, err := c.Compile(id)
		if err != nil {
			return nil, fmt.Errorf("compile schema %s: %w", id, err)
		}
		out[id] = s
	}
	return out, nil
})

// Report checks a JSON report (erslint lint --format json).
func Report(data []byte) error { return check(schema.ReportID, data) }

// Forecast checks a look-ahead (erslint forecast --format json).
func Forecast(data []byte) error { return check(schema.ForecastID, data) }

// History checks a history (erslint history).
func History(data []byte) error { return check(schema.HistoryID, data) }

func check(id string, data []byte) error {
	schemas, err := compiled()
	if err != nil {
		return err
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	return schemas[id].Validate(v)
}
