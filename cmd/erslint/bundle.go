package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/erslint/erslint/pkg/bundle"
	"github.com/erslint/erslint/pkg/refdata"
	"github.com/spf13/cobra"
)

type bundleFlags struct {
	settings
	output  string
	tests   bool
	refData string
}

func newBundleCommand() *cobra.Command {
	var f bundleFlags
	cmd := &cobra.Command{
		Use:   "bundle --output FILE.tar.gz|DIR",
		Short: "Build an OPA bundle of the rules, for opa run --server (see docs/bundle.md)",
		Long: `Build an OPA bundle of erslint's rules: the built-in policies, the custom policies
and rule settings of the configuration file, the rule metadata as data, and one
decision, data.erslint.decision.findings:

  POST /v1/data/erslint/decision/findings
  {"input": {"manifest": {...}, "asOf": "2026-11-24"}}

answers the findings erslint lint --format json reports for that manifest
document, without file, line and column. An --output ending in .tar.gz or .tgz
is written as a bundle file; any other is a directory (new or empty).`,
		Example: `  erslint bundle --output erslint-bundle.tar.gz
  opa run --server --addr 127.0.0.1:8181 --bundle erslint-bundle.tar.gz`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.output == "" {
				return usageError{errors.New("--output is required: a .tar.gz file or a directory")}
			}
			cfg, err := f.load()
			if err != nil {
				return err
			}
			extra, err := f.policies(cfg)
			if err != nil {
				return err
			}
			opts := bundle.Options{Policies: extra, Settings: ruleSettings(cfg), Tests: f.tests, Version: erslintVersion()}
			if f.refData != "" {
				// Checked as lint checks it; staleness is the server's
				// requests' to judge (docs/bundle.md: refreshing the data).
				if opts.RefData, err = refdata.Load(f.refData, refdata.DefaultLimit); err != nil {
					return fmt.Errorf("--reference-data: %w", err)
				}
			}
			b, err := bundle.Build(cmd.Context(), opts)
			if err != nil {
				return placeConfigError(cfg, err)
			}
			if strings.HasSuffix(f.output, ".tar.gz") || strings.HasSuffix(f.output, ".tgz") {
				err = writeFileWith(f.output, b.WriteTarGz)
			} else {
				err = b.WriteDir(f.output)
			}
			if err != nil {
				return err
			}
			_, err = io.WriteString(os.Stderr, "erslint: bundle "+b.Revision+" written to "+f.output+"\n")
			return err
		},
	}
	cmd.Flags().StringVarP(&f.output, "output", "o", "", "bundle file (.tar.gz, .tgz) or directory to write")
	cmd.Flags().BoolVar(&f.tests, "tests", false, "include the policies' _test.rego files (for opa test)")
	cmd.Flags().StringVar(&f.refData, "reference-data", "", "serve this reference data of the national register (an "+refdata.Format+" document) as data.erslint.refdata, so the ERS-REF rules run")
	f.addFlags(cmd)
	return cmd
}
