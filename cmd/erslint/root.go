package main

import (
	"runtime/debug"
	"strings"

	"github.com/erslint/erslint/cmd/erslint/internal/startgc"
	"github.com/spf13/cobra"
)

// version is set at release time with -ldflags "-X main.version=v1.2.3".
var version = ""

func erslintVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}

func newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "erslint",
		Short: "Lint NHS e-Referral Service onboarding manifests",
		Long: `erslint checks that an organisation's onboarding manifest meets the prerequisites
for using the web-based NHS e-Referral Service (e-RS): contracts, ODS code,
Registration Authority, governance, devices, access and go-live.

` + exitStatusHelp,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       erslintVersion(),
		// The collector starts at lint's pace (internal/startgc); lint and
		// forecast tune it for their run (tuneGC), the others go back to
		// Go's default: a language server or a history must not hold five
		// times its live heap.
		PersistentPreRun: func(cmd *cobra.Command, _ []string) {
			if name := cmd.Name(); name != "lint" && name != "forecast" {
				startgc.Default()
			}
		},
	}
	// --version prints what `erslint version` does.
	root.SetVersionTemplate(strings.ReplaceAll(readBuildInfo().String(), "{", "{{`{`}}"))
	root.AddCommand(
		newLintCommand(),
		newForecastCommand(),
		newHistoryCommand(),
		newRulesCommand(),
		newExplainCommand(),
		newSchemaCommand(),
		newInitCommand(),
		newTestCommand(),
		newBundleCommand(),
		newRefDataCommand(),
		newVersionCommand(),
		newLSPCommand(),
		newCacheCommand(),
	)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{err}
	})
	return root
}

// usageError marks a bad command line (exit 2, with a hint to --help).
type usageError struct{ error }

func (u usageError) Unwrap() error { return u.error }
