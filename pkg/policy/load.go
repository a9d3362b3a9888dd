// Package policy loads erslint's Rego rules, reads their metadata, compiles them
// once and evaluates manifests against them.
package policy

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/erslint/erslint/pkg/readfile"
	"github.com/open-policy-agent/opa/v1/ast"
)

// Source is one Rego file.
type Source struct {
	Name    string // shown in messages: policies/contract/in_force/in_force.rego
	Text    []byte
	Builtin bool
	// Dir and Rel are, for a file read by FromDir, the directory as named and
	// the file's slash-separated path below it: where the policies are, and how
	// their directory was spelled, is no part of what they are (a bundle is
	// the same bytes from any of them).
	Dir, Rel string
	// known, for a built-in file, is its rule as read when knownRules was
	// written: its module is parsed without its annotations.
	known *knownRule
	// metadataOnly: only the rule's metadata is read (withoutRefData); the
	// package is not compiled.
	metadataOnly bool
}

// IsTest reports whether the file holds Rego unit tests.
func (s Source) IsTest() bool { return strings.HasSuffix(s.Name, "_test.rego") }

// FromFS reads every .rego file below root in fsys, named prefix/<path>.
func FromFS(fsys fs.FS, prefix string, builtin bool) ([]Source, error) {
	return fromFS(fsys, prefix, builtin, true)
}

// LiveFromFS is FromFS without the unit tests (*_test.rego), which an Engine
// leaves out: a lint does not read them (half of erslint's Rego).
func LiveFromFS(fsys fs.FS, prefix string, builtin bool) ([]Source, error) {
	return fromFS(fsys, prefix, builtin, false)
}

func fromFS(fsys fs.FS, prefix string, builtin, tests bool) ([]Source, error) {
	var out []Source
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || filepath.Ext(p) != ".rego" || !tests && (Source{Name: p}).IsTest() {
			return nil
		}
		text, err := fs.ReadFile(fsys, p)
		if err != nil {
			return fmt.Errorf("read %s: %w", p, err)
		}
		out = append(out, Source{Name: filepath.ToSlash(filepath.Join(prefix, p)), Text: text, Builtin: builtin})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load policies %s: %w", prefix, err)
	}
	return out, nil
}

// FromDir reads every .rego file below dir on disk (custom policies), each
// within readfile.DefaultLimit; see FromDirLimit.
func FromDir(dir string) ([]Source, error) { return FromDirLimit(dir, readfile.DefaultLimit) }

// FromDirLimit reads every .rego file below dir on disk, in lexical order. A
// file over limit bytes, or one that is not a regular file (a named pipe, a
// link to /dev/zero), is an error naming it: it is never read whole, and never
// waited on.
func FromDirLimit(dir string, limit int64) ([]Source, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("policy directory: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("policy directory %s: not a directory", dir)
	}
	var out []Source
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("read %s: %w", p, readfile.Unwrap(err))
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// WalkDir does not follow a link to a directory: its policies
			// would be left out in silence, and their rules never run.
			if info, err := os.Stat(p); err == nil && info.IsDir() {
				return fmt.Errorf("%s is a symbolic link to a directory, whose policies would not be loaded: name that directory with --policy (or in policies:) instead", p)
			}
		}
		if d.IsDir() || filepath.Ext(p) != ".rego" {
			return nil
		}
		text, err := readfile.Bounded(p, limit)
		if err != nil {
			return fmt.Errorf("read %s: %w", p, err)
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		out = append(out, Source{Name: filepath.ToSlash(filepath.Join(dir, rel)), Text: text, Dir: dir, Rel: filepath.ToSlash(rel)})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load policies %s: %w", dir, err)
	}
	return out, nil
}

// parse parses sources into modules keyed by name. Files are parsed on all
// CPUs: parsing is a third of a cold start (the pre-commit case), and errors
// are still reported in the order of the sources.
func parse(sources []Source) (map[string]*ast.Module, error) {
	seen := make(map[string]bool, len(sources))
	for _, s := range sources {
		if seen[s.Name] {
			return nil, fmt.Errorf("policy file %s is loaded twice", s.Name)
		}
		seen[s.Name] = true
	}
	parsed := make([]*ast.Module, len(sources))
	failed := make([]error, len(sources))
	opts := parserOptions()
	plain := opts
	plain.ProcessAnnotation = false
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(sources)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				o := opts
				if sources[i].known != nil {
					o = plain
				}
				parsed[i], failed[i] = ast.ParseModuleWithOpts(sources[i].Name, string(sources[i].Text), o)
			}
		}()
	}
	for i := range sources {
		next <- i
	}
	close(next)
	wg.Wait()
	modules := make(map[string]*ast.Module, len(sources))
	var errs ast.Errors
	for i, err := range failed {
		if err != nil {
			if e, ok := err.(ast.Errors); ok {
				errs = append(errs, e...)
				continue
			}
			return nil, fmt.Errorf("parse %s: %w", sources[i].Name, err)
		}
		modules[sources[i].Name] = parsed[i]
	}
	if len(errs) > 0 {
		return nil, &CompileError{Errors: errs}
	}
	return modules, nil
}

// parserOptions are the options every module is parsed with. The parser's
// capabilities (the keywords and features of Rego v1) are given, the ones it
// would make for itself: made per module, they are a copy and a sort of
// every built-in, 5% of parsing erslint's policies. The parser only reads
// them, so all modules share one.
func parserOptions() ast.ParserOptions {
	return ast.ParserOptions{
		ProcessAnnotation: true,
		RegoVersion:       ast.RegoV1,
		Capabilities:      ast.CapabilitiesForThisVersion(ast.CapabilitiesRegoVersion(ast.RegoV1)),
	}
}

func sortedNames[T any](m map[string]T) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// CompileError lists Rego errors, each with file:line:col.
type CompileError struct{ Errors ast.Errors }

func (e *CompileError) Error() string {
	var b strings.Builder
	for i, err := range e.Errors {
		if i > 0 {
			b.WriteString("\n")
		}
		msg := err.Message + deniedHint(err.Message)
		if err.Location != nil {
			// OPA gives column 0 for some errors about a whole line; columns are 1-based.
			fmt.Fprintf(&b, "%s:%d:%d: %s", err.Location.File, max(err.Location.Row, 1), max(err.Location.Col, 1), msg)
		} else {
			b.WriteString(msg)
		}
	}
	return b.String()
}

// deniedHint explains an undefined function that erslint removed on purpose.
func deniedHint(msg string) string {
	name, ok := strings.CutPrefix(msg, "undefined function ")
	if !ok {
		return ""
	}
	if why, denied := denied[name]; denied {
		return " (not available to erslint policies: " + why + ")"
	}
	return ""
}
