package main

import (
	"github.com/erslint/erslint/pkg/config"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/manifest"
	"github.com/erslint/erslint/pkg/policy"
	"github.com/erslint/erslint/pkg/run"
	"github.com/spf13/cobra"
)

// settings are what the configuration file and the flags shared by every
// command that reads it decide: --config and --policy.
type settings struct {
	configPath string
	policyDirs []string
	limits     *manifest.Limits // bounds every file read; nil: the defaults
}

func (s *settings) addFlags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&s.configPath, "config", "", "configuration file (default: "+config.FileName+" or "+config.AltFileName+", searched upwards from the working directory)")
	cmd.Flags().StringArrayVar(&s.policyDirs, "policy", nil, "directory of extra Rego policies (repeatable)")
}

// load reads the configuration file: the one named by --config, or the nearest
// .erslint.yaml; an empty Config when there is none.
func (s *settings) load() (*config.Config, error) {
	return run.LoadConfig(s.configPath, s.fileLimits())
}

// fileLimits are the bounds of every file the command reads.
func (s *settings) fileLimits() manifest.Limits {
	if s.limits == nil {
		return manifest.DefaultLimits
	}
	return *s.limits
}

// policies reads the custom policies of the configuration file, then --policy.
func (s *settings) policies(cfg *config.Config) ([]policy.Source, error) {
	return run.LoadPolicies(cfg, s.policyDirs, s.fileLimits())
}

// ruleSettings turns the configuration's rules into the linter's.
func ruleSettings(cfg *config.Config) map[string]lint.RuleSetting { return run.RuleSettings(cfg) }

// placeConfigError points an unknown rule in the configuration at its line.
func placeConfigError(cfg *config.Config, err error) error { return run.PlaceConfigError(cfg, err) }
