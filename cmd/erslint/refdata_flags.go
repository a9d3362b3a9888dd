package main

import (
	"fmt"

	"github.com/erslint/erslint/pkg/config"
	"github.com/erslint/erslint/pkg/refdata"
	"github.com/spf13/pflag"
)

// refDataFlag is --reference-data of lint and forecast.
type refDataFlag struct{ path string }

func (r *refDataFlag) add(fl *pflag.FlagSet) {
	fl.StringVar(&r.path, "reference-data", "", "check the manifests against this reference data of the national register (ODS): an "+
		refdata.Format+" document from erslint refdata import or fetch (default: the configuration's referenceData)")
}

// load reads the reference data of --reference-data, else of the
// configuration, and refuses it when it is invalid or stale on asOf: nil when
// none is given.
func (r *refDataFlag) load(cfg *config.Config, asOf string) (*refdata.Document, error) {
	path, where := r.path, "--reference-data"
	if path == "" {
		path, where = cfg.RefData, cfg.File+": referenceData"
	}
	if path == "" {
		return nil, nil
	}
	d, err := refdata.Load(path, refdata.DefaultLimit)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	maxAge := refdata.DefaultMaxAge
	if cfg.RefDataMaxAge != nil {
		maxAge = *cfg.RefDataMaxAge
	}
	if err := d.CheckFresh(asOf, maxAge); err != nil {
		return nil, fmt.Errorf("%s %s: %w", where, path, err)
	}
	return d, nil
}
