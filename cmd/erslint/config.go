package main

import (
	"errors"
	"fmt"

	"github.com/erslint/erslint/pkg/config"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/manifest"
	"github.com/erslint/erslint/pkg/policy"
	"github.com/spf13/cobra"
)

// settings are what the configuration file and the flags shared by several
// commands decide: --config and --policy.
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
	path := s.configPath
	if path == "" {
		found, err := config.Find(".")
		if err != nil {
			return nil, err
		}
		if found == "" {
			return &config.Config{}, nil
		}
		path = found
	}
	return config.LoadLimited(path, s.fileLimits())
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
	var out []policy.Source
	for _, dir := range append(append([]string{}, cfg.Policies...), s.policyDirs...) {
		srcs, err := policy.FromDirLimit(dir, s.fileLimits().WithDefaults().MaxFileBytes)
		if err != nil {
			return nil, fmt.Errorf("custom policies %s: %w", dir, err)
		}
		out = append(out, srcs...)
	}
	return out, nil
}

// ruleSettings turns the configuration's rules into the linter's.
func ruleSettings(cfg *config.Config) map[string]lint.RuleSetting {
	out := make(map[string]lint.RuleSetting, len(cfg.Rules))
	for id, r := range cfg.Rules {
		out[id] = lint.RuleSetting{Disabled: r.Disabled, Severity: r.Severity}
	}
	return out
}

// placeConfigError points an unknown rule in the configuration at its line.
func placeConfigError(cfg *config.Config, err error) error {
	var unknown *lint.UnknownRuleError
	if errors.As(err, &unknown) && cfg.File != "" {
		return cfg.RuleError(unknown.ID, "%s", unknown.Error())
	}
	return err
}
