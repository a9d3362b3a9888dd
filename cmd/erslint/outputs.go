package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/erslint/erslint/pkg/delta"
	"github.com/erslint/erslint/pkg/report"
)

// lintOutput is one report of a run: a format, and a file or standard output.
type lintOutput struct {
	format string
	path   string // "": standard output
	opts   report.Options
	writer report.Writer
}

func withDelta(o report.Options, d *delta.Result) report.Options {
	o.Delta = d
	return o
}

// parseOutputs reads the --format values: FORMAT (standard output, or the file
// of --output) or FORMAT=PATH (PATH "-" is standard output). At most one report
// goes to standard output, and no two to the same file.
func parseOutputs(formats []string, output string) ([]lintOutput, error) {
	var outs []lintOutput
	stdout, bare := 0, 0
	paths := map[string]string{}
	for _, v := range formats {
		name, path, hasPath := strings.Cut(v, "=")
		if hasPath && path == "" {
			return nil, fmt.Errorf("--format %s: no file after =; write FORMAT=PATH, or FORMAT alone for standard output", v)
		}
		if !hasPath {
			bare++
			path = output
		}
		if path == "-" {
			path = ""
		}
		if path == "" {
			stdout++
		} else {
			key := filepath.Clean(path)
			if other, ok := paths[key]; ok {
				return nil, fmt.Errorf("--format %s: %s is already the file of the %s report", v, path, other)
			}
			paths[key] = name
		}
		outs = append(outs, lintOutput{format: name, path: path})
	}
	if stdout > 1 {
		return nil, fmt.Errorf("--format: %d reports would go to standard output; give all but one a file, as FORMAT=PATH", stdout)
	}
	if output != "" && bare == 0 {
		return nil, fmt.Errorf("--output %s: every --format names its own file; --output is for a --format without one", output)
	}
	return outs, nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
