package history

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/erslint/erslint/pkg/readfile"
)

// MaxBytes bounds a history read back (lint --history): a year of weeks over
// 10,000 organisations is about 12 MB.
const MaxBytes = 256 << 20

// Read reads a history written by erslint history, within MaxBytes, and
// checks what the dashboard draws from it.
func Read(path string) (*History, error) {
	data, err := readfile.Bounded(path, MaxBytes)
	if err != nil {
		return nil, fmt.Errorf("--history %s: %w", path, err)
	}
	h, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("--history %s: %w", path, err)
	}
	return h, nil
}

// Parse reads a history.
func Parse(data []byte) (*History, error) {
	var h History
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&h); err != nil {
		return nil, fmt.Errorf("not a history of erslint history: %v", err)
	}
	if dec.More() {
		return nil, errors.New("not a history: more than one JSON value")
	}
	if h.SchemaVersion != SchemaVersion {
		return nil, fmt.Errorf("history schemaVersion %d is not one this erslint reads (%d)", h.SchemaVersion, SchemaVersion)
	}
	if len(h.Points) > MaxPoints {
		return nil, fmt.Errorf("%d points, over the limit of %d", len(h.Points), MaxPoints)
	}
	for _, d := range []string{h.Since, h.Until} {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			return nil, fmt.Errorf("%q is not a date YYYY-MM-DD", d)
		}
	}
	for i, p := range h.Points {
		if _, err := time.Parse(time.DateOnly, p.Date); err != nil {
			return nil, fmt.Errorf("point %d: %q is not a date YYYY-MM-DD", i+1, p.Date)
		}
		if i > 0 && p.Date <= h.Points[i-1].Date {
			return nil, fmt.Errorf("point %d: %s is not after %s", i+1, p.Date, h.Points[i-1].Date)
		}
		v := p.Verdicts
		if v.Ready < 0 || v.AtRisk < 0 || v.Blocked < 0 || p.Organisations < 0 {
			return nil, fmt.Errorf("point %d: a negative count", i+1)
		}
	}
	for _, o := range h.Organisations {
		if len(o.Verdicts) != len(h.Points) {
			return nil, fmt.Errorf("organisation %q: %d verdicts for %d points", o.Name, len(o.Verdicts), len(h.Points))
		}
	}
	return &h, nil
}
