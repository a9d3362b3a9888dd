package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/erslint/erslint/pkg/delta"
	"github.com/erslint/erslint/pkg/report"
)

// lintOutput is one report of a run: a format, and a file or standard output.
type lintOutput struct {
	format string
	path   string // "": standard output
	flag   string // the option that named path, as written: --format json=r.json, --output r.json
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
		flag := "--format " + v
		if !hasPath {
			flag = "--output " + output
		}
		outs = append(outs, lintOutput{format: name, path: path, flag: flag})
	}
	if stdout > 1 {
		return nil, fmt.Errorf("--format: %d reports would go to standard output; give all but one a file, as FORMAT=PATH", stdout)
	}
	if output != "" && bare == 0 {
		return nil, fmt.Errorf("--output %s: every --format names its own file; --output is for a --format without one", output)
	}
	if err := sameFiles(outs, stdout > 0); err != nil {
		return nil, err
	}
	return outs, nil
}

// sameFiles refuses two reports that would be written to one file under
// different names (/dev/stdout, a link): the second would silently replace the
// first. Standard output counts as a file when a report goes to it.
func sameFiles(outs []lintOutput, toStdout bool) error {
	type opened struct {
		flag string
		info os.FileInfo
	}
	var seen []opened
	if toStdout {
		if info, err := os.Stdout.Stat(); err == nil {
			seen = append(seen, opened{"standard output", info})
		}
	}
	for _, o := range outs {
		if o.path == "" {
			continue
		}
		info, err := os.Stat(o.path)
		if err != nil {
			continue // a file yet to be made is none of the others
		}
		for _, s := range seen {
			if os.SameFile(info, s.info) {
				if s.flag == "standard output" {
					return fmt.Errorf("%s: %s is standard output, where another report goes: one would overwrite the other; "+
						"give it another file, or leave the other report out", o.flag, o.path)
				}
				return fmt.Errorf("%s: %s is the file of %s too: one report would overwrite the other; give each its own file", o.flag, o.path, s.flag)
			}
		}
		seen = append(seen, opened{o.flag, info})
	}
	return nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
