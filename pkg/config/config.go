// Package config reads erslint's configuration file, .erslint.yaml: per-rule
// settings, extra policy directories and defaults for lint's flags. The file is
// checked against its own JSON Schema; any mistake is an error naming file:line.
package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/erslint/erslint/pkg/finding"
	"github.com/erslint/erslint/pkg/manifest"
	"github.com/erslint/erslint/pkg/readfile"
	"github.com/erslint/erslint/pkg/validate"
	"github.com/erslint/erslint/schema"
)

// FileName is the configuration file looked for upwards from the working directory.
const FileName = ".erslint.yaml"

// AltFileName is found too; a directory holding both is an error, not a guess.
const AltFileName = ".erslint.yml"

// Config is a parsed configuration file.
type Config struct {
	File      string
	Rules     map[string]Rule
	Policies  []string // directories, relative to the working directory
	FailLevel string   // empty: not set
	Format    string   // empty: not set
	// CacheOff and CacheMaxSize are the cache's settings (cache.enabled false,
	// cache.maxSize); CacheMaxSize is "" when not set.
	CacheOff     bool
	CacheMaxSize string
	// Exclude are the globs of paths left out of a directory walk, relative
	// to ExcludeBase, the configuration file's directory.
	Exclude     []string
	ExcludeBase string
	// RefData is the reference data file (spec §8), relative to the
	// working directory; empty: none. RefDataMaxAge is its age limit in
	// days; nil when not set.
	RefData       string
	RefDataMaxAge *int

	doc *manifest.Document // for the position of a rule's settings
}

// Rule is one rule's settings.
type Rule struct {
	Disabled bool
	Severity finding.Severity // 0: the rule's own
}

// Error is a mistake in the configuration file, at a place in it.
type Error struct {
	File         string
	Line, Column int
	Message      string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Message)
}

// Find looks for FileName or AltFileName in dir and its parents; "" when there
// is none. Both in one directory is an error: which one was meant is not a
// thing to guess.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("find %s: %w", FileName, err)
	}
	for {
		var found []string
		for _, name := range []string{FileName, AltFileName} {
			p := filepath.Join(dir, name)
			if _, err := os.Stat(p); err == nil {
				found = append(found, p)
			} else if !errors.Is(err, fs.ErrNotExist) {
				return "", fmt.Errorf("find %s: %w", name, err)
			}
		}
		switch len(found) {
		case 1:
			return found[0], nil
		case 2:
			return "", fmt.Errorf("both %s and %s are in %s: keep one (or name it with --config)", FileName, AltFileName, dir)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// Load reads and checks a configuration file within manifest.DefaultLimits.
func Load(path string) (*Config, error) { return LoadLimited(path, manifest.DefaultLimits) }

// LoadLimited reads and checks a configuration file within the limits of a
// manifest: a file over lim.MaxFileBytes, or one that is not a regular file (a
// named pipe, a link to /dev/zero), is refused without being read whole or
// waited on.
func LoadLimited(path string, lim manifest.Limits) (*Config, error) {
	lim = lim.WithDefaults()
	src, err := readfile.Bounded(path, lim.MaxFileBytes)
	if err != nil {
		return nil, fmt.Errorf("read configuration %s: %w", path, err)
	}
	return parse(path, src, lim)
}

// parse checks the text of a configuration file.
func parse(path string, src []byte, lim manifest.Limits) (*Config, error) {
	f := manifest.Parse(path, src, lim)
	if p := f.Fatal; p != nil && p.Message == manifest.EmptyFileMessage {
		return &Config{File: path}, nil // an empty file configures nothing
	}
	if p := f.Fatal; p != nil {
		return nil, &Error{File: path, Line: p.Line, Column: p.Column, Message: p.Message}
	}
	if len(f.Documents) != 1 {
		return nil, &Error{File: path, Line: 1, Column: 1, Message: "a configuration file holds one YAML document"}
	}
	doc := f.Documents[0]
	if doc.Root == nil {
		return &Config{File: path, doc: doc}, nil // an empty file configures nothing
	}
	if len(doc.Problems) > 0 {
		p := doc.Problems[0]
		return nil, &Error{File: path, Line: p.Line, Column: p.Column, Message: p.Message}
	}
	v, err := validate.Compile(schema.ConfigID, schema.Config)
	if err != nil {
		return nil, err
	}
	if errs := v.Validate(doc); len(errs) > 0 {
		msgs := make([]string, len(errs))
		for i, e := range errs {
			msgs[i] = fmt.Sprintf("%s:%d:%d: %s", path, e.Line, e.Column, e.Message)
		}
		return nil, &Error{File: path, Line: errs[0].Line, Column: errs[0].Column,
			Message: strings.TrimPrefix(strings.Join(msgs, "\n"), fmt.Sprintf("%s:%d:%d: ", path, errs[0].Line, errs[0].Column))}
	}
	return decode(path, doc), nil
}

// decode reads the checked document; the schema guarantees the types.
func decode(path string, doc *manifest.Document) *Config {
	c := &Config{File: path, Rules: map[string]Rule{}, doc: doc}
	data, _ := doc.Data.(map[string]any)
	rules, _ := data["rules"].(map[string]any)
	for id, raw := range rules {
		settings, _ := raw.(map[string]any)
		var r Rule
		if enabled, ok := settings["enabled"].(bool); ok {
			r.Disabled = !enabled
		}
		if s, ok := settings["severity"].(string); ok {
			r.Severity, _ = finding.ParseSeverity(s)
		}
		c.Rules[id] = r
	}
	policies, _ := data["policies"].([]any)
	base := filepath.Dir(path)
	for _, p := range policies {
		dir, _ := p.(string)
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(base, dir)
		}
		c.Policies = append(c.Policies, dir)
	}
	exclude, _ := data["exclude"].([]any)
	for _, e := range exclude {
		glob, _ := e.(string)
		c.Exclude = append(c.Exclude, glob)
	}
	c.ExcludeBase = base
	if ref, ok := data["referenceData"].(string); ok {
		if !filepath.IsAbs(ref) {
			ref = filepath.Join(base, ref)
		}
		c.RefData = ref
	}
	if age, ok := data["referenceDataMaxAge"].(json.Number); ok {
		if n, err := age.Int64(); err == nil {
			days := int(n)
			c.RefDataMaxAge = &days
		}
	}
	c.FailLevel, _ = data["failLevel"].(string)
	c.Format, _ = data["format"].(string)
	cacheSettings, _ := data["cache"].(map[string]any)
	if enabled, ok := cacheSettings["enabled"].(bool); ok {
		c.CacheOff = !enabled
	}
	c.CacheMaxSize, _ = cacheSettings["maxSize"].(string)
	return c
}

// RuleError is an error about a rule's settings, placed at its key.
func (c *Config) RuleError(id, format string, args ...any) error {
	line, col := 1, 1
	if c.doc != nil {
		line, col = c.doc.KeyPosition(finding.Path{"rules", id})
	}
	return &Error{File: c.File, Line: line, Column: col, Message: fmt.Sprintf(format, args...)}
}
