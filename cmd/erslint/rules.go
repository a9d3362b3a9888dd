package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/erslint/erslint/pkg/config"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/policy"
	"github.com/erslint/erslint/pkg/ruledoc"
	"github.com/erslint/erslint/schema"
	"github.com/spf13/cobra"
)

// catalogue loads the built-in rules and the custom ones of the configuration
// file and --policy.
func catalogue(ctx context.Context, s *settings) ([]policy.Rule, error) {
	rules, _, err := configuredCatalogue(ctx, s)
	return rules, err
}

// configuredCatalogue is catalogue with the configuration file it read.
func configuredCatalogue(ctx context.Context, s *settings) ([]policy.Rule, *config.Config, error) {
	cfg, err := s.load()
	if err != nil {
		return nil, nil, err
	}
	extra, err := s.policies(cfg)
	if err != nil {
		return nil, nil, err
	}
	l, err := lint.New(ctx, lint.Options{AsOf: "2000-01-01", Policies: extra, Rules: ruleSettings(cfg)})
	if err != nil {
		return nil, nil, placeConfigError(cfg, err)
	}
	return l.Rules(), cfg, nil
}

func newRulesCommand() *cobra.Command {
	var format string
	var s settings
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List every rule: ID, severity, stage, title, and what the configuration changes",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			rules, cfg, err := configuredCatalogue(cmd.Context(), &s)
			if err != nil {
				return err
			}
			overrides := map[string]ruledoc.Setting{}
			for id, r := range cfg.Rules {
				overrides[id] = ruledoc.Setting{Disabled: r.Disabled, Severity: r.Severity}
			}
			switch format {
			case "text":
				return ruledoc.ConfiguredTable(os.Stdout, rules, overrides, cfg.File)
			case "json":
				return ruledoc.ConfiguredJSON(os.Stdout, rules, overrides)
			}
			return usageError{fmt.Errorf("--format: unknown format %q (want text or json)", format)}
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "text or json")
	s.addFlags(cmd)
	return cmd
}

func newExplainCommand() *cobra.Command {
	var s settings
	cmd := &cobra.Command{
		Use:   "explain [ID]",
		Short: "Show a rule's rationale, seed section, remedy and an example fix; without ID, list the IDs",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			rules, err := catalogue(cmd.Context(), &s)
			if err != nil {
				return err
			}
			if len(args) == 0 {
				fmt.Println("erslint explain ID shows one of these rules:")
				tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
				for _, r := range rules {
					fmt.Fprintf(tw, "  %s\t%s\n", r.ID, r.Title)
				}
				return tw.Flush()
			}
			id := strings.ToUpper(strings.TrimSpace(args[0]))
			for _, r := range rules {
				if r.ID == id {
					return ruledoc.Explain(os.Stdout, r)
				}
			}
			return usageError{fmt.Errorf("no rule %s; `erslint rules` lists them", args[0])}
		},
	}
	s.addFlags(cmd)
	return cmd
}

func newSchemaCommand() *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of the manifest, or write it with --output",
		Long: `Print the JSON Schema (draft 2020-12) of manifest version 1, or write it to a file.

Editors that use the YAML language server check and complete a manifest whose
first line names the schema, relative to the manifest:
  erslint schema --output manifests/` + schemaFileName + `
  # yaml-language-server: $schema=./` + schemaFileName + `   (first line of manifests/*.yaml)
erslint init writes both for a new manifest.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if output != "" {
				return writeFileAtomic(output, schema.ManifestV1)
			}
			_, err := os.Stdout.Write(schema.ManifestV1)
			return err
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "write the schema to this file (replaced whole) instead of standard output")
	return cmd
}

func newVersionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print erslint's version, VCS revision, build date and Go version",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			fmt.Print(readBuildInfo().String())
			return nil
		},
	}
}
