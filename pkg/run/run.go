// Package run builds one run of erslint from what the command line and the
// configuration file decide, the same way for every command that lints (lint,
// forecast, and the commands built on them): the configuration, the custom
// policies, the assessment date and fail level, the inputs with their exclude
// globs, the whole-repository context and the Linter. A command adds only what
// is its own (its reports, its look-ahead), so two commands given the same
// tree and settings reach the same verdict.
package run

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"time"

	"github.com/erslint/erslint/pkg/config"
	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/lint"
	"github.com/erslint/erslint/pkg/manifest"
	"github.com/erslint/erslint/pkg/policy"
	"github.com/erslint/erslint/pkg/refdata"
)

// Settings are what the command line says, before the configuration file fills
// in what it leaves out. Flags override the configuration file, which
// overrides the defaults.
type Settings struct {
	ConfigPath string          // --config; "" searches upwards from the working directory
	PolicyDirs []string        // --policy, after the configuration's policies
	Limits     manifest.Limits // --max-*: bounds every file the run reads
	// AsOf is --as-of; with AsOfGiven false, today (UTC). Given, it must be a
	// date: an empty --as-of is refused, never read as today.
	AsOf      string
	AsOfGiven bool
	// FailLevel is --fail-level; "" takes the configuration's, else error.
	FailLevel    string
	Jobs         int           // --jobs; 0: one per CPU
	EvalTimeout  time.Duration // --eval-timeout
	Exclude      []string      // --exclude, besides the configuration's exclude
	ForceExclude bool          // --force-exclude: named files are treated as walked
	// Context is --context: the directory whose manifests the cross-manifest
	// rules compare given files with; "" finds it, "none" turns it off.
	Context string
	// RefData is --reference-data; "" takes the configuration's
	// referenceData, else none.
	RefData string
}

// Run is a run prepared from Settings and the configuration file.
type Run struct {
	Settings
	Config    *config.Config
	AsOf      string           // the assessment date, checked
	FailLevel finding.Severity // what fails the run
	Policies  []policy.Source  // the custom policies: the configuration's, then --policy
	// RefData is the reference data (spec §8), valid and fresh on AsOf; nil
	// when none was given.
	RefData  *refdata.Document
	excludes []lint.Exclude
}

// New reads the configuration file and the custom policies and checks the
// settings.
func New(s Settings) (*Run, error) {
	cfg, err := loadConfig(s.ConfigPath, s.Limits)
	if err != nil {
		return nil, err
	}
	r := &Run{Settings: s, Config: cfg}
	if r.AsOf, err = AssessmentDate(s.AsOf, s.AsOfGiven); err != nil {
		return nil, err
	}
	level := s.FailLevel
	if level == "" {
		level = cfg.FailLevel
	}
	if level == "" {
		level = "error"
	}
	if r.FailLevel, err = finding.ParseFailLevel(level); err != nil {
		if s.FailLevel == "" && cfg.File != "" {
			return nil, fmt.Errorf("%s: failLevel: %w", cfg.File, err)
		}
		return nil, fmt.Errorf("--fail-level: %w", err)
	}
	r.excludes = []lint.Exclude{{Base: cfg.ExcludeBase, Patterns: cfg.Exclude}, {Patterns: s.Exclude}}
	for i, e := range r.excludes {
		if err := e.Check(); err != nil {
			if i == 0 && cfg.File != "" {
				return nil, fmt.Errorf("%s: %w", cfg.File, err)
			}
			return nil, fmt.Errorf("--exclude: %w", err)
		}
	}
	if r.Policies, err = LoadPolicies(cfg, s.PolicyDirs, s.Limits); err != nil {
		return nil, err
	}
	if r.RefData, err = loadRefData(s.RefData, cfg, r.AsOf); err != nil {
		return nil, err
	}
	return r, nil
}

// loadRefData reads the reference data of --reference-data (flag), else of
// the configuration, and refuses it when it is invalid or stale on asOf.
func loadRefData(flag string, cfg *config.Config, asOf string) (*refdata.Document, error) {
	path, where := flag, "--reference-data"
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

// AssessmentDate is --as-of checked as every rule needs it, or today (UTC)
// when it was not given.
func AssessmentDate(asOf string, given bool) (string, error) {
	if asOf == "" {
		if given {
			return "", errors.New("--as-of: the date is empty; give a date YYYY-MM-DD, or leave --as-of out for today")
		}
		return time.Now().UTC().Format(time.DateOnly), nil
	}
	if err := lint.CheckAsOf(asOf); err != nil {
		return "", fmt.Errorf("--as-of: %w", err)
	}
	return asOf, nil
}

// LoadConfig reads the configuration file: the one named, or the nearest
// .erslint.yaml upwards from the working directory; an empty Config when
// there is none. Every file erslint reads is bounded by limits.
func loadConfig(path string, limits manifest.Limits) (*config.Config, error) {
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
	return config.LoadLimited(path, limits)
}

// LoadConfig is loadConfig for the commands that read the configuration but
// lint nothing (rules, explain, bundle, test).
func LoadConfig(path string, limits manifest.Limits) (*config.Config, error) {
	return loadConfig(path, limits)
}

// LoadPolicies reads the custom policies of the configuration file, then of
// dirs.
func LoadPolicies(cfg *config.Config, dirs []string, limits manifest.Limits) ([]policy.Source, error) {
	var out []policy.Source
	for _, dir := range append(append([]string{}, cfg.Policies...), dirs...) {
		srcs, err := policy.FromDirLimit(dir, limits.WithDefaults().MaxFileBytes)
		if err != nil {
			return nil, fmt.Errorf("custom policies %s: %w", dir, err)
		}
		out = append(out, srcs...)
	}
	return out, nil
}

// RuleSettings turns the configuration's rules into the linter's.
func RuleSettings(cfg *config.Config) map[string]lint.RuleSetting {
	out := make(map[string]lint.RuleSetting, len(cfg.Rules))
	for id, r := range cfg.Rules {
		out[id] = lint.RuleSetting{Disabled: r.Disabled, Severity: r.Severity}
	}
	return out
}

// PlaceConfigError points an unknown rule in the configuration at its line.
func PlaceConfigError(cfg *config.Config, err error) error {
	var unknown *lint.UnknownRuleError
	if errors.As(err, &unknown) && cfg.File != "" {
		return cfg.RuleError(unknown.ID, "%s", unknown.Error())
	}
	return err
}

// Linter prepares the run's Linter of opts (LinterOptions, and what the
// command adds): the built-in and custom rules compiled with the
// configuration's rule settings, at the assessment date.
func (r *Run) Linter(ctx context.Context, opts lint.Options) (*lint.Linter, error) {
	l, err := lint.New(ctx, opts)
	if err != nil {
		return nil, PlaceConfigError(r.Config, err)
	}
	return l, nil
}

// LinterOptions are the lint.Options of the run.
func (r *Run) LinterOptions(progress func(done, total int)) lint.Options {
	return lint.Options{AsOf: r.AsOf, Jobs: r.Jobs, Policies: r.Policies, EvalTimeout: r.EvalTimeout,
		Rules: maps.Clone(RuleSettings(r.Config)), Limits: r.Limits, Progress: progress, RefData: r.RefData}
}

// Inputs collects the files under args (- is stdin), leaves out what the
// exclude globs match (named files only with --force-exclude), and returns a
// NoManifestsError when nothing is left.
func (r *Run) Inputs(args []string, stdin io.Reader) ([]lint.Input, error) {
	inputs, err := lint.Collect(args, stdin)
	if err != nil {
		return nil, err
	}
	if r.ForceExclude {
		for i := range inputs {
			if inputs[i].Path != "" {
				inputs[i].Walked = true
			}
		}
	}
	inputs, excluded := r.exclude(inputs)
	if len(inputs) == 0 {
		return nil, &lint.NoManifestsError{Paths: args, Excluded: excluded}
	}
	return inputs, nil
}

// exclude leaves out the walked files that an exclude glob matches.
func (r *Run) exclude(inputs []lint.Input) ([]lint.Input, int) {
	total := 0
	for _, e := range r.excludes {
		var n int
		inputs, n = e.Filter(inputs)
		total += n
	}
	return inputs, total
}
