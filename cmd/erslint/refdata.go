package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/manifest"
	"github.com/erslint/erslint/pkg/readfile"
	"github.com/erslint/erslint/pkg/refdata"
	"github.com/spf13/cobra"
)

func newRefDataCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "refdata",
		Short: "Build reference data of the national register (ODS) for --reference-data",
		Long: `Build the reference data document (` + refdata.Format + `) that lint and forecast check
manifests against with --reference-data: from the files NHS England publishes (import),
or by looking up the codes of your manifests through the ODS API (fetch).

Contains public sector information licensed under the Open Government Licence v3.0
(Organisation Data Service, NHS England).`,
	}
	cmd.AddCommand(newRefDataImportCommand(), newRefDataFetchCommand())
	return cmd
}

func newRefDataImportCommand() *cobra.Command {
	var output, extracted string
	cmd := &cobra.Command{
		Use:   "import --output FILE INPUT...",
		Short: "Build reference data from ODS CSV reports and ODS API responses",
		Long: `Build reference data from what NHS England publishes:

- the headerless 27-column CSV reports of ODS Data Search and Export (and the older
  download files of the same layout), the report named by the file's base name or
  as REPORT=PATH: ` + refdata.ReportNames() + `;
- ODS API responses saved as JSON: ORD 2-0-0 organisations/{code} records, FHIR R4
  Organization resources or Bundles of them.

The document covers the roles of every report read (etr: RO197, ets: RO198, eccg:
RO98 and RO319, ephp: RO172, ephpsite: RO176, epraccur: RO177 and RO76); API records
add organisations but cover no role. A malformed row, a bad date or a code given
twice with different data stops the import (exit 2, naming file and line), and FILE
is not written.`,
		Example: `  erslint refdata import --output ods.json etr.csv eccg.csv epraccur.csv ephp.csv
  erslint refdata import --output ods.json etr=downloads/trusts-2026-11.csv ord-QE1.json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if output == "" {
				return usageError{fmt.Errorf("--output FILE is required")}
			}
			if extracted == "" {
				extracted = time.Now().UTC().Format(time.DateOnly)
			}
			doc, err := refdata.Import(args, extracted, refdata.DefaultLimit)
			if err != nil {
				return err
			}
			if err := writeFileWith(output, doc.Write); err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "erslint: %s: %d organisations, covering %s\n", output, len(doc.Organisations), strings.Join(doc.Covers, " "))
			return nil
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "write the reference data to this file (required)")
	cmd.Flags().StringVar(&extracted, "extracted", "", "the day the inputs were extracted from ODS, YYYY-MM-DD (default today, UTC): the data is stale 90 days later")
	return cmd
}

func newRefDataFetchCommand() *cobra.Command {
	var output string
	f := refdata.Fetcher{}
	var limits *manifest.Limits
	cmd := &cobra.Command{
		Use:   "fetch --output FILE [PATH...]",
		Short: "Build reference data by looking up your manifests' ODS codes through the ODS API",
		Long: `Build reference data for the manifests under PATH (default .) without downloading
national files: every organisation's own ODS code and its commissioners' codes are
looked up, one request each, through the ODS API (ORD 2-0-0 organisations/{code}),
at most 5 requests a second; an answer 429 (after its Retry-After) or 5xx is retried
with a growing wait. A code the API does not know is listed, not fatal. The
document covers no role (looked-up codes are not the whole register), so ERS-REF-001
and a missing commissioner (ERS-REF-004) need imported reports.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if output == "" {
				return usageError{fmt.Errorf("--output FILE is required")}
			}
			if f.Rate <= 0 || f.Rate > 5 {
				return usageError{fmt.Errorf("--rate %g: want more than 0 and at most 5 requests a second", f.Rate)}
			}
			if len(args) == 0 {
				args = []string{"."}
			}
			codes, err := manifestCodes(args, *limits)
			if err != nil {
				return err
			}
			if len(codes) == 0 {
				return fmt.Errorf("no ODS code in the manifests under %s: nothing to look up", strings.Join(args, " "))
			}
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			recs, unknown, err := f.Fetch(ctx, codes)
			if err != nil {
				return err
			}
			b := refdata.NewBuilder()
			b.Source(fmt.Sprintf("ODS API %s: %d organisation record(s)", f.Base, len(recs)))
			for _, r := range recs {
				if err := b.Add(r.Code, r.Org, "ODS API "+r.Code); err != nil {
					return err
				}
			}
			doc, err := b.Document(time.Now().UTC().Format(time.DateOnly))
			if err != nil {
				return err
			}
			if err := writeFileWith(output, doc.Write); err != nil {
				return err
			}
			if len(unknown) > 0 {
				fmt.Fprintf(os.Stderr, "erslint: the ODS API does not know %s\n", strings.Join(unknown, ", "))
			}
			fmt.Fprintf(os.Stderr, "erslint: %s: %d of %d codes found\n", output, len(doc.Organisations), len(codes))
			return nil
		},
	}
	fl := cmd.Flags()
	limits = addLimitFlags(fl)
	fl.StringVarP(&output, "output", "o", "", "write the reference data to this file (required)")
	fl.StringVar(&f.Base, "api", refdata.DefaultAPI, "base URL of the ODS ORD API")
	fl.Float64Var(&f.Rate, "rate", 5, "requests a second, at most 5")
	fl.DurationVar(&f.Timeout, "timeout", 30*time.Second, "time limit for one request")
	fl.IntVar(&f.Retries, "retries", 4, "retries of a request answered 429 or 5xx, or not answered")
	return cmd
}

// manifestCodes are the ODS codes the manifests under paths name: each
// organisation's own and its contracts' commissioners', upper-cased.
func manifestCodes(paths []string, lim manifest.Limits) ([]string, error) {
	lim = lim.WithDefaults()
	inputs, err := lint.Collect(paths, os.Stdin)
	if err != nil {
		return nil, err
	}
	var codes []string
	add := func(v any) {
		if s, ok := v.(string); ok {
			if c := strings.ToUpper(strings.TrimSpace(s)); refdata.ValidCode(c) {
				codes = append(codes, c)
			}
		}
	}
	for _, in := range inputs {
		var src []byte
		switch {
		case in.Err != nil:
			continue // the lint run reports it
		case in.Data != nil:
			src = in.Data
		case in.Reader != nil:
			if src, err = readfile.All(in.Reader, lim.MaxFileBytes); err != nil {
				return nil, fmt.Errorf("read %s: %w", in.Name, err)
			}
		default:
			if src, err = readfile.Bounded(in.Path, lim.MaxFileBytes); err != nil {
				return nil, fmt.Errorf("read %s: %w", in.Name, err)
			}
		}
		for _, doc := range manifest.Parse(in.Name, src, lim).Documents {
			m, _ := doc.Data.(map[string]any)
			org, _ := m["organisation"].(map[string]any)
			add(org["odsCode"])
			services, _ := m["services"].([]any)
			for _, s := range services {
				sm, _ := s.(map[string]any)
				contracts, _ := sm["contracts"].([]any)
				for _, c := range contracts {
					cm, _ := c.(map[string]any)
					comm, _ := cm["commissioner"].(map[string]any)
					add(comm["odsCode"])
				}
			}
		}
	}
	slices.Sort(codes)
	return slices.Compact(codes), nil
}
